import Foundation
@testable import PortalCore
import PortalTestSupport
import Testing

private let papers = """
    @article{Baldi:2014kfa,
      author       = {Baldi, Pierre and Sadowski, Peter and Whiteson, Daniel},
      title        = {Searching for exotic particles in high-energy physics with deep learning},
      journal      = {Nature Communications},
      year         = {2014},
      doi          = {10.1038/ncomms5308},
      eprint       = {1402.4735},
      archivePrefix = {arXiv},
      portal-areas = {agentic-ai},
    }

    @misc{Qu:2019a,
      author       = {Qu, Huilin},
      title        = {First},
      year         = {2019},
      eprint       = {1902.08570},
      archivePrefix = {arXiv},
      portal-areas = {agentic-ai},
    }

    @misc{Qu:2019b,
      author       = {Qu, Huilin},
      title        = {Second},
      year         = {2019},
      url          = {https://example.org/second},
      portal-areas = {agentic-ai},
    }

    """

@Suite("Citing resources from pages")
struct PageCitationTests {
    private func site(body: String, extra: [(String, String)] = []) throws -> TestSite {
        var files: [String: String] = .init(files: TestSite.breakout("agentic-ai"))
        files["content/resources/review.bib"] = papers
        let (path, text) = TestSite.tutorial("intro", body: body)
        files[path] = text
        for (path, text) in extra { files[path] = text }
        return try TestSite(files, theme: try shippedTheme())
    }

