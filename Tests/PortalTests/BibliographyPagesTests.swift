import Foundation
@testable import PortalCore
import PortalTestSupport
import Testing

private let review = """
    % The living review's papers.
    @string{jhep = "JHEP"}

    @article{deOliveira:2015xxd,
      author        = "de Oliveira, Luke and Kagan, Michael and Nachman, Benjamin and others",
      title         = "{Jet-images --- deep learning edition}",
      journal       = jhep,
      year          = "2016",
      doi           = "10.1007/JHEP07(2016)069",
      eprint        = "1511.05190",
      archivePrefix = "arXiv",
      keywords      = "jet images; Computer Vision",
      portal-areas  = "agentic-ai",
      abstract      = {We investigate deep learning on jet images of $W \\to q\\bar{q}$ decays,
                       with {\\"o} and 5% and a_b.},
    }

    @software{pyhf,
      author       = {Heinrich, Lukas and Feickert, Matthew},
      title        = {pyhf},
      url          = {https://github.com/scikit-hep/pyhf},
      portal-areas = {agentic-ai},
    }

    @misc{jetclass,
      title        = {JetClass},
      keywords     = {dataset},
      zenodo       = {6619768},
      url          = {https://zenodo.org/records/6619768},
      portal-areas = {agentic-ai},
      portal-type  = {benchmark},
    }

    """

@Suite("Resources from a .bib file")
struct BibliographyPagesTests {
    private func site(_ bib: String = review, extra: [(String, String)] = [], theme: [String: String]? = nil) throws -> TestSite {
        var files: [String: String] = .init(files: TestSite.breakout("agentic-ai"))
        files["content/resources/review.bib"] = bib
        for (path, text) in extra { files[path] = text }
        return try TestSite(files, theme: try theme ?? shippedTheme())
    }

    @Test("Each entry is a resource page: title, authors, year, identifiers, tags and type from its fields, its abstract the summary and the text")
    func pages() throws {
        let site = try site()
        defer { site.cleanUp() }
        let report = site.build()
        #expect(!report.hasErrors, "\(report.summary)")
        let html = try site.read("resources/deoliveira-2015xxd/index.html")
        #expect(html.contains("<h1>Jet-images — deep learning edition</h1>"))
        #expect(html.contains("<li>Luke de Oliveira</li>") && html.contains("<li>Benjamin Nachman</li>") && html.contains("<li>et al.</li>"))
        let csl = try site.read("resources/resources.csl.json")
        #expect(csl.contains("{\"family\":\"Nachman\",\"given\":\"Benjamin\"}]") && !csl.contains("\"others\""), "CSL leaves 'and others' to the style")
        #expect(html.contains("<dd><a href=\"https://doi.org/10.1007/JHEP07(2016)069\" rel=\"external\">10.1007/JHEP07(2016)069</a></dd>"))
        #expect(html.contains("<dt>Year</dt>\n        <dd>2016</dd>"))
        #expect(html.contains("href=\"../../tags/jet-images/index.html\"") && html.contains("href=\"../../tags/computer-vision/index.html\""), "keywords are tags")
        // The abstract is the text, its math rendered, its TeX decoded and its Markdown marks kept as text.
        #expect(html.contains("<math"), "the abstract's formula is math")
        #expect(html.contains("with ö and 5% and a_b."))
        #expect(html.contains("<p class=\"lede\">We investigate deep learning on jet images of $W \\to q\\bar{q}$ decays, with ö and 5% and a_b.</p>"))
        // It is cited by its own key, with "and others" kept.
        #expect(html.contains("@article{deOliveira:2015xxd,\n  author        = {Luke de Oliveira and Michael Kagan and Benjamin Nachman and others},"))
        #expect(try site.read("resources/resources.bib").contains("@software{pyhf,\n"))
        #expect(try site.read("resources/jetclass/index.html").contains("<span class=\"badge badge--type badge--benchmark\">Benchmark</span>"), "portal-type wins")
        let pyhf = try site.read("resources/pyhf/index.html")
        #expect(pyhf.contains("badge--software") && pyhf.contains("<p class=\"lede\">Software.</p>"), "without an abstract, the summary says what it is")
    }

    @Test("Ids come from keys: lower-cased, each run of other characters one hyphen", arguments: [
        ("Qu:2019gqs", "qu-2019gqs"), ("ParticleNet_2020", "particlenet-2020"), ("deOliveira:2015xxd", "deoliveira-2015xxd"), ("--x--", "x"), (":::", "entry"),
    ])
    func ids(key: String, id: String) {
        #expect(BibliographyPages.pageID(key) == id)
    }

