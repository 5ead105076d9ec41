import Foundation

/// The content files as the preview last read them, so a rebuild reads again only those that changed.
struct LoadedFiles {
    /// A content file as last read.
    struct Entry {
        var stamp: FileStamp?
        var page: Page?
        var body: PageBody
        var diagnostics: [Diagnostic]
        /// A hash of the file's text.
        var sourceHash: Int
        /// The stamps of the files its `{include}`s brought in, when it was read.
        var includeStamps: [String: FileStamp?] = [:]
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
            guard let entry = entries[file.relativePath], entry.page?.kind ?? file.kind == file.kind, entry.page?.id ?? file.id == file.id else { return true }
            // A page reads again when a file it includes changed, too.
            if let changes { return changes.content.contains(file.relativePath) || entry.body.includes.contains(where: changes.content.contains) }
            let stamp = FileStamp(path: root + file.relativePath)
            stamps[file.relativePath] = stamp
            return stamp == nil || stamp != entry.stamp || entry.includeStamps.contains { FileStamp(path: root + $0.key) != $0.value }
        }
        for (file, result) in zip(stale, loader.loadEach(stale)) {
            let stamp = stamps[file.relativePath] ?? FileStamp(path: root + file.relativePath)
            var hasher = Hasher()
            hasher.combine(result.0?.body.source?.text)
            let includes = result.0?.body.includes ?? []
            entries[file.relativePath] = Entry(stamp: stamp, page: result.0?.page, body: result.0?.body ?? .none, diagnostics: result.1, sourceHash: hasher.finalize(),
                                               includeStamps: Dictionary(includes.map { ($0, FileStamp(path: root + $0)) }, uniquingKeysWith: { first, _ in first }))
        }
        if entries.count > files.count {
            let live = Set(files.map(\.relativePath))
            entries = entries.filter { live.contains($0.key) }
        }
        var loaded = LoadedPages()
        for file in files {
            guard let entry = entries[file.relativePath] else { continue }
            sink.add(contentsOf: entry.diagnostics)
            if let page = entry.page { loaded.append(page, body: entry.body) }
        }
        return loaded
    }
}
