import Foundation

/// Rewrites the links and image paths of a converted page so that they work from its bundle.
///
/// A lesson links its figures relative to the episode's file (`../fig/rnn.png` from
/// `_episodes/`, `fig/rnn.png` from `episodes/`) and its other episodes by their source names
/// (`02-data.md`, `../02-data/index.html`, `02-data/`). In the bundle the figure sits at the path
/// the link resolves to, counted from the episode's folder when it is inside it (`fig/rnn.png` in
/// both cases), and an episode is a part at `../SERIES-SLUG/`. Links are found in Markdown's
/// inline form (`[t](x)`, `![a](x "title")`), reference definitions (`[r]: x`) and HTML's `src`
/// and `href`, never inside code. Addresses with a scheme, anchors and mail links stay as they are.
public struct ImportLinks {
    /// Where each episode of the lesson is published, by its source path without extension
    /// (`_episodes/02-data` → `../lesson-data/`).
    public var episodes: [String: String]
    /// The source, to see which targets exist.
    public let source: ImportSource

    public init(episodes: [String: String], source: ImportSource) {
        self.episodes = episodes
        self.source = source
    }

    /// The result of rewriting one page.
    public struct Result {
        public var text: String
        /// Files the page links to, to copy into its bundle (each once).
        public var files: [ImportedFile] = []
        /// Relative links whose target is neither a file of the source nor an episode.
        public var notes: [ImportNote] = []
        /// How many image links the page has (Markdown or HTML).
        public var figures = 0
    }

