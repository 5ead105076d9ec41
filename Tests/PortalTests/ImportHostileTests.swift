import Foundation
import PortalCore
import PortalTestSupport
import Testing

/// YAML whose aliases of aliases stand for 9^12 values: composing it would never end.
private let aliasBomb: String = {
    var lines = ["title: Bomb", "a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    for level in 1...11 { lines.append("a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ", ") + "]") }
    lines.append("last: {*a11 : 1}")
    return lines.joined(separator: "\n") + "\n"
}()

@Suite("portal import on hostile lessons")
struct ImportHostileTests {
    @Test("An alias bomb in a Carpentries _config.yml is refused at its position, as the build refuses one in front-matter")
    func aliasBombInConfig() throws {
        let source = try LessonSource(["_config.yml": aliasBomb, "_episodes/01-a.md": "---\ntitle: A\n---\nText.\n"])
        defer { source.cleanUp() }
        let lesson = try CarpentriesStylesReader.read(source.source, options: ImportOptions(series: "s"))
        #expect(lesson.title == "Untitled lesson")
        #expect(lesson.notes("configuration") == [ImportNote(
            file: "_config.yml", line: 6, column: 10, construct: "configuration",
            message: "'_config.yml' was not read: the aliases up to here stand for more than 10,000 values (aliases of aliases multiply)",
            fix: "write the values out instead of nesting aliases")])
    }

    @Test("An alias bomb in mkdocs.yml, _toc.yml or config.yaml stops or is noted, and never hangs")
    func aliasBombInOtherConfigs() throws {
        let mkdocs = try LessonSource(["mkdocs.yml": aliasBomb, "docs/index.md": "# A\n"])
        defer { mkdocs.cleanUp() }
        #expect(throws: ImportFailure.self) { try MkDocsReader.read(mkdocs.source, options: ImportOptions(series: "s")) }
        let book = try LessonSource(["_toc.yml": aliasBomb, "intro.md": "# A\n"])
        defer { book.cleanUp() }
        #expect(throws: ImportFailure.self) { try JupyterBookReader.read(book.source, options: ImportOptions(series: "s")) }
        let workbench = try LessonSource(["config.yaml": aliasBomb, "episodes/a.md": "---\ntitle: A\n---\nText.\n"])
        defer { workbench.cleanUp() }
        let lesson = try CarpentriesWorkbenchReader.read(workbench.source, options: ImportOptions(series: "s"))
        #expect(lesson.notes("configuration").map(\.line) == [6])
    }

    @Test("An alias bomb in an episode's front-matter is a note at its line in the episode; the body is still imported")
    func aliasBombInFrontMatter() throws {
        let source = try LessonSource(["_config.yml": "title: T\n", "_episodes/01-a.md": "---\n" + aliasBomb + "---\nText.\n"])
        defer { source.cleanUp() }
        let lesson = try CarpentriesStylesReader.read(source.source, options: ImportOptions(series: "s"))
        let note = try #require(lesson.notes("front-matter").first)
        #expect(note.file == "_episodes/01-a.md" && note.line == 7 && note.column == 10)
        #expect(note.message.hasSuffix("(aliases of aliases multiply); its fields were not imported"))
        #expect(lesson.markdown("a").contains("Text."))
    }

    @Test("A quote of 30,000 '>' marks converts in linear time")
    func longQuoteMarks() throws {
        let source = try LessonSource(["_config.yml": "title: T\n",
                                       "_episodes/01-a.md": "---\ntitle: A\n---\n" + String(repeating: ">", count: 30_000) + " Deep.\n{: .challenge}\n"])
        defer { source.cleanUp() }
        let clock = ContinuousClock()
        let start = clock.now
        let lesson = try CarpentriesStylesReader.read(source.source, options: ImportOptions(series: "s"))
        #expect(clock.now - start < .seconds(5))
        #expect(lesson.counts.blocks == 1)
    }

    @Test("A binary file named .md and a page that is not UTF-8 are each a note at the first bad byte")
    func textProblems() throws {
        let source = try LessonSource(["_config.yml": "title: T\n", "_episodes/01-a.md": "---\ntitle: A\n---\nText.\n", "_episodes/02-b.md": "---\ntitle: B\n---\nText.\n"])
        defer { source.cleanUp() }
        var latin1 = Array("---\ntitle: A\n---\nCafé\nbad ".utf8)
        latin1 += [0xE9, 0x20, 0x78, 0x0A]
        try Data(latin1).write(to: source.root.appendingPathComponent("_episodes/01-a.md"))
        try Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00]).write(to: source.root.appendingPathComponent("_episodes/02-b.md"))
        #expect(source.source.textProblem("_episodes/01-a.md") == ImportNote(
            file: "_episodes/01-a.md", line: 5, column: 5, construct: "unreadable-file",
            message: "'_episodes/01-a.md' is not UTF-8 text: its bytes here and any others that are not UTF-8 were imported as '\u{FFFD}'",
            fix: "save the file as UTF-8 in the source and import again, or correct the characters by hand"))
        #expect(source.source.textProblem("_episodes/02-b.md")?.message == "'_episodes/02-b.md' is not UTF-8 text: its bytes here and any others that are not UTF-8 were imported as '\u{FFFD}'")

        let content = FileManager.default.temporaryDirectory.appendingPathComponent("portal-content-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: content, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: content) }
        let plan = try LessonImport.run(format: .carpentriesStyles, sourceDirectory: source.root, options: ImportWriteOptions(series: "s", format: .carpentriesStyles, today: "2026-01-01"),
                                        contentDirectory: content, dryRun: true)
        #expect(plan.notes.filter { $0.construct == "unreadable-file" }.map { "\($0.file):\($0.line):\($0.column)" } == ["_episodes/01-a.md:5:5", "_episodes/02-b.md:1:1"])
    }

    @Test("A NUL byte is named as a binary file")
    func nulByte() throws {
        let source = try LessonSource(["_config.yml": "title: T\n", "_episodes/01-a.md": "---\ntitle: A\n---\nab\u{0}c\n"])
        defer { source.cleanUp() }
        #expect(source.source.textProblem("_episodes/01-a.md") == ImportNote(
            file: "_episodes/01-a.md", line: 4, column: 3, construct: "unreadable-file",
            message: "'_episodes/01-a.md' holds a NUL byte: it is a binary file, not text, and what was imported from it is garbage",
            fix: "delete the part made from it, or replace the file in the source with its text and import again"))
    }

    @Test("Kramdown attribute lists no step converts stay as written and are each a note at their column; class lines under quotes and fences are not")
    func attributeLists() throws {
        let page = "---\ntitle: A\n---\n![Jets](../fig/j.png){: width=\"400px\"}\n\n| a |\n|---|\n| 1 |\n{: .table-striped}\n\n~~~\nls\n~~~\n{: .language-bash}\n\n> ## C\n> ~~~\n> x\n> ~~~\n> {: .output}\n{: .challenge}\n\nCode `{: .x}` stays quiet.\n"
        let source = try LessonSource(["_config.yml": "title: T\n", "_episodes/01-a.md": page])
        defer { source.cleanUp() }
        let lesson = try CarpentriesStylesReader.read(source.source, options: ImportOptions(series: "s"))
        #expect(lesson.notes("attribute-list").map { "\($0.line):\($0.column)" } == ["4:22", "9:1"])
        #expect(lesson.notes("attribute-list").first?.message == "the kramdown attribute list '{: width=\"400px\"}' has no equivalent in portal; it was left as written and shows as text")
        #expect(lesson.markdown("a").contains("{: width=\"400px\"}") && lesson.markdown("a").contains("{: .table-striped}"))
    }

    @Test("When no chapter can be read, the error says why instead of only that nothing was imported")
    func nothingReadable() throws {
        let book = try LessonSource(["_toc.yml": "format: jb-book\nroot: nb\n", "nb.ipynb": "{\"cells\": ["])
        defer { book.cleanUp() }
        let content = FileManager.default.temporaryDirectory.appendingPathComponent("portal-content-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: content, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: content) }
        let options = ImportWriteOptions(series: "s", format: .jupyterBook, today: "2026-01-01")
        #expect(throws: ImportFailure("the lesson has no episodes to import: nb.ipynb:1:1: 'nb.ipynb' is not a notebook portal can read; it was not imported")) {
            try LessonImport.run(format: .jupyterBook, sourceDirectory: book.root, options: options, contentDirectory: content, dryRun: true)
        }
    }
}
