#!/usr/bin/env python3
"""Reads a built site's exports back with other people's parsers and checks them against
the site's own catalogue (catalog.json, first checked against catalog.schema.json):

- resources/resources.bib, every resources/ID/ID.bib and every page's Cite block, through
  bibtexparser: every resource has an entry with its key, title, authors, year, DOI and arXiv
  eprint, and every tutorial an @misc with its id, title, authors, year and address;
- resources/resources.csl.json against the CSL-JSON schema, and against the catalogue, each
  name split as bibtexparser splits the BibTeX entry's;
- CITATION.cff (when the site writes one) against the Citation File Format 1.2.0 schema, and
  CITATION.bib against it;
- every page's JSON-LD, expanded by pyld offline (a vendored schema.org context; any other
  address is refused): expansion succeeds, no key is dropped, every @id is absolute, no sameAs
  repeats, and each resource's identifiers and sameAs survive.

The JSON-LD part is exports_jsonld.py. Usage: check_exports.py SITE_FOLDER. Prints one line per
problem and exits 1 when there is any.
"""

import html
import json
import pathlib
import re
import sys
from urllib.parse import unquote

import bibtexparser
import jsonschema
import yaml
from bibtexparser import middlewares

# The check leaves nothing behind in the work tree, not even the compiled module beside it.
sys.dont_write_bytecode = True
from exports_jsonld import check_jsonld  # noqa: E402

HERE = pathlib.Path(__file__).resolve().parent
problems = []


def problem(where, message):
    problems.append(f"{where}: {message}")


# BibTeX ----------------------------------------------------------------------------------------

# Author lists split into names, and each name into BibTeX's parts (first, von, last, jr).
NAME_MIDDLEWARE = [middlewares.SeparateCoAuthors(), middlewares.SplitNameParts()]


def name_words(name):
    """The words of a name, as a sorted list: what must survive whichever form it is written in."""
    if isinstance(name, middlewares.NameParts):
        name = " ".join(name.first + name.von + name.last + name.jr)
    return sorted(strip_braces(tex_to_text(name)).replace(",", " ").split())


def bib_names(entry):
    return entry.fields_dict["author"].value if "author" in entry.fields_dict else []


def read_bib(path):
    """The entries of a .bib file by key, through bibtexparser, with each author list split."""
    library = bibtexparser.parse_string(path.read_text(encoding="utf-8"), append_middleware=NAME_MIDDLEWARE)
    for block in library.failed_blocks:
        problem(path.name, f"bibtexparser could not read the block at line {block.start_line + 1}: {type(block).__name__}")
    entries = {}
    for entry in library.entries:
        entries[entry.key] = entry
    return entries


def tex_to_text(value):
    """A BibTeX value as the text it stands for: protecting braces dropped, the escapes the site
    writes undone outside formulas (which stay TeX, as the catalogue keeps them)."""
    value = re.sub(r"\\textbackslash\{\}", "\x00", value)
    value = value.replace("\\textasciitilde{}", "~").replace("\\textasciicircum{}", "^")
    out, in_math, i = [], False, 0
    while i < len(value):
        char = value[i]
        if char == "\\" and i + 1 < len(value) and value[i + 1] in "&%$#_{}" and not in_math:
            out.append(value[i + 1])
            i += 2
            continue
        if char == "$":
            in_math = not in_math
        if char in "{}" and not in_math:
            i += 1
            continue
        out.append(char)
        i += 1
    return "".join(out).replace("\x00", "\\")


def strip_braces(text):
    return text.replace("{", "").replace("}", "")


def field(entry, name):
    return entry.fields_dict[name].value if name in entry.fields_dict else None


def bib_key(resource):
    """The key a resource is cited by, as the catalogue gives it: its .bib entry's own key, else its id."""
    return resource["cite_key"]


