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
    /// The listing this one was made from and the positions whose entries were made again: every
    /// other entry is that listing's, so a comparison with it looks at those only.
    private let basis: (listing: Token, madeAgain: [Int])?
    private let token = Token()

    /// What tells one listing from another.
    final class Token: Sendable {}

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
            var madeAgain: [Int] = []
            entries = stage.pages.indices.map { position in
                let old = previous.entries[position]
                if !fresh[position] && old.path == stage.pages[position].outputPath { return old }
                madeAgain.append(position)
                return entry(stage.pages[position])
            }
            basis = (previous.token, madeAgain)
        } else {
            entries = stage.pages.map(entry)
            basis = nil
        }
        listingPages = stage.listingPages.map(entry)
        title = stage.settings.title
        description = stage.settings.description
        base = stage.contexts.address.base
        steps = stage.graph.steps
    }

    /// The pages whose entries in `llms.txt` made from this listing may differ from those made from
    /// `other`: those whose title, summary, kind, id (which orders equal titles) or address changed.
    /// Nil when more than entries may differ: the site's title, description or address, the starter
    /// kit's steps, or the number of pages. Empty: the same `llms.txt`.
    func llmsTextChanges(since other: SiteListing) -> [Int]? {
        guard title == other.title, description == other.description, base == other.base, steps == other.steps,
              entries.count == other.entries.count
        else { return nil }
        return positions(toCompareWith: other).filter {
            let (new, old) = (entries[$0], other.entries[$0])
            return new.title != old.title || new.summary != old.summary || new.kind != old.kind || new.id != old.id || new.path != old.path
        }
    }

    /// Whether the sitemap made from this listing is the one made from `other`: the same address,
    /// and the same address and dates of each page.
    func sameForSitemap(as other: SiteListing) -> Bool {
        base == other.base && entries.count == other.entries.count && listingPages == other.listingPages
            && positions(toCompareWith: other).allSatisfy {
                entries[$0].path == other.entries[$0].path && entries[$0].updated == other.entries[$0].updated && entries[$0].date == other.entries[$0].date
            }
    }

    /// The positions whose entries may differ from `other`'s, of a listing as long: those made
    /// again when this listing was made from `other`, else all.
    private func positions(toCompareWith other: SiteListing) -> [Int] {
        if let basis, basis.listing === other.token { return basis.madeAgain }
        return Array(entries.indices)
    }
}
