import Foundation
import Yams

/// What Liquid in one page of a Jekyll lesson resolves to.
struct CarpentriesLiquidContext {
    /// The page's path from its folder to the lesson's top, as Jekyll's `page.root` is (`..` from
    /// `_episodes/`, `.` from the top).
    var root: String
    /// `_config.yml`, for `{{ site.X }}`.
    var site: Node?
    /// The page's front-matter, for `{{ page.X }}`.
    var page: Node?
    /// The reference link definitions of `_includes/links.md`, each with its line there.
    var linkDefinitions: [(label: String, line: CarpentriesLine)]
}

/// Resolves the Liquid of a Jekyll lesson's page: what Jekyll computes once (paths, settings, the
/// links include, code highlighting) becomes plain Markdown; anything that depends on a
/// condition or a loop stays as written, with a note.
struct CarpentriesLiquid {
    let context: CarpentriesLiquidContext
    var notes: [ImportNote] = []
    /// How many tags and outputs were resolved.
    var converted = 0

    /// Includes that only set variables for the theme, or draw what portal's series page draws
    /// itself (the schedule): removed without a note.
    static let plumbingIncludes: Set<String> = ["base_path.html", "gh_variables.html", "manual_episode_order.html", "syllabus.html", "episode_navbar.html", "all_keypoints.html"]

    init(context: CarpentriesLiquidContext) {
        self.context = context
    }

    /// `lines` with their Liquid resolved.
    mutating func resolve(_ lines: [CarpentriesLine]) -> [CarpentriesLine] {
        var out: [CarpentriesLine] = []
        var inRaw = false
        var inComment = false
        var highlightPrefix: String?
        var usedLabels = Set<String>()
        var include: (index: Int, line: CarpentriesLine)?
        for line in lines {
            let characters = Array(line.text)
            var text = ""
            var index = 0
            var removedTag = false
            while index < characters.count {
                guard characters[index] == "{", index + 1 < characters.count, characters[index + 1] == "%" || characters[index + 1] == "{" else {
                    text.append(characters[index])
                    index += 1
                    continue
                }
                let isTag = characters[index + 1] == "%"
                let closer: [Character] = isTag ? ["%", "}"] : ["}", "}"]
                guard let end = Self.find(closer, in: characters, from: index + 2) else {
                    text.append(characters[index])
                    index += 1
                    continue
                }
                let whole = String(characters[index..<(end + 2)])
                var inner = String(characters[(index + 2)..<end])
                if inner.hasPrefix("-") { inner.removeFirst() }
                if inner.hasSuffix("-") { inner.removeLast() }
                inner = inner.trimmingCharacters(in: .whitespaces)
                let column = index + 1
                index = end + 2
                if inRaw {
                    if isTag, inner == "endraw" { inRaw = false; converted += 1; removedTag = true } else { text += whole }
                    continue
                }
                if inComment {
                    if isTag, inner == "endcomment" { inComment = false; converted += 1; text += "-->" } else { text += whole }
                    continue
                }
                if isTag {
                    let words = inner.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
                    switch words.first ?? "" {
                    case "raw":
                        inRaw = true
                        converted += 1
                        removedTag = true
                    case "comment":
                        // A Liquid comment is not shown; an HTML comment keeps its words and hides them too.
                        inComment = true
                        converted += 1
                        text += "<!--"
                    case "include" where words.count >= 2 && words[1] == "links.md":
                        converted += 1
                        removedTag = true
                        if include == nil { include = (out.count, line) }
                    case "include" where words.count >= 2 && Self.plumbingIncludes.contains(words[1]):
                        converted += 1
                        removedTag = true
                    case "highlight" where words.count >= 2 && Self.isAlone(text, rest: characters[index...]):
                        highlightPrefix = text
                        let options = words.dropFirst(2).contains("linenos") ? " {linenos}" : ""
                        text += "```" + words[1] + options
                        index = characters.count
                        converted += 1
                    case "endhighlight" where highlightPrefix != nil && Self.isAlone(text, rest: characters[index...]):
                        text += "```"
                        highlightPrefix = nil
                        index = characters.count
                        converted += 1
                    default:
                        text += whole
                        note(line, column: column, whole: whole, isTag: true, words: words)
                    }
                } else if let value = output(inner) {
                    converted += 1
                    if value.isRoot, let after = Self.linkEnd(characters, from: index) {
                        // `{{ page.root }}/` alone is the lesson's home page, which the links make the series page.
                        text += context.root + "/index.md"
                        index = after
                    } else {
                        text += value.text
                    }
                } else {
                    text += whole
                    note(line, column: column, whole: whole, isTag: false, words: [])
                }
            }
            // A line that held only a tag the import removed goes with it.
            if removedTag, text.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            var copy = line
            copy.text = text
            out.append(copy)
            for label in Self.bracketTexts(text) { usedLabels.insert(label) }
        }
        // The links include: the definitions this page uses, where the include was.
        if let include {
            let definitions = context.linkDefinitions.filter { usedLabels.contains($0.label) }
            let resolved = resolveDefinitions(definitions.map(\.line))
            if !resolved.isEmpty { out.insert(contentsOf: [include.line.added("")] + resolved + [include.line.added("")], at: include.index) }
        }
        return out
    }

