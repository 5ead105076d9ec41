import Foundation
import PortalMarkdown

extension PreviewBuild {
    /// The quick path for the commonest rebuild: edits to the body of existing pages that keep
    /// their front-matter, their links and their heading ids. Nothing another page shows has
    /// changed, so only the edited pages, their twins, `llms-full.txt` and the search files of the
    /// changed terms are written. Returns nil when the change needs the full pipeline.
    func quickRebuild(changed: Set<String>, stages: StageLog) -> BuildReport? {
        guard var snapshot, !changed.isEmpty else { return nil }
        let changes = ChangeSet(changed, contentRoot: options.contentDirectory, templatesRoot: options.templatesDirectory)
        guard !changes.templates, changes.content.count == changed.count else { return nil }

        var edited: [Int] = []
        var removed: [Diagnostic] = []
        var added: [Diagnostic] = []
        let markdown = MarkdownStage(settings: snapshot.contexts.settings, themeIDs: snapshot.templates.elementIDs)
        for path in changes.content.sorted() {
            // A notebook's page is made from its JSON (and its images written), which the full pipeline does.
            guard !path.hasSuffix(ContentFile.notebookExtension) else { return nil }
            // A resource completing a `.bib` entry is merged from two files, which the full pipeline does.
            guard let position = snapshot.index.pageBySource[path], snapshot.contexts.pages[position].completedEntry == nil,
                  let entry = files[path], entry.body.includes.isEmpty, let cached = renderings[path],
                  let oldSource = entry.body.source,
                  case .success(let text) = TextFile.read(options.contentDirectory.appendingPathComponent(path), displayPath: oldSource.displayPath)
            else { return nil }
            let source = SourceText(displayPath: oldSource.displayPath, text: text)
            guard case .success(let split) = FrontMatterSplitter.split(text, source: source),
                  case .success(let oldSplit) = FrontMatterSplitter.split(oldSource.text, source: oldSource),
                  split.yaml == oldSplit.yaml, split.yamlFirstLine == oldSplit.yamlFirstLine, split.bodyFirstLine == oldSplit.bodyFirstLine
            else { return nil }
            guard split.body != entry.body.text else { continue }

            // The same page, with the new text for the diagnostics the rendering and the anchor checks make.
            var page = snapshot.contexts.pages[position]
            page.source = source
            snapshot.contexts.replace(page, at: position)
            let body = PageBody(source: source, text: split.body)
            let works = CitedWorks.citable(by: body.text, pages: snapshot.contexts.pages)
            let one = markdown.render(body, at: position, pages: snapshot.contexts.pages, index: snapshot.index, works: works)
            let newEntry = BodyCache.Entry(key: BodyCache.Key(page: page, body: body, options: markdown.optionsKey, pages: snapshot.contexts.pages, works: works),
                                           rendered: one.rendered,
                                           diagnostics: one.diagnostics, resolver: one.resolver, pages: snapshot.contexts.pages)
            let ownName = BodyCache.Entry.name(of: page)
            let newDiagnostics = newEntry.diagnostics + MarkdownStage.checkAnchors(one.resolver.anchorChecks, pages: snapshot.contexts.pages)
            // Same links, same heading and equation ids and no new errors, or the pages around it may change too.
            guard Set(newEntry.targets).subtracting([ownName]) == Set(cached.targets).subtracting([ownName]),
                  one.rendered.headings.map(\.id) == page.headings.map(\.id), one.rendered.anchors == page.equationAnchors,
                  newEntry.staticTargets == cached.staticTargets,
                  !newDiagnostics.contains(where: { $0.severity == .error }),
                  !(options.strict && !newDiagnostics.isEmpty)
            else { return nil }

            page.headings = one.rendered.headings
            page.equationAnchors = one.rendered.anchors
            page.plainText = one.rendered.plainText
            snapshot.contexts.replace(page, at: position)
            snapshot.bodies.html[position] = one.rendered.html
            snapshot.bodies.twins[position] = one.rendered.markdown ?? ""
            var hasher = Hasher()
            hasher.combine(text)
            let sourceHash = hasher.finalize()
            files[path] = LoadedFiles.Entry(stamp: FileStamp(path: options.contentDirectory.appendingPathComponent(path).path),
                                            page: entry.page, body: body, diagnostics: entry.diagnostics, sourceHash: sourceHash)
            renderings[path] = newEntry
            // A card edit later computes the keys of the pages it may render again, this one among them.
            keys?.update(page, at: position, own: RenderKeys.own(of: page, sourceHash: sourceHash, htmlHash: newEntry.htmlHash))
            removed += cached.diagnostics
            added += newDiagnostics
            edited.append(position)
        }

        let sink = DiagnosticSink()
        let pages = snapshot.contexts.pages
        let result = PageRenderStage(templates: snapshot.templates, contexts: snapshot.contexts, writer: snapshot.writer)
            .run(pages: pages, bodies: edited.map { snapshot.bodies.html[$0] }, only: edited, recordsDependencies: true, sink: sink)
        for (position, dependencies) in zip(edited, result.dependencies) {
            // The next full rebuild renders these pages again rather than trust a key computed here.
            renderRecords.record(key: nil, shown: dependencies.map { snapshot.contexts.identities[$0] }, for: snapshot.contexts.identities[position])
        }
        let searchBefore = Set(readerFiles.search.paths)
        let files = ReaderFilesStage(pages: pages, graph: snapshot.contexts.graph, settings: snapshot.contexts.settings, templates: snapshot.templates,
                                     contexts: snapshot.contexts).bodyFiles(cache: &readerFiles, edited: edited, twinBodies: snapshot.bodies.twins,
                                                                    html: snapshot.bodies.html)
        let written = snapshot.writer.write(files, changed: true, sink: sink)
        llmsFullIsStale = true
        if sink.hasErrors {
            self.snapshot = nil
            renderRecords.forgetKeys()
            return stages.report(sink)
        }
        // A word gone or new can take a search file away or add one: the site keeps exactly the
        // index's files, and a later full rebuild knows the new ones are the preview's to remove.
        let searchAfter = Set(readerFiles.search.paths)
        let gone = searchBefore.subtracting(searchAfter)
        snapshot.writer.remove(gone)
        readerFiles.forgetRemoved(gone)
        self.written.subtract(gone)
        self.written.formUnion(searchAfter)
        var diagnostics = snapshot.diagnostics
        let stale = Set(removed)
        diagnostics.removeAll { stale.contains($0) }
        let report = DiagnosticSink()
        report.add(contentsOf: diagnostics + added)
        snapshot.diagnostics = report.sorted
        self.snapshot = snapshot
        return BuildReport(diagnostics: snapshot.diagnostics, pageCount: pages.count, filesWritten: result.written + written,
                           seconds: stages.seconds, renderedPages: edited.map { pages[$0].outputPath })
    }
}
