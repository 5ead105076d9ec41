import Foundation
@testable import PortalCore
import PortalTestSupport
import Testing

/// The tools of `portal mcp` without the protocol: what each returns from a build of the content,
/// and the error each bad argument gets (its argument named, the closest value suggested).
@Suite("Knowledge tools")
struct KnowledgeToolsTests {
    /// A small portal: two areas, a series of two tutorials (one the other's prerequisite), two
    /// resources, two steps and a tutorial citing a resource.
    static let files: [String: String] = .init(files:
        TestSite.breakout("agentic-ai", number: 1, title: "Agentic AI"),
        TestSite.breakout("open-data", number: 2, title: "Open data"),
        ("content/tutorials/agents/_series.md", "---\ntitle: Agents series\nsummary: Two parts.\nlevel: beginner\n---\n\nThe series.\n"),
        ("content/tutorials/tools.md", "---\ntitle: Calorimeter tools for agents\nsummary: Give an agent tools.\nlevel: beginner\nseries: agents\npart: 1\nduration: 30 min\nareas: [agentic-ai]\nauthors: [A]\ndate: 2026-06-01\ntags: [agents, calorimeter]\n---\n\nTools read the calorimeter. See [the dataset](../resources/opendata.md).\n"),
        ("content/tutorials/loops.md", "---\ntitle: Agent loops\nsummary: Loop an agent.\nlevel: advanced\nseries: agents\npart: 2\nduration: 45 min\nareas: [agentic-ai, open-data]\nauthors: [A]\ndate: 2026-06-02\nprerequisites: [tools]\ntags: [agents]\n---\n\nA loop calls tools again.\n"),
        TestSite.resource("opendata", type: "dataset", areas: ["open-data"], extra: "tags: [open-data]\ncategory: Data/Collider"),
        TestSite.resource("agent-kit", type: "agent", areas: ["agentic-ai"], extra: "tags: [agents]\ncategory: Software\nkind: mcp-server\ntransport: [stdio]"),
        TestSite.step("orient", number: 1, extra: "tutorials: [tools]"),
        TestSite.step("practise", number: 2, extra: "resources: [opendata]"))

    /// The tools over a build of `files`.
    static func tools(_ files: [String: String] = files) throws -> (KnowledgeTools, TestSite) {
        let site = try TestSite(files)
        let (knowledge, diagnostics) = KnowledgeBuilder(options: site.options(output: nil)).run()
        let made = try #require(knowledge, "\(diagnostics.map(\.description).joined(separator: "\n"))")
        return (KnowledgeTools(knowledge: made), site)
    }

    /// The ids (catalog keys) of a list of cards.
    static func ids(_ value: KnowledgeValue?) -> [String] { (value?.arrayValue ?? []).compactMap { $0["id"]?.stringValue } }

    /// The error a call throws.
    static func error(_ tools: KnowledgeTools, _ name: String, _ arguments: [String: KnowledgeValue]) -> ToolArgumentError? {
        do {
            _ = try tools.call(name, arguments)
            return nil
        } catch {
            return error
        }
    }

    @Test("search: a title's word ranks its page first; each result has its kind, title, summary, address, resource address and a snippet around the word")
    func searchResults() throws {
        let (tools, site) = try Self.tools()
        defer { site.cleanUp() }
        let result = try tools.call("search", ["query": "calorimeter"])
        let first = try #require(result["results"]?.arrayValue?.first)
        #expect(first["id"] == "tutorial/tools")
        #expect(first["kind"] == "tutorial")
        #expect(first["title"] == "Calorimeter tools for agents")
        #expect(first["summary"] == "Give an agent tools.")
        #expect(first["url"] == "tutorials/tools/index.html")
        #expect(first["uri"] == "portal://tutorials/tools")
        #expect(first["snippet"]?.stringValue?.contains("calorimeter") == true)
        #expect(result["total"] == 1)
    }

