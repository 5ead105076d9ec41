import Foundation
@testable import PortalCore
import PortalTestSupport
import Testing

@Suite("Resource identifiers")
struct ResourceIdentifierTests {
    @Test("Each scheme accepts its identifiers and refuses near misses", arguments: [
        (IdentifierScheme.arxiv, "2602.17582", true), (.arxiv, "1902.09914v2", true), (.arxiv, "0704.0001", true),
        (.arxiv, "hep-ph/0603175", true), (.arxiv, "hep-ph/0603175v3", true), (.arxiv, "math.GT/0309136", true),
        (.arxiv, "arXiv:2602.17582", false), (.arxiv, "2613.00001", false), (.arxiv, "2602.175", false), (.arxiv, "2602.17582v", false),
        (.arxiv, "hep-ph/060317", false), (.arxiv, "hep-ph/0613175", false), (.arxiv, "26.1", false),
        (.doi, "10.1007/JHEP01(2019)121", true), (.doi, "10.1103/PhysRevD.101.056019", true), (.doi, "https://doi.org/10.1000/1", false), (.doi, "10.12/x", false),
        (.inspire, "1718473", true), (.inspire, "Qu:2019gqs", true), (.inspire, "ATLAS:2012yve", true), (.inspire, "Qu:2019", false),
        (.inspire, "Qu:2019GQS", false), (.inspire, "0123", false), (.inspire, "inspirehep.net/literature/1718473", false),
        (.zenodo, "6619768", true), (.zenodo, "10.5281/zenodo.6619768", false), (.zenodo, "06619768", false),
        (.isbn, "978-0-19-850871-5", false), (.isbn, "0-19-850871-X", false), (.isbn, "0-306-40615-2", true), (.isbn, "978-0-306-40615-7", true),
        (.isbn, "978-0-306-40615-6", false), (.isbn, "0-306-40615-3", false), (.isbn, "123-4-567-89012-3", false),
        (.softwareHeritage, "swh:1:dir:d198bc9d7a6bcf6db04f476d29314f157507d505", true),
        (.softwareHeritage, "swh:1:cnt:94a9ed024d3859793618152ea559a168bbcbb5e2;origin=https://github.com/scikit-hep/pyhf;lines=9-15", true),
        (.softwareHeritage, "swh:1:dir:D198BC9D7A6BCF6DB04F476D29314F157507D505", false), (.softwareHeritage, "swh:2:dir:d198bc9d7a6bcf6db04f476d29314f157507d505", false),
        (.softwareHeritage, "swh:1:dir:d198bc9d7a6bcf6db04f476d29314f157507d505;colour=blue", false),
    ])
    func validation(scheme: IdentifierScheme, text: String, valid: Bool) {
        #expect(scheme.isValid(text) == valid)
    }

    @Test("Two spellings of one identifier compare equal: DOIs without case, arXiv ids without version, ISBN-10 as ISBN-13")
    func keys() {
        #expect(IdentifierScheme.doi.key("10.1007/JHEP01(2019)121") == IdentifierScheme.doi.key("10.1007/jhep01(2019)121"))
        #expect(IdentifierScheme.arxiv.key("1902.08570v3") == IdentifierScheme.arxiv.key("1902.08570"))
        #expect(IdentifierScheme.isbn.key("0-306-40615-2") == "9780306406157" && IdentifierScheme.isbn.key("978 0 306 40615 7") == "9780306406157")
        #expect(IdentifierScheme.arxiv.key("1902.08570") != IdentifierScheme.arxiv.key("1902.08571"))
    }

