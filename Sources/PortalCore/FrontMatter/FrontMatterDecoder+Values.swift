import Foundation
import PortalMarkdown
import Yams

extension FrontMatterDecoder {
    /// Decodes one field's value node, or reports why it does not fit the field's type.
    func decodeValue(_ node: Node, field: FieldSpec, keyLine: Int, keyColumn: Int, diagnostics: inout [Diagnostic]) -> FieldValue? {
        func fail(_ message: String, fix: String? = nil) -> FieldValue? {
            badValue(message, fix: fix, at: (keyLine, keyColumn), &diagnostics)
        }
        switch field.type {
        case .text:
            guard let text = scalarText(node) else { return fail("'\(field.name)' must be text, not a list or a mapping") }
            guard !text.isEmpty else { return fail("'\(field.name)' is empty") }
            // A title's formulas are rendered (see `MarkdownStage.renderTitles`); other text is shown as written.
            if field.name != "title", let formula = MarkdownRenderer.firstFormula(in: text) {
                // Front-matter is plain text wherever the theme shows it: a formula would show as TeX.
                let (line, column) = position(of: node)
                diagnostics.append(source.diagnostic(
                    .warning, "frontmatter.math-in-text", "'\(field.name)' holds the formula \(formula), which is shown as TeX: only the page's text renders math",
                    line: line, column: column, fix: "write it with Unicode characters (χ², μ) or in words, or move it into the page's text"))
            }
            return .text(text)
        case .integer(let range):
            guard let text = scalarText(node), let value = Int(text) else {
                return fail("'\(field.name)' must be \(field.type.phrase)")
            }
            guard range.contains(value) else { return fail("'\(field.name)' must be \(field.type.phrase), not \(value)") }
            return .integer(value)
        case .boolean:
            guard let text = scalarText(node), text == "true" || text == "false" else {
                return fail("'\(field.name)' must be true or false")
            }
            return .boolean(text == "true")
        case .date:
            guard let text = scalarText(node) else { return fail("'\(field.name)' must be \(field.type.phrase)") }
            guard CalendarDate(text) != nil else {
                return fail("'\(text)' is not a valid date for '\(field.name)'", fix: "write it as YYYY-MM-DD, e.g. 2026-05-18")
            }
            return .date(text)
        case .url:
            guard let text = scalarText(node) else { return fail("'\(field.name)' must be \(field.type.phrase)") }
            if let scheme = ScriptURL.refusedScheme(in: text) {
                let (line, column) = position(of: node)
                diagnostics.append(source.error(
                    "frontmatter.unsafe-url", "'\(field.name)' is a '\(scheme):' address, which could run code in the reader's browser",
                    line: line, column: column, fix: "use a full http:// or https:// address"
                ))
                return nil
            }
            guard WebAddress.isValid(text) else {
                return fail("'\(text)' is not a valid address for '\(field.name)'", fix: "use a full http:// or https:// address")
            }
            return .text(text)
        case .duration:
            guard let text = scalarText(node), let minutes = Duration.minutes(in: text) else {
                return fail("'\(field.name)' must be \(field.type.phrase)")
            }
            return .duration(minutes: minutes)
        case .minutes:
            guard let text = scalarText(node), let minutes = Int(text).flatMap({ (0...99_999).contains($0) ? $0 : nil }) ?? Duration.minutes(in: text) else {
                return fail("'\(field.name)' must be \(field.type.phrase)")
            }
            return .duration(minutes: minutes)
        case .choice(let values):
            guard let text = scalarText(node) else { return fail("'\(field.name)' must be \(field.type.phrase)") }
            guard values.contains(text) else {
                let hint = Suggestion.didYouMean(text, in: values)
                return fail("'\(text)' is not a valid \(field.name); it must be \(field.type.phrase)", fix: hint)
            }
            return .text(text)
        case .choiceList(let values):
            return decodeChoices(node, field: field, values: values, at: (keyLine, keyColumn), diagnostics: &diagnostics)
        case .license:
            guard let text = scalarText(node), !text.isEmpty else { return fail("'\(field.name)' must be \(field.type.phrase)") }
            if let problem = SPDXExpression.problem(in: text) { return fail(problem.message, fix: problem.fix) }
            return .text(text)
        case .tools:
            return decodeTools(node, field: field, at: (keyLine, keyColumn), diagnostics: &diagnostics)
        case .identifier:
            guard let text = scalarText(node) else { return fail("'\(field.name)' must be \(field.type.phrase)") }
            guard PageID.isValid(text) else {
                return fail("'\(text)' is not a valid id for '\(field.name)'", fix: "use '\(PageID.suggest(from: text))'")
            }
            return .text(text)
        case .persistent(let scheme):
            guard let text = scalarText(node), scheme.isValid(text) else {
                return fail("'\(field.name)' must be \(scheme.phrase)", fix: scheme.fix)
            }
            return .text(text)
        case .interval:
            guard let text = scalarText(node), ReviewInterval(text) != nil else { return fail("'\(field.name)' must be \(field.type.phrase)") }
            return .text(text)
        case .language:
            guard let text = scalarText(node), Identifiers.isLanguageTag(text) else { return fail("'\(field.name)' must be \(field.type.phrase)") }
            return .text(text)
        case .category:
            guard let text = scalarText(node) else { return fail("'\(field.name)' must be \(field.type.phrase)") }
            switch CategoryPath.normalized(text) {
            case .success(let path): return .text(path)
            case .failure(let problem): return fail(problem.message, fix: problem.fix)
            }
        case .textList, .tagList, .references, .categoryList:
            return decodeList(node, field: field, at: (keyLine, keyColumn), diagnostics: &diagnostics)
        case .people:
            return decodePeople(node, field: field, at: (keyLine, keyColumn), diagnostics: &diagnostics)
        case .navigation:
            return decodeNavigation(node, field: field, at: (keyLine, keyColumn), diagnostics: &diagnostics)
        case .math:
            return decodeMath(node, field: field, at: (keyLine, keyColumn), diagnostics: &diagnostics)
        case .video:
            return decodeVideo(node, field: field, at: (keyLine, keyColumn), diagnostics: &diagnostics)
        case .search:
            return decodeSearch(node, field: field, at: (keyLine, keyColumn), diagnostics: &diagnostics)
        case .notebookSettings:
            guard case .mapping = node else { return fail("'\(field.name)' must be \(field.type.phrase)") }
            return .kept
        case .settings(let texts, let lists, let example):
            return decodeSettings(node, field: field, texts: texts, lists: lists, example: example, at: (keyLine, keyColumn), diagnostics: &diagnostics)
        case .origin:
            return decodeOrigin(node, field: field, at: (keyLine, keyColumn), diagnostics: &diagnostics)
        case .breaks:
            return decodeBreaks(node, field: field, at: (keyLine, keyColumn), diagnostics: &diagnostics)
        case .citation:
            return decodeCitation(node, field: field, at: (keyLine, keyColumn), diagnostics: &diagnostics)
        }
    }

