/// A JSON value written deterministically (keys sorted), for the catalog, JSON-LD and the search index.
enum JSONValue: Sendable, Equatable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral {
    case string(String)
    case number(Int)
    case bool(Bool)
    case array([JSONValue])
    case object([String: JSONValue])
    case null

    init(stringLiteral value: String) { self = .string(value) }
    init(integerLiteral value: Int) { self = .number(value) }
    init(booleanLiteral value: Bool) { self = .bool(value) }
    init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, new in new }))
    }

    /// Compact JSON text; `<`, `>`, `&`, U+2028 and U+2029 are written as `\u` escapes so the
    /// text is also safe inside an HTML `<script>` element and in JavaScript source.
    var text: String {
        var output = ""
        write(into: &output)
        return output
    }

    func write(into output: inout String) {
        switch self {
        case .string(let string): Self.writeString(string, into: &output)
        case .number(let number): output += String(number)
        case .bool(let flag): output += flag ? "true" : "false"
        case .null: output += "null"
        case .array(let items):
            output += "["
            for (index, item) in items.enumerated() {
                if index > 0 { output += "," }
                item.write(into: &output)
            }
            output += "]"
        case .object(let members):
            output += "{"
            // The members sorted with their values, so no key is hashed and looked up again.
            for (index, member) in members.sorted(by: { $0.key < $1.key }).enumerated() {
                if index > 0 { output += "," }
                Self.writeString(member.key, into: &output)
                output += ":"
                member.value.write(into: &output)
            }
            output += "}"
        }
    }

    private static func writeString(_ string: String, into output: inout String) {
        output += "\""
        // Most strings need no escaping: check the bytes once and copy them whole.
        // (0xE2 leads the UTF-8 of U+2028 and U+2029, so it takes the careful path.)
        if !string.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0x3C || $0 == 0x3E || $0 == 0x26 || $0 == 0xE2 }) {
            output += string
            output += "\""
            return
        }
        // Every byte to escape is ASCII, or leads U+2028 / U+2029 (E2 80 A8 / A9): the runs of bytes
        // between them are copied whole. Runs end only before ASCII bytes or before E2, so each is whole scalars.
        let bytes = string.utf8
        var runStart = bytes.startIndex
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            var escape: String?
            var width = 1
            switch byte {
            case 0x22: escape = "\\\""
            case 0x5C: escape = "\\\\"
            case 0x0A: escape = "\\n"
            case 0x0D: escape = "\\r"
            case 0x09: escape = "\\t"
            case 0x3C: escape = "\\u003c"
            case 0x3E: escape = "\\u003e"
            case 0x26: escape = "\\u0026"
            case 0xE2:
                let next = bytes.index(after: index)
                if next < bytes.endIndex, bytes[next] == 0x80 {
                    let last = bytes.index(after: next)
                    if last < bytes.endIndex, bytes[last] == 0xA8 || bytes[last] == 0xA9 {
                        escape = bytes[last] == 0xA8 ? "\\u2028" : "\\u2029"
                        width = 3
                    }
                }
            default:
                if byte < 0x20 {
                    let hex = String(byte, radix: 16)
                    escape = "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                }
            }
            guard let escape else {
                index = bytes.index(after: index)
                continue
            }
            output += Substring(bytes[runStart..<index])
            output += escape
            index = bytes.index(index, offsetBy: width)
            runStart = index
        }
        output += Substring(bytes[runStart..<index])
        output += "\""
    }

    /// A string value, or null when absent.
    static func optional(_ string: String?) -> JSONValue {
        string.map(JSONValue.string) ?? .null
    }
}

/// JSON text for code outside PortalCore (the preview server's events), written as the catalog is.
public enum JSONText {
    /// `text` as a JSON string literal, safe inside HTML and JavaScript.
    public static func string(_ text: String) -> String {
        JSONValue.string(text).text
    }
}