    @Test("What an entry lacks or gets wrong is an error at the entry or the field, with the field to write", arguments: [
        ("@article{a, year = 2020, doi = {10.1000/1}, portal-areas = {agentic-ai}}", "bibtex.missing-field", 1, 10, "the entry 'a' has no title"),
        ("@article{a, title = {T}, portal-areas = {agentic-ai}}", "bibtex.missing-field", 1, 10,
         "the entry 'a' has no url, doi or arXiv eprint, so its page would link nowhere"),
        ("@article{a, title = {T}, doi = {10.1000/1}}", "bibtex.missing-field", 1, 10, "the entry 'a' names no breakout area"),
        ("@article{a,\n  title = {T},\n  doi = {doi:10.1000/1},\n  portal-areas = {agentic-ai}}", "bibtex.bad-field", 3, 10, "'doi' must be a DOI such as 10.1000/xyz123"),
        ("@article{a, title = {T}, doi = {10.1000/1}, portal-areas = {agentic-ai}, portal-type = {papers}}", "bibtex.bad-field", 1, 89,
         "'papers' is not a resource type; it must be one of paper, dataset, benchmark, software, training, agent, event"),
        ("@article{a, title = {T}, doi = {10.1000/1}, portal-areas = {agentic-ia}}", "reference.unknown", 1, 61, "there is no breakout with the id 'agentic-ia' (named in 'areas')"),
        ("@article{a:b, title = {T}, doi = {10.1000/1}, portal-areas = {agentic-ai}}\n@misc{a-b, title = {U}, doi = {10.1000/2}, portal-areas = {agentic-ai}}",
         "bibtex.duplicate-id", 2, 7, "the key 'a-b' makes the page id 'a-b', as the key 'a:b' at line 1 does"),
        ("@article{a, title = {T}, doi = {10.1000/1}, portal-areas = {agentic-ai}\n@article{b, title = {U}}", "bibtex.syntax", 2, 1,
         "expected ',' or '}' after the value of 'portal-areas', found '@'"),
    ])
    func errors(bib: String, id: String, line: Int, column: Int, message: String) throws {
        let site = try site(bib)
        defer { site.cleanUp() }
        let report = site.build(output: nil)
        let found = report.diagnostics(id)
        #expect(found.count == 1, "\(report.summary)")
        #expect(found.first?.message == message, "\(report.summary)")
        #expect(found.first.map { ($0.file, $0.line, $0.column) } ?? ("", 0, 0) == ("content/resources/review.bib", line, column))
    }

    @Test("A command portal cannot turn into text is a warning at its place in the value, and stays in the title")
    func unknownCommand() throws {
        let site = try site("@article{a,\n  title = {The \\frobnicate{x} jets},\n  doi = {10.1000/1}, portal-areas = {agentic-ai}}")
        defer { site.cleanUp() }
        let report = site.build(output: nil)
        let warning = try #require(report.only("bibtex.unknown-command"), "\(report.summary)")
        #expect(warning.message == "'\\frobnicate' in 'title' is not a command portal turns into text, so it is shown as written")
        #expect((warning.line, warning.column) == (2, 16))
    }

    @Test("An entry and a Markdown resource with one identifier are an error naming the other file")
    func duplicateIdentifier() throws {
        let site = try site(extra: [TestSite.resource("pyhf-paper", type: "paper", extra: "doi: 10.1007/jhep07(2016)069")])
        defer { site.cleanUp() }
        let found = site.build(output: nil).diagnostics("resource.duplicate-identifier")
        #expect(found.count == 1)
        #expect(found.first?.message == "this resource has the DOI of content/resources/pyhf-paper.md ('10.1007/jhep07(2016)069'): both would list the same work")
        #expect(found.first.map { ($0.file, $0.line, $0.column) } ?? ("", 0, 0) == ("content/resources/review.bib", 9, 20), "at the entry's doi")
    }

    @Test("In the preview, editing, adding and deleting entries gives what a fresh build gives")
    func preview() throws {
        let site = try site()
        defer { site.cleanUp() }
        let previewed = PreviewedSite(site)
        #expect(!previewed.first.hasErrors, "\(previewed.first.summary)")
        let retitled = try previewed.save(review.replacingOccurrences(of: "title        = {pyhf}", with: "title        = {pyhf, renamed}"), as: "content/resources/review.bib")
        #expect(!retitled.hasErrors && retitled.renderedPages.contains("resources/pyhf/index.html"))
        #expect(try site.read("resources/index.html", output: "_preview").contains("pyhf, renamed"))
        do {
            let fresh = previewed.freshBuild()
            #expect(fresh.comparison.isEmpty, "\(fresh.comparison)")
        }
        let added = review + "@misc{extra, title = {Extra}, url = {https://example.org/x}, portal-areas = {agentic-ai}}\n"
        #expect(try previewed.save(added, as: "content/resources/review.bib").renderedPages.contains("resources/extra/index.html"))
        do {
            let fresh = previewed.freshBuild()
            #expect(fresh.comparison.isEmpty, "\(fresh.comparison)")
        }
        let broken = try previewed.save(added.replacingOccurrences(of: "@misc{extra,", with: "@misc{extra"), as: "content/resources/review.bib")
        #expect(broken.hasErrors)
        let fixed = try previewed.save(review, as: "content/resources/review.bib")
        #expect(!fixed.hasErrors)
        #expect(!site.exists("resources/extra/index.html", output: "_preview"))
        do {
            let fresh = previewed.freshBuild()
            #expect(fresh.comparison.isEmpty, "\(fresh.comparison)")
        }
    }
}