    /// `text`, the converted body of the source file `file`, with its relative links rewritten.
    /// `lineOffset` is the number of lines before `text` in the source file (its front-matter), so
    /// that notes point at the source's lines.
    public func rewrite(_ text: String, file: String, lineOffset: Int = 0) -> Result {
        var result = Result(text: "")
        var seenFiles = Set<String>()
        var output: [String] = []
        var fence: (character: Character, count: Int)?
        var lineNumber = lineOffset
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let marker = Self.fenceMarker(line)
            if let open = fence {
                if let marker, marker.character == open.character, marker.count >= open.count, marker.rest.allSatisfy(\.isWhitespace) { fence = nil }
                output.append(String(line))
                continue
            }
            if let marker {
                fence = (marker.character, marker.count)
                output.append(String(line))
                continue
            }
            output.append(rewriteLine(String(line), file: file, line: lineNumber, result: &result, seenFiles: &seenFiles))
        }
        result.text = output.joined(separator: "\n")
        return result
    }

    /// A fence's character, length and what follows it, for a line (after any `>` quote marks and up
    /// to three spaces) that starts with three or more backquotes or tildes.
    static func fenceMarker(_ line: Substring) -> (character: Character, count: Int, rest: Substring)? {
        var rest = line[...]
        while true {
            let trimmed = rest.drop(while: { $0 == " " })
            if trimmed.first == ">" { rest = trimmed.dropFirst() } else { break }
        }
        let indent = rest.prefix(while: { $0 == " " }).count
        guard indent <= 3 || line.first == ">" else { return nil }
        rest = rest.dropFirst(indent)
        guard let first = rest.first, first == "`" || first == "~" else { return nil }
        let count = rest.prefix(while: { $0 == first }).count
        guard count >= 3 else { return nil }
        let after = rest.dropFirst(count)
        if first == "`", after.contains("`") { return nil }
        return (first, count, after)
    }

    private func rewriteLine(_ line: String, file: String, line lineNumber: Int, result: inout Result, seenFiles: inout Set<String>) -> String {
        let characters = Array(line)
        var out = ""
        var index = 0
        // A reference definition: `[label]: target`.
        if let definition = Self.referenceDefinition(characters) {
            let target = String(characters[definition])
            let replacement = rewriteTarget(target, file: file, line: lineNumber, column: definition.lowerBound + 1, isImage: false, result: &result, seenFiles: &seenFiles)
            return String(characters[..<definition.lowerBound]) + replacement + String(characters[definition.upperBound...])
        }
        var inCode = 0
        while index < characters.count {
            let character = characters[index]
            if character == "`" {
                let run = characters[index...].prefix(while: { $0 == "`" }).count
                if inCode == 0 { inCode = run } else if inCode == run { inCode = 0 }
                out.append(String(repeating: "`", count: run))
                index += run
                continue
            }
            if inCode == 0, character == "]", index + 1 < characters.count, characters[index + 1] == "(" {
                if let close = Self.closingParenthesis(characters, from: index + 2) {
                    let inner = Array(characters[(index + 2)..<close])
                    let (target, titlePart) = Self.splitTitle(inner)
                    let isImage = Self.isImage(characters, closingBracket: index)
                    let replaced = rewriteTarget(target, file: file, line: lineNumber, column: index + 3, isImage: isImage, result: &result, seenFiles: &seenFiles)
                    out += "](" + replaced + titlePart + ")"
                    index = close + 1
                    continue
                }
            }
            if inCode == 0, character == "s" || character == "h", let attribute = Self.htmlAddress(characters, at: index) {
                let target = String(characters[attribute.value])
                let isImage = character == "s"
                let replaced = rewriteTarget(target, file: file, line: lineNumber, column: attribute.value.lowerBound + 1, isImage: isImage, result: &result, seenFiles: &seenFiles)
                out += String(characters[index..<attribute.value.lowerBound]) + replaced
                index = attribute.value.upperBound
                continue
            }
            out.append(character)
            index += 1
        }
        return out
    }

    /// The new text of one link target.
    private func rewriteTarget(_ target: String, file: String, line: Int, column: Int, isImage: Bool, result: inout Result, seenFiles: inout Set<String>) -> String {
        if isImage { result.figures += 1 }
        var bare = target
        var angle = false
        if bare.hasPrefix("<"), bare.hasSuffix(">") { bare = String(bare.dropFirst().dropLast()); angle = true }
        if bare.isEmpty || bare.hasPrefix("#") || bare.hasPrefix("//") || Self.hasScheme(bare) { return target }
        var suffix = ""
        if let cut = bare.firstIndex(where: { $0 == "#" || $0 == "?" }) {
            suffix = String(bare[cut...]).hasPrefix("?") ? "" : String(bare[cut...])
            bare = String(bare[..<cut])
        }
        let decoded = bare.removingPercentEncoding ?? bare
        guard let resolved = ImportSource.resolve(decoded, from: file) else {
            result.notes.append(ImportNote(file: file, line: line, column: column, construct: "link-outside",
                                           message: "the link '\(target)' leads out of the lesson", fix: "link the page it means by its full https:// address"))
            return target
        }
        if let page = episodePage(resolved) {
            let wrapped = page + suffix
            return angle ? "<\(wrapped)>" : wrapped
        }
        if source.contains(resolved) {
            let folder = file.split(separator: "/").dropLast().joined(separator: "/")
            let destination = !folder.isEmpty && resolved.hasPrefix(folder + "/") ? String(resolved.dropFirst(folder.count + 1)) : resolved
            if seenFiles.insert(resolved).inserted {
                result.files.append(ImportedFile(sourcePath: resolved, destination: destination))
            }
            let encoded = destination.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? destination
            let wrapped = encoded + suffix
            return angle ? "<\(wrapped)>" : wrapped
        }
        result.notes.append(ImportNote(file: file, line: line, column: column, construct: "broken-link",
                                       message: "the link '\(target)' names no file or episode of the lesson",
                                       fix: "link the page it means by its full https:// address, or remove the link"))
        return target
    }

    /// The part an episode link leads to: `02-data.md`, `02-data.html`, `02-data/`, `02-data/index.html`.
    private func episodePage(_ resolved: String) -> String? {
        var stem = resolved
        for ending in ["/index.html", "/index.md", "/index", "/"] where stem.hasSuffix(ending) {
            stem = String(stem.dropLast(ending.count))
            break
        }
        if let dot = stem.lastIndex(of: "."), !stem[dot...].contains("/") {
            let ext = stem[stem.index(after: dot)...].lowercased()
            if ["md", "html", "ipynb", "rmd", "markdown"].contains(ext) { stem = String(stem[..<dot]) }
        }
        if let page = episodes[stem] { return page }
        return nil
    }

    static func hasScheme(_ target: String) -> Bool {
        guard let colon = target.firstIndex(of: ":") else { return false }
        let scheme = target[..<colon]
        return !scheme.isEmpty && scheme.first!.isLetter && scheme.allSatisfy { $0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == "." }
    }

    static func isImage(_ characters: [Character], closingBracket: Int) -> Bool {
        var depth = 0
        var index = closingBracket
        while index >= 0 {
            if characters[index] == "]" { depth += 1 }
            if characters[index] == "[" {
                depth -= 1
                if depth == 0 { return index > 0 && characters[index - 1] == "!" }
            }
            index -= 1
        }
        return false
    }

    static func closingParenthesis(_ characters: [Character], from start: Int) -> Int? {
        var depth = 0
        var index = start
        if index < characters.count, characters[index] == "<" {
            while index < characters.count, characters[index] != ">" { index += 1 }
        }
        while index < characters.count {
            switch characters[index] {
            case "\\": index += 1
            case "(": depth += 1
            case ")":
                if depth == 0 { return index }
                depth -= 1
            default: break
            }
            index += 1
        }
        return nil
    }

    /// A link's destination and the title after it (with its leading space), as written.
    static func splitTitle(_ inner: [Character]) -> (String, String) {
        let text = String(inner)
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("<"), let close = trimmed.firstIndex(of: ">") {
            return (String(trimmed[...close]), String(trimmed[trimmed.index(after: close)...]))
        }
        if let space = trimmed.firstIndex(where: { $0 == " " || $0 == "\t" }) {
            return (String(trimmed[..<space]), String(trimmed[space...]))
        }
        return (trimmed, "")
    }

    /// The target's range in a reference definition line (`[label]: target "title"`).
    static func referenceDefinition(_ characters: [Character]) -> Range<Int>? {
        var index = 0
        while index < characters.count, index < 3, characters[index] == " " { index += 1 }
        guard index < characters.count, characters[index] == "[", index + 1 < characters.count, characters[index + 1] != "^" else { return nil }
        guard let close = characters[index...].firstIndex(of: "]"), close + 1 < characters.count, characters[close + 1] == ":" else { return nil }
        var start = close + 2
        while start < characters.count, characters[start] == " " || characters[start] == "\t" { start += 1 }
        guard start < characters.count else { return nil }
        var end = start
        while end < characters.count, characters[end] != " ", characters[end] != "\t" { end += 1 }
        return start..<end
    }

    /// An HTML `src="…"` or `href="…"` attribute's value range, for the attribute starting at `index`.
    static func htmlAddress(_ characters: [Character], at index: Int) -> (name: String, value: Range<Int>)? {
        for name in ["src", "href"] {
            let nameCharacters = Array(name)
            guard index + nameCharacters.count + 2 <= characters.count,
                  Array(characters[index..<(index + nameCharacters.count)]) == nameCharacters,
                  index > 0, characters[index - 1] == " " || characters[index - 1] == "\t" else { continue }
            var cursor = index + nameCharacters.count
            while cursor < characters.count, characters[cursor] == " " { cursor += 1 }
            guard cursor < characters.count, characters[cursor] == "=" else { continue }
            cursor += 1
            while cursor < characters.count, characters[cursor] == " " { cursor += 1 }
            guard cursor < characters.count, characters[cursor] == "\"" || characters[cursor] == "'" else { continue }
            let quote = characters[cursor]
            guard let end = characters[(cursor + 1)...].firstIndex(of: quote) else { continue }
            return (name, (cursor + 1)..<end)
        }
        return nil
    }
}
