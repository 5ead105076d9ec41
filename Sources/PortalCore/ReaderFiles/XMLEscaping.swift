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
        guard holdsDisallowed(text) else { return text }
        var output = String.UnicodeScalarView()
        output.append(contentsOf: text.unicodeScalars.filter(isAllowed))
        return String(output)
    }

    /// Whether `text` holds a character XML 1.0 does not allow, looked for in its UTF-8 bytes: a C0
    /// control other than tab and line breaks, or U+FFFE or U+FFFF (`EF BF BE`, `EF BF BF`).
    private static func holdsDisallowed(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            for (index, byte) in bytes.enumerated() {
                if byte < 0x20, byte != 0x09, byte != 0x0A, byte != 0x0D { return true }
                if byte == 0xEF, index + 2 < bytes.count, bytes[index + 1] == 0xBF, bytes[index + 2] >= 0xBE { return true }
            }
            return false
        }
    }

    private static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: return true
        case 0x00..<0x20, 0xFFFE, 0xFFFF: return false
        default: return true
        }
    }
}
