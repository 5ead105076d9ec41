/// The JSON Schema of `catalog.json`, written beside it as `catalog.schema.json`.
enum CatalogSchema {
    static let text = """
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "$id": "catalog.schema.json",
          "title": "Portal catalog",
          "description": "Every page of the portal with its front-matter, ids, addresses and cross-references in both directions.",
          "type": "object",
          "required": ["site", "pages"],
          "properties": {
            "$schema": {"type": "string"},
            "site": {
              "type": "object",
              "required": ["title", "description", "language", "base_url", "mcp"],
              "properties": {
                "title": {"type": "string"},
                "description": {"type": "string"},
                "language": {"type": "string"},
                "base_url": {"type": ["string", "null"], "description": "The published address, or null when unknown."},
                "mcp": {
                  "type": "object",
                  "description": "The same pages for AI assistants, over the Model Context Protocol: the command, run in this folder, serves them.",
                  "required": ["command", "resource_template", "tools"],
                  "properties": {
                    "command": {"type": "string"},
                    "resource_template": {"type": "string", "description": "Each page's resource address; a page's is portal:// and the folder of its url."},
                    "tools": {"type": "array", "items": {"type": "string"}}
                  },
                  "additionalProperties": false
                }
              },
              "additionalProperties": false
            },
            "pages": {"type": "array", "items": {"$ref": "#/$defs/page"}}
          },
          "additionalProperties": false,
          "$defs": {
            "key": {"type": "string", "pattern": "^(home|page|breakout|tutorial|series|step|resource|section|tags|tag)/[a-z0-9-]+$",
                    "description": "A page's kind and id, e.g. tutorial/python-env."},
            "keys": {"type": "array", "items": {"$ref": "#/$defs/key"}},
            "page": {
              "type": "object",
              "required": ["key", "kind", "id", "title", "summary", "url", "absolute_url", "markdown_url", "notebook_url", "download_url", "source", "cite_key", "last_modified", "front_matter", "references"],
              "properties": {
                "key": {"$ref": "#/$defs/key"},
                "kind": {"enum": ["home", "page", "breakout", "tutorial", "series", "step", "resource", "section", "tags", "tag"]},
                "id": {"type": "string"},
                "title": {"type": "string"},
                "summary": {"type": ["string", "null"]},
                "url": {"type": "string", "description": "The page's HTML, relative to the site root."},
                "absolute_url": {"type": ["string", "null"]},
                "markdown_url": {"type": "string", "description": "The page's Markdown twin, relative to the site root."},
                "notebook_url": {"type": ["string", "null"], "description": "The Jupyter notebook a page is made from, copied beside it, relative to the site root; null for other pages."},
                "download_url": {"type": ["string", "null"], "description": "A skill's files as one ZIP archive, relative to the site root; null for other pages."},
                "source": {"type": ["string", "null"], "description": "The Markdown file or notebook under content/, a .bib file and the entry's key after a # for a resource read from BibTeX, or null for generated pages."},
                "cite_key": {"type": ["string", "null"], "description": "A resource's key in citations ([@key]) and in resources.bib: its .bib entry's key, else its id; null for other pages."},
                "last_modified": {"type": ["string", "null"], "description": "YYYY-MM-DD: the latest of the last git commit touching the file, 'updated' and 'date'."},
                "front_matter": {
                  "type": "object",
                  "description": "The decoded front-matter; durations (duration, teaching, exercises) are in minutes.",
                  "additionalProperties": {
                    "anyOf": [
                      {"type": "string"}, {"type": "integer"}, {"type": "boolean"},
                      {"type": "array", "items": {"anyOf": [
                        {"type": "string"},
                        {"type": "object", "required": ["name", "affiliation"],
                         "properties": {"name": {"type": "string"}, "affiliation": {"type": ["string", "null"]}}},
                        {"type": "object", "required": ["name", "description"], "description": "An agent's tool: its name and what it does.",
                         "properties": {"name": {"type": "string"}, "description": {"type": "string"}}, "additionalProperties": false},
                        {"type": "object", "required": ["after", "minutes", "title"], "description": "A series' schedule break: after which part, how long.",
                         "properties": {"after": {"type": "integer"}, "minutes": {"type": "integer"}, "title": {"type": "string"}}}
                      ]}},
                      {"type": "object", "required": ["url"], "description": "A series' based_on: the lesson it was adapted from.",
                       "properties": {"title": {"type": "string"}, "url": {"type": "string"}, "commit": {"type": "string"}, "license": {"type": "string"},
                                      "license_url": {"type": "string"}, "authors": {"type": "array", "items": {"type": "string"}}},
                       "additionalProperties": false}
                    ]
                  }
                },
                "references": {
                  "type": "object",
                  "properties": {
                    "backlinks": {"$ref": "#/$defs/keys"},
                    "areas": {"$ref": "#/$defs/keys"},
                    "prerequisites": {"$ref": "#/$defs/keys"},
                    "required_by": {"$ref": "#/$defs/keys"},
                    "series": {"$ref": "#/$defs/keys", "description": "A tutorial's series: its parts in order."},
                    "series_page": {"$ref": "#/$defs/keys", "description": "A tutorial's series page (none when the series has no file)."},
                    "parts": {"$ref": "#/$defs/keys", "description": "A series page's tutorials in order."},
                    "tutorials": {"$ref": "#/$defs/keys"},
                    "steps": {"$ref": "#/$defs/keys"},
                    "resources": {"$ref": "#/$defs/keys"},
                    "cited_by": {"$ref": "#/$defs/keys"},
                    "validated_with": {"$ref": "#/$defs/keys", "description": "An agent's benchmarks (validated_with)."},
                    "pages": {"$ref": "#/$defs/keys"}
                  },
                  "required": ["backlinks", "areas"],
                  "additionalProperties": false
                }
              },
              "additionalProperties": false
            }
          }
        }

        """
}
