/// Checks external addresses written in front-matter.
enum WebAddress {
    /// Whether `text` is an absolute `http://` or `https://` address with a host and no spaces.
    static func isValid(_ text: String) -> Bool {
        let lower = text.lowercased()
        let rest: Substring
        if lower.hasPrefix("https://") {
            rest = text.dropFirst(8)
        } else if lower.hasPrefix("http://") {
            rest = text.dropFirst(7)
        } else {
            return false
        }
        let host = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard !host.isEmpty, host.contains("."), !host.hasPrefix("."), !host.hasSuffix(".") || host.count > 1 else { return false }
        return !text.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "\"" })
    }

    /// Whether a Markdown destination points outside the site (has a URL scheme, or is protocol-relative).
    static func isExternal(_ destination: String) -> Bool {
        if destination.hasPrefix("//") { return true }
        // On the bytes: a scheme is ASCII, so the first `:` byte ends it, unless a combining mark
        // follows that colon (then it is no `:` Character, and the Characters decide).
        let bytes = destination.utf8
        guard let colon = bytes.firstIndex(of: 0x3A), colon > bytes.startIndex else { return false }
        let isLetter = { (byte: UInt8) in (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) }
        guard let first = bytes.first, isLetter(first),
              bytes[..<colon].allSatisfy({ isLetter($0) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2B || $0 == 0x2D || $0 == 0x2E }) else { return false }
        let next = bytes.index(after: colon)
        if next == bytes.endIndex || bytes[next] < 0x80 { return true }
        return isExternalByCharacters(destination)
    }

    /// `isExternal` on Characters, for a colon that a non-ASCII scalar follows.
    private static func isExternalByCharacters(_ destination: String) -> Bool {
        guard let colon = destination.firstIndex(of: ":") else { return false }
        let scheme = destination[..<colon]
        guard let first = scheme.first, first.isASCII, first.isLetter else { return false }
        return scheme.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == ".") }
    }
}
