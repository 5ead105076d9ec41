import Foundation
import PortalMarkdown

/// What the Markdown stage learnt about the links between pages.
struct LinkGraph: Sendable {
    /// Every body link from one page to another.
    var references: [PageReference] = []
}

/// Stage 5: renders every body to HTML with links resolved, then checks every `#anchor`.
struct MarkdownStage {
    let allowsRawHTML: Bool
    /// Ids the theme writes on pages (from the templates), which headings must not take.
    let themeIDs: Set<String>

    /// Ids kept free on every page even if the theme does not use them yet.
    static let alwaysReserved: Set<String> = ["main", "top", "content", "toc", "search"]

    /// Renders every body; with `memory`, a body whose text, page and link targets are unchanged
    /// since the last build is taken from it instead of being parsed again.
    func run(pages: inout [Page], index: SiteIndex, sink: DiagnosticSink, memory: BuildMemory? = nil) -> LinkGraph {
        let snapshot = pages
        let reserved = themeIDs.union(Self.alwaysReserved)
        let allowsRawHTML = self.allowsRawHTML
        var optionsHasher = Hasher()
        optionsHasher.combine(allowsRawHTML)
        optionsHasher.combine(reserved.sorted())
        let optionsKey = optionsHasher.finalize()
        let cache = memory?.bodies ?? [:]
        let positionByOutput = memory == nil ? [:] : Dictionary(snapshot.indices.map { (snapshot[$0].outputPath, $0) }, uniquingKeysWith: { first, _ in first })
        let results = ParallelMap.map(Array(snapshot.indices)) { position -> BodyResult in
            let page = snapshot[position]
            let key = BodyCache.Key(page: page, options: optionsKey)
            if let source = page.sourcePath, let entry = cache[source], entry.key == key,
               let reused = entry.reuse(at: position, positions: positionByOutput, index: index) {
                return reused
            }
            let options = MarkdownOptions(allowsRawHTML: allowsRawHTML, reservedHeadingIDs: reserved.union(Self.generatedAnchors(of: page)),
                                          rendersMarkdown: true)
            let renderer = MarkdownRenderer(options: options)
            var resolver = LinkResolver(pageIndex: position, pages: snapshot, index: index)
            let rendered = renderer.render(String(page.body), resolver: &resolver)
            let diagnostics = resolver.diagnostics + Self.diagnostics(of: rendered, in: page)
            // Broken anchors are reported once every page is rendered, at the lines kept here.
            if memory == nil { page.releaseBodyText(keepingLines: resolver.anchorChecks.map(\.line)) }
            let entry = memory == nil ? nil : BodyCache.Entry(key: key, rendered: rendered, resolver: resolver, pages: snapshot)
            return BodyResult(rendered: rendered, diagnostics: diagnostics, references: resolver.references,
                              anchorChecks: resolver.anchorChecks, entry: entry)
        }
        var graph = LinkGraph()
        var anchorChecks: [AnchorCheck] = []
        var bodies: [String: BodyCache.Entry] = [:]
        for (position, result) in results.enumerated() {
            pages[position].apply(result.rendered)
            sink.add(contentsOf: result.diagnostics)
            graph.references.append(contentsOf: result.references)
            anchorChecks.append(contentsOf: result.anchorChecks)
            if let source = pages[position].sourcePath, let entry = result.entry { bodies[source] = entry }
        }
        memory?.bodies = bodies
        sink.add(contentsOf: Self.checkAnchors(anchorChecks, pages: pages))
        return graph
    }

    /// Anchors a page has besides its headings: the group headings the section templates write.
    static func generatedAnchors(of page: Page) -> [String] {
        guard page.kind == .section else { return [] }
        switch page.id {
        case "resources": return FrontMatterSchema.resourceTypes
        case "tutorials": return FrontMatterSchema.levels
        default: return []
        }
    }

    /// The error of a body the Markdown module would not parse, at the shape's line in the page's file.
    static func diagnostics(of rendered: RenderedMarkdown, in page: Page) -> [Diagnostic] {
        guard let source = page.source else { return [] }
        let problems = rendered.problems.map { problem in
            source.error("markdown.\(problem.kind)", problem.message, line: page.bodyFirstLine + problem.line - 1, column: problem.column, fix: problem.fix)
        }
        guard let refusal = rendered.refusal else { return problems }
        return [source.error(refusal.reason == .shape ? "markdown.too-complex" : "markdown.too-slow", refusal.message, line: page.bodyFirstLine + refusal.line - 1, column: refusal.column,
                             fix: refusal.fix)]
    }

