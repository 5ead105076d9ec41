/// The attributes of raw HTML that hold addresses the build checks and rewrites as it does
/// Markdown's links and images, and how their values are read and written back.
enum HTMLLinkAttribute {
    /// How an attribute holds addresses.
    enum Shape {
        /// One address (`src`, `href`, `poster`).
        case single
        /// A comma-separated list of an address and its descriptors (`srcset="a.png 1x, b.png 2x"`).
        case candidates
    }

    /// The attributes looked at, by element: each attribute's name, shape and kind of link.
    static let byElement: [String: [(name: String, shape: Shape, kind: MarkdownLink.Kind)]] = [
        "img": [("src", .single, .image), ("srcset", .candidates, .image)],
        "source": [("src", .single, .image), ("srcset", .candidates, .image)],
        "video": [("src", .single, .image), ("poster", .single, .image)],
        "audio": [("src", .single, .image)],
        "track": [("src", .single, .image)],
        "a": [("href", .single, .link), ("xlink:href", .single, .link)],
        "area": [("href", .single, .link)],
        // An SVG image; in HTML, `<image>` is read as `<img>`.
        "image": [("href", .single, .image), ("xlink:href", .single, .image), ("src", .single, .image)],
        // Where a quotation or an edit comes from.
        "blockquote": [("cite", .single, .link)],
        "q": [("cite", .single, .link)],
        "del": [("cite", .single, .link)],
        "ins": [("cite", .single, .link)],
    ]

    /// Every attribute a browser reads an address from: those `byElement` does not list for an
    /// element are not checked as links, but an address in them that runs script is removed.
    static let addressNames: Set<String> = [
        "href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "cite", "longdesc", "lowsrc", "dynsrc",
        "manifest", "ping", "codebase", "srcset", "imagesrcset",
    ]

    /// The byte range of `range` without HTML's whitespace at either end (a browser strips it from an address).
    static func trimmed(_ range: Range<Int>, in bytes: [UInt8]) -> Range<Int> {
        var lower = range.lowerBound, upper = range.upperBound
        while lower < upper, HTMLTagScanner.isSpace(bytes[lower]) { lower += 1 }
        while upper > lower, HTMLTagScanner.isSpace(bytes[upper - 1]) { upper -= 1 }
        return lower..<upper
    }

    /// The addresses of a `srcset` value (`range`), as byte ranges: each candidate's address,
    /// without the descriptors (`2x`, `480w`) and without commas that end it, as a browser splits them.
    static func candidates(in range: Range<Int>, of bytes: [UInt8]) -> [Range<Int>] {
        var addresses: [Range<Int>] = []
        var index = range.lowerBound
        let end = range.upperBound
        while index < end {
            while index < end, HTMLTagScanner.isSpace(bytes[index]) || bytes[index] == UInt8(ascii: ",") { index += 1 }
            guard index < end else { break }
            let start = index
            while index < end, !HTMLTagScanner.isSpace(bytes[index]) { index += 1 }
            var last = index
            while last > start, bytes[last - 1] == UInt8(ascii: ",") { last -= 1 }
            addresses.append(start..<last)
            guard last == index else { continue }
            // Descriptors up to the next comma outside parentheses.
            var inParentheses = false
            while index < end, inParentheses || bytes[index] != UInt8(ascii: ",") {
                if bytes[index] == UInt8(ascii: "(") { inParentheses = true } else if bytes[index] == UInt8(ascii: ")") { inParentheses = false }
                index += 1
            }
        }
        return addresses
    }

    /// The value as a browser reads it: numeric character references (`&#106;`, `&#x6A;`, with or
    /// without `;`, with any number of digits) and the named ones an address uses (`&amp;`, `&lt;`,
    /// `&gt;`, `&quot;`, `&apos;`, `&colon;`, `&tab;`, `&newline;`, `&nbsp;`, each with its `;`)
    /// decoded; any other `&` kept as written. No named reference spells an ASCII letter, so none
    /// left undecoded can spell a scheme.
    static func decoded(_ bytes: ArraySlice<UInt8>) -> String {
        guard bytes.contains(UInt8(ascii: "&")) else { return String(decoding: bytes, as: UTF8.self) }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            guard bytes[index] == UInt8(ascii: "&"), let (scalar, length) = reference(in: bytes[(index + 1)...]) else {
                output.append(bytes[index])
                index += 1
                continue
            }
            output += Array(String(Character(scalar)).utf8)
            index += 1 + length
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static let named: [String: Unicode.Scalar] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "colon": ":", "tab": "\t", "newline": "\n", "nbsp": "\u{A0}",
    ]

