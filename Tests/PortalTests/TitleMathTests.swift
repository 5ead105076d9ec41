import Foundation
@testable import PortalCore
import PortalMarkdown
import PortalTestSupport
import Testing

@Suite("Formulas in titles are rendered as math where the title is HTML")
struct TitleMathTests {
    private let title = "Jet tagging with $\\mathcal{O}(10^6)$ parameters"

    private func site(_ extra: [String: String] = [:], settings: String = TestSite.defaultSettings) throws -> TestSite {
        var files: [String: String] = .init(files: TestSite.breakout("agentic-ai"), TestSite.resource("jets", extra: "category: Classification"))
        files["content/resources/jets.md"] = files["content/resources/jets.md"]?.replacingOccurrences(of: "title: Resource jets", with: "title: \"\(title.replacingOccurrences(of: "\\", with: "\\\\"))\"")
        files.merge(extra) { _, new in new }
        return try TestSite(files, theme: try shippedTheme(), settings: settings)
    }

    @Test("The page's heading, its card and its breadcrumb show MathML; its window title, twin and catalogue keep the TeX")
    func rendering() throws {
        let site = try site()
        defer { site.cleanUp() }
        let report = site.build()
        #expect(!report.hasErrors, "\(report.summary)")
        let page = try site.read("resources/jets/index.html")
        #expect(page.contains("<h1>Jet tagging with <math"), "the heading")
        #expect(page.contains("</math> parameters</h1>"))
        #expect(page.contains("<title>Jet tagging with $\\mathcal{O}(10^6)$ parameters ·"), "the window's title is text")
        #expect(page.contains("<span aria-current=\"page\">Jet tagging with <math"), "the breadcrumb")
        let index = try site.read("resources/index.html")
        #expect(index.contains(">Jet tagging with <math"), "the card")
        let breakout = try site.read("breakouts/agentic-ai/index.html")
        #expect(breakout.contains(">Jet tagging with <math"), "the breakout's listing")
        let categories = try site.read("resources/categories/index.html")
        #expect(categories.contains("<a href=\"../../resources/jets/index.html\">Jet tagging with <math"), "the category page")
        #expect(try site.read("resources/jets/index.md").contains("title: \"Jet tagging with $\\\\mathcal{O}(10^6)$ parameters\""), "the twin keeps TeX")
        #expect(try site.read("catalog.json").contains("Jet tagging with $\\\\mathcal{O}(10^6)$ parameters"), "the catalogue keeps TeX")
    }

    @Test("A search result's row carries the title's HTML with its MathML, escaped for a script, only when the title has formulas")
    func searchRow() throws {
        let site = try site()
        defer { site.cleanUp() }
        #expect(!site.build().hasErrors)
        var rows: [[Any]] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: site.root.appendingPathComponent("_site/search").path) where name.hasPrefix("docs-") {
            let script = try site.read("search/\(name)")
            let json = try #require(script.firstIndex(of: ",").map { script[script.index(after: $0)...].dropLast(script.hasSuffix(");\n") ? 3 : 2) })
            let chunk = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [Any])
            rows += chunk.compactMap { $0 as? [Any] }
        }
        let jets = try #require(rows.first { $0[1] as? String == "resources/jets/index.html" })
        #expect(jets.count == 5 && jets[0] as? String == title)
        #expect((jets[4] as? String)?.hasPrefix("Jet tagging with <math") == true && (jets[4] as? String)?.hasSuffix("</math> parameters") == true)
        #expect(rows.count > 2 && rows.filter { $0[1] as? String != "resources/jets/index.html" }.allSatisfy { $0.count == 4 })
    }

    @Test("A title without formulas renders none, and costs no conversion", arguments: ["Plain title", "Between $5 and $10", "A \\ backslash"])
    func none(text: String) {
        #expect(MathText.render(text) == nil || MathText.render(text)?.formulas.isEmpty == true)
        #expect(MathText.render(text)?.html == nil)
    }

    @Test("The search index gets the formula's words, not its layout commands")
    func searchWords() throws {
        let math = try #require(MathText.render("The $\\chi^2/\\mathrm{ndf}$ of a fit & more"))
        #expect(math.searchText == "The \\chi^2/ {ndf} of a fit & more")
        #expect(math.html.hasPrefix("The <math") && math.html.hasSuffix("</math> of a fit &amp; more"))
    }

    @Test("The site's macros work in titles")
    func macros() throws {
        let site = try site(["content/pages/fit.md": "---\ntitle: Cuts on $\\pT$\n---\n\nText.\n"], settings: TestSite.defaultSettings + "\nmath:\n  macros:\n    pT: p_\\mathrm{T}\n")
        defer { site.cleanUp() }
        let report = site.build()
        #expect(!report.hasErrors, "\(report.summary)")
        #expect(try site.read("fit/index.html").contains("<h1>Cuts on <math"))
    }

    @Test("A mistake in a title's formula is an error at its place: in YAML, quoted or not, and in a .bib entry", arguments: [
        ("content/pages/fit.md", "---\ntitle: The $\\alpah$ fit\n---\n", 2, 13),
        // An escape in a double-quoted value writes the formula otherwise: at the title's field.
        ("content/pages/fit.md", "---\ntitle: \"The $\\\\alpah$ fit\"\n---\n", 2, 1),
        ("content/pages/fit.md", "---\nsummary: S\ntitle: 'The fit of $x + \\alpah$'\n---\n", 3, 25),
        ("content/resources/review.bib", "@article{a,\n  title = {The fit of $x + \\alpah$},\n  doi = {10.1000/1}, portal-areas = {agentic-ai}}\n", 2, 28),
    ])
    func position(path: String, text: String, line: Int, column: Int) throws {
        let site = try site([path: text])
        defer { site.cleanUp() }
        let report = site.build(output: nil)
        let found = report.diagnostics("math.unknown-command")
        #expect(found.count == 1, "\(report.summary)")
        #expect(found.first?.message == "unknown command \\alpah")
        #expect(found.first?.fix?.contains("\\alpha") == true)
        #expect(found.first.map { ($0.file, $0.line, $0.column) } ?? ("", 0, 0) == ("content/" + path.dropFirst("content/".count), line, column), "\(report.summary)")
    }

    @Test("In the preview, a card edit that adds a formula to a title gives what a fresh build gives")
    func preview() throws {
        let site = try site()
        defer { site.cleanUp() }
        let previewed = PreviewedSite(site)
        #expect(!previewed.first.hasErrors, "\(previewed.first.summary)")
        let text = try String(contentsOf: site.root.appendingPathComponent("content/resources/jets.md"), encoding: .utf8)
        let edited = try previewed.save(text.replacingOccurrences(of: "(10^6)", with: "(10^7)"), as: "content/resources/jets.md")
        #expect(!edited.hasErrors, "\(edited.summary)")
        #expect(try site.read("resources/index.html", output: "_preview").contains("<mn>7</mn>"))
        let fresh = previewed.freshBuild()
        #expect(fresh.comparison.isEmpty, "\(fresh.comparison)")
    }
}
