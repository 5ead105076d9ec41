#!/usr/bin/env python3
"""Times portal on Markdown shapes that cmark-gfm 0.29.0.gfm.6 parses or renders in more than linear time.

    python3 benchmarks/pathological.py                      # every shape at 100, 200 and 400 KB
    python3 benchmarks/pathological.py --portal PATH --sizes 100 200 --shapes www-underscore plain
    python3 benchmarks/pathological.py --write DIR          # only write each shape's body, to read or replay

Each shape becomes the body of one page of a small site (a home page and the shipped
theme), which `portal check` reads, renders and checks as a build does, without writing. The
table gives the wall time of the whole `portal check`, the time of its "Render Markdown" stage,
and the ratio of that stage to a plain page of the same size. A run slower than --timeout
seconds is stopped and shown as `>T`; the larger sizes of that shape are then skipped.
A shape that portal refuses shows its diagnostic id instead of passing silently.

Shapes come from cmark's and cmark-gfm's `test/pathological_tests.py`, from the advisories fixed
in cmark-gfm 0.29.0.gfm.7 to .13, and from searching around them; `plain` is the reference.
"""
import argparse
import itertools
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def repeated(unit):
    return lambda n: unit * n


def _bad_hash(key):
    """Whether cmark's reference-map hash of `key` falls in bucket 0 of 16 (its collision test)."""
    h = 0
    for char in key:
        h = (ord(char) + ((h << 6) & 0xFFFFFFFF) + ((h << 16) & 0xFFFFFFFF) - h) & 0xFFFFFFFF
    return h % 16 == 0


def reference_collisions(n):
    keys = list(itertools.islice((k for k in ("x%d" % i for i in itertools.count()) if _bad_hash(k)), n + 1))
    return "".join("[%s]: /url\n\n[%s]\n\n" % (key, keys[0]) for key in keys[1:])


def lists_nested_over_lines(n):
    """Half the text: lines of 32 list items, each indented to the last item's content; then blank lines."""
    lines = []
    total = 0
    while total < n // 2:
        lines.append(" " * (64 * len(lines)) + "- " * 32 + "x\n")
        total += len(lines[-1])
    return "".join(lines) + "\n" * max(0, n - total)


def plain(n):
    """An ordinary page: headings, paragraphs with emphasis, code and links, a list, a table, a fence."""
    words = "detector trigger calorimeter jet muon vertex tracking simulation inference training dataset".split()
    parts = []
    for i in range(n):
        sentence = " ".join(words[(i + k) % len(words)] for k in range(12))
        parts.append("## Section %d\n\nThe %s uses *emphasis*, `code` and a [link](https://example.org/%d). %s.\n\n"
                     "- one %s\n- two\n\n| a | b |\n|---|---|\n| %d | x |\n\n```python\nprint(%d)\n```\n\n"
                     % (i, sentence, i, sentence.capitalize(), sentence, i, i))
    return "".join(parts)


