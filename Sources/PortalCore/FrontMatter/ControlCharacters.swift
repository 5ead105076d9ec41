/// Control characters: invisible in an editor, and commands to a terminal that prints them.
///
/// A stranger's pull request can hide an escape sequence in a field; echoed into a CI log it can
/// rewrite what the log shows. Front-matter refuses them, and diagnostics show them escaped.
enum ControlCharacters {
    /// Whether `scalar` is a C0 control other than tab and line feed, DEL, or a C1 control.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return (value < 0x20 && value != 0x09 && value != 0x0A) || (0x7F...0x9F).contains(value)
    }

    /// The byte offset and the character of the first control character in UTF-8 `bytes`.
    static func first(in bytes: [UInt8]) -> (offset: Int, scalar: Unicode.Scalar)? {
        for (offset, byte) in bytes.enumerated() {
            if byte < 0x20, byte != 0x09, byte != 0x0A { return (offset, Unicode.Scalar(byte)) }
            if byte == 0x7F { return (offset, Unicode.Scalar(byte)) }
            // C1 controls are U+0080 to U+009F, encoded as C2 80 to C2 9F.
            if byte == 0xC2, offset + 1 < bytes.count, (0x80...0x9F).contains(bytes[offset + 1]) {
                return (offset, Unicode.Scalar(bytes[offset + 1]))
            }
        }
        return nil
    }

    /// The first control character in `text`, with its offset in characters.
    static func first(in text: String) -> (characterOffset: Int, scalar: Unicode.Scalar)? {
        guard text.unicodeScalars.contains(where: isControl) else { return nil }
        for (offset, character) in text.enumerated() {
            if let scalar = character.unicodeScalars.first(where: isControl) { return (offset, scalar) }
        }
        return nil
    }

    /// How a control character is named in a message: `U+001B (escape)`.
    static func name(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        let names: [UInt32: String] = [0x00: "NUL", 0x07: "bell", 0x08: "backspace", 0x0B: "vertical tab", 0x0C: "form feed", 0x0D: "carriage return",
                                       0x1B: "escape", 0x7F: "delete"]
        return names[scalar.value].map { "\(code) (\($0))" } ?? code
    }

    /// `text` with every control character written as `\u{1B}`, safe to print to a terminal.
    static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isControl(scalar) {
                result.append(contentsOf: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".unicodeScalars)
            } else {
                result.append(scalar)
            }
        }
        return String(result)
    }
}