def check_entry(where, entry, resource):
    matter = resource["front_matter"]
    title = field(entry, "title")
    if title is None or strip_braces(tex_to_text(title)) != strip_braces(resource["title"]):
        problem(where, f"title {title!r} does not read back as {resource['title']!r}")
    expected = matter.get("authors", [])
    read = [name_words(name) for name in bib_names(entry)]
    if read != [name_words(name) for name in expected]:
        problem(where, f"authors {read} do not read back as {expected}")
    year = str(matter.get("year") or (matter.get("date") or "")[:4] or "") or None
    if field(entry, "year") != year:
        problem(where, f"year {field(entry, 'year')!r}, the catalogue says {year!r}")
    # Braces in a DOI are written percent-encoded (they would end a BibTeX field).
    if unquote(field(entry, "doi") or "") != (matter.get("doi") or ""):
        problem(where, f"doi {field(entry, 'doi')!r}, the catalogue says {matter.get('doi')!r}")
    if field(entry, "eprint") != matter.get("arxiv"):
        problem(where, f"eprint {field(entry, 'eprint')!r}, the catalogue says arXiv {matter.get('arxiv')!r}")
    if matter.get("arxiv") and (field(entry, "archiveprefix") or "").lower() != "arxiv":
        problem(where, "an arXiv eprint without archiveprefix = {arXiv}")


def check_bibtex(site, resources):
    whole = site / "resources" / "resources.bib"
    if not resources:
        return
    if not whole.exists():
        problem("resources/resources.bib", "missing")
        return
    entries = read_bib(whole)
    for resource in resources:
        key = bib_key(resource)
        entry = entries.get(key)
        if entry is None:
            problem("resources/resources.bib", f"no entry with the key {key!r} (resource {resource['id']})")
            continue
        check_entry(f"resources/resources.bib @{key}", entry, resource)
        own = site / "resources" / resource["id"] / f"{resource['id']}.bib"
        if not own.exists():
            problem(str(own.relative_to(site)), "missing")
            continue
        single = read_bib(own)
        if list(single) != [key]:
            problem(str(own.relative_to(site)), f"holds the keys {list(single)}, not just {key!r}")
        elif single[key].fields_dict.keys() != entry.fields_dict.keys() or any(
                single[key].fields_dict[name].value != entry.fields_dict[name].value for name in entry.fields_dict):
            problem(str(own.relative_to(site)), "differs from its entry in resources.bib")
    extra = set(entries) - {bib_key(resource) for resource in resources}
    for key in sorted(extra):
        problem("resources/resources.bib", f"the entry {key!r} is no resource of the catalogue")


CITE_BLOCK = re.compile(r'<section class="[^"]*\bcite\b[^"]*"[^>]*>.*?<code>(.*?)</code>', re.S)


def cite_block(page):
    """The BibTeX of a page's Cite block, as a reader copies it, or None."""
    match = CITE_BLOCK.search(page.read_text(encoding="utf-8"))
    return html.unescape(match.group(1)) if match else None


def check_cite_blocks(site, catalog):
    """Each resource's Cite block is its .bib file; each tutorial's is an @misc with its key,
    title, authors, year and address, as bibtexparser reads it."""
    for page in catalog:
        path = site / page["url"]
        where = f"{page['url']} (Cite block)"
        if page["kind"] == "resource":
            own = site / "resources" / page["id"] / f"{page['id']}.bib"
            text = cite_block(path)
            if text is None:
                problem(where, "missing")
            elif own.exists() and text != own.read_text(encoding="utf-8"):
                problem(where, f"differs from {own.relative_to(site)}")
        elif page["kind"] == "tutorial":
            text = cite_block(path)
            if text is None:
                problem(where, "missing")
                continue
            library = bibtexparser.parse_string(text, append_middleware=NAME_MIDDLEWARE)
            if library.failed_blocks or len(library.entries) != 1:
                problem(where, f"bibtexparser read {len(library.entries)} entries and {len(library.failed_blocks)} failed blocks")
                continue
            entry = library.entries[0]
            if entry.key != page["id"] or entry.entry_type != "misc":
                problem(where, f"is @{entry.entry_type}{{{entry.key}}}, not @misc{{{page['id']}}}")
            matter = page["front_matter"]
            if strip_braces(tex_to_text(field(entry, "title") or "")) != strip_braces(page["title"]):
                problem(where, f"title {field(entry, 'title')!r} does not read back as {page['title']!r}")
            if [name_words(name) for name in bib_names(entry)] != [name_words(name) for name in matter.get("authors", [])]:
                problem(where, f"authors {bib_names(entry)} do not read back as {matter.get('authors', [])}")
            if field(entry, "year") != ((matter.get("date") or "")[:4] or None):
                problem(where, f"year {field(entry, 'year')!r}, the catalogue's date is {matter.get('date')!r}")
            if field(entry, "url") != page.get("absolute_url"):
                problem(where, f"url {field(entry, 'url')!r}, the catalogue says {page.get('absolute_url')!r}")


