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

@Suite("Skills shipped as page bundles, downloadable as one archive")
struct SkillArchiveTests {
    private static let skill = """
        ---
        title: A skill
        summary: Does one thing.
        type: agent
        kind: skill
        areas: [agentic-ai]
        ---

        Unpack it where your assistant looks for skills.

        """

    private static func site() throws -> TestSite {
        let site = try TestSite(.init(files: TestSite.breakout("agentic-ai"),
                                      ("content/resources/a-skill/index.md", skill),
                                      ("content/resources/a-skill/SKILL.md", "---\nname: a-skill\ndescription: Does one thing.\n---\n\nRun the script.\n"),
                                      ("content/resources/a-skill/scripts/run.sh", "#!/bin/sh\necho ünïcode\n"),
                                      ("content/resources/an-agent/index.md", skill.replacingOccurrences(of: "kind: skill", with: "kind: agent\nurl: https://example.org/agent")),
                                      ("content/resources/an-agent/diagram.txt", "not a skill's file\n")),
                                theme: try shippedTheme())
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: site.root.appendingPathComponent("content/resources/a-skill/scripts/run.sh").path)
        return site
    }

    /// The entries of a stored ZIP archive, read from its central directory: name, bytes, Unix mode.
    private static func entries(of archive: [UInt8]) throws -> [(name: String, bytes: [UInt8], mode: UInt32, crc: UInt32)] {
        func u16(_ at: Int) -> Int { Int(archive[at]) | Int(archive[at + 1]) << 8 }
        func u32(_ at: Int) -> UInt32 { (0..<4).reduce(0) { $0 | UInt32(archive[at + $1]) << (8 * UInt32($1)) } }
        let end = try #require((0...(archive.count - 22)).reversed().first { u32($0) == 0x0605_4B50 })
        var at = Int(u32(end + 16))
        var result: [(String, [UInt8], UInt32, UInt32)] = []
        for _ in 0..<u16(end + 10) {
            #expect(u32(at) == 0x0201_4B50)
            #expect(u16(at + 10) == 0, "stored")
            let size = Int(u32(at + 24)), nameLength = u16(at + 28), local = Int(u32(at + 42))
            let name = String(decoding: archive[(at + 46)..<(at + 46 + nameLength)], as: UTF8.self)
            let data = local + 30 + u16(local + 26) + u16(local + 28)
            result.append((name, Array(archive[data..<(data + size)]), u32(at + 38) >> 16, u32(at + 16)))
            at += 46 + nameLength + u16(at + 30) + u16(at + 32)
        }
        return result
    }

    @Test("CRC-32 gives the standard's check value")
    func crc() {
        #expect(ZipArchive.crc32(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(ZipArchive.crc32([]) == 0)
    }

    @Test("A skill bundle's files are packed in a folder named by its id, byte for byte, scripts kept executable, the same on every build")
    func archive() throws {
        let site = try Self.site()
        defer { site.cleanUp() }
        let report = site.build()
        #expect(!report.hasErrors, "\(report.summary)")
        let path = site.root.appendingPathComponent("_site/resources/a-skill/a-skill.zip")
        let archive = [UInt8](try Data(contentsOf: path))
        let found = try Self.entries(of: archive)
        #expect(found.map(\.name) == ["a-skill/SKILL.md", "a-skill/scripts/run.sh"])
        #expect(found.map { String(decoding: $0.bytes, as: UTF8.self) } == ["---\nname: a-skill\ndescription: Does one thing.\n---\n\nRun the script.\n", "#!/bin/sh\necho ünïcode\n"])
        #expect(found.map(\.mode) == [0o100644, 0o100755])
        #expect(found.allSatisfy { ZipArchive.crc32($0.bytes) == $0.crc })
        // The files are still copied one by one beside the page, and an agent that is not a skill gets no archive.
        #expect(site.exists("resources/a-skill/scripts/run.sh") && site.exists("resources/an-agent/diagram.txt"))
        #expect(!site.exists("resources/an-agent/an-agent.zip"))
        // Nothing in the archive depends on when it was built.
        #expect(!site.build().hasErrors)
        #expect([UInt8](try Data(contentsOf: path)) == archive)

        let html = try site.read("resources/a-skill/index.html")
        #expect(html.contains("<a class=\"button\" href=\"a-skill.zip\" download>Download the skill</a> <span class=\"resource-archive\">a-skill.zip, 2 files</span>"))
        #expect(html.contains("<li><code>SKILL.md</code></li>") && html.contains("<li><code>scripts/run.sh</code></li>"))
        // A skill that lives on its own page has no address elsewhere to go to.
        #expect(!html.contains("Go to the resource"))

        // The catalogue gives the archive's address, for agents that fetch the skill; other pages have none.
        let catalog = try #require(try JSONSerialization.jsonObject(with: Data(try site.read("catalog.json").utf8)) as? [String: Any])
        let entries = try #require(catalog["pages"] as? [[String: Any]])
        #expect(entries.first { $0["key"] as? String == "resource/a-skill" }?["download_url"] as? String == "resources/a-skill/a-skill.zip")
        #expect(entries.filter { $0["key"] as? String != "resource/a-skill" }.allSatisfy { $0["download_url"] is NSNull })
    }

    @Test("A skill without 'url' must be a bundle with files: one alone, or an empty folder, is an error that says so")
    func withoutFiles() throws {
        let site = try TestSite(.init(files: TestSite.breakout("agentic-ai"), ("content/resources/empty-skill/index.md", Self.skill),
                                      ("content/resources/lone-skill.md", Self.skill)))
        defer { site.cleanUp() }
        let report = site.build(output: nil)
        let empty = try #require(report.only("resource.skill-without-files"), "\(report.summary)")
        #expect(empty.message == "this skill has no 'url', and its folder holds no files to download")
        #expect(empty.fix == "add 'url:' with the address where it lives, or put its files (SKILL.md, its scripts) beside index.md")
        #expect(empty.file == "content/resources/empty-skill/index.md" && empty.line == 1 && empty.column == 1)
        let lone = try #require(report.only("frontmatter.missing-field"), "\(report.summary)")
        #expect(lone.message == "missing required field 'url' for a resource" && lone.file == "content/resources/lone-skill.md")
    }
}

