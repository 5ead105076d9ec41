/// Stage 7: renders every page through its kind's template and the base layout, in parallel,
/// writing each page as soon as it is rendered so the whole site is never held in memory.
struct PageRenderStage: Sendable {
    let templates: TemplateSet
    let contexts: PageContextBuilder
    let writer: SiteWriter?
    /// Sees every context before it is rendered; tests use it to compare contexts with the documented shapes.
    var contextObserver: (@Sendable (_ template: String, _ context: TemplateValue) -> Void)?

    /// Renders (and, with a writer, writes) every page; returns the number of files written.
    func run(pages: [Page], sink: DiagnosticSink) -> Int {
        let results = ParallelMap.map(Array(pages.indices)) { position -> Diagnostic? in
            let page = pages[position]
            var context = contexts.context(for: position)
            let name = PageContextBuilder.templateName(for: page)
            contextObserver?(name, .record(context))
            context["body"] = .text(templates.render(name, context: .record(context)))
            contextObserver?("base", .record(context))
            let html = templates.render("base", context: .record(context))
            guard let writer else { return nil }
            do {
                try writer.write(html, to: page.outputPath)
                return nil
            } catch {
                return Diagnostic(.error, "output.write-failed", "cannot write \(page.outputPath): \(error.localizedDescription)", file: page.outputPath,
                                  fix: "check that the output folder's parent is writable")
            }
        }
        let failures = results.compactMap { $0 }
        sink.add(contentsOf: failures)
        return writer == nil ? 0 : pages.count - failures.count
    }
}