# CSL-JSON --------------------------------------------------------------------------------------

def check_csl_names(where, item, entry):
    """CSL-JSON's split of each name agrees with BibTeX's, as bibtexparser splits it: a body is a
    literal in one and a braced last name in the other; a person's family name (with its
    particle) and suffix are the same in both."""
    bib = [name for name in bib_names(entry) if name.last != ["others"]] if entry is not None else []
    csl = item.get("author", [])
    if len(bib) != len(csl):
        problem(where, f"{len(csl)} authors, the BibTeX entry has {len(bib)}")
        return
    for parts, name in zip(bib, csl):
        whole = " ".join(parts.first + parts.von + parts.last + parts.jr)
        if not parts.first and not parts.von and len(parts.last) == 1 and "literal" in name and strip_braces(tex_to_text(whole)) == name["literal"]:
            # A body, or a single name (Plato), is whole in both.
            continue
        if not parts.first and not parts.von and len(parts.last) == 1 and parts.last[0].startswith("{"):
            if "literal" not in name:
                problem(where, f"{whole} is one name in BibTeX but split in CSL-JSON: {name}")
            continue
        if name.get("given") in {"Jr", "Jr.", "Sr", "Sr.", "II", "III", "IV"}:
            problem(where, f"the suffix {name['given']!r} of {whole!r} is taken for a given name: {name}")
        family = " ".join(part for part in (name.get("non-dropping-particle"), name.get("family")) if part)
        bib_family = strip_braces(tex_to_text(" ".join(parts.von + parts.last)))
        bib_suffix = strip_braces(tex_to_text(" ".join(parts.jr))) or None
        if family != bib_family or name.get("suffix") != bib_suffix:
            problem(where, f"CSL-JSON's family name {family!r} (suffix {name.get('suffix')!r}) is not BibTeX's {bib_family!r} (jr {bib_suffix!r}) for {whole!r}")


def check_csl(site, resources):
    path = site / "resources" / "resources.csl.json"
    if not resources:
        return
    items = json.loads(path.read_text(encoding="utf-8"))
    schema = json.loads((HERE / "csl-data.schema.json").read_text())
    for error in jsonschema.Draft7Validator(schema).iter_errors(items):
        where = "/".join(str(part) for part in error.absolute_path)
        problem(f"resources/resources.csl.json /{where}", error.message)
    by_id = {item.get("id"): item for item in items if isinstance(item, dict)}
    bib_entries = read_bib(site / "resources" / "resources.bib")
    for resource in resources:
        key = bib_key(resource)
        item = by_id.get(key)
        if item is None:
            problem("resources/resources.csl.json", f"no item with the id {key!r}")
            continue
        if item.get("title") != resource["title"]:
            problem(f"resources/resources.csl.json {key}", f"title {item.get('title')!r}, the catalogue says {resource['title']!r}")
        names = [name_words(" ".join(str(value) for value in name.values())) for name in item.get("author", [])]
        expected = [name for name in resource["front_matter"].get("authors", []) if name != "others"]
        if names != [name_words(name) for name in expected]:
            problem(f"resources/resources.csl.json {key}", f"authors {item.get('author')}, the catalogue says {expected}")
        check_csl_names(f"resources/resources.csl.json {key}", item, bib_entries.get(key))
        if item.get("DOI") != resource["front_matter"].get("doi"):
            problem(f"resources/resources.csl.json {key}", f"DOI {item.get('DOI')!r}, the catalogue says {resource['front_matter'].get('doi')!r}")


