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

    func run(pages: inout [Page], index: SiteIndex, sink: DiagnosticSink) -> LinkGraph {
        let snapshot = pages
        let reserved = themeIDs.union(Self.alwaysReserved)
        let allowsRawHTML = self.allowsRawHTML
        let results = ParallelMap.map(Array(snapshot.indices)) { position -> (RenderedMarkdown, LinkResolver) in
            let options = MarkdownOptions(allowsRawHTML: allowsRawHTML, reservedHeadingIDs: reserved.union(Self.generatedAnchors(of: snapshot[position])),
                                          rendersMarkdown: true)
            let renderer = MarkdownRenderer(options: options)
            var resolver = LinkResolver(pageIndex: position, pages: snapshot, index: index)
            let rendered = renderer.render(snapshot[position].body, resolver: &resolver)
            return (rendered, resolver)
        }
        var graph = LinkGraph()
        var anchorChecks: [AnchorCheck] = []
        for (position, (rendered, resolver)) in results.enumerated() {
            pages[position].html = rendered.html
            pages[position].headings = rendered.headings
            pages[position].plainText = rendered.plainText
            pages[position].markdown = rendered.markdown ?? pages[position].body
            sink.add(contentsOf: resolver.diagnostics)
            graph.references.append(contentsOf: resolver.references)
            anchorChecks.append(contentsOf: resolver.anchorChecks)
        }
        checkAnchors(anchorChecks, pages: pages, sink: sink)
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

    private func checkAnchors(_ checks: [AnchorCheck], pages: [Page], sink: DiagnosticSink) {
        var anchorsByPage: [Int: Set<String>] = [:]
        // As for links: at most so many broken anchors listed per page, the rest counted.
        var listedByPage: [Int: Int] = [:]
        var unlistedByPage: [Int: (count: Int, line: Int)] = [:]
        defer {
            for (position, unlisted) in unlistedByPage.sorted(by: { $0.key < $1.key }) {
                guard let source = pages[position].source else { continue }
                sink.add(source.error("link.too-many", "\(unlisted.count) more broken anchors in this file are not listed", line: unlisted.line, column: 1,
                                      fix: "fix the ones listed and build again"))
            }
        }
        for check in checks {
            let target = pages[check.target]
            let anchors = anchorsByPage[check.target] ?? {
                let set = Set(target.headings.map(\.id) + Self.generatedAnchors(of: target))
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
            sink.add(source.error(
                "link.broken-anchor", "'#\(check.fragment)' is not a heading on \(where_)",
                line: check.line, column: check.column,
                fix: closest.map { "did you mean '#\($0)'?" } ?? (anchors.isEmpty ? "that page has no headings" : nil)
            ))
        }
    }
}
