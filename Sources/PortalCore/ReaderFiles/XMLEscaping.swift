/// Text for the XML files (the Atom feed, the sitemap): escaped, and without the characters XML 1.0
/// cannot carry at all (C0 controls other than tab and line breaks, U+FFFE, U+FFFF), which would make
/// the whole document unreadable to feed readers. A quoted YAML string can hold them (`"\x01"`).
enum XMLEscaping {
    /// `text` escaped for XML content and attribute values.
    static func escape(_ text: String) -> String {
        HTMLEscaping.escape(validCharacters(text))
    }

    /// `text` without the characters XML 1.0 does not allow.
    static func validCharacters(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { !isAllowed($0) }) else { return text }
        var output = String.UnicodeScalarView()
        output.append(contentsOf: text.unicodeScalars.filter(isAllowed))
        return String(output)
    }

    private static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: return true
        case 0x00..<0x20, 0xFFFE, 0xFFFF: return false
        default: return true
        }
    }
}
