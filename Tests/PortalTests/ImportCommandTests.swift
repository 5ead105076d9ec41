import Foundation
import PortalTestSupport
import Testing

private let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/import")

/// Runs the built `portal` executable in `directory`.
private func portal(_ arguments: [String], in directory: URL) throws -> (status: Int32, output: String, errors: String) {
    let outcome = try PortalExecutable.run(arguments, in: directory)
    return (outcome.status, outcome.output, outcome.errors)
}

@Suite("portal import")
struct ImportCommandTests {
    @Test("--dry-run detects the format, prints the report and writes nothing; the import then writes a series that checks clean")
    func dryRunThenImport() throws {
        let site = try TestSite(.init(files: TestSite.breakout("agentic-ai")))
        defer { site.cleanUp() }
        let lesson = fixtures.appendingPathComponent("carpentries-styles").path
        let dry = try portal(["import", lesson, "--series", "jets", "--area", "agentic-ai", "--level", "beginner", "--dry-run"], in: site.root)
        #expect(dry.status == 0, "\(dry.errors)")
        #expect(dry.output.hasPrefix("Would import 'Classifying jets with a small neural network' (carpentries-styles) as the series 'jets': 3 parts, 1 break"))
        #expect(dry.output.contains("  tutorials/jets-introduction/index.md  (new)\n"))
        #expect(!FileManager.default.fileExists(atPath: site.root.appendingPathComponent("content/tutorials/jets").path))

        let real = try portal(["import", "carpentries-styles", lesson, "--series", "jets", "--area", "agentic-ai", "--level", "beginner"], in: site.root)
        #expect(real.status == 0, "\(real.errors)")
        #expect(real.output.hasPrefix("Imported 'Classifying jets with a small neural network'"))
        #expect(FileManager.default.fileExists(atPath: site.root.appendingPathComponent("content/tutorials/jets/.import.json").path))
        let check = try portal(["check", "--drafts"], in: site.root)
        #expect(check.status == 0 && check.output.isEmpty, "\(check.output)")

        // Importing again changes nothing.
        let again = try portal(["import", lesson, "--series", "jets", "--area", "agentic-ai", "--level", "beginner", "--format", "json"], in: site.root)
        #expect(again.status == 0, "\(again.errors)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(again.output.utf8)) as? [String: Any])
        let states = Set((report["files"] as? [[String: Any]] ?? []).compactMap { $0["state"] as? String })
        #expect(states == ["unchanged"])
        #expect(report["format"] as? String == "carpentries-styles")
    }

    @Test("A file the editor changed stops the import, which writes nothing and exits 1")
    func conflictExits1() throws {
        let site = try TestSite(.init(files: TestSite.breakout("agentic-ai")))
        defer { site.cleanUp() }
        let lesson = fixtures.appendingPathComponent("mkdocs").path
        #expect(try portal(["import", lesson, "--series", "anomaly", "--area", "agentic-ai"], in: site.root).status == 0)
        let page = site.root.appendingPathComponent("content/tutorials/anomaly-data/index.md")
        try Data((try String(contentsOf: page, encoding: .utf8) + "\nMy own paragraph.\n").utf8).write(to: page)
        let result = try portal(["import", lesson, "--series", "anomaly", "--area", "agentic-ai"], in: site.root)
        #expect(result.status == 1)
        #expect(result.output.contains("Changed since the last import, or not written by it; nothing was written (import with --overwrite to replace them):\n  content/tutorials/anomaly-data/index.md\n"))
        #expect(try String(contentsOf: page, encoding: .utf8).hasSuffix("My own paragraph.\n"))
        #expect(try portal(["import", lesson, "--series", "anomaly", "--area", "agentic-ai", "--overwrite"], in: site.root).status == 0)
        #expect(try !String(contentsOf: page, encoding: .utf8).contains("My own paragraph."))
    }

    @Test("A folder in no known format, a missing folder and a bad format are errors with what to do")
    func failures() throws {
        let site = try TestSite(.init(files: TestSite.breakout("agentic-ai")))
        defer { site.cleanUp() }
        let unknown = try portal(["import", "templates", "--series", "x"], in: site.root)
        #expect(unknown.status == 1)
        #expect(unknown.errors == "error: the format of '\(site.root.path)/templates' was not recognised: name it, one of carpentries-styles, carpentries-workbench, jupyter-book, mkdocs\n")
        let missing = try portal(["import", "no-such-lesson", "--series", "x"], in: site.root)
        #expect(missing.status == 1)
        #expect(missing.errors == "error: the source '\(site.root.path)/no-such-lesson' is not a folder; give the lesson's folder (a clone of its repository)\n")
        let badFormat = try portal(["import", "sphinx", "templates", "--series", "x"], in: site.root)
        #expect(badFormat.status == 2)
        #expect(badFormat.errors.contains("unknown format 'sphinx'; use one of: carpentries-styles, carpentries-workbench, jupyter-book, mkdocs"))
    }
}
