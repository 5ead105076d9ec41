#!/usr/bin/env python3
"""Writes a deterministic N-page portal in portal's content format and, from the same pages, an
equivalent Hugo site, so both tools build the same thing.

    python3 benchmarks/generate.py N OUT [--no-math | --math-as-words] [--notebooks]   # writes OUT/portal/{content,templates} and OUT/hugo/

Every page gets a ~5 KB body with headings, a list, a table, a code block, 5-10 internal links and
5 formulas (4 inside lines, 1 displayed, drawn as written documents hold them: see `formulas`;
--no-math leaves them out, everything else the same; --math-as-words writes each formula's TeX as
plain words in its place, the floor of what formulas can cost as text), and
front-matter with title, date, summary and 3 of 30 tags. The four kinds are all present:
5 breakouts, and the rest split 60% tutorials, 30% resources, 10% starter-kit steps. Tutorials name
1-2 breakout areas and 0-2 earlier tutorials as prerequisites; steps name tutorials and resources.
With --notebooks, every tenth tutorial of the portal is a Jupyter notebook instead (the same text in
markdown cells, its code block a code cell with a printed line and a plot as a PNG); Hugo, which
reads no notebooks, keeps the Markdown.
"""
import base64
import json
import struct
import zlib
import os
import random
import re
import shutil
import sys

AREAS = ["computing-resources", "agentic-ai", "foundation-models", "open-data", "workforce-development"]
TAGS = ["tag-%02d" % i for i in range(30)]
LEVELS = ["beginner", "intermediate", "advanced"]
TYPES = ["paper", "dataset", "benchmark", "software", "training", "agent", "event"]
WORDS = ("detector trigger calorimeter jet muon vertex tracking simulation inference training dataset "
         "benchmark agent model validation uncertainty calibration luminosity collision reconstruction "
         "analysis workflow pipeline notebook histogram selection efficiency background signal").split()


def sentence(rng, words=14):
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def paragraph(rng, sentences=5):
    return " ".join(sentence(rng) for _ in range(sentences))


# The converter's own benchmark corpus (`benchmarks/math/run.sh`): what particle-physics pages write,
# from a few symbols to an aligned derivation.
FORMULAS = [
    r"p_\mathrm{T} > 25\,\mathrm{GeV}", r"\sqrt{s} = 13.6\,\mathrm{TeV}", r"\chi^2/\mathrm{ndf}", r"|\eta| < 2.5",
    r"\sigma(pp \to t\bar{t})", r"\hat{y}_i = \sigma(z_i)", r"\langle \psi | H | \psi \rangle", r"\Delta R = \sqrt{\Delta\eta^2 + \Delta\phi^2}",
    r"m_{\ell\ell}", r"\mathcal{L}_\mathrm{int} = 140\,\mathrm{fb}^{-1}", r"\varepsilon_\mathrm{S} = 0.3", r"\alpha_s(m_Z)",
]
DISPLAYED = [
    r"\mathcal{L} = -\frac{1}{N}\sum_{i=1}^{N} \left[ y_i \log \hat{y}_i + (1 - y_i) \log (1 - \hat{y}_i) \right]",
    r"\mathrm{softmax}(QK^T/\sqrt{d_k})V",
    r"L(\mu) = \prod_{b} \frac{(\mu s_b + b_b)^{n_b}}{n_b!} e^{-(\mu s_b + b_b)}",
    r"\begin{pmatrix} a & b \\ c & d \end{pmatrix} \begin{pmatrix} x \\ y \end{pmatrix}",
]