    /// Definitions from `_includes/links.md`, with their own Liquid resolved for this page.
    private mutating func resolveDefinitions(_ lines: [CarpentriesLine]) -> [CarpentriesLine] {
        var inner = context
        inner.linkDefinitions = []
        var copy = CarpentriesLiquid(context: inner)
        let resolved = copy.resolve(lines)
        notes += copy.notes
        converted += copy.converted
        return resolved
    }

    private mutating func note(_ line: CarpentriesLine, column: Int, whole: String, isTag: Bool, words: [String]) {
        let shown = whole.count > 60 ? String(whole.prefix(57)) + "…" : whole
        let message: String
        let fix: String
        if isTag, words.first == "include" {
            message = "the include '\(shown)' has no equivalent in portal; it was left as written"
            fix = "copy what the included file shows into the page, or remove the include"
        } else if isTag {
            message = "the Liquid tag '\(shown)' was left as written: its result depends on Jekyll"
            fix = "write the text the tag produces (keep the branch that applies), or remove it"
        } else {
            message = "the Liquid value '\(shown)' names nothing the import knows; it was left as written"
            fix = "write the value itself, or remove it"
        }
        notes.append(ImportNote(file: line.file, line: line.line, column: column, construct: "liquid-tag", message: message, fix: fix))
    }

    /// What a `{{ … }}` output resolves to, or nil when the import cannot say.
    private func output(_ expression: String) -> (text: String, isRoot: Bool)? {
        let parts = expression.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let base = parts.first else { return nil }
        let filters = parts.dropFirst()
        if base.count >= 2, let quote = base.first, quote == "'" || quote == "\"", base.last == quote {
            let path = String(base.dropFirst().dropLast())
            guard !filters.isEmpty, filters.allSatisfy({ $0 == "relative_url" || $0 == "absolute_url" }) else { return filters.isEmpty ? (path, false) : nil }
            return join(root: context.root, path)
        }
        guard filters.isEmpty else { return nil }
        if ["page.root", "site.root", "relative_root_path", "site.baseurl", "base_path"].contains(base) {
            return (context.root, true)
        }
        if base.hasPrefix("site."), let value = Self.lookup(context.site, path: base.dropFirst(5)) { return (value, false) }
        if base.hasPrefix("page."), let value = Self.lookup(context.page, path: base.dropFirst(5)) { return (value, false) }
        return nil
    }

    /// A site path (`/setup/`, `fig/a.png`) as a link from the page.
    private func join(root: String, _ path: String) -> (text: String, isRoot: Bool) {
        let trimmed = path.drop(while: { $0 == "/" })
        if trimmed.isEmpty { return (root + "/index.md", false) }
        return (root + "/" + trimmed, false)
    }

    /// A text value at a dotted path (`title`, `github.repository_url`) in a YAML mapping.
    static func lookup(_ node: Node?, path: Substring) -> String? {
        var current = node
        for key in path.split(separator: ".") { current = current?[String(key)] }
        return current?.scalar?.string
    }

    /// Where the link that `{{ page.root }}` starts ends, when it is nothing but the lesson's top
    /// (an optional `/`, then the end of the address): the index after it.
    static func linkEnd(_ characters: [Character], from index: Int) -> Int? {
        var cursor = index
        if cursor < characters.count, characters[cursor] == "/" { cursor += 1 }
        if cursor == characters.count { return cursor }
        return [")", "\"", "'", ">", " "].contains(characters[cursor]) ? cursor : nil
    }

    /// Whether a tag stands alone on its line: only quote marks and spaces before it, nothing after.
    static func isAlone(_ before: String, rest: ArraySlice<Character>) -> Bool {
        before.allSatisfy { $0 == " " || $0 == ">" } && rest.allSatisfy { $0 == " " || $0 == "\t" }
    }

    static func find(_ needle: [Character], in characters: [Character], from start: Int) -> Int? {
        var index = start
        while index + 1 < characters.count {
            if characters[index] == needle[0], characters[index + 1] == needle[1] { return index }
            index += 1
        }
        return nil
    }

    /// The lower-cased texts between square brackets in a line: the labels it may use.
    static func bracketTexts(_ text: String) -> [String] {
        var labels: [String] = []
        var start: String.Index?
        for index in text.indices {
            if text[index] == "[" { start = text.index(after: index) }
            if text[index] == "]", let open = start {
                labels.append(text[open..<index].lowercased().trimmingCharacters(in: .whitespaces))
                start = nil
            }
        }
        return labels
    }

    /// The reference link definitions of a links file: `[label]: target`, one a line.
    static func definitions(in text: String, file: String) -> [(label: String, line: CarpentriesLine)] {
        var found: [(String, CarpentriesLine)] = []
        for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let characters = Array(line)
            guard ImportLinks.referenceDefinition(characters) != nil,
                  let open = line.firstIndex(of: "["), let close = line.firstIndex(of: "]") else { continue }
            let label = line[line.index(after: open)..<close].lowercased().trimmingCharacters(in: .whitespaces)
            found.append((label, CarpentriesLine(String(line), file: file, line: offset + 1)))
        }
        return found
    }
}
