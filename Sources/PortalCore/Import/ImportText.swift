import Foundation

/// Plain text taken from a converted page: the summary a part gets when its source has none.
enum ImportText {
    /// The longest summary taken from a page; listings show one or two sentences.
    static let summaryLimit = 240

    /// The first paragraph of prose in `markdown` as plain text, or nil when it has none. Headings,
    /// code, blocks, quotes, lists, tables, HTML and figures are not prose.
    static func summary(of markdown: String) -> String? {
        var paragraph: [Substring] = []
        var fence: (Character, Int)?
        var blockDepth = 0
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.drop(while: { $0 == " " })
            if let open = fence {
                if let marker = ImportLinks.fenceMarker(line), marker.character == open.0, marker.count >= open.1, marker.rest.allSatisfy(\.isWhitespace) { fence = nil }
                continue
            }
            if let marker = ImportLinks.fenceMarker(line) {
                if !paragraph.isEmpty { break }
                fence = (marker.character, marker.count)
                continue
            }
            if trimmed.hasPrefix(":::") {
                if !paragraph.isEmpty { break }
                let rest = trimmed.drop(while: { $0 == ":" }).trimmingCharacters(in: .whitespaces)
                blockDepth += rest.isEmpty ? -1 : 1
                blockDepth = max(0, blockDepth)
                continue
            }
            if blockDepth > 0 { continue }
            if trimmed.isEmpty {
                // Summaries are plain text, which shows TeX as written: a paragraph with a formula is passed over.
                if !isSummary(paragraph) { paragraph = [] }
                if !paragraph.isEmpty { break }
                continue
            }
            let first = trimmed.first!
            let isProse = !(first == "#" || first == ">" || first == "<" || first == "|" || first == "!" || first == "{" || first == "[" && trimmed.contains("]:")
                            || trimmed.hasPrefix("- ") || trimmed.hasPrefix("* ") || trimmed.hasPrefix("+ ") || trimmed.hasPrefix("$$")
                            || (first.isNumber && trimmed.drop(while: \.isNumber).hasPrefix(". ")))
            if isProse {
                paragraph.append(trimmed)
            } else if !paragraph.isEmpty {
                if !isSummary(paragraph) { paragraph = [] } else { break }
            }
        }
        if !isSummary(paragraph) { paragraph = [] }
        guard !paragraph.isEmpty else { return nil }
        return plain(paragraph.joined(separator: " "))
    }

    /// The page's opening paragraph as a summary, and the text without it, when the text opens
    /// with a paragraph of plain prose that reads as a summary and loses nothing as plain text (no
    /// link, code or emphasis): the page then shows it once, as its summary.
    static func openingParagraph(of markdown: String) -> (summary: String, rest: String)? {
        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false)
        guard let start = lines.firstIndex(where: { !$0.allSatisfy(\.isWhitespace) }) else { return nil }
        var end = start
        while end < lines.count, !lines[end].allSatisfy(\.isWhitespace) { end += 1 }
        let paragraph = Array(lines[start..<end])
        guard paragraph.count <= 8, let first = paragraph.first?.first, first.isLetter || first.isNumber,
              summary(of: paragraph.joined(separator: "\n")) != nil, isSummary(paragraph) else { return nil }
        let joined = paragraph.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        guard !joined.contains(where: { "[]<>`*_|\\{}".contains($0) }), joined.count <= summaryLimit,
              let text = plain(joined), text == joined else { return nil }
        let rest = lines[end...].drop(while: { $0.allSatisfy(\.isWhitespace) }).joined(separator: "\n")
        return (text, rest)
    }

    /// Whether a paragraph reads as a summary: no formula (plain text shows TeX as written), no
    /// link without text or MyST role (a reference that would leave a gap), and no colon at its
    /// end (a lead-in to the code or list after it).
    static func isSummary(_ lines: [Substring]) -> Bool {
        guard let last = lines.last?.trimmingCharacters(in: .whitespaces), !last.hasSuffix(":") else { return lines.isEmpty }
        return !lines.contains { holdsMath(String($0)) || $0.contains("[](") || $0.contains("}`") }
    }

    /// Whether `text` holds a formula, which a summary (plain text) would show as TeX.
    static func holdsMath(_ text: String) -> Bool {
        text.contains("$") || text.contains("\\(")
    }

    /// `markdown` (one line or paragraph) as plain text: links as their text, without code marks,
    /// emphasis or HTML, cut at a sentence's end near `summaryLimit`; nil when nothing is left.
    static func plain(_ markdown: String) -> String? {
        var output = ""
        let characters = Array(markdown)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            switch character {
            case "[":
                // `[text](target)` and `[text][ref]` keep their text.
                if let close = characters[index...].firstIndex(of: "]"), close + 1 < characters.count, characters[close + 1] == "(" || characters[close + 1] == "[" {
                    let closing: Character = characters[close + 1] == "(" ? ")" : "]"
                    if let end = characters[(close + 1)...].firstIndex(of: closing) {
                        output += String(characters[(index + 1)..<close])
                        index = end + 1
                        continue
                    }
                }
                output.append(character)
            case "<":
                if let close = characters[index...].firstIndex(of: ">"), close - index < 200 {
                    index = close + 1
                    continue
                }
                output.append(character)
            case "*", "_", "`":
                // Emphasis and code marks; an underscore inside a word (`p_T`, `file_name`) stays.
                if character == "_", index > 0, index + 1 < characters.count, characters[index - 1].isLetter || characters[index - 1].isNumber,
                   characters[index + 1].isLetter || characters[index + 1].isNumber {
                    output.append(character)
                }
            default:
                output.append(character)
            }
            index += 1
        }
        var text = output.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
        if text.count > summaryLimit {
            let head = String(text.prefix(summaryLimit))
            if let end = head.range(of: ". ", options: .backwards), head.distance(from: head.startIndex, to: end.lowerBound) > 40 {
                text = String(head[..<end.lowerBound]) + "."
            } else if let space = head.lastIndex(of: " ") {
                text = String(head[..<space]) + "…"
            } else {
                text = head + "…"
            }
        }
        return text.isEmpty ? nil : text
    }
}

