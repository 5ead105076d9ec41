import Foundation

/// Reads the knowledge of a site `portal build` wrote (`portal mcp --site _site`): the pages from
/// `catalog.json`, each page's Markdown from its twin (`markdown_url`), and the search from the
/// files of `search/` as search.js reads them (documents' numbers, stored scores and positions,
/// title order, synonyms), so the answers are those of the site as published.
struct BuiltSiteReader {
    /// The site's folder.
    let site: URL

    /// The knowledge, or the diagnostics saying which file could not be read.
    func read() -> (knowledge: SiteKnowledge?, diagnostics: [Diagnostic]) {
        do {
            return (try knowledge(), [])
        } catch let problem as Diagnostic {
            return (nil, [problem])
        } catch {
            return (nil, [Diagnostic(.error, "mcp.site-unreadable", "cannot read the site: \(error)", file: site.path)])
        }
    }

    private func knowledge() throws -> SiteKnowledge {
        let catalog = try json("catalog.json")
        let entries = catalog["pages"]?.arrayValue ?? []
        guard !entries.isEmpty else { throw problem("catalog.json", "lists no pages: is this a site portal built?") }
        var pages: [KnowledgePage] = []
        var textByURL: [String: String] = [:]
        let (search, rows) = try searchIndex()
        for row in rows { textByURL[row.url] = row.text }
        for entry in entries {
            guard let twinPath = entry["markdown_url"]?.stringValue, let url = entry["url"]?.stringValue else { continue }
            let twin = try text(twinPath)
            pages.append(KnowledgePage(entry: entry, twin: twin, text: textByURL[url] ?? ""))
        }
        // The starter kit's path: the steps by their number, as the build orders them.
        let steps = pages.filter { $0.kind == "step" }.sorted { first, second in
            let (a, b) = (Self.number(first.frontMatter["step"]), Self.number(second.frontMatter["step"]))
            return a != b ? a < b : first.id < second.id
        }
        return SiteKnowledge(pages: pages, search: search(pages), stepOrder: steps.map(\.key))
    }

    private static func number(_ value: KnowledgeValue?) -> Int {
        if case .integer(let number) = value { number } else { Int.max }
    }

    /// The search index of `search/`: a function making the search once the pages are known (a
    /// document is named by its page's key, found by address), and each document's address and text.
    private func searchIndex() throws -> ((([KnowledgePage]) -> KnowledgeSearch), [(url: String, text: String)]) {
        let meta = try script("search/meta.js")
        let width = Self.number(meta["width"])
        let chunk = Self.number(meta["chunk"])
        let numbers = Self.number(meta["numbers"])
        // Title order: each document's number as `width` base-36 digits.
        let order = Array(meta["order"]?.stringValue ?? "")
        var titleRank: [Int: Int] = [:]
        for (rank, start) in stride(from: 0, to: order.count, by: max(width, 1)).enumerated() {
            if let number = Int(String(order[start..<min(start + width, order.count)]), radix: 36) { titleRank[number] = rank }
        }
        let kinds = meta["kinds"]?.strings ?? []
        let kindOf = Array(meta["kindOf"]?.stringValue ?? "")
        var rows: [Int: (url: String, text: String)] = [:]
        for file in stride(from: 0, to: numbers, by: max(chunk, 1)).map({ $0 / max(chunk, 1) }) {
            guard FileManager.default.fileExists(atPath: site.appendingPathComponent("search/docs-\(file).js").path) else { continue }
            for (offset, row) in (try script("search/docs-\(file).js").arrayValue ?? []).enumerated() {
                // [title, url, summary (or null), text]; null for a number no document has.
                guard let fields = row.arrayValue, fields.count >= 4, let url = fields[1].stringValue else { continue }
                rows[file * chunk + offset] = (url, fields[3].stringValue ?? "")
            }
        }
        var postings: [String: [KnowledgeSearch.Posting]] = [:]
        for name in meta["shards"]?.strings ?? [] {
            for (term, list) in try script("search/terms-\(name).js").objectValue ?? [:] {
                let values = (list.arrayValue ?? []).map { Self.number($0) }
                var document = 0
                var entries: [KnowledgeSearch.Posting] = []
                for start in stride(from: 0, to: values.count - 2, by: 3) {
                    document += values[start]
                    entries.append((document, SearchIndex.TermEntry(score: values[start + 1], position: values[start + 2])))
                }
                postings[term] = entries
            }
        }
        let synonyms = (meta["synonyms"]?.arrayValue ?? []).map { group in (group.arrayValue ?? []).map(\.strings) }
        let numbered = rows.keys.sorted()
        let make = { (pages: [KnowledgePage]) -> KnowledgeSearch in
            let keyByURL = Dictionary(pages.map { ($0.url, $0.key) }, uniquingKeysWith: { first, _ in first })
            let documents = numbered.map { number -> KnowledgeSearch.Document in
                let rank = titleRank[number] ?? Int.max
                let code = rank < kindOf.count ? Int(String(kindOf[rank]), radix: 36) ?? 0 : 0
                let key = keyByURL[rows[number]?.url ?? ""] ?? ""
                return KnowledgeSearch.Document(key: key, kind: key.split(separator: "/").first.map(String.init) ?? (code < kinds.count ? kinds[code] : ""), titleRank: rank)
            }
            // The index numbers documents with gaps; the search counts them densely.
            let dense = Dictionary(uniqueKeysWithValues: numbered.enumerated().map { ($1, $0) })
            let renumbered = postings.mapValues { list in list.compactMap { posting in dense[posting.document].map { ($0, posting.entry) } } }
            return KnowledgeSearch(documents: documents, postings: renumbered, synonyms: synonyms)
        }
        return (make, numbered.compactMap { rows[$0] })
    }

    /// A file's data handed to `portalSearchLoaded(name, data)`.
    private func script(_ path: String) throws -> KnowledgeValue {
        let whole = try text(path)
        guard let comma = whole.firstIndex(of: ","), let close = whole.lastIndex(of: ")"), comma < close else {
            throw problem(path, "is not a search index file (portalSearchLoaded(name, data))")
        }
        return try decode(String(whole[whole.index(after: comma)..<close]), path)
    }

    private func json(_ path: String) throws -> KnowledgeValue { try decode(try text(path), path) }

    private func decode(_ text: String, _ path: String) throws -> KnowledgeValue {
        do {
            return try JSONDecoder().decode(KnowledgeValue.self, from: Data(text.utf8))
        } catch {
            throw problem(path, "is not valid JSON")
        }
    }

    private func text(_ path: String) throws -> String {
        do {
            return try String(contentsOf: site.appendingPathComponent(path), encoding: .utf8)
        } catch {
            throw problem(path, "cannot be read: is \(site.path) a site portal built?")
        }
    }

    private func problem(_ path: String, _ message: String) -> Diagnostic {
        Diagnostic(.error, "mcp.site-unreadable", "\(path) \(message)", file: site.appendingPathComponent(path).path)
    }
}
