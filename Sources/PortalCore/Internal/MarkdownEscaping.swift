/// Writes front-matter text into the Markdown the build generates (twins, `llms.txt`) so that it
/// stays text: a title can hold `<script>` or `[x](javascript:…)` and still be read as words by
/// any Markdown renderer, including one that passes raw HTML through.
enum MarkdownEscaping {
    /// The characters that can begin markup inside a line: backslash escapes, code spans, emphasis,
    /// links and images (`[`, `]`), raw HTML and autolinks (`<`), and strikethrough.
    private static let special: Set<UInt8> = Set("\\`*_[]<~".utf8)

    /// `text` for use inside a line of Markdown: markup characters backslash-escaped, line breaks as
    /// spaces, and a `&` that would start a character reference (`&lt;`, `&#60;`) escaped so it stays as written.
    static func inline(_ text: String) -> String {
        guard text.utf8.contains(where: { special.contains($0) || $0 == 0x0A || $0 == 0x0D || $0 == 0x26 }) else { return text }
        var output = ""
        output.reserveCapacity(text.utf8.count + 8)
        let scalars = Array(text.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            if scalar == "\n" || scalar == "\r" {
                output += " "
            } else {
                if scalar.isASCII, special.contains(UInt8(scalar.value)) || (scalar == "&" && startsReference(scalars[(index + 1)...])) {
                    output += "\\"
                }
                output.unicodeScalars.append(scalar)
            }
        }
        return output
    }

    /// Whether the text after a `&` reads as a character reference: `#` and digits, or letters, then `;`.
    private static func startsReference(_ rest: ArraySlice<Unicode.Scalar>) -> Bool {
        let name = rest.prefix { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "#") }
        return !name.isEmpty && rest.dropFirst(name.count).first == ";"
    }

    /// A YAML scalar for the twin's header: plain when that reads back the same and holds no Markdown,
    /// else double-quoted, with the characters that start Markdown links or HTML written as `\x` escapes
    /// (a renderer that shows the header as Markdown then sees no markup; YAML reads the same value).
    static func yamlScalar(_ value: String) -> String {
        let yamlSpecial = value.contains(": ") || value.contains(" #") || value.hasPrefix("'") || value.hasPrefix("\"")
            || value.first.map { "!&*?|>%@`{}[]-,#".contains($0) } == true || value.last == ":" || value.hasSuffix(" ")
        let markdownSpecial = value.utf8.contains { $0 == 0x3C || $0 == 0x5B || $0 == 0x5D || $0 == 0x60 || $0 == 0x5C || $0 < 0x20 || $0 == 0x7F }
            || value.unicodeScalars.contains { $0 == "\u{2028}" || $0 == "\u{2029}" || $0 == "\u{85}" || $0 == "\u{FEFF}" }
        guard yamlSpecial || markdownSpecial || value.isEmpty else { return value }
        var output = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": output += "\\\\"
            case "\"": output += "\\\""
            case "\n", "\r": output += " "
            case "<": output += "\\x3C"
            case "[": output += "\\x5B"
            case "]": output += "\\x5D"
            case "`": output += "\\x60"
            case "\u{2028}": output += "\\L"
            case "\u{2029}": output += "\\P"
            case "\u{85}": output += "\\N"
            case "\u{FEFF}": output += "\\uFEFF"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    output += "\\x" + (hex.count == 1 ? "0" + hex : hex)
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        return output + "\""
    }
}
