#!/usr/bin/env python3
"""Check the Jupyter fixtures in Tests/PortalTests/Fixtures/notebooks/ and the notebooks
shipped in content/tutorials/.

    python3 -m pip install -r Tests/Notebooks/requirements.txt
    python3 Tests/Notebooks/validate_fixtures.py

- Every valid notebook is nbformat 4 (minor 4 or later) and passes `nbformat.validate`
  against nbformat's JSON schema; its cell ids are unique; its code cells were run in
  order (only the one tagged `skip-execution` has `execution_count: null`).
- Every output type, MIME type and cell feature the portal must handle occurs at least
  once across the fixtures (the lists are printed).
- Every image is real: PNG and JPEG data start with their magic bytes after base64
  decoding, SVG parses as XML.
- The hostile HTML and SVG outputs still carry their attacks.
- Every file is at most 300 KB, the folder under 1 MB.
- Each file in broken/ is invalid exactly where its comment below says.
- myst.md is a jupytext MyST notebook with the directives the tests need.
- Every content/tutorials/**/*.ipynb (written by make_shipped.py) passes the same checks
  as a valid fixture, opens with front-matter in a raw cell, has no error output, gives
  every image output an `alt` or `caption` in its cell's metadata, and is at most 300 KB.

Needs nbformat (and its jsonschema) only. Where PyYAML is importable, the front-matter is
also parsed with it and the YAML error's position checked; without it the same lines are
checked as text.

Exits 0 when all is well, 1 with one line per problem otherwise.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import nbformat

try:
    import yaml
except ImportError:  # PyYAML is optional: see the docstring.
    yaml = None

FIXTURES = Path(__file__).resolve().parent.parent / "PortalTests" / "Fixtures" / "notebooks"
TUTORIALS = Path(__file__).resolve().parent.parent.parent / "content" / "tutorials"
VALID = ["histogram.ipynb", "classifier.ipynb", "outputs.ipynb"]
MAX_FILE = 300 * 1024
MAX_FOLDER = 1024 * 1024

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
JPEG_MAGIC = b"\xff\xd8\xff"

FRONT_MATTER_FIELDS = ["title", "summary", "level", "duration", "areas", "tags", "authors", "date"]

REQUIRED_OUTPUT_TYPES = {"execute_result", "display_data", "stream:stdout", "stream:stderr", "error"}
REQUIRED_MIME_TYPES = {
    "text/plain",
    "text/html",
    "text/markdown",
    "text/latex",
    "image/png",
    "image/jpeg",
    "image/svg+xml",
    "application/javascript",
    "application/vnd.jupyter.widget-view+json",
}
REQUIRED_FEATURES = {
    "front-matter in a raw cell",
    "front-matter in metadata.portal",
    "tag hide-input",
    "tag hide-output",
    "tag remove-cell",
    "tag remove-input",
    "tag remove-output",
    "image alt and caption in cell metadata (mystnb)",
    "code cell never executed",
    "markdown cell attachment",
    "ANSI colours in an error traceback",
    "ANSI colours in a stream",
    "widget state in notebook metadata",
    "hostile HTML (XSS corpus with a table)",
    "hostile SVG",
    "math in markdown",
}

# Each must occur in the hostile text/html output (outputs.ipynb), and a <table> must too.
HTML_ATTACKS = [
    "<script>",
    "onerror=",
    'href="javascript:',
    "<style>",
    "<iframe",
    "<svg onload=",
    'style="position:fixed',
    "ontoggle=",
    'http-equiv="refresh"',
    "<base ",
    "<form ",
]
# Each must occur in the hostile image/svg+xml output (outputs.ipynb).
SVG_ATTACKS = ["<script", "onload=", "<foreignObject", 'xlink:href="javascript:', "<animate", "<set ", "onmouseover="]

problems: list[str] = []


def fail(message: str) -> None:
    problems.append(message)


def text_of(value) -> str:
    """A multiline string field of a notebook: a string or a list of strings."""
    return "".join(value) if isinstance(value, list) else value


def check_image(where: str, mime: str, value) -> None:
    data = text_of(value)
    if mime == "image/svg+xml":
        try:
            ET.fromstring(data.encode("utf-8"))
        except ET.ParseError as error:
            fail(f"{where}: image/svg+xml does not parse as XML: {error}")
        return
    try:
        raw = base64.b64decode(data, validate=False)
    except (binascii.Error, ValueError) as error:
        fail(f"{where}: {mime} is not base64: {error}")
        return
    magic = PNG_MAGIC if mime == "image/png" else JPEG_MAGIC
    if not raw.startswith(magic):
        fail(f"{where}: {mime} does not start with its magic bytes {magic!r} (got {raw[:8]!r})")


def check_front_matter_text(where: str, source: str) -> None:
    """A raw cell's `---` front-matter: fences and the portal's fields."""
    lines = source.split("\n")
    if lines[0] != "---" or "---" not in lines[1:]:
        fail(f"{where}: the raw cell does not hold front-matter between `---` lines")
        return
    body = "\n".join(lines[1 : lines.index("---", 1)])
    keys = set(re.findall(r"^([A-Za-z_][\w-]*):", body, re.MULTILINE))
    for field in FRONT_MATTER_FIELDS:
        if field not in keys:
            fail(f"{where}: front-matter has no `{field}`")
    if yaml is not None:
        try:
            data = yaml.safe_load(body)
        except yaml.YAMLError as error:
            fail(f"{where}: front-matter is not valid YAML: {error}")
            return
        if not isinstance(data.get("areas"), list) or not isinstance(data.get("authors"), list):
            fail(f"{where}: front-matter `areas` and `authors` must be lists")


def check_notebook(name: str, features: set, output_types: set, mime_types: set, path: Path | None = None) -> None:
    path = path or FIXTURES / name
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        fail(f"{name}: cannot be read as JSON: {error}")
        return
    if data.get("nbformat") != 4 or not isinstance(data.get("nbformat_minor"), int) or data["nbformat_minor"] < 4:
        fail(f"{name}: is nbformat {data.get('nbformat')}.{data.get('nbformat_minor')}, expected 4.4 or later")
        return
    try:
        nbformat.validate(nbformat.from_dict(data))
    except nbformat.ValidationError as error:
        fail(f"{name}: fails nbformat's schema: {error.message}")
        return

    ids = [cell.get("id") for cell in data["cells"]]
    if len(set(ids)) != len(ids):
        fail(f"{name}: cell ids are not unique")

    portal = data["metadata"].get("portal")
    if portal is not None:
        features.add("front-matter in metadata.portal")
        for field in FRONT_MATTER_FIELDS:
            if field not in portal:
                fail(f"{name}: metadata.portal has no `{field}`")
    if "application/vnd.jupyter.widget-state+json" in data["metadata"].get("widgets", {}):
        features.add("widget state in notebook metadata")

    last_count = 0
    for index, cell in enumerate(data["cells"]):
        where = f"{name}: cell {index} ({cell.get('id')})"
        source = text_of(cell["source"])
        tags = cell["metadata"].get("tags", [])
        for tag in tags:
            features.add(f"tag {tag}")
        if cell["cell_type"] == "raw" and index == 0 and source.startswith("---\n"):
            features.add("front-matter in a raw cell")
            check_front_matter_text(where, source)
        if cell["cell_type"] == "markdown":
            if re.search(r"\$[^$\n]+\$", source) or "$$" in source:
                features.add("math in markdown")
            for attachment, bundle in cell.get("attachments", {}).items():
                features.add("markdown cell attachment")
                if f"attachment:{attachment}" not in source:
                    fail(f"{where}: attachment {attachment} is not referenced as attachment:{attachment}")
                for mime, value in bundle.items():
                    if mime.startswith("image/"):
                        check_image(f"{where} attachment {attachment}", mime, value)
        if cell["cell_type"] != "code":
            continue
        mystnb = cell["metadata"].get("mystnb", {})
        if mystnb.get("image", {}).get("alt") and mystnb.get("figure", {}).get("caption"):
            features.add("image alt and caption in cell metadata (mystnb)")
        count = cell["execution_count"]
        if count is None:
            if "skip-execution" not in tags or cell["outputs"]:
                fail(f"{where}: was not executed (only the cell tagged skip-execution may be)")
            else:
                features.add("code cell never executed")
            continue
        if count <= last_count:
            fail(f"{where}: execution_count {count} does not follow {last_count}: the notebook was not run in order")
        last_count = count
        for output in cell["outputs"]:
            kind = output["output_type"]
            if kind == "stream":
                output_types.add(f"stream:{output['name']}")
                if "\x1b[" in text_of(output["text"]):
                    features.add("ANSI colours in a stream")
                continue
            output_types.add(kind)
            if kind == "error":
                if any("\x1b[" in line for line in output["traceback"]):
                    features.add("ANSI colours in an error traceback")
                continue
            for mime, value in output["data"].items():
                mime_types.add(mime)
                if mime in ("image/png", "image/jpeg", "image/svg+xml"):
                    check_image(f"{where}", mime, value)
                if mime == "text/html" and "<script>" in text_of(value):
                    html = text_of(value)
                    missing = [attack for attack in HTML_ATTACKS if attack not in html]
                    if missing or "<table" not in html:
                        fail(f"{where}: the hostile HTML lacks {missing or ['<table']}")
                    else:
                        features.add("hostile HTML (XSS corpus with a table)")
                if mime == "image/svg+xml" and "<script" in text_of(value):
                    missing = [attack for attack in SVG_ATTACKS if attack not in text_of(value)]
                    if missing:
                        fail(f"{where}: the hostile SVG lacks {missing}")
                    else:
                        features.add("hostile SVG")


# --------------------------------------------------------------------------------------
# broken/: where each file breaks. Lines and columns count from 1.

def check_broken() -> None:
    broken = FIXTURES / "broken"

    # not-json.ipynb: the comma after `"metadata": {}` at the end of line 6 is missing
    # (it belongs at line 6, column 18). A JSON parser stops at the next token, the `"`
    # of `"source"`: Python's json says "Expecting ',' delimiter: line 7 column 4 (char 89)".
    text = (broken / "not-json.ipynb").read_text(encoding="utf-8")
    if text.split("\n")[5] != '   "metadata": {}':
        fail("broken/not-json.ipynb: line 6 is not `   \"metadata\": {}` without its comma")
    try:
        json.loads(text)
        fail("broken/not-json.ipynb: parses as JSON")
    except json.JSONDecodeError as error:
        if (error.msg, error.lineno, error.colno) != ("Expecting ',' delimiter", 7, 4):
            fail(f"broken/not-json.ipynb: expected \"Expecting ',' delimiter\" at 7:4, got {error.msg!r} at {error.lineno}:{error.colno}")

    # nbformat3.ipynb: valid JSON and a valid notebook of nbformat 3.0 (the "nbformat": 3
    # is on line 6; cells sit in "worksheets", code in "input"). Invalid only because the
    # portal reads nbformat 4; the fix is `jupyter nbconvert --to notebook --inplace`.
    data = json.loads((broken / "nbformat3.ipynb").read_text(encoding="utf-8"))
    if data.get("nbformat") != 3 or "worksheets" not in data:
        fail("broken/nbformat3.ipynb: is not an nbformat 3 notebook with worksheets")
    elif (broken / "nbformat3.ipynb").read_text(encoding="utf-8").split("\n")[5] != ' "nbformat": 3,':
        fail('broken/nbformat3.ipynb: line 6 is not ` "nbformat": 3,`')
    else:
        try:
            nbformat.validate(nbformat.from_dict(data))
        except nbformat.ValidationError as error:
            fail(f"broken/nbformat3.ipynb: should be a valid nbformat 3 notebook: {error.message}")

    # bad-cell.ipynb: valid JSON, nbformat 4.5; its second cell (cells[1], the object that
    # opens at line 13, column 3, with `"cell_type": "code"` on line 14) has no "outputs".
    # nbformat's schema: "'outputs' is a required property" at path cells/1.
    text = (broken / "bad-cell.ipynb").read_text(encoding="utf-8")
    data = json.loads(text)
    lines = text.split("\n")
    if (data.get("nbformat"), data.get("nbformat_minor")) != (4, 5):
        fail("broken/bad-cell.ipynb: is not nbformat 4.5")
    if lines[12] != "  {" or lines[13] != '   "cell_type": "code",':
        fail("broken/bad-cell.ipynb: the code cell does not open at line 13 with its cell_type on line 14")
    try:
        nbformat.validate(nbformat.from_dict(data))
        fail("broken/bad-cell.ipynb: passes nbformat's schema")
    except nbformat.ValidationError as error:
        path = list(getattr(error, "absolute_path", []) or getattr(error, "path", []))
        if error.message != "'outputs' is a required property" or path[:2] != ["cells", 1]:
            fail(f"broken/bad-cell.ipynb: expected \"'outputs' is a required property\" at cells/1, got {error.message!r} at {path}")

    # bad-front-matter.ipynb: a valid nbformat 4.5 notebook whose first, raw cell holds
    # front-matter with an unquoted colon in the title. The bad line is the raw cell's
    # line 2, `title: Dimuon spectra: a second look`, the YAML's line 1 (counting from the
    # line after the opening `---`); the second colon is at column 22 of it. In the .ipynb
    # file that is line 9, where the colon is at column 27. PyYAML: "mapping values are not
    # allowed here", 0-based mark line 0, column 21 in the YAML between the fences.
    path = broken / "bad-front-matter.ipynb"
    text = path.read_text(encoding="utf-8")
    data = json.loads(text)
    try:
        nbformat.validate(nbformat.from_dict(data))
    except nbformat.ValidationError as error:
        fail(f"broken/bad-front-matter.ipynb: should pass nbformat's schema: {error.message}")
    source = text_of(data["cells"][0]["source"])
    cell_lines = source.split("\n")
    bad_line = "title: Dimuon spectra: a second look"
    if data["cells"][0]["cell_type"] != "raw" or cell_lines[0] != "---" or cell_lines[1] != bad_line:
        fail(f"broken/bad-front-matter.ipynb: the raw cell's line 2 is not `{bad_line}`")
    elif cell_lines[1].index(":", 6) + 1 != 22:
        fail("broken/bad-front-matter.ipynb: the second colon is not at column 22")
    file_line = text.split("\n")[8]
    if file_line != f'    "{bad_line}\\n",' or file_line.index(":", 12) + 1 != 27:
        fail("broken/bad-front-matter.ipynb: the bad line is not line 9 of the file with its colon at column 27")
    if yaml is not None:
        body = "\n".join(cell_lines[1 : cell_lines.index("---", 1)])
        try:
            yaml.safe_load(body)
            fail("broken/bad-front-matter.ipynb: the front-matter parses as YAML")
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            if getattr(error, "problem", None) != "mapping values are not allowed here" or mark is None or (mark.line, mark.column) != (0, 21):
                fail(f"broken/bad-front-matter.ipynb: unexpected YAML error {error}")

    expected = {"not-json.ipynb", "nbformat3.ipynb", "bad-cell.ipynb", "bad-front-matter.ipynb"}
    found = {p.name for p in broken.glob("*.ipynb")}
    if found != expected:
        fail(f"broken/: expected exactly {sorted(expected)}, found {sorted(found)}")


def check_myst() -> None:
    path = FIXTURES / "myst.md"
    text = path.read_text(encoding="utf-8")
    match = re.match(r"---\n(.*?)\n---\n", text, re.DOTALL)
    if match is None:
        fail("myst.md: has no front-matter between `---` lines")
        return
    front = match.group(1)
    keys = set(re.findall(r"^([A-Za-z_][\w-]*):", front, re.MULTILINE))
    for key in ["jupytext", "kernelspec", "title", "summary", "level", "duration", "areas", "authors", "date"]:
        if key not in keys:
            fail(f"myst.md: front-matter has no `{key}`")
    if "format_name: myst" not in front:
        fail("myst.md: front-matter does not say `format_name: myst`")
    if yaml is not None:
        try:
            yaml.safe_load(front)
        except yaml.YAMLError as error:
            fail(f"myst.md: front-matter is not valid YAML: {error}")
    body = text[match.end():]
    for needle in ["\n+++\n", "```{code-cell} ipython3", ":tags: [hide-input]", "```{note}", "```{warning}",
                   "```{figure} myst-zpeak.png", "```{math}", "```{bibliography}"]:
        if needle not in body:
            fail(f"myst.md: has no {needle.strip()!r}")
    figure = FIXTURES / "myst-zpeak.png"
    if not figure.is_file() or not figure.read_bytes().startswith(PNG_MAGIC):
        fail("myst.md: its figure myst-zpeak.png is missing or not a PNG")


def check_sizes() -> None:
    total = 0
    for path in sorted(FIXTURES.rglob("*")):
        if path.is_file():
            size = path.stat().st_size
            total += size
            if size > MAX_FILE:
                fail(f"{path.relative_to(FIXTURES)}: {size:,} bytes, over {MAX_FILE:,}")
    if total >= MAX_FOLDER:
        fail(f"the fixtures folder holds {total:,} bytes, over {MAX_FOLDER:,}")
    print(f"sizes: {total:,} bytes in all, largest file under {MAX_FILE:,}")


def check_shipped() -> None:
    """The tutorial notebooks: valid as a fixture is, and fit to publish."""
    paths = sorted(TUTORIALS.rglob("*.ipynb"))
    for path in paths:
        name = str(path.relative_to(TUTORIALS.parent.parent))
        features: set = set()
        check_notebook(name, features, set(), set(), path=path)
        if "front-matter in a raw cell" not in features:
            fail(f"{name}: the first cell is not a raw cell holding front-matter between `---` lines")
        if path.stat().st_size > MAX_FILE:
            fail(f"{name}: {path.stat().st_size:,} bytes, over {MAX_FILE:,}")
        try:
            cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        except (OSError, ValueError, KeyError):
            continue  # check_notebook has said why
        for cell in cells:
            outputs = cell.get("outputs", [])
            if any(output.get("output_type") == "error" for output in outputs):
                fail(f"{name}: cell {cell.get('id')} has an error output")
            images = any(mime.startswith("image/") for output in outputs for mime in output.get("data", {}))
            if images and not (cell["metadata"].get("alt") or cell["metadata"].get("caption")):
                fail(f"{name}: cell {cell.get('id')} shows an image but has no `alt` (or `caption`) in its metadata")
    print(f"shipped notebooks: {len(paths)} in {TUTORIALS}")


def main() -> int:
    features: set = set()
    output_types: set = set()
    mime_types: set = set()
    for name in VALID:
        check_notebook(name, features, output_types, mime_types)
    check_broken()
    check_myst()
    check_sizes()
    check_shipped()

    print("output types: " + ", ".join(sorted(output_types)))
    print("MIME types:   " + ", ".join(sorted(mime_types)))
    print("features:     " + ", ".join(sorted(features)))
    for label, required, found in [
        ("output type", REQUIRED_OUTPUT_TYPES, output_types),
        ("MIME type", REQUIRED_MIME_TYPES, mime_types),
        ("feature", REQUIRED_FEATURES, features),
    ]:
        for missing in sorted(required - found):
            fail(f"no fixture has the {label} {missing}")
    if yaml is None:
        print("note: PyYAML is not installed; front-matter was checked as text only")

    if problems:
        for problem in problems:
            print(f"error: {problem}", file=sys.stderr)
        print(f"{len(problems)} problem(s) in {FIXTURES}", file=sys.stderr)
        return 1
    print(f"all fixtures in {FIXTURES} are as expected")
    return 0


if __name__ == "__main__":
    sys.exit(main())
