import Foundation

/// Builds the portal: a pipeline of named stages, each taking values and returning values.
///
///     scan → read front-matter → index → check templates → render Markdown
///     → cross-reference → render pages → write
public struct SiteBuilder: Sendable {
    /// The inputs.
    public let options: BuildOptions
    /// Sees the context of every template render (tests compare them with the documented shapes).
    var contextObserver: (@Sendable (_ template: String, _ context: TemplateValue) -> Void)?

    /// Creates a builder for `options`.
    public init(options: BuildOptions) {
        self.options = options
    }

    /// Runs every stage; `log` receives one line per stage (`[3/8] Index pages (152)`).
    public func run(log: (String) -> Void = { _ in }) -> BuildReport {
        run(memory: nil, changed: nil, log: log)
    }

    /// Runs every stage. With `memory` (the preview server's), what the last build left is reused:
    /// only files in `changed` (absolute paths; nil means unknown, so every file's stamp is
    /// compared) are read again, and only pages whose render key changed are rendered and written.
    func run(memory: BuildMemory?, changed: Set<String>?, log: (String) -> Void) -> BuildReport {
        let start = DispatchTime.now()
        if let memory, let changed, let quick = quickRebuild(memory: memory, changed: changed, start: start) {
            log("Quick rebuild: \(quick.renderedPages.count) page(s) changed, body only")
            return quick
        }
        memory?.snapshot = nil
        let sink = DiagnosticSink()
        let stageCount = 9
        var stageStart = start
        var stageCPU = Self.processorTime()
        func step(_ number: Int, _ text: String) {
            let now = DispatchTime.now(), cpu = Self.processorTime()
            let milliseconds = Double(now.uptimeNanoseconds - stageStart.uptimeNanoseconds) / 1e6
            let cpuMilliseconds = (cpu.user - stageCPU.user + cpu.system - stageCPU.system) * 1000
            let systemMilliseconds = (cpu.system - stageCPU.system) * 1000
            (stageStart, stageCPU) = (now, cpu)
            log("[\(number)/\(stageCount)] \(text) \(String(format: "%.0f ms (CPU %.0f ms, kernel %.0f ms, peak memory %d MB)", milliseconds, cpuMilliseconds, systemMilliseconds, cpu.peakMegabytes))")
        }
        func report(pages: Int, files: Int, rendered: [String] = []) -> BuildReport {
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
            return BuildReport(diagnostics: sink.sorted, pageCount: pages, filesWritten: files, seconds: seconds, renderedPages: rendered)
        }
        let contentDisplay = display(options.contentDirectory)
        let templatesDisplay = display(options.templatesDirectory)

        guard directoryExists(options.contentDirectory) else {
            sink.add(Diagnostic(.error, "content.missing", "the content folder does not exist", file: contentDisplay, fix: "pass --content with the folder holding site.yml"))
            return report(pages: 0, files: 0)
        }
        guard directoryExists(options.templatesDirectory) else {
            sink.add(Diagnostic(.error, "template.folder-missing", "the templates folder does not exist", file: templatesDisplay, fix: "pass --templates with the theme folder"))
            return report(pages: 0, files: 0)
        }

        if let output = options.outputDirectory, memory?.hasWritten != true, let reason = SiteWriter.recoverInterruptedSwap(of: output) {
            sink.add(Diagnostic(.error, "output.write-failed", "the previous site, moved aside by a build that was stopped, cannot be put back: \(reason)",
                                file: display(output), fix: "move '.portal-swap-\(output.lastPathComponent)' back to '\(display(output))' by hand"))
        }
        let pendingGitDates = memory?.gitDates == nil ? GitDates.Pending(contentRoot: options.contentDirectory) : nil
        let changes = changed.map { ChangeSet($0, contentRoot: options.contentDirectory, templatesRoot: options.templatesDirectory) }

        // 1. Scan content (a rebuild whose changes only edit known files keeps the last scan).
        let inventory: ContentInventory
        if let memory, let previous = memory.inventory, let changes, changes.onlyEdits(previous, contentRoot: options.contentDirectory) {
            inventory = previous
            sink.add(contentsOf: memory.scanDiagnostics)
        } else {
            let scanSink = DiagnosticSink()
            var scanner = ContentScanner(root: options.contentDirectory, displayRoot: contentDisplay)
            inventory = scanner.scan(into: scanSink)
            memory?.inventory = inventory
            memory?.scanDiagnostics = scanSink.sorted
            sink.add(contentsOf: scanSink.sorted)
        }
        step(1, "Scan content (\(inventory.files.count) pages, \(inventory.staticFiles.count) files)")

        // 2. Read front-matter.
        var settings = SiteSettings.load(from: options.contentDirectory, relativePath: inventory.settingsFile, displayRoot: contentDisplay, into: sink)
        if let baseURL = options.baseURL {
            if WebAddress.isValid(baseURL) {
                settings.baseURL = baseURL
            } else {
                sink.add(Diagnostic(.error, "settings.bad-base-url", "'\(baseURL)' given with --base-url is not an http:// or https:// address", file: "--base-url"))
            }
        } else if settings.baseURL == nil, inventory.settingsFile != nil, options.outputDirectory != nil, memory == nil {
            // Only a build writes the feed and the sitemap; a check of the content, or a preview, does not need the address.
            sink.add(Diagnostic(.warning, "settings.no-base-url", "base_url is not set, so feed.xml uses relative addresses and no sitemap.xml is written",
                                file: settings.source?.displayPath ?? "\(contentDisplay)/site.yml", fix: "add 'base_url: https://…/' to site.yml, or pass --base-url when publishing"))
        }
        let loader = PageLoader(contentRoot: options.contentDirectory, displayRoot: contentDisplay)
        let loaded = memory.map { load(inventory.files, with: loader, memory: $0, changes: changes, sink: sink) } ?? loader.load(inventory.files, into: sink)
        let gitDates = memory?.gitDates ?? pendingGitDates?.wait() ?? [:]
        memory?.gitDates = gitDates
        var pages = loaded.filter { options.includeDrafts || !$0.isDraft }.map { page -> Page in
            var page = page
            page.gitModified = page.sourcePath.flatMap { gitDates[$0] }
            return page
        }
        ReviewReminders(today: options.today ?? ReviewReminders.currentDate()).check(pages, sink: sink)
        let drafts = Set(loaded.filter { !options.includeDrafts && $0.isDraft }.compactMap(\.sourcePath))
        // A draft page folder's own files stay out with it.
        let draftFolders = drafts.filter { $0.hasSuffix("/index.md") }.map { String($0.dropLast("index.md".count)) }
        let draftFiles = Set(inventory.staticFiles.filter { file in draftFolders.contains { file.hasPrefix($0) } })
        let staticFiles = inventory.staticFiles.filter { !draftFiles.contains($0) }
        pages += SectionPages.missing(from: pages)
        step(2, "Read front-matter (\(loaded.count) pages, \(drafts.count) drafts left out)")
        if !pages.contains(where: { $0.kind == .home }) {
            if loaded.contains(where: { $0.kind == .home }) {
                sink.add(Diagnostic(.error, "content.no-home", "the home page is a draft, so this build would have no home page", file: "\(contentDisplay)/pages/index.md",
                                    fix: "remove 'draft: true' from it, or build with --drafts"))
            } else {
                sink.add(Diagnostic(.error, "content.no-home", "the home page is missing", file: "\(contentDisplay)/pages/index.md", fix: "create it with a title and a welcome text"))
            }
        }

        // 3. Index ids and URLs.
        var index = SiteIndex(pages: pages, staticFiles: staticFiles, draftSources: drafts.union(draftFiles), sink: sink)
        step(3, "Index pages (\(pages.count) pages, \(staticFiles.count) files)")

        // 4. Load and check templates (a rebuild keeps them while no template changed).
        let needed = Set(pages.map(PageContextBuilder.templateName(for:)) + ["base", "tags", "tag"])
        let templates: TemplateSet
        if let memory, let cached = memory.templates, cached.needed == needed, changes?.templates == false {
            templates = cached.set
            sink.add(contentsOf: cached.diagnostics)
        } else {
            let templateSink = DiagnosticSink()
            templates = TemplateSet.load(from: options.templatesDirectory, displayRoot: templatesDisplay, needed: needed, sink: templateSink)
            memory?.templates = (templates, needed, templateSink.sorted)
            sink.add(contentsOf: templateSink.sorted)
        }
        step(4, "Check templates (\(templates.pageTemplates.count) templates)")

        // 5. Render Markdown, resolving links.
        let links = MarkdownStage(allowsRawHTML: settings.allowsRawHTML, themeIDs: templates.elementIDs).run(pages: &pages, index: index, sink: sink, memory: memory)
        step(5, "Render Markdown (\(pages.count) pages, \(links.references.count) links)")

        // 6. Gather cross-references in both directions.
        let graph = CrossReferenceStage(index: index).run(pages: pages, links: links, sink: sink)
        for page in SectionPages.tagPages(for: graph.tags) {
            index.registerGenerated(page, at: pages.count)
            pages.append(page)
        }
        let navigation = NavigationItem.resolve(settings, pages: pages, index: index, sink: sink)
        step(6, "Cross-reference (\(graph.backlinks.values.reduce(0) { $0 + $1.count }) backlinks, \(graph.tags.count) tags)")

        let plan = OutputPlan(pages: pages, contentFiles: staticFiles, themeAssets: templates.assets,
                              readerFiles: ReaderFilesStage.paths(pages: pages, hasBaseURL: settings.baseURL != nil),
                              contentDisplay: contentDisplay, templatesDisplay: templatesDisplay, sink: sink)
        if options.strict { sink.promoteWarnings() }
        guard !sink.hasErrors else {
            step(7, "Render pages (skipped: errors)")
            step(8, "Write indexes (skipped: errors)")
            step(9, "Write site (skipped: errors)")
            return report(pages: 0, files: 0)
        }

        // 7 and 8. Render pages and write the site.
        var writer: SiteWriter?
        if let output = options.outputDirectory {
            if let memory, memory.hasWritten {
                writer = SiteWriter.inPlace(output: output)
            } else {
                switch SiteWriter.prepare(output: output, display: display(output),
                                          protected: [options.contentDirectory, options.templatesDirectory], workingDirectory: options.workingDirectory) {
                case .success(let prepared): writer = prepared
                case .failure(let diagnostic):
                    sink.add(diagnostic)
                    return report(pages: 0, files: 0)
                }
            }
        }
        var refInputs: [Int] = []
        var sameRefs: [Bool]?
        if let memory {
            refInputs = RenderKeys.refInputs(pages: pages, graph: graph) { page in page.sourcePath.flatMap { memory.files[$0]?.sourceHash } }
            if memory.refInputs.count == pages.count, memory.contexts?.pages.map(\.outputPath) == pages.map(\.outputPath) {
                sameRefs = zip(refInputs, memory.refInputs).map { $0 == $1 }
            }
        }
        if memory == nil {
            // The file texts, which rendering and the indexes would otherwise hold on to.
            for position in pages.indices { pages[position].releaseSource() }
        }
        let contexts = PageContextBuilder(pages: pages, graph: graph, settings: settings, navigation: navigation,
                                          reusing: sameRefs == nil ? nil : memory?.contexts, sameRefs: sameRefs)
        var renderer = PageRenderStage(templates: templates, contexts: contexts, writer: writer)
        renderer.contextObserver = contextObserver
        var rendered: [Int]?
        var written = 0
        var streamedTwins = 0
        if let memory {
            let own = ParallelMap.map(pages) { page in
                RenderKeys.own(of: page, sourceHash: page.sourcePath.flatMap { memory.files[$0]?.sourceHash },
                               htmlHash: page.sourcePath.flatMap { memory.bodies[$0]?.htmlHash })
            }
            let renderKeys = RenderKeys(pages: pages, graph: graph, settings: settings, navigation: navigation, templates: templates, contexts: contexts,
                                        own: own, previousCards: sameRefs == nil ? nil : memory.cardHashes, sameRefs: sameRefs)
            memory.refInputs = refInputs
            memory.cardHashes = renderKeys.cards
            memory.contexts = contexts
            let paths = pages.map(\.outputPath)
            let stale = ParallelMap.map(Array(pages.indices)) { position -> Bool in
                let path = paths[position]
                guard let dependencies = memory.dependencies[path], let previous = memory.renderKeys[path] else { return true }
                return renderKeys.key(of: position, dependencies: dependencies) != previous
            }
            rendered = pages.indices.filter { stale[$0] }
            // Cards of pages whose refs are unchanged are still right while the templates are.
            let fragments: FragmentCache
            if let kept = memory.fragments, kept.templates == templates.pageFingerprints, let sameRefs {
                fragments = kept.cache
                fragments.forget(positions: Set(sameRefs.indices.filter { !sameRefs[$0] }))
            } else {
                fragments = FragmentCache()
            }
            memory.fragments = (fragments, templates.pageFingerprints)
            let result = renderer.run(pages: pages, only: rendered, recordsDependencies: true, fragments: fragments, sink: sink)
            written = result.written
            for (position, dependencies) in zip(rendered ?? [], result.dependencies) {
                let path = pages[position].outputPath
                memory.dependencies[path] = dependencies
                memory.renderKeys[path] = renderKeys.key(of: position, dependencies: dependencies)
            }
            if memory.renderKeys.count > pages.count {
                let live = Set(pages.map(\.outputPath))
                memory.renderKeys = memory.renderKeys.filter { live.contains($0.key) }
                memory.dependencies = memory.dependencies.filter { live.contains($0.key) }
            }
            step(7, "Render pages (\(rendered?.count ?? 0) of \(pages.count))")
        } else {
            // The twins and llms-full.txt go first, so that each page's twin body is let go of before
            // rendering fills the fragment cache and the refs, and the freed memory is handed back;
            // each page's HTML body goes once it is written.
            if let writer {
                streamedTwins = ReaderFilesStage(pages: pages, graph: graph, settings: settings, templates: templates, contexts: contexts)
                    .streamTwins(to: writer, sink: sink)
            }
            FreedMemory.release()
            written = renderer.run(pages: pages, releasingBodies: true, sink: sink).written
            FreedMemory.release()
            step(7, writer == nil ? "Render pages (\(pages.count))" : "Render pages (\(pages.count), with their Markdown twins and llms-full.txt)")
        }
        var copied = 0
        var keep = plan.outputPaths
        if let writer {
            let readerFiles = ReaderFilesStage(pages: pages, graph: graph, settings: settings, templates: templates, contexts: contexts)
                .files(memory: memory, rendered: rendered, twinsStreamed: memory == nil)
            let failures = ParallelMap.map(readerFiles.write) { file -> Diagnostic? in
                do {
                    try writer.write(file.1, to: file.0)
                    return nil
                } catch {
                    return Diagnostic(.error, "output.write-failed", "cannot write \(file.0): \(error)", file: file.0)
                }
            }.compactMap { $0 }
            sink.add(contentsOf: failures)
            copied += readerFiles.write.count - failures.count + streamedTwins
            keep.formUnion(readerFiles.all)
            step(8, "Write indexes (\(readerFiles.write.count) files: \(memory == nil ? "" : "Markdown twins, ")llms.txt, catalog, feed, search)")
        } else {
            step(8, "Write indexes (skipped: check only)")
        }
        if let writer {
            copied += plan.copy(contentRoot: options.contentDirectory, templatesRoot: options.templatesDirectory, writer: writer, memory: memory, sink: sink)
            if sink.hasErrors {
                memory?.copied = [:]
                // A full disk fails every later write: one error for the cause, and the partial
                // output is removed rather than kept for the next build, so the room comes back.
                let outOfSpace = sink.removeAll(where: DiskSpace.isOutOfSpace) > 0
                if !writer.inPlace { writer.abandon(keepingAsCache: !outOfSpace) }
                if outOfSpace {
                    let room = DiskSpace.describe(writer.output).map { " (\($0) now)" } ?? ""
                    sink.add(Diagnostic(.error, "output.disk-full", "the disk holding '\(display(writer.output))' is full\(room); the partial output was removed",
                                        file: display(writer.output), fix: "free some space on that disk, or pass --output with a folder on another disk"))
                }
            } else if let memory, memory.hasWritten {
                writer.remove(memory.written.subtracting(keep))
            } else {
                do {
                    try writer.commit(keeping: keep)
                } catch {
                    writer.abandon()
                    sink.add(Diagnostic(.error, "output.write-failed", "cannot put the new site in place: \(error.localizedDescription)", file: display(writer.output)))
                }
            }
            if let memory, !sink.hasErrors {
                // A rebuild in place left llms-full.txt for `finishDeferredWork`.
                memory.llmsFullIsStale = memory.hasWritten
                memory.written = keep
                memory.hasWritten = true
                memory.snapshot = BuildMemory.Snapshot(index: index, contexts: contexts, templates: templates,
                                                       writer: SiteWriter.inPlace(output: writer.output), diagnostics: sink.sorted)
            }
            step(9, "Write site (\(written + copied) files)")
        } else {
            step(9, "Write site (skipped: check only)")
        }
        return report(pages: pages.count, files: writer == nil ? 0 : written + copied, rendered: (rendered ?? Array(pages.indices)).map { pages[$0].outputPath })
    }

