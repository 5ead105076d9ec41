extension BibTeXReader {
    /// Reads a value, pieces joined with `#`, leaving `index` after its last piece.
    ///
    /// `owner` names what the value belongs to in messages (`'title'`, `the string 'jnl'`). Returns
    /// nil when the value is longer than the limit (a problem says so): the caller leaves it out.
    mutating func readValue(at index: inout Int, of owner: String, delimiters: Delimiters) throws(Failure) -> (value: String, position: FilePosition)? {
        var value: [UInt8] = []
        var firstPosition: FilePosition?
        var valuePosition: FilePosition?
        var isTooLarge = false
        while true {
            guard index < bytes.count else { throw endOfFile(inside: delimiters) }
            let pieceStart = index
            let piecePosition = tracker.position(at: pieceStart)
            firstPosition = firstPosition ?? piecePosition
            var content: Range<Int>?
            var expansion: String?
            switch bytes[index] {
            case UInt8(ascii: "{"):
                guard let close = closingBraces[index] else {
                    throw unbalanced(at: index, "this '{' is never closed",
                                     fix: "add the '}' that closes it (braces must balance in a value, \\{ and \\} too)", resumeAt: index + 1)
                }
                try checkDepth(from: index + 1, to: close)
                content = (index + 1)..<close
                index = close + 1
            case UInt8(ascii: "\""):
                let close = try closingQuote(after: index)
                content = (index + 1)..<close
                index = close + 1
            case let byte where isDigit(byte):
                while index < bytes.count, isDigit(bytes[index]) { index += 1 }
                content = pieceStart..<index
            case let byte where isIdentifier(byte):
                index = scanIdentifier(from: index)
                expansion = try expand(text(pieceStart..<index), at: piecePosition)
            default:
                let missing = [UInt8(ascii: ","), delimiters.closing].contains(bytes[index])
                let fix = bytes[index] == UInt8(ascii: "'") ? "BibTeX writes values in braces or double quotes: {text} or \"text\""
                    : missing ? "the value is missing: write {} for an empty one" : "write the value in braces: {text}"
                throw syntax(at: index, "expected the value of \(owner) (text in braces or quotes, a number, or a @string name), found \(describe(index))", fix: fix)
            }
            if valuePosition == nil {
                var start = content?.lowerBound ?? pieceStart
                while let range = content, start < range.upperBound, isWhitespace(bytes[start]) { start += 1 }
                if content?.contains(start) != true { start = content?.lowerBound ?? pieceStart }
                valuePosition = tracker.position(at: start)
            }
            let pieceLength = content?.count ?? expansion?.utf8.count ?? 0
            if !isTooLarge, value.count + pieceLength > limits.maximumValueBytes {
                isTooLarge = true
            } else if !isTooLarge {
                if let content { value += bytes[content] } else if let expansion { value += expansion.utf8 }
            }
            let next = skipWhitespace(from: index)
            guard next < bytes.count, bytes[next] == UInt8(ascii: "#") else { break }
            index = skipWhitespace(from: next + 1)
        }
        if isTooLarge, let firstPosition {
            let consequence = owner.hasPrefix("the string") ? "the string is defined as empty" : "it is left out"
            problems.append(BibTeXProblem(
                id: "bibtex.too-large", message: "the value of \(owner) is longer than \(limits.maximumValueBytes) bytes; \(consequence)",
                position: firstPosition, fix: "shorten it; no bibliography needs this much in one field"))
            return nil
        }
        // Trimmed by offsets, so the text is decoded from contiguous bytes.
        var (start, end) = (0, value.count)
        while start < end, isWhitespace(value[start]) { start += 1 }
        while end > start, isWhitespace(value[end - 1]) { end -= 1 }
        return (String(decoding: value[start..<end], as: UTF8.self), valuePosition ?? tracker.position(at: index))
    }

    /// The value of the `@string` name `name`: empty, with a problem, when the name is not defined.
    private mutating func expand(_ name: String, at position: FilePosition) throws(Failure) -> String {
        guard let value = macros[name.lowercased()] else {
            let suggestion = suggestions.closest(to: name.lowercased(), among: macros)
            problems.append(BibTeXProblem(
                id: "bibtex.unknown-string", message: "the string '\(name)' is not defined", position: position,
                fix: suggestion.map { "did you mean '\($0)'?" }
                    ?? "define it with @string{\(name) = {...}} before its first use, or write the text in braces: {\(name)}"))
            return ""
        }
        expandedBytes += value.utf8.count
        guard expandedBytes <= limits.maximumExpandedBytes else {
            throw Failure(problem: BibTeXProblem(
                id: "bibtex.too-large",
                message: "the @string names in this file expand to more than \(limits.maximumExpandedBytes) bytes in all; the rest is not read",
                position: position, fix: "no bibliography needs this much; the file may be made to fill the memory"), resumeAt: nil)
        }
        return value
    }

    /// The offset of the `"` that closes the quoted value opening at `quote`: the first at brace depth 0.
    private mutating func closingQuote(after quote: Int) throws(Failure) -> Int {
        var depth = 0
        var index = quote + 1
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\"") where depth == 0:
                return index
            case UInt8(ascii: "{"):
                // A brace that never closes is reported here, so no later value scans to the end of the file again.
                guard closingBraces[index] != nil else {
                    throw unbalanced(at: index, "this '{' is never closed",
                                     fix: "add the '}' that closes it (braces must balance in a value, \\{ and \\} too)", resumeAt: index + 1)
                }
                depth += 1
                if depth > limits.maximumBraceDepth { throw tooDeep(at: index) }
            case UInt8(ascii: "}"):
                guard depth > 0 else {
                    throw unbalanced(at: index, "a '}' without its '{' in the quoted value",
                                     fix: "remove it, or add the '{' it closes (braces must balance in a value, \\{ and \\} too)", resumeAt: index + 1)
                }
                depth -= 1
            default:
                break
            }
            index += 1
        }
        throw unbalanced(at: quote, "the quoted value is never closed", fix: "close it with '\"'", resumeAt: quote + 1)
    }

    /// Checks the nesting inside the braced value between `start` and `end`, whose braces balance.
    private mutating func checkDepth(from start: Int, to end: Int) throws(Failure) {
        var depth = 0
        for index in start..<end {
            if bytes[index] == UInt8(ascii: "{") {
                depth += 1
                if depth > limits.maximumBraceDepth { throw tooDeep(at: index) }
            } else if bytes[index] == UInt8(ascii: "}") {
                depth -= 1
            }
        }
    }

    private mutating func tooDeep(at index: Int) -> Failure {
        Failure(problem: BibTeXProblem(
            id: "bibtex.too-large", message: "braces nest more than \(limits.maximumBraceDepth) deep in this value; the entry is left out",
            position: tracker.position(at: index), fix: "no bibliography needs this depth; the file may be damaged or made to crash readers"),
                resumeAt: index + 1)
    }
}