    @Test("search: the last word matches the words it starts, a misspelt word is corrected, and the filters and limit narrow the results")
    func searchFiltersAndPrefixes() throws {
        let (tools, site) = try Self.tools()
        defer { site.cleanUp() }
        #expect(Self.ids(try tools.call("search", ["query": "calori"])["results"]) == ["tutorial/tools"])
        let corrected = try tools.call("search", ["query": "calorimetr"])
        #expect(corrected["corrected_query"] == "calorimeter")
        #expect(Self.ids(corrected["results"]) == ["tutorial/tools"])
        let agents = Self.ids(try tools.call("search", ["query": "agent"])["results"])
        #expect(agents.count > 2)
        #expect(Self.ids(try tools.call("search", ["query": "agent", "kind": "resource"])["results"]) == ["resource/agent-kit"])
        #expect(Self.ids(try tools.call("search", ["query": "agent", "area": "open-data"])["results"]).allSatisfy { ["tutorial/loops", "breakout/open-data", "series/agents"].contains($0) })
        #expect(!Self.ids(try tools.call("search", ["query": "agent", "tag": "agents"])["results"]).contains("breakout/agentic-ai"))
        #expect(try tools.call("search", ["query": "agent", "limit": 1])["results"]?.arrayValue?.count == 1)
    }

    /// A call with a bad argument, and the error it must get.
    struct BadCall: Sendable, CustomTestStringConvertible {
        let tool: String
        let arguments: [String: KnowledgeValue]
        let argument: String
        let message: String
        let suggestion: String?
        var testDescription: String { "\(tool) \(argument): \(message)" }
    }

    static let badCalls: [BadCall] = [
        BadCall(tool: "search", arguments: ["limit": .integer(3)], argument: "query", message: "is required", suggestion: nil),
        BadCall(tool: "search", arguments: ["query": "  "], argument: "query", message: "must not be empty", suggestion: nil),
        BadCall(tool: "search", arguments: ["query": .integer(3)], argument: "query", message: "must be a string", suggestion: nil),
        BadCall(tool: "search", arguments: ["query": "x", "limit": .integer(0)], argument: "limit", message: "must be between 1 and 50, not 0", suggestion: nil),
        BadCall(tool: "search", arguments: ["query": "x", "limit": .double(2.5)], argument: "limit", message: "must be a whole number", suggestion: nil),
        BadCall(tool: "search", arguments: ["query": "x", "kind": "tutorail"], argument: "kind", message: "'tutorail' is not one of", suggestion: "tutorial"),
        BadCall(tool: "search", arguments: ["query": "x", "area": "agentic"], argument: "area", message: "'agentic' is not one of", suggestion: nil),
        BadCall(tool: "search", arguments: ["query": "x", "area": "agentic-a"], argument: "area", message: "'agentic-a' is not one of", suggestion: "agentic-ai"),
        BadCall(tool: "search", arguments: ["qurey": "x"], argument: "qurey", message: "unknown argument", suggestion: "query"),
        BadCall(tool: "get_page", arguments: ["id": "tutorial/tols"], argument: "id", message: "no page is named 'tutorial/tols'", suggestion: "tutorial/tools"),
        BadCall(tool: "get_page", arguments: [:], argument: "id", message: "is required", suggestion: nil),
        BadCall(tool: "related", arguments: ["id": "opendat"], argument: "id", message: "no page is named 'opendat'", suggestion: "opendata"),
        BadCall(tool: "list_resources", arguments: ["type": "datset"], argument: "type", message: "'datset' is not one of", suggestion: "dataset"),
        BadCall(tool: "list_resources", arguments: ["category": "Softwar"], argument: "category", message: "'Softwar' is not one of", suggestion: "Software"),
        BadCall(tool: "list_resources", arguments: ["kind": "mcp-sever"], argument: "kind", message: "'mcp-sever' is not one of", suggestion: "mcp-server"),
        BadCall(tool: "list_tutorials", arguments: ["level": "expert"], argument: "level", message: "'expert' is not one of", suggestion: nil),
        BadCall(tool: "list_tutorials", arguments: ["series": "agent"], argument: "series", message: "'agent' is not one of", suggestion: "agents"),
        BadCall(tool: "starter_kit", arguments: ["id": "x"], argument: "id", message: "this tool takes no arguments", suggestion: nil),
        BadCall(tool: "serch", arguments: [:], argument: "name", message: "no tool is named 'serch'", suggestion: "search"),
    ]

