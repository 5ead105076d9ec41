/// Stage 4: every page, file and folder of the site, findable by content path and by id.
struct SiteIndex: Sendable {
    /// Page index by content path (`tutorials/x.md`, `tutorials/_index.md`).
    private(set) var pageBySource: [String: Int] = [:]
    /// Page index by kind and id.
    private(set) var pageByID: [ContentKind: [String: Int]] = [:]
    /// Static files, relative to the content folder.
    let staticFiles: Set<String>
    /// Every folder under the content folder.
    let directories: Set<String>
    /// Content paths of drafts left out of this build.
    let draftSources: Set<String>

    init(pages: [Page], staticFiles: [String], draftSources: Set<String> = [], sink: DiagnosticSink) {
        self.staticFiles = Set(staticFiles)
        self.draftSources = draftSources
        // The folders are gathered on a core of their own while the pages are indexed.
        let (directories, bySource) = ParallelMap.both({
            var directories: Set<String> = [""]
            for path in staticFiles + pages.compactMap(\.sourcePath) + Array(draftSources) {
                var directory = SitePath.directory(of: path)
                while !directory.isEmpty, directories.insert(directory).inserted {
                    directory = SitePath.directory(of: directory)
                }
            }
            return directories
        }, {
            // Room for every page at once.
            var bySource: [String: Int] = [:]
            bySource.reserveCapacity(pages.count)
            for (index, page) in pages.enumerated() {
                if let source = page.sourcePath { bySource[source] = index }
            }
            return bySource
        })
        self.directories = directories
        pageBySource = bySource
        // Each kind's ids found by the kind's place in a list rather than by hashing it: the kind
        // was hashed for every page.
        var byKind = [[String: Int]](repeating: [:], count: ContentKind.all.count)
        for (index, page) in pages.enumerated() {
            let slot = page.kind.place
            if let existing = byKind[slot][page.id] {
                let first = pages[existing].sourcePath ?? pages[existing].id
                sink.add(Diagnostic(
                    .error, "content.duplicate-id",
                    "two \(page.kind.rawValue) pages have the id '\(page.id)': this one and \(first)",
                    file: page.source?.displayPath ?? page.id, fix: "rename one of them"
                ))
                continue
            }
            byKind[slot][page.id] = index
        }
        for (kind, ids) in zip(ContentKind.all, byKind) where !ids.isEmpty { pageByID[kind] = ids }
    }

    /// Adds a page the build generated (the tag pages) so it can be found by kind and id.
    mutating func registerGenerated(_ page: Page, at position: Int) {
        pageByID[page.kind, default: [:]][page.id] = position
    }

    /// The page of `kind` with `id`.
    func page(kind: ContentKind, id: String) -> Int? {
        pageByID[kind]?[id]
    }

    /// The positions of the pages of `kind`, in no order.
    func positions(of kind: ContentKind) -> [Int] {
        pageByID[kind].map { Array($0.values) } ?? []
    }

    /// Every id of `kind`, for suggestions.
    func ids(of kind: ContentKind) -> [String] {
        (pageByID[kind] ?? [:]).keys.sorted()
    }

    /// Every content path a link may name (pages and static files), for suggestions.
    var linkTargets: [String] {
        Array(pageBySource.keys) + Array(staticFiles)
    }
}
