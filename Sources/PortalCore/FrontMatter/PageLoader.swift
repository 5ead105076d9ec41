import Foundation

/// Part of stage 2: reads each Markdown file, splits off its front-matter and decodes it.
struct PageLoader {
    /// A page read from its file, and its body.
    typealias LoadedPage = (page: Page, body: PageBody)

    let contentRoot: URL
    let displayRoot: String
    /// The content's files that are not pages, which a page's `{include}` may bring in.
    var contentFiles: Set<String> = []

    /// Loads every file of the inventory, in parallel; a file that cannot be read or decoded becomes diagnostics.
    func load(_ files: [ContentFile], into sink: DiagnosticSink) -> LoadedPages {
        let results = loadEach(files)
        var loaded = LoadedPages()
        var diagnostics: [Diagnostic] = []
        for (pages, more) in results {
            diagnostics += more
            for page in pages { loaded.append(page.page, body: page.body) }
        }
        let completed = ResourceCompletion.apply(to: loaded, diagnostics: diagnostics)
        sink.add(contentsOf: completed.diagnostics)
        return completed.pages
    }

    /// Loads each file on its own, in parallel, keeping each file's pages (one, or one for each
    /// entry of a `.bib` file) and diagnostics together (the preview server caches them per file).
    func loadEach(_ files: [ContentFile]) -> [([LoadedPage], [Diagnostic])] {
        let rootPath = contentRoot.path
        // A `.bib` file makes its entries pages on all cores itself. Inside this map, which already
        // holds the cores, Dispatch would run that inner map on one thread: so `.bib` files are
        // loaded after it, one at a time.
        var results = ParallelMap.map(files) { file in file.isBibliography ? nil : loadPages(file, rootPath: rootPath) }
        for (position, file) in files.enumerated() where file.isBibliography {
            results[position] = loadPages(file, rootPath: rootPath)
        }
        return results.map { $0 ?? ([], []) }
    }

    /// The pages of one file: a `.bib` file's entries, or the one page of any other.
    private func loadPages(_ file: ContentFile, rootPath: String) -> ([LoadedPage], [Diagnostic]) {
        guard file.isBibliography else {
            let (page, diagnostics) = load(file, rootPath: rootPath)
            return (page.map { [$0] } ?? [], diagnostics)
        }
        let path = display(file.relativePath)
        switch TextFile.read(path: rootPath + "/" + file.relativePath, displayPath: path) {
        case .success(let text): return BibliographyPages(source: SourceText(displayPath: path, text: text), relativePath: file.relativePath).pages()
        case .failure(let diagnostic): return ([], [diagnostic])
        }
    }

    private func display(_ relative: String) -> String {
        displayRoot.isEmpty ? relative : "\(displayRoot)/\(relative)"
    }

    /// Loads one file of the folder at `rootPath` (`contentRoot.path`: a path is joined as a string,
    /// where building a `URL` for every file cost more than reading it).
    private func load(_ file: ContentFile, rootPath: String) -> (LoadedPage?, [Diagnostic]) {
        let path = display(file.relativePath)
        if file.isNotebook { return loadNotebook(file, path: rootPath + "/" + file.relativePath, displayPath: path) }
        let text: String
        switch TextFile.read(path: rootPath + "/" + file.relativePath, displayPath: path) {
        case .success(let value): text = value
        case .failure(let diagnostic): return (nil, [diagnostic])
        }
        let source = SourceText(displayPath: path, text: text)
        return load(file, text: text, source: source, displayPath: path)
    }

    /// A content file an `{include}` names, read; nil when the content has no such file.
    private func included(_ relativePath: String, rootPath: String) -> Result<SourceText, Diagnostic>? {
        guard contentFiles.contains(relativePath) else { return nil }
        let display = display(relativePath)
        return TextFile.read(path: rootPath + "/" + relativePath, displayPath: display).map { SourceText(displayPath: display, text: $0) }
    }

