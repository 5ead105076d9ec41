import Foundation

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

    /// Notes for the kramdown attribute lists that no other step converts (`{: width="50%"}` after
    /// an image, `{: .table-striped}` under a table, `{::options … /}`): portal's Markdown has none,
    /// so each is left as written and would print literally. Read on the page's own lines, before
    /// anything moves them, so that each note has the source's column. A class line under a quote or
    /// a code fence is skipped: the block and code steps convert it or note it themselves.
    static func attributeListNotes(_ lines: [CarpentriesLine]) -> [ImportNote] {
        var notes: [ImportNote] = []
        var fence = CarpentriesFence()
        var previous: String?
        for line in lines {
            let isCode = fence.isCode(Substring(line.text))
            defer { if !line.text.allSatisfy(\.isWhitespace) { previous = line.text } }
            guard !isCode, let start = attributeListStart(line.text) else { continue }
            let depth = CarpentriesBlocks.quoteDepth(line.text)
            let bare = CarpentriesBlocks.unquoted(line.text, depth: depth).trimmingCharacters(in: .whitespaces)
            if CarpentriesBlocks.className(bare) != nil, let previous {
                let above = CarpentriesBlocks.unquoted(previous, depth: depth)
                if CarpentriesBlocks.quoteDepth(previous) > depth || ImportLinks.fenceMarker(Substring(above)) != nil { continue }
            }
            let list = line.text[start...].prefix { $0 != "}" } + "}"
            notes.append(ImportNote(file: line.file, line: line.line, column: line.text.distance(from: line.text.startIndex, to: start) + 1, construct: "attribute-list",
                                    message: "the kramdown attribute list '\(list)' has no equivalent in portal; it was left as written and shows as text",
                                    fix: "delete it: portal sizes and styles images and tables itself"))
        }
        return notes
    }

    /// Where the first `{:` outside code spans opens, when a `}` closes it on the line.
    private static func attributeListStart(_ line: String) -> String.Index? {
        guard line.contains("{:") else { return nil }
        var inCode = false
        var index = line.startIndex
        while index < line.endIndex {
            let character = line[index]
            if character == "`" { inCode.toggle() }
            if !inCode, character == "{", line[index...].hasPrefix("{:"), line[index...].contains("}") { return index }
            index = line.index(after: index)
        }
        return nil
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
