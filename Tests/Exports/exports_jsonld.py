"""The JSON-LD part of check_exports.py: every page's <script type="application/ld+json">,
expanded by pyld offline, through a document loader that serves a vendored part of schema.org's
context and refuses any other address."""

import json
import pathlib
import re
from html.parser import HTMLParser
from urllib.parse import unquote

from pyld import jsonld

HERE = pathlib.Path(__file__).resolve().parent
SCHEMA_ORG = json.loads((HERE / "schemaorg-context.jsonld").read_text())
# The addresses by which pages name the schema.org context; pyld asks for exactly what is written.
SCHEMA_ORG_URLS = {"https://schema.org", "https://schema.org/", "http://schema.org", "http://schema.org/",
                   "https://schema.org/docs/jsonldcontext.jsonld", "https://schema.org/docs/jsonldcontext.json"}
IDENTIFIER_FIELDS = {"doi": "DOI", "arxiv": "arXiv", "isbn": "ISBN", "inspire": "INSPIRE", "zenodo": "Zenodo", "software_heritage": "SWHID"}


# Expansion ---------------------------------------------------------------------------------------

class JSONLDScripts(HTMLParser):
    """The text of every <script type="application/ld+json"> of a page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.scripts, self._inside = [], False

    def handle_starttag(self, tag, attrs):
        if tag == "script" and dict(attrs).get("type") == "application/ld+json":
            self._inside = True
            self.scripts.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._inside = False

    def handle_data(self, data):
        if self._inside:
            self.scripts[-1] += data


def offline_loader(url, options=None):
    if url in SCHEMA_ORG_URLS:
        return {"contextUrl": None, "documentUrl": url, "document": SCHEMA_ORG}
    raise jsonld.JsonLdError(f"the check is offline and serves only schema.org's context, not {url}", "jsonld.LoadDocumentError",
                             code="loading document failed")


dropped_cache = {}


def dropped_keys(node, context):
    """The keys of `node` (and of the objects in it) that expansion under `context` leaves out."""
    found = []
    if isinstance(node, list):
        for item in node:
            found += dropped_keys(item, context)
        return found
    if not isinstance(node, dict):
        return found
    context_key = json.dumps(context, sort_keys=True)
    for key, value in node.items():
        if key == "@context":
            continue
        cached = (context_key, key)
        if cached not in dropped_cache:
            if key.startswith("@"):
                # A keyword expansion does not know is dropped; the known ones are kept or used.
                dropped_cache[cached] = key not in {"@id", "@type", "@value", "@language", "@list", "@set", "@graph", "@reverse", "@index", "@nest", "@included", "@direction", "@json"}
            else:
                expanded = jsonld.expand({"@context": context, key: "probe"}, {"documentLoader": offline_loader})
                dropped_cache[cached] = not expanded or not any(not name.startswith("@") for name in expanded[0])
        if dropped_cache[cached]:
            found.append(key)
        found += dropped_keys(value, context)
    return found


def ids(expanded):
    """Every @id in an expanded document, but for those of the top-level nodes and types."""
    found = []
    if isinstance(expanded, list):
        for item in expanded:
            found += ids(item)
    elif isinstance(expanded, dict):
        for key, value in expanded.items():
            if key == "@id":
                found.append(value)
            elif key != "@type":
                found += ids(value)
    return found


SCHEMA = "http://schema.org/"


def check_jsonld(site, resources, problem):
    """Checks every page's JSON-LD, reporting through `problem(where, message)`; returns how many pages it read."""
    by_url = {resource["url"]: resource for resource in resources}
    pages = sorted(site.rglob("*.html"))
    for page in pages:
        where = str(page.relative_to(site))
        parser = JSONLDScripts()
        parser.feed(page.read_text(encoding="utf-8"))
        for text in parser.scripts:
            try:
                document = json.loads(text)
            except json.JSONDecodeError as error:
                problem(where, f"the JSON-LD is not JSON: {error}")
                continue
            try:
                expanded = jsonld.expand(document, {"documentLoader": offline_loader, "base": None})
            except jsonld.JsonLdError as error:
                problem(where, f"the JSON-LD does not expand: {error}")
                continue
            for key in dropped_keys(document, document.get("@context")):
                problem(where, f"the key {key!r} is dropped by expansion: it is not a term of the context")
            for value in ids(expanded):
                if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", value) and not value.startswith("_:"):
                    problem(where, f"{value!r} is used as an address (@id) but is not an absolute one")
            if not expanded:
                problem(where, "the JSON-LD expands to nothing")
                continue
            node = expanded[0]
            same = [item.get("@id") for item in node.get(SCHEMA + "sameAs", [])]
            if len(same) != len(set(same)):
                problem(where, f"sameAs lists an address twice: {same}")
            resource = by_url.get(where)
            if resource is None:
                continue
            values = {value.get("@value") for item in node.get(SCHEMA + "identifier", []) for value in item.get(SCHEMA + "value", [])}
            for name, label in IDENTIFIER_FIELDS.items():
                identifier = resource["front_matter"].get(name)
                if identifier is None:
                    continue
                if str(identifier) not in values:
                    problem(where, f"the {label} {identifier} is not among the expanded identifiers {sorted(v for v in values if v)}")
                if not any(str(identifier).lower() in unquote(address or "").lower() for address in same):
                    problem(where, f"no sameAs address names the {label} {identifier}: {same}")
    return len(pages)


