import Foundation
import PortalCore
import PortalTestSupport
import Testing

private let importFixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/import")

@Suite struct ImportJupyterBookTests {
    @Test func dump() throws {
        let lesson = try JupyterBookReader.read(ImportSource(root: importFixtures.appendingPathComponent("jupyter-book")), options: ImportOptions(series: "peak"))
        var out = "TITLE \(lesson.title) | \(lesson.authors) | \(lesson.origin) | \(lesson.counts)\nINTRO\n\(lesson.introduction)\nFILES \(lesson.introductionFiles)\n"
        for episode in lesson.episodes {
            out += "=== \(episode.slug) \(episode.title) \(episode.fields) \(episode.files)\n"
            switch episode.content {
            case .markdown(let text): out += text + "\n"
            case .notebook(let bytes): out += String(decoding: bytes.prefix(400), as: UTF8.self) + "\n"
            }
        }
        for note in lesson.notes { out += "NOTE \(note.file):\(note.line):\(note.column) [\(note.construct)] \(note.message)\n" }
        try out.write(toFile: "/tmp/jbmk/dump.txt", atomically: true, encoding: .utf8)
    }

    @Test func buildsV1() throws {
        let source = ImportSource(root: importFixtures.appendingPathComponent("jupyter-book"))
        let lesson = try JupyterBookReader.read(source, options: ImportOptions(series: "peak"))
        let built = try ImportedSite(lesson, series: "peak", source: source)
        defer { built.site.cleanUp() }
        print(built.report.summary)
        #expect(built.report.diagnostics.isEmpty)
    }
}
