import Foundation
@testable import PortalCore
import PortalTestSupport
import Testing

/// Each structural problem of a notebook is reported at its value with a fix, and reading goes on.
@Suite("Notebook problems")
struct NotebookProblemTests {
    private func problems(_ text: String) -> [NotebookProblem] {
        NotebookReader.read(Array(text.utf8)).problems
    }

    private func cells(_ cells: String) -> [NotebookProblem] {
        problems(NotebookReaderTests.notebook(cells))
    }

    @Test("A notebook in format 3 is an error at its number, with the command that converts it")
    func formatThree() throws {
        let outcome = NotebookReader.read(Array("{\"metadata\": {}, \"nbformat\": 3, \"nbformat_minor\": 0, \"worksheets\": []}".utf8))
        #expect(outcome.notebook == nil)
        let problem = try #require(outcome.problems.first)
        #expect(problem.message == "this notebook is in format 3; portal reads format 4")
        #expect(problem.fix == "convert it with `jupyter nbconvert --to notebook --nbformat 4`")
        #expect((problem.id, problem.line, problem.column) == ("notebook.format", 1, 30))
    }

    @Test("A file that is not an object, or has no format, is an error at its top")
    func notANotebook() throws {
        let list = try #require(problems("\n  [1, 2]").first)
        #expect(list.message == "a notebook is a JSON object ({ … }), but this file holds a list")
        #expect((list.line, list.column) == (2, 3))
        let unformatted = try #require(problems("{\"cells\": []}").first)
        #expect(unformatted.message == "the notebook has no 'nbformat' field, so its format is unknown")
        let json = try #require(problems("{\"nbformat\": 4,}").first)
        #expect(json.message == "the notebook is not valid JSON: a comma before the closing '}'")
        #expect((json.id, json.column) == ("notebook.json", 15))
    }

    @Test("Missing fields are errors at the object that lacks them, with the field to add")
    func missingFields() throws {
        let found = problems("{\"nbformat\": 4, \"nbformat_minor\": 5,\n \"metadata\": {}}")
        #expect(found.map(\.message) == ["this notebook has no 'cells' field"])
        #expect(found.first?.fix == "add \"cells\": [] with the notebook's cells")
        let cellProblems = cells("""
        {"metadata": {}, "source": ""},
          {"cell_type": "markdown", "metadata": {}},
        {"cell_type": "code", "metadata": {}, "source": "x", "execution_count": 1}
        """)
        #expect(cellProblems.map(\.message) == ["this cell has no 'cell_type' field", "this cell has no 'source' field", "this cell has no 'outputs' field"])
        #expect(cellProblems.map(\.position.description) == ["3:1", "4:3", "5:1"])
        #expect(cellProblems.map(\.fix) == [
            "add \"cell_type\": \"markdown\", \"code\" or \"raw\"", "add \"source\": \"\" (the cell's text)",
            "add \"outputs\": [] (a code cell lists its outputs, even none)",
        ])
    }

    @Test("Values of the wrong type are errors at the value; the other cells are still read")
    func wrongTypes() throws {
        let outcome = NotebookReader.read(Array(NotebookReaderTests.notebook("""
        {"cell_type": "markdown", "metadata": {"tags": ["a", 7]}, "source": 12},
        {"cell_type": "markdown", "metadata": {}, "source": ["ok", null]},
        {"cell_type": "code", "metadata": {}, "source": "", "execution_count": "1", "outputs": {}},
        {"cell_type": "heading", "metadata": {}, "source": ""},
        {"cell_type": "raw", "metadata": {}, "source": "kept"}
        """).utf8))
        #expect(outcome.problems.map(\.message) == [
            "a tag must be a string, but it is a number", "'source' must be a string or a list of strings, but it is a number",
            "each line of 'source' must be a string, but this is null", "'execution_count' must be a whole number or null, but it is a string",
            "'outputs' must be a list of outputs, but it is an object", "unknown cell type \"heading\"",
        ])
        #expect(outcome.problems.map(\.position.description) == ["3:54", "3:69", "4:60", "5:72", "5:88", "6:15"])
        #expect(outcome.problems.last?.fix == "use \"markdown\", \"code\" or \"raw\"")
        #expect(outcome.notebook?.cells.map(\.source.text) == ["", "kept"])
    }

    @Test("Outputs: an unknown type, a stream without text, a bad MIME value and a bad traceback are errors at their values")
    func outputProblems() throws {
        let found = cells("""
        {"cell_type": "code", "metadata": {}, "source": "", "execution_count": null, "outputs": [
         {"output_type": "widget"},
         {"output_type": "stream", "name": "stdlog", "text": "x"},
         {"output_type": "stream", "name": "stdout"},
         {"output_type": "display_data", "metadata": {}, "data": {"text/plain": ["a", 1], "image/png": 5}},
         {"output_type": "error", "ename": "E", "evalue": "v", "traceback": "line"},
         {"output_type": "execute_result", "metadata": {}, "data": {"application/json": {"a": 1}}}
        ]}
        """)
        #expect(found.map(\.message) == [
            "unknown output type \"widget\"", "a stream is named \"stdout\" or \"stderr\", not \"stdlog\"", "this output has no 'text' field",
            "each line of 'text/plain' must be a string, but this is a number", "'image/png' must be a string or a list of strings, but it is a number",
            "'traceback' must be a list of strings, but it is a string", "this output has no 'execution_count' field",
        ])
        #expect(found.map(\.position.description) == ["4:18", "5:36", "6:2", "7:79", "7:96", "8:69", "9:2"])
        #expect(found.first?.fix == "nbformat 4 knows \"stream\", \"display_data\", \"execute_result\", \"error\"")
    }
}