extension BibTeXReader {
    func skipWhitespace(from start: Int) -> Int {
        var index = start
        while index < bytes.count, isWhitespace(bytes[index]) { index += 1 }
        return index
    }

    /// The offset after the identifier (an entry type, field name or `@string` name) starting at `start`.
    func scanIdentifier(from start: Int) -> Int {
        var index = start
        while index < bytes.count, isIdentifier(bytes[index]) { index += 1 }
        return index
    }

    /// BibTeX's identifiers hold any printable character but white space and `"#%'(),={}`; `@`
    /// is left out too, so that an entry left open is reported at the next entry's `@`.
    func isIdentifier(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x00...0x20, 0x7F: false
        case UInt8(ascii: "\""), UInt8(ascii: "#"), UInt8(ascii: "%"), UInt8(ascii: "'"), UInt8(ascii: "("), UInt8(ascii: ")"),
             UInt8(ascii: ","), UInt8(ascii: "="), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "@"): false
        default: true
        }
    }

    func isWhitespace(_ byte: UInt8) -> Bool { BibTeXBytes.isWhitespace(byte) }

    func isDigit(_ byte: UInt8) -> Bool { BibTeXBytes.isDigit(byte) }

    /// A key holds any character but white space, commas and braces (and `)` in an entry written with parentheses).
    func isKeyEnd(_ byte: UInt8, _ delimiters: Delimiters) -> Bool {
        isWhitespace(byte) || byte == UInt8(ascii: ",") || byte == UInt8(ascii: "{") || byte == UInt8(ascii: "}") || byte == delimiters.closing
    }

    /// Whether only spaces and tabs stand between the start of the line and `offset`.
    func atLineStart(_ offset: Int) -> Bool {
        var index = offset
        while index > 0 {
            switch bytes[index - 1] {
            case 0x0A, 0x0D: return true
            case 0x20, 0x09: index -= 1
            default: return false
            }
        }
        return true
    }

    func text(_ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }

    /// The character at `offset` for a message: `'x'`, a line break, a control character, or the end of the file.
    func describe(_ offset: Int) -> String {
        guard offset < bytes.count else { return "the end of the file" }
        let byte = bytes[offset]
        if byte == 0x0A || byte == 0x0D { return "a line break" }
        if byte < 0x20 || byte == 0x7F { return "the control character \(JSONReader.unicodeName(UInt32(byte)))" }
        let width = UTF8Check.width(bytes, at: offset) ?? 1
        return "'\(text(offset..<min(offset + width, bytes.count)))'"
    }

    mutating func syntax(at offset: Int, _ message: String, fix: String?) -> Failure {
        Failure(problem: BibTeXProblem(id: "bibtex.syntax", message: message, position: tracker.position(at: offset), fix: fix), resumeAt: offset)
    }

    mutating func unbalanced(at offset: Int, _ message: String, fix: String, resumeAt: Int) -> Failure {
        Failure(problem: BibTeXProblem(id: "bibtex.unbalanced", message: message, position: tracker.position(at: offset), fix: fix), resumeAt: resumeAt)
    }

    /// The error for a file that ends inside an entry, at the end, naming where the entry opened.
    mutating func endOfFile(inside delimiters: Delimiters) -> Failure {
        let open = delimiters.entryPosition
        return Failure(problem: BibTeXProblem(
            id: "bibtex.syntax", message: "the file ends inside the entry opened at line \(open.line), column \(open.column)",
            position: tracker.position(at: bytes.count), fix: "close it with '\(delimiters.closingText)'"), resumeAt: nil)
    }
}

/// "Did you mean" for `@string` names that are not defined, within a budget, so that a file of many
/// names and many misspellings costs no more than a real one.
struct MacroSuggestions: Sendable {
    private var answers: [String: String?] = [:]
    private var namesLeft = 100
    /// Cells of edit-distance tables left to fill.
    private var cellsLeft = 4_000_000

    /// The defined name closest to `name` (lower-cased), if one is close enough to be a typo.
    mutating func closest(to name: String, among macros: [String: String]) -> String? {
        if let answer = answers[name] { return answer }
        let length = name.unicodeScalars.count
        guard namesLeft > 0, length <= 64 else { return nil }
        namesLeft -= 1
        var candidates: [String] = []
        var cells = 0
        for candidate in macros.keys {
            let candidateLength = candidate.unicodeScalars.count
            guard candidateLength <= 64, abs(candidateLength - length) <= max(2, min(length, candidateLength) / 3) else { continue }
            candidates.append(candidate)
            cells += length * candidateLength
        }
        let answer = cells <= cellsLeft ? Suggestion.closest(to: name, in: candidates) : nil
        cellsLeft -= min(cells, cellsLeft)
        answers[name] = answer
        return answer
    }
}
