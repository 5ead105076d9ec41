/// The parts of Markdown that hold addresses and titles, which the scan skips: a `$` there is never math.
extension MathSpans {
    /// Where an inline link's destination and title end (just after the `)`), when what follows
    /// `](` at `start` is one: spaces, a destination (`<…>`, or no spaces with balanced parentheses),
    /// then maybe a title in quotes or parentheses, then `)`.
    static func linkDestinationEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, count: Int) -> Int? {
        var index = skipSpaces(bytes, from: start, count: count)
        if index < count, bytes[index] == UInt8(ascii: "<") {
            index += 1
            while index < count, bytes[index] != UInt8(ascii: ">"), bytes[index] != 0x0A {
                index += bytes[index] == UInt8(ascii: "\\") ? 2 : 1
            }
            guard index < count, bytes[index] == UInt8(ascii: ">") else { return nil }
            index += 1
        } else {
            var depth = 0
            while index < count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\\") {
                    index += 2
                    continue
                }
                if byte <= 0x20 { break }
                if byte == UInt8(ascii: "(") {
                    depth += 1
                    // cmark-gfm reads no link whose destination nests parentheses deeper.
                    if depth > 32 { return nil }
                }
                if byte == UInt8(ascii: ")") {
                    if depth == 0 { break }
                    depth -= 1
                }
                index += 1
            }
        }
        index = skipSpaces(bytes, from: index, count: count)
        guard let afterTitle = titleEnd(bytes, from: index, count: count) else { return nil }
        if afterTitle != index { index = skipSpaces(bytes, from: afterTitle, count: count) }
        guard index < count, bytes[index] == UInt8(ascii: ")") else { return nil }
        return index + 1
    }

    /// Where a reference definition whose destination follows `start` ends: the end of the
    /// destination's line, or of its title's when a title follows (on that line or the next) with
    /// nothing after it on its line, as CommonMark reads it.
    static func definitionEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, count: Int) -> Int {
        var index = skipSpaces(bytes, from: start, count: count)
        while index < count, bytes[index] > 0x20 { index += 1 }
        let destinationLineEnd = lineEnd(bytes, from: index)
        index = skipSpaces(bytes, from: index, count: count)
        guard let afterTitle = titleEnd(bytes, from: index, count: count), afterTitle != index else { return destinationLineEnd }
        let titleLineEnd = lineEnd(bytes, from: afterTitle)
        return onlySpaces(bytes, from: afterTitle, to: titleLineEnd) ? titleLineEnd : destinationLineEnd
    }

    /// Where the link title (in quotes or parentheses) that opens at `start` ends, just after its
    /// closing mark; `start` itself when no title opens there, nil when it is not closed before a
    /// blank line.
    private static func titleEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, count: Int) -> Int? {
        guard start < count, bytes[start] == UInt8(ascii: "\"") || bytes[start] == UInt8(ascii: "'") || bytes[start] == UInt8(ascii: "(") else {
            return start
        }
        let close = bytes[start] == UInt8(ascii: "(") ? UInt8(ascii: ")") : bytes[start]
        var index = start + 1
        while index < count, bytes[index] != close {
            if bytes[index] == 0x0A, isBlankLine(bytes, from: index + 1, count: count) { return nil }
            index += bytes[index] == UInt8(ascii: "\\") ? 2 : 1
        }
        return index < count ? index + 1 : nil
    }

    /// Whether the `]` at `end` closes a reference definition's label: its line starts, after at
    /// most three spaces, with the `[` that opens it (and not `[^`, a footnote's, whose text is text).
    static func definitionLabelStarts(_ bytes: UnsafeBufferPointer<UInt8>, before end: Int) -> Bool {
        var start = end
        while start > 0, bytes[start - 1] != 0x0A { start -= 1 }
        var index = start
        while index < end, index - start < 3, bytes[index] == 0x20 { index += 1 }
        return bytes[index] == UInt8(ascii: "[") && index + 1 < end && bytes[index + 1] != UInt8(ascii: "^")
    }

    /// Where the autolink (`<https://…>`, `<mailto:…>`) that opens at `start` ends (after its `>`).
    static func autolinkEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, count: Int) -> Int? {
        var index = start + 1
        while index < count, index - start <= 33, isSchemeByte(bytes[index], first: index == start + 1) { index += 1 }
        guard index - start >= 3, index < count, bytes[index] == UInt8(ascii: ":") else { return nil }
        while index < count, bytes[index] > 0x20, bytes[index] != UInt8(ascii: "<") {
            if bytes[index] == UInt8(ascii: ">") { return index + 1 }
            index += 1
        }
        return nil
    }

    private static func isSchemeByte(_ byte: UInt8, first: Bool) -> Bool {
        let letter = (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
        if first { return letter }
        return letter || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".")
            || byte == UInt8(ascii: "-")
    }

    /// Past the spaces from `start`, and at most one line break (a blank line ends a link).
    private static func skipSpaces(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, count: Int) -> Int {
        var index = start
        var lineBreaks = 0
        while index < count, bytes[index] == 0x20 || bytes[index] == 0x09 || (bytes[index] == 0x0A && lineBreaks == 0) {
            if bytes[index] == 0x0A { lineBreaks += 1 }
            index += 1
        }
        return index
    }
}
