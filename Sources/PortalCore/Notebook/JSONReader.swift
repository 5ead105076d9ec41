/// Reads JSON (RFC 8259) from UTF-8 bytes, giving every value its position in the file.
///
/// Notebooks come from strangers, so the reader never recurses (a deep file cannot overflow the
/// stack; nesting past `maximumDepth` is an error at the opening bracket), takes time linear in the
/// file, and stops at the first place the text breaks with an error there. A name repeated in an
/// object is an error too, but reading goes on and the last value is kept, as Python's `json` (and so
/// Jupyter) keeps it: the notebook then means what Jupyter shows.
struct JSONReader {
    /// A problem in the JSON text, at the place it breaks.
    struct Error: Swift.Error, Sendable, Equatable {
        let message: String
        let position: FilePosition
        /// How to mend it, where one helps.
        let fix: String?

        var line: Int { position.line }
        var column: Int { position.column }
    }

    /// What reading gave: the value (nil when the text breaks) and every error found.
    struct Outcome: Sendable {
        let root: JSONNode?
        let errors: [Error]
    }

    /// The deepest nesting of arrays and objects read; notebooks nest a handful of levels.
    static let defaultMaximumDepth = 256

    /// Reads `bytes` as one JSON value (a UTF-8 byte-order mark before it is skipped).
    static func read(_ bytes: [UInt8], maximumDepth: Int = defaultMaximumDepth) -> Outcome {
        var reader = JSONReader(bytes: bytes, maximumDepth: maximumDepth)
        do {
            let root = try reader.readDocument()
            return Outcome(root: root, errors: reader.errors)
        } catch {
            return Outcome(root: nil, errors: reader.errors + [error.error])
        }
    }

    /// The error that stops reading, thrown to the top in one step.
    struct Failure: Swift.Error {
        let error: Error
    }

    /// An array or object being read.
    private struct Frame {
        let isObject: Bool
        let start: FilePosition
        var items: [JSONNode] = []
        var members: [JSONObject.Member] = []
        var memberIndex: [String: Int] = [:]
        var pendingKey: JSONString?
    }

    let bytes: [UInt8]
    let maximumDepth: Int
    var tracker: PositionTracker
    var errors: [Error] = []

    private init(bytes: [UInt8], maximumDepth: Int) {
        self.bytes = bytes
        self.maximumDepth = maximumDepth
        tracker = PositionTracker(bytes: bytes)
    }