/// A notebook given its page's front-matter, as the first cell: a raw cell holding the fields
/// between `---` lines, as Quarto and Jupyter Book write it.
///
/// The cell is inserted into the JSON text at the start of the top-level `cells` array, so that
/// every other byte of the notebook (outputs, numbers, metadata) stays as the source wrote it.
enum ImportedNotebook {
    /// The line of the file holding the front-matter's first line (`---`) when the notebook starts
    /// `{` and `"cells": [` on lines of their own, as Jupyter writes it; and the column of the text.
    static let frontMatterLine = 7
    static let frontMatterColumn = 6

    static func setting(portal blocks: [(key: String, text: String)], in bytes: [UInt8]) -> [UInt8] {
        var lines = ["---"]
        for block in blocks { lines += block.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
        lines.append("---")
        // One line of the file per line of front-matter, so that the build's diagnostics, which
        // point into the JSON, name the field's own line.
        let source = lines.enumerated().map { index, line in
            "    \"" + jsonEscape(line + (index + 1 < lines.count ? "\n" : "")) + "\""
        }.joined(separator: ",\n")
        let cell = "{\n   \"cell_type\": \"raw\",\n   \"metadata\": {},\n   \"source\": [\n\(source)\n   ]\n  }"
        guard let insertion = cellsArrayStart(bytes) else { return bytes }
        var after = insertion
        while after < bytes.count, bytes[after] == 0x20 || bytes[after] == 0x0A || bytes[after] == 0x0D || bytes[after] == 0x09 { after += 1 }
        let isEmpty = after < bytes.count && bytes[after] == 0x5D
        return Array(bytes[..<insertion]) + Array(("\n  " + cell + (isEmpty ? "\n" : ",")).utf8) + Array(bytes[insertion...])
    }

    /// The text of each Markdown cell of a notebook, in order.
    static func markdownCells(_ bytes: [UInt8]) -> [String] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any], let cells = object["cells"] as? [[String: Any]] else { return [] }
        return cells.compactMap { cell in
            guard cell["cell_type"] as? String == "markdown" else { return nil }
            if let lines = cell["source"] as? [String] { return lines.joined() }
            return cell["source"] as? String
        }
    }

    /// The offset just after the `[` of the top-level `"cells"` array.
    static func cellsArrayStart(_ bytes: [UInt8]) -> Int? {
        var depth = 0
        var index = 0
        var lastString: Range<Int>?
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x22 {
                let start = index + 1
                index += 1
                while index < bytes.count, bytes[index] != 0x22 {
                    if bytes[index] == 0x5C { index += 1 }
                    index += 1
                }
                lastString = start..<min(index, bytes.count)
            } else if byte == 0x7B || byte == 0x5B {
                if byte == 0x5B, depth == 1, let key = lastString, Array(bytes[key]) == Array("cells".utf8) { return index + 1 }
                depth += 1
            } else if byte == 0x7D || byte == 0x5D {
                depth -= 1
            } else if byte == 0x2C {
                lastString = nil
            }
            index += 1
        }
        return nil
    }

    /// `text` as the inside of a JSON string.
    static func jsonEscape(_ text: String) -> String {
        var output = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            default:
                if scalar.value < 0x20 { output += String(format: "\\u%04x", scalar.value) } else { output.unicodeScalars.append(scalar) }
            }
        }
        return output
    }
}
