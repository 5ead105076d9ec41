import Foundation
import MCP
import PortalCore

/// The Model Context Protocol side of `portal mcp`, and nothing else: each request is handed to
/// `KnowledgeSession`, and its values and errors are put in the protocol's terms.
struct KnowledgeServer: Sendable {
    let session: KnowledgeSession

    /// The protocol revision this server is written and tested for; the SDK also accepts a
    /// client's older revision.
    static let protocolRevision = "2025-11-25"

    /// Serves on standard input and output until the client closes them.
    func serve() async throws {
        let server = Server(
            name: "portal", version: "1.0.0", title: "AI-native particle physics portal",
            instructions: "The portal of the US AI-for-experimental-particle-physics proto-collaboration: breakout areas, tutorials, the newcomer starter kit and curated resources. Use search to find pages, get_page to read one as Markdown, related to follow its links; every page is also a resource portal://SECTION/ID. A result's id is the page's key in the site's catalog.json, its url the page's address on the site.",
            capabilities: .init(resources: .init(subscribe: false, listChanged: false), tools: .init(listChanged: false))
        )
        let session = self.session
        await server.withMethodHandler(ListTools.self) { _ in
            .init(tools: session.tools.map { tool in
                Tool(name: tool.name, title: tool.title, description: tool.description, inputSchema: Self.value(tool.inputSchema),
                     annotations: .init(readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false),
                     outputSchema: Self.value(tool.outputSchema))
            })
        }
        await server.withMethodHandler(CallTool.self) { parameters in
            let arguments = (parameters.arguments ?? [:]).mapValues(Self.knowledge)
            do {
                let result = try session.call(parameters.name, arguments: arguments)
                let structured = Self.value(result)
                let text = String(decoding: try JSONEncoder.sorted.encode(result), as: UTF8.self)
                // The SDK's generic initialiser (re-encoding the value) is the one Swift picks here.
                return try .init(content: [.text(text: text, annotations: nil, _meta: nil)], structuredContent: structured)
            } catch let problem as ToolArgumentError {
                throw MCPError.invalidParams(problem.description)
            } catch let problems as ContentProblems {
                // Not the caller's mistake: reported as the tool's result, which the model sees.
                return .init(content: [.text(text: problems.description, annotations: nil, _meta: nil)], isError: true)
            }
        }
        await server.withMethodHandler(ListResources.self) { _ in
            do {
                return .init(resources: try session.resources().map { page in
                    Resource(name: page.name, uri: page.uri, title: page.title, description: page.description, mimeType: "text/markdown")
                })
            } catch let problems as ContentProblems {
                throw MCPError.internalError(problems.description)
            }
        }
        await server.withMethodHandler(ListResourceTemplates.self) { _ in
            let template = KnowledgeSession.resourceTemplate
            return .init(templates: [Resource.Template(uriTemplate: template.uriTemplate, name: template.name, title: "A page of the portal",
                                                       description: template.description, mimeType: "text/markdown")])
        }
        await server.withMethodHandler(ReadResource.self) { parameters in
            do {
                return .init(contents: [.text(try session.read(uri: parameters.uri), uri: parameters.uri, mimeType: "text/markdown")])
            } catch let problem as ToolArgumentError {
                throw MCPError.invalidParams(problem.description)
            } catch let problems as ContentProblems {
                throw MCPError.internalError(problems.description)
            }
        }
        try await server.start(transport: StdioTransport())
        await server.waitUntilCompleted()
    }

    /// A knowledge value in the protocol's JSON.
    static func value(_ value: KnowledgeValue) -> Value {
        switch value {
        case .string(let text): .string(text)
        case .integer(let number): .int(number)
        case .double(let number): .double(number)
        case .bool(let flag): .bool(flag)
        case .array(let items): .array(items.map(Self.value))
        case .object(let members): .object(members.mapValues(Self.value))
        case .null: .null
        }
    }

    /// The protocol's JSON as a knowledge value (binary data, which no tool takes, as a string).
    static func knowledge(_ value: Value) -> KnowledgeValue {
        switch value {
        case .string(let text): .string(text)
        case .int(let number): .integer(number)
        case .double(let number): .double(number)
        case .bool(let flag): .bool(flag)
        case .array(let items): .array(items.map(Self.knowledge))
        case .object(let members): .object(members.mapValues(Self.knowledge))
        case .null: .null
        case .data(_, let data): .string(data.base64EncodedString())
        }
    }
}

extension JSONEncoder {
    /// An encoder writing keys in sorted order, so a result's text is the same from call to call.
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