    @Test("Bad arguments name the argument, say what is wrong and suggest the closest value", arguments: badCalls)
    func badArguments(call: BadCall) throws {
        let (tools, site) = try Self.tools()
        defer { site.cleanUp() }
        let error = try #require(Self.error(tools, call.tool, call.arguments))
        #expect(error.argument == call.argument)
        #expect(error.message.contains(call.message), "\(error.message)")
        #expect(error.suggestion == call.suggestion)
        #expect(error.description.hasPrefix("argument '\(call.argument)': "))
    }

    @Test("An id two written pages share is refused with both keys, a generated tag page gives way; a catalog key or resource address names either")
    func ambiguousID() throws {
        let (tools, site) = try Self.tools(Self.files.merging(.init(files: TestSite.resource("tools")), uniquingKeysWith: { _, new in new }))
        defer { site.cleanUp() }
        let error = try #require(Self.error(tools, "get_page", ["id": "tools"]))
        #expect(error.argument == "id")
        #expect(error.message == "'tools' names 2 pages; give its kind too: resource/tools, tutorial/tools")
        #expect(try tools.call("get_page", ["id": "resource/tools"])["kind"] == "resource")
        #expect(try tools.call("get_page", ["id": "portal://tutorials/tools"])["kind"] == "tutorial")
        // The tag 'agents' gives way to the series an editor wrote.
        #expect(try tools.call("get_page", ["id": "agents"])["id"] == "series/agents")
        #expect(try tools.call("get_page", ["id": "tag/agents"])["kind"] == "tag")
    }

    @Test("get_page returns the Markdown twin, links to other twins, and the front-matter fields")
    func getPage() throws {
        let (tools, site) = try Self.tools()
        defer { site.cleanUp() }
        let page = try tools.call("get_page", ["id": "tools"])
        #expect(page["id"] == "tutorial/tools")
        #expect(page["front_matter"]?["level"] == "beginner")
        #expect(page["front_matter"]?["tags"] == ["agents", "calorimeter"])
        let markdown = try #require(page["markdown"]?.stringValue)
        #expect(markdown.hasPrefix("---\ntitle: Calorimeter tools for agents\nkind: Tutorial\n"))
        #expect(markdown.contains("# Calorimeter tools for agents\n\nTools read the calorimeter. See [the dataset](../../resources/opendata/index.md)."))
    }

    @Test("related gives prerequisites, what requires a page, its series, areas, backlinks and citations in both directions")
    func related() throws {
        let (tools, site) = try Self.tools()
        defer { site.cleanUp() }
        let loops = try tools.call("related", ["id": "loops"])
        #expect(Self.ids(loops["prerequisites"]) == ["tutorial/tools"])
        #expect(Self.ids(loops["areas"]) == ["breakout/agentic-ai", "breakout/open-data"])
        #expect(Self.ids(loops["series_page"]) == ["series/agents"])
        #expect(Set(Self.ids(loops["series"])) == ["tutorial/tools", "tutorial/loops"])
        #expect(Self.ids(try tools.call("related", ["id": "tools"])["required_by"]) == ["tutorial/loops"])
        let dataset = try tools.call("related", ["id": "opendata"])
        #expect(Self.ids(dataset["cited_by"]).contains("tutorial/tools"))
        #expect(Self.ids(dataset["backlinks"]).contains("tutorial/tools"))
    }