# name: (what it is, generator of n repeats). Comments name the upstream fix where there is one.
SHAPES = {
    "plain": ("an ordinary page, the reference", plain),
    # The shapes of issue 12.
    "blank-lines-nested-list": ("`- ` nested n deep, then n blank lines (cmark-gfm 0.29.0.gfm.10/.11, GHSA-66g8-4hjf-77xh)",
                                lambda n: "- " * n + "x" + "\n" * n),
    "quoted-list-blank": ("a quoted list nested n deep, then n `>` lines (GHSA-66g8-4hjf-77xh)",
                          lambda n: "> " + "- " * n + "x\n" + ">\n" * n),
    "emph-in-deep-quote": ("`>` n deep, then `a*` n times (GHSA-66g8-4hjf-77xh)", lambda n: ">" * n + "a*" * n),
    "www-underscore": ("`_www.` repeated: the autolink extension rescans (GHSA-29g3-96g3-jg6c)", repeated("_www.")),
    "www-parens": ("`www.x` then n `)` (autolink trailing-punctuation trim)", lambda n: "www.x" + ")" * n),
    "autolink-open": ("`<http://a` repeated: unclosed `<` autolinks (GHSA-29g3-96g3-jg6c)", repeated("<http://a")),
    "email-at": ("`a@` repeated (autolink extension email scan)", repeated("a@")),
    "lists-nested-over-lines": ("list items nested over many lines by indentation, then blank lines", lists_nested_over_lines),
    "table-many-columns": ("one table header of n columns (0.29.0.gfm.12, GHSA-w4qg-3vf7-m9x5)",
                           lambda n: "|" + "a|" * n + "\n|" + "-|" * n + "\n"),
    "table-autocompleted-cells": ("1,000 header columns, then n one-cell rows padded with empty cells (GHSA-w4qg-3vf7-m9x5)",
                                  lambda n: "|" + "a|" * 1000 + "\n|" + "-|" * 1000 + "\n" + "a\n" * n),
    # cmark's pathological set (commonmark/cmark test/pathological_tests.py).
    "image-brackets": ("`![[]()` repeated (0.29.0.gfm.7, GHSA-r572-jvj2-3m8p)", repeated("![[]()")),
    "html-processing-instruction": ("`<?` repeated (0.29.0.gfm.7, GHSA-24f7-9frr-5h2r)", lambda n: "a" + "<?" * n),
    "html-declaration": ("`<!A ` repeated (GHSA-24f7-9frr-5h2r)", lambda n: "a" + "<!A " * n),
    "html-cdata": ("`<![CDATA[` repeated (GHSA-24f7-9frr-5h2r)", lambda n: "a" + "<![CDATA[" * n),
    "html-comment": ("`<!--` repeated (commonmark/cmark#457)", lambda n: "</" + "<!--" * n),
    "nested-quotes": ("`> ` nested n deep", lambda n: "> " * n + "a"),
    "nested-ordered-lists": ("`1. ` nested n deep", lambda n: "1. " * n + "a\n"),
    "nested-inlines": ("n `*`, a, n `*`", lambda n: "*" * n + "a" + "*" * n),
    "nested-strong-emph": ("`*a **a ` n times, b, then the closers", lambda n: "*a **a " * n + "b" + " a** a*" * n),
    "nested-images": ("`![` n deep, each closed by `](b)`", lambda n: "![" * n + "a" + "](b)" * n),
    "nested-brackets": ("n `[`, a, n `]`", lambda n: "[" * n + "a" + "]" * n),
    "nested-lists": ("lists nested n deep, two spaces a level", lambda n: "".join("  " * x + "* a\n" for x in range(n))),
    "backticks": ("backtick runs of every length", lambda n: "".join("e" + "`" * x for x in range(1, n + 1))),
    "link-openers": ("`[a` repeated", repeated("[a")),
    "emph-openers": ("`_a ` repeated", repeated("_a ")),
    "mismatched-emph": ("`*a_ ` repeated", repeated("*a_ ")),
    "emph-alternation": ("`*a **b ` repeated", repeated("*a **b ")),
    "unclosed-links": ("`[a](<b` repeated", repeated("[a](<b")),
    "reference-collisions": ("reference labels whose hashes collide", reference_collisions),
    # More GFM extensions.
    "strikethrough-runs": ("`~~a ` repeated", repeated("~~a ")),
    "footnote-references": ("`[^a]` repeated, one definition", lambda n: "[^a]" * n + "\n\n[^a]: note\n"),
    "footnote-definitions": ("n footnote definitions, each referenced", lambda n: "".join("[^%d]: x\n" % i for i in range(n)) + "".join("[^%d]" % i for i in range(n))),
    "entity-runs": ("`&#` repeated", repeated("&#")),
    "tasklist": ("`- [ ] a` repeated", repeated("- [ ] a\n")),
    "www-runs": ("`www.` repeated (0.29.0.gfm.6, CVE-2022-39209, fixed in Debian's)", repeated("www.")),
    "lt-runs": ("n `<`, then `>`", lambda n: "<" * n + ">"),
    "table-empty-rows": ("a table, then n empty `|` rows", lambda n: "|a|\n|-|\n" + "|\n" * n),
    # The formula scan (`MathSpans`), which runs on bodies holding `$`, `\(` or `\[`.
    "math-unclosed-dollars": ("`$a ` repeated: openers without closers", repeated("$a ")),
    "math-dollar-runs": ("`$` repeated", lambda n: "x " + "$" * n),
    "math-unclosed-display": ("`$$a ` repeated", repeated("$$a ")),
    "math-unclosed-parens": ("`\\(a ` repeated", repeated("\\(a ")),
    "math-unclosed-brackets": ("`\\[` on a line, repeated", repeated("\\[\na\n")),
    "math-code-dollars": ("`` $`a `` repeated", repeated("$`a ")),
    "math-link-openers": ("`$x$` then `](` repeated: destinations that never close", lambda n: "$x$ " + "](" * n),
    "math-paren-titles": ("`$x$` then `](x (` repeated: titles that never close", lambda n: "$x$ " + "](x (" * n),
    "math-quote-titles": ("`$x$` then `](x \"` then text without quotes", lambda n: "$x$ ](x \"" + "a](x " * n),
    "math-angle-destinations": ("`$x$` then `](<` repeated", lambda n: "$x$ " + "](<" * n),
    "math-definition-labels": ("`$x$`, then a line of `]:` repeated", lambda n: "$x$\n\n[a" + "]:" * n),
    "math-autolinks": ("`$x$` then `<a:` repeated", lambda n: "$x$ " + "<a:" * n),
    "math-backticks": ("`$x$` then backtick runs of every length", lambda n: "$x$ " + "".join("e" + "`" * x for x in range(1, n + 1))),
    "block-openers": ("`::: note` lines that never close", repeated("::: note\n")),
    "block-nested": ("`::: note` lines nested 16 deep, then closed, repeated", repeated("::: note\n" * 16 + "a\n" + ":::\n" * 16)),
    "block-closers": ("`:::` lines that close nothing", repeated(":::\n")),
    "block-in-html": ("`<div>` then `::: note` lines inside the HTML", lambda n: "<div>\n" + "::: note\n" * n),
    "block-titles": ("blocks whose title is a heading, repeated", repeated("::: challenge\n## Title\nText $x$.\n:::\n\n")),
    "block-alerts": ("`> [!NOTE]` quotes, repeated", repeated("> [!NOTE]\n> a\n\n")),
    "block-colons": ("`::` repeated on one line", lambda n: "::" * n),
    "attribute-lines": ("`> {: .solution}` lines after quotes, repeated", repeated("> a\n> {: .solution}\n")),
    "attribute-images": ("images each followed by `{: width=...}`", repeated("![a](b.png){: width=\"50%\"} ")),
    "attribute-braces": ("`{:` repeated without a closing brace", repeated("{: ")),
    # Jekyll's highlight tags (`LiquidHighlights`) and code block options (`CodeBlockOptions`).
    "liquid-unclosed": ("`{% highlight python %}` lines that never close", repeated("{% highlight python %}\n")),
    "liquid-blocks": ("highlight blocks holding a fence run each, repeated", repeated("{% highlight python %}\n````\nx = 1\n{% endhighlight %}\n")),
    "liquid-closers": ("`{% endhighlight %}` lines that close nothing", repeated("{% endhighlight %}\n")),
    "liquid-openers": ("`{%` repeated on one line", lambda n: "{%" * n),
    "code-line-ranges": ("one fence whose hl_lines lists n ranges, most past its end",
                         lambda n: "```python {hl_lines=\"" + " ".join("%d-%d" % (i, i + 3) for i in range(1, n + 1)) + "\"}\nx\n```\n"),
    "code-numbered-lines": ("one numbered block of n lines, all highlighted", lambda n: "```python {linenos hl_lines=\"1-1000000000\"}\n" + "x = 1\n" * n + "```\n"),
    "code-option-braces": ("a fence whose info is `{` repeated", lambda n: "```python " + "{" * n + "\nx\n```\n"),
    "code-bad-options": ("fences with an unknown option each, repeated", repeated("```python {style=x hl_lines=\"9-3\"}\nx\n```\n")),
}


