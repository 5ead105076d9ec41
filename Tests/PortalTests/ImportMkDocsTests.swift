import Foundation
import PortalCore
import PortalTestSupport
import Testing

private let importFixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/import")

@Suite struct ImportMkDocsTests {
    @Test func dump() throws {
        let lesson = try MkDocsReader.read(ImportSource(root: importFixtures.appendingPathComponent("mkdocs")), options: ImportOptions(series: "anomaly"))
        var out = "TITLE \(lesson.title) | \(lesson.summary ?? "") | \(lesson.authors) | \(lesson.origin) | \(lesson.counts)\nINTRO\n\(lesson.introduction)\nFILES \(lesson.introductionFiles)\n"
        for episode in lesson.episodes {
            out += "=== \(episode.slug) \(episode.title) \(episode.fields) \(episode.files)\n"
            if case .markdown(let text) = episode.content { out += text + "\n" }
        }
        for note in lesson.notes { out += "NOTE \(note.file):\(note.line):\(note.column) [\(note.construct)] \(note.message)\n" }
        try out.write(toFile: "/tmp/jbmk/dump-mk.txt", atomically: true, encoding: .utf8)
    }

    @Test func builds() throws {
        let source = ImportSource(root: importFixtures.appendingPathComponent("mkdocs"))
        let lesson = try MkDocsReader.read(source, options: ImportOptions(series: "anomaly"))
        let built = try ImportedSite(lesson, series: "anomaly", source: source)
        defer { built.site.cleanUp() }
        print(built.report.summary)
    }
}
