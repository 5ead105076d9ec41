extension JSONReader {
    /// Reads the string whose opening quote is at `quote`, leaving `end` after its closing quote.
    ///
    /// Bytes are checked as UTF-8 here, so the decoded text is valid without a second pass, and the
    /// string's text is not copied: `JSONString` decodes it when asked.
    mutating func readString(quoteAt quote: Int, start quotePosition: FilePosition, end: inout Int) throws(Failure) -> JSONString {
        let contentStart = quote + 1
        let start = FilePosition(offset: contentStart, line: quotePosition.line, column: quotePosition.column + 1)
        var escapes: [JSONString.Escape] = []
        var decodedCount = 0
        var ascii = true
        var index = contentStart
        // Where the position tracker stands, so that an all-ASCII stretch can be passed in one step.
        var trackedFrom = quote
        while true {
            // Most of a string (all of an image's base64) is ASCII that needs nothing: skipped in one tight loop.
            let run = bytes.withUnsafeBufferPointer { buffer in
                var next = index
                while next < buffer.count {
                    let byte = buffer[next]
                    if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 || byte >= 0x80 { break }
                    next += 1
                }
                return next
            }
            decodedCount += run - index
            index = run
            guard index < bytes.count else {
                throw fail(at: quote, "this string is never closed", fix: "add the closing '\"'")
            }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") { break }
            if byte == UInt8(ascii: "\\") {
                if ascii { tracker.skip(asciiBytes: index - trackedFrom, from: trackedFrom) }
                let column = tracker.position(at: index).column
                trackedFrom = index
                ascii = true
                let (scalar, length) = try readEscape(at: index, quote: quote)
                escapes.append(JSONString.Escape(rawOffset: index - contentStart, rawLength: length, decodedOffset: decodedCount, scalar: scalar, column: column))
                decodedCount += UTF8.width(scalar)
                index += length
                continue
            }
            if byte < 0x20 {
                let isBreak = byte == 0x0A || byte == 0x0D
                throw fail(at: index, isBreak ? "a line break inside a string" : "the control character \(Self.unicodeName(UInt32(byte))) inside a string",
                           fix: isBreak ? "write the line break as \\n, or close the string with '\"' before it" : "write it as the escape \\u\(String(Self.unicodeName(UInt32(byte)).dropFirst(2)))")
            }
            if byte < 0x80 {
                index += 1
                decodedCount += 1
                continue
            }
            ascii = false
            guard let width = UTF8Check.width(bytes, at: index) else {
                throw fail(at: index, "the text is not valid UTF-8 here (byte 0x\(String(byte, radix: 16, uppercase: true)))", fix: "save the notebook as UTF-8")
            }
            index += width
            decodedCount += width
        }
        if ascii { tracker.skip(asciiBytes: index - trackedFrom, from: trackedFrom) }
        end = index + 1
        return JSONString(bytes: bytes, contentRange: contentStart..<index, start: start, escapes: escapes, decodedCount: decodedCount)
    }

    /// Reads the escape at `index` (a backslash): the character it stands for and its length.
    private mutating func readEscape(at index: Int, quote: Int) throws(Failure) -> (Unicode.Scalar, Int) {
        guard index + 1 < bytes.count else { throw fail(at: quote, "this string is never closed", fix: "add the closing '\"'") }
        switch bytes[index + 1] {
        case UInt8(ascii: "\""): return ("\"", 2)
        case UInt8(ascii: "\\"): return ("\\", 2)
        case UInt8(ascii: "/"): return ("/", 2)
        case UInt8(ascii: "b"): return ("\u{08}", 2)
        case UInt8(ascii: "f"): return ("\u{0C}", 2)
        case UInt8(ascii: "n"): return ("\n", 2)
        case UInt8(ascii: "r"): return ("\r", 2)
        case UInt8(ascii: "t"): return ("\t", 2)
        case UInt8(ascii: "u"): break
        default:
            throw fail(at: index, "'\\' followed by \(describe(at: index + 1)) is not an escape JSON knows",
                       fix: "write '\\\\' for a backslash; JSON's escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX")
        }
        let first = try readHex(at: index)
        switch first {
        case 0xD800...0xDBFF:
            // A high surrogate must be followed at once by an escaped low one: together they are one character.
            if index + 7 < bytes.count, bytes[index + 6] == UInt8(ascii: "\\"), bytes[index + 7] == UInt8(ascii: "u") {
                let second = try readHex(at: index + 6)
                if (0xDC00...0xDFFF).contains(second), let scalar = Unicode.Scalar(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)) {
                    return (scalar, 12)
                }
            }
            throw fail(at: index, "\\u\(hex(first)) is half of a surrogate pair, and its low half (\\uDC00 to \\uDFFF) does not follow",
                       fix: "write the character itself, or both halves of its UTF-16 pair")
        case 0xDC00...0xDFFF:
            throw fail(at: index, "\\u\(hex(first)) is the low half of a surrogate pair, without the high half before it",
                       fix: "write the character itself, or both halves of its UTF-16 pair")
        default:
            guard let scalar = Unicode.Scalar(first) else { throw fail(at: index, "\\u\(hex(first)) is not a character", fix: nil) }
            return (scalar, 6)
        }
    }

    /// The four hexadecimal digits after the `\u` at `index`.
    private mutating func readHex(at index: Int) throws(Failure) -> UInt32 {
        var value: UInt32 = 0
        for offset in (index + 2)..<(index + 6) {
            guard offset < bytes.count, let digit = Self.hexDigit(bytes[offset]) else {
                throw fail(at: offset < bytes.count ? offset : index, "\\u must be followed by four hexadecimal digits",
                           fix: "write \\u00e9 for é: four digits 0-9 or a-f")
            }
            value = value << 4 | digit
        }
        return value
    }

    private static func hexDigit(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    private func hex(_ value: UInt32) -> String {
        String(Self.unicodeName(value).dropFirst(2))
    }
}

/// Checks UTF-8 by RFC 3629: no overlong forms, no surrogates, nothing past U+10FFFF.
enum UTF8Check {
    /// The length of the valid UTF-8 sequence starting at `offset`, or nil if the bytes there are not one.
    static func width(_ bytes: [UInt8], at offset: Int) -> Int? {
        let lead = bytes[offset]
        func continuation(_ index: Int, _ range: ClosedRange<UInt8> = 0x80...0xBF) -> Bool {
            offset + index < bytes.count && range.contains(bytes[offset + index])
        }
        switch lead {
        case 0x00...0x7F: return 1
        case 0xC2...0xDF: return continuation(1) ? 2 : nil
        case 0xE0: return continuation(1, 0xA0...0xBF) && continuation(2) ? 3 : nil
        case 0xE1...0xEC, 0xEE...0xEF: return continuation(1) && continuation(2) ? 3 : nil
        case 0xED: return continuation(1, 0x80...0x9F) && continuation(2) ? 3 : nil
        case 0xF0: return continuation(1, 0x90...0xBF) && continuation(2) && continuation(3) ? 4 : nil
        case 0xF1...0xF3: return continuation(1) && continuation(2) && continuation(3) ? 4 : nil
        case 0xF4: return continuation(1, 0x80...0x8F) && continuation(2) && continuation(3) ? 4 : nil
        default: return nil
        }
    }
}