    /// `based_on:` of an adapted series: its addresses must be web addresses and its commit a git
    /// commit, because they are published as links and in JSON-LD.
    func decodeOrigin(_ node: Node, field: FieldSpec, at key: (line: Int, column: Int), diagnostics: inout [Diagnostic]) -> FieldValue? {
        let example = "{url: https://github.com/OWNER/LESSON, license: CC-BY-4.0}"
        guard case .fields(let texts, let lists) = decodeSettings(node, field: field, texts: ["title", "url", "commit", "license", "license_url"], lists: ["authors"],
                                                                  example: example, at: key, diagnostics: &diagnostics) else { return nil }
        guard texts["url"] != nil else {
            return badValue("'\(field.name)' needs a 'url': the address of the lesson it was adapted from", fix: "write it as '\(field.name): \(example)'", at: key, &diagnostics)
        }
        var valid = texts
        for name in ["url", "license_url"] {
            guard let value = texts[name], !WebAddress.isValid(value.value) else { continue }
            diagnostics.append(source.error("frontmatter.bad-value", "'\(name)' in '\(field.name)' must be an http:// or https:// address", line: value.line, column: value.column))
            valid[name] = nil
        }
        if let commit = texts["commit"], !(7...64).contains(commit.value.utf8.count) || !commit.value.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) {
            diagnostics.append(source.error("frontmatter.bad-value", "'commit' in '\(field.name)' must be a git commit: 7 to 64 lower-case hexadecimal digits",
                                            line: commit.line, column: commit.column))
            valid["commit"] = nil
        }
        guard valid["url"] != nil else { return nil }
        return .fields(valid, lists: lists)
    }

    /// `breaks:` of a series: `{after, minutes, title}` entries; whether `after` names a part is
    /// checked once the series' parts are known.
    private func decodeBreaks(_ node: Node, field: FieldSpec, at key: (line: Int, column: Int), diagnostics: inout [Diagnostic]) -> FieldValue? {
        guard let nodes = items(node) else { return badValue("'\(field.name)' must be \(field.type.phrase)", at: key, &diagnostics) }
        var entries: [ScheduleBreakEntry] = []
        for item in nodes {
            guard let fields = mappingFields(item, allowed: ["after", "minutes", "title"], context: field.name, diagnostics: &diagnostics) else { continue }
            let (line, column) = position(of: item)
            guard let afterText = fields["after"], let minutesText = fields["minutes"] else {
                diagnostics.append(source.error("frontmatter.missing-field", "each break in '\(field.name)' needs 'after' (the part it follows) and 'minutes'",
                                                line: line, column: column, fix: "write it as '- {after: 2, minutes: 15}'"))
                continue
            }
            guard let after = Int(afterText.value), after >= 1 else {
                diagnostics.append(source.error("frontmatter.bad-value", "'after' in '\(field.name)' must be a part number: 1, 2, 3, …", line: afterText.line, column: afterText.column))
                continue
            }
            let minutes = Int(minutesText.value) ?? Duration.minutes(in: minutesText.value)
            guard let minutes, (1...24 * 60).contains(minutes) else {
                diagnostics.append(source.error("frontmatter.bad-value", "'minutes' in '\(field.name)' must be a number of minutes such as 15, or a duration such as '1 h'",
                                                line: minutesText.line, column: minutesText.column))
                continue
            }
            entries.append(ScheduleBreakEntry(after: after, minutes: minutes, title: fields["title"]?.value ?? "Break", line: line, column: column))
        }
        return .breaks(entries)
    }

    /// One word of `values`, or a list of them (`transport: stdio`, `transport: [stdio, http]`),
    /// each checked where it is written.
    private func decodeChoices(_ node: Node, field: FieldSpec, values: [String], at key: (line: Int, column: Int), diagnostics: inout [Diagnostic]) -> FieldValue? {
        let nodes = items(node) ?? [node]
        var chosen: [Located<String>] = []
        for item in nodes {
            let (line, column) = position(of: item)
            guard let text = scalarText(item), !text.isEmpty else {
                diagnostics.append(source.error("frontmatter.bad-value", "each item of '\(field.name)' must be one of \(values.joined(separator: ", "))", line: line, column: column))
                continue
            }
            guard values.contains(text) else {
                diagnostics.append(source.error("frontmatter.bad-value", "'\(text)' is not a valid \(field.name); it must be one of \(values.joined(separator: ", "))",
                                                line: line, column: column, fix: Suggestion.didYouMean(text, in: values)))
                continue
            }
            if chosen.contains(where: { $0.value == text }) {
                diagnostics.append(source.diagnostic(.warning, "frontmatter.duplicate-item", "'\(text)' is listed twice in '\(field.name)'", line: line, column: column))
                continue
            }
            chosen.append(Located(value: text, line: line, column: column))
        }
        return chosen.isEmpty ? nil : .list(chosen)
    }

    /// `tools:` of an agent: `{name, description}` entries, the names as a client calls them (a
    /// word of letters, digits, `_`, `-`, `.` and `/`, at most 64 characters, as MCP allows) and
    /// each name once.
    private func decodeTools(_ node: Node, field: FieldSpec, at key: (line: Int, column: Int), diagnostics: inout [Diagnostic]) -> FieldValue? {
        guard let nodes = items(node) else { return badValue("'\(field.name)' must be \(field.type.phrase)", at: key, &diagnostics) }
        var tools: [AgentTool] = []
        for item in nodes {
            guard let fields = mappingFields(item, allowed: ["name", "description"], context: field.name, diagnostics: &diagnostics) else { continue }
            let (line, column) = position(of: item)
            guard let name = fields["name"], let description = fields["description"] else {
                diagnostics.append(source.error("frontmatter.missing-field", "each tool in '\(field.name)' needs a 'name' and a one-line 'description'",
                                                line: line, column: column, fix: "write it as '- {name: search, description: Finds pages by words}'"))
                continue
            }
            let allowed = name.value.utf8.allSatisfy { byte in
                (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == 0x5F || byte == 0x2D || byte == 0x2E || byte == 0x2F
            }
            guard allowed, name.value.utf8.count <= 64 else {
                diagnostics.append(source.error("frontmatter.bad-value", "the tool name '\(name.value)' is not a name a client can call",
                                                line: name.line, column: name.column, fix: "use at most 64 letters, digits, '_', '-', '.' and '/', without spaces, as the tool is named"))
                continue
            }
            if tools.contains(where: { $0.name == name.value }) {
                diagnostics.append(source.error("frontmatter.bad-value", "the tool '\(name.value)' is listed twice in '\(field.name)'",
                                                line: name.line, column: name.column, fix: "keep one of the two"))
                continue
            }
            tools.append(AgentTool(name: name.value, description: description.value, line: line, column: column))
        }
        return .tools(tools)
    }

    /// Reports a value that does not fit its field, at the field's key; always nil.
    func badValue(_ message: String, fix: String? = nil, at key: (line: Int, column: Int), _ diagnostics: inout [Diagnostic]) -> FieldValue? {
        diagnostics.append(source.error("frontmatter.bad-value", message, line: key.line, column: key.column, fix: fix))
        return nil
    }

    func scalarText(_ node: Node) -> String? {
        guard case .scalar(let scalar) = node else { return nil }
        let text = scalar.string
        guard let first = text.utf8.first, let last = text.utf8.last, first == 0x20 || first == 0x09 || last == 0x20 || last == 0x09 else { return text }
        return text.trimmingCharacters(in: .whitespaces)
    }

    func items(_ node: Node) -> [Node]? {
        switch node {
        case .sequence(let sequence): return Array(sequence)
        default: return nil
        }
    }

    func decodeList(_ node: Node, field: FieldSpec, at key: (line: Int, column: Int), diagnostics: inout [Diagnostic]) -> FieldValue? {
        guard let nodes = items(node) else {
            let example = scalarText(node).map { "write it as a list: [\($0)]" }
            return badValue("'\(field.name)' must be \(field.type.phrase)", fix: example, at: key, &diagnostics)
        }
        var values: [Located<String>] = []
        var seen: Set<String> = []
        for item in nodes {
            let (line, column) = position(of: item)
            guard var text = scalarText(item), !text.isEmpty else {
                diagnostics.append(source.error("frontmatter.bad-value", "each item of '\(field.name)' must be a single \(field.type.itemNoun)", line: line, column: column))
                continue
            }
            switch field.type {
            case .tagList, .references:
                // A tag becomes a folder name (`tags/NAME/`), which the file system limits.
                if case .tagList = field.type, text.utf8.count > FrontMatterLimits.maximumTagLength {
                    diagnostics.append(source.error(
                        "frontmatter.bad-value", "the tag '\(text.prefix(24))…' is \(text.utf8.count) characters long; a tag may be at most \(FrontMatterLimits.maximumTagLength)",
                        line: line, column: column, fix: "shorten it to a word or two"
                    ))
                    continue
                }
                guard PageID.isValid(text) else {
                    if case .references = field.type, TextSearch.contains("/", in: text) || text.hasSuffix(".md") {
                        let id = String(text.split(separator: "/").last ?? "").replacingOccurrences(of: ".md", with: "")
                        diagnostics.append(source.error(
                            "frontmatter.bad-value", "'\(text)' is a path; '\(field.name)' names pages by id", line: line, column: column, fix: "write '\(id)'"
                        ))
                        continue
                    }
                    let suggestion = PageID.suggest(from: text)
                    diagnostics.append(source.error(
                        "frontmatter.bad-value", "'\(text)' is not a valid \(field.type.itemNoun): use lower-case letters, digits and hyphens",
                        line: line, column: column, fix: suggestion.isEmpty ? nil : "write '\(suggestion)'"
                    ))
                    continue
                }
            case .categoryList:
                switch CategoryPath.normalized(text) {
                case .success(let path): text = path
                case .failure(let problem):
                    diagnostics.append(source.error("frontmatter.bad-value", problem.message, line: line, column: column, fix: problem.fix))
                    continue
                }
            default:
                break
            }
            if seen.contains(text) {
                diagnostics.append(source.diagnostic(.warning, "frontmatter.duplicate-item", "'\(text)' is listed twice in '\(field.name)'", line: line, column: column))
                continue
            }
            seen.insert(text)
            values.append(Located(value: text, line: line, column: column))
        }
        if field.required && values.isEmpty && nodes.isEmpty {
            return badValue("'\(field.name)' must list at least one item", at: key, &diagnostics)
        }
        return .list(values)
    }

    private func decodePeople(_ node: Node, field: FieldSpec, at key: (line: Int, column: Int), diagnostics: inout [Diagnostic]) -> FieldValue? {
        guard let nodes = items(node) else { return badValue("'\(field.name)' must be \(field.type.phrase)", at: key, &diagnostics) }
        var people: [Person] = []
        for item in nodes {
            guard let fields = mappingFields(item, allowed: ["name", "affiliation"], context: field.name, diagnostics: &diagnostics) else { continue }
            guard let name = fields["name"] else {
                let (line, column) = position(of: item)
                diagnostics.append(source.error("frontmatter.missing-field", "each of '\(field.name)' needs a 'name'", line: line, column: column))
                continue
            }
            people.append(Person(name: name.value, affiliation: fields["affiliation"]?.value))
        }
        return .people(people)
    }
}

extension FieldType {
    /// What one item of a list of this type is called.
    var itemNoun: String {
        switch self {
        case .tagList: return "tag"
        case .references(let kind): return "\(kind.rawValue) id"
        case .categoryList: return "category path"
        default: return "text"
        }
    }
}