# The pages' formulas follow what written documents hold (docs/development.md): inside lines, mostly
# a few symbols that the whole site repeats, and expressions with the page's own numbers, which
# differ from page to page; displayed formulas are each page's own. COMMON is drawn with weights
# 1/rank, as word use goes; the other two have fields ({0}, {1}, ...) filled with numbers per page.
COMMON = [
    r"\eta", r"p_\mathrm{T}", r"\phi", r"x", r"\sigma", r"y_i", r"\sqrt{s}", r"\chi^2", r"N", r"\theta",
    r"\mathcal{L}", r"\hat{y}", r"\mu", r"m_{\ell\ell}", r"\alpha_s", r"\Delta R", r"t\bar{t}", r"E_\mathrm{T}^\mathrm{miss}",
    r"H \to b\bar{b}", r"\gamma", r"W^\pm", r"\nu", r"Z \to \mu\mu", r"\langle \psi | H | \psi \rangle",
]
VALUED = [
    r"p_\mathrm{{T}} > {0}.{2}\,\mathrm{{GeV}}", r"|\eta| < {1}.{2}", r"\mathcal{{L}}_\mathrm{{int}} = {0}.{2}\,\mathrm{{fb}}^{{-1}}",
    r"\varepsilon_\mathrm{{S}} = 0.{0}{2}", r"m_{{jj}} > {0}.{2}\,\mathrm{{GeV}}", r"\Delta R < 0.{0}{2}", r"\chi^2/\mathrm{{ndf}} = {0}/{1}",
    r"\sigma(pp \to t\bar{{t}}) = {0}.{2}\,\mathrm{{pb}}", r"\sqrt{{s}} = {1}.{2}\,\mathrm{{TeV}}", r"\hat{{y}}_{{{0}}} = \sigma(z_{{{1}}})",
]
DISPLAYED_VALUED = [
    r"\mathcal{{L}} = -\frac{{1}}{{{3}}}\sum_{{i=1}}^{{{3}}} \left[ y_i \log \hat{{y}}_i + (1 - y_i) \log (1 - \hat{{y}}_i) \right]",
    r"\mathrm{{softmax}}(QK^T/\sqrt{{d_{{{3}}}}})V",
    r"L(\mu) = \prod_{{b=1}}^{{{3}}} \frac{{(\mu s_b + b_b)^{{n_b}}}}{{n_b!}} e^{{-(\mu s_b + b_b)}}",
    r"\begin{{pmatrix}} {0} & {1} \\ {2} & {1} \end{{pmatrix}} \begin{{pmatrix}} x \\ y \end{{pmatrix}}",
    r"\Delta R = \sqrt{{(\eta_1 - \eta_2)^2 + (\phi_1 - \phi_2)^2}} < 0.{3}",
]
COMMON_WEIGHTS = [1 / rank for rank in range(1, len(COMMON) + 1)]
WITH_MATH = True
MATH_AS_WORDS = False
WITH_NOTEBOOKS = False


def valued(rng, template):
    return template.format(rng.randrange(10, 1000), rng.randrange(2, 100), rng.randrange(10, 100), rng.randrange(1000, 100000))


def formulas(seed):
    """A paragraph with four formulas in its lines (two common symbols, two with the page's numbers)
    and one displayed, the same for both tools."""
    rng = random.Random(seed)
    inline = rng.choices(COMMON, COMMON_WEIGHTS, k=2) + [valued(rng, t) for t in rng.sample(VALUED, 2)]
    displayed = valued(rng, rng.choice(DISPLAYED_VALUED))
    if MATH_AS_WORDS:
        return ("Here %s and %s are cut on, with %s and %s reported.\n\n%s\n"
                % tuple(as_words(tex) for tex in (inline[0], inline[2], inline[1], inline[3], displayed)))
    return ("Here $%s$ and $%s$ are cut on, with $%s$ and $%s$ reported.\n\n$$\n%s\n$$\n"
            % (inline[0], inline[2], inline[1], inline[3], displayed))


def as_words(tex):
    """A formula's TeX as words Markdown leaves alone: its commands' names and its letters and
    numbers, without backslashes, braces, scripts or alignment marks."""
    return " ".join(re.sub(r"[\\{}^_&$|<>*\[\]]", " ", tex).split())


def body(rng, links, headings=("Overview", "Method", "Results")):
    """About 5 KB of Markdown; `links` are (text, destination) pairs spread through it."""
    parts = []
    per_section = max(1, len(links) // len(headings) + 1)
    for index, heading in enumerate(headings):
        mine = links[index * per_section:(index + 1) * per_section]
        link_text = " ".join("See [%s](%s)." % pair for pair in mine)
        parts.append("## %s\n\n%s %s\n\n%s\n" % (heading, paragraph(rng), link_text, paragraph(rng)))
        if index == 0:
            parts.append("- %s\n- %s\n- %s\n" % (sentence(rng, 6), sentence(rng, 6), sentence(rng, 6)))
        if index == 1:
            parts.append("| quantity | value | unit |\n|---|---|---|\n| energy | %d | GeV |\n| events | %d | k |\n"
                         % (rng.randrange(10, 900), rng.randrange(1, 500)))
            parts.append("```python\nimport numpy as np\n\nvalues = np.linspace(0, %d, 50)\nprint(values.mean())\n```\n"
                         % rng.randrange(10, 100))
        parts.append("### Details\n\n%s\n" % paragraph(rng, 4))
    if WITH_MATH:
        # Drawn last, so the rest of the page is the same with --no-math.
        parts.append(formulas(rng.random()))
    return "\n".join(parts)


def png(rng, width=480, height=320):
    """A real PNG of a noisy curve, about as large as a small matplotlib plot."""
    phase = rng.random() * 6.28
    rows = []
    for y in range(height):
        row = bytearray([0])
        for x in range(width):
            curve = int(height / 2 + height / 3 * __import__("math").sin(x / 40.0 + phase))
            value = 30 if abs(y - curve) < 2 else 255 - (rng.randrange(0, 24) if (x * 7 + y * 3) % 5 == 0 else 0)
            row.append(value)
        rows.append(bytes(row))
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b"")


