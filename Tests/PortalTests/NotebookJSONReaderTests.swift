@testable import PortalCore
import Testing

/// JSON from strangers: every break is an error at its exact place, and nothing deep or long crashes.
@Suite("Notebook JSON reader")
struct NotebookJSONReaderTests {
    private func read(_ text: String) -> JSONReader.Outcome {
        JSONReader.read(Array(text.utf8))
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let json: String
        let message: String
        let line: Int
        let column: Int
        var testDescription: String { json }
    }

    static let errors: [Case] = [
        Case(json: "{\"a\": 1,}", message: "a comma before the closing '}'", line: 1, column: 8),
        Case(json: "[1, 2,]", message: "a comma before the closing ']'", line: 1, column: 6),
        Case(json: "{\n  \"a\": [\n    1,\n    ]\n}", message: "a comma before the closing ']'", line: 3, column: 6),
        Case(json: "[\r\n1,\r\n]", message: "a comma before the closing ']'", line: 2, column: 2),
        Case(json: "{\"a\" 1}", message: "expected ':' after the name \"a\", found '1'", line: 1, column: 6),
        Case(json: "{'a': 1}", message: "expected a member name in double quotes, found '''", line: 1, column: 2),
        Case(json: "{\"é\": tru}", message: "expected a value, found 't'", line: 1, column: 7),
        Case(json: "[\"café\", x]", message: "expected a value, found 'x'", line: 1, column: 10),
        Case(json: "[\"😀e\u{301}\", x]", message: "expected a value, found 'x'", line: 1, column: 8),
        Case(json: "[1 2]", message: "expected ',' or ']' after an item, found '2'", line: 1, column: 4),
        Case(json: "{\"a\": \"abc", message: "this string is never closed", line: 1, column: 7),
        Case(json: "[\"a\\qb\"]", message: "'\\' followed by 'q' is not an escape JSON knows", line: 1, column: 4),
        Case(json: "[\"\\u00e9\\\"\\q\"]", message: "'\\' followed by 'q' is not an escape JSON knows", line: 1, column: 11),
        Case(json: "[\"\\u00zz\"]", message: "\\u must be followed by four hexadecimal digits", line: 1, column: 7),
        Case(json: "[\"a\tb\"]", message: "the control character U+0009 inside a string", line: 1, column: 4),
        Case(json: "[\"ab\ncd\"]", message: "a line break inside a string", line: 1, column: 5),
        Case(json: "{} x", message: "the file goes on after its value ends", line: 1, column: 4),
        Case(json: "[\"\\uD83D x\"]", message: "\\uD83D is half of a surrogate pair, and its low half (\\uDC00 to \\uDFFF) does not follow", line: 1, column: 3),
        Case(json: "[\"é\\uDC00\"]", message: "\\uDC00 is the low half of a surrogate pair, without the high half before it", line: 1, column: 4),
        Case(json: "[01]", message: "a number cannot start with 0 followed by more digits", line: 1, column: 3),
        Case(json: "[1.]", message: "a digit must follow the decimal point", line: 1, column: 4),
        Case(json: "[-]", message: "a digit must follow '-'", line: 1, column: 3),
        Case(json: "[1e+]", message: "a digit must follow the exponent", line: 1, column: 5),
        Case(json: "[+1]", message: "expected a value, found '+'", line: 1, column: 2),
        Case(json: "[.5]", message: "expected a value, found '.'", line: 1, column: 2),
        Case(json: "[True]", message: "expected a value, found 'T'", line: 1, column: 2),
        Case(json: "[NaN]", message: "expected a value, found 'N'", line: 1, column: 2),
        Case(json: "", message: "the file is empty", line: 1, column: 1),
        Case(json: "{\"a\": [1,\n", message: "the file ends inside the list opened at line 1, column 7", line: 2, column: 1),
        Case(json: "\u{FEFF}[,]", message: "expected a value, found ','", line: 1, column: 2),
    ]

    @Test("Each break in the text is an error at the exact place", arguments: errors)
    func errorPosition(_ example: Case) throws {
        let outcome = read(example.json)
        #expect(outcome.root == nil)
        let error = try #require(outcome.errors.first)
        #expect(error.message == example.message)
        #expect((error.line, error.column) == (example.line, example.column), "\(error)")
        #expect(outcome.errors.count == 1)
    }

    @Test("Fixes name the mend", arguments: [
        ("[1,]", "remove the trailing comma"), ("[True]", "JSON writes true, false and null in lower case"),
        ("[NaN]", "NaN and Infinity are not JSON: write null, or the number as a string"), ("['a']", "JSON strings are written in double quotes"),
        ("[\"a\nb\"]", "write the line break as \\n, or close the string with '\"' before it"), ("[\"\u{7}\"]", "write it as the escape \\u0007"),
    ])
    func fixes(json: String, fix: String) throws {
        #expect(try #require(read(json).errors.first).fix == fix)
    }

