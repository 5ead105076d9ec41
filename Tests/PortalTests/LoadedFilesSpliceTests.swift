import Foundation
@testable import PortalCore
import Testing

/// The preview's load after files were added, edited or deleted: the last load's pages with the
/// changed files' put in or taken out, which must be what loading every file gives.
@Suite("The preview's load of changed files")
struct LoadedFilesSpliceTests {
    private static let start: [String: String] = [
        "site.yml": "title: t\n",
        "pages/index.md": "---\ntitle: Home\n---\n\nWelcome.\n",
        "tutorials/_index.md": "---\ntitle: Tutorials\n---\n",
        "tutorials/beta.md": tutorial("Beta"),
        "tutorials/delta.md": tutorial("Delta"),
        "tutorials/fit/index.md": tutorial("Fit") + "\n```{include} setup.md\n```\n",
        "tutorials/fit/setup.md": "## Setup\n\nFirst words.\n",
        "resources/papers.bib": "@misc{one,\n  title = {One},\n  url = {https://example.org/one},\n}\n\n@misc{two,\n  title = {Two},\n  url = {https://example.org/two},\n}\n",
    ]

    private static func tutorial(_ title: String, extra: String = "") -> String {
        "---\ntitle: \(title)\nsummary: About \(title).\n\(extra)---\n\nThe body of \(title).\n"
    }

    /// One change to the folder: files written (path to text) and deleted, and whether the load
    /// can splice it (a deleted folder cannot be judged from the paths named).
    struct Step: Sendable, CustomStringConvertible {
        let description: String
        var write: [String: String] = [:]
        var delete: [String] = []
        var named: [String]? = nil
        var splices = true
    }

    private static let steps: [Step] = [
        Step(description: "pages added first and last in the scan's order", write: ["tutorials/alpha.md": tutorial("Alpha"), "tutorials/zeta.md": tutorial("Zeta")]),
        Step(description: "a page edited and another deleted", write: ["tutorials/beta.md": tutorial("Beta, edited")], delete: ["tutorials/delta.md"]),
        Step(description: "an entry added to a .bib file, which makes one more page",
             write: ["resources/papers.bib": start["resources/papers.bib"]! + "\n@misc{three,\n  title = {Three},\n  url = {https://example.org/three},\n}\n"]),
        Step(description: "a file a page includes edited", write: ["tutorials/fit/setup.md": "## Setup\n\nOther words.\n"]),
        Step(description: "a resource completing a .bib entry added", write: ["resources/two.md": "---\nsummary: The second one, completed.\n---\n\nMore.\n"]),
        Step(description: "a page with a mistake in its front-matter added", write: ["tutorials/broken.md": tutorial("Broken", extra: "level: expert\n")]),
        Step(description: "the mistake fixed, the completing resource deleted",
             write: ["tutorials/broken.md": tutorial("Broken")], delete: ["resources/two.md"]),
        Step(description: "a page folder deleted, named by the folder alone", delete: ["tutorials/fit"], named: ["tutorials/fit"], splices: false),
        Step(description: "the last page of the scan deleted", delete: ["tutorials/zeta.md"]),
    ]

    @Test("Every change of a sequence loads what loading every file gives, by splicing where the changes name the files")
    func sequence() throws {
        let root = try folder(Self.start)
        defer { try? FileManager.default.removeItem(at: root) }
        var kept = LoadedFiles()
        _ = load(&kept, root: root, changes: nil)
        #expect(!kept.spliced, "a first load has nothing to splice")
        for step in Self.steps {
            for (path, text) in step.write { try write(text, to: path, in: root) }
            for path in step.delete { try FileManager.default.removeItem(at: root.appendingPathComponent(path)) }
            let named = step.named ?? Array(step.write.keys) + step.delete
            let spliced = load(&kept, root: root, changes: Set(named))
            #expect(kept.spliced == step.splices, "\(step)")
            var fresh = LoadedFiles()
            #expect(spliced == load(&fresh, root: root, changes: nil), "\(step)")
        }
    }

    @Test("A file a quick rebuild read again is spliced in as read, though the next change does not name it")
    func entrySetBetweenLoads() throws {
        let root = try folder(Self.start)
        defer { try? FileManager.default.removeItem(at: root) }
        var kept = LoadedFiles()
        _ = load(&kept, root: root, changes: nil)
        // What a quick rebuild does: it reads the edited file and keeps its entry.
        try write(Self.tutorial("Beta, retitled"), to: "tutorials/beta.md", in: root)
        let inventory = scan(root)
        let beta = try #require(inventory.files.first { $0.relativePath == "tutorials/beta.md" })
        let (pages, diagnostics) = try #require(loader(root, inventory).loadEach([beta]).first)
        kept["tutorials/beta.md"] = LoadedFiles.Entry(stamp: FileStamp(path: root.appendingPathComponent("tutorials/beta.md").path), pages: pages,
                                                      diagnostics: diagnostics, sourceHash: 0)
        try write(Self.tutorial("Alpha"), to: "tutorials/alpha.md", in: root)
        let spliced = load(&kept, root: root, changes: ["tutorials/alpha.md"])
        #expect(kept.spliced)
        #expect(spliced.contains { $0.contains("Beta, retitled") }, "\(spliced)")
        var fresh = LoadedFiles()
        #expect(spliced == load(&fresh, root: root, changes: nil))
    }

    // MARK: Helpers

    /// A content folder of `files` (relative path to text) in a new temporary folder.
    private func folder(_ files: [String: String]) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("portal-load-\(UUID().uuidString)")
        for (path, text) in files { try write(text, to: path, in: root) }
        return root
    }

    private func write(_ text: String, to path: String, in root: URL) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    private func scan(_ root: URL) -> ContentInventory {
        var scanner = ContentScanner(root: root, displayRoot: "content")
        return scanner.scan(into: DiagnosticSink())
    }

    private func loader(_ root: URL, _ inventory: ContentInventory) -> PageLoader {
        var loader = PageLoader(contentRoot: root, displayRoot: "content")
        loader.contentFiles = Set(inventory.staticFiles)
        return loader
    }

    /// Loads the folder's files into `files` after `changes` (relative paths; nil for unknown), and
    /// describes each page, its body and the diagnostics, in order.
    private func load(_ files: inout LoadedFiles, root: URL, changes: Set<String>?) -> [String] {
        let inventory = scan(root)
        let sink = DiagnosticSink()
        let changeSet = changes.map { ChangeSet(Set($0.map { root.appendingPathComponent($0).path }), contentRoot: root, templatesRoot: root.appendingPathComponent("templates")) }
        let loaded = files.load(inventory.files, with: loader(root, inventory), changes: changeSet, sink: sink)
        let pages = zip(loaded.pages, loaded.bodies).map { page, body in
            "\(page.sourcePath ?? "-") \(page.kind) \(page.id) \(page.title) \(page.summary ?? "-") \(page.completedEntry ?? "-") | \(body.text) | \(body.includes)"
        }
        return pages + sink.sorted.map { "\($0.file):\($0.line):\($0.column) \($0.id) \($0.message)" }
    }
}
