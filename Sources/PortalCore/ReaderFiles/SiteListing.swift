/// What `llms.txt` and the sitemap show of every page, kept by the preview to tell whether they
/// changed. Comparing is cheap: a page's strings are the same storage from one rebuild to the next
/// while its file is unchanged.
struct SiteListing: Sendable {
    struct Entry: Equatable, Sendable {
        let title: String
        let summary: String?
        let kind: ContentKind
        let id: String
        let path: String
        let updated: String?
        let date: String?
    }

    let entries: [Entry]
    /// The later pages of long listings, which only the sitemap lists.
    let listingPages: [Entry]
    let title: String
    let description: String
    let base: String?
    let steps: [Int]

    /// The listing of `stage`'s pages. With the `previous` listing and the pages `rendered` since
    /// (nil: all), a page not rendered again keeps its entry: its front-matter, and so what its
    /// entry shows, is unchanged, or its render key would have changed.
    init(stage: ReaderFilesStage, previous: SiteListing? = nil, rendered: [Int]? = nil) {
        func entry(_ page: Page) -> Entry {
            Entry(title: page.title, summary: page.summary, kind: page.kind, id: page.id, path: page.outputPath,
                  updated: page.frontMatter.text("updated"), date: page.frontMatter.text("date"))
        }
        if let previous, let rendered, previous.entries.count == stage.pages.count {
            var fresh = [Bool](repeating: false, count: stage.pages.count)
            for position in rendered where position < fresh.count { fresh[position] = true }
            entries = stage.pages.indices.map { position in
                let old = previous.entries[position]
                return !fresh[position] && old.path == stage.pages[position].outputPath ? old : entry(stage.pages[position])
            }
        } else {
            entries = stage.pages.map(entry)
        }
        listingPages = stage.listingPages.map(entry)
        title = stage.settings.title
        description = stage.settings.description
        base = stage.contexts.address.base
        steps = stage.graph.steps
    }

    /// Whether `llms.txt` made from this listing is the one made from `other`: the same site, and
    /// the same title, summary, kind, id (which orders equal titles) and address of each page.
    func sameForLlmsText(as other: SiteListing) -> Bool {
        title == other.title && description == other.description && base == other.base && steps == other.steps
            && entries.count == other.entries.count
            && zip(entries, other.entries).allSatisfy {
                $0.title == $1.title && $0.summary == $1.summary && $0.kind == $1.kind && $0.id == $1.id && $0.path == $1.path
            }
    }

    /// Whether the sitemap made from this listing is the one made from `other`: the same address,
    /// and the same address and dates of each page.
    func sameForSitemap(as other: SiteListing) -> Bool {
        base == other.base && entries.count == other.entries.count && listingPages == other.listingPages
            && zip(entries, other.entries).allSatisfy { $0.path == $1.path && $0.updated == $1.updated && $0.date == $1.date }
    }
}
