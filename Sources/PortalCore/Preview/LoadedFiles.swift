import Foundation

/// The content files as the preview last read them, so a rebuild reads again only those that changed.
struct LoadedFiles {
    /// A content file as last read.
    struct Entry {
        var stamp: FileStamp?
        /// The file's pages: its one page, or one for each entry of a `.bib` file.
        var pages: [PageLoader.LoadedPage]
        var diagnostics: [Diagnostic]
        /// A hash of the file's text.
        var sourceHash: Int
        /// The stamps of the files its `{include}`s brought in, when it was read.
        var includeStamps: [String: FileStamp?] = [:]

        init(stamp: FileStamp?, page: Page?, body: PageBody, diagnostics: [Diagnostic], sourceHash: Int, includeStamps: [String: FileStamp?] = [:]) {
            self.init(stamp: stamp, pages: page.map { [($0, body)] } ?? [], diagnostics: diagnostics, sourceHash: sourceHash, includeStamps: includeStamps)
        }

        init(stamp: FileStamp?, pages: [PageLoader.LoadedPage], diagnostics: [Diagnostic], sourceHash: Int, includeStamps: [String: FileStamp?] = [:]) {
            self.stamp = stamp
            self.pages = pages
            self.diagnostics = diagnostics
            self.sourceHash = sourceHash
            self.includeStamps = includeStamps
        }

        /// The page of a file that makes one (the quick paths handle only those).
        var page: Page? { pages.count == 1 ? pages[0].page : nil }
        /// Its body; a file of several pages, or none, has none.
        var body: PageBody { pages.count == 1 ? pages[0].body : .none }
    }

    private(set) var entries: [String: Entry] = [:]

    subscript(path: String) -> Entry? {
        get { entries[path] }
        set { entries[path] = newValue }
    }

    /// Loads `files`, reading again only those named in `changes` (or, without a change list,
    /// whose stamp differs) and those not read before; the diagnostics of every file go to `sink`.
    mutating func load(_ files: [ContentFile], with loader: PageLoader, changes: ChangeSet?, sink: DiagnosticSink) -> LoadedPages {
        let root = loader.contentRoot.path + "/"
        var stamps: [String: FileStamp?] = [:]
        let stale = files.filter { file in
            guard let entry = entries[file.relativePath], file.isBibliography || (entry.page?.kind ?? file.kind == file.kind && entry.page?.id ?? file.id == file.id) else { return true }
            // A page reads again when a file it includes changed, too.
            if let changes { return changes.content.contains(file.relativePath) || entry.body.includes.contains(where: changes.content.contains) }
            let stamp = FileStamp(path: root + file.relativePath)
            stamps[file.relativePath] = stamp
            return stamp == nil || stamp != entry.stamp || entry.includeStamps.contains { FileStamp(path: root + $0.key) != $0.value }
        }
        for (file, result) in zip(stale, loader.loadEach(stale)) {
            let stamp = stamps[file.relativePath] ?? FileStamp(path: root + file.relativePath)
            var hasher = Hasher()
            hasher.combine(result.0.first?.body.source?.text)
            let includes = result.0.first?.body.includes ?? []
            entries[file.relativePath] = Entry(stamp: stamp, pages: result.0, diagnostics: result.1, sourceHash: hasher.finalize(),
                                               includeStamps: Dictionary(includes.map { ($0, FileStamp(path: root + $0)) }, uniquingKeysWith: { first, _ in first }))
        }
        if entries.count > files.count {
            let live = Set(files.map(\.relativePath))
            entries = entries.filter { live.contains($0.key) }
        }
        var loaded = LoadedPages()
        var diagnostics: [Diagnostic] = []
        for file in files {
            guard let entry = entries[file.relativePath] else { continue }
            diagnostics += entry.diagnostics
            for (page, body) in entry.pages { loaded.append(page, body: body) }
        }
        // Merged on every rebuild from the files as read, so a change to either file shows.
        let completed = ResourceCompletion.apply(to: loaded, diagnostics: diagnostics)
        sink.add(contentsOf: completed.diagnostics)
        return completed.pages
    }

    /// A hash of the files page `page` is read from: a Markdown resource completing a `.bib`
    /// entry changes when either file does.
    func sourceHash(of page: Page) -> Int? {
        let hashes = page.sourceFiles.compactMap { entries[$0]?.sourceHash }
        guard hashes.count > 1 else { return hashes.first }
        var hasher = Hasher()
        hasher.combine(hashes)
        return hasher.finalize()
    }
}
