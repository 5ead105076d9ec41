import Foundation
@testable import PortalCore
import Testing

/// The preview's scan after files were added or deleted: the last scan updated where that gives
/// what a new scan gives, and a new scan wherever it might not.
@Suite("Content scan updates")
struct ContentScanUpdateTests {
    /// A content folder of `files` (relative path to text) in a new temporary folder.
    private func folder(_ files: [String: String]) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("portal-scan-\(UUID().uuidString)")
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return root
    }

    private func scan(_ root: URL) -> (ContentInventory, [Diagnostic]) {
        var scanner = ContentScanner(root: root, displayRoot: "content")
        let sink = DiagnosticSink()
        let inventory = scanner.scan(into: sink)
        return (inventory, sink.sorted)
    }

    private func expectSame(_ updated: ContentInventory, _ fresh: ContentInventory, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(updated.files == fresh.files, sourceLocation: sourceLocation)
        #expect(updated.staticFiles == fresh.staticFiles, sourceLocation: sourceLocation)
        #expect(updated.settingsFile == fresh.settingsFile, sourceLocation: sourceLocation)
    }

    private static let start: [String: String] = [
        "site.yml": "title: t\n", "pages/index.md": "---\ntitle: Home\n---\n", "tutorials/_index.md": "---\ntitle: Tutorials\n---\n",
        "tutorials/beta.md": "x", "tutorials/delta.md": "x", "tutorials/jets/index.md": "x", "tutorials/jets/figure.png": "x",
        "resources/papers.bib": "x", "resources/logo.svg": "x",
    ]

    @Test("Pages and files added or deleted in a section folder update the scan to what a new scan finds, in order", arguments: [
        (["tutorials/alpha.md", "tutorials/gamma.md", "tutorials/zeta.md"], [String]()),
        (["resources/more.bib", "resources/a-figure.png", "tutorials/notes.txt"], []),
        ([], ["tutorials/beta.md", "resources/logo.svg", "resources/papers.bib"]),
        (["tutorials/gamma.md"], ["tutorials/delta.md"]),
    ])
    func addedAndDeleted(added: [String], deleted: [String]) throws {
        let root = try folder(Self.start)
        defer { try? FileManager.default.removeItem(at: root) }
        let (before, problems) = scan(root)
        #expect(problems.isEmpty)
        for path in added { try Data("x".utf8).write(to: root.appendingPathComponent(path)) }
        for path in deleted { try FileManager.default.removeItem(at: root.appendingPathComponent(path)) }
        let updated = try #require(ContentScanner(root: root, displayRoot: "content").updating(before, changes: Set(added + deleted)))
        expectSame(updated, scan(root).0)
    }

    @Test("A change the update cannot judge alone asks for a new scan", arguments: [
        // A page folder's files, which its index.md decides about.
        "tutorials/jets/notes.md",
        // A new folder, a file in a folder the scan did not find, and site.yml.
        "tutorials/new-folder", "breakouts/first.md", "site.yml",
        // A file the scan would report: an id that is not valid.
        "tutorials/Bad_Name.md",
        // A path the scan never found and that is not there (a folder deleted, say).
        "tutorials/never-there.md",
    ])
    func needsNewScan(path: String) throws {
        let root = try folder(Self.start)
        defer { try? FileManager.default.removeItem(at: root) }
        let (before, _) = scan(root)
        let url = root.appendingPathComponent(path)
        if path == "tutorials/new-folder" {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } else if path != "tutorials/never-there.md" {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data("x".utf8).write(to: url)
        }
        #expect(ContentScanner(root: root, displayRoot: "content").updating(before, changes: [path]) == nil)
    }

    @Test("A symbolic link added, or a deletion in a folder whose scan followed a link, asks for a new scan")
    func links() throws {
        let root = try folder(Self.start)
        defer { try? FileManager.default.removeItem(at: root) }
        let (before, _) = scan(root)
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("tutorials/linked.md").path, withDestinationPath: "beta.md")
        #expect(ContentScanner(root: root, displayRoot: "content").updating(before, changes: ["tutorials/linked.md"]) == nil)

        // The link's target deleted: the link is now broken, which only a new scan reports.
        let (linked, _) = scan(root)
        #expect(linked.followedLinks)
        try FileManager.default.removeItem(at: root.appendingPathComponent("tutorials/beta.md"))
        #expect(ContentScanner(root: root, displayRoot: "content").updating(linked, changes: ["tutorials/beta.md"]) == nil)
    }

    @Test("Edits of known files keep the scan as it is")
    func edits() throws {
        let root = try folder(Self.start)
        defer { try? FileManager.default.removeItem(at: root) }
        let (before, _) = scan(root)
        try Data("y".utf8).write(to: root.appendingPathComponent("tutorials/beta.md"))
        let updated = try #require(ContentScanner(root: root, displayRoot: "content").updating(before, changes: ["tutorials/beta.md"]))
        expectSame(updated, before)
    }

    @Test("The scan stands for edits of the files it found, looked for among its lists when few and in a set of them when many", arguments: [false, true])
    func onlyEdits(many: Bool) throws {
        var files = Self.start
        // More pages than the lists are searched for, so that a change may name more.
        for number in 0..<ChangeSet.pathsLookedForInTheLists { files["tutorials/page-\(number).md"] = "x" }
        let root = try folder(files)
        defer { try? FileManager.default.removeItem(at: root) }
        let (before, _) = scan(root)
        let templates = root.appendingPathComponent("templates")
        func onlyEdits(_ paths: [String]) -> Bool {
            // Padded with other known pages past the threshold, for the set.
            let padding = many ? (0..<ChangeSet.pathsLookedForInTheLists).map { "tutorials/page-\($0).md" } : []
            let all = Set(paths + padding)
            #expect((all.count > ChangeSet.pathsLookedForInTheLists) == many)
            return ChangeSet(Set(all.map { root.appendingPathComponent($0).path }), contentRoot: root, templatesRoot: templates)
                .onlyEdits(before, contentRoot: root)
        }
        #expect(onlyEdits(["tutorials/beta.md"]))
        #expect(onlyEdits(["tutorials/jets/figure.png", "site.yml", "resources/papers.bib"]))
        // A path the scan did not find, even one that is there now.
        #expect(!onlyEdits(["tutorials/beta.md", "tutorials/never-there.md"]))
        try Data("x".utf8).write(to: root.appendingPathComponent("tutorials/new.md"))
        #expect(!onlyEdits(["tutorials/new.md"]))
        // A known file that is gone.
        try FileManager.default.removeItem(at: root.appendingPathComponent("tutorials/delta.md"))
        #expect(!onlyEdits(["tutorials/delta.md"]))
    }
}
