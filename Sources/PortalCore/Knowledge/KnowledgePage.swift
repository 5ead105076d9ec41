/// One page as the knowledge tools see it: its `catalog.json` entry and its Markdown twin.
struct KnowledgePage: Sendable {
    /// The catalog entry (key, kind, id, title, summary, url, front_matter, references, …).
    let entry: KnowledgeValue
    /// The page's `index.md` twin: front-matter fields, then the body as Markdown.
    let twin: String
    /// The body as plain text, for search snippets.
    let text: String

    var key: String { entry["key"]?.stringValue ?? "" }
    var kind: String { entry["kind"]?.stringValue ?? "" }
    var id: String { entry["id"]?.stringValue ?? "" }
    var title: String { entry["title"]?.stringValue ?? id }
    var summary: String? { entry["summary"]?.stringValue }
    var url: String { entry["url"]?.stringValue ?? "" }
    var frontMatter: [String: KnowledgeValue] { entry["front_matter"]?.objectValue ?? [:] }

    /// A front-matter field's values (one for a single value, none when absent).
    func field(_ name: String) -> [String] { frontMatter[name]?.strings ?? [] }

    /// The catalog keys a reference of the entry names (`backlinks`, `prerequisites`, …).
    func references(_ name: String) -> [String] { entry["references"]?[name]?.strings ?? [] }

    /// The page as an MCP resource address: `portal://` and the folder of its address on the site
    /// (`portal://tutorials/jet-tagging`), `portal://index` for the home page; as unique as addresses.
    var uri: String {
        let folder = url.hasSuffix("/index.html") ? String(url.dropLast("/index.html".count)) : url
        return "portal://" + (url == "index.html" ? "index" : folder)
    }

    /// What every listing shows of a page.
    var card: KnowledgeValue {
        ["id": .string(key), "kind": .string(kind), "title": .string(title), "summary": .optional(summary),
         "url": .string(url), "uri": .string(uri)]
    }
}