    /// The diagnostics of every `#fragment` that is not an anchor of its target page.
    static func checkAnchors(_ checks: [AnchorCheck], pages: [Page]) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var anchorsByPage: [Int: Set<String>] = [:]
        // As for links: at most so many broken anchors listed per page, the rest counted.
        var listedByPage: [Int: Int] = [:]
        var unlistedByPage: [Int: (count: Int, line: Int)] = [:]
        for check in checks {
            let target = pages[check.target]
            let anchors = anchorsByPage[check.target] ?? {
                let set = Set(target.headings.map(\.id) + generatedAnchors(of: target))
                anchorsByPage[check.target] = set
                return set
            }()
            let fragment = check.fragment.removingPercentEncoding ?? check.fragment
            guard !anchors.contains(fragment), let source = pages[check.from].source else { continue }
            guard listedByPage[check.from, default: 0] < LinkResolver.maximumListed else {
                let previous = unlistedByPage[check.from] ?? (count: 0, line: check.line)
                unlistedByPage[check.from] = (previous.count + 1, previous.line)
                continue
            }
            listedByPage[check.from, default: 0] += 1
            let where_ = check.from == check.target ? "this page" : (target.sourcePath ?? target.id)
            let closest = Suggestion.closest(to: fragment, in: anchors)
            diagnostics.append(source.error(
                "link.broken-anchor", "'#\(check.fragment)' is not a heading on \(where_)",
                line: check.line, column: check.column,
                fix: closest.map { "did you mean '#\($0)'?" } ?? (anchors.isEmpty ? "that page has no headings" : nil)
            ))
        }
        for (position, unlisted) in unlistedByPage.sorted(by: { $0.key < $1.key }) {
            guard let source = pages[position].source else { continue }
            diagnostics.append(source.error("link.too-many", "\(unlisted.count) more broken anchors in this file are not listed", line: unlisted.line, column: 1,
                                            fix: "fix the ones listed and build again"))
        }
        return diagnostics
    }
}

/// One body as the Markdown stage produced it, rendered now or taken from the cache.
struct BodyResult: Sendable {
    let rendered: RenderedMarkdown
    let diagnostics: [Diagnostic]
    let references: [PageReference]
    let anchorChecks: [AnchorCheck]
    let entry: BodyCache.Entry?
}

/// Rendered bodies kept between preview rebuilds.
enum BodyCache {
    /// What a rendering depends on besides its link targets: the body, the page and the options.
    struct Key: Equatable, Sendable {
        let body: Substring
        let kind: ContentKind
        let id: String
        let sourcePath: String?
        let outputDirectory: String
        let options: Int

        init(page: Page, options: Int) {
            body = page.body
            kind = page.kind
            id = page.id
            sourcePath = page.sourcePath
            outputDirectory = page.outputDirectory
            self.options = options
        }
    }

    /// One cached rendering, with its links named by output path so they survive pages moving in the list.
    struct Entry: Sendable {
        let key: Key
        let rendered: RenderedMarkdown
        let diagnostics: [Diagnostic]
        /// Each linked page by content path (output path for generated pages), in link order.
        let targets: [String]
        let anchors: [(target: String, fragment: String, line: Int, column: Int)]
        let staticTargets: [String]
        /// A hash of the HTML, for the page's render key.
        let htmlHash: Int

        init(key: Key, rendered: RenderedMarkdown, resolver: LinkResolver, pages: [Page]) {
            self.key = key
            self.rendered = rendered
            diagnostics = resolver.diagnostics + MarkdownStage.diagnostics(of: rendered, in: resolver.page)
            targets = resolver.references.map { Self.name(of: pages[$0.to]) }
            anchors = resolver.anchorChecks.map { (Self.name(of: pages[$0.target]), $0.fragment, $0.line, $0.column) }
            staticTargets = resolver.staticTargets
            var hasher = Hasher()
            hasher.combine(rendered.html)
            htmlHash = hasher.finalize()
        }

        /// How a cached rendering names a linked page: by the file the link names, or the generated page's address.
        static func name(of page: Page) -> String {
            page.sourcePath ?? "//" + page.outputPath
        }

        /// The cached result for the page now at `position`, or nil when it must be rendered again:
        /// it had errors (which a change elsewhere may fix), or a page or file it links to is gone.
        func reuse(at position: Int, positions: [String: Int], index: SiteIndex) -> BodyResult? {
            guard !diagnostics.contains(where: { $0.severity == .error }),
                  staticTargets.allSatisfy(index.staticFiles.contains) else { return nil }
            var references: [PageReference] = []
            for target in targets {
                guard let to = Self.position(of: target, positions: positions, index: index) else { return nil }
                references.append(PageReference(from: position, to: to))
            }
            var checks: [AnchorCheck] = []
            for anchor in anchors {
                guard let to = Self.position(of: anchor.target, positions: positions, index: index) else { return nil }
                checks.append(AnchorCheck(from: position, target: to, fragment: anchor.fragment, line: anchor.line, column: anchor.column))
            }
            return BodyResult(rendered: rendered, diagnostics: diagnostics, references: references, anchorChecks: checks, entry: self)
        }

        private static func position(of name: String, positions: [String: Int], index: SiteIndex) -> Int? {
            name.hasPrefix("//") ? positions[String(name.dropFirst(2))] : index.pageBySource[name]
        }
    }
}

extension Page {
    /// Takes the Markdown stage's results.
    mutating func apply(_ rendered: RenderedMarkdown) {
        html = rendered.html
        headings = rendered.headings
        plainText = rendered.plainText
        markdown = rendered.markdown ?? String(body)
    }
}
