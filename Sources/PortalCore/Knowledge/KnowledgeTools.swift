/// The knowledge tools' logic, without any transport: each takes the checked arguments and the
/// knowledge of one build, and returns a structured value (what `structuredContent` carries).
struct KnowledgeTools {
    let knowledge: SiteKnowledge

    /// Runs tool `name` with `arguments`.
    func call(_ name: String, _ arguments: [String: KnowledgeValue]) throws(ToolArgumentError) -> KnowledgeValue {
        guard let tool = KnowledgeTool.all.first(where: { $0.name == name }) else {
            throw ToolArgumentError(argument: "name", message: "no tool is named '\(name)'", suggestion: Suggestion.closest(to: name, in: KnowledgeTool.all.map(\.name)))
        }
        let arguments = try ToolArguments(arguments, known: tool.argumentNames)
        switch name {
        case "search": return try search(arguments)
        case "get_page": return try getPage(arguments)
        case "list_resources": return try listResources(arguments)
        case "list_tutorials": return try listTutorials(arguments)
        case "starter_kit": return starterKit()
        case "breakouts": return breakouts()
        default: return try related(arguments)
        }
    }

    /// The pages of `kind`, in the catalog's order.
    private func pages(of kind: String) -> [KnowledgePage] { knowledge.pages.filter { $0.kind == kind } }

    /// The ids of the breakout areas, for the `area` filters.
    private var areaIDs: [String] { pages(of: "breakout").map(\.id) }

    /// The cards of the pages `keys` name, in that order.
    private func cards(_ keys: [String]) -> KnowledgeValue {
        .array(keys.compactMap { knowledge.byKey[$0].map { knowledge.pages[$0].card } })
    }

    // MARK: search

    private func search(_ arguments: ToolArguments) throws(ToolArgumentError) -> KnowledgeValue {
        let query = try arguments.requiredString("query")
        let kinds = Set(knowledge.search.documents.map(\.kind))
        let kind = try arguments.choice("kind", among: kinds)
        let area = try arguments.choice("area", among: areaIDs)
        let tag = try arguments.choice("tag", among: Set(knowledge.pages.flatMap { $0.field("tags") }))
        let limit = try arguments.integer("limit", in: 1...50) ?? 10
        let ranked = knowledge.search.rank(query)
        let matching = ranked.hits.compactMap { hit -> (KnowledgePage, Double)? in
            let document = knowledge.search.documents[hit.document]
            guard let place = knowledge.byKey[document.key] else { return nil }
            let page = knowledge.pages[place]
            if let kind, page.kind != kind { return nil }
            if let area, !page.references("areas").contains("breakout/\(area)") && page.key != "breakout/\(area)" { return nil }
            if let tag, !page.field("tags").contains(tag) { return nil }
            return (page, hit.value)
        }
        let results: [KnowledgeValue] = matching.prefix(limit).map { page, value in
            var card = page.card.objectValue ?? [:]
            card["score"] = .double((value * 1000).rounded() / 1000)
            card["snippet"] = .string(Self.snippet(of: page.text, words: ranked.words))
            return .object(card)
        }
        return ["query": .string(query), "corrected_query": .optional(ranked.corrected), "total": .integer(matching.count), "results": .array(results)]
    }

    /// About 240 characters of `text` around the first place a query word starts a word (the start
    /// of the text when none does).
    static func snippet(of text: String, words: [String]) -> String {
        let flat = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        let lower = flat.lowercased()
        var best: String.Index?
        for word in words {
            var searchFrom = lower.startIndex
            while let found = lower.range(of: word, range: searchFrom..<lower.endIndex) {
                let startsWord = found.lowerBound == lower.startIndex || !lower[lower.index(before: found.lowerBound)].isLetter
                if startsWord {
                    if best.map({ found.lowerBound < $0 }) ?? true { best = found.lowerBound }
                    break
                }
                searchFrom = found.upperBound
            }
        }
        let length = 240
        guard let hit = best, lower.count == flat.count else { return String(flat.prefix(length)) }
        let offset = lower.distance(from: lower.startIndex, to: hit)
        let start = max(0, offset - 60)
        let slice = flat.dropFirst(start).prefix(length)
        return (start > 0 ? "…" : "") + slice + (start + slice.count < flat.count ? "…" : "")
    }

    // MARK: pages

    private func getPage(_ arguments: ToolArguments) throws(ToolArgumentError) -> KnowledgeValue {
        let page = try knowledge.requirePage(arguments.requiredString("id"), argument: "id")
        var value = page.card.objectValue ?? [:]
        value["front_matter"] = .object(page.frontMatter)
        value["markdown"] = .string(page.twin)
        return .object(value)
    }

