import Foundation
import PortalTestSupport
import Testing
import Yams
@testable import PortalCore

@Suite("Agents, skills and MCP servers as typed resources")
struct AgentResourceTests {
    /// An MCP server with every field, validated with a benchmark.
    private static let server = """
        kind: mcp-server
        install: "pip install portal-mcp"
        license: MIT OR Apache-2.0
        repository: https://github.com/example/portal-mcp
        maintainer: The Agentic AI breakout
        transport: [stdio, http]
        tools:
          - {name: search, description: "Finds pages by words, ranked as the site's search ranks them"}
          - name: get_page
            description: Returns a page's Markdown twin
        validated_with: [agent-bench]
        """

    private static func site() throws -> TestSite {
        try TestSite(.init(files: TestSite.breakout("agentic-ai"),
                           TestSite.resource("portal-mcp", type: "agent", extra: server),
                           TestSite.resource("agent-bench", type: "benchmark"),
                           TestSite.resource("plain-tool", type: "software", extra: "install: pip install plain-tool\nlicense: BSD-3-Clause")),
                     theme: try shippedTheme())
    }

    @Test("A malformed agent field is an error where it is written, saying what the field holds and how to fix it", arguments: [
        ("kind: skil", "'skil' is not a valid kind; it must be one of agent, skill, mcp-server, benchmark-harness", "did you mean 'skill'?", 7, 1),
        ("transport: [stdio, sse]", "'sse' is not a valid transport; it must be one of stdio, http", nil, 7, 20),
        ("license: Apache 2.0", "'Apache 2.0' is a licence written in words, not an SPDX identifier", "write 'Apache-2.0'", 7, 1),
        ("license: MIT and Apache-2.0", "'MIT and Apache-2.0': the operator 'and' must be written in capitals", "write 'AND'", 7, 1),
        ("license: MIT Apache-2.0", "'MIT Apache-2.0' is not an SPDX licence expression: two licences must be joined by AND or OR",
         "join them with OR (either may be chosen) or AND (both apply), or write 'MIT-Apache-2.0' if that is one identifier", 7, 1),
        ("license: (MIT OR BSD-3-Clause", "'(MIT OR BSD-3-Clause' has a '(' that is never closed",
         "write an SPDX identifier such as MIT, Apache-2.0, BSD-3-Clause or GPL-3.0-or-later (https://spdx.org/licenses/)", 7, 1),
        ("tools: [{name: read file, description: Reads a file}]", "the tool name 'read file' is not a name a client can call",
         "use at most 64 letters, digits, '_', '-', '.' and '/', without spaces, as the tool is named", 7, 16),
        ("tools: [{name: read_file}]", "each tool in 'tools' needs a 'name' and a one-line 'description'",
         "write it as '- {name: search, description: Finds pages by words}'", 7, 9),
        ("tools: [{name: a, description: x}, {name: a, description: y}]", "the tool 'a' is listed twice in 'tools'", "keep one of the two", 7, 43),
    ])
    func malformed(field: String, message: String, fix: String?, line: Int, column: Int) throws {
        let site = try TestSite(.init(files: TestSite.breakout("agentic-ai"), TestSite.resource("agent", type: "agent", extra: field)))
        defer { site.cleanUp() }
        let report = site.build(output: nil)
        let diagnostic = try #require(report.diagnostics.first { $0.severity == .error }, "\(report.summary)")
        #expect(report.diagnostics.filter { $0.severity == .error }.count == 1, "\(report.summary)")
        #expect(diagnostic.id == "frontmatter.bad-value" || diagnostic.id == "frontmatter.missing-field")
        #expect(diagnostic.message == message)
        #expect(diagnostic.fix == fix)
        #expect(diagnostic.file == "content/resources/agent.md" && diagnostic.line == line && diagnostic.column == column)
    }

    @Test("SPDX expressions with operators, exceptions, parentheses, '+' and LicenseRef are accepted", arguments: [
        "MIT", "Apache-2.0", "GPL-2.0-or-later OR MIT", "Apache-2.0 WITH LLVM-exception", "(MIT OR Apache-2.0) AND BSD-3-Clause",
        "LGPL-2.1+", "LicenseRef-Collaboration", "DocumentRef-spdx:LicenseRef-Custom", "GPL-3.0",
    ])
    func licences(text: String) {
        #expect(SPDXExpression.problem(in: text) == nil)
    }

