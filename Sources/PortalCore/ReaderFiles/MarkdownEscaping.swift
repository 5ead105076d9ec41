/// Writes front-matter text into the Markdown the build generates (twins, `llms.txt`) so that it
/// stays text: a title can hold `<script>` or `[x](javascript:…)` and still be read as words by
/// any Markdown renderer, including one that passes raw HTML through.
enum MarkdownEscaping {
    /// The characters that can begin markup inside a line: backslash escapes, code spans, emphasis,
    /// links and images (`[`, `]`), raw HTML and autolinks (`<`), and strikethrough.
    private static func isSpecial(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "\\"), UInt8(ascii: "`"), UInt8(ascii: "*"), UInt8(ascii: "_"), UInt8(ascii: "["), UInt8(ascii: "]"),
             UInt8(ascii: "<"), UInt8(ascii: "~"), UInt8(ascii: "$"):
            return true
        default:
            return false
        }
    }

    /// `text` for use inside a line of Markdown: markup characters backslash-escaped, line breaks as
    /// spaces, and a `&` that would start a character reference (`&lt;`, `&#60;`) escaped so it stays as written.
    ///
    /// Every character that matters is ASCII, so the text is walked as UTF-8 bytes.
    static func inline(_ text: String) -> String {
        // Every title and summary of every listing's twin passes here: the bytes are read from the
        // string's own storage, each looked up once in a table.
        var text = text
        let escaped: String? = text.withUTF8 { bytes in
            guard bytes.contains(where: { Self.inlineBytes[Int($0)] }) else { return nil }
            var output: [UInt8] = []
            output.reserveCapacity(bytes.count + 8)
            // The bytes between two that matter are copied as one run.
            var run = 0
            for index in bytes.indices where Self.inlineBytes[Int(bytes[index])] {
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<index]))
                run = index + 1
                let byte = bytes[index]
                if byte == 0x0A || byte == 0x0D {
                    output.append(0x20)
                } else {
                    if isSpecial(byte) || (byte == 0x26 && startsReference(bytes, after: index)) {
                        output.append(0x5C)
                    }
                    output.append(byte)
                }
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run...]))
            return String(decoding: output, as: UTF8.self)
        }
        return escaped ?? text
    }

    /// The bytes `inline` changes or looks at again: the special ones, line breaks and `&`.
    private static let inlineBytes: [Bool] = (0..<256).map { (byte: Int) -> Bool in
        let value = UInt8(byte)
        return isSpecial(value) || value == 0x0A || value == 0x0D || value == 0x26
    }

    /// Whether the bytes after the `&` at `index` read as a character reference: `#` and digits, or letters, then `;`.
    private static func startsReference(_ bytes: UnsafeBufferPointer<UInt8>, after index: Int) -> Bool {
        var end = index + 1
        while end < bytes.count, case let byte = bytes[end],
              (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x23 {
            end += 1
        }
        return end > index + 1 && end < bytes.count && bytes[end] == 0x3B
    }

    /// A YAML scalar for the twin's header: plain when that reads back the same and holds no Markdown,
    /// else double-quoted, with the characters that start Markdown links or HTML written as `\x` escapes
    /// (a renderer that shows the header as Markdown then sees no markup; YAML reads the same value).
    static func yamlScalar(_ value: String) -> String {
        // The first and last characters are compared only when the first or last byte can be theirs:
        // one of the ASCII characters tested for, or any byte beyond ASCII, since a character equals
        // another canonically equivalent one (U+1FEF is a backquote).
        let first = value.utf8.first ?? 0, last = value.utf8.last ?? 0
        let yamlSpecial = TextSearch.contains(": ", in: value) || TextSearch.contains(" #", in: value)
            || ((first >= 0x80 || Self.yamlLeadingBytes[Int(first)])
                && (value.hasPrefix("'") || value.hasPrefix("\"") || value.first.map { "!&*?|>%@`{}[]-,#".contains($0) } == true))
            || ((last >= 0x80 || last == UInt8(ascii: ":")) && value.last == ":") || ((last >= 0x80 || last == UInt8(ascii: " ")) && value.hasSuffix(" "))
        // The scalars U+0085, U+2028, U+2029 and U+FEFF begin with the bytes C2, E2 and EF.
        var leadsUnusualScalar = false
        let markdownSpecial = value.utf8.contains {
            if $0 == 0xC2 || $0 == 0xE2 || $0 == 0xEF { leadsUnusualScalar = true }
            return $0 == 0x3C || $0 == 0x5B || $0 == 0x5D || $0 == 0x60 || $0 == 0x5C || $0 < 0x20 || $0 == 0x7F
        } || (leadsUnusualScalar && value.unicodeScalars.contains { $0 == "\u{2028}" || $0 == "\u{2029}" || $0 == "\u{85}" || $0 == "\u{FEFF}" })
        guard yamlSpecial || markdownSpecial || value.isEmpty else { return value }
        // Written as bytes: every character escaped is ASCII or one of four scalars, found by its bytes.
        var output: [UInt8] = [UInt8(ascii: "\"")]
        output.reserveCapacity(value.utf8.count + 16)
        let bytes = Array(value.utf8)
        var index = 0
        func escape(_ text: StaticString, width: Int = 1) {
            text.withUTF8Buffer { output += $0 }
            index += width
        }
        while index < bytes.count {
            let byte = bytes[index]
            let next = index + 1 < bytes.count ? bytes[index + 1] : 0
            let third = index + 2 < bytes.count ? bytes[index + 2] : 0
            switch byte {
            case UInt8(ascii: "\\"): escape("\\\\")
            case UInt8(ascii: "\""): escape("\\\"")
            case 0x0A, 0x0D: escape(" ")
            case UInt8(ascii: "<"): escape("\\x3C")
            case UInt8(ascii: "["): escape("\\x5B")
            case UInt8(ascii: "]"): escape("\\x5D")
            case UInt8(ascii: "`"): escape("\\x60")
            case 0xE2 where next == 0x80 && third == 0xA8: escape("\\L", width: 3)
            case 0xE2 where next == 0x80 && third == 0xA9: escape("\\P", width: 3)
            case 0xC2 where next == 0x85: escape("\\N", width: 2)
            case 0xEF where next == 0xBB && third == 0xBF: escape("\\uFEFF", width: 3)
            case 0..<0x20, 0x7F:
                escape("\\x", width: 0)
                output.append(upperHexDigits[Int(byte >> 4)])
                output.append(upperHexDigits[Int(byte & 0x0F)])
                index += 1
            default:
                output.append(byte)
                index += 1
            }
        }
        output.append(UInt8(ascii: "\""))
        return String(decoding: output, as: UTF8.self)
    }

    private static let upperHexDigits = Array("0123456789ABCDEF".utf8)

    /// The first bytes of the characters that make a YAML scalar start as something else.
    private static let yamlLeadingBytes: [Bool] = (0..<256).map { (byte: Int) -> Bool in "'\"!&*?|>%@`{}[]-,#".utf8.contains(UInt8(byte)) }
}