    @Test("Bytes that are not UTF-8 are an error at the byte, inside and outside strings")
    func invalidUTF8() throws {
        let inString = JSONReader.read(Array("[\"é".utf8) + [0xFF] + Array("\"]".utf8))
        let error = try #require(inString.errors.first)
        #expect(error.message == "the text is not valid UTF-8 here (byte 0xFF)")
        #expect((error.line, error.column, error.fix) == (1, 4, "save the notebook as UTF-8"))
        // An overlong encoding of '/' and an encoded surrogate are not UTF-8 either.
        for bytes: [UInt8] in [[0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80]] {
            #expect(JSONReader.read(Array("[\"".utf8) + bytes + Array("\"]".utf8)).errors.first?.column == 3)
        }
        let outside = try #require(JSONReader.read([0x5B, 0xC3, 0x5D]).errors.first)
        #expect(outside.message == "expected a value, found a byte that is not UTF-8 (0xC3)")
        #expect(outside.column == 2)
    }

    @Test("Nesting past the limit is an error at the opening bracket; the limit itself is read")
    func nestingLimit() throws {
        let deep = String(repeating: "[", count: 257) + String(repeating: "]", count: 257)
        let error = try #require(read(deep).errors.first)
        #expect(error.message == "arrays and objects nest more than 256 deep here")
        #expect((error.line, error.column) == (1, 257))
        #expect(read(String(repeating: "[", count: 256) + String(repeating: "]", count: 256)).root != nil)
        // Far deeper than any stack: no recursion, so no crash; the 257th opening is the 129th brace.
        let hostile = String(repeating: "{\"a\":[", count: 200_000)
        #expect(read(hostile).errors.first?.column == 1 + 6 * 128)
    }

    @Test("A repeated name is an error at the second, and the last value is kept as Jupyter keeps it")
    func duplicateKey() throws {
        let outcome = read("{\"a\": 1, \"b\": [], \"a\": 2}")
        let error = try #require(outcome.errors.first)
        #expect(error.message == "the name \"a\" appears twice in this object (first at line 1, column 2); the last value is used")
        #expect((error.line, error.column, error.fix) == (1, 19, "remove one of the two"))
        let object = try #require(outcome.root?.object)
        #expect(object["a"]?.integer == 2)
        #expect(object.members.map(\.key.value) == ["a", "b"])
    }

    @Test("Every value has its position, after multi-byte characters and on later lines")
    func valuePositions() throws {
        let root = try #require(read("{\"é\": \"ü\", \"b\":\n  [true, null, -1.5e3, {}]}").root)
        let object = try #require(root.object)
        #expect(root.position == FilePosition(offset: 0, line: 1, column: 1))
        #expect(object["é"]?.position == FilePosition(offset: 7, line: 1, column: 7))
        let items = try #require(object["b"]?.array)
        #expect(object["b"]?.position.description == "2:3")
        #expect(items.map(\.position.description) == ["2:4", "2:10", "2:16", "2:24"])
        if case .number(let number) = items[2].kind { #expect(number.double == -1500) } else { Issue.record("not a number") }
        #expect(object.member("b")?.key.start.description == "1:13")
    }

    @Test("Escapes are decoded, surrogate pairs joined")
    func escapes() throws {
        let string = try #require(read("[\"a\\\"b\\u00e9\\ud83d\\ude00\\n\\/\\\\\\t\"]").root?.array?.first?.string)
        #expect(string.value == "a\"bé😀\n/\\\t")
        #expect(string.decodedCount == string.value.utf8.count)
        #expect(string.equals("a\"bé😀\n/\\\t"))
    }

    @Test("An offset in a decoded string maps to where its character is written")
    func stringSourceMap() throws {
        // Columns:   1 2 3 45 6 7-12   13 14
        let string = try #require(read("[\"x\\\"y\\u00e9z😀w\"]").root?.array?.first?.string)
        #expect(string.value == "x\"yézw".replacingOccurrences(of: "zw", with: "z😀w"))
        // x, ", y, é (2 bytes), z, 😀 (4 bytes), w: decoded UTF-8 offsets 0, 1, 2, 3, 5, 6, 10
        let columns = [0, 1, 2, 3, 4, 5, 6, 10, 11].map { string.position(ofDecodedOffset: $0).column }
        #expect(columns == [3, 4, 6, 7, 7, 13, 14, 15, 16])
        #expect(string.position(ofDecodedOffset: 3).offset == 6)
    }
}
