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
        var bytes: [UInt8] = []
        write(into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the compact JSON text to `output`.
    func write(into output: inout String) {
        output += text
    }

    /// Writes the JSON text as UTF-8: a catalogue or a JSON-LD block is thousands of short strings,
    /// which cost less appended to bytes than to a `String`, made once at the end.
    func write(into output: inout [UInt8]) {
        switch self {
        case .string(let string): Self.writeString(string, into: &output)
        case .number(let number): output += String(number).utf8
        case .bool(let flag): output += (flag ? "true" : "false").utf8
        case .null: output += "null".utf8
        case .array(let items):
            output.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                item.write(into: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            output.append(UInt8(ascii: "{"))
            // The members sorted with their values, so no key is hashed and looked up again.
            for (index, member) in members.sorted(by: { $0.key < $1.key }).enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                Self.writeString(member.key, into: &output)
                output.append(UInt8(ascii: ":"))
                member.value.write(into: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    private static func writeString(_ string: String, into output: inout [UInt8]) {
        var string = string
        string.withUTF8 { bytes in
            output.append(UInt8(ascii: "\""))
            escapeTable.withUnsafeBufferPointer { table in
                // Every byte to escape is ASCII, or leads U+2028 / U+2029 (E2 80 A8 / A9): the runs
                // of bytes between them are copied whole, and most strings are one run.
                var runStart = 0
                var index = 0
                while index < bytes.count {
                    let byte = bytes[index]
                    guard table[Int(byte)] else {
                        index += 1
                        continue
                    }
                    var width = 1
                    let escape: StaticString
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
                        guard index + 2 < bytes.count, bytes[index + 1] == 0x80, bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9 else {
                            index += 1
                            continue
                        }
                        escape = bytes[index + 2] == 0xA8 ? "\\u2028" : "\\u2029"
                        width = 3
                    default:
                        escape = "\\u00"
                    }
                    output += UnsafeBufferPointer(rebasing: bytes[runStart..<index])
                    escape.withUTF8Buffer { output += $0 }
                    if byte < 0x20, ![0x09, 0x0A, 0x0D].contains(byte) {
                        // A control character: `\u00` and its two hexadecimal digits.
                        output.append(hexDigits[Int(byte >> 4)])
                        output.append(hexDigits[Int(byte & 0x0F)])
                    }
                    index += width
                    runStart = index
                }
                output += UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count])
            }
            output.append(UInt8(ascii: "\""))
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// The bytes `writeString` may escape: controls, `"`, `\`, `<`, `>`, `&`, and 0xE2, which leads
    /// the UTF-8 of U+2028 and U+2029.
    private static let escapeTable: [Bool] = (0..<256).map { $0 < 0x20 || [0x22, 0x5C, 0x3C, 0x3E, 0x26, 0xE2].contains($0) }

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
