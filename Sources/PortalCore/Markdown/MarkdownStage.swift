import Foundation
import PortalMarkdown

/// What the Markdown stage learnt about the links between pages.
struct LinkGraph: Sendable {
    /// Every body link from one page to another.
    var references: [PageReference] = []
}

/// Each page's rendered body, by position: what the render stage and the twins consume.
struct RenderedBodies: Sendable {
    /// The body as HTML.
    var html: [String] = []
    /// The body as clean Markdown with links pointing at the other pages' Markdown twins.
    var twins: [String] = []

    /// Empty bodies for pages generated after the Markdown stage (tag pages).
    mutating func appendGenerated(count: Int) {
        html += repeatElement("", count: count)
        twins += repeatElement("", count: count)
    }

    /// The HTML bodies, moved out: a stage that consumes them can let go of each once used.
    mutating func takeHTML() -> [String] {
        defer { html = [] }
        return html
    }

    /// The twin bodies, moved out, as `takeHTML()` does.
    mutating func takeTwins() -> [String] {
        defer { twins = [] }
        return twins
    }
}

/// What the Markdown stage returns.
struct MarkdownOutput: Sendable {
    var links: LinkGraph
    var bodies: RenderedBodies
    /// Each rendering by source path, when the stage was given a cache to reuse (the preview's).
    var cache: [String: BodyCache.Entry]?
    /// The run, for the next one's `last`, when the stage was given a cache.
    var run: BodyCache.Run?
}

/// Stage 5: renders every body to HTML with links resolved, then checks every `#anchor`.
struct MarkdownStage {
    let allowsRawHTML: Bool
    /// Ids headings must not take: those the theme writes on pages (from the templates), and `alwaysReserved`.
    let reservedIDs: Set<String>
    /// The site's math macros (`site.yml`), by name.
    let mathMacros: [String: String]
    /// The video hosts whose player `::: video` blocks show (`site.yml`).
    let videoEmbeds: Set<VideoHost>

    init(allowsRawHTML: Bool, themeIDs: Set<String>, mathMacros: [String: String] = [:], videoEmbeds: Set<VideoHost> = []) {
        self.allowsRawHTML = allowsRawHTML
        reservedIDs = themeIDs.union(Self.alwaysReserved)
        self.mathMacros = mathMacros
        self.videoEmbeds = videoEmbeds
    }

    /// The stage for a site with `settings`, whose theme writes `themeIDs`.
    init(settings: SiteSettings, themeIDs: Set<String>) {
        self.init(allowsRawHTML: settings.allowsRawHTML, themeIDs: themeIDs, mathMacros: settings.mathMacros, videoEmbeds: Set(settings.videoEmbeds))
    }

    /// Ids kept free on every page even if the theme does not use them yet.
    static let alwaysReserved: Set<String> = ["main", "top", "content", "toc", "search"]

