import Foundation
import PortalMarkdown

/// Turns kramdown's block attributes, as the Carpentries' Jekyll lessons write them, into the
/// Markdown portal reads without them: a quote followed by `{: .challenge}` becomes a `:::`
/// block, and a code block followed by `{: .language-python}` a fence naming its language.
///
/// portal renders the kramdown forms too; converting them makes the imported page read like every
/// other page, and its twin like the Workbench's.
struct CarpentriesBlocks {
    var notes: [ImportNote] = []
    /// How many lesson blocks were made.
    var blocks = 0


    /// How deep portal nests blocks.
    static let deepestNesting = 16

    /// `lines` with each code block's kramdown language line moved onto its fence.
    func codeLanguages(_ lines: [CarpentriesLine]) -> [CarpentriesLine] {
        var out: [CarpentriesLine] = []
        var index = 0
        while index < lines.count {
            let line = lines[index]
            guard let open = ImportLinks.fenceMarker(Substring(line.text)) else {
                out.append(line)
                index += 1
                continue
            }
            let depth = Self.quoteDepth(line.text)
            var close = index + 1
            while close < lines.count {
                if let marker = ImportLinks.fenceMarker(Substring(lines[close].text)), marker.character == open.character, marker.count >= open.count,
                   marker.rest.allSatisfy(\.isWhitespace), Self.quoteDepth(lines[close].text) == depth { break }
                close += 1
            }
            guard close < lines.count else {
                out += lines[index...]
                break
            }
            var first = line
            var consumed = close + 1
            if consumed < lines.count, Self.quoteDepth(lines[consumed].text) == depth, let name = Self.className(Self.unquoted(lines[consumed].text, depth: depth)) {
                // The class names the language; `.source` says only that it is code, so a language
                // already on the fence (`~~~bash`) stays.
                let written = open.rest.trimmingCharacters(in: .whitespaces)
                let language: String?
                switch name {
                case "output", "error": language = name
                case "source": language = written
                default: language = name.hasPrefix("language-") ? String(name.dropFirst("language-".count)) : nil
                }
                if let language {
                    let fenceEnd = Self.fenceEnd(line.text, character: open.character)
                    first.text = String(line.text[..<fenceEnd]) + language
                    consumed += 1
                }
            }
            out.append(first)
            out += lines[(index + 1)...close]
            index = consumed
        }
        return out
    }

    /// `lines` with every quote that a block class line follows made a `:::` block, nested blocks
    /// inside it too; the second value is how deep the blocks nest.
    mutating func quoteBlocks(_ lines: [CarpentriesLine], level: Int = 0) -> (lines: [CarpentriesLine], depth: Int) {
        // portal stops at blocks nested deeper than 16; a source nested deeper stays quotes, and
        // the recursion stays shallow whatever the file holds.
        guard level < Self.deepestNesting else { return (lines, 0) }
        var out: [CarpentriesLine] = []
        var depth = 0
        var index = 0
        while index < lines.count {
            let line = lines[index]
            if let open = ImportLinks.fenceMarker(Substring(line.text)), Self.quoteDepth(line.text) == 0 {
                // Code is code: copy it through its closing fence.
                out.append(line)
                index += 1
                while index < lines.count {
                    out.append(lines[index])
                    defer { index += 1 }
                    if let marker = ImportLinks.fenceMarker(Substring(lines[index].text)), marker.character == open.character,
                       marker.count >= open.count, marker.rest.allSatisfy(\.isWhitespace) { break }
                }
                continue
            }
            guard Self.quoteDepth(line.text) > 0 else {
                out.append(line)
                index += 1
                continue
            }
            var end = index
            while end < lines.count, Self.quoteDepth(lines[end].text) > 0 { end += 1 }
            guard end < lines.count, let name = Self.className(lines[end].text) else {
                out += lines[index..<end]
                index = end
                continue
            }
            let inner = lines[index..<end].map { line -> CarpentriesLine in
                var copy = line
                copy.text = Self.unquoted(line.text, depth: 1)
                return copy
            }
            if name == "quotation" {
                // A quotation is a quote styled as one: it stays a quote.
                out += lines[index..<end]
            } else if let kind = LessonBlockKind(name: name), kind != .video {
                let (converted, innerDepth) = quoteBlocks(inner, level: level + 1)
                let fence = String(repeating: ":", count: 3 + 3 * innerDepth)
                let classLine = lines[end]
                out += [classLine.added(""), lines[index].added("\(fence) \(name)"), lines[index].added("")]
                out += converted
                out += [classLine.added(""), classLine.added(fence), classLine.added("")]
                depth = max(depth, innerDepth + 1)
                blocks += 1
            } else {
                notes.append(ImportNote(file: lines[end].file, line: lines[end].line, column: 1, construct: "unknown-block",
                                        message: "the block class '.\(name)' has no portal block; the quote and its class line were left as written",
                                        fix: "make it a `:::` block portal knows (callout, challenge, discussion…) or a plain quote"))
                out += lines[index...end]
            }
            index = end + 1
        }
        return (out, depth)
    }

    /// How many `>` quote marks open a line.
    static func quoteDepth(_ line: String) -> Int {
        var depth = 0
        var rest = Substring(line)
        while true {
            // Counting only the spaces ahead keeps a line of many thousand `>` linear.
            let spaces = rest.prefix(4).prefix { $0 == " " }.count
            guard spaces <= 3, rest.dropFirst(spaces).first == ">" else { return depth }
            depth += 1
            rest = rest.dropFirst(spaces + 1)
        }
    }

    /// A line without its first `depth` quote marks (and the space after each).
    static func unquoted(_ line: String, depth: Int) -> String {
        var rest = Substring(line)
        for _ in 0..<depth {
            let trimmed = rest.drop(while: { $0 == " " })
            guard trimmed.first == ">" else { break }
            rest = trimmed.dropFirst()
            if rest.first == " " { rest = rest.dropFirst() }
        }
        return String(rest)
    }

    /// The class of a kramdown class line (`{: .challenge}`), lower-cased.
    static func className(_ line: String) -> String? {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("{:"), trimmed.hasSuffix("}") else { return nil }
        let inner = trimmed.dropFirst(2).dropLast().trimmingCharacters(in: .whitespaces)
        guard inner.hasPrefix("."), !inner.contains(" ") else { return nil }
        return String(inner.dropFirst()).lowercased()
    }

    /// The index just after a fence's run of backquotes or tildes.
    static func fenceEnd(_ line: String, character: Character) -> String.Index {
        guard let start = line.firstIndex(of: character) else { return line.endIndex }
        return line[start...].firstIndex(where: { $0 != character }) ?? line.endIndex
    }
}
