import Foundation
@testable import PortalCore
import PortalTestSupport
import Testing

/// A search answer shaped as INSPIRE's documented one (`hits.hits[].metadata`, the `hep` schema),
/// for two real papers; the record numbers are stand-ins, as the test never asks INSPIRE.
private let recorded = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/inspire/search.json")

@Suite("INSPIRE lookups for the curator's report")
struct InspireLookupTests {
    private func site() throws -> TestSite {
        try TestSite(.init(files:
            TestSite.breakout("agentic-ai"),
            TestSite.resource("particlenet", type: "paper", extra: "arxiv: \"1902.08570v2\""),
            TestSite.resource("baldi", type: "paper", extra: "arxiv: \"1402.4735\"\ndoi: 10.1038/ncomms5308\ninspire: Baldi:2014kfa"),
            TestSite.resource("unknown", type: "paper", extra: "arxiv: \"2501.00001\""),
            TestSite.resource("jetclass", type: "dataset", extra: "zenodo: \"6619768\"")
        ))
    }

    @Test("Identifiers are asked in batches joined by 'or', within the rate limit; the answers become the cache, with what matched nothing")
    func lookup() throws {
        let site = try site()
        defer { site.cleanUp() }
        var options = site.options()
        options.today = "2026-12-05"
        var asked: [String] = []
        var pauses: [Double] = []
        let answer = try Data(contentsOf: recorded)
        let (report, found, count) = try SiteBuilder(options: options).lookUpOnInspire(InspireLookup(api: "http://inspire.test/api/", batchSize: 2), fetch: { url in
            asked.append(url)
            return (200, answer)
        }, pause: { pauses.append($0) })
        #expect(!report.hasErrors, "\(report.summary)")
        #expect(count == 5, "baldi's texkey, arXiv number and DOI, and two arXiv numbers; not a Zenodo DOI")
        #expect(asked.count == 3 && pauses.isEmpty)
        #expect(asked.allSatisfy { $0.hasPrefix("http://inspire.test/api/literature?q=") && $0.contains("&size=") && $0.contains("&fields=control_number,") })
        let queries = asked.map { URLComponents(string: $0)?.queryItems?.first { $0.name == "q" }?.value }
        #expect(queries.contains("texkey \"Baldi:2014kfa\" or arxiv:1402.4735"), "\(queries)")
        #expect(queries.contains { $0?.contains("arxiv:1902.08570") == true }, "asked without the version")
        let cache = try #require(found)
        #expect(cache.fetched == "2026-12-05")
        #expect(cache.records.map(\.recid) == [9000001, 9000002])
        #expect(cache.records[0] == InspireCache.Record(recid: 9000001, texkey: "Qu:2019gqs", title: "ParticleNet: Jet Tagging via Particle Clouds", arxiv: "1902.08570",
                                                        dois: ["10.1103/PhysRevD.101.056019"], journal: "Phys.Rev.D 101 (2020) 056019", citations: 412))
        #expect(cache.notFound == ["arxiv:2501.00001"])
        // The file reads back, and is stable: sorted keys, one record after the other.
        #expect(try InspireCache.decode(cache.encoded()) == cache)
        #expect(String(decoding: try cache.encoded(), as: UTF8.self).hasPrefix("{\n  \"fetched\" : \"2026-12-05\",\n  \"notFound\" : [\n    \"arxiv:2501.00001\"\n  ],\n"))
    }

    @Test("A 429 waits for the window and asks again; another status is an error naming it")
    func rateLimit() throws {
        let lookup = InspireLookup(api: "http://inspire.test/api")
        var statuses = [429, 200]
        var pauses: [Double] = []
        let answer = try Data(contentsOf: recorded)
        let cache = try lookup.run([InspireTerm(kind: .arxiv, value: "1902.08570")], today: "2026-12-05", fetch: { _ in (statuses.removeFirst(), answer) },
                                   pause: { pauses.append($0) })
        #expect(pauses == [InspireLookup.window] && cache.records.count == 2)
        #expect(throws: InspireLookup.Failure.self) {
            try lookup.run([InspireTerm(kind: .arxiv, value: "1")], today: "2026-12-05", fetch: { _ in (500, Data()) }, pause: { _ in })
        }
        #expect(throws: InspireLookup.Failure.self) {
            try lookup.run([InspireTerm(kind: .arxiv, value: "1")], today: "2026-12-05", fetch: { _ in (200, Data("{\"hits\": 3}".utf8)) }, pause: { _ in })
        }
    }

    @Test("A resource finds its record by its first identifier a record answers to: record number, texkey, arXiv number, or DOI in any case")
    func lookupByIdentifier() {
        func record(_ recid: Int, texkey: String? = nil, arxiv: String? = nil, dois: [String] = []) -> InspireCache.Record {
            InspireCache.Record(recid: recid, texkey: texkey, title: nil, arxiv: arxiv, dois: dois, journal: nil, citations: nil)
        }
        let cache = InspireCache(fetched: "2026-12-05", records: [record(3, texkey: "B:2020b", dois: ["10.1/B"]), record(1, texkey: "A:2019a", arxiv: "1902.08570", dois: ["10.1/A"]),
                                                                   record(2, arxiv: "1902.08570")], notFound: [])
        let lookup = InspireCache.Lookup(cache)
        func found(_ terms: [(InspireTerm.Kind, String)]) -> Int? { lookup.record(for: terms.map { InspireTerm(kind: $0.0, value: $0.1) })?.recid }
        #expect(found([(.recid, "3")]) == 3)
        #expect(found([(.texkey, "A:2019a")]) == 1)
        #expect(found([(.doi, "10.1/b")]) == 3, "DOIs without regard to case")
        // Two records with one arXiv number: the lower record number, as the file lists them.
        #expect(found([(.arxiv, "1902.08570")]) == 1)
        // The first identifier that names a record decides.
        #expect(found([(.texkey, "Nobody:2000"), (.doi, "10.1/B"), (.recid, "1")]) == 3)
        #expect(found([(.texkey, "Nobody:2000"), (.arxiv, "2501.00001")]) == nil)
    }

    @Test("The report lists identifiers INSPIRE knows, titles that differ, identifiers it does not know and resources not asked about")
    func report() throws {
        let site = try site()
        defer { site.cleanUp() }
        let cache = try InspireCache(fetched: "2026-12-05", records: InspireLookup.records(in: Data(contentsOf: recorded)), notFound: ["arxiv:2501.00001"])
        try site.write(TestSite.resource("later", type: "paper", extra: "arxiv: \"2301.00002\"").1, to: "content/resources/later.md")
        let (report, resources) = SiteBuilder(options: site.options()).resourcesReport(inspire: cache)
        #expect(!report.hasErrors, "\(report.summary)")
        func entries(_ title: String) -> [String] {
            resources.sections.first { $0.title == title }?.entries.map { "\($0.file) \($0.detail ?? "")" } ?? ["no section"]
        }
        #expect(entries("Identifiers INSPIRE knows") == ["content/resources/particlenet.md doi: 10.1103/PhysRevD.101.056019; inspire: Qu:2019gqs (Phys.Rev.D 101 (2020) 056019)"])
        // The fixtures' titles are "Resource ID".
        #expect(entries("Titles that differ from INSPIRE's") == ["content/resources/baldi.md INSPIRE: Searching for Exotic Particles in High-Energy Physics with Deep Learning",
                                                                 "content/resources/particlenet.md INSPIRE: ParticleNet: Jet Tagging via Particle Clouds"])
        #expect(entries("Not found on INSPIRE") == ["content/resources/unknown.md arxiv:2501.00001"])
        #expect(entries("Not looked up on INSPIRE") == ["content/resources/later.md "])
        #expect(resources.text.contains("INSPIRE: 2 records looked up on 2026-12-05\n"))
        let (_, without) = SiteBuilder(options: site.options()).resourcesReport()
        #expect(!without.sections.contains { $0.title.contains("INSPIRE") } && without.inspireNote?.contains("portal inspire") == true)
    }
}