    @Test("An agent's fields on a resource of another type are an error at each field, as its page would not show them")
    func agentFieldsElsewhere() throws {
        let site = try TestSite(.init(files: TestSite.breakout("agentic-ai"), TestSite.resource("lib", type: "software", extra: "kind: skill\ntools: [{name: a, description: b}]")))
        defer { site.cleanUp() }
        let found = site.build(output: nil).diagnostics("resource.agent-field")
        #expect(found.map(\.message) == ["'kind' is for agents, skills and MCP servers, and this resource's type is software",
                                          "'tools' is for agents, skills and MCP servers, and this resource's type is software"])
        #expect(found.map(\.line) == [7, 8] && found.allSatisfy { $0.column == 1 && $0.file == "content/resources/lib.md" })
        #expect(found.first?.fix == "set 'type: agent' if it is one, or remove 'kind'")
    }

    @Test("validated_with names benchmarks: another resource is an error at its item, an unknown id gets the closest")
    func validatedWith() throws {
        let site = try TestSite(.init(files: TestSite.breakout("agentic-ai"), TestSite.resource("lib", type: "software"), TestSite.resource("agent-bench", type: "benchmark"),
                                      TestSite.resource("agent", type: "agent", extra: "validated_with: [lib, agent-bnch]")))
        defer { site.cleanUp() }
        let report = site.build(output: nil)
        let wrongType = try #require(report.only("resource.not-a-benchmark"), "\(report.summary)")
        #expect(wrongType.message == "'lib' in 'validated_with' is a resource of type software, not a benchmark")
        #expect(wrongType.fix == "name the benchmark the agent was checked against, or set 'type: benchmark' on lib")
        #expect(wrongType.line == 7 && wrongType.column == 18)
        let unknown = try #require(report.only("reference.unknown"), "\(report.summary)")
        #expect(unknown.message == "there is no resource with the id 'agent-bnch' (named in 'validated_with')")
        #expect(unknown.fix == "did you mean 'agent-bench'?")
        #expect(unknown.line == 7 && unknown.column == 23)
    }

    @Test("The page shows kind, licence, maintainer, repository, install command, transports, tools and benchmarks; the benchmark lists the agent")
    func page() throws {
        let site = try Self.site()
        defer { site.cleanUp() }
        let report = site.build()
        #expect(!report.hasErrors, "\(report.summary)")
        let html = try site.read("resources/portal-mcp/index.html")
        for expected in ["<dt>Kind</dt>\n        <dd>MCP server</dd>", "<dd>MIT OR Apache-2.0</dd>", "<dd>The Agentic AI breakout</dd>",
                         "<a href=\"https://github.com/example/portal-mcp\" rel=\"external\">",
                         "<h2 id=\"use-this-resource\">Use it</h2>", "<pre><code>pip install portal-mcp</code></pre>",
                         "A client talks to it over <span class=\"resource-transport\">standard input and output (stdio)</span> or <span class=\"resource-transport\">HTTP</span>.",
                         "<tr><td><code>search</code></td><td>Finds pages by words, ranked as the site&#39;s search ranks them</td></tr>",
                         "<tr><td><code>get_page</code></td><td>Returns a page&#39;s Markdown twin</td></tr>",
                         "Validated with <a href=\"../../resources/agent-bench/index.html\">Resource agent-bench</a>."] {
            #expect(html.contains(expected), "\(expected)")
        }
        let benchmark = try site.read("resources/agent-bench/index.html")
        #expect(benchmark.contains("Agents validated with it <span class=\"count\">(1)</span>"))
        // Software shows its install command and licence, and no agent section beyond that.
        let software = try site.read("resources/plain-tool/index.html")
        #expect(software.contains("<pre><code>pip install plain-tool</code></pre>") && software.contains("<dd>BSD-3-Clause</dd>"))
        #expect(!software.contains("A client talks to it") && !software.contains("<dt>Kind</dt>"))
        // A resource with none of these fields has no section.
        #expect(!benchmark.contains("use-this-resource"))
    }

    @Test("Cards carry the agent's kind and transports for the filters; the index offers the two facets")
    func cards() throws {
        let site = try Self.site()
        defer { site.cleanUp() }
        #expect(!site.build().hasErrors)
        let index = try site.read("resources/index.html")
        #expect(index.contains("data-filters=\"type area category tag kind transport q\""))
        #expect(index.contains("data-agent-kind=\"mcp-server\" data-transport=\"stdio http\""))
        #expect(index.contains("<span class=\"card-fact card-fact--agent-kind\">MCP server</span>"))
        #expect(index.contains("data-facet=\"kind\"") && index.contains("data-facet=\"transport\""))
    }

    @Test("JSON-LD gives the repository, licence and maintainer; the twin's header keeps every field as YAML; the catalogue has the tools and benchmarks")
    func readers() throws {
        let site = try Self.site()
        defer { site.cleanUp() }
        #expect(!site.build().hasErrors)
        let jsonLD = try #require(MarkupAudit(html: try site.read("resources/portal-mcp/index.html")).dataBlocks.first)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(jsonLD.utf8)) as? [String: Any])
        #expect(object["codeRepository"] as? String == "https://github.com/example/portal-mcp")
        #expect(object["license"] as? [String: String] == ["@type": "CreativeWork", "name": "MIT OR Apache-2.0"])
        #expect((object["maintainer"] as? [String: Any])?["name"] as? String == "The Agentic AI breakout")

        let twin = try site.read("resources/portal-mcp/index.md")
        let header = try #require(twin.components(separatedBy: "---\n").dropFirst().first)
        let yaml = try #require(try Yams.load(yaml: header) as? [String: Any])
        #expect(yaml["kind"] as? String == "Resource" && yaml["agent_kind"] as? String == "mcp-server")
        #expect(yaml["install"] as? String == "pip install portal-mcp" && yaml["license"] as? String == "MIT OR Apache-2.0")
        #expect(yaml["transport"] as? [String] == ["stdio", "http"] && yaml["validated_with"] as? [String] == ["agent-bench"])
        let tools = try #require(yaml["tools"] as? [[String: String]])
        #expect(tools == [["name": "search", "description": "Finds pages by words, ranked as the site's search ranks them"],
                          ["name": "get_page", "description": "Returns a page's Markdown twin"]])

        let catalog = try #require(try JSONSerialization.jsonObject(with: Data(try site.read("catalog.json").utf8)) as? [String: Any])
        let pages = try #require(catalog["pages"] as? [[String: Any]])
        let entry = try #require(pages.first { $0["key"] as? String == "resource/portal-mcp" })
        let frontMatter = try #require(entry["front_matter"] as? [String: Any])
        #expect((frontMatter["tools"] as? [[String: String]])?.map { $0["name"] } == ["search", "get_page"])
        #expect(frontMatter["transport"] as? [String] == ["stdio", "http"])
        #expect((entry["references"] as? [String: Any])?["validated_with"] as? [String] == ["resource/agent-bench"])
    }
}
