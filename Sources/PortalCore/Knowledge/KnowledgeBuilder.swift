import Foundation

/// Builds what the knowledge tools read, in memory: the stages `portal check` runs up to the
/// cross-references, then each page's catalog entry, Markdown twin and search document, made by
/// the same code that writes `catalog.json`, the `index.md` twins and `search/` (nothing written).
struct KnowledgeBuilder: Sendable {
    let options: BuildOptions

    /// The knowledge of the content, or nil with the diagnostics when it has errors.
    func run() -> (knowledge: SiteKnowledge?, diagnostics: [Diagnostic]) {
        let sink = DiagnosticSink()
        guard let (read, bodies) = FrontMatterStage.readContent(options, into: sink) else { return (nil, sink.sorted) }
        var content = read
        let templatesDisplay = options.display(options.templatesDirectory)
        var index = SiteIndex(pages: content.pages, staticFiles: content.staticFiles, draftSources: content.draftSources, sink: sink)
        // The theme is checked too: the same errors as `portal check`, so the tools never answer
        // from content the site would refuse to build.
        let templates = TemplateSet.load(from: options.templatesDirectory, displayRoot: templatesDisplay, needed: TemplateSet.needed(by: content.pages), sink: sink)
        var markdown = MarkdownStage(settings: content.settings, themeIDs: templates.elementIDs)
            .run(pages: &content.pages, bodies: consume bodies, index: index, sink: sink)
        let (graph, navigation, order, _) = CrossReferenceStage.run(pages: &content.pages, index: &index, links: markdown.links, settings: content.settings, sink: sink)
        if options.strict { sink.promoteWarnings() }
        guard !sink.hasErrors else { return (nil, sink.sorted) }
        for position in content.pages.indices { content.pages[position].source = nil }
        let contexts = PageContextBuilder(pages: content.pages, graph: graph, settings: content.settings, navigation: navigation, order: order)
        let knowledge = SiteKnowledge(contexts: contexts, twinBodies: markdown.bodies.takeTwins(), settings: content.settings)
        return (knowledge, sink.sorted)
    }
}