@Suite("Which pages are skill bundles, and how large a skill's download may be")
struct SkillArchiveLimitTests {
    @Test("Only resources/ID/index.md (or .ipynb) is a skill bundle: resources/index.md is the resource 'index', not the section's folder",
          arguments: [("resources/root-tools/index.md", "resources/root-tools"), ("content/resources/root-tools/index.ipynb", "content/resources/root-tools"),
                      ("resources/index.md", nil), ("resources/root-tools.md", nil), ("tutorials/root-tools/index.md", nil), ("resources/a/b/index.md", nil)])
    func bundles(path: String, folder: String?) {
        #expect(SkillArchive.bundleFolder(ofIndex: path) == folder)
    }

    @Test("A skill written as resources/index.md needs its url and packs nothing of the section")
    func sectionIndexIsNoBundle() throws {
        let skill = "---\ntitle: A skill\nsummary: Does one thing.\ntype: agent\nkind: skill\nareas: [agentic-ai]\n---\n\nText.\n"
        let site = try TestSite(.init(files: TestSite.breakout("agentic-ai"), ("content/resources/index.md", skill), ("content/resources/notes.txt", "a file of the section\n")))
        defer { site.cleanUp() }
        let report = site.build(output: nil)
        let missing = try #require(report.only("frontmatter.missing-field"), "\(report.summary)")
        #expect(missing.message == "missing required field 'url' for a resource" && missing.file == "content/resources/index.md" && missing.line == 1)
        #expect(report.diagnostics("resource.skill-without-files").isEmpty)
    }

    @Test("A skill with more files or bytes than one download may hold is an error at its page, and no file is read to find out",
          arguments: [((1, 1_000_000), "the skill's folder holds 2 files, more than one download may hold (1)"),
                      ((10, 10), "the skill's files add up to more than 0 MB, more than one download may hold")])
    func limits(limits: (entries: Int, bytes: Int), message: String) throws {
        let site = try TestSite(.init(files: TestSite.breakout("agentic-ai"),
                                      ("content/resources/big/index.md", "---\ntitle: Big\nsummary: Big.\ntype: agent\nkind: skill\nareas: [agentic-ai]\n---\n"),
                                      ("content/resources/big/SKILL.md", String(repeating: "x", count: 100)), ("content/resources/big/run.sh", "echo\n")))
        defer { site.cleanUp() }
        let archive = SkillArchive(path: "resources/big/big.zip", name: "big", folder: "resources/big", files: ["resources/big/SKILL.md", "resources/big/run.sh"])
        let output = site.root.appendingPathComponent("_out")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        let found = archive.write(contentRoot: site.root.appendingPathComponent("content"), display: "content", writer: SiteWriter.inPlace(output: output), limits: limits)
        let diagnostic = try #require(found.first)
        #expect(found.count == 1 && diagnostic.id == "resource.skill-too-large")
        #expect(diagnostic.message == message)
        #expect(diagnostic.fix == "keep the files the skill needs, and link to a repository or a data record for the rest")
        #expect(diagnostic.file == "content/resources/big/index.md" && diagnostic.line == 1 && diagnostic.column == 1)
        #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent("resources/big/big.zip").path))
    }
}