# CITATION.cff ----------------------------------------------------------------------------------

def check_cff(site):
    path = site / "CITATION.cff"
    if not path.exists():
        return
    cff = yaml.safe_load(path.read_text(encoding="utf-8"))
    schema = json.loads((HERE / "cff-1.2.0.schema.json").read_text())
    for error in jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker()).iter_errors(cff):
        where = "/".join(str(part) for part in error.absolute_path)
        problem(f"CITATION.cff /{where}", error.message)
    bib_path = site / "CITATION.bib"
    if not bib_path.exists():
        problem("CITATION.bib", "missing beside CITATION.cff")
        return
    entries = read_bib(bib_path)
    if len(entries) != 1:
        problem("CITATION.bib", f"holds {len(entries)} entries, not one")
        return
    entry = next(iter(entries.values()))
    if entry.entry_type != "misc":
        problem("CITATION.bib", f"is @{entry.entry_type}, not @misc")
    if strip_braces(tex_to_text(field(entry, "title") or "")) != cff.get("title"):
        problem("CITATION.bib", f"title {field(entry, 'title')!r} is not CITATION.cff's {cff.get('title')!r}")
    # Each author as (first names, last names): a body whole as its last name, as BibTeX keeps it.
    names = [("", author["name"]) if "name" in author else (author.get("given-names", ""), author["family-names"]) for author in cff.get("authors", [])]
    read = [(strip_braces(tex_to_text(" ".join(parts.first))), strip_braces(tex_to_text(" ".join(parts.von + parts.last + parts.jr))))
            for parts in bib_names(entry)]
    if read != names:
        problem("CITATION.bib", f"authors {read} are not CITATION.cff's {names}")
    for bib_name, cff_name in (("doi", "doi"), ("url", "url"), ("version", "version")):
        if field(entry, bib_name) != (str(cff[cff_name]) if cff_name in cff else None):
            problem("CITATION.bib", f"{bib_name} {field(entry, bib_name)!r} is not CITATION.cff's {cff.get(cff_name)!r}")
    released = str(cff.get("date-released") or "")[:4] or None
    if field(entry, "year") != released:
        problem("CITATION.bib", f"year {field(entry, 'year')!r} is not the year of CITATION.cff's date-released")


def main():
    if len(sys.argv) != 2:
        print("usage: check_exports.py SITE_FOLDER", file=sys.stderr)
        return 2
    site = pathlib.Path(sys.argv[1])
    if not (site / "catalog.json").exists():
        print(f"{site}: no catalog.json; give the folder portal build wrote", file=sys.stderr)
        return 2
    catalog = json.loads((site / "catalog.json").read_text(encoding="utf-8"))
    # Everything below trusts the catalogue, so it is first checked against its own schema.
    schema = json.loads((site / "catalog.schema.json").read_text(encoding="utf-8"))
    for error in jsonschema.validators.validator_for(schema)(schema).iter_errors(catalog):
        problem(f"catalog.json /{'/'.join(str(part) for part in error.absolute_path)}", error.message)
    resources = [page for page in catalog["pages"] if page["kind"] == "resource"]
    check_bibtex(site, resources)
    check_csl(site, resources)
    check_cite_blocks(site, catalog["pages"])
    check_cff(site)
    pages = check_jsonld(site, resources, problem)
    for line in problems:
        print(line)
    cff = " and CITATION.cff" if (site / "CITATION.cff").exists() else ""
    print(f"exports: {len(problems)} problem(s) in {len(resources)} resources' BibTeX and CSL-JSON{cff}, and the JSON-LD of {pages} pages",
          file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
