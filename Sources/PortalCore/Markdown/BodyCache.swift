import Foundation
import PortalMarkdown

/// Rendered bodies kept between preview rebuilds.
enum BodyCache {
    /// A list of pages links were resolved against: its token (`MarkdownStage.listToken`) and the
    /// name of the page at each position (`Entry.name(of:)`).
    struct PageList: Sendable {
        let token: Int
        let names: [String]
    }

    /// Where the pages of the list `token` named are in the list of this run, by their position
    /// in it (nil for a page gone).
    struct Moves: Sendable {
        let from: Int
        let to: [Int?]

        /// Where the page at `old` in the list `from` is now; nil when it is gone (or `old` is not
        /// a position of that list, which only two lists with the same token could give).
        func position(of old: Int) -> Int? {
            to.indices.contains(old) ? to[old] : nil
        }
    }

    /// What a rendering depends on besides its link targets: the body, the page (its address and
    /// title) and the options.
    struct Key: Equatable, Sendable {
        let body: Text
        /// The file's line the body starts on: the rendering's problems and link checks are placed by it.
        let firstLine: Int
        let kind: ContentKind
        let id: String
        /// The title: a body whose first heading repeats it is warned about.
        let title: String
        let sourcePath: String?
        let outputDirectory: String
        let options: Int
        /// The one thing of the front-matter a body's rendering depends on: whether it is a notebook's.
        let notebookCells: Bool
        /// A notebook's cells: its outputs change when it is run again, its Markdown need not.
        let codeCells: [Int: NotebookCodeCell]
        /// Whether the body names a `{tableofcontents}` or `{toctree}`.
        let mentionsContents: Bool
        /// The series' parts a `{tableofcontents}` lists, which other pages' front-matter changes.
        let contents: String?
        /// For a body that may cite (it holds an `@`), what every citable work is shown as (`CitedWorks.signature`).
        let citations: Int?

        /// `last`, the key of the page's cached rendering: when its body is these very bytes (a file
        /// the preview did not read again), the scan for a `{tableofcontents}` is not made again.
        init(page: Page, body: PageBody, options: Int, pages: [Page], works: CitedWorks?, last: Key? = nil) {
            let text = Text(body.text)
            self.body = text
            firstLine = page.bodyFirstLine
            codeCells = body.codeCells
            let mentionsContents = last.flatMap { $0.body.isStored(with: text) ? $0.mentionsContents : nil }
                ?? MarkdownStage.mentionsContents(body.text)
            self.mentionsContents = mentionsContents
            contents = mentionsContents ? MarkdownStage.seriesContents(of: page, pages: pages) : nil
            kind = page.kind
            id = page.id
            title = page.title
            sourcePath = page.sourcePath
            outputDirectory = page.outputDirectory
            self.options = options
            notebookCells = MarkdownStage.isNotebook(page)
            citations = works?.signature
        }
    }

    /// A body's text, equal to another when its bytes are: found at once when both are the same
    /// bytes in memory, as the body of a file the preview kept is.
    struct Text: Equatable, Sendable {
        let text: Substring

        init(_ text: Substring) {
            self.text = text
        }

        /// Whether both are the same bytes in memory.
        func isStored(with other: Text) -> Bool {
            text.utf8.withContiguousStorageIfAvailable { mine in
                other.text.utf8.withContiguousStorageIfAvailable { theirs in mine.baseAddress == theirs.baseAddress && mine.count == theirs.count }
            } == true
        }

        static func == (lhs: Text, rhs: Text) -> Bool {
            lhs.isStored(with: rhs) || lhs.text == rhs.text
        }
    }

    /// One cached rendering, with its links named by output path so they survive pages moving in the list.
    ///
    /// What never changes is in one shared box (`Kept`): every rebuild copies every page's entry, and
    /// a copy then retains one object instead of each of the rendering's strings and arrays.
    struct Entry: Sendable {
        final class Kept: Sendable {
            let key: Key
            let rendered: RenderedMarkdown
            let diagnostics: [Diagnostic]
            let targets: [String]
            let anchors: [(target: String, fragment: String, line: Int, column: Int)]
            let staticTargets: [String]
            let cited: [String]
            let htmlHash: Int

