/// What the preview keeps of the reader files between rebuilds: what each file was last written
/// from, so that a rebuild writes only the files whose text changed.
struct ReaderFilesCache: Sendable {
    /// Each page's Markdown twin as last written, and what it was made from, by output path.
    var twins: [String: String] = [:]
    var twinSources: [String: TwinSource] = [:]
    /// Each listing twin's lines and the pages it lists (`MarkdownTwins.members(of:)`), by the
    /// listing's output path, and `llms.txt`'s entries, made from `listing`.
    var listingLines: [String: (members: [Int], lines: KeptLines)] = [:]
    var llmsLines: KeptLines = [:]
    var search = SearchIndex()
    /// Each page's catalog entry, with the hash of what it was made from, by output path.
    var catalogEntries: [String: (key: Int, text: String)] = [:]
    /// The catalog's order (positions, by kind and id), the pages' names it was sorted from
    /// (`CatalogWriter.identities`) and its site object, when it was last written.
    var catalogOrder: [Int] = []
    var catalogIdentities: [Int] = []
    var catalogSite = ""
    /// The site-wide files (llms.txt, the feed, the sitemap, …) as last written, by path, and what
    /// those that list every page were made from.
    var siteFiles: [String: String] = [:]
    var listing: SiteListing?
    /// What the feed was last made from, but for its entries' pages (which are rendered again
    /// whenever what it shows of one changes), and each entry's XML, by its page's output path.
    var feed: FeedSource?
    var feedEntries: [String: String] = [:]
    /// How many resources the citation files were last made from, and each one's citation, by output path.
    var resourceCount = -1
    var citations: [String: Citation] = [:]
    /// The twins `llms-full.txt` was last written from, in its order, and its header.
    var llmsFull: (header: String, twins: [String])?

    /// `files` without those whose text is the one last written, which are recorded as written.
    mutating func changedSiteFiles(_ files: [(String, String)]) -> [(String, String)] {
        files.filter { path, text in
            guard siteFiles[path] != text else { return false }
            siteFiles[path] = text
            return true
        }
    }

    /// Forgets the files at `paths`, which were deleted: made again with the same text (a resource
    /// deleted and added back brings back its citation file), each is written again.
    mutating func forgetRemoved(_ paths: Set<String>) {
        for path in paths { siteFiles[path] = nil }
    }
}
