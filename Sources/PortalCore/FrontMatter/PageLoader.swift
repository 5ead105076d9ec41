import Foundation

/// Stages 2 and 3: reads each Markdown file, splits off its front-matter and decodes it.
struct PageLoader {
    let contentRoot: URL
    let displayRoot: String

    /// Loads every file of the inventory, in parallel; a file that cannot be read or decoded becomes diagnostics.
    func load(_ files: [ContentFile], into sink: DiagnosticSink) -> [Page] {
        let rootPath = contentRoot.path
        let results = ParallelMap.map(files) { file in load(file, rootPath: rootPath) }
        var pages: [Page] = []
        for (page, diagnostics) in results {
            sink.add(contentsOf: diagnostics)
            if let page { pages.append(page) }
        }
        return pages
    }

    /// Loads each file on its own, in parallel, keeping each file's page and diagnostics together
    /// (the preview server caches them per file).
    func loadEach(_ files: [ContentFile]) -> [(Page?, [Diagnostic])] {
        let rootPath = contentRoot.path
        return ParallelMap.map(files) { file in load(file, rootPath: rootPath) }
    }

    private func display(_ relative: String) -> String {
        displayRoot.isEmpty ? relative : "\(displayRoot)/\(relative)"
    }

    /// Loads one file of the folder at `rootPath` (`contentRoot.path`: a path is joined as a string,
    /// where building a `URL` for every file cost more than reading it).
    private func load(_ file: ContentFile, rootPath: String) -> (Page?, [Diagnostic]) {
        let path = display(file.relativePath)
        let text: String
        switch TextFile.read(path: rootPath + "/" + file.relativePath, displayPath: path) {
        case .success(let value): text = value
        case .failure(let diagnostic): return (nil, [diagnostic])
        }
        let source = SourceText(displayPath: path, text: text)
        let split: SplitDocument
        switch FrontMatterSplitter.split(text, source: source) {
        case .success(let value): split = value
        case .failure(let diagnostic): return (nil, [diagnostic])
        }
        var diagnostics: [Diagnostic] = []
        let decoder = FrontMatterDecoder(schema: .forKind(file.kind), source: source, firstLine: split.yamlFirstLine)
        let frontMatter = decoder.decode(split.yaml, diagnostics: &diagnostics)
        let page = Page(
            kind: file.kind, id: file.id, sourcePath: file.relativePath, source: source,
            outputDirectory: Page.outputDirectory(kind: file.kind, id: file.id),
            frontMatter: frontMatter, body: split.body, bodyFirstLine: split.bodyFirstLine
        )
        return (page, diagnostics)
    }
}
