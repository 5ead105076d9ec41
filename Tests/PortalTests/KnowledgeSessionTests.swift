import Foundation
@testable import PortalCore
import PortalTestSupport
import Testing

/// The package folder, found from this file's path.
private let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// `KnowledgeSession`, what `portal mcp` serves: built when first asked, built again after an edit,
/// every page a resource, and the search ranked as the site's.
@Suite("Knowledge session")
struct KnowledgeSessionTests {
    @Test("An edit, an added page and a removed page are seen by the next call")
    func editsAreSeen() throws {
        let site = try TestSite(KnowledgeToolsTests.files)
        defer { site.cleanUp() }
        let session = KnowledgeSession(options: site.options(output: nil))
        #expect(try session.call("get_page", arguments: ["id": "opendata"])["title"] == "Resource opendata")
        let (path, text) = TestSite.resource("opendata", type: "dataset", areas: ["open-data"], extra: "tags: [open-data]\ncategory: Data/Collider")
        try site.write(text.replacingOccurrences(of: "title: Resource opendata", with: "title: Renamed dataset"), to: path)
        #expect(try session.call("get_page", arguments: ["id": "opendata"])["title"] == "Renamed dataset")
        let added = TestSite.resource("fresh")
        try site.write(added.1, to: added.0)
        #expect(try session.call("search", arguments: ["query": "fresh"])["total"] == 1)
        try site.remove(added.0)
        #expect(throws: ToolArgumentError.self) { try session.call("get_page", arguments: ["id": "fresh"]) }
    }

    @Test("Content that does not build gives its errors, as portal check reports them, and no answer")
    func contentErrors() throws {
        let site = try TestSite(KnowledgeToolsTests.files.merging(.init(files: TestSite.step("broken", number: 3, extra: "tutorials: [nowhere]")), uniquingKeysWith: { _, new in new }))
        defer { site.cleanUp() }
        let session = KnowledgeSession(options: site.options(output: nil))
        let problems = try #require(throws: ContentProblems.self) { try session.call("breakouts", arguments: [:]) }
        let first = try #require(problems.diagnostics.first)
        #expect(first.file == "content/starter-kit/broken.md")
        #expect(first.line == 5)
        #expect(first.message.contains("there is no tutorial with the id 'nowhere'"))
        #expect(problems.description.hasPrefix("the content has 1 error (run `portal check`): content/starter-kit/broken.md:5:"))
    }

    @Test("Every page is a resource at portal://SECTION/ID whose text is its Markdown twin; an unknown address suggests the closest")
    func resources() throws {
        let site = try TestSite(KnowledgeToolsTests.files)
        defer { site.cleanUp() }
        let session = KnowledgeSession(options: site.options(output: nil))
        let resources = try session.resources()
        let uris = Set(resources.map(\.uri))
        for uri in ["portal://tutorials/tools", "portal://resources/opendata", "portal://breakouts/agentic-ai", "portal://starter-kit/orient", "portal://index"] {
            #expect(uris.contains(uri), "\(uri)")
        }
        #expect(resources.first { $0.uri == "portal://tutorials/tools" }?.name == "tutorial/tools")
        #expect(try session.read(uri: "portal://tutorials/tools").contains("# Calorimeter tools for agents"))
        let error = try #require(throws: ToolArgumentError.self) { try session.read(uri: "portal://tutorials/tool") }
        #expect(error.argument == "uri")
        #expect(error.suggestion == "portal://tutorials/tools")
    }

    @Test("--site: a built site's catalog.json, twins and search index give the answers the content gives, and a rebuild is seen")
    func builtSite() throws {
        let site = try TestSite(KnowledgeToolsTests.files)
        defer { site.cleanUp() }
        #expect(!site.build().hasErrors)
        let fromContent = KnowledgeSession(options: site.options(output: nil))
        let fromSite = KnowledgeSession(site: site.root.appendingPathComponent("_site"))
        let calls: [(String, [String: KnowledgeValue])] = [
            ("search", ["query": "agent"]), ("search", ["query": "calorimetr"]), ("search", ["query": "agent loop", "kind": "tutorial"]),
            ("get_page", ["id": "tools"]), ("related", ["id": "loops"]), ("list_resources", ["category": "Data"]),
            ("list_tutorials", ["series": "agents"]), ("starter_kit", [:]), ("breakouts", [:]),
        ]
        for (tool, arguments) in calls {
            // Snippets come from the index's 600 characters of text rather than the whole body.
            let expected = Self.withoutSnippets(try fromContent.call(tool, arguments: arguments))
            let got = Self.withoutSnippets(try fromSite.call(tool, arguments: arguments))
            #expect(got == expected, "\(tool) \(arguments)")
        }
        #expect(try fromSite.resources().map(\.uri) == (try fromContent.resources().map(\.uri)))
        let (path, text) = TestSite.resource("opendata", type: "dataset", areas: ["open-data"], extra: "tags: [open-data]\ncategory: Data/Collider")
        try site.write(text.replacingOccurrences(of: "title: Resource opendata", with: "title: Rebuilt dataset"), to: path)
        #expect(!site.build().hasErrors)
        #expect(try fromSite.call("get_page", arguments: ["id": "opendata"])["title"] == "Rebuilt dataset")
    }

