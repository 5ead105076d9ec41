import Foundation
import PortalMarkdown

/// Rendered bodies kept between preview rebuilds.
enum BodyCache {
    /// What one run of the stage handed on, for the next run to carry forward the pages that did
    /// not change instead of copying and decorating each again.
    struct Run: Sendable {
        /// The pages as the run was given them, before their titles' formulas were rendered. While
        /// the run is kept, a page given to the next run as the same value (`Page.isSameValue`)
        /// has not changed: every change to a page copies it first.
        let given: [Page]
        /// The pages as the run handed them on: with their headings, text, outline and lines kept.
        let pages: [Page]
        /// Each page's result, its links naming their pages by serial.
        let results: [BodyResult]
        /// What the bodies were rendered with (`MarkdownStage.optionsKey`).
        let options: Int
        let serials: Serials
        /// Whether stage 5 left each page of `given` as it was given (`MarkdownStage.renderTitles`).
        let untouchedTitles: [Bool]

        /// Where each page of `given`, the next run's list, was in this run (nil for a page new),
        /// found by the page's value, or by its name (`Entry.name(of:)`) for a page read or made
        /// again; and the serials of the next run, which keep those of the pages found. Nil when
        /// the serials given out have grown to more than twice the pages: the next run starts anew.
        func match(_ given: [Page]) -> (from: [Int?], serials: Serials)? {
            guard serials.next <= 2 * given.count + 1_000 else { return nil }
            var (from, to) = self.given.sameValues(in: given)
            var unmatched: [String: Int] = [:]
            for (position, old) in from.enumerated() where old == nil { unmatched[Entry.name(of: given[position])] = position }
            if !unmatched.isEmpty {
                for old in to.indices where to[old] < 0 {
                    if let position = unmatched[Entry.name(of: self.given[old])] { from[position] = old }
                }
            }
            var next = serials.next
            let numbers = from.map { old -> Int in
                if let old { return serials.numbers[old] }
                next += 1
                return next - 1
            }
            return (from, Serials(numbers, next: next))
        }

        /// The result of the page at `old` in this run for the page now at `position`, when the
        /// page is given as the same value, its body is the same bytes, its rendering depends on no
        /// other page (no series' contents, no citation), the options are the same and every page
        /// and file it links to is still there; nil when it must be looked at again.
        func carried(from old: Int, page: Page, body: PageBody, options: Int, serials: Serials, index: SiteIndex) -> BodyResult? {
            let last = results[old]
            guard options == self.options, page.isSameValue(as: given[old]), let entry = last.entry,
                  entry.key.body.isStored(with: Text(body.text)), !entry.key.mentionsContents, entry.key.citations == nil,
                  entry.isReusable(index: index), last.linksAreKept(in: serials) else { return nil }
            return last
        }
    }

    /// The number that names each page in the results' links from one run of the stage to the
    /// next, so a result carried forward needs no change when pages are added or deleted before
    /// the pages it links to: a page keeps its serial while it is in the list, a new page takes
    /// the next one.
    struct Serials: Sendable {
        /// Each page's serial, by position.
        let numbers: [Int]
        /// Each serial's position, -1 for a page gone.
        private let positions: [Int]
        /// The serial the next new page takes.
        let next: Int

        init(_ numbers: [Int], next: Int) {
            self.numbers = numbers
            self.next = next
            var positions = [Int](repeating: -1, count: next)
            for (position, number) in numbers.enumerated() { positions[number] = position }
            self.positions = positions
        }

        /// Serials for a list of `count` pages that none came before: each page's is its position.
        init(count: Int) {
            self.init(Array(0..<count), next: count)
        }

        /// The position of the page with serial `number`; nil when it is gone.
        func position(of number: Int) -> Int? {
            positions.indices.contains(number) && positions[number] >= 0 ? positions[number] : nil
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

        init(key: Key, rendered: RenderedMarkdown, diagnostics: [Diagnostic], resolver: LinkResolver, pages: [Page]) {
            var hasher = Hasher()
            hasher.combine(rendered.html)
            kept = Kept(key: key, rendered: rendered, diagnostics: diagnostics,
                        targets: resolver.references.map { Self.name(of: pages[$0.to]) },
                        anchors: resolver.anchorChecks.map { (Self.name(of: pages[$0.target]), $0.fragment, $0.line, $0.column) },
                        staticTargets: resolver.staticTargets, cited: resolver.cited.map { Self.name(of: pages[$0.page]) },
                        htmlHash: hasher.finalize())
        }

        /// Whether both are the one rendering, not two equal ones.
        func isSame(as other: Entry) -> Bool {
            kept === other.kept
        }

        /// How a cached rendering names a linked page: by the file the link names, or the generated page's address.
        static func name(of page: Page) -> String {
            page.sourcePath ?? "//" + page.outputPath
        }

        /// Whether the rendering may be used again: it had no errors (which a change elsewhere may
        /// fix), and every file it links to is still there.
        func isReusable(index: SiteIndex) -> Bool {
            !diagnostics.contains(where: { $0.severity == .error }) && staticTargets.allSatisfy(index.staticFiles.contains)
        }

        /// The cached result for the page now at `position`, or nil when it must be rendered again:
        /// it is not reusable, or a page it links to is gone. `last` is the page's result in the last
        /// run: when it holds this very rendering, its links are kept; otherwise each is looked up by
        /// name (`positions` holds the pages without a file, by address).
        func reuse(at position: Int, last: BodyResult?, serials: Serials, positions: [String: Int], index: SiteIndex, source: SourceText?) -> BodyResult? {
            guard isReusable(index: index) else { return nil }
            if let last, let entry = last.entry, entry.isSame(as: self) {
                return last.linksAreKept(in: serials) ? last.keeping(source: source) : nil
            }
            var links: [Int] = []
            for target in targets {
                guard let to = Self.position(of: target, positions: positions, index: index) else { return nil }
                links.append(serials.numbers[to])
            }
            var checks: [AnchorCheck] = []
            for anchor in anchors {
                guard let to = Self.position(of: anchor.target, positions: positions, index: index) else { return nil }
                checks.append(AnchorCheck(from: serials.numbers[position], target: serials.numbers[to], fragment: anchor.fragment, line: anchor.line, column: anchor.column))
            }
            return BodyResult(rendered: rendered, diagnostics: diagnostics, links: links, anchorChecks: checks, entry: self, source: source)
        }

        /// The position of the page named `name` (see `name(of:)`).
        static func position(of name: String, positions: [String: Int], index: SiteIndex) -> Int? {
            name.hasPrefix("//") ? positions[String(name.dropFirst(2))] : index.pageBySource[name]
        }
    }
}
