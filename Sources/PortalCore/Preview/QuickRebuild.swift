import Foundation
import PortalMarkdown

extension SiteBuilder {
    /// The preview server's quick path for its commonest rebuild: edits to the body of existing pages
    /// that keep their front-matter, their links and their heading ids. Nothing another page shows
    /// has changed, so only the edited pages, their twins, `llms-full.txt` and the search files of
    /// the changed terms are written. Returns nil when the change needs the full pipeline.
    func quickRebuild(memory: BuildMemory, changed: Set<String>, start: DispatchTime) -> BuildReport? {
        guard var snapshot = memory.snapshot, !changed.isEmpty else { return nil }
        let changes = ChangeSet(changed, contentRoot: options.contentDirectory, templatesRoot: options.templatesDirectory)
        guard !changes.templates, changes.content.count == changed.count else { return nil }

        var edited: [Int] = []
        var removed: [Diagnostic] = []
        var added: [Diagnostic] = []
        let settings = snapshot.contexts.settings
        let reserved = snapshot.templates.elementIDs.union(MarkdownStage.alwaysReserved)
        for path in changes.content.sorted() {
            guard let position = snapshot.index.pageBySource[path], let entry = memory.files[path], let cached = memory.bodies[path] else { return nil }
            let old = snapshot.contexts.pages[position]
            guard let oldSource = old.source,
                  case .success(let text) = TextFile.read(options.contentDirectory.appendingPathComponent(path), displayPath: oldSource.displayPath)
            else { return nil }
            let source = SourceText(displayPath: oldSource.displayPath, text: text)
            guard case .success(let split) = FrontMatterSplitter.split(text, source: source),
                  case .success(let oldSplit) = FrontMatterSplitter.split(oldSource.text, source: oldSource),
                  split.yaml == oldSplit.yaml, split.yamlFirstLine == oldSplit.yamlFirstLine, split.bodyFirstLine == oldSplit.bodyFirstLine
            else { return nil }
            guard split.body != old.body else { continue }

            let loaded = Page(kind: old.kind, id: old.id, sourcePath: old.sourcePath, source: source, outputDirectory: old.outputDirectory,
                              frontMatter: old.frontMatter, body: split.body, bodyFirstLine: split.bodyFirstLine)
            var page = loaded
            page.gitModified = old.gitModified
            page.fileName = old.fileName
            snapshot.contexts.replace(page, at: position)
            let markdownOptions = MarkdownOptions(allowsRawHTML: settings.allowsRawHTML, reservedHeadingIDs: reserved.union(MarkdownStage.generatedAnchors(of: page)),
                                          rendersMarkdown: true)
            var resolver = LinkResolver(pageIndex: position, pages: snapshot.contexts.pages, index: snapshot.index)
            let rendered = MarkdownRenderer(options: markdownOptions).render(String(page.body), resolver: &resolver)
            let newEntry = BodyCache.Entry(key: BodyCache.Key(page: page, options: cached.key.options), rendered: rendered, resolver: resolver, pages: snapshot.contexts.pages)
            let ownName = BodyCache.Entry.name(of: page)
            let anchorDiagnostics = MarkdownStage.checkAnchors(resolver.anchorChecks, pages: snapshot.contexts.pages)
            let newDiagnostics = newEntry.diagnostics + anchorDiagnostics
            // Same links, same heading ids and no new errors, or the pages around it may change too.
            guard Set(newEntry.targets).subtracting([ownName]) == Set(cached.targets).subtracting([ownName]),
                  rendered.headings.map(\.id) == old.headings.map(\.id),
                  newEntry.staticTargets == cached.staticTargets,
                  !newDiagnostics.contains(where: { $0.severity == .error }),
                  !(options.strict && !newDiagnostics.isEmpty)
            else { return nil }

            page.apply(rendered)
            snapshot.contexts.replace(page, at: position)
            var hasher = Hasher()
            hasher.combine(text)
            memory.files[path] = BuildMemory.LoadedFile(stamp: FileStamp(path: options.contentDirectory.appendingPathComponent(path).path),
                                                        page: loaded, diagnostics: entry.diagnostics, sourceHash: hasher.finalize())
            memory.bodies[path] = newEntry
            removed += cached.diagnostics
            added += newDiagnostics
            edited.append(position)
        }

        let sink = DiagnosticSink()
        let renderer = PageRenderStage(templates: snapshot.templates, contexts: snapshot.contexts, writer: snapshot.writer)
        let pages = snapshot.contexts.pages
        let result = renderer.run(pages: pages, only: edited, recordsDependencies: true, sink: sink)
        for (position, dependencies) in zip(edited, result.dependencies) {
            let path = pages[position].outputPath
            memory.dependencies[path] = dependencies
            // The next full rebuild renders these pages again rather than trust a key computed here.
            memory.renderKeys[path] = nil
        }
        let readerFiles = ReaderFilesStage(pages: pages, graph: snapshot.contexts.graph, settings: settings, templates: snapshot.templates,
                                           contexts: snapshot.contexts).bodyFiles(memory: memory, edited: edited)
        for (path, text) in readerFiles {
            do {
                try snapshot.writer.write(text, to: path)
            } catch {
                sink.add(Diagnostic(.error, "output.write-failed", "cannot write \(path): \(error)", file: path))
            }
        }
        memory.llmsFullIsStale = true
        if sink.hasErrors {
            memory.snapshot = nil
            memory.renderKeys = [:]
            return BuildReport(diagnostics: sink.sorted, pageCount: 0, filesWritten: 0, seconds: seconds(since: start))
        }
        var diagnostics = snapshot.diagnostics
        let stale = Set(removed)
        diagnostics.removeAll { stale.contains($0) }
        let report = DiagnosticSink()
        report.add(contentsOf: diagnostics + added)
        snapshot.diagnostics = report.sorted
        memory.snapshot = snapshot
        let renderedPages = edited.map { pages[$0].outputPath }
        return BuildReport(diagnostics: snapshot.diagnostics, pageCount: pages.count, filesWritten: result.written + readerFiles.count,
                           seconds: seconds(since: start), renderedPages: renderedPages)
    }

    /// Writes what a quick rebuild left for later: `llms-full.txt`; a failure is returned, and the
    /// file stays due so the next rebuild tries again.
    func finishDeferredWork(memory: BuildMemory) -> Diagnostic? {
        guard memory.llmsFullIsStale, let snapshot = memory.snapshot else { return nil }
        let file = ReaderFilesStage(pages: snapshot.contexts.pages, graph: snapshot.contexts.graph, settings: snapshot.contexts.settings, templates: snapshot.templates,
                                    contexts: snapshot.contexts).llmsFull(memory: memory)
        do {
            try snapshot.writer.write(file.1, to: file.0)
        } catch {
            return Diagnostic(.error, "output.write-failed", "cannot write \(file.0): \(error)", file: file.0)
        }
        memory.llmsFullIsStale = false
        return nil
    }

    private func seconds(since start: DispatchTime) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }
}
