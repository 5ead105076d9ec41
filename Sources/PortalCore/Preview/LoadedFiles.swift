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
    /// The files whose entries hold diagnostics, and those that include other files: the few a
    /// splice reads besides the changed ones.
    private var withDiagnostics: Set<String> = []
    private var withIncludes: Set<String> = []
    /// The pages of the last load, as put together from the entries, and the paths whose entries
    /// were set since (by a quick rebuild).
    private var assembled: Assembled?
    /// Whether the last load spliced the changed files' pages into the last one's.
    private(set) var spliced = false

    /// What `load` put together last: every file's pages, in the files' order, before resources
    /// are completed from `.bib` entries.
    private struct Assembled {
        var files: [ContentFile]
        var loaded: LoadedPages
        /// How many pages each file made, by its position in `files`.
        var counts: [Int]
        /// The paths whose entries were set after it was put together.
        var stale: Set<String> = []
    }

    subscript(path: String) -> Entry? {
        get { entries[path] }
        set { store(newValue, at: path) }
    }

    private mutating func store(_ entry: Entry?, at path: String) {
        entries[path] = entry
        assembled?.stale.insert(path)
        if entry?.diagnostics.isEmpty == false { withDiagnostics.insert(path) } else { withDiagnostics.remove(path) }
        if entry?.pages.contains(where: { !$0.body.includes.isEmpty }) == true {
            withIncludes.insert(path)
        } else {
            withIncludes.remove(path)
        }
    }

    /// Loads `files`, reading again only those named in `changes` (or, without a change list,
    /// whose stamp differs) and those not read before; the diagnostics of every file go to `sink`.
    mutating func load(_ files: [ContentFile], with loader: PageLoader, changes: ChangeSet?, sink: DiagnosticSink) -> LoadedPages {
        let root = loader.contentRoot.path + "/"
        spliced = false
        if let changes, let (loaded, diagnostics) = splice(files, with: loader, changes: changes, root: root) {
            spliced = true
            return complete(loaded, diagnostics: diagnostics, sink: sink)
        }
        assembled = nil
        var stamps: [String: FileStamp?] = [:]
        let stale = files.filter { file in
            guard let entry = entries[file.relativePath], file.isBibliography || (entry.page?.kind ?? file.kind == file.kind && entry.page?.id ?? file.id == file.id) else { return true }
            // A page reads again when a file it includes changed, too.
            if let changes { return changes.content.contains(file.relativePath) || entry.body.includes.contains(where: changes.content.contains) }
            let stamp = FileStamp(path: root + file.relativePath)
            stamps[file.relativePath] = stamp
            return stamp == nil || stamp != entry.stamp || entry.includeStamps.contains { FileStamp(path: root + $0.key) != $0.value }
        }
        read(stale, with: loader, root: root, stamps: stamps)
        if entries.count > files.count {
            let live = Set(files.map(\.relativePath))
            for path in entries.keys where !live.contains(path) { store(nil, at: path) }
        }
        var loaded = LoadedPages()
        var counts: [Int] = []
        counts.reserveCapacity(files.count)
        var diagnostics: [Diagnostic] = []
        for file in files {
            let entry = entries[file.relativePath]
            counts.append(entry?.pages.count ?? 0)
            guard let entry else { continue }
            diagnostics += entry.diagnostics
            for (page, body) in entry.pages { loaded.append(page, body: body) }
        }
        assembled = Assembled(files: files, loaded: loaded, counts: counts)
        return complete(loaded, diagnostics: diagnostics, sink: sink)
    }

    /// Reads `files` and keeps what each made.
    private mutating func read(_ files: [ContentFile], with loader: PageLoader, root: String, stamps: [String: FileStamp?] = [:]) {
        for (file, result) in zip(files, loader.loadEach(files)) {
            let stamp = stamps[file.relativePath] ?? FileStamp(path: root + file.relativePath)
            var hasher = Hasher()
            hasher.combine(result.0.first?.body.source?.text)
            let includes = result.0.first?.body.includes ?? []
            store(Entry(stamp: stamp, pages: result.0, diagnostics: result.1, sourceHash: hasher.finalize(),
                        includeStamps: Dictionary(includes.map { ($0, FileStamp(path: root + $0)) }, uniquingKeysWith: { first, _ in first })),
                  at: file.relativePath)
        }
    }

    /// The last load's pages with those of the changed files read again, added or taken out, in
    /// place: what `load` would put together from every entry, without a pass over them all. Nil
    /// when `files` differ from the last load's in a way `changes` does not name (a folder added or
    /// deleted, a file's kind changed), which the whole load handles.
    private mutating func splice(_ files: [ContentFile], with loader: PageLoader, changes: ChangeSet, root: String) -> (LoadedPages, [Diagnostic])? {
        // Taken out while it is changed, so its arrays are not shared and are changed in place.
        guard var last = assembled.take() else { return nil }
        var reread = last.stale
        for path in changes.content where entries[path] != nil { reread.insert(path) }
        for path in withIncludes where entries[path]?.body.includes.contains(where: changes.content.contains) == true { reread.insert(path) }
        // The two lists side by side, both in the scan's order: what each changed file does to the pages.
        // A file read (again) or added has its pages put in, where its count is; one deleted has them taken out.
        var edits: [(start: Int, removing: Int, path: String, file: ContentFile?, count: Int)] = []
        var counts: [Int] = []
        counts.reserveCapacity(files.count)
        var (old, new, start) = (0, 0, 0)
        while old < last.files.count || new < files.count {
            if old < last.files.count, new < files.count, last.files[old].relativePath == files[new].relativePath {
                guard last.files[old] == files[new] else { return nil }
                if reread.contains(files[new].relativePath) { edits.append((start, last.counts[old], files[new].relativePath, files[new], counts.count)) }
                counts.append(last.counts[old])
                start += last.counts[old]
                old += 1
                new += 1
            } else if new < files.count, entries[files[new].relativePath] == nil, changes.content.contains(files[new].relativePath) {
                edits.append((start, 0, files[new].relativePath, files[new], counts.count))
                counts.append(0)
                new += 1
            } else if old < last.files.count, changes.content.contains(last.files[old].relativePath) {
                edits.append((start, last.counts[old], last.files[old].relativePath, nil, -1))
                start += last.counts[old]
                old += 1
            } else {
                return nil
            }
        }
        read(edits.compactMap(\.file), with: loader, root: root)
        for edit in edits.reversed() {
            let range = edit.start..<edit.start + edit.removing
            if edit.file == nil { store(nil, at: edit.path) }
            let made = edit.file == nil ? [] : entries[edit.path]?.pages ?? []
            last.loaded.pages.replaceSubrange(range, with: made.map(\.page))
            last.loaded.bodies.replaceSubrange(range, with: made.map(\.body))
            if edit.file != nil { counts[edit.count] = made.count }
        }
        let diagnostics = withDiagnostics.flatMap { entries[$0]?.diagnostics ?? [] }
        assembled = Assembled(files: files, loaded: last.loaded, counts: counts)
        return (last.loaded, diagnostics)
    }

    /// `loaded` with each resource completing a `.bib` entry merged with it: done on every
    /// rebuild from the files as read, so a change to either file shows.
    private func complete(_ loaded: LoadedPages, diagnostics: [Diagnostic], sink: DiagnosticSink) -> LoadedPages {
        let completed = ResourceCompletion.apply(to: loaded, diagnostics: diagnostics)
        sink.add(contentsOf: completed.diagnostics)
        return completed.pages
    }

    /// A hash of the files page `page` is read from: a Markdown resource completing a `.bib`
    /// entry changes when either file does.
    func sourceHash(of page: Page) -> Int? {
        // Most pages are read from one file of their own: its hash, without making the list of files
        // (every page's hash is asked for whenever a rebuild renders).
        if page.completedEntry == nil, let path = page.sourcePath, !Page.namesEntry(path) { return entries[path]?.sourceHash }
        let hashes = page.sourceFiles.compactMap { entries[$0]?.sourceHash }
        guard hashes.count > 1 else { return hashes.first }
        var hasher = Hasher()
        hasher.combine(hashes)
        return hasher.finalize()
    }
}
