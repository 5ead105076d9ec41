#!/usr/bin/env python3
"""Compares PortalMath's golden corpus with the output of latex2mathml (pip install latex2mathml).

For every formula of Tests/PortalMathTests/Fixtures/corpus.tex that latex2mathml reads without an
exception, both outputs are reduced to the text of their leaves (<mi>, <mn>, <mo>, in document order),
normalised, and compared. PortalMath's output is read from the golden file corpus.mathml, which the
Swift golden test checks against the converter.

Normalisations (differences of notation, not of content):
- the text of the annotation, <mtext> and <mspace> is left out (equation numbers, \\text, spacing);
- invisible operators (U+2061 function application, U+2062, U+2063, U+2064) and all white space
  (the thin space of "lim sup") are removed;
- each leaf's text is NFKC-normalised, which maps the Mathematical Alphanumeric Symbols (𝐱, ℝ, 𝔤)
  back to their letters (latex2mathml writes mathvariant="bold" on plain letters instead), … to
  three dots, ″ to two primes, and composes a character with U+0338 into the negated relation;
- the leaves are then joined, so one <mi>TeV</mi> and three <mi>s T, e, V agree;
- equivalent characters are mapped to one: − and -, ∗ and *, ⟨ and 〈, ⟩ and 〉, ∣ and |, ‖ and ∥
  (in both directions the same), ϵ/ε and ϕ/φ (latex2mathml swaps TeX's \\epsilon and \\varepsilon),
  accent marks (^ ˆ, ~ ˜ ∼, ¯ ‾ _ U+0332, → U+20D7, ˙, ¨) to one mark each, and the symbols the two
  choose differently for one command: \\cdot ⋅/·, \\sim ∼/~, \\perp ⊥/⟂, \\models ⊨/⊧,
  \\setminus ∖/⧵, \\bullet ∙/•.

What remains after that are latex2mathml's own limits, listed by --show: it drops \\not (\\not= gives =),
writes the * of \\operatorname* and the names of \\arg, \\label, \\ref, \\eqref and \\renewcommand as
text, ignores a \\newcommand's optional default, and reads \\left< and \\biggl\\{ literally.

Usage: python3 Tests/Math/compare_latex2mathml.py [--show N]
Prints how many formulas latex2mathml read, how many agree, and the first N disagreements. Exits 1
when a formula disagrees that is not one of latex2mathml's known limits (latex2mathml-limits.txt),
so CI notices a change of the converter that latex2mathml reads differently.
"""
import os
import sys
import unicodedata
import xml.etree.ElementTree as ET

from latex2mathml.converter import convert

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "PortalMathTests", "Fixtures")

INVISIBLE = {"\u2061", "\u2062", "\u2063", "\u2064"}
EQUIVALENT = {
    "\u2212": "-", "\u2217": "*", "\u2329": "\u27e8", "\u232a": "\u27e9", "\u3008": "\u27e8", "\u3009": "\u27e9",
    "\u2223": "|", "\u2225": "\u2016", "\u03f5": "\u03b5", "\u03d5": "\u03c6",
    "\u02c6": "^", "\u0302": "^", "\u02dc": "~", "\u0303": "~", "\u203e": "\u00af", "_": "\u00af", "\u0332": "\u00af",
    "\u0305": "\u00af", "\u20d7": "\u2192", "\u0307": "\u02d9", "\u0308": "\u00a8", "\u2015": "\u00af",
    "~": "\u223c", "\u02dc": "\u223c", "\u0303": "\u223c",
    "\u00b7": "\u22c5", "\u27c2": "\u22a5", "\u22a7": "\u22a8", "\u29f5": "\u2216", "\u2022": "\u2219",
}


def entries(path):
    """The entries of a corpus file: a '%% inline' or '%% display' line, then the entry's lines."""
    result = []
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    for line in text.split("\n"):
        if line.startswith("%% "):
            result.append([line[3:], []])
        elif result:
            result[-1][1].append(line)
    if result and result[-1][1] and result[-1][1][-1] == "":
        result[-1][1].pop()
    return [(header, "\n".join(lines)) for header, lines in result]


def local(tag):
    return tag.rsplit("}", 1)[-1]


def leaves(mathml):
    root = ET.fromstring(mathml)
    texts = []

    def walk(element):
        name = local(element.tag)
        if name in ("annotation", "annotation-xml", "mtext", "mspace"):
            return
        if name in ("mi", "mn", "mo"):
            texts.append("".join(element.itertext()))
            return
        for child in element:
            walk(child)

    walk(root)
    return texts


def normalise(texts):
    joined = []
    for text in texts:
        text = unicodedata.normalize("NFKC", text)
        for char in text:
            if char in INVISIBLE or char.isspace():
                continue
            joined.append(EQUIVALENT.get(char, char))
    return unicodedata.normalize("NFC", "".join(joined))


def main():
    show = int(sys.argv[sys.argv.index("--show") + 1]) if "--show" in sys.argv else 20
    corpus = entries(os.path.join(FIXTURES, "corpus.tex"))
    golden = entries(os.path.join(FIXTURES, "corpus.mathml"))
    if len(corpus) != len(golden):
        sys.exit("corpus.tex has %d formulas but corpus.mathml %d: rewrite the goldens" % (len(corpus), len(golden)))
    read = agree = 0
    disagreements = []
    unreadable = []
    for index, ((kind, tex), (_, ours)) in enumerate(zip(corpus, golden), start=1):
        try:
            theirs = convert(tex, display="block" if kind == "display" else "inline")
            their_leaves = normalise(leaves(theirs))
        except Exception as error:  # latex2mathml does not read every construct
            unreadable.append((index, tex, type(error).__name__))
            continue
        read += 1
        our_leaves = normalise(leaves(ours))
        if our_leaves == their_leaves:
            agree += 1
        else:
            disagreements.append((index, tex, our_leaves, their_leaves))
    print("formulas in the corpus: %d" % len(corpus))
    print("read by latex2mathml:   %d" % read)
    print("leaves agree:           %d" % agree)
    print("leaves disagree:        %d" % len(disagreements))
    for index, tex, ours, theirs in disagreements[:show]:
        print("\n#%d %s\n  portal:      %s\n  latex2mathml: %s" % (index, tex.replace("\n", " "), ours, theirs))
    if "--unreadable" in sys.argv:
        for index, tex, error in unreadable:
            print("unreadable #%d (%s): %s" % (index, error, tex.replace("\n", " ")))
    with open(os.path.join(HERE, "latex2mathml-limits.txt"), encoding="utf-8") as known_file:
        known = {line.rstrip("\n") for line in known_file if not line.startswith("#")}
    new = [(index, tex) for index, tex, _, _ in disagreements if tex.replace("\n", " ") not in known]
    for index, tex in new:
        print("\nnot a known latex2mathml limit: #%d %s" % (index, tex.replace("\n", " ")))
    if new:
        sys.exit(1)


if __name__ == "__main__":
    main()