    /// Loads a notebook: read as JSON, made into its Markdown page (`NotebookDocument`), whose
    /// front-matter and body are then read as any page's, with diagnostics placed in the notebook.
    private func loadNotebook(_ file: ContentFile, path: String, displayPath: String) -> (LoadedPage?, [Diagnostic]) {
        let bytes: [UInt8]
        switch TextFile.readBytes(path, limit: TextFile.maximumNotebookBytes) {
        case .success(let data): bytes = [UInt8](data)
        case .failure(let problem): return (nil, [problem.diagnostic(displayPath: displayPath, limit: TextFile.maximumNotebookBytes)])
        }
        // Bytes that are not UTF-8 are the JSON reader's error, at their place; here they only show as U+FFFD in a quoted line.
        let notebookFile = SourceText(displayPath: displayPath, text: FrontMatterSplitter.normalise(String(decoding: bytes, as: UTF8.self)))
        let read = NotebookReader.read(bytes)
        var diagnostics = read.problems.map { Self.diagnostic($0, in: notebookFile) }
        guard let notebook = read.notebook, !diagnostics.contains(where: { $0.severity == .error }) else { return (nil, diagnostics) }
        let document: NotebookDocument
        switch NotebookDocument.make(notebook, file: notebookFile) {
        case .success(let value): document = value
        case .failure(let problem): return (nil, diagnostics + [Self.diagnostic(problem, in: notebookFile)])
        }
        diagnostics += document.problems.map { Self.diagnostic($0, in: notebookFile) }
        let source = SourceText(displayPath: displayPath, text: document.text, map: document.map)
        let (loaded, more) = load(file, text: document.text, source: source, displayPath: displayPath)
        guard var page = loaded?.page, let body = loaded?.body else { return (nil, diagnostics + more) }
        page.notebook = NotebookPage(fileName: String(file.relativePath.split(separator: "/").last ?? ""), images: document.images,
                                     language: NotebookDocument.language(of: notebook), attachments: document.attachments)
        var notebookBody = body
        // The cells are known by their lines in the whole page; the Markdown stage numbers the body's from 1.
        notebookBody.codeCells = Dictionary(uniqueKeysWithValues: document.codeCells.map { ($0.key - (page.bodyFirstLine - 1), $0.value) })
        return ((page, notebookBody), diagnostics + more)
    }

    /// A notebook's problem as a diagnostic at its place in the file.
    private static func diagnostic(_ problem: NotebookProblem, in file: SourceText) -> Diagnostic {
        file.diagnostic(problem.isWarning ? .warning : .error, problem.id, problem.message, line: problem.line, column: problem.column, fix: problem.fix)
    }

    /// Splits the front-matter off `text` (the file's text, or a notebook's page) and decodes it.
    private func load(_ file: ContentFile, text: String, source: SourceText, displayPath path: String) -> (LoadedPage?, [Diagnostic]) {
        var text = text
        var source = source
        var includes: PageIncludes.Expansion?
        if !file.isNotebook, source.map == nil, PageIncludes.mentionsInclude(text), case .success(let first) = FrontMatterSplitter.split(text, source: source) {
            let rootPath = contentRoot.path
            includes = PageIncludes.expand(text, source: source, page: file, bodyFirstLine: first.bodyFirstLine) { included($0, rootPath: rootPath) }
            if let includes {
                text = includes.text
                source = SourceText(displayPath: path, text: text, map: includes.map)
            }
        }
        var (loaded, diagnostics) = loadSplit(file, text: text, source: source, displayPath: path)
        if let includes {
            diagnostics = includes.diagnostics + diagnostics
            loaded?.body.includes = includes.files
        }
        return (loaded, diagnostics)
    }

    private func loadSplit(_ file: ContentFile, text: String, source: SourceText, displayPath path: String) -> (LoadedPage?, [Diagnostic]) {
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
            kind: file.kind, id: file.id, sourcePath: file.relativePath, source: Self.frontMatterSource(of: source, text: text, bodyStart: split.body.startIndex,
                                                                                                        bodyFirstLine: split.bodyFirstLine),
            outputDirectory: Page.outputDirectory(kind: file.kind, id: file.id),
            frontMatter: frontMatter, bodyFirstLine: split.bodyFirstLine
        )
        return ((page, PageBody(source: source, text: split.body)), diagnostics)
    }

    /// The lines of the file the page keeps: its front-matter (in a notebook, mapped to where it is written).
    private static func frontMatterSource(of source: SourceText, text: String, bodyStart: String.Index, bodyFirstLine: Int) -> SourceText {
        let kept = String(text[..<bodyStart])
        guard let map = source.map else { return SourceText(displayPath: source.displayPath, text: kept) }
        return SourceText(displayPath: source.displayPath, text: kept, map: map.keeping(lines: Array(1...max(bodyFirstLine, 1))))
    }
}