    @Test("Each identifier links to its resolver, with what a URL cannot hold percent-encoded")
    func addresses() {
        #expect(IdentifierScheme.doi.url("10.1007/JHEP01(2019)121") == "https://doi.org/10.1007/JHEP01(2019)121")
        #expect(IdentifierScheme.doi.url("10.1000/a#b c?") == "https://doi.org/10.1000/a%23b%20c%3F")
        #expect(IdentifierScheme.arxiv.url("hep-ph/0603175v2") == "https://arxiv.org/abs/hep-ph/0603175v2")
        #expect(IdentifierScheme.inspire.url("1718473") == "https://inspirehep.net/literature/1718473")
        #expect(IdentifierScheme.inspire.url("Qu:2019gqs") == "https://inspirehep.net/literature?q=texkey%20Qu%3A2019gqs")
        #expect(IdentifierScheme.zenodo.url("6619768") == "https://zenodo.org/records/6619768")
        #expect(IdentifierScheme.isbn.url("0-306-40615-2") == "https://openlibrary.org/isbn/9780306406157")
        #expect(IdentifierScheme.softwareHeritage.url("swh:1:dir:d198bc9d7a6bcf6db04f476d29314f157507d505")
            == "https://archive.softwareheritage.org/swh:1:dir:d198bc9d7a6bcf6db04f476d29314f157507d505")
    }

    @Test("A malformed identifier is an error at its field, saying what the field holds and how to fix it", arguments: [
        ("inspire: https://inspirehep.net/literature/1718473", "'inspire' must be an INSPIRE record number such as 1718473, or a texkey such as Qu:2019gqs",
         "write the number at the end of the record's address (inspirehep.net/literature/NUMBER), or its texkey"),
        ("zenodo: 10.5281/zenodo.6619768", "'zenodo' must be a Zenodo record number such as 6619768",
         "write the number at the end of the record's address (zenodo.org/records/NUMBER); a Zenodo DOI goes in 'doi'"),
        ("isbn: 978-0-306-40615-6", "'isbn' must be an ISBN-10 or ISBN-13 with a correct check digit, such as 978-0-306-40615-7",
         "copy the ISBN again from the book; hyphens and spaces may stay"),
        ("software_heritage: swh:1:tree:d198bc9d", "'software_heritage' must be a Software Heritage id such as swh:1:dir:followed by 40 hex digits",
         "copy the SWHID from the archive's permalink panel (swh:1:cnt|dir|rev|rel|snp:HASH, with ';qualifiers' if any)"),
        ("arxiv: arXiv:1902.08570", "'arxiv' must be an arXiv id such as 2602.17582", "write only the id, without 'arXiv:' or a URL"),
    ])
    func malformed(field: String, message: String, fix: String) throws {
        let site = try TestSite(.init(files: TestSite.breakout("agentic-ai"), TestSite.resource("paper", type: "paper", extra: "date: 2026-01-02\n" + field)))
        defer { site.cleanUp() }
        let report = site.build(output: nil)
        let diagnostic = try #require(report.only("frontmatter.bad-value"), "\(report.summary)")
        #expect(diagnostic.message == message)
        #expect(diagnostic.fix == fix)
        #expect(diagnostic.file == "content/resources/paper.md" && diagnostic.line == 8 && diagnostic.column == 1)
    }

    private static let everyScheme = """
        arxiv: 1902.08570v2
        doi: 10.1103/PhysRevD.101.056019
        inspire: Qu:2019gqs
        zenodo: "6619768"
        isbn: 0-306-40615-2
        software_heritage: swh:1:dir:d198bc9d7a6bcf6db04f476d29314f157507d505
        authors: [Huilin Qu, Loukas Gouskos]
        """

    @Test("The page links every identifier; JSON-LD lists each as a PropertyValue and in sameAs; the twin keeps them")
    func rendered() throws {
        let site = try TestSite(.init(files: TestSite.breakout("agentic-ai"), TestSite.resource("particlenet", type: "paper", extra: Self.everyScheme)),
                                theme: try shippedTheme())
        defer { site.cleanUp() }
        let report = site.build()
        #expect(!report.hasErrors, "\(report.summary)")
        let html = try site.read("resources/particlenet/index.html")
        for (label, text, url) in [
            ("arXiv", "arXiv:1902.08570v2", "https://arxiv.org/abs/1902.08570v2"), ("DOI", "10.1103/PhysRevD.101.056019", "https://doi.org/10.1103/PhysRevD.101.056019"),
            ("INSPIRE", "Qu:2019gqs", "https://inspirehep.net/literature?q=texkey%20Qu%3A2019gqs"), ("Zenodo", "6619768", "https://zenodo.org/records/6619768"),
            ("ISBN", "0-306-40615-2", "https://openlibrary.org/isbn/9780306406157"),
            ("SWHID", "swh:1:dir:d198bc9d7a6bcf6db04f476d29314f157507d505", "https://archive.softwareheritage.org/swh:1:dir:d198bc9d7a6bcf6db04f476d29314f157507d505"),
        ] {
            #expect(html.contains("<dt>\(label)</dt>\n        <dd><a href=\"\(url)\" rel=\"external\">\(text)</a></dd>"), "\(label)")
        }
        let jsonLD = try #require(MarkupAudit(html: html).dataBlocks.first)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(jsonLD.utf8)) as? [String: Any])
        let identifiers = try #require(object["identifier"] as? [[String: Any]])
        #expect(identifiers.map { $0["propertyID"] as? String } == ["arXiv", "DOI", "INSPIRE", "Zenodo", "ISBN", "SWHID"])
        #expect(identifiers.allSatisfy { $0["@type"] as? String == "PropertyValue" && $0["value"] is String && $0["url"] is String })
        let sameAs = try #require(object["sameAs"] as? [String])
        #expect(sameAs.first == "https://example.org/particlenet" && sameAs.count == 7 && sameAs.contains("https://zenodo.org/records/6619768"))
        let twin = try site.read("resources/particlenet/index.md")
        #expect(twin.contains("\narxiv: 1902.08570v2\ndoi: 10.1103/PhysRevD.101.056019\ninspire: Qu:2019gqs\nzenodo: 6619768\nisbn: 0-306-40615-2\n"), "\(twin)")
    }

    @Test("JSON-LD's sameAs lists each address once, when the resource's url is its DOI's or its arXiv id's address")
    func sameAsOnce() throws {
        var (path, text) = TestSite.resource("efn", type: "paper", extra: "arxiv: 1810.05165\ndoi: 10.1007/JHEP01(2019)121")
        text = text.replacingOccurrences(of: "url: https://example.org/efn", with: "url: https://arxiv.org/abs/1810.05165")
        let site = try TestSite([path: text, TestSite.breakout("agentic-ai").0: TestSite.breakout("agentic-ai").1], theme: try shippedTheme())
        defer { site.cleanUp() }
        #expect(!site.build().hasErrors)
        let jsonLD = try #require(MarkupAudit(html: try site.read("resources/efn/index.html")).dataBlocks.first)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(jsonLD.utf8)) as? [String: Any])
        #expect(object["sameAs"] as? [String] == ["https://arxiv.org/abs/1810.05165", "https://doi.org/10.1007/JHEP01(2019)121"])
    }

    @Test("Two resources with one identifier, however spelled, are an error at the second's field naming the first file")
    func duplicates() throws {
        let site = try TestSite(.init(files:
            TestSite.breakout("agentic-ai"),
            TestSite.resource("efn", type: "paper", extra: "arxiv: 1810.05165\ndoi: 10.1007/JHEP01(2019)121"),
            TestSite.resource("energy-flow", type: "paper", extra: "date: 2019-01-01\narxiv: 1810.05165v3\ndoi: 10.1007/jhep01(2019)121"),
            TestSite.resource("other", type: "paper", extra: "arxiv: 1810.05166")))
        defer { site.cleanUp() }
        let found = site.build(output: nil).diagnostics("resource.duplicate-identifier")
        #expect(found.count == 2)
        #expect(found.map(\.message) == [
            "this resource has the arXiv of content/resources/efn.md ('1810.05165'): both would list the same work",
            "this resource has the DOI of content/resources/efn.md ('10.1007/JHEP01(2019)121'): both would list the same work",
        ])
        #expect(found.allSatisfy { $0.file == "content/resources/energy-flow.md" })
        #expect(found.map(\.line) == [8, 9] && found.allSatisfy { $0.column == 1 })
        #expect(found.first?.fix == "keep one of the two files, moving what this one adds into it, or correct the arXiv")
    }

    @Test("Search finds a resource by an author's name and by its arXiv number and DOI")
    func searchLabels() throws {
        let text = "---\ntitle: ParticleNet\nsummary: Jets as particle clouds.\ntype: paper\nurl: https://arxiv.org/abs/1902.08570\nareas: [x]\n"
            + Self.everyScheme + "\n---\n\nBody.\n"
        let page = try loadedResource("particlenet", text)
        let terms = SearchIndex.entries(of: page)
        for term in ["gouskos", "huilin", "1902", "08570", "physrevd", "056019", "2019gqs", "9780306406157"] {
            #expect(terms[term] != nil, "\(term) in \(terms.keys.sorted())")
        }
        let tutorial = Page(kind: .tutorial, id: page.id, sourcePath: page.sourcePath, source: page.source, outputDirectory: "tutorials/particlenet",
                            frontMatter: page.frontMatter, bodyFirstLine: page.bodyFirstLine)
        #expect(SearchIndex.entries(of: tutorial)["gouskos"] == nil, "only a resource's authors are its labels")
    }
}
