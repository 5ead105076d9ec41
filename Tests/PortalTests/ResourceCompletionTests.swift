import Foundation
@testable import PortalCore
import PortalTestSupport
import Testing

private let review = """
    @software{pyhf,
      author       = {Heinrich, Lukas and Feickert, Matthew},
      title        = {pyhf},
      url          = {https://github.com/scikit-hep/pyhf},
      portal-areas = {agentic-ai},
    }

    @article{Qu:2019gqs,
      title        = {Jet tagging via particle clouds},
      eprint       = {1902.08570},
      archivePrefix = {arXiv},
      portal-areas = {agentic-ai},
      abstract     = {We treat a jet as an unordered set of particles.},
    }

    """

private let pyhfPage = """
    ---
    summary: A pure-Python implementation of HistFactory.
    tags: [statistics]
    ---

    Written by [editors](../pages/index.md) for the portal.

    """

@Suite("A Markdown resource completes the .bib entry of its id")
struct ResourceCompletionTests {
    private func site(_ bib: String = review, _ files: [String: String] = ["content/resources/pyhf.md": pyhfPage]) throws -> TestSite {
        var all: [String: String] = .init(files: TestSite.breakout("agentic-ai"))
        all["content/resources/review.bib"] = bib
        all.merge(files) { _, new in new }
        return try TestSite(all, theme: try shippedTheme())
    }

    @Test("Its \"edit this page\" link opens the Markdown file")
    func editLink() throws {
        let site = try site(review, ["content/resources/pyhf.md": pyhfPage, "content/site.yml": TestSite.defaultSettings + "\nrepository:\n  url: https://github.com/o/r\n  branch: main\n"])
        defer { site.cleanUp() }
        let report = site.build()
        #expect(!report.hasErrors, "\(report.summary)")
        #expect(try site.read("resources/pyhf/index.html").contains("https://github.com/o/r/edit/main/content/resources/pyhf.md"))
    }

    @Test("The page has the entry's fields, the file's fields over them, the file's body, and the entry's key")
    func merge() throws {
        let site = try site()
        defer { site.cleanUp() }
        let report = site.build()
        #expect(!report.hasErrors, "\(report.summary)")
        let html = try site.read("resources/pyhf/index.html")
        #expect(html.contains("<h1>pyhf</h1>"), "the title is the entry's")
        #expect(html.contains("<li>Lukas Heinrich</li>"), "the authors are the entry's")
        #expect(html.contains("<p class=\"lede\">A pure-Python implementation of HistFactory.</p>"), "the summary is the file's")
        #expect(html.contains("Written by"), "the body is the file's")
        #expect(html.contains("href=\"../../tags/statistics/index.html\""))
        #expect(html.contains("@software{pyhf,\n"), "cited by the entry's key")
        let catalogue = try site.read("resources/resources.bib")
        #expect(catalogue.components(separatedBy: "@software{pyhf,").count == 2, "one entry in the catalogue")
        #expect(try site.read("resources/pyhf/index.md").contains("Written by"), "the twin holds the file's body")
    }

    @Test("A file without text keeps the entry's abstract as the body")
    func abstractBody() throws {
        let site = try site(review, ["content/resources/qu-2019gqs.md": "---\nsummary: ParticleNet.\n---\n"])
        defer { site.cleanUp() }
        let report = site.build()
        #expect(!report.hasErrors, "\(report.summary)")
        let html = try site.read("resources/qu-2019gqs/index.html")
        #expect(html.contains("We treat a jet as an unordered set of particles.") && html.contains("<p class=\"lede\">ParticleNet.</p>"))
        #expect(html.contains("@misc{Qu:2019gqs,"))
    }

