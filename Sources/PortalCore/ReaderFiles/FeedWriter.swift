/// What the feed is made of besides its entries' pages, kept by the preview: the entries (by
/// output path, in order), and the settings and address its header shows.
struct FeedSource: Equatable, Sendable {
    let entries: [String]
    let title: String
    let description: String
    let language: String
    let base: String?

    /// Whether an entry made under `other` reads the same under this one: its id and links come
    /// from the site's title and address (an entry's own page must be unchanged too).
    func keepsEntries(of other: FeedSource) -> Bool {
        title == other.title && base == other.base
    }
}

/// The Atom feed, the sitemap and robots.txt.
struct FeedWriter {
    let pages: [Page]
    /// The later pages of long listings: in the sitemap, in no feed.
    var listingPages: [Page] = []
    let settings: SiteSettings
    let address: SiteAddress
    let order: PageOrder
    /// The HTML body of each entry, by position (see `feedEntries(limit:)`): the whole text goes
    /// into the feed, formulas as MathML, for readers that show it rather than open the page.
    var bodies: [Int: String] = [:]

    /// Tutorials and resources with a date, newest first (by `updated`, else `date`), at most `limit`.
    func feedEntries(limit: Int = 50) -> [Int] {
        let dated = pages.indices.filter { (pages[$0].kind == .tutorial || pages[$0].kind == .resource) && pages[$0].frontMatter.text("date") != nil }
        return order.newest(dated, limit: limit)
    }

    /// What the feed with `entries` (`feedEntries()`) is made of besides its entries' pages.
    func source(entries: [Int]) -> FeedSource {
        FeedSource(entries: entries.map { pages[$0].outputPath }, title: settings.title, description: settings.description, language: settings.language,
                   base: address.base)
    }

    /// `feed.xml`: valid Atom; addresses are absolute when the base URL is known, else relative to the feed.
    func atom() -> String {
        var made: [String: String]?
        return atom(entries: feedEntries(), kept: [:], made: &made)
    }

    /// `feed.xml` of `entries` (`feedEntries()`), each entry's XML taken from `kept` (by its page's
    /// output path) where it has it, and every entry's recorded in `made` unless that is nil: the
    /// preview keeps the entries of the pages not rendered again while the feed's header is
    /// unchanged (`FeedSource`).
    func atom(entries: [Int], kept: [String: String], made: inout [String: String]?) -> String {
        func date(_ position: Int, _ field: String) -> String? { pages[position].frontMatter.text(field) }
        let newest = entries.compactMap { pages[$0].lastModified }.max() ?? "2026-01-01"
        let site = address.base ?? ""
        let feedID = address.base ?? "tag:portal.local,2026:\(PageID.suggest(from: settings.title))"
        var feed = """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="\(escape(settings.language))">
              <title>\(escape(settings.title))</title>
              <subtitle>\(escape(settings.description))</subtitle>
              <link rel="self" type="application/atom+xml" href="\(escape(site))feed.xml"/>
              <link rel="alternate" type="text/html" href="\(escape(site.isEmpty ? "index.html" : site))"/>
              <id>\(escape(feedID))</id>
              <updated>\(newest)T00:00:00Z</updated>
              <author><name>\(escape(settings.title))</name></author>
              <generator>portal</generator>

            """
        for position in entries {
            let page = pages[position]
            if let entry = kept[page.outputPath] {
                feed += entry
                made?[page.outputPath] = entry
                continue
            }
            let link = address.absolute(page.outputPath) ?? page.outputPath
            let published = date(position, "date") ?? newest
            let updated = page.lastModified ?? published
            let id = address.absolute(page.outputPath) ?? "\(feedID):\(page.outputDirectory)"
            var xml = ""
            xml += "  <entry>\n"
            xml += "    <title>\(escape(page.title))</title>\n"
            xml += "    <link rel=\"alternate\" type=\"text/html\" href=\"\(escape(link))\"/>\n"
            xml += "    <id>\(escape(id))</id>\n"
            xml += "    <published>\(published)T00:00:00Z</published>\n"
            xml += "    <updated>\(updated)T00:00:00Z</updated>\n"
            if let summary = page.summary { xml += "    <summary>\(escape(summary))</summary>\n" }
            if let body = bodies[position], !body.isEmpty {
                // The body's links and images are relative to its page, which xml:base names.
                xml += "    <content type=\"html\" xml:base=\"\(escape(link))\">\(escape(body))</content>\n"
            }
            xml += "    <category term=\"\(escape(page.kind.rawValue))\" label=\"\(escape(page.kind.label))\"/>\n"
            for tag in page.frontMatter.list("tags") { xml += "    <category term=\"\(escape(tag.value))\"/>\n" }
            xml += "  </entry>\n"
            made?[page.outputPath] = xml
            feed += xml
        }
        return feed + "</feed>\n"
    }

    /// `sitemap.xml`, or nil without a base URL (sitemaps need absolute addresses).
    func sitemap() -> String? {
        guard address.base != nil else { return nil }
        var xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        for page in (pages + listingPages).sorted(by: { $0.outputPath < $1.outputPath }) {
            guard let url = address.absolute(page.outputPath) else { continue }
            xml += "  <url><loc>\(escape(url))</loc>"
            if let date = page.frontMatter.text("updated") ?? page.frontMatter.text("date") { xml += "<lastmod>\(date)</lastmod>" }
            xml += "</url>\n"
        }
        return xml + "</urlset>\n"
    }

    /// `robots.txt`, naming the sitemap when there is one.
    func robots() -> String {
        "User-agent: *\nAllow: /\n" + (address.base.map { "Sitemap: \($0)sitemap.xml\n" } ?? "")
    }

    private func escape(_ text: String) -> String {
        XMLEscaping.escape(text)
    }
}