    @Test("Citations link to the resource in author-year style; the page ends with its References in citation order; the twin has both")
    func rendered() throws {
        let body = """
            As @Baldi:2014kfa [p. 2] showed, and others confirm [see @qu:2019b, sec. 4; -@Qu:2019a; @tool].

            Again [@Baldi:2014kfa].

            """
        let site = try site(body: body, extra: [TestSite.resource("tool", extra: "authors: [Ada Lovelace, Charles Babbage]")])
        defer { site.cleanUp() }
        let report = site.build()
        #expect(report.diagnostics.isEmpty, "\(report.summary)")
        let html = try site.read("tutorials/intro/index.html")
        let baldi = "<a class=\"citation\" href=\"../../resources/baldi-2014kfa/index.html\" title=\"Searching for exotic particles in high-energy physics with deep learning\">"
        #expect(html.contains("As \(baldi)Baldi et al.</a> (2014, p. 2) showed"))
        #expect(html.contains("confirm (see <a class=\"citation\" href=\"../../resources/qu-2019b/index.html\" title=\"Second\">Qu 2019b</a>, sec. 4; "
            + "<a class=\"citation\" href=\"../../resources/qu-2019a/index.html\" title=\"First\">2019a</a>; "
            + "<a class=\"citation\" href=\"../../resources/tool/index.html\" title=\"Resource tool\">Lovelace and Babbage n.d.</a>)."))
        #expect(html.contains("Again (\(baldi)Baldi et al. 2014</a>)."))
        let list = try #require(html.range(of: "<ol class=\"reference-list\">").map { String(html[$0.lowerBound...]) })
        let order = ["ref-baldi-2014kfa", "ref-qu-2019b", "ref-qu-2019a", "ref-tool"].map { list.range(of: $0)?.lowerBound }
        #expect(order.allSatisfy { $0 != nil } && order == order.sorted { $0! < $1! }, "first cited first, each once")
        #expect(list.contains("<li id=\"ref-baldi-2014kfa\">Baldi, P., Sadowski, P. and Whiteson, D. (2014). "
            + "<a href=\"../../resources/baldi-2014kfa/index.html\">Searching for exotic particles in high-energy physics with deep learning</a>. Paper. "
            + "<a href=\"https://doi.org/10.1038/ncomms5308\">doi:10.1038/ncomms5308</a></li>"))
        #expect(list.contains("<li id=\"ref-qu-2019a\">Qu, H. (2019a). <a href=\"../../resources/qu-2019a/index.html\">First</a>. Paper. <a href=\"https://arxiv.org/abs/1902.08570\">arXiv:1902.08570</a></li>"))
        #expect(html.contains("<h2 id=\"references\">References"))
        #expect(html.contains("href=\"#references\""), "the table of contents lists the References")

        let twin = try site.read("tutorials/intro/index.md")
        #expect(twin.contains("As [Baldi et al.](../../resources/baldi-2014kfa/index.md) (2014, p. 2) showed"))
        #expect(twin.contains("## References\n\n1. Baldi, P., Sadowski, P. and Whiteson, D. (2014). [Searching for exotic particles in high-energy physics with deep learning](../../resources/baldi-2014kfa/index.md). Paper. [doi:10.1038/ncomms5308](<https://doi.org/10.1038/ncomms5308>)\n"))

        // The catalogue says what each resource is cited by; other pages have none.
        let catalog = try site.read("catalog.json")
        #expect(catalog.contains("\"cite_key\":\"Baldi:2014kfa\"") && catalog.contains("\"cite_key\":\"tool\"") && catalog.contains("\"cite_key\":null"))

        // The resource lists the page that cites it, once.
        let resource = try site.read("resources/baldi-2014kfa/index.html")
        #expect(resource.components(separatedBy: "href=\"../../tutorials/intro/index.html\"").count == 2)
        #expect(resource.contains("Cited by"))
    }

    @Test("An unknown key is an error at the key, with the closest key; the citation stays as written")
    func unknownKey() throws {
        let site = try site(body: "Shown [@Baldi:2014kfb; @Qu:2019a].\n")
        defer { site.cleanUp() }
        let report = site.build()
        let error = try #require(report.only("citation.unknown-key"), "\(report.summary)")
        #expect(error.severity == .error)
        #expect(error.message == "'@Baldi:2014kfb' is not the key of any resource, so this citation cannot link to it")
        #expect(error.fix == "did you mean '@Baldi:2014kfa'?")
        #expect(error.file.hasSuffix("tutorials/intro.md"))
        let lines = try String(contentsOf: site.root.appendingPathComponent("content/tutorials/intro.md"), encoding: .utf8).components(separatedBy: "\n")
        let line = try #require(lines.firstIndex { $0.hasPrefix("Shown") }) + 1
        #expect(error.line == line && error.column == 8)
    }

    @Test("Text that only looks like a citation stays text: handles, addresses, code, link text")
    func notCitations() throws {
        let site = try site(body: "Ask @someone, mail a@b.org, run `[@Qu:2019a]`, see [the paper @Qu:2019a](https://example.org).\n")
        defer { site.cleanUp() }
        let report = site.build()
        #expect(report.diagnostics.isEmpty, "\(report.summary)")
        let html = try site.read("tutorials/intro/index.html")
        #expect(html.contains("Ask @someone") && html.contains("<code>[@Qu:2019a]</code>") && html.contains(">the paper @Qu:2019a</a>"))
        #expect(!html.contains("class=\"citation\"") && !html.contains("reference-list"))
    }

    @Test("A citation beside formulas, in a table cell and in a list item links as anywhere else; one holding a formula stays text")
    func besideFormulas() throws {
        let body = """
            Jets with $p_T > 500$ GeV [@Qu:2019a] and $\\eta$ cuts @Baldi:2014kfa [eq. 2], then $$x$$ again [@Qu:2019b].

            | paper | note |
            |---|---|
            | [@Qu:2019a] | $y$ |

            - see @Baldi:2014kfa
            - not [@Qu:2019a, eq. $z$]

            """
        let site = try site(body: body)
        defer { site.cleanUp() }
        let report = site.build()
        #expect(report.diagnostics.isEmpty, "\(report.summary)")
        let html = try site.read("tutorials/intro/index.html")
        #expect(html.contains("GeV (<a class=\"citation\" href=\"../../resources/qu-2019a/index.html\" title=\"First\">Qu 2019a</a>) and "))
        #expect(html.contains(" cuts <a class=\"citation\" href=\"../../resources/baldi-2014kfa/index.html\"") && html.contains("Baldi et al.</a> (2014, eq. 2), then "))
        #expect(html.contains(" again (<a class=\"citation\" href=\"../../resources/qu-2019b/index.html\" title=\"Second\">Qu 2019b</a>)."))
        #expect(html.contains("<td>(<a class=\"citation\" href=\"../../resources/qu-2019a/index.html\" title=\"First\">Qu 2019a</a>)</td>"), "a table cell")
        #expect(html.contains("<li>see <a class=\"citation\""))
        #expect(html.contains("<li>not [@Qu:2019a, eq. <math"), "a formula inside a citation keeps it text, and the formula math")
        #expect(html.components(separatedBy: "<math").count == 6)
    }

    @Test("A long line of citations whose source holds escapes renders each, as the parser read them")
    func escapedCitations() throws {
        let site = try site(body: String(repeating: "[@Qu\\:2019a] ", count: 2_000) + "\n")
        defer { site.cleanUp() }
        let report = site.build()
        #expect(report.diagnostics.isEmpty, "\(report.summary)")
        let html = try site.read("tutorials/intro/index.html")
        #expect(html.components(separatedBy: "title=\"First\">Qu 2019a</a>)").count == 2_001)
    }

    @Test("A work without authors is cited by its title, its formula as math")
    func byTitle() throws {
        let site = try site(body: "Shown [@jets].\n", extra: [("content/resources/jets.md", "---\ntitle: \"Jets at $\\\\sqrt{s}$\"\nsummary: S.\ntype: dataset\nurl: https://example.org/jets\nareas: [agentic-ai]\nyear: 2024\n---\n\nAbout.\n")])
        defer { site.cleanUp() }
        let report = site.build()
        #expect(report.diagnostics.isEmpty, "\(report.summary)")
        let html = try site.read("tutorials/intro/index.html")
        #expect(html.contains("title=\"Jets at $\\sqrt{s}$\">Jets at <math"), "\(html)")
        #expect(html.contains("</math> 2024</a>)"))
    }

    @Test("In the preview, retitling a cited resource renders the citing page again, as a fresh build would")
    func preview() throws {
        let site = try site(body: "Shown [@Qu:2019a].\n")
        defer { site.cleanUp() }
        let previewed = PreviewedSite(site)
        #expect(!previewed.first.hasErrors, "\(previewed.first.summary)")
        let report = try previewed.save(papers.replacingOccurrences(of: "{First}", with: "{First, renamed}"), as: "content/resources/review.bib")
        #expect(!report.hasErrors)
        #expect(try site.read("tutorials/intro/index.html", output: "_preview").contains("First, renamed</a>. Paper."))
        let fresh = previewed.freshBuild()
        #expect(fresh.comparison.isEmpty, "\(fresh.comparison)")
        // A citation added in the body reaches the References and the resource's "Cited by".
        let (path, text) = TestSite.tutorial("intro", body: "Shown [@Qu:2019a] and @Baldi:2014kfa.\n")
        #expect(!(try previewed.save(text, as: path)).hasErrors)
        #expect(try site.read("resources/baldi-2014kfa/index.html", output: "_preview").contains("tutorials/intro/index.html"))
        let again = previewed.freshBuild()
        #expect(again.comparison.isEmpty, "\(again.comparison)")
    }
}