            init(key: Key, rendered: RenderedMarkdown, diagnostics: [Diagnostic], targets: [String],
                 anchors: [(target: String, fragment: String, line: Int, column: Int)], staticTargets: [String], cited: [String], htmlHash: Int) {
                self.key = key
                self.rendered = rendered
                self.diagnostics = diagnostics
                self.targets = targets
                self.anchors = anchors
                self.staticTargets = staticTargets
                self.cited = cited
                self.htmlHash = htmlHash
            }
        }

        private let kept: Kept
        var key: Key { kept.key }
        var rendered: RenderedMarkdown { kept.rendered }
        var diagnostics: [Diagnostic] { kept.diagnostics }
        /// Each linked page by content path (output path for generated pages), in link order.
        var targets: [String] { kept.targets }
        var anchors: [(target: String, fragment: String, line: Int, column: Int)] { kept.anchors }
        var staticTargets: [String] { kept.staticTargets }
        /// Each cited resource by content path: a change to its card is a change to this body's References.
        var cited: [String] { kept.cited }
        /// A hash of the HTML, for the page's render key.
        var htmlHash: Int { kept.htmlHash }
        /// The links as positions, and the list of pages (`MarkdownStage.listToken`) and the page's
        /// position they hold for: while both are the same, the names need not be looked up again.
        var resolved: (list: Int, position: Int, references: [PageReference], checks: [AnchorCheck])?

        init(key: Key, rendered: RenderedMarkdown, diagnostics: [Diagnostic], resolver: LinkResolver, pages: [Page], list: Int? = nil, position: Int? = nil) {
            var hasher = Hasher()
            hasher.combine(rendered.html)
            kept = Kept(key: key, rendered: rendered, diagnostics: diagnostics,
                        targets: resolver.references.map { Self.name(of: pages[$0.to]) },
                        anchors: resolver.anchorChecks.map { (Self.name(of: pages[$0.target]), $0.fragment, $0.line, $0.column) },
                        staticTargets: resolver.staticTargets, cited: resolver.cited.map { Self.name(of: pages[$0.page]) },
                        htmlHash: hasher.finalize())
            if let list, let position { resolved = (list, position, resolver.references, resolver.anchorChecks) }
        }

        /// How a cached rendering names a linked page: by the file the link names, or the generated page's address.
        static func name(of page: Page) -> String {
            page.sourcePath ?? "//" + page.outputPath
        }

        /// The cached result for the page now at `position` of the list of pages `list`, or nil when
        /// it must be rendered again: it had errors (which a change elsewhere may fix), or a page or
        /// file it links to is gone. Links resolved against the list `moves` comes from are moved
        /// with it: the page at each old position is the one their name named, so its new position
        /// is where the name leads now.
        func reuse(at position: Int, list: Int, moves: Moves? = nil, positions: [String: Int], index: SiteIndex) -> BodyResult? {
            guard !diagnostics.contains(where: { $0.severity == .error }),
                  staticTargets.allSatisfy(index.staticFiles.contains) else { return nil }
            if let resolved, resolved.list == list, resolved.position == position {
                return BodyResult(rendered: rendered, diagnostics: diagnostics, references: resolved.references, anchorChecks: resolved.checks, entry: self, source: nil)
            }
            if let resolved, let moves, resolved.list == moves.from {
                var references: [PageReference] = []
                references.reserveCapacity(resolved.references.count)
                for reference in resolved.references {
                    guard let to = moves.position(of: reference.to) else { return nil }
                    references.append(PageReference(from: position, to: to))
                }
                var checks: [AnchorCheck] = []
                checks.reserveCapacity(resolved.checks.count)
                for check in resolved.checks {
                    guard let to = moves.position(of: check.target) else { return nil }
                    checks.append(AnchorCheck(from: position, target: to, fragment: check.fragment, line: check.line, column: check.column))
                }
                var entry = self
                entry.resolved = (list, position, references, checks)
                return BodyResult(rendered: rendered, diagnostics: diagnostics, references: references, anchorChecks: checks, entry: entry, source: nil)
            }
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
            var entry = self
            entry.resolved = (list, position, references, checks)
            return BodyResult(rendered: rendered, diagnostics: diagnostics, references: references, anchorChecks: checks, entry: entry, source: nil)
        }

        /// The position of the page named `name` (see `name(of:)`).
        static func position(of name: String, positions: [String: Int], index: SiteIndex) -> Int? {
            name.hasPrefix("//") ? positions[String(name.dropFirst(2))] : index.pageBySource[name]
        }
    }
}
