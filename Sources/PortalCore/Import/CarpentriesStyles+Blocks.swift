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
    mutating func quoteBlocks(_ lines: [CarpentriesLine]) -> (lines: [CarpentriesLine], depth: Int) {
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
                let (converted, innerDepth) = quoteBlocks(inner)
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
            let trimmed = rest.drop(while: { $0 == " " })
            guard rest.count - trimmed.count <= 3, trimmed.first == ">" else { return depth }
            depth += 1
            rest = trimmed.dropFirst()
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

/// The conversions both Carpentries readers share.
enum CarpentriesText {
    /// R Markdown's chunks (```` ```{r name, echo=FALSE} ````) as fences of their language; the
    /// count of chunks and the first one's line.
    static func rmdChunks(_ lines: [CarpentriesLine]) -> (lines: [CarpentriesLine], count: Int, first: CarpentriesLine?) {
        var count = 0
        var first: CarpentriesLine?
        var out = lines
        var fence: (character: Character, count: Int)?
        for index in out.indices {
            guard let marker = ImportLinks.fenceMarker(Substring(out[index].text)) else { continue }
            if let open = fence {
                if marker.character == open.character, marker.count >= open.count, marker.rest.allSatisfy(\.isWhitespace) { fence = nil }
                continue
            }
            fence = (marker.character, marker.count)
            let info = marker.rest.trimmingCharacters(in: .whitespaces)
            guard info.hasPrefix("{"), info.hasSuffix("}") else { continue }
            let language = info.dropFirst().prefix(while: { $0.isLetter || $0.isNumber || $0 == "_" })
            guard !language.isEmpty else { continue }
            let end = CarpentriesBlocks.fenceEnd(out[index].text, character: marker.character)
            out[index].text = String(out[index].text[..<end]) + language.lowercased()
            count += 1
            if first == nil { first = out[index] }
        }
        return (out, count, first)
    }

    /// The note for an R Markdown file's chunks, one per file.
    static func rmdNote(count: Int, first: CarpentriesLine) -> ImportNote {
        ImportNote(file: first.file, line: first.line, column: 1, construct: "rmd-chunk",
                   message: "\(count) R Markdown chunk\(count == 1 ? "" : "s") became code blocks; their outputs are not computed",
                   fix: "run the lesson (knitr or sandpaper) and paste the outputs under the code as ```output blocks, or leave the code without them")
    }

    /// A video embedded as an `<iframe>` alone on its line (in a `<center>` or not) as portal's
    /// `video` block, which shows a card or the player as `site.yml` says, with no inline frame the
    /// theme's Content-Security-Policy would refuse. The count of videos made.
    static func videos(_ lines: [CarpentriesLine]) -> (lines: [CarpentriesLine], count: Int) {
        var out: [CarpentriesLine] = []
        var count = 0
        var fence = CarpentriesFence()
        for line in lines {
            let isCode = fence.isCode(Substring(line.text))
            let trimmed = line.text.trimmingCharacters(in: .whitespaces)
            guard !isCode, trimmed.lowercased().hasPrefix("<iframe"), trimmed.lowercased().hasSuffix("</iframe>"),
                  let address = iframeSource(trimmed) else {
                out.append(line)
                continue
            }
            if out.last?.text.trimmingCharacters(in: .whitespaces).lowercased() == "<center>" { out.removeLast() }
            out += [line.added(""), line.added("::: video \(address)"), line.added(":::"), line.added("")]
            count += 1
        }
        // The `</center>` closing a frame made a video goes with it.
        var kept: [CarpentriesLine] = []
        for (index, line) in out.enumerated() {
            if line.text.trimmingCharacters(in: .whitespaces).lowercased() == "</center>", index >= 2, out[index - 1].text.isEmpty, out[index - 2].text == ":::" { continue }
            kept.append(line)
        }
        return (kept, count)
    }

    /// The `https://` address in an `<iframe>`'s `src`, entities decoded.
    private static func iframeSource(_ tag: String) -> String? {
        guard let start = tag.range(of: "src=\"") ?? tag.range(of: "src='") else { return nil }
        let quote = tag[tag.index(before: start.upperBound)]
        guard let end = tag[start.upperBound...].firstIndex(of: quote) else { return nil }
        let address = tag[start.upperBound..<end].replacingOccurrences(of: "&amp;", with: "&")
        guard address.hasPrefix("https://"), !address.contains(" ") else { return nil }
        return address
    }

    /// How many formulas (`$…$`, `$$…$$`, `\(…\)`, `\[…\]`) the Markdown holds outside code.
    static func mathSpans(_ text: String) -> Int {
        var count = 0
        var fence = CarpentriesFence()
        var inDisplay = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if fence.isCode(line) { continue }
            let trimmed = CarpentriesBlocks.unquoted(String(line), depth: CarpentriesBlocks.quoteDepth(String(line))).trimmingCharacters(in: .whitespaces)
            if trimmed == "$$" || trimmed == "\\[" || trimmed == "\\]" {
                if inDisplay { count += 1 }
                inDisplay.toggle()
                continue
            }
            if inDisplay { continue }
            count += inlineFormulas(withoutCodeSpans(trimmed))
        }
        return count
    }

    private static func withoutCodeSpans(_ line: String) -> String {
        var out = ""
        var inCode = false
        for character in line {
            if character == "`" { inCode.toggle(); continue }
            if !inCode { out.append(character) }
        }
        return out
    }

    private static func inlineFormulas(_ line: String) -> Int {
        let characters = Array(line)
        var count = 0
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character == "\\", index + 1 < characters.count {
                if characters[index + 1] == "(" || characters[index + 1] == "[",
                   let close = CarpentriesLiquid.find(["\\", characters[index + 1] == "(" ? ")" : "]"], in: characters, from: index + 2) {
                    count += 1
                    index = close + 2
                } else {
                    index += 2
                }
                continue
            }
            if character == "$" {
                let double = index + 1 < characters.count && characters[index + 1] == "$"
                let start = index + (double ? 2 : 1)
                guard start < characters.count, characters[start] != " " else { index = start; continue }
                var cursor = start
                var found: Int?
                while cursor < characters.count {
                    if characters[cursor] == "\\" { cursor += 2; continue }
                    if characters[cursor] == "$" {
                        if double { if cursor + 1 < characters.count, characters[cursor + 1] == "$" { found = cursor + 2 } }
                        else if characters[cursor - 1] != " " { found = cursor + 1 }
                        break
                    }
                    cursor += 1
                }
                if let found {
                    count += 1
                    index = found
                } else {
                    index = start
                }
                continue
            }
            index += 1
        }
        return count
    }
}