def notebook(fields, text, rng):
    """The page as nbformat 4 JSON: front-matter in a raw cell, the Markdown in markdown cells, its
    code block a code cell with a printed line and a plot."""
    def lines(value):
        parts = value.split("\n")
        return [part + "\n" for part in parts[:-1]] + ([parts[-1]] if parts[-1] else [])
    raw = front_matter(fields).rstrip("\n")
    start = text.find("```python\n")
    end = text.find("```\n", start + 10) if start >= 0 else -1
    cells = [{"cell_type": "raw", "id": "front-matter", "metadata": {}, "source": lines(raw)}]
    if start < 0 or end < 0:
        cells.append({"cell_type": "markdown", "id": "text", "metadata": {}, "source": lines(text)})
    else:
        code = text[start + 10:end].rstrip("\n")
        image = base64.b64encode(png(rng)).decode("ascii")
        cells += [
            {"cell_type": "markdown", "id": "before", "metadata": {}, "source": lines(text[:start].rstrip("\n"))},
            {"cell_type": "code", "execution_count": 1, "id": "code", "metadata": {"alt": "A noisy curve"}, "source": lines(code),
             "outputs": [{"name": "stdout", "output_type": "stream", "text": ["%.4f\n" % rng.random()]},
                         {"data": {"image/png": image + "\n", "text/plain": ["<Figure size 480x320 with 1 Axes>"]},
                          "metadata": {}, "output_type": "display_data"}]},
            {"cell_type": "markdown", "id": "after", "metadata": {}, "source": lines(text[end + 4:].lstrip("\n"))},
        ]
    return json.dumps({"cells": cells, "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
                                                    "language_info": {"name": "python"}},
                       "nbformat": 4, "nbformat_minor": 5}, indent=1, ensure_ascii=False) + "\n"


def front_matter(fields):
    lines = ["---"]
    for key, value in fields:
        if isinstance(value, list):
            lines.append("%s: [%s]" % (key, ", ".join(value)))
        else:
            lines.append("%s: %s" % (key, value))
    lines.append("---")
    return "\n".join(lines) + "\n\n"


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)


def plan(count, rng):
    """The pages: (kind, folder, id, title) with kinds in fixed proportions."""
    pages = [("breakout", "breakouts", area, area.replace("-", " ").capitalize()) for area in AREAS]
    rest = max(0, count - len(pages) - 1)
    for number in range(rest):
        if number % 10 < 6:
            pages.append(("tutorial", "tutorials", "tutorial-%05d" % number, "Tutorial %d: %s" % (number, sentence(rng, 4)[:-1])))
        elif number % 10 < 9:
            pages.append(("resource", "resources", "resource-%05d" % number, "Resource %d: %s" % (number, sentence(rng, 4)[:-1])))
        else:
            pages.append(("step", "starter-kit", "step-%05d" % number, "Step %d: %s" % (number, sentence(rng, 4)[:-1])))
    return pages


