import Foundation
@testable import PortalCore
import PortalTestSupport
import Testing

/// The resource page the loader reads from `text` as `content/resources/ID.md` (stage 2 alone), which
/// must read without a diagnostic.
func loadedResource(_ id: String, _ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Page {
    let site = try TestSite(["content/resources/\(id).md": text])
    defer { site.cleanUp() }
    let sink = DiagnosticSink()
    let loaded = PageLoader(contentRoot: site.root.appendingPathComponent("content"), displayRoot: "content")
        .load([ContentFile(relativePath: "resources/\(id).md", kind: .resource, id: id, isBundle: false)], into: sink)
    #expect(sink.sorted.isEmpty, "\(sink.sorted)", sourceLocation: sourceLocation)
    return try #require(loaded.pages.first, sourceLocation: sourceLocation)
}

@Suite("Citations")
struct CitationTests {
    private func page(_ id: String, _ fields: String, title: String = "ParticleNet: Jet Tagging via Particle Clouds") throws -> Page {
        try loadedResource(id, "---\ntitle: \"\(title)\"\nsummary: S.\nurl: https://arxiv.org/abs/1902.08570\nareas: [x]\n\(fields)\n---\n\nBody.\n")
    }

    @Test("A paper with a journal DOI is an @article with its arXiv eprint; fields aligned, the title's capitals kept")
    func article() throws {
        let citation = Citation(try page("particlenet", "type: paper\nauthors: [Huilin Qu, Loukas Gouskos]\nyear: 2020\ndoi: 10.1103/PhysRevD.101.056019\narxiv: 1902.08570"))
        #expect(citation.bibTeX == """
            @article{particlenet,
              author        = {Huilin Qu and Loukas Gouskos},
              title         = {{ParticleNet: Jet Tagging via Particle Clouds}},
              year          = {2020},
              doi           = {10.1103/PhysRevD.101.056019},
              eprint        = {1902.08570},
              archiveprefix = {arXiv},
              url           = {https://arxiv.org/abs/1902.08570},
            }

            """)
    }

    @Test("An entry kept for the Cite block is given again only for the same citation: a page changed at its position gets its new entry")
    func keptEntries() throws {
        let first = try page("particlenet", "type: paper\nauthors: [Huilin Qu, Loukas Gouskos]\nyear: 2020")
        let changed = try page("particlenet", "type: paper\nauthors: [Huilin Qu]\nyear: 2020")
        let entries = CitationEntries()
        #expect(entries.entry(at: 0, of: first) == Citation(first).bibTeX)
        #expect(entries.entry(at: 0, of: first) == Citation(first).bibTeX)
        #expect(entries.entry(at: 0, of: changed) == Citation(changed).bibTeX)
        #expect(entries.entry(at: 0, of: changed).contains("Qu, Huilin") || entries.entry(at: 0, of: changed).contains("Huilin Qu"))
        #expect(!entries.entry(at: 0, of: changed).contains("Gouskos"))
        #expect(Citation.catalogueFiles([changed], entries: entries).first?.1 == Citation(changed).bibTeX)
    }

    @Test("Entry types follow the resource: a preprint or a Zenodo deposit is @misc, datasets and software take biblatex's types, an ISBN makes a book", arguments: [
        ("type: paper\narxiv: 1902.08570", "misc", "article"),
        ("type: paper\ndoi: 10.5281/zenodo.2603256", "misc", "article"),
        ("type: dataset\nzenodo: \"6619768\"", "dataset", "dataset"),
        ("type: benchmark", "dataset", "dataset"),
        ("type: software", "software", "software"),
        ("type: agent", "software", "software"),
        ("type: training\nisbn: 0-306-40615-2", "book", "book"),
        ("type: event", "misc", "event"),
        ("type: training", "misc", "webpage"),
    ])
    func types(fields: String, bibTeX: String, csl: String) throws {
        let citation = Citation(try page("r", fields))
        #expect(citation.bibTeXType == bibTeX)
        #expect(citation.cslType == csl)
        #expect(citation.bibTeX.hasPrefix("@\(bibTeX){r,\n"))
    }

    @Test("TeX's special characters in a title or a name read back as written; a body or a name holding 'and' stays whole in braces")
    func escaping() throws {
        let citation = Citation(try page("r", "type: paper\nauthors: [ATLAS Collaboration, \"Tom and Jerry\", Ana_B]", title: "R&D at 100% of {p_T} ~ x^2 for 5$ \\\\ #1"))
        #expect(citation.bibTeX.contains("  author = {{ATLAS Collaboration} and {Tom and Jerry} and Ana\\_B},\n"))
        #expect(citation.bibTeX.contains("  title  = {{R\\&D at 100\\% of \\{p\\_T\\} \\textasciitilde{} x\\textasciicircum{}2 for 5\\$ \\textbackslash{} \\#1}},\n"), "\(citation.bibTeX)")
        // A formula between dollars is TeX already, and stays as written.
        #expect(Citation.bibTeXEscaped("Search for $t\\bar{t}$ resonances & more") == "Search for $t\\bar{t}$ resonances \\& more")
        #expect(Citation.bibTeXEscaped("5$ and {x}") == "5\\$ and \\{x\\}", "a lone dollar is a dollar")
        // Around letters of any script, and before a combining mark, which does not hide the character it follows.
        #expect(Citation.bibTeXEscaped("Ødegaard & Müller: 50% of $\\sigma_{\\mathrm{tot}}$ at √s") == "Ødegaard \\& Müller: 50\\% of $\\sigma_{\\mathrm{tot}}$ at √s")
        #expect(Citation.bibTeXEscaped("R&\u{301}D_é") == "R\\&\u{301}D\\_é")
        // A DOI is read verbatim: its underscore stays, but a brace would end the field.
        let doi = Citation(try page("d", "type: paper\ndoi: \"10.1000/a_b{c}\""))
        #expect(doi.bibTeX.contains("  doi   = {10.1000/a_b%7Bc%7D},\n"), "\(doi.bibTeX)")
    }

    @Test("A name with a suffix, or written 'Family, Given', is split the same way in BibTeX and CSL-JSON", arguments: [
        ("Ludwig van Beethoven Jr", "van Beethoven, Jr, Ludwig", ["family": "Beethoven", "given": "Ludwig", "non-dropping-particle": "van", "suffix": "Jr"] as JSONValue),
        ("Müller, Hans", "Müller, Hans", ["family": "Müller", "given": "Hans"]),
        ("van der Meer, Jan", "van der Meer, Jan", ["family": "Meer", "given": "Jan", "non-dropping-particle": "van der"]),
        ("García Márquez, Gabriel", "García Márquez, Gabriel", ["family": "García Márquez", "given": "Gabriel"]),
        ("King, Jr, Martin Luther", "King, Jr, Martin Luther", ["family": "King", "given": "Martin Luther", "suffix": "Jr"]),
        ("John Smith, Jr", "Smith, Jr, John", ["family": "Smith", "given": "John", "suffix": "Jr"]),
        ("Jan van der Meer", "Jan van der Meer", ["family": "Meer", "given": "Jan", "non-dropping-particle": "van der"]),
        ("a, b, c, d", "{a, b, c, d}", ["literal": "a, b, c, d"]),
        ("Smith,", "{Smith,}", ["literal": "Smith,"]),
    ] as [(String, String, JSONValue)])
    func namesAgree(_ name: String, _ bibTeX: String, _ csl: JSONValue) {
        #expect(Citation.bibTeXName(name) == bibTeX)
        #expect(Citation.cslName(name) == csl)
    }

    @Test("CSL-JSON splits a person's names, keeps particles with the family name and a body whole, and dates from date or year")
    func csl() throws {
        #expect(Citation.cslName("Huilin Qu") == ["family": "Qu", "given": "Huilin"])
        #expect(Citation.cslName("Carlos E. Jimenez") == ["family": "Jimenez", "given": "Carlos E."])
        #expect(Citation.cslName("Luke de Oliveira") == ["family": "Oliveira", "given": "Luke", "non-dropping-particle": "de"])
        #expect(Citation.cslName("Jan van der Meer") == ["family": "Meer", "given": "Jan", "non-dropping-particle": "van der"])
        #expect(Citation.cslName("HEP Software Foundation") == ["literal": "HEP Software Foundation"])
        #expect(Citation.cslName("Plato") == ["literal": "Plato"])
        let dated = Citation(try page("r", "type: paper\ndate: 2020-02-19\narxiv: 1902.08570\ndoi: 10.1103/PhysRevD.101.056019")).csl
        #expect(dated == ["id": "r", "type": "article-journal", "title": "ParticleNet: Jet Tagging via Particle Clouds", "issued": ["date-parts": [[2020, 2, 19]]],
                          "DOI": "10.1103/PhysRevD.101.056019", "number": "arXiv:1902.08570", "URL": "https://arxiv.org/abs/1902.08570"])
        let preprint = Citation(try page("r", "type: paper\nyear: 2019\narxiv: 1902.08570")).csl
        guard case .object(let item) = preprint else { Issue.record("not an object"); return }
        #expect(item["issued"] == ["date-parts": [[2019]]] && item["publisher"] == "arXiv" && item["type"] == "article")
    }

    @Test("The site writes resources.bib and resources.csl.json in id order; each resource page shows its entry and links both")
    func catalogueFiles() throws {
        let site = try TestSite(.init(files:
            TestSite.breakout("agentic-ai"),
            TestSite.resource("zeta", type: "paper", extra: "authors: [Huilin Qu]\nyear: 2020\narxiv: 1902.08570"),
            TestSite.resource("alpha", type: "dataset", extra: "zenodo: \"6619768\"")), theme: try shippedTheme())
        defer { site.cleanUp() }
        let report = site.build()
        #expect(!report.hasErrors, "\(report.summary)")
        let bib = try site.read("resources/resources.bib")
        #expect(bib.hasPrefix("@dataset{alpha,\n") && bib.contains("}\n\n@misc{zeta,\n  author        = {Huilin Qu},\n"))
        let csl = try #require(try JSONSerialization.jsonObject(with: Data(try site.read("resources/resources.csl.json").utf8)) as? [[String: Any]])
        #expect(csl.map { $0["id"] as? String } == ["alpha", "zeta"])
        let html = try site.read("resources/zeta/index.html")
        #expect(html.contains("<h2 id=\"cite-this-resource\">Cite</h2>\n        <pre tabindex=\"0\"><code>@misc{zeta,\n  author        = {Huilin Qu},\n  title         = {{Resource zeta}},"))
        #expect(try site.read("resources/zeta/zeta.bib") == bib.components(separatedBy: "\n\n").last, "each entry is also a file beside its page")
        #expect(html.contains("<a href=\"zeta.bib\" download>Download this entry</a>"))
        #expect(html.contains("<a href=\"../resources.bib\" download>resources.bib</a>") && html.contains("<a href=\"../resources.csl.json\" download>resources.csl.json</a>"))
        #expect(html.contains("<dt>Year</dt>\n        <dd>2020</dd>"))
        // A site without resources has no catalogue files.
        let bare = try TestSite(.init(files: TestSite.breakout("agentic-ai")))
        defer { bare.cleanUp() }
        #expect(!bare.build().hasErrors)
        #expect(!bare.exists("resources/resources.bib") && !bare.exists("resources/resources.csl.json"))
        #expect(try bare.snapshot().keys.allSatisfy { !$0.hasSuffix(".bib") })
    }

    @Test("resources.bib reads back through the BibTeX reader: every key, title, name and identifier as the front-matter wrote it")
    func readsBack() throws {
        let site = try TestSite(.init(files:
            TestSite.breakout("agentic-ai"),
            TestSite.resource("roadmap", type: "paper", extra: "authors: [HEP Software Foundation]\nyear: 2019\ndoi: 10.1007/s41781-018-0018-8\narxiv: 1712.06982"),
            TestSite.resource("efn", type: "paper", extra: "authors: [Patrick T. Komiske, Eric M. Metodiev, Jesse Thaler, Luke de Oliveira]\ndoi: 10.1007/JHEP01(2019)121"),
            TestSite.resource("odd", type: "software", extra: "authors: [\"Tom and Jerry\", Ana_B]\nsoftware_heritage: swh:1:dir:d198bc9d7a6bcf6db04f476d29314f157507d505")))
        defer { site.cleanUp() }
        try site.write(try String(contentsOf: site.root.appendingPathComponent("content/resources/odd.md"), encoding: .utf8)
            .replacingOccurrences(of: "title: Resource odd", with: "title: \"R&D: 100% of {p_T} ~ x^2, #1\""), to: "content/resources/odd.md")
        let report = site.build()
        #expect(!report.hasErrors, "\(report.summary)")
        let file = BibTeXReader.read(try site.read("resources/resources.bib"))
        #expect(file.problems.isEmpty, "\(file.problems)")
        #expect(file.entries.map(\.key) == ["efn", "odd", "roadmap"] && file.entries.map(\.type) == ["article", "software", "article"])
        let odd = try #require(file.entry("odd"))
        #expect(BibTeXText.decode(try #require(odd.field("title")).value).text == "R&D: 100% of {p_T} ~ x^2, #1")
        #expect(BibTeXNames.parse(try #require(odd.field("author")).value).names.map { $0.displayName() } == ["Tom and Jerry", "Ana_B"])
        #expect(odd.field("swhid")?.value == "swh:1:dir:d198bc9d7a6bcf6db04f476d29314f157507d505")
        let efn = try #require(file.entry("efn"))
        let names = BibTeXNames.parse(try #require(efn.field("author")).value).names
        #expect(names.map(\.last) == ["Komiske", "Metodiev", "Thaler", "Oliveira"] && names.last?.von == "de")
        #expect(efn.field("doi")?.value == "10.1007/JHEP01(2019)121")
        let roadmap = try #require(file.entry("roadmap"))
        #expect(BibTeXNames.parse(try #require(roadmap.field("author")).value).names.map { $0.displayName() } == ["HEP Software Foundation"])
        #expect(roadmap.field("year")?.value == "2019" && roadmap.field("eprint")?.value == "1712.06982" && roadmap.field("archiveprefix")?.value == "arXiv")
    }

    @Test("A tutorial ends with its citation: authors, title, year, the portal as publisher and its address when the site has one")
    func tutorial() throws {
        let (path, text) = TestSite.tutorial("jets")
        let site = try TestSite(.init(files: TestSite.breakout("agentic-ai"), (path, text.replacingOccurrences(of: "authors: [Test Author]", with: "authors: [Ada Lovelace, Portal editors]"))),
                                theme: try shippedTheme())
        defer { site.cleanUp() }
        #expect(!site.build().hasErrors)
        let html = try site.read("tutorials/jets/index.html")
        #expect(html.contains("""
            <h2 id="cite-this-tutorial">Cite</h2>
                    <pre tabindex="0"><code>@misc{jets,
              author       = {Ada Lovelace and {Portal editors}},
              title        = {{Tutorial jets}},
              year         = {2026},
              howpublished = {{Test portal}},
              url          = {https://portal.example.org/tutorials/jets/},
            }
            </code></pre>
            """), "\(html)")
        let item = Citation(tutorial: try page("jets", "type: paper"), url: nil, site: "Test portal")
        #expect(!item.bibTeX.contains("url") && item.csl == ["id": "jets", "type": "webpage", "title": "ParticleNet: Jet Tagging via Particle Clouds", "container-title": "Test portal"])
    }

    @Test("A year that disagrees with the date is an error at the year")
    func yearMismatch() throws {
        let site = try TestSite(.init(files: TestSite.breakout("agentic-ai"), TestSite.resource("r", type: "paper", extra: "date: 2020-02-19\nyear: 2019")))
        defer { site.cleanUp() }
        let diagnostic = try #require(site.build(output: nil).only("resource.year-mismatch"))
        #expect(diagnostic.message == "'year: 2019' disagrees with 'date: 2020-02-19'; citations take the date's year")
        #expect(diagnostic.fix == "remove 'year' (the date gives it), or correct one of the two")
        #expect(diagnostic.file == "content/resources/r.md" && diagnostic.line == 8 && diagnostic.column == 1)
    }
}
