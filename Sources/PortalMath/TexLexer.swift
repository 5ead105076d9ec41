/// Splits a formula's UTF-8 bytes into TeX tokens, skipping `%` comments.
///
/// It works on bytes, not `Character`s: a formula is mostly ASCII, and grapheme breaking would cost more
/// than the whole conversion. Control characters other than tab, line feed and carriage return are
/// reported (they cannot appear in XML) and skipped.
struct TexLexer {
    /// The formula's bytes, borrowed: a lexer lives only while its caller holds them (inside the
    /// formula string's `withUTF8`), so that no array is copied for each formula.
    private let bytes: UnsafeBufferPointer<UInt8>
    private(set) var position: Int = 0
    /// Offsets of control characters met so far, for the parser to report.
    private(set) var controlCharacterOffsets: [Int] = []

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    var byteCount: Int { bytes.count }

    mutating func next() -> TexToken {
        while position < bytes.count {
            let start = position
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                while position < bytes.count, Self.isSpace(bytes[position]) { position += 1 }
                return TexToken(kind: .space, offset: start, length: position - start)
            case UInt8(ascii: "%"):
                while position < bytes.count, bytes[position] != UInt8(ascii: "\n") { position += 1 }
                continue
            case UInt8(ascii: "\\"):
                return readCommand()
            case UInt8(ascii: "{"): return single(.beginGroup)
            case UInt8(ascii: "}"): return single(.endGroup)
            case UInt8(ascii: "&"): return single(.alignment)
            case UInt8(ascii: "^"): return single(.superscriptMark)
            case UInt8(ascii: "_"): return single(.subscriptMark)
            case UInt8(ascii: "$"): return single(.mathShift)
            case UInt8(ascii: "#"):
                if position + 1 < bytes.count, bytes[position + 1] >= UInt8(ascii: "1"), bytes[position + 1] <= UInt8(ascii: "9") {
                    position += 2
                    return TexToken(kind: .parameter(Int(bytes[start + 1] - UInt8(ascii: "0"))), offset: start, length: 2)
                }
                return single(.character("#"))
            default:
                if byte < 0x20 || byte == 0x7F {
                    controlCharacterOffsets.append(start)
                    position += 1
                    continue
                }
                if byte < 0x80 { return single(.character(Unicode.Scalar(byte))) }
                let scalar = decodeScalar()
                // C1 controls and the two non-characters are not allowed in the XML we write.
                if (0x80..<0xA0).contains(scalar.value) || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                    controlCharacterOffsets.append(start)
                    continue
                }
                return TexToken(kind: .character(scalar), offset: start, length: position - start)
            }
        }
        return TexToken(kind: .end, offset: bytes.count, length: 0)
    }

    private mutating func single(_ kind: TexToken.Kind) -> TexToken {
        position += 1
        return TexToken(kind: kind, offset: position - 1, length: 1)
    }

    /// Reads `\name` (letters only) or a control symbol (`\,`, `\{`, `\\`, `\ `).
    private mutating func readCommand() -> TexToken {
        let start = position
        position += 1
        guard position < bytes.count else {
            // A lone backslash at the end: reported by the parser as an unknown command with no name.
            return TexToken(kind: .command(""), offset: start, length: 1)
        }
        let first = bytes[position]
        if Self.isLetter(first) {
            while position < bytes.count, Self.isLetter(bytes[position]) { position += 1 }
            let name = Self.asciiString(bytes, (start + 1)..<position)
            return TexToken(kind: .command(name), offset: start, length: position - start)
        }
        if first < 0x80 {
            position += 1
            if first < 0x20 || first == 0x7F {
                controlCharacterOffsets.append(start + 1)
                return TexToken(kind: .command(" "), offset: start, length: 2)
            }
            // Spaces and line breaks after `\` are all the control space `\ `.
            let name = Self.isSpace(first) ? " " : String(UnicodeScalar(first))
            return TexToken(kind: .command(name), offset: start, length: 2)
        }
        let scalar = decodeScalar()
        if !ByteSink.isAllowedInXML(scalar) {
            controlCharacterOffsets.append(start + 1)
            return TexToken(kind: .command(" "), offset: start, length: position - start)
        }
        return TexToken(kind: .command(String(scalar)), offset: start, length: position - start)
    }

    /// Whether `token` is the one-byte token that ends at `position`: read from the source just now,
    /// not made by a macro (a macro's tokens carry the place of its invocation, at least two bytes).
    func justRead(_ token: TexToken) -> Bool {
        token.length == 1 && token.offset + 1 == position
    }

    /// Moves past the ASCII letters at `position`.
    mutating func skipLetters() {
        while position < bytes.count, Self.isLetter(bytes[position]) { position += 1 }
    }

    /// Moves past the digits at `position`, and past a decimal point followed by a digit unless
    /// `seenPoint`, then past the digits after it (which sets `seenPoint`).
    mutating func skipDigits(seenPoint: inout Bool) {
        while position < bytes.count {
            let byte = bytes[position]
            if byte >= 0x30 && byte <= 0x39 {
                position += 1
            } else if byte == UInt8(ascii: "."), !seenPoint, position + 1 < bytes.count, bytes[position + 1] >= 0x30, bytes[position + 1] <= 0x39 {
                seenPoint = true
                position += 1
            } else {
                return
            }
        }
    }

    /// The source's bytes `range`, which `skipLetters` or `skipDigits` moved past (ASCII), as a `String`.
    func asciiText(_ range: Range<Int>) -> String {
        Self.asciiString(bytes, range)
    }

    /// Decodes one scalar at `position` and moves past it; invalid bytes become U+FFFD.
    private mutating func decodeScalar() -> Unicode.Scalar {
        let (scalar, length) = Self.scalar(in: bytes, at: position)
        position += length
        return scalar
    }

    /// The scalar whose UTF-8 encoding starts at `index` of `bytes`, and how many bytes it takes: an
    /// invalid byte is U+FFFD, one byte long, so a reader never passes the end.
    static func scalar(in bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (Unicode.Scalar, Int) {
        let lead = bytes[index]
        let count: Int
        var value: UInt32
        switch lead {
        case 0xC2...0xDF: count = 2; value = UInt32(lead & 0x1F)
        case 0xE0...0xEF: count = 3; value = UInt32(lead & 0x0F)
        case 0xF0...0xF4: count = 4; value = UInt32(lead & 0x07)
        default: return ("\u{FFFD}", 1)
        }
        guard index + count <= bytes.count else { return ("\u{FFFD}", 1) }
        for offset in 1..<count {
            let continuation = bytes[index + offset]
            guard continuation & 0xC0 == 0x80 else { return ("\u{FFFD}", 1) }
            value = value << 6 | UInt32(continuation & 0x3F)
        }
        return (Unicode.Scalar(value) ?? "\u{FFFD}", count)
    }

    /// The ASCII letters `bytes[range]` as a `String`: copied into the string's storage, which checks
    /// them as UTF-8 in one pass over words (`String(decoding:)` goes through the repairing decoder).
    private static func asciiString(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        String(unsafeUninitializedCapacity: range.count) { output in
            _ = output.initialize(from: UnsafeBufferPointer(rebasing: bytes[range]))
            return range.count
        }
    }

    static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
    }

    static func isSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
    }
}