    private mutating func readDocument() throws(Failure) -> JSONNode {
        var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var stack: [Frame] = []
        index = skipWhitespace(from: index)
        if index == bytes.count {
            throw fail(at: index, "the file is empty", fix: "a notebook is a JSON object: start with '{'")
        }
        while true {
            // A value starts here.
            index = skipWhitespace(from: index)
            guard index < bytes.count else { throw endOfFile(stack) }
            let start = tracker.position(at: index)
            var value: JSONNode
            switch bytes[index] {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                let isObject = bytes[index] == UInt8(ascii: "{")
                guard stack.count < maximumDepth else {
                    throw fail(at: index, "arrays and objects nest more than \(maximumDepth) deep here",
                               fix: "no notebook needs this depth; the file may be damaged or made to crash readers")
                }
                index = skipWhitespace(from: index + 1)
                let close = UInt8(ascii: isObject ? "}" : "]")
                if index < bytes.count, bytes[index] == close {
                    index += 1
                    value = JSONNode(kind: isObject ? .object(JSONObject(members: [])) : .array([]), position: start)
                } else {
                    var frame = Frame(isObject: isObject, start: start)
                    if isObject { frame.pendingKey = try readKey(at: &index, stack: stack) }
                    stack.append(frame)
                    continue
                }
            case UInt8(ascii: "\""):
                value = JSONNode(kind: .string(try readString(quoteAt: index, start: start, end: &index)), position: start)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                value = JSONNode(kind: .number(try readNumber(at: &index)), position: start)
            default:
                value = JSONNode(kind: try readLiteral(at: &index), position: start)
            }
            // The value is complete: attach it, and close every container that ends after it.
            while true {
                guard !stack.isEmpty else {
                    index = skipWhitespace(from: index)
                    if index < bytes.count {
                        throw fail(at: index, "the file goes on after its value ends", fix: "remove what follows, or join the values into one list")
                    }
                    return value
                }
                attach(value, to: &stack[stack.count - 1])
                index = skipWhitespace(from: index)
                guard index < bytes.count else { throw endOfFile(stack) }
                let isObject = stack[stack.count - 1].isObject
                let close = UInt8(ascii: isObject ? "}" : "]")
                if bytes[index] == UInt8(ascii: ",") {
                    let comma = index
                    index = skipWhitespace(from: index + 1)
                    if index < bytes.count, bytes[index] == close {
                        throw fail(at: comma, "a comma before the closing '\(isObject ? "}" : "]")'", fix: "remove the trailing comma")
                    }
                    if isObject { stack[stack.count - 1].pendingKey = try readKey(at: &index, stack: stack) }
                    break
                }
                guard bytes[index] == close else {
                    let found = describe(at: index)
                    throw fail(at: index, "expected ',' or '\(isObject ? "}" : "]")' after \(isObject ? "a member" : "an item"), found \(found)",
                               fix: isObject ? "separate members with commas" : "separate items with commas")
                }
                index += 1
                guard let frame = stack.popLast() else { break }
                value = frame.isObject
                    ? JSONNode(kind: .object(JSONObject(members: frame.members)), position: frame.start)
                    : JSONNode(kind: .array(frame.items), position: frame.start)
            }
        }
    }

    /// Adds a finished value to the container being read; a repeated name replaces the earlier value.
    private mutating func attach(_ value: JSONNode, to frame: inout Frame) {
        guard frame.isObject else {
            frame.items.append(value)
            return
        }
        guard let key = frame.pendingKey else { return }
        frame.pendingKey = nil
        let name = key.value
        let member = JSONObject.Member(key: key, value: value)
        if let earlier = frame.memberIndex[name] {
            let first = frame.members[earlier].key.start
            errors.append(Error(
                message: "the name \"\(name)\" appears twice in this object (first at line \(first.line), column \(first.column - 1)); the last value is used",
                position: FilePosition(offset: key.start.offset - 1, line: key.start.line, column: key.start.column - 1),
                fix: "remove one of the two"))
            frame.members[earlier] = member
        } else {
            frame.memberIndex[name] = frame.members.count
            frame.members.append(member)
        }
    }

    /// Reads `"name"` and the colon after it, leaving `index` at the value.
    private mutating func readKey(at index: inout Int, stack: [Frame]) throws(Failure) -> JSONString {
        guard index < bytes.count else { throw endOfFile(stack) }
        guard bytes[index] == UInt8(ascii: "\"") else {
            let quote = bytes[index] == UInt8(ascii: "'")
            throw fail(at: index, "expected a member name in double quotes, found \(describe(at: index))",
                       fix: quote ? "JSON strings are written in double quotes" : "write the name in double quotes: \"name\": value")
        }
        let key = try readString(quoteAt: index, start: tracker.position(at: index), end: &index)
        index = skipWhitespace(from: index)
        guard index < bytes.count else { throw endOfFile(stack) }
        guard bytes[index] == UInt8(ascii: ":") else {
            throw fail(at: index, "expected ':' after the name \"\(key.value)\", found \(describe(at: index))", fix: "write a colon between a name and its value")
        }
        index += 1
        return key
    }

    /// Reads `true`, `false` or `null`, or explains what stands in the place of a value.
    private mutating func readLiteral(at index: inout Int) throws(Failure) -> JSONNode.Kind {
        let rest = bytes[index...]
        if rest.starts(with: "true".utf8) {
            index += 4
            return .bool(true)
        }
        if rest.starts(with: "false".utf8) {
            index += 5
            return .bool(false)
        }
        if rest.starts(with: "null".utf8) {
            index += 4
            return .null
        }
        let found = describe(at: index)
        let fix: String?
        if rest.starts(with: "True".utf8) || rest.starts(with: "False".utf8) || rest.starts(with: "None".utf8) || rest.starts(with: "Null".utf8) {
            fix = "JSON writes true, false and null in lower case"
        } else if rest.starts(with: "NaN".utf8) || rest.starts(with: "Infinity".utf8) {
            fix = "NaN and Infinity are not JSON: write null, or the number as a string"
        } else {
            fix = switch bytes[index] {
            case UInt8(ascii: "'"): "JSON strings are written in double quotes"
            case UInt8(ascii: "]"), UInt8(ascii: "}"), UInt8(ascii: ","): "a value is missing here"
            default: nil
            }
        }
        throw fail(at: index, "expected a value, found \(found)", fix: fix)
    }

    /// Reads a number by RFC 8259's grammar, reporting the first character that leaves it.
    private mutating func readNumber(at index: inout Int) throws(Failure) -> JSONNumber {
        let start = index
        func isDigit(_ offset: Int) -> Bool {
            offset < bytes.count && bytes[offset] >= UInt8(ascii: "0") && bytes[offset] <= UInt8(ascii: "9")
        }
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard isDigit(index) else { throw fail(at: index, "a digit must follow '-'", fix: nil) }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if isDigit(index) { throw fail(at: index, "a number cannot start with 0 followed by more digits", fix: "remove the leading zeros") }
        } else {
            while isDigit(index) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard isDigit(index) else { throw fail(at: index, "a digit must follow the decimal point", fix: "write 1.0 rather than 1.") }
            while isDigit(index) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard isDigit(index) else { throw fail(at: index, "a digit must follow the exponent", fix: "write 1e5 rather than 1e") }
            while isDigit(index) { index += 1 }
        }
        return JSONNumber(literal: String(decoding: bytes[start..<index], as: UTF8.self))
    }

    private func skipWhitespace(from start: Int) -> Int {
        var index = start
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return index
            }
        }
        return index
    }

    /// The error for a file that ends inside an array or object, at the end, naming where it opened.
    private mutating func endOfFile(_ stack: [Frame]) -> Failure {
        guard let open = stack.last else { return fail(at: bytes.count, "the file ends where a value was expected", fix: nil) }
        let kind = open.isObject ? "object" : "list"
        return fail(at: bytes.count, "the file ends inside the \(kind) opened at line \(open.start.line), column \(open.start.column)",
                    fix: "close it with '\(open.isObject ? "}" : "]")', or restore the end of the file")
    }

    mutating func fail(at offset: Int, _ message: String, fix: String?) -> Failure {
        Failure(error: Error(message: message, position: tracker.position(at: offset), fix: fix))
    }

    /// The character at `offset` for a message: `'x'`, `U+0007`, or the invalid byte.
    func describe(at offset: Int) -> String {
        guard offset < bytes.count else { return "the end of the file" }
        guard let width = UTF8Check.width(bytes, at: offset) else {
            return "a byte that is not UTF-8 (0x\(String(bytes[offset], radix: 16, uppercase: true)))"
        }
        let text = String(decoding: bytes[offset..<(offset + width)], as: UTF8.self)
        guard let scalar = text.unicodeScalars.first, scalar.value >= 0x20, scalar.value != 0x7F else {
            return "the control character \(Self.unicodeName(UInt32(bytes[offset])))"
        }
        return "'\(text)'"
    }
}

extension JSONReader {
    /// `U+0007`: a code point as Unicode writes it.
    static func unicodeName(_ value: UInt32) -> String {
        let hex = String(value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