    /// Renders every body; each page's `source` then keeps the lines the anchor checks point at.
    /// The bodies are consumed: each file's text is let go of once its body is rendered, unless
    /// the caller holds it too. Pages past the last body (section indexes stage 2 made) have an empty one.
    ///
    /// With `cache` (the preview's last renderings, by source path), a body whose text, page,
    /// options and link targets are unchanged is taken from it instead of being parsed again, and
    /// the output holds the cache brought up to date. `last` is the last run (its output's `run`):
    /// a page given again as the same value, with the same body, whose rendering depends on no
    /// other page, is handed on as that run decorated it, with its result, whose links name their
    /// pages by serial (`BodyCache.Serials`) and so follow them when pages are added or deleted; a
    /// cached rendering that run used keeps its links too, instead of looking each up by name.
    ///
    /// `retire`, when given, is handed the stage's own values that are let go of at its end (the
    /// results carried, the list of pages with their titles, the pages without a file by address), to keep
    /// until the caller is ready to free them: the preview frees them after browsers are told to reload.
    func run(pages: inout [Page], bodies: consuming [PageBody], index: SiteIndex, cache: consuming [String: BodyCache.Entry]? = nil,
             last: BodyCache.Run? = nil, retire: ((Any) -> Void)? = nil, sink: DiagnosticSink) -> MarkdownOutput {
        let given = pages
        let caching = cache != nil
        let found = caching ? last?.match(given) : nil
        let untouchedTitles = renderTitles(&pages, last: last.flatMap { last in found.map { (last, $0.from) } }, sink: sink)
        let snapshot = pages
        let optionsKey = self.optionsKey
        let serials = found?.serials ?? BodyCache.Serials(count: snapshot.count)
        // A cached rendering names a page with a file by the file, which the index finds; the others by address.
        let positions = caching ? Dictionary(snapshot.indices.lazy.filter { snapshot[$0].sourcePath == nil }.map { (snapshot[$0].outputPath, $0) },
                                             uniquingKeysWith: { first, _ in first }) : [:]
        let held = consume bodies
        let carried: [BodyResult?] = if let last, let found {
            ParallelMap.map(Array(snapshot.indices)) { position in
                found.from[position].flatMap {
                    last.carried(from: $0, page: given[position], body: position < held.count ? held[position] : .none, options: optionsKey, serials: serials, index: index)
                }
            }
        } else {
            []
        }
        // Labelled once for every body, when one may cite: a label means one work on every page.
        let mayCite = ParallelMap.map(Array(snapshot.indices)) { position in
            (carried.isEmpty || carried[position] == nil) && position < held.count ? CitedWorks.mayCite(held[position].text) : false
        }
        let works = mayCite.contains(true) ? CitedWorks(pages: snapshot) : nil
        // The bodies to render, each with its position. When results are carried, only the others
        // are copied out, and the bodies are let go of with the stage's other values: copying and
        // freeing every body again was most of a rebuild's work here. A constant, so that the map
        // below takes the list over: a variable the closure captured would hold every body of a
        // one-off build until the stage ends.
        let work: [(Int, PageBody)]
        if carried.isEmpty {
            var all = Array(zip(snapshot.indices, consume held))
            while all.count < snapshot.count { all.append((all.count, .none)) }
            work = all
        } else {
            work = snapshot.indices.filter { carried[$0] == nil }.map { ($0, $0 < held.count ? held[$0] : .none) }
            retire?(held)
        }
        let rendered = work.map(\.0)
        // The cache is read through a borrow that ends with the map, so updating it after copies nothing.
        let made = { (cache: [String: BodyCache.Entry]?) in
            ParallelMap.map(consuming: work) { position, body -> BodyResult in
                let page = snapshot[position]
                let citable = mayCite[position] ? works : nil
                let cached = page.sourcePath.flatMap { cache?[$0] }
                let key = BodyCache.Key(page: page, body: body, options: optionsKey, pages: snapshot, works: citable, last: cached?.key)
                if let entry = cached, entry.key == key,
                   let reused = entry.reuse(at: position, last: found?.from[position].flatMap { last?.results[$0] }, serials: serials, positions: positions,
                                            index: index, source: body.source) {
                    return reused
                }
                let one = render(body, at: position, pages: snapshot, index: index, works: citable)
                // The anchors are checked once every page is rendered, at the lines kept here; the
                // preview holds every file's text anyway, and keeps it whole.
                let anchorLines = one.resolver.anchorChecks.map(\.line)
                let kept = caching ? body.source : anchorLines.isEmpty ? page.source : body.source?.keeping(firstLines: page.bodyFirstLine - 1, and: anchorLines)
                let entry = caching ? BodyCache.Entry(key: key, rendered: one.rendered, diagnostics: one.diagnostics, resolver: one.resolver, pages: snapshot) : nil
                let checks = one.resolver.anchorChecks.map {
                    AnchorCheck(from: serials.numbers[$0.from], target: serials.numbers[$0.target], fragment: $0.fragment, line: $0.line, column: $0.column)
                }
                return BodyResult(rendered: one.rendered, diagnostics: one.diagnostics, links: one.resolver.references.map { serials.numbers[$0.to] },
                                  anchorChecks: checks, entry: entry, source: kept)
            }
        }(cache)
        var results: [BodyResult]
        if carried.isEmpty {
            results = made
        } else {
            var all = carried
            for (position, result) in zip(rendered, made) { all[position] = result }
            results = all.map { $0! }
        }
        // Without a last run the cache is made again, holding only the pages of this one; with it,
        // the renderings of the pages gone are taken out and those made or moved are put in.
        if found == nil, caching { cache = [:] }
        if let last, let found {
            var kept = [Bool](repeating: false, count: last.given.count)
            for case let old? in found.from { kept[old] = true }
            for old in kept.indices where !kept[old] {
                if let source = last.given[old].sourcePath { cache?[source] = nil }
            }
        }
        var output = MarkdownOutput(links: LinkGraph(), bodies: RenderedBodies())
        output.bodies.html.reserveCapacity(results.count)
        output.bodies.twins.reserveCapacity(results.count)
        var anchorChecks: [AnchorCheck] = []
        let outlineOptions = self.outlineOptions
        for position in results.indices {
            let result = results[position]
            if !carried.isEmpty, carried[position] != nil, let last, let old = found?.from[position] {
                // The page as the last run handed it on: its headings, text, outline and lines are this body's.
                pages[position] = last.pages[old]
            } else {
                pages[position].headings = result.rendered.headings
                pages[position].equationAnchors = result.rendered.anchors
                pages[position].plainText = result.rendered.plainText
                if pages[position].sourcePath != nil { pages[position].source = result.source }
                if let source = pages[position].sourcePath, let entry = result.entry { cache?[source] = entry }
                let outline = LessonOutline.render(pages[position], bodyItems: result.rendered.outlineItems, options: outlineOptions)
                pages[position].outline = outline.outline
                if !outline.diagnostics.isEmpty { results[position] = result.with(outlineDiagnostics: outline.diagnostics) }
            }
            output.bodies.html.append(result.rendered.html)
            output.bodies.twins.append(result.rendered.markdown ?? "")
            sink.add(contentsOf: result.diagnostics)
            sink.add(contentsOf: results[position].outlineDiagnostics)
            for link in result.links {
                if let to = serials.position(of: link) { output.links.references.append(PageReference(from: position, to: to)) }
            }
            for check in result.anchorChecks {
                guard let target = serials.position(of: check.target) else { continue }
                anchorChecks.append(AnchorCheck(from: position, target: target, fragment: check.fragment, line: check.line, column: check.column))
            }
        }
        sink.add(contentsOf: Self.checkAnchors(anchorChecks, pages: pages))
        if caching {
            output.cache = cache
            output.run = BodyCache.Run(given: given, pages: pages, results: results, options: optionsKey, serials: serials, untouchedTitles: untouchedTitles)
        }
        retire?([carried, snapshot, positions] as [Any])
        return output
    }

