/// `catalog.json`: every page with its front-matter, ids, addresses and cross-references in both directions.
struct CatalogWriter {
    let pages: [Page]
    let graph: SiteGraph
    let settings: SiteSettings
    let address: SiteAddress
    let order: PageOrder

    /// A page named in the catalog: `kind/id`.
    private func key(_ position: Int) -> JSONValue {
        .string("\(pages[position].kind.rawValue)/\(pages[position].id)")
    }

    private func keys(_ positions: [Int]?) -> JSONValue {
        .array((positions ?? []).map(key))
    }

    /// The catalog text, with the entries in `order` (`entryOrder()` when nil), and each entry's text
    /// in that order. `cachedEntry` may supply a page's entry text from an earlier build.
    func catalog(order positions: [Int]? = nil, cachedEntry: (@Sendable (Int) -> String?)? = nil) -> (text: String, entries: [String]) {
        let positions = positions ?? entryOrder()
        let texts = ParallelMap.map(positions) { position in cachedEntry?(position) ?? entry(for: position, order: order).text }
        // The members in JSONValue's order (keys sorted): "$schema", "pages", "site".
        var text = "{\"$schema\":\"catalog.schema.json\",\"pages\":["
        text.reserveCapacity(texts.reduce(0) { $0 + $1.utf8.count + 1 } + 512)
        for (index, entry) in texts.enumerated() {
            if index > 0 { text += "," }
            text += entry
        }
        text += "],\"site\":" + siteText() + "}\n"
        return (text, texts)
    }

    /// The pages in the catalog's order: by kind, then id.
    func entryOrder() -> [Int] {
        pages.indices.sorted { (pages[$0].kind.rawValue, pages[$0].id) < (pages[$1].kind.rawValue, pages[$1].id) }
    }

    /// The catalog's `site` object.
    func siteText() -> String {
        // How an assistant reaches the same pages through `portal mcp` (docs/cli.md).
        let mcp: JSONValue = ["command": "portal mcp --site .", "resource_template": .string(KnowledgeSession.resourceTemplate.uriTemplate),
                              "tools": .array(KnowledgeTool.all.map { .string($0.name) })]
        let site: JSONValue = ["title": .string(settings.title), "description": .string(settings.description), "language": .string(settings.language),
                               "base_url": .optional(address.base), "mcp": mcp]
        return site.text
    }

    /// Each page's name in other entries (`kind/id`), hashed, by position.
    func identities() -> [Int] {
        pages.map { page in
            var hasher = Hasher()
            hasher.combine(page.kind)
            hasher.combine(page.id)
            return hasher.finalize()
        }
    }

    /// A hash of what page `position`'s entry is made of: its ref inputs (`refInputs`, by position:
    /// its front-matter, through its file, and address), the dates and addresses it shows, and the
    /// pages each of its references names (by `identities`, not position, so the key holds while
    /// pages come and go around it).
    func entryKey(for position: Int, refInputs: [Int], identities: [Int]) -> Int {
        let page = pages[position]
        var hasher = Hasher()
        hasher.combine(refInputs[position])
        hasher.combine(page.kind)
        hasher.combine(page.id)
        hasher.combine(page.title)
        hasher.combine(page.summary)
        hasher.combine(page.sourcePath)
        hasher.combine(page.lastModified)
        hasher.combine(page.notebook?.fileName)
        hasher.combine(address.base)
        func combine(_ positions: [Int]?) {
            let positions = positions ?? []
            hasher.combine(positions.count)
            for related in positions { hasher.combine(identities[related]) }
        }
        combine(graph.backlinks[position])
        combine(graph.areas[position])
        switch page.kind {
        case .tutorial:
            combine(graph.prerequisites[position])
            combine(graph.requiredBy[position])
            if let series = page.frontMatter.text("series") {
                hasher.combine(series)
                combine(graph.series[series])
                combine(graph.seriesPages[series].map { [$0] })
            }
        case .series:
            combine(graph.series[page.id])
        case .step:
            combine(graph.stepTutorials[position])
            combine(graph.stepResources[position])
        case .resource:
            combine(graph.citedBy[position])
            combine(graph.validatedWith[position])
            hasher.combine(graph.skillArchives[position]?.path)
        case .breakout:
            combine(graph.tutorialsByArea[position])
            combine(graph.stepsByArea[position])
            combine(graph.resourcesByArea[position])
        case .tag:
            // The members' ref inputs hold what orders them (title, kind, address).
            for member in graph.tags[page.id] ?? [] {
                hasher.combine(identities[member])
                hasher.combine(refInputs[member])
            }
        default:
            break
        }
        return hasher.finalize()
    }