def generate(count, out):
    rng = random.Random(20261129)
    pages = plan(count, rng)
    tutorials = [p for p in pages if p[0] == "tutorial"]
    resources = [p for p in pages if p[0] == "resource"]
    steps = [p for p in pages if p[0] == "step"]
    portal, hugo = os.path.join(out, "portal"), os.path.join(out, "hugo")
    for folder in (portal, hugo):
        shutil.rmtree(folder, ignore_errors=True)

    here = os.path.dirname(os.path.abspath(__file__))
    shutil.copytree(os.path.join(here, "..", "templates"), os.path.join(portal, "templates"))
    shutil.copytree(os.path.join(here, "hugo-theme"), os.path.join(hugo, "layouts"))
    write(os.path.join(portal, "content", "site.yml"),
          "title: Benchmark portal\ndescription: A generated site.\nnav:\n"
          + "".join("  - title: %s\n    link: %s/\n" % (f.capitalize(), f) for f in ("breakouts", "tutorials", "starter-kit", "resources")))
    write(os.path.join(hugo, "config.toml"),
          'baseURL = "https://example.org/"\ntitle = "Benchmark portal"\ndisableKinds = ["RSS", "sitemap", "robotsTXT"]\n'
          '[taxonomies]\n  tag = "tags"\n[markup.highlight]\n  codeFences = true\n  noClasses = false\n')
    home = "Welcome to the generated portal.\n\n" + paragraph(rng)
    write(os.path.join(portal, "content", "pages", "index.md"), front_matter([("title", "Home")]) + home)
    write(os.path.join(hugo, "content", "_index.md"), front_matter([("title", "Home")]) + home)

    notebooks = {t for number, t in enumerate(tutorials) if WITH_NOTEBOOKS and number % 10 == 0}

    def is_notebook(page):
        return page in notebooks

    step_number = 0
    for kind, folder, page_id, title in pages:
        date = "2026-%02d-%02d" % (rng.randrange(1, 12), rng.randrange(1, 28))
        tags = sorted(rng.sample(TAGS, 3))
        summary = sentence(rng, 10)
        targets = [rng.choice(tutorials + resources) for _ in range(rng.randrange(5, 11))] if tutorials else []
        ours = [(t[3].split(":")[0], os.path.relpath("%s/%s%s" % (t[1], t[2], ".ipynb" if is_notebook(t) else ".md"), folder)) for t in targets]
        theirs = [(t[3].split(":")[0], "/%s/%s/" % (t[1], t[2])) for t in targets]
        seed = rng.random()
        text_ours = body(random.Random(seed), ours)
        text_hugo = body(random.Random(seed), theirs)
        fields = [("title", '"%s"' % title), ("summary", '"%s"' % summary), ("tags", tags)]
        if kind == "breakout":
            fields += [("number", AREAS.index(page_id) + 1), ("theme", '"%s"' % sentence(rng)),
                       ("needs", ['"%s"' % sentence(rng, 6)]), ("actions", ['"%s"' % sentence(rng, 6)])]
        elif kind == "tutorial":
            number = tutorials.index((kind, folder, page_id, title))
            earlier = tutorials[max(0, number - 20):number]
            prerequisites = [t[2] for t in rng.sample(earlier, min(len(earlier), rng.randrange(0, 3)))]
            fields += [("date", date), ("level", rng.choice(LEVELS)), ("duration", "%d min" % rng.randrange(15, 120)),
                       ("areas", sorted(rng.sample(AREAS, rng.randrange(1, 3)))), ("authors", ["Benchmark Author"])]
            if prerequisites:
                fields.append(("prerequisites", prerequisites))
        elif kind == "resource":
            fields += [("date", date), ("type", rng.choice(TYPES)), ("url", "https://example.org/%s" % page_id),
                       ("areas", sorted(rng.sample(AREAS, rng.randrange(1, 3))))]
        else:
            step_number += 1
            fields += [("step", step_number), ("tutorials", [rng.choice(tutorials)[2]]), ("resources", [rng.choice(resources)[2]])]
        if is_notebook((kind, folder, page_id, title)):
            write(os.path.join(portal, "content", folder, page_id + ".ipynb"), notebook(fields, text_ours, random.Random(seed)))
        else:
            write(os.path.join(portal, "content", folder, page_id + ".md"), front_matter(fields) + text_ours)
        hugo_fields = [("title", '"%s"' % title), ("summary", '"%s"' % summary), ("tags", ['"%s"' % t for t in tags]), ("date", date)]
        write(os.path.join(hugo, "content", folder, page_id + ".md"), front_matter(hugo_fields) + text_hugo)
    for folder in ("breakouts", "tutorials", "starter-kit", "resources"):
        write(os.path.join(hugo, "content", folder, "_index.md"), front_matter([("title", folder.capitalize())]))
    return len(pages) + 1


if __name__ == "__main__":
    arguments = [a for a in sys.argv[1:] if a not in ("--no-math", "--math-as-words", "--notebooks")]
    if len(arguments) != 2:
        sys.exit(__doc__)
    WITH_MATH = "--no-math" not in sys.argv
    MATH_AS_WORDS = "--math-as-words" in sys.argv
    WITH_NOTEBOOKS = "--notebooks" in sys.argv
    written = generate(int(arguments[0]), arguments[1])
    print("wrote %d pages into %s/portal and %s/hugo" % (written, arguments[1], arguments[1]))