/// Base64 image data: newlines skipped, bad data an error at its place in the file.
@Suite("Notebook base64")
struct NotebookBase64Tests {
    @Test("Standard base64 decodes, with or without padding's newlines", arguments: [
        ("aGVsbG8=", "hello"), ("aGVs\nbG8=\n", "hello"), ("aGk=", "hi"), ("aA==", "h"), ("", ""), ("YWJj", "abc"),
    ])
    func decodes(text: String, expected: String) throws {
        #expect(try Base64Data.decode(Array(text.utf8)).get() == Array(expected.utf8))
    }

    @Test("Decodes what Foundation encodes, whatever the length and wherever line breaks fall")
    func matchesFoundation() throws {
        var generator = SeededGenerator(seed: 16)
        for length in Array(0...64) + [1_000, 4_097, 65_536] {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            var text = Array(Data(bytes).base64EncodedString().utf8)
            // Breaks and spaces at random places, as notebooks written by hand or by old tools have them.
            for _ in 0..<Int.random(in: 0...3, using: &generator) where !text.isEmpty {
                text.insert([0x0A, 0x20, 0x0D, 0x09].randomElement(using: &generator)!, at: Int.random(in: 0...text.count, using: &generator))
            }
            #expect(try Base64Data.decode(text).get() == bytes, "length \(length)")
        }
    }

    @Test("Bad data is an error at its offset", arguments: [
        ("aGV*bG8=", "'*' is not a base64 character", 3), ("aGVsbG8", "the base64 data is cut short (its length is not a multiple of four)", 7),
        ("aG=sbG8=", "base64 data goes on after its '=' padding", 2), ("a===", "'=' may only end the data, after at least two characters of a group of four", 1),
    ])
    func rejects(text: String, message: String, offset: Int) {
        #expect(Base64Data.decode(Array(text.utf8)) == .failure(Base64Data.Error(message: message, offset: offset)))
    }

    @Test("A bad character in an image is reported where the file holds it, past escapes and list items")
    func positionInFile() throws {
        let text = NotebookReaderTests.notebook("""
        {"cell_type": "code", "metadata": {}, "source": "", "execution_count": null, "outputs": [
         {"output_type": "display_data", "metadata": {}, "data": {"image/png": ["aGVs\\n", "bG8#"]}}]}
        """)
        let notebook = try #require(NotebookReader.read(Array(text.utf8)).notebook)
        guard case .displayData(let bundle) = notebook.cells[0].outputs[0].kind else {
            Issue.record("no display data")
            return
        }
        guard case .failure(let problem) = try #require(bundle["image/png"]).decodedData() else {
            Issue.record("decoded")
            return
        }
        #expect(problem.message == "the 'image/png' data is not valid base64: '#' is not a base64 character")
        #expect(problem.position.description == "4:87")
    }
}
