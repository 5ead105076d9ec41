import Foundation

/// The portal's knowledge for an assistant (`portal mcp`): the tools and the pages as resources,
/// answered from the build `portal check` does (or from a built site's files), kept in memory and
/// made again before a call when a file it was made from changed since. Nothing is written anywhere.
public final class KnowledgeSession: @unchecked Sendable {
    /// The inputs, as for `portal check` (with `site`, unused).
    public let options: BuildOptions
    /// A site `portal build` wrote, read instead of the content (`portal mcp --site`).
    public let site: URL?
    private let lock = NSLock()
    private var knowledge: SiteKnowledge?
    private var stamps: [String: FileStamp] = [:]

    /// A session over the content and theme `options` name; nothing is built until the first call.
    public init(options: BuildOptions) {
        self.options = options
        site = nil
    }

    /// A session over the built site in `site` (its catalog.json, Markdown twins and search index),
    /// read again when a file of it changes.
    public init(site: URL) {
        self.site = site
        options = BuildOptions(contentDirectory: site, templatesDirectory: site, outputDirectory: nil)
    }

    /// What stops the session before any request: a content or templates folder that does not
    /// exist, or a site folder without `catalog.json` (nil when there is nothing).
    public func startupProblem() -> Diagnostic? {
        guard let site else { return options.missingFolder() }
        let catalog = site.appendingPathComponent("catalog.json")
        guard FileManager.default.fileExists(atPath: catalog.path) else {
            return Diagnostic(.error, "mcp.site-unreadable", "there is no catalog.json in the site folder", file: options.display(site),
                              fix: "pass --site with the folder 'portal build' wrote (_site by default)")
        }
        return nil
    }

    /// The tools every session offers.
    public var tools: [KnowledgeTool] { KnowledgeTool.all }

    /// The template every page's resource address follows.
    public static let resourceTemplate = (uriTemplate: "portal://{section}/{id}", name: "page",
                                          description: "A page of the portal as Markdown with its front-matter: portal://tutorials/jet-tagging, portal://resources/root, portal://breakouts/agentic-ai, portal://starter-kit/first-ml-model.")

    /// Runs tool `name`; a bad argument throws `ToolArgumentError`, content that does not build
    /// throws `ContentProblems`.
    public func call(_ name: String, arguments: [String: KnowledgeValue]) throws -> KnowledgeValue {
        try KnowledgeTools(knowledge: current()).call(name, arguments)
    }

    /// Every page as a resource: (address, name, title, description).
    public func resources() throws -> [(uri: String, name: String, title: String, description: String?)] {
        try current().pages.map { ($0.uri, $0.key, $0.title, $0.summary) }
    }

    /// The Markdown twin of the page at resource address `uri`.
    public func read(uri: String) throws -> String {
        let knowledge = try current()
        guard let place = knowledge.byURI[uri] else {
            throw ToolArgumentError(argument: "uri", message: "no page has the address '\(uri)'", suggestion: Suggestion.closest(to: uri, in: knowledge.byURI.keys))
        }
        return knowledge.pages[place].twin
    }

    /// The knowledge of the content as it is now: built again when a file changed since the last build.
    func current() throws -> SiteKnowledge {
        lock.lock()
        defer { lock.unlock() }
        let now = Self.stamps(of: site.map { [$0] } ?? [options.contentDirectory, options.templatesDirectory])
        if let knowledge, now == stamps { return knowledge }
        let (made, diagnostics) = site.map { BuiltSiteReader(site: $0).read() } ?? KnowledgeBuilder(options: options).run()
        guard let made else { throw ContentProblems(diagnostics: diagnostics.filter { $0.severity == .error }) }
        knowledge = made
        stamps = now
        return made
    }

    /// The stamp of every file below `folders`, by path: what tells an edit, an added or a removed file.
    static func stamps(of folders: [URL]) -> [String: FileStamp] {
        var stamps: [String: FileStamp] = [:]
        for folder in folders {
            guard let walk = FileManager.default.enumerator(atPath: folder.path) else { continue }
            while let relative = walk.nextObject() as? String {
                let path = folder.path + "/" + relative
                if let stamp = FileStamp(path: path) { stamps[path] = stamp }
            }
        }
        return stamps
    }
}

/// The content or theme has errors, so the tools cannot answer from it (the diagnostics say why).
public struct ContentProblems: Error, Sendable, CustomStringConvertible {
    /// The errors, as `portal check` reports them.
    public let diagnostics: [Diagnostic]

    public var description: String {
        if diagnostics.first?.id == "mcp.site-unreadable" { return diagnostics.map(\.message).joined(separator: "; ") }
        let first = diagnostics.prefix(5).map { "\($0.file):\($0.line):\($0.column): \($0.message)" }
        return "the content has \(diagnostics.count) error\(diagnostics.count == 1 ? "" : "s") (run `portal check`): " + first.joined(separator: "; ")
    }
}
