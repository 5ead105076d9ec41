import Foundation
@testable import PortalCore
import PortalTestSupport
import Testing

/// `portal new resource` and the resources' categories: `--category` checked against the list of
/// `resources/_index.md`, or a commented example from it.
@Suite("portal new resource: its category")
struct NewResourceCategoryTests {
    private static let listed = ["Classification", "Classification/Jet images", "Anomaly detection"]

    /// A site whose resources section lists `categories` (none when empty).
    private func site(categories: [String] = listed) throws -> TestSite {
        let list = categories.isEmpty ? "" : "categories:\n" + categories.map { "  - \($0)\n" }.joined()
        let index = ("content/resources/_index.md", "---\ntitle: Resources\nsummary: Every resource.\n\(list)---\n\nAbout the list.\n")
        var files: [String: String] = .init(files: TestSite.breakout("agentic-ai"), index)
        for (id, category) in zip(["a", "b", "c"], categories) {
            let (path, text) = TestSite.resource(id, extra: "category: \(category)")
            files[path] = text
        }
        return try TestSite(files, theme: try shippedTheme())
    }

    private func text(_ file: URL) throws -> String { try String(contentsOf: file, encoding: .utf8) }

    @Test("Without --category a new resource shows the list's first category as a commented example; as it is and uncommented, the site builds with no diagnostic")
    func example() throws {
        let site = try site()
        defer { site.cleanUp() }
        let file = try PageScaffold.create(kind: "resource", title: "A graph tagger", contentDirectory: site.root.appendingPathComponent("content"))
        let scaffold = try text(file)
        #expect(scaffold.contains("""
            tags: []
            # Its place in the category tree: one of the categories listed in resources/_index.md
            # (Classification, Classification/Jet images, Anomaly detection).
            # Remove the '#' below and choose one, or leave the line out:
            # category: Classification
            ---
            """), "\(scaffold)")
        let asMade = site.build(drafts: true)
        #expect(!asMade.hasErrors && asMade.diagnostics.isEmpty, "\(asMade.summary)")
        try site.write(scaffold.replacingOccurrences(of: "# category: ", with: "category: "), to: "content/resources/a-graph-tagger.md")
        let chosen = site.build(drafts: true)
        #expect(!chosen.hasErrors && chosen.diagnostics.isEmpty, "\(chosen.summary)")
        #expect(try site.read("resources/categories/index.md").contains("## Classification\n\n- [A graph tagger](../a-graph-tagger/index.md)"))
    }

    @Test("A long list is named in part, in lines of comment that stay short")
    func longList() {
        let listed = (1...9).map { "Category number \($0)" }
        let lines = PageScaffold.CategoryLine.example(listed: listed).lines
        #expect(lines.contains("# (Category number 1, Category number 2, Category number 3, Category number 4,"), "\(lines)")
        #expect(lines.contains("# Category number 5 and 4 more)."), "\(lines)")
        #expect(lines.last == "# category: Category number 1")
        #expect(lines.allSatisfy { $0.count <= 90 }, "\(lines)")
    }

    @Test("--category writes the path as the build reads it, and the resource lands under its heading with no diagnostic")
    func chosen() throws {
        let site = try site()
        defer { site.cleanUp() }
        let created = try PortalExecutable.run(["new", "resource", "Jet images: a survey", "--category", " Classification /  Jet images"], in: site.root)
        #expect(created.status == 0, "\(created.errors)")
        let scaffold = try text(site.root.appendingPathComponent("content/resources/jet-images-a-survey.md"))
        #expect(scaffold.contains("\ntags: []\ncategory: Classification/Jet images\n---\n"), "\(scaffold)")
        let report = site.build(drafts: true)
        #expect(!report.hasErrors && report.diagnostics.isEmpty, "\(report.summary)")
        #expect(try site.read("resources/categories/index.md").contains("### Jet images\n\n- [Jet images: a survey](../jet-images-a-survey/index.md)"))
    }

    @Test("A --category the list does not hold is an error at the list, with the closest listed category, and nothing is written")
    func unlisted() throws {
        let site = try site()
        defer { site.cleanUp() }
        let content = site.root.appendingPathComponent("content")
        let failure = try #require(throws: PageScaffold.Failure.self) {
            try PageScaffold.create(kind: "resource", title: "X", contentDirectory: content, category: "Classification/Jet imgaes")
        }
        let diagnostic = try #require(failure.diagnostic)
        #expect(diagnostic.id == "new.unlisted-category")
        #expect(diagnostic.message == "the category 'Classification/Jet imgaes' is not in the list of categories of resources/_index.md")
        #expect(diagnostic.fix == "did you mean 'Classification/Jet images'? Otherwise add 'Classification/Jet imgaes' to 'categories' in resources/_index.md")
        #expect((diagnostic.file, diagnostic.line, diagnostic.column) == ("content/resources/_index.md", 4, 1))
        let run = try PortalExecutable.run(["new", "resource", "X", "--category", "Anomaly detections"], in: site.root)
        #expect(run.status == 1)
        #expect(run.errors == """
            content/resources/_index.md:4:1: error: the category 'Anomaly detections' is not in the list of categories of resources/_index.md \
            (did you mean 'Anomaly detection'? Otherwise add 'Anomaly detections' to 'categories' in resources/_index.md)
                categories:
                ^

            """, "\(run.errors)")
        #expect(!FileManager.default.fileExists(atPath: content.appendingPathComponent("resources/x.md").path))
    }

    @Test("A --category that is not a path, or one given to another kind, is a usage error (exit 2)", arguments: [
        (["new", "resource", "X", "--category", "Classification//Jets"], "--category: 'Classification//Jets' has an empty name between its '/' (write 'Classification/Jets')"),
        (["new", "resource", "X", "--category", "A/B/C/D/E"], "--category: 'A/B/C/D/E' is 5 levels deep; a category may be at most 4 (write 'A/B/C/D', or merge two levels)"),
        (["new", "tutorial", "X", "--category", "Classification"], "--category is for resources only: other pages have no category"),
    ])
    func usage(arguments: [String], message: String) throws {
        let site = try site()
        defer { site.cleanUp() }
        let run = try PortalExecutable.run(arguments, in: site.root)
        #expect(run.status == 2)
        #expect(run.errors.hasPrefix("Error: \(message)\n"), "\(run.errors)")
        #expect(!site.exists("x.md", output: "content/resources") && !site.exists("x.md", output: "content/tutorials"))
    }

    @Test("Without a list there is no category line, and --category is written as given")
    func withoutList() throws {
        let site = try site(categories: [])
        defer { site.cleanUp() }
        let content = site.root.appendingPathComponent("content")
        #expect(!(try text(try PageScaffold.create(kind: "resource", title: "Plain", contentDirectory: content))).contains("category"))
        let file = try PageScaffold.create(kind: "resource", title: "Sorted", contentDirectory: content, category: "Tools: trackers/GNN")
        #expect(try text(file).contains("\ncategory: \"Tools: trackers/GNN\"\n"))
        let report = site.build(drafts: true)
        #expect(!report.hasErrors && report.diagnostics.isEmpty, "\(report.summary)")
    }
}
