#!/usr/bin/env python3
"""Issue 20's scale check: the shipped portal with a living review of N BibTeX entries (5,000 by
default) shaped like the HEPML Living Review's: INSPIRE-style keys, author lists from one name to
hundreds with `and others`, TeX accents in names, math in titles and abstracts, journals, DOIs,
arXiv numbers, keywords, and the portal's own fields. Seeded, so every run writes the same file.

    python3 benchmarks/bibliography_scale.py OUT [--entries 5000]
        writes OUT/content (the shipped content plus resources/living-review.bib) and OUT/templates
    python3 benchmarks/bibliography_scale.py OUT --measure PORTAL [--runs 5]
        also builds it with the portal binary PORTAL (a release build) RUNS times into new folders
        and RUNS times into one folder deleted before each build, printing each wall time with its
        user and kernel CPU time, and the medians; then opens the resources page in headless
        Chromium from disk, printing when its first contentful paint and its load happened (median of RUNS).

The identifiers are made up but well formed (arXiv numbers of real months, DOIs under the test
prefix 10.5555), and each is used once, so the build checks them as it would real ones.
"""
import argparse
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import time
import unicodedata

FAMILIES = ["Müller", "Zdeborová", "García", "Nachman", "Kasieczka", "Plehn", "Thaler", "Komiske", "Metodiev", "Cranmer", "Louppe", "Qu",
            "Gouskos", "Shih", "Butter", "Kagan", "Whiteson", "Baldi", "Sadowski", "Schönberg", "Ødegaard", "Łukasiewicz", "Dvořák", "Çelik",
            "de Oliveira", "van der Meer", "Nguyen", "Kim", "Chen", "Wang", "Rossi", "Bianchi", "Dupont", "Lefèvre", "Smith", "Jones"]
GIVEN = ["Anna", "Benjamin", "Chloé", "David", "Elena", "François", "Gregor", "Hélène", "Ivan", "Jesse", "Kyle", "Lena", "Mária",
         "Nicolás", "Olga", "Pierre", "Quentin", "Rosa", "Søren", "Tilman", "Uwe", "Véronique", "Wei", "Xavier", "Yuki", "Zoë"]
# TeX for the accented letters, as BibTeX files write them.
TEX = {"ü": '{\\"u}', "á": "{\\'a}", "í": "{\\'\\i}", "ö": '{\\"o}', "Ø": "{\\O}", "Ł": "{\\L}", "ř": "{\\v{r}}", "Ç": "{\\c{C}}",
       "è": "{\\`e}", "é": "{\\'e}", "ç": "{\\c{c}}", "ø": "{\\o}", "ë": '{\\"e}', "à": "{\\`a}"}
SUBJECTS = ["jet tagging", "anomaly detection", "fast simulation", "track reconstruction", "unfolding", "parton distribution functions",
            "event generation", "calorimeter showers", "trigger", "flavour tagging", "pile-up mitigation", "particle identification"]
METHODS = ["graph neural networks", "transformers", "normalizing flows", "diffusion models", "variational autoencoders", "boosted decision trees",
           "point clouds", "contrastive learning", "equivariant networks", "large language models", "simulation-based inference"]
MATH = ["$t\\bar{t}H$", "$H\\to\\gamma\\gamma$", "$\\sqrt{s}=13$~TeV", "$\\mathcal{O}(\\alpha_s^2)$", "$Z'\\to\\mu^+\\mu^-$",
        "$B_s^0\\to\\mu^+\\mu^-$", "$p_T > 500$~GeV", "$W^\\pm$", "$\\nu_\\tau$", "$m_{jj}$"]
JOURNALS = ["Phys. Rev. D", "JHEP", "Eur. Phys. J. C", "SciPost Phys.", "Mach. Learn. Sci. Tech.", "Comput. Softw. Big Sci.", "JINST", "Phys. Rev. Lett."]
AREAS = ["foundation-models", "open-data", "agentic-ai", "workforce-development"]
# Each subject's place in the shipped category tree (content/resources/_index.md).
CATEGORIES = {"jet tagging": "Classification/Jet tagging", "flavour tagging": "Classification/Jet tagging", "anomaly detection": "Anomaly detection",
              "fast simulation": "Generative models and fast simulation", "event generation": "Generative models and fast simulation",
              "calorimeter showers": "Generative models and fast simulation", "track reconstruction": "Tracking"}


def tex(text):
    return "".join(TEX.get(character, character) for character in text)


def name(rng):
    return f"{tex(rng.choice(FAMILIES))}, {tex(rng.choice(GIVEN))}"


def authors(rng):
    # Most papers have a few authors; some are collaboration papers with hundreds.
    shape = rng.random()
    count = rng.randint(1, 6) if shape < 0.8 else rng.randint(7, 40) if shape < 0.95 else rng.randint(100, 400)
    names = [name(rng) for _ in range(count)]
    if count > 40 and rng.random() < 0.5:
        names = names[:10] + ["others"]
    return " and ".join(names)