    private func related(_ arguments: ToolArguments) throws(ToolArgumentError) -> KnowledgeValue {
        let page = try knowledge.requirePage(arguments.requiredString("id"), argument: "id")
        var value: [String: KnowledgeValue] = ["page": page.card]
        let references = page.entry["references"]?.objectValue ?? [:]
        for name in references.keys.sorted() { value[name] = cards(page.references(name)) }
        return .object(value)
    }

    // MARK: listings

    private func listResources(_ arguments: ToolArguments) throws(ToolArgumentError) -> KnowledgeValue {
        let resources = pages(of: "resource")
        let type = try arguments.choice("type", among: FrontMatterSchema.resourceTypes)
        let area = try arguments.choice("area", among: areaIDs)
        let tag = try arguments.choice("tag", among: Set(resources.flatMap { $0.field("tags") }))
        // A category keeps the resources of the categories below it, as the site's filter does.
        let categories = Set(resources.flatMap { $0.field("category") }.flatMap { path in
            path.split(separator: "/").indices.map { path.split(separator: "/")[...$0].joined(separator: "/") }
        })
        let category = try arguments.choice("category", among: categories)
        // What an agent is and how a client talks to it, as the resources page's agent facets.
        let kind = try arguments.choice("kind", among: FrontMatterSchema.agentKinds)
        let transport = try arguments.choice("transport", among: FrontMatterSchema.transports)
        let chosen = resources.filter { page in
            (type.map { page.field("type").contains($0) } ?? true)
                && (kind.map { page.field("kind").contains($0) } ?? true)
                && (transport.map { page.field("transport").contains($0) } ?? true)
                && (area.map { page.field("areas").contains($0) } ?? true)
                && (tag.map { page.field("tags").contains($0) } ?? true)
                && (category.map { wanted in page.field("category").contains { $0 == wanted || $0.hasPrefix(wanted + "/") } } ?? true)
        }
        return ["resources": .array(chosen.map { page in
            var card = page.card.objectValue ?? [:]
            for field in ["type", "link", "category", "kind"] { card[field] = .optional(page.field(field == "link" ? "url" : field).first) }
            card["areas"] = .array(page.field("areas").map(KnowledgeValue.string))
            card["transport"] = .array(page.field("transport").map(KnowledgeValue.string))
            card["download_url"] = page.entry["download_url"] ?? .null
            card["tags"] = .array(page.field("tags").map(KnowledgeValue.string))
            return .object(card)
        })]
    }

    private func listTutorials(_ arguments: ToolArguments) throws(ToolArgumentError) -> KnowledgeValue {
        let tutorials = pages(of: "tutorial")
        let level = try arguments.choice("level", among: FrontMatterSchema.levels)
        let area = try arguments.choice("area", among: areaIDs)
        let series = try arguments.choice("series", among: pages(of: "series").map(\.id))
        let chosen = tutorials.filter { page in
            (level.map { page.field("level").contains($0) } ?? true)
                && (area.map { page.field("areas").contains($0) } ?? true)
                && (series.map { page.field("series").contains($0) } ?? true)
        }
        return ["tutorials": .array(chosen.map { page in
            var card = page.card.objectValue ?? [:]
            card["level"] = .optional(page.field("level").first)
            card["series"] = .optional(page.field("series").first)
            card["duration_minutes"] = page.frontMatter["duration"] ?? .null
            card["areas"] = .array(page.field("areas").map(KnowledgeValue.string))
            card["prerequisites"] = cards(page.references("prerequisites"))
            return .object(card)
        })]
    }

    private func starterKit() -> KnowledgeValue {
        ["steps": .array(knowledge.stepOrder.enumerated().compactMap { place, key in
            guard let position = knowledge.byKey[key] else { return nil }
            let page = knowledge.pages[position]
            var card = page.card.objectValue ?? [:]
            card["step"] = .integer(place + 1)
            card["tutorials"] = cards(page.references("tutorials"))
            card["resources"] = cards(page.references("resources"))
            return .object(card)
        })]
    }

    private func breakouts() -> KnowledgeValue {
        ["breakouts": .array(pages(of: "breakout").map { page in
            var card = page.card.objectValue ?? [:]
            for field in ["theme", "needs", "actions", "conveners"] { card[field] = page.frontMatter[field] ?? .null }
            card["tutorials"] = cards(page.references("tutorials"))
            card["steps"] = cards(page.references("steps"))
            card["resources"] = cards(page.references("resources"))
            return .object(card)
        })]
    }
}
