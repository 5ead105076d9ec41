import Foundation

/// Part of stage 2: reads each Markdown file, splits off its front-matter and decodes it.
struct PageLoader {
    /// A page read from its file, and its body.
    typealias LoadedPage = (page: Page, body: PageBody)

    let contentRoot: URL
    let displayRoot: String

    /// Loads every file of the inventory, in parallel; a file that cannot be read or decoded becomes diagnostics.
    func load(_ files: [ContentFile], into sink: DiagnosticSink) -> LoadedPages {
        let rootPath = contentRoot.path
        let results = ParallelMap.map(files) { file in load(file, rootPath: rootPath) }
        var loaded = LoadedPages()
        for (page, diagnostics) in results {
            sink.add(contentsOf: diagnostics)
            if let page { loaded.append(page.page, body: page.body) }
        }
        return loaded
    }

    /// Loads each file on its own, in parallel, keeping each file's page and diagnostics together
    /// (the preview server caches them per file).
    func loadEach(_ files: [ContentFile]) -> [(LoadedPage?, [Diagnostic])] {
        let rootPath = contentRoot.path
        return ParallelMap.map(files) { file in load(file, rootPath: rootPath) }
    }

    private func display(_ relative: String) -> String {
        displayRoot.isEmpty ? relative : "\(displayRoot)/\(relative)"
    }

    /// Loads one file of the folder at `rootPath` (`contentRoot.path`: a path is joined as a string,
    /// where building a `URL` for every file cost more than reading it).
    private func load(_ file: ContentFile, rootPath: String) -> (LoadedPage?, [Diagnostic]) {
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
        // The page keeps the front-matter's lines, which the later stages' diagnostics point at;
        // the body's go with the body.
        let page = Page(
            kind: file.kind, id: file.id, sourcePath: file.relativePath, source: SourceText(displayPath: path, text: String(text[..<split.body.startIndex])),
            outputDirectory: Page.outputDirectory(kind: file.kind, id: file.id),
            frontMatter: frontMatter, bodyFirstLine: split.bodyFirstLine
        )
        return ((page, PageBody(source: source, text: split.body)), diagnostics)
    }
}