    /// A search result without its snippets.
    static func withoutSnippets(_ value: KnowledgeValue) -> KnowledgeValue {
        guard var members = value.objectValue, let results = members["results"]?.arrayValue else { return value }
        members["results"] = .array(results.map { result -> KnowledgeValue in
            var fields = result.objectValue ?? [:]
            fields["snippet"] = nil
            return .object(fields)
        })
        return .object(members)
    }

    @Test("catalog.json names the server (its command, resource template and tools) and llms.txt points to it")
    func catalogueLinksToServer() throws {
        let site = try TestSite(KnowledgeToolsTests.files)
        defer { site.cleanUp() }
        #expect(!site.build().hasErrors)
        let catalog = try JSONDecoder().decode(KnowledgeValue.self, from: Data(try site.read("catalog.json").utf8))
        let mcp = try #require(catalog["site"]?["mcp"])
        #expect(mcp["command"] == "portal mcp --site .")
        #expect(mcp["resource_template"]?.stringValue == KnowledgeSession.resourceTemplate.uriTemplate)
        #expect(mcp["tools"]?.strings == KnowledgeTool.all.map(\.name))
        #expect(try site.read("llms.txt").contains("`portal mcp` serves each page as the resource `portal://` and the folder of its address"))
    }

    @Test("--site on a folder that is not a built site says which file is missing")
    func notASite() throws {
        let folder = TemporaryFolders.make("portal-not-a-site")
        defer { try? FileManager.default.removeItem(at: folder) }
        let problems = try #require(throws: ContentProblems.self) { try KnowledgeSession(site: folder).call("breakouts", arguments: [:]) }
        #expect(problems.diagnostics.first?.id == "mcp.site-unreadable")
        #expect(problems.description == "catalog.json cannot be read: is \(folder.path) a site portal built?")
    }

    @Test("A one-word query's score is idf × the score the site's search index stores for the word, and ties go in title order")
    func scoresAreTheIndexs() throws {
        let site = try TestSite(.init(files: TestSite.breakout("agentic-ai"),
                                      TestSite.tutorial("zeta", body: "Calorimeter.\n"), TestSite.tutorial("alpha", body: "Calorimeter.\n"),
                                      TestSite.tutorial("beta", body: "Calorimeter calorimeter and a much longer body about other things.\n")))
        defer { site.cleanUp() }
        #expect(!site.build().hasErrors)
        let shard = try site.read("search/terms-ca.js")
        let json = try #require(shard.split(separator: ",", maxSplits: 1).last.map { String($0.dropLast(3)) })
        let postings = try #require(try JSONDecoder().decode([String: [Int]].self, from: Data(json.utf8))["calorimeter"])
        let stored = stride(from: 1, to: postings.count, by: 3).map { postings[$0] }
        let meta = try site.read("search/meta.js")
        let match = try #require(meta.firstMatch(of: /"documents":(\d+)/))
        let documents = try #require(Int(match.1))
        let idf = log(1 + (Double(documents) - 3 + 0.5) / (3 + 0.5))

        let (knowledge, _) = KnowledgeBuilder(options: site.options(output: nil)).run()
        let built = try #require(knowledge)
        let result = try KnowledgeTools(knowledge: built).call("search", ["query": "calorimeter"])
        let hits = try #require(result["results"]?.arrayValue)
        let scores = hits.compactMap { hit -> Double? in if case .double(let value) = hit["score"] { value } else { nil } }
        // The tool rounds its scores to three decimals.
        let expected = stored.map { idf * Double($0) / 10 }.sorted()
        #expect(scores.count == expected.count)
        for (score, wanted) in zip(scores.sorted(), expected) { #expect(abs(score - wanted) < 0.001, "\(score) vs \(wanted)") }
        // alpha and zeta score alike: title order.
        let ids = KnowledgeToolsTests.ids(result["results"])
        let alpha = try #require(ids.firstIndex(of: "tutorial/alpha"))
        let zeta = try #require(ids.firstIndex(of: "tutorial/zeta"))
        #expect(alpha < zeta)
    }

    @Test("On the shipped portal, the queries of Tests/Browser/relevance.json find their page as search.js does (mean reciprocal rank at least 0.9)")
    func shippedRelevance() throws {
        struct Queries: Decodable {
            struct Query: Decodable { let query: String; let expected: String }
            let queries: [Query]
        }
        let queries = try JSONDecoder().decode(Queries.self, from: Data(contentsOf: packageRoot.appendingPathComponent("Tests/Browser/relevance.json"))).queries
        let session = KnowledgeSession(options: BuildOptions(contentDirectory: packageRoot.appendingPathComponent("content"),
                                                             templatesDirectory: packageRoot.appendingPathComponent("templates"),
                                                             outputDirectory: nil, workingDirectory: packageRoot))
        var total = 0.0
        var misses: [String] = []
        for query in queries {
            let urls = (try session.call("search", arguments: ["query": .string(query.query), "limit": 50])["results"]?.arrayValue ?? []).compactMap { $0["url"]?.stringValue }
            let rank = urls.firstIndex(of: query.expected).map { $0 + 1 }
            total += rank.map { 1 / Double($0) } ?? 0
            if rank != 1 { misses.append("\(query.query) → \(urls.first ?? "nothing")") }
        }
        let meanReciprocalRank = total / Double(queries.count)
        #expect(meanReciprocalRank >= 0.9, "MRR \(meanReciprocalRank); not first: \(misses.joined(separator: "; "))")
    }
}