    /// The character a reference spells just after `&`, and how many bytes it takes.
    private static func reference(in bytes: ArraySlice<UInt8>) -> (Unicode.Scalar, Int)? {
        var index = bytes.startIndex
        guard index < bytes.endIndex else { return nil }
        if bytes[index] == UInt8(ascii: "#") {
            index += 1
            var radix: UInt32 = 10
            if index < bytes.endIndex, bytes[index] | 0x20 == UInt8(ascii: "x") {
                radix = 16
                index += 1
            }
            // As a browser reads it: every digit (`&#0000000106;` is `j`), a value past Unicode's last being U+FFFD.
            var value: UInt32 = 0
            let digitsStart = index
            while index < bytes.endIndex, let digit = digit(bytes[index], radix: radix) {
                value = min(value * radix + digit, 0x110000)
                index += 1
            }
            guard index > digitsStart else { return nil }
            if index < bytes.endIndex, bytes[index] == UInt8(ascii: ";") { index += 1 }
            let scalar = value == 0 || value > 0x10FFFF ? nil : Unicode.Scalar(value)
            return (scalar ?? "\u{FFFD}", index - bytes.startIndex)
        }
        let nameStart = index
        while index < bytes.endIndex, index - nameStart < 8, (bytes[index] | 0x20) >= UInt8(ascii: "a"), (bytes[index] | 0x20) <= UInt8(ascii: "z") { index += 1 }
        guard index < bytes.endIndex, bytes[index] == UInt8(ascii: ";"),
              let scalar = named[String(decoding: bytes[nameStart..<index].map { $0 | 0x20 }, as: UTF8.self)] else { return nil }
        return (scalar, index + 1 - bytes.startIndex)
    }

    private static func digit(_ byte: UInt8, radix: UInt32) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f") where radix == 16: UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F") where radix == 16: UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    /// `address` written inside an attribute value quoted with `quote` (nil: unquoted): `&` and the
    /// quote escaped.
    static func escaped(_ address: String, quote: UInt8?) -> String {
        let text = address.replacingAll("&", with: "&amp;")
        switch quote {
        case UInt8(ascii: "\"")?: return text.replacingAll("\"", with: "&quot;")
        case UInt8(ascii: "'")?: return text.replacingAll("'", with: "&#39;")
        default: return text
        }
    }

    /// Whether an unquoted value holding `text` would not stay one value (empty, or holding a
    /// space, a quote, `=`, `<`, `>` or a backtick), and must be written in quotes.
    static func needsQuotes(_ text: some Collection<UInt8>) -> Bool {
        text.isEmpty || text.contains { HTMLTagScanner.isSpace($0) || "\"'=<>`".utf8.contains($0) }
    }

    /// Whether `address` can stand as written in a value quoted with `quote` (nil: unquoted), one
    /// candidate of a `srcset` when `inCandidates`: the Markdown twin replaces addresses in place only then.
    static func isWritable(_ address: String, quote: UInt8?, inCandidates: Bool) -> Bool {
        guard !address.isEmpty || quote != nil else { return false }
        return !address.utf8.contains { byte in
            byte == UInt8(ascii: "&") || byte == quote || (inCandidates && (byte == UInt8(ascii: ",") || HTMLTagScanner.isSpace(byte)))
                || (quote == nil && (HTMLTagScanner.isSpace(byte) || "\"'=<>`".utf8.contains(byte)))
        }
    }
}

private extension String {
    /// The string with every `target` (one ASCII character) replaced by `replacement`, without Foundation.
    func replacingAll(_ target: Character, with replacement: String) -> String {
        guard contains(target) else { return self }
        var result = ""
        result.reserveCapacity(utf8.count + 8)
        for character in self {
            if character == target { result += replacement } else { result.append(character) }
        }
        return result
    }
}