def at_size(generate, size):
    """The longest text of the shape that is at most `size` bytes."""
    high = 1
    while len(generate(high).encode()) <= size:
        high *= 2
    low = high // 2
    while high - low > 1:
        middle = (low + high) // 2
        if len(generate(middle).encode()) <= size:
            low = middle
        else:
            high = middle
    return generate(max(low, 1))


PAGE = """---
title: Pathological
summary: A page holding one pathological shape.
---

"""


def write_site(folder, body):
    content = os.path.join(folder, "content")
    os.makedirs(os.path.join(content, "pages"), exist_ok=True)
    with open(os.path.join(content, "site.yml"), "w") as file:
        file.write("title: Benchmark\ndescription: Pathological Markdown.\nbase_url: https://example.org/\n"
                   "nav:\n  - title: Shape\n    link: pages/shape.md\n")
    with open(os.path.join(content, "pages", "index.md"), "w") as file:
        file.write("---\ntitle: Home\nsummary: Home.\n---\n\nWelcome.\n")
    with open(os.path.join(content, "pages", "shape.md"), "w") as file:
        file.write(PAGE + body)
    return content


STAGE = re.compile(r"Render Markdown .*?\) ([0-9.]+) (ms|s) ")


def time_portal(portal, content, timeout):
    """(wall seconds, Render Markdown seconds or None, diagnostic ids) of one `portal check`, or None on timeout."""
    start = time.monotonic()
    try:
        run = subprocess.run([portal, "check", "--content", content, "--templates", os.path.join(ROOT, "templates"), "--format", "json"],
                             capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None
    wall = time.monotonic() - start
    match = STAGE.search(run.stderr)
    stage = None if match is None else float(match.group(1)) / (1000 if match.group(2) == "ms" else 1)
    ids = []
    for line in run.stdout.splitlines():
        try:
            ids.append(json.loads(line)["id"])
        except (ValueError, KeyError):
            pass
    return wall, stage, sorted(set(ids))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--portal", default=os.path.join(ROOT, ".build", "release", "portal"))
    parser.add_argument("--sizes", nargs="+", type=int, default=[100, 200, 400], help="body sizes in KB")
    parser.add_argument("--shapes", nargs="+", default=list(SHAPES))
    parser.add_argument("--timeout", type=float, default=60)
    parser.add_argument("--write", metavar="DIR", help="write each shape's body to DIR/SHAPE-SIZEk.md and stop")
    args = parser.parse_args()
    unknown = [name for name in args.shapes if name not in SHAPES]
    if unknown:
        sys.exit("unknown shapes: %s" % ", ".join(unknown))

    if args.write:
        os.makedirs(args.write, exist_ok=True)
        for name in args.shapes:
            for size in args.sizes:
                with open(os.path.join(args.write, "%s-%dk.md" % (name, size)), "w") as file:
                    file.write(at_size(SHAPES[name][1], size * 1000))
        return

    if not os.path.exists(args.portal):
        sys.exit("no portal at %s: run `swift build -c release` first" % args.portal)
    work = tempfile.mkdtemp(prefix="portal-pathological-")
    try:
        plain_stage = {}
        names = ["plain"] + [name for name in args.shapes if name != "plain"]
        print("| shape | KB | check (s) | Render Markdown (s) | x plain | diagnostics |")
        print("|---|---:|---:|---:|---:|---|")
        for name in names:
            for size in args.sizes:
                folder = os.path.join(work, "%s-%d" % (name, size))
                content = write_site(folder, at_size(SHAPES[name][1], size * 1000))
                result = time_portal(args.portal, content, args.timeout)
                shutil.rmtree(folder, ignore_errors=True)
                if result is None:
                    print("| %s | %d | >%g | | | |" % (name, size, args.timeout), flush=True)
                    break
                wall, stage, ids = result
                if name == "plain" and stage is not None:
                    plain_stage[size] = stage
                ratio = ""
                if stage is not None and plain_stage.get(size):
                    ratio = "%.1f" % (stage / plain_stage[size])
                print("| %s | %d | %.2f | %s | %s | %s |" % (name, size, wall, "" if stage is None else "%.3f" % stage, ratio,
                                                          ", ".join(ids)), flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