    /// Whether the page is a notebook written as Markdown (its front-matter has jupytext's settings).
    static func isNotebook(_ page: Page) -> Bool {
        page.frontMatter.values["jupytext"] != nil || page.frontMatter.values["kernelspec"] != nil
    }

    /// How the items of a tutorial's outline are rendered: as bodies are, but for headings, which they cannot hold.
    var outlineOptions: MarkdownOptions {
        var options = MarkdownOptions(allowsRawHTML: allowsRawHTML)
        options.mathMacros = mathMacros
        return options
    }

    /// What a body's rendering depends on besides the body and the page.
    var optionsKey: Int {
        var hasher = Hasher()
        hasher.combine(allowsRawHTML)
        hasher.combine(reservedIDs.sorted())
        for (name, body) in mathMacros.sorted(by: { $0.key < $1.key }) {
            hasher.combine(name)
            hasher.combine(body)
        }
        hasher.combine(VideoHost.allCases.filter(videoEmbeds.contains))
        return hasher.finalize()
    }

    /// Renders one body with its links resolved: the one way a body is rendered, by this stage for
    /// every page and by the preview's quick rebuild for an edited one.
    ///
    /// `works` are the resources citations may name, for a body that holds an `@` (`CitedWorks.citable`).
    func render(_ body: PageBody, at position: Int, pages: [Page], index: SiteIndex, works: CitedWorks?) -> (rendered: RenderedMarkdown, resolver: LinkResolver, diagnostics: [Diagnostic]) {
        let page = pages[position]
        var options = MarkdownOptions(allowsRawHTML: allowsRawHTML, reservedHeadingIDs: reservedIDs.union(Self.generatedAnchors(of: page)),
                                      rendersMarkdown: true)
        options.mathMacros = mathMacros
        options.videoEmbeds = videoEmbeds
        options.notebookCells = Self.isNotebook(page)
        options.codeCells = body.codeCells
        if Self.mentionsContents(body.text) {
            options.tableOfContents = Self.seriesContents(of: page, pages: pages)
        }
        var resolver = LinkResolver(pageIndex: position, pages: pages, index: index, source: body.source, works: works)
        var rendered = MarkdownRenderer(options: options).render(String(body.text), resolver: &resolver)
        // A body the renderer refused, or could not write back as Markdown, is its own twin.
        if rendered.markdown == nil { rendered.markdown = String(body.text) }
        if let list = resolver.referenceList(headings: rendered.headings, anchorLabel: options.anchorLinkLabel, line: Self.lineCount(of: body.text) + 1) {
            rendered.html += list.html
            rendered.markdown? += list.markdown
            rendered.headings.append(list.heading)
        }
        var diagnostics = resolver.diagnostics + Self.diagnostics(of: rendered, source: body.source, bodyFirstLine: page.bodyFirstLine)
        if let repeated = Self.repeatedTitle(rendered, page: page, body: body) { diagnostics.append(repeated) }
        return (rendered, resolver, diagnostics)
    }
}