def entry(rng, number):
    year = rng.randint(2012, 2026)
    month = rng.randint(1, 12)
    # INSPIRE's texkeys are ASCII: the family name without its accents.
    family = unicodedata.normalize("NFKD", rng.choice(FAMILIES).replace(" ", "")).encode("ascii", "ignore").decode()
    key = f"{family}:{year}{''.join(rng.choice('abcdefghijklmnopqrstuvwxyz') for _ in range(2))}{number}"
    subject, method = rng.choice(SUBJECTS), rng.choice(METHODS)
    title = rng.choice([f"{method.capitalize()} for {subject} in {rng.choice(MATH)} events",
                        f"{subject.capitalize()} with {method}",
                        f"Learning {subject} from {rng.choice(MATH)} with {method}"])
    abstract = (f"We apply {method} to {subject} at the LHC, using {rng.choice(MATH)} as a benchmark. "
                f"Compared with {rng.choice(METHODS)}, the approach improves the background rejection by a factor of {rng.randint(2, 9)} "
                f"at fixed signal efficiency, and we study its dependence on {rng.choice(MATH)}.")
    fields = [("author", "{" + authors(rng) + "}"), ("title", "{{" + title + "}}")]
    published = rng.random() < 0.7
    if published:
        fields.append(("journal", "{" + rng.choice(JOURNALS) + "}"))
        fields.append(("doi", "{10.5555/portal-bench." + f"{number:05d}" + "}"))
    fields += [("year", "{" + str(year) + "}"),
               ("eprint", "{" + f"{year % 100:02d}{month:02d}.{number:05d}" + "}"), ("archivePrefix", "{arXiv}"), ("primaryClass", "{hep-ph}"),
               ("keywords", "{" + subject + ", " + method + "}"), ("abstract", "{" + abstract + "}"),
               ("portal-areas", "{" + rng.choice(AREAS) + "}"),
               ("portal-category", "{" + CATEGORIES.get(subject, "Classification/Event selection") + "}")]
    body = ",\n".join(f"  {field:<13} = {value}" for field, value in fields)
    return f"@{'article' if published else 'misc'}{{{key},\n{body},\n}}\n"


def write(out, entries):
    here = os.path.dirname(os.path.abspath(__file__))
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(os.path.join(here, "..", "content"), os.path.join(out, "content"))
    shutil.copytree(os.path.join(here, "..", "templates"), os.path.join(out, "templates"))
    rng = random.Random(20)
    path = os.path.join(out, "content", "resources", "living-review.bib")
    with open(path, "w", encoding="utf-8") as bib:
        bib.write("% A generated living review for the scale benchmark (benchmarks/bibliography_scale.py).\n\n")
        for number in range(entries):
            bib.write(entry(rng, number) + "\n")
    return path


def build(out, portal, site):
    """One full build into `site`: its wall time, and the user and kernel CPU time of the portal process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    result = subprocess.run([portal, "build", "--content", os.path.join(out, "content"), "--templates", os.path.join(out, "templates"),
                             "--output", site, "--no-reuse"], capture_output=True, text=True)
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        sys.exit(result.stdout + result.stderr)
    return wall, after.ru_utime - before.ru_utime, after.ru_stime - before.ru_stime


def measure(out, portal, runs):
    # Two ways a site is built from nothing. Into a new folder, as on a fresh clone in CI; and into
    # the folder the last build wrote, deleted just before: on ext4 without a journal the kernel then
    # passes over the inodes freed in the last minutes one by one, and its time grows from run to run.
    site = os.path.join(out, "site")
    for label, fresh in (("into a new folder", True), ("after deleting the last output", False)):
        walls = []
        for run in range(runs):
            target = f"{site}-{run}" if fresh else site
            if not fresh:
                shutil.rmtree(site, ignore_errors=True)
            wall, user, kernel = build(out, portal, target)
            walls.append(wall)
            print(f"build {label} {run + 1}: {wall:.2f} s (CPU: user {user:.2f} s, kernel {kernel:.2f} s)")
        print(f"build {label}, median: {statistics.median(walls):.2f} s")
    for run in range(runs):
        shutil.rmtree(f"{site}-{run}", ignore_errors=True)
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "Browser"))
    from conftest import start_chrome
    driver = start_chrome()
    driver.set_script_timeout(10)
    try:
        for page, items in (("index.html", ".card"), ("categories/index.html", "li")):
            paints, loads = [], []
            for _ in range(runs):
                driver.get("about:blank")
                driver.get("file://" + os.path.join(os.path.abspath(site), "resources", page))
                # The paint entry can come after the load event that `get` waits for: the script
                # waits for it (-1 if none comes within five seconds).
                timing = driver.execute_async_script(
                    "const done = arguments[arguments.length - 1], selector = arguments[0];"
                    "const finish = (paint) => done([paint, performance.getEntriesByType('navigation')[0].loadEventEnd,"
                    " document.querySelectorAll(selector).length]);"
                    "const found = performance.getEntriesByName('first-contentful-paint')[0];"
                    "if (found) { finish(found.startTime); return; }"
                    "new PerformanceObserver((list, observer) => {"
                    " const paint = list.getEntriesByName('first-contentful-paint')[0];"
                    " if (paint) { observer.disconnect(); finish(paint.startTime); }"
                    "}).observe({type: 'paint', buffered: true});"
                    "setTimeout(() => finish(-1), 5000);", items)
                paints.append(timing[0])
                loads.append(timing[1])
            size = os.path.getsize(os.path.join(site, "resources", page))
            print(f"resources/{page} ({size / 1e6:.1f} MB, {timing[2]} '{items}'): first contentful paint {statistics.median(paints):.0f} ms, "
                  f"load {statistics.median(loads):.0f} ms (median of {runs})")
    finally:
        driver.quit()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--entries", type=int, default=5000)
    parser.add_argument("--measure", metavar="PORTAL")
    parser.add_argument("--runs", type=int, default=5)
    arguments = parser.parse_args()
    print("wrote", write(arguments.out, arguments.entries))
    if arguments.measure:
        measure(arguments.out, arguments.measure, arguments.runs)
