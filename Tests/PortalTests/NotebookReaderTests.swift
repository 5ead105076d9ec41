import Foundation
@testable import PortalCore
import Testing

private let notebookFixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/notebook-reader")

/// Notebooks written by nbformat (the fixtures) and by hand: every cell and output kind, the map
/// from cell text to file, front-matter, and each structural problem at its value.
@Suite("Notebook reader")
struct NotebookReaderTests {
    private func fixture(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: notebookFixtures.appendingPathComponent(name)))
    }

    /// A notebook whose cells start on line 3: `cells` is written as is between the brackets.
    static func notebook(_ cells: String, metadata: String = "{}") -> String {
        "{\"nbformat\": 4, \"nbformat_minor\": 5, \"metadata\": \(metadata),\n\"cells\": [\n\(cells)\n]}"
    }

    private func read(_ text: String) -> NotebookReader.Outcome {
        NotebookReader.read(Array(text.utf8))
    }

    @Test("A notebook written by nbformat reads back: metadata, each cell kind and each output kind")
    func roundTrip() throws {
        let outcome = NotebookReader.read(try fixture("tutorial.ipynb"))
        #expect(outcome.problems.isEmpty, "\(outcome.problems)")
        let notebook = try #require(outcome.notebook)
        #expect((notebook.format, notebook.formatMinor) == (4, 5))
        #expect(notebook.metadata.kernelName == "python3")
        #expect(notebook.metadata.kernelLanguage == "python")
        #expect(notebook.metadata.languageName == "python")
        #expect(notebook.metadata.portal == nil)
        #expect(notebook.cells.map(\.kind) == [.raw, .markdown, .code])
        #expect(notebook.cells.map(\.id) == ["cell-0", "cell-1", "cell-2"])
        let markdown = notebook.cells[1]
        #expect(markdown.source.text == "# Fitting\n\nSee [the data](data.md) and ![plot](attachment:plot.png).")
        #expect(markdown.tags == ["intro", "physics"])
        #expect(markdown.attachments.map(\.name) == ["plot.png"])
        let png = try markdown.attachments[0].bundle["image/png"]?.decodedData().get()
        #expect(png?.starts(with: [0x89, 0x50, 0x4E, 0x47]) == true)

        let code = notebook.cells[2]
        #expect(code.source.text == "import numpy as np\nprint('hi')\nnp.arange(3)")
        #expect(code.executionCount == 2)
        #expect(code.outputs.count == 4)
        guard case .stream(let name, let text) = code.outputs[0].kind else { Issue.record("not a stream"); return }
        #expect((name, text.text) == ("stdout", "hi\n"))
        guard case .executeResult(let result, let count) = code.outputs[1].kind else { Issue.record("not a result"); return }
        #expect(result["text/plain"]?.text?.text == "array([0, 1, 2])")
        #expect(count == 2)
        guard case .displayData(let display) = code.outputs[2].kind else { Issue.record("not display data"); return }
        #expect(display.entries.map(\.type) == ["image/png", "text/plain"])
        #expect(display.metadata?.object?["image/png"]?.object?["width"]?.integer == 1)
        #expect((try display["image/png"]?.decodedData().get())?.count == 70)
        guard case .error(let ename, let evalue, let traceback) = code.outputs[3].kind else { Issue.record("not an error"); return }
        #expect((ename, evalue, traceback) == ("ValueError", "bad \"value\"", ["Traceback:", "ValueError: bad"]))
        #expect(code.outputs[0].position.description == "40:5")
    }

    @Test("A place in a cell maps to where it is written: the third item of a source list")
    func sourceMapOfList() throws {
        let notebook = try #require(NotebookReader.read(try fixture("tutorial.ipynb")).notebook)
        // `    "See [the data](data.md)…` is line 31: its text starts at column 6, and 'd' of data.md is 16th.
        let source = notebook.cells[1].source
        #expect(source.filePosition(line: 3, column: 16) == FilePosition(offset: try offset(of: "data.md)", in: "tutorial.ipynb"), line: 31, column: 21))
        #expect(source.filePosition(line: 1, column: 1)?.description == "29:6")
        #expect(source.filePosition(line: 2, column: 1)?.description == "30:6")
        #expect(source.filePosition(line: 4, column: 1) == nil)
    }

    private func offset(of text: String, in name: String) throws -> Int {
        let bytes = try fixture(name)
        let needle = Array(text.utf8)
        return try #require((0...(bytes.count - needle.count)).first { bytes[$0..<($0 + needle.count)].elementsEqual(needle) })
    }

    @Test("A place after \\\" and \\u00e9 escapes maps past them, in a string source and in a list")
    func sourceMapThroughEscapes() throws {
        let cells = """
        {"cell_type": "markdown", "metadata": {}, "source": "a\\"b\\u00e9 [x](y.md)\\nsecond \\u00e9 [z](w.md)"},
        {"cell_type": "markdown", "metadata": {}, "source": ["one\\n", "\\t\\"two\\"\\n", "th\\u00e9ree [l](m.md)"]}
        """
        let outcome = read(Self.notebook(cells))
        #expect(outcome.problems.isEmpty, "\(outcome.problems)")
        let notebook = try #require(outcome.notebook)
        let single = notebook.cells[0].source
        #expect(single.text == "a\"bé [x](y.md)\nsecond é [z](w.md)")
        // Line 3 of the file; the string's text starts at column 54. `(y.md` in the cell is column 9: a, \", b, \u00e9 take 1+2+1+6.
        #expect(single.filePosition(line: 1, column: 9)?.description == "3:68")
        #expect(single.filePosition(line: 1, column: 4)?.description == "3:58")
        // Line 2 of the cell starts after the `\n` escape, at column 54 + 20 + 2.
        #expect(single.filePosition(line: 2, column: 1)?.description == "3:76")
        #expect(single.filePosition(line: 2, column: 10)?.description == "3:90")
        let list = notebook.cells[1].source
        #expect(list.text == "one\n\t\"two\"\nthéree [l](m.md)")
        // The third item's text starts at column 79 of line 4; 'r' after 'é' is column 4 of the cell's line 3.
        #expect(list.filePosition(line: 3, column: 4)?.description == "4:87")
        #expect(list.filePosition(line: 2, column: 2)?.description == "4:66")
    }

    @Test("A source written as one string or as a list of strings reads the same")
    func sourceForms() throws {
        let cells = """
        {"cell_type": "code", "metadata": {}, "execution_count": null, "outputs": [], "source": "x = 1\\ny = 2"},
        {"cell_type": "code", "metadata": {}, "execution_count": null, "outputs": [], "source": ["x = 1\\n", "y = 2"]},
        {"cell_type": "raw", "metadata": {}, "source": []}
        """
        let notebook = try #require(read(Self.notebook(cells)).notebook)
        #expect(notebook.cells[0].source.text == notebook.cells[1].source.text)
        #expect(notebook.cells[0].executionCount == nil)
        #expect(notebook.cells[2].source.text == "")
        #expect(notebook.cells[2].source.filePosition(line: 1, column: 1) == nil)
    }

    @Test("Front-matter in a raw first cell is the YAML between the lines, mapped to the file")
    func frontMatterInRawCell() throws {
        let notebook = try #require(NotebookReader.read(try fixture("tutorial.ipynb")).notebook)
        guard case .rawCell(let yaml) = try NotebookFrontMatter.locate(in: notebook).get() else {
            Issue.record("no raw-cell front-matter")
            return
        }
        #expect(yaml.text == "title: Fitting a peak\nsummary: \"A café-free tutorial\"\n")
        #expect(yaml.filePosition(line: 1, column: 1)?.description == "9:6")
        // `summary: "A`: the quote is written `\"` in the file, so 'A' is two columns further on.
        #expect(yaml.filePosition(line: 2, column: 11)?.description == "10:17")
        #expect(yaml.filePosition(line: 2, column: 16)?.description == "10:22")
    }

    @Test("Front-matter in metadata.portal is that JSON value")
    func frontMatterInMetadata() throws {
        let notebook = try #require(NotebookReader.read(try fixture("metadata-front-matter.ipynb")).notebook)
        guard case .metadata(let value) = try NotebookFrontMatter.locate(in: notebook).get() else {
            Issue.record("no metadata front-matter")
            return
        }
        #expect(value.object?["title"]?.string?.value == "From metadata")
        #expect(value.position.description == "13:13")
        let plain = try #require(read(Self.notebook("{\"cell_type\": \"raw\", \"metadata\": {}, \"source\": \"title: x\"}")).notebook)
        #expect(try NotebookFrontMatter.locate(in: plain).get() == nil)
    }

    @Test("A raw first cell that opens front-matter and never closes it is an error at its '---'")
    func frontMatterUnclosed() throws {
        let notebook = try #require(read(Self.notebook("{\"cell_type\": \"raw\", \"metadata\": {}, \"source\": [\"---\\n\", \"title: x\\n\"]}")).notebook)
        guard case .failure(let problem) = NotebookFrontMatter.locate(in: notebook) else {
            Issue.record("no error")
            return
        }
        #expect(problem.message == "the front-matter that starts here, in the first (raw) cell, is never closed")
        #expect(problem.position.description == "3:50")
        #expect(problem.fix == "add a line with '---' after the last field, in the same cell")
    }
}

extension NotebookFrontMatter: Equatable {
    public static func == (lhs: NotebookFrontMatter, rhs: NotebookFrontMatter) -> Bool {
        switch (lhs, rhs) {
        case (.rawCell(let left), .rawCell(let right)): left.text == right.text
        case (.metadata(let left), .metadata(let right)): left.position == right.position
        default: false
        }
    }
}