    @Test("list_resources filters by type, area, tag and category (a category keeps those below it)")
    func listResources() throws {
        let (tools, site) = try Self.tools()
        defer { site.cleanUp() }
        #expect(Self.ids(try tools.call("list_resources", [:])["resources"]) == ["resource/agent-kit", "resource/opendata"])
        #expect(Self.ids(try tools.call("list_resources", ["type": "dataset"])["resources"]) == ["resource/opendata"])
        #expect(Self.ids(try tools.call("list_resources", ["area": "agentic-ai"])["resources"]) == ["resource/agent-kit"])
        #expect(Self.ids(try tools.call("list_resources", ["tag": "open-data"])["resources"]) == ["resource/opendata"])
        #expect(Self.ids(try tools.call("list_resources", ["category": "Data"])["resources"]) == ["resource/opendata"])
        let first = try #require(try tools.call("list_resources", ["type": "agent"])["resources"]?.arrayValue?.first)
        #expect(first["link"] == "https://example.org/agent-kit")
        #expect(first["category"] == "Software")
        #expect(first["kind"] == "mcp-server" && first["transport"] == .array(["stdio"]))
        #expect(Self.ids(try tools.call("list_resources", ["kind": "mcp-server"])["resources"]) == ["resource/agent-kit"])
        #expect(Self.ids(try tools.call("list_resources", ["kind": "skill"])["resources"]) == [])
        #expect(Self.ids(try tools.call("list_resources", ["transport": "stdio"])["resources"]) == ["resource/agent-kit"])
    }

    @Test("list_tutorials filters by level, area and series, and gives each tutorial's prerequisites")
    func listTutorials() throws {
        let (tools, site) = try Self.tools()
        defer { site.cleanUp() }
        #expect(Self.ids(try tools.call("list_tutorials", ["level": "advanced"])["tutorials"]) == ["tutorial/loops"])
        #expect(Self.ids(try tools.call("list_tutorials", ["area": "open-data"])["tutorials"]) == ["tutorial/loops"])
        let series = try tools.call("list_tutorials", ["series": "agents"])["tutorials"]
        #expect(Set(Self.ids(series)) == ["tutorial/loops", "tutorial/tools"])
        let loops = try #require(series?.arrayValue?.first { $0["id"] == "tutorial/loops" })
        #expect(Self.ids(loops["prerequisites"]) == ["tutorial/tools"])
        #expect(loops["duration_minutes"] == 45)
    }

    @Test("starter_kit lists the steps in path order with their tutorials and resources; breakouts gather what names them")
    func starterKitAndBreakouts() throws {
        let (tools, site) = try Self.tools()
        defer { site.cleanUp() }
        let steps = try #require(try tools.call("starter_kit", [:])["steps"]?.arrayValue)
        #expect(steps.map { $0["id"] } == ["step/orient", "step/practise"])
        #expect(steps.map { $0["step"] } == [1, 2])
        #expect(Self.ids(steps[0]["tutorials"]) == ["tutorial/tools"])
        #expect(Self.ids(steps[1]["resources"]) == ["resource/opendata"])
        let breakouts = try #require(try tools.call("breakouts", [:])["breakouts"]?.arrayValue)
        #expect(Self.ids(.array(breakouts)) == ["breakout/agentic-ai", "breakout/open-data"])
        #expect(breakouts[0]["theme"] == "A theme.")
        #expect(Set(Self.ids(breakouts[1]["tutorials"])) == ["tutorial/loops"])
        #expect(Self.ids(breakouts[1]["resources"]) == ["resource/opendata"])
    }

    @Test("Every tool has an object schema for its input and its output, whose required members its results hold")
    func schemas() throws {
        let (tools, site) = try Self.tools()
        defer { site.cleanUp() }
        let calls: [String: [String: KnowledgeValue]] = ["search": ["query": "agent"], "get_page": ["id": "tools"], "related": ["id": "tools"]]
        for tool in KnowledgeTool.all {
            #expect(tool.inputSchema["type"] == "object")
            #expect(tool.outputSchema["type"] == "object")
            let result = try tools.call(tool.name, calls[tool.name] ?? [:])
            for required in tool.outputSchema["required"]?.strings ?? [] {
                #expect(result[required] != nil, "\(tool.name) lacks \(required)")
            }
        }
    }
}