    /// Stage 2 with the preview server's memory: files not named in `changes` (or, without a
    /// change list, whose stamp is unchanged) are taken from the last build.
    private func load(_ files: [ContentFile], with loader: PageLoader, memory: BuildMemory, changes: ChangeSet?, sink: DiagnosticSink) -> [Page] {
        let root = options.contentDirectory.path + "/"
        var stamps: [String: FileStamp?] = [:]
        let stale = files.filter { file in
            guard let entry = memory.files[file.relativePath], entry.page?.kind ?? file.kind == file.kind, entry.page?.id ?? file.id == file.id else { return true }
            if let changes { return changes.content.contains(file.relativePath) }
            let stamp = FileStamp(path: root + file.relativePath)
            stamps[file.relativePath] = stamp
            return stamp == nil || stamp != entry.stamp
        }
        for (file, result) in zip(stale, loader.loadEach(stale)) {
            let stamp = stamps[file.relativePath] ?? FileStamp(path: root + file.relativePath)
            var hasher = Hasher()
            hasher.combine(result.0?.source?.text)
            memory.files[file.relativePath] = BuildMemory.LoadedFile(stamp: stamp, page: result.0, diagnostics: result.1, sourceHash: hasher.finalize())
        }
        if memory.files.count > files.count {
            let live = Set(files.map(\.relativePath))
            memory.files = memory.files.filter { live.contains($0.key) }
        }
        var pages: [Page] = []
        for file in files {
            guard let entry = memory.files[file.relativePath] else { continue }
            sink.add(contentsOf: entry.diagnostics)
            if let page = entry.page { pages.append(page) }
        }
        return pages
    }

    /// The processor time this process has used so far, in seconds (in its own code and in the
    /// kernel), and its peak resident memory.
    private static func processorTime() -> (user: Double, system: Double, peakMegabytes: Int) {
        var usage = rusage()
        guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return (0, 0, 0) }
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return (seconds(usage.ru_utime), seconds(usage.ru_stime), usage.ru_maxrss / 1024)
    }

    private func directoryExists(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// `url` as a path relative to the working directory when it lies inside it.
    private func display(_ url: URL) -> String {
        let path = url.standardizedFileURL.path
        let base = options.workingDirectory.standardizedFileURL.path
        if path == base { return "." }
        if path.hasPrefix(base + "/") { return String(path.dropFirst(base.count + 1)) }
        return path
    }
}