    @Test("Each problem is reported in the file the field came from", arguments: [
        // A field of the entry, checked after the merge: in the .bib file.
        (review.replacingOccurrences(of: "portal-areas = {agentic-ai},\n}", with: "portal-areas = {agentic-ia},\n}"), pyhfPage,
         "reference.unknown", "content/resources/review.bib", 5, 19, "there is no breakout with the id 'agentic-ia' (named in 'areas')"),
        // A formula of the entry's title, rendered once the pages are merged: in the .bib file.
        (review.replacingOccurrences(of: "title        = {pyhf}", with: "title        = {pyhf $\\alpah$}"), pyhfPage,
         "math.unknown-command", "content/resources/review.bib", 3, 25, "unknown command \\alpah"),
        // A field of the Markdown file: in that file.
        (review, pyhfPage.replacingOccurrences(of: "tags: [statistics]", with: "areas: [agentic-ia]"),
         "reference.unknown", "content/resources/pyhf.md", 3, 9, "there is no breakout with the id 'agentic-ia' (named in 'areas')"),
        (review, pyhfPage.replacingOccurrences(of: "tags: [statistics]", with: "type: event"),
         "resource.completion-type", "content/resources/pyhf.md", 3, 1, "'type: event' contradicts the entry 'pyhf', which is software"),
        (review, pyhfPage.replacingOccurrences(of: "tags: [statistics]", with: "title:"),
         "frontmatter.empty", "content/resources/pyhf.md", 3, 1, "'title' is empty; it must be text"),
    ])
    func positions(bib: String, markdown: String, id: String, file: String, line: Int, column: Int, message: String) throws {
        let site = try site(bib, ["content/resources/pyhf.md": markdown])
        defer { site.cleanUp() }
        let report = site.build(output: nil)
        let found = report.diagnostics(id)
        #expect(found.count == 1, "\(report.summary)")
        #expect(found.first?.message == message, "\(report.summary)")
        #expect(found.first.map { ($0.file, $0.line, $0.column) } ?? ("", 0, 0) == (file, line, column), "\(report.summary)")
        let lines = try String(contentsOf: site.root.appendingPathComponent(file), encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(found.first?.sourceLine == String(lines[line - 1]), "the line shown is the file's")
        #expect(report.diagnostics("frontmatter.missing-field").isEmpty, "the entry gives the required fields")
    }

    @Test("A paper's type may be corrected by the file")
    func paperType() throws {
        let site = try site(review, ["content/resources/qu-2019gqs.md": "---\ntype: benchmark\n---\n"])
        defer { site.cleanUp() }
        let report = site.build()
        #expect(!report.hasErrors, "\(report.summary)")
        #expect(try site.read("resources/qu-2019gqs/index.html").contains("badge--benchmark"))
    }

    @Test("Two Markdown files for one entry are still two pages with one id")
    func twoFiles() throws {
        let site = try site(review, ["content/resources/pyhf.md": pyhfPage, "content/resources/pyhf/index.md": pyhfPage])
        defer { site.cleanUp() }
        let report = site.build(output: nil)
        #expect(report.diagnostics("content.duplicate-id").count == 1, "\(report.summary)")
    }

    @Test("A Markdown resource without an entry still needs every required field")
    func alone() throws {
        let site = try site(review, ["content/resources/other.md": pyhfPage])
        defer { site.cleanUp() }
        let found = site.build(output: nil).diagnostics("frontmatter.missing-field")
        #expect(found.count == 4 && found.allSatisfy { $0.file == "content/resources/other.md" && $0.line == 1 })
    }

    @Test("In the preview, editing either file gives what a fresh build gives")
    func preview() throws {
        let site = try site()
        defer { site.cleanUp() }
        let previewed = PreviewedSite(site)
        #expect(!previewed.first.hasErrors, "\(previewed.first.summary)")
        let edited = try previewed.save(pyhfPage.replacingOccurrences(of: "Written by", with: "Kept by"), as: "content/resources/pyhf.md")
        #expect(!edited.hasErrors, "\(edited.summary)")
        let html = try site.read("resources/pyhf/index.html", output: "_preview")
        #expect(html.contains("Kept by") && html.contains("<li>Lukas Heinrich</li>"), "the body edit keeps the entry's fields")
        do {
            let fresh = previewed.freshBuild()
            #expect(fresh.comparison.isEmpty, "\(fresh.comparison)")
        }
        let retitled = try previewed.save(review.replacingOccurrences(of: "title        = {pyhf}", with: "title        = {pyhf, renamed}"), as: "content/resources/review.bib")
        #expect(!retitled.hasErrors && retitled.renderedPages.contains("resources/pyhf/index.html"), "\(retitled.summary)")
        let renamed = try site.read("resources/pyhf/index.html", output: "_preview")
        #expect(renamed.contains("pyhf, renamed") && renamed.contains("Kept by"))
        do {
            let fresh = previewed.freshBuild()
            #expect(fresh.comparison.isEmpty, "\(fresh.comparison)")
        }
        let summary = try previewed.save(pyhfPage.replacingOccurrences(of: "Written by", with: "Kept by").replacingOccurrences(of: "A pure-Python", with: "The pure-Python"),
                                         as: "content/resources/pyhf.md")
        #expect(!summary.hasErrors)
        #expect(try site.read("resources/pyhf/index.html", output: "_preview").contains("pyhf, renamed"), "a card edit keeps the entry's title")
        do {
            let fresh = previewed.freshBuild()
            #expect(fresh.comparison.isEmpty, "\(fresh.comparison)")
        }
        try FileManager.default.removeItem(at: site.root.appendingPathComponent("content/resources/pyhf.md"))
        #expect(!previewed.rebuild(changed: ["content/resources/pyhf.md"]).hasErrors)
        #expect(!(try site.read("resources/pyhf/index.html", output: "_preview")).contains("Kept by"), "the entry alone again")
        do {
            let fresh = previewed.freshBuild()
            #expect(fresh.comparison.isEmpty, "\(fresh.comparison)")
        }
    }
}
