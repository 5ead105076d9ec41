import Foundation
import PortalMarkdown

extension PreviewBuild {
    /// The quick path for the next commonest rebuild: one page's title or summary edited, and
    /// nothing else of its file. No relation between pages changes, so the last build's graph,
    /// contexts and render keys are updated where the page is (its place in the lists sorted by
    /// title, the refs that show it) instead of being made again for every page; then the pages
    /// whose key changed are rendered, as a full rebuild would decide. Returns nil when the change
    /// needs the full pipeline.
    func cardRebuild(changed: Set<String>, stages: StageLog) -> BuildReport? {
        guard var snapshot, var keys, let inventory, !changed.isEmpty else { return nil }
        let changes = ChangeSet(changed, contentRoot: options.contentDirectory, templatesRoot: options.templatesDirectory)
        guard !changes.templates, changes.content.count == 1, changed.count == 1, let path = changes.content.first,
              !path.hasSuffix(ContentFile.notebookExtension),
              let position = snapshot.index.pageBySource[path], let entry = files[path], let old = entry.page, entry.body.includes.isEmpty,
              let cached = renderings[path], let file = inventory.files.first(where: { $0.relativePath == path })
        else { return nil }
        var loader = PageLoader(contentRoot: options.contentDirectory, displayRoot: options.display(options.contentDirectory))
        loader.contentFiles = Set(inventory.staticFiles)
        guard let (loadedPages, loadDiagnostics) = loader.loadEach([file]).first, loadedPages.count == 1, let loaded = loadedPages.first,
              loaded.body.text == entry.body.text, loaded.body.includes.isEmpty, loaded.page.bodyFirstLine == old.bodyFirstLine,
              loaded.page.frontMatter.differsOnlyInCard(from: old.frontMatter),
              !loadDiagnostics.contains(where: { $0.severity == .error }), !(options.strict && !loadDiagnostics.isEmpty)
        else { return nil }

        var page = snapshot.contexts.pages[position]
        // A resource completing a `.bib` entry is merged from two files, which the full pipeline does.
        guard page.completedEntry == nil else { return nil }
        var graph = snapshot.contexts.graph
        // Indexes show their titles on every page; a long breakout listing's later pages copy its title.
        guard ![.home, .section, .tags, .tag].contains(page.kind), (graph.listings[position]?.pageCount ?? 1) == 1 else { return nil }
        // A resource's title is in the References of every page citing it, whose bodies only the full pipeline renders again.
        guard page.kind != .resource || !renderings.values.contains(where: { $0.cited.contains(path) }) else { return nil }
        page.frontMatter = loaded.page.frontMatter
        page.source = loaded.body.source ?? loaded.page.source
        let markdown = MarkdownStage(settings: snapshot.contexts.settings, themeIDs: snapshot.templates.elementIDs)
        // The title's formulas, as the full pipeline renders them; a mistake in one takes that path.
        var titled = [page]
        let titleSink = DiagnosticSink()
        markdown.renderTitles(&titled, sink: titleSink)
        guard titleSink.sorted.isEmpty else { return nil }
        page = titled[0]
        var pages = snapshot.contexts.pages
        pages[position] = page

        // The body is the same, but its problems may not be: a first heading may now repeat the title.
        let works = CitedWorks.citable(by: loaded.body.text, pages: pages)
        let one = markdown.render(loaded.body, at: position, pages: pages, index: snapshot.index, works: works)
        let rendering = BodyCache.Entry(key: BodyCache.Key(page: page, body: loaded.body, options: markdown.optionsKey, pages: pages, works: works), rendered: one.rendered,
                                        diagnostics: one.diagnostics, resolver: one.resolver, pages: pages)
        guard one.rendered.html == cached.rendered.html, rendering.targets == cached.targets,
              !one.diagnostics.contains(where: { $0.severity == .error }), !(options.strict && !one.diagnostics.isEmpty)
        else { return nil }
        // A `{tableofcontents}` in a body of the page's series lists the parts by title.
        if let series = page.frontMatter.text("series") {
            let members = (graph.series[series] ?? []) + [graph.seriesPages[series]].compactMap { $0 }
            guard !members.contains(where: { pages[$0].sourcePath.flatMap { renderings[$0]?.key.contents } != nil }) else { return nil }
        }

        // The lists sorted by title that hold the page, where its new title moves it.
        var order = snapshot.contexts.order
        var owners: Set<Int> = []
        if order.retitle(page, at: position) {
            guard let changedLists = graph.retitle(position, pages: pages, order: order) else { return nil }
            owners = changedLists
        }

        // The refs that show the page (its own; a breakout's shows on its pages' refs, a series'
        // title on its parts'), found as a full rebuild finds them: by what each is made of.
        var hasher = Hasher()
        hasher.combine(loaded.body.source?.text)
        let sourceHash = hasher.finalize()
        guard self.refInputs.count == pages.count else { return nil }
        let refInputs = RenderKeys.refInputs(updating: self.refInputs, changed: position, pages: pages, graph: graph) {
            pages[$0].sourcePath == path ? sourceHash : self.files.sourceHash(of: pages[$0])
        }
        let staleRefs = pages.indices.filter { refInputs[$0] != self.refInputs[$0] }
        page.headings = one.rendered.headings
        page.equationAnchors = one.rendered.anchors
        page.plainText = one.rendered.plainText
        pages[position] = page
        snapshot.contexts.retitle(page, at: position, graph: graph, order: order, stale: staleRefs)
        let identities = snapshot.contexts.identities
        fragments?.cache.forget(pages: Set(staleRefs.map { identities[$0] }))
        var cards: [Int: Int] = [:]
        for stale in staleRefs { cards[stale] = RenderKeys.card(of: stale, contexts: snapshot.contexts) }
        keys.update(page, at: position, own: RenderKeys.own(of: page, sourceHash: sourceHash, htmlHash: rendering.htmlHash), graph: graph, cards: cards)

        // The pages whose key may have changed: this one, the owners of the lists it moved in,
        // and every page whose context showed a ref that changed. Those whose key did are rendered.
        let shownStale = Set(staleRefs.map { identities[$0] })
        var candidates = owners
        candidates.insert(position)
        // Few refs change in a card edit: looking each shown one up in a short list beats hashing it.
        let staleList = Array(shownStale)
        let isStale: (Int) -> Bool = staleList.count <= 8 ? { staleList.contains($0) } : { shownStale.contains($0) }
        for (candidate, identity) in identities.enumerated() where !candidates.contains(candidate) {
            if renderRecords.shown(by: identity)?.contains(where: isStale) ?? true { candidates.insert(candidate) }
        }
        let rendered = candidates.sorted().filter { candidate in
            guard let shown = renderRecords.shown(by: identities[candidate]), let previous = renderRecords.key(of: identities[candidate]) else { return true }
            return keys.key(of: candidate, dependencies: shown) != previous
        }
        let sink = DiagnosticSink()
        let result = PageRenderStage(templates: snapshot.templates, contexts: snapshot.contexts, writer: snapshot.writer)
            .run(pages: pages, bodies: rendered.map { snapshot.bodies.html[$0] }, only: rendered, recordsDependencies: true, fragments: fragments?.cache, sink: sink)
        for (candidate, shown) in zip(rendered, result.dependencies) {
            let dependencies = shown.map { identities[$0] }
            renderRecords.record(key: keys.key(of: candidate, dependencies: dependencies), shown: dependencies, for: identities[candidate])
        }

        // What the next rebuild starts from.
        files[path] = LoadedFiles.Entry(stamp: FileStamp(path: options.contentDirectory.appendingPathComponent(path).path), page: loaded.page, body: loaded.body,
                                        diagnostics: loadDiagnostics, sourceHash: sourceHash)
        renderings[path] = rendering
        self.refInputs = refInputs
        for (stale, card) in cards { cardHashes[stale] = card }
        retire(self.keys)
        self.keys = keys
        contexts = snapshot.contexts
        snapshot.bodies.twins[position] = one.rendered.markdown ?? ""

        // The catalog entries that may have changed: the page's, those holding a ref input that
        // changed (a tag's entry holds its pages'), and those whose lists the page moved in.
        var catalogEntries = owners.union(staleRefs)
        catalogEntries.insert(position)
        for stale in staleRefs {
            for tag in pages[stale].frontMatter.list("tags") {
                if let tagPage = snapshot.index.page(kind: .tag, id: tag.value) { catalogEntries.insert(tagPage) }
            }
        }
        let written = deferReaderFiles(PendingReaderFiles(
            stage: ReaderFilesStage(pages: pages, graph: graph, settings: snapshot.contexts.settings, templates: snapshot.templates, contexts: snapshot.contexts),
            refInputs: refInputs, rendered: rendered, twinBodies: snapshot.bodies.twins, html: snapshot.bodies.html, entries: catalogEntries),
                                       writer: snapshot.writer, sink: sink)
        llmsFullIsStale = true
        if sink.hasErrors {
            pendingReaderFiles = nil
            self.snapshot = nil
            renderRecords.forgetKeys()
            return stages.report(sink)
        }

        let stale = Set(entry.diagnostics + cached.diagnostics)
        let report = DiagnosticSink()
        report.add(contentsOf: snapshot.diagnostics.filter { !stale.contains($0) } + loadDiagnostics + one.diagnostics)
        snapshot.diagnostics = report.sorted
        retire(self.snapshot)
        self.snapshot = snapshot
        return BuildReport(diagnostics: snapshot.diagnostics, pageCount: pages.count, filesWritten: result.written + written,
                           seconds: stages.seconds, renderedPages: rendered.map { pages[$0].outputPath })
    }
}