    func entry(for position: Int, order: PageOrder) -> JSONValue {
        let page = pages[position]
        let matter = page.frontMatter
        var fields: [String: JSONValue] = [:]
        for (name, value) in matter.values {
            switch value.value {
            case .text(let text), .date(let text): fields[name] = .string(text)
            case .integer(let number): fields[name] = .number(number)
            case .boolean(let flag): fields[name] = .bool(flag)
            case .duration(let minutes): fields[name] = .number(minutes)
            case .list(let items): fields[name] = .array(items.map { .string($0.value) })
            case .people(let people): fields[name] = .array(people.map { ["name": .string($0.name), "affiliation": .optional($0.affiliation)] })
            case .tools(let tools): fields[name] = .array(tools.map { ["name": .string($0.name), "description": .string($0.description)] })
            case .breaks(let entries):
                fields[name] = .array(entries.map { ["after": .number($0.after), "minutes": .number($0.minutes), "title": .string($0.title)] })
            case .fields(let texts, let lists) where page.kind == .series:
                var object = texts.mapValues { JSONValue.string($0.value) }
                for (key, items) in lists { object[key] = .array(items.map { .string($0.value) }) }
                fields[name] = .object(object)
            case .navigation, .macros, .kept, .fields, .synonyms, .citation: continue
            }
        }
        var references: [String: JSONValue] = [
            "backlinks": keys(graph.backlinks[position]),
            "areas": keys(graph.areas[position]),
        ]
        switch page.kind {
        case .tutorial:
            references["prerequisites"] = keys(graph.prerequisites[position])
            references["required_by"] = keys(graph.requiredBy[position])
            if let series = matter.text("series") {
                references["series"] = keys(graph.series[series])
                references["series_page"] = keys(graph.seriesPages[series].map { [$0] })
            }
        case .series:
            references["parts"] = keys(graph.series[page.id])
        case .step:
            references["tutorials"] = keys(graph.stepTutorials[position])
            references["resources"] = keys(graph.stepResources[position])
        case .resource:
            references["cited_by"] = keys(graph.citedBy[position])
            if page.frontMatter.text("type") == "agent" { references["validated_with"] = keys(graph.validatedWith[position]) }
        case .breakout:
            references["tutorials"] = keys(graph.tutorialsByArea[position])
            references["steps"] = keys(graph.stepsByArea[position])
            references["resources"] = keys(graph.resourcesByArea[position])
        case .tag:
            references["pages"] = keys(order.byTitle(graph.tags[page.id] ?? []))
        default:
            break
        }
        return [
            "key": key(position),
            "kind": .string(page.kind.rawValue),
            "id": .string(page.id),
            "title": .string(page.title),
            "summary": .optional(page.summary),
            "url": .string(page.outputPath),
            "absolute_url": .optional(address.absolute(page.outputPath)),
            "markdown_url": .string(MarkdownTwins.path(of: page)),
            "notebook_url": .optional(page.notebook.map { page.outputDirectory.isEmpty ? $0.fileName : "\(page.outputDirectory)/\($0.fileName)" }),
            "download_url": .optional(graph.skillArchives[position]?.path),
            "source": .optional(page.sourcePath),
            "cite_key": .optional(page.kind == .resource ? page.bibliographyKey ?? page.id : nil),
            "last_modified": .optional(page.lastModified),
            "front_matter": .object(fields),
            "references": .object(references),
        ]
    }
}
