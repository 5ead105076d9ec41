/// Stage 7: renders every page through its kind's template and the base layout, in parallel,
/// writing each page as soon as it is rendered so the whole site is never held in memory.
struct PageRenderStage: Sendable {
    let templates: TemplateSet
    let contexts: PageContextBuilder
    let writer: SiteWriter?
    /// Sees every context before it is rendered; tests use it to compare contexts with the documented shapes.
    var contextObserver: (@Sendable (_ template: String, _ context: TemplateValue) -> Void)?
    /// The manifest of the output, for a one-off build: a page whose key and file are unchanged is
    /// neither rendered nor written, and every page written is recorded.
    var reuse: OutputReuse?

    /// Renders (and, with a writer, writes) the pages at `positions` (all when nil), whose rendered
    /// bodies are `bodies`, in the same order; returns the number of files written and, when asked,
    /// the pages each rendered context showed, in the order of `positions`. Cards come from and go to
    /// `fragments` (a new cache when nil). The bodies are consumed: each is let go of once its page is
    /// written, unless the caller holds it too; with `handsBackMemory` (a one-off build, which does not)
    /// what was let go of is handed back to the system every so many pages.
    func run(pages: [Page], bodies: consuming [String], only positions: [Int]? = nil, recordsDependencies: Bool = false, fragments: FragmentCache? = nil,
             handsBackMemory: Bool = false, meter: ProgressMeter? = nil, sink: DiagnosticSink) -> (written: Int, dependencies: [[Int]]) {
        let positions = positions ?? Array(pages.indices)
        let fragments = fragments ?? FragmentCache()
        let work = Array(zip(positions, consume bodies))
        let results = ParallelMap.map(consuming: work) { position, body -> (Diagnostic?, [Int]) in
            let page = pages[position]
            if case .data(let part) = page.listingPart, let owner = contexts.graph.listingOwners[position], let layout = contexts.graph.listings[owner] {
                let (script, dependencies) = DependencyRecorder.recording {
                    ListingData.script(layout, part: part, contexts: contexts, templates: templates, fragments: fragments)
                }
                return (write(script, of: page), dependencies)
            }
            let (context, dependencies) = recordsDependencies ? DependencyRecorder.recording { contexts.context(for: position, body: body) }
                : (contexts.context(for: position, body: body), [])
            var record = context
            let name = PageContextBuilder.templateName(for: page)
            let key = reuse?.key(template: name, context: .record(record), sectionsRead: templates.sectionsRead[name] ?? nil)
            if let key, reuse?.keeps(page.outputPath, key: key) == true { return (nil, dependencies) }
            contextObserver?(name, .record(record))
            let markup = templates.render(name, context: .record(record), fragments: fragments)
            record.setAssets(from: markup)
            record["body"] = .text(markup)
            contextObserver?("base", .record(record))
            let html = templates.render("base", context: .record(record), fragments: fragments)
            record = [:]  // it holds the body too
            meter?.advance()
            if handsBackMemory, position % FreedMemory.pagesBetweenReleases == FreedMemory.pagesBetweenReleases - 1 {
                FreedMemory.release()
            }
            let failure = write(html, of: page)
            if failure == nil, let key { reuse?.record(page.outputPath, key: key) }
            return (failure, dependencies)
        }
        let failures = results.compactMap(\.0)
        sink.add(contentsOf: failures)
        return (writer == nil ? 0 : positions.count - failures.count, results.map(\.1))
    }

    /// Writes `text` to `page`'s file, when there is a writer; the failure, if any.
    private func write(_ text: String, of page: Page) -> Diagnostic? {
        guard let writer else { return nil }
        do {
            try writer.write(text, to: page.outputPath)
            return nil
        } catch {
            return Diagnostic(.error, "output.write-failed", "cannot write \(page.outputPath): \(error.localizedDescription)", file: page.outputPath,
                              fix: "check that the output folder's parent is writable")
        }
    }
}
