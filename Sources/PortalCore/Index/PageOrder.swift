/// The orders listings use, all deterministic.
///
/// Every page's place in title order is computed once, so sorting a listing compares integers
/// instead of lower-casing titles on every comparison.
struct PageOrder {
    private(set) var pages: [Page]
    /// Each page's place when all pages are sorted by title (case-insensitive), kind, then id.
    private var titleRank: [Int]
    /// The positions in that order.
    private var byRank: [Int]
    /// Each page's `updated` or `date`, or empty.
    private var dates: [String]

    init(pages: [Page]) {
        self.pages = pages
        let keys = pages.map(Self.titleKey)
        var rank = [Int](repeating: 0, count: pages.count)
        byRank = pages.indices.sorted(by: { keys[$0] < keys[$1] })
        for (place, position) in byRank.enumerated() {
            rank[position] = place
        }
        titleRank = rank
        dates = pages.map(Self.date)
    }

    /// This order over `pages`: this order's pages (with the same titles, kinds, ids and dates),
    /// then more (the tag pages and the listings' later pages stage 6 appends). The new pages are
    /// sorted and each put in at the first place whose page sorts after it, which gives what
    /// `init(pages:)` gives without lower-casing and sorting every title again.
    func extended(to pages: [Page]) -> PageOrder {
        let known = self.pages.count
        var order = self
        order.pages = pages
        guard pages.count > known else { return order }
        let keys = pages[known...].map(Self.titleKey)
        let added = (known..<pages.count).sorted { keys[$0 - known] < keys[$1 - known] }
        order.byRank = []
        order.byRank.reserveCapacity(pages.count)
        var taken = 0
        for position in added {
            // The first place after `taken` whose page sorts after the new one: a page already
            // placed with the same key comes first, as it has the lower position.
            let key = keys[position - known]
            var low = taken, high = byRank.count
            while low < high {
                let middle = (low + high) / 2
                if key < Self.titleKey(pages[byRank[middle]]) { high = middle } else { low = middle + 1 }
            }
            order.byRank += byRank[taken..<low]
            order.byRank.append(position)
            taken = low
        }
        order.byRank += byRank[taken...]
        order.titleRank = [Int](repeating: 0, count: pages.count)
        for (place, position) in order.byRank.enumerated() { order.titleRank[position] = place }
        order.dates = dates + pages[known...].map(Self.date)
        return order
    }

    private static func date(of page: Page) -> String {
        page.frontMatter.text("updated") ?? page.frontMatter.text("date") ?? ""
    }

    private static func titleKey(_ page: Page) -> (String, String, String) {
        (page.title.lowercased(), page.kind.rawValue, page.id)
    }

    /// Takes a new version of page `position` with another title (its kind, id and dates the
    /// same): it moves to its new place in title order, and the pages between move by one.
    /// Returns whether its place changed.
    mutating func retitle(_ page: Page, at position: Int) -> Bool {
        pages[position] = page
        let old = titleRank[position]
        byRank.remove(at: old)
        let key = Self.titleKey(page)
        // The first place whose page sorts after the new title.
        var low = 0, high = byRank.count
        while low < high {
            let middle = (low + high) / 2
            if Self.titleKey(pages[byRank[middle]]) < key { low = middle + 1 } else { high = middle }
        }
        byRank.insert(position, at: low)
        for place in min(old, low)...max(old, low) { titleRank[byRank[place]] = place }
        return low != old
    }

    /// Every position, in title order.
    var allByTitle: [Int] { byRank }

    /// By title (case-insensitive), then kind and id.
    func byTitle(_ positions: [Int]) -> [Int] {
        positions.sorted { titleRank[$0] < titleRank[$1] }
    }

    /// Tutorials by title, but the parts of a series together, in order, where the series' title
    /// (its page's, `seriesPages`) would come.
    func byTitleWithSeries(_ positions: [Int], seriesPages: [String: Int]) -> [Int] {
        func key(_ position: Int) -> (Int, Int, Int) {
            let matter = pages[position].frontMatter
            guard let name = matter.text("series") else { return (titleRank[position], 0, titleRank[position]) }
            // A series without its page (an error) sorts by its first part's place.
            let anchor = seriesPages[name].map { titleRank[$0] } ?? titleRank[position]
            return (anchor, matter.integer("part") ?? 0, titleRank[position])
        }
        // Each key once, not on every comparison: it reads the front-matter.
        let keys = positions.map(key)
        return positions.indices.sorted { keys[$0] < keys[$1] }.map { positions[$0] }
    }

    /// By a whole-number field (`number`, `step`), then title.
    func byNumber(_ positions: [Int], field: String) -> [Int] {
        let numbers = Dictionary(positions.map { ($0, pages[$0].frontMatter.integer(field) ?? Int.max) }, uniquingKeysWith: { first, _ in first })
        return positions.sorted { (numbers[$0] ?? Int.max, titleRank[$0]) < (numbers[$1] ?? Int.max, titleRank[$1]) }
    }

    /// The newest `limit` of `positions`, newest first (see `newer(_:than:)`), kept in order as they
    /// are met rather than sorting them all: most are older than the last kept one, one comparison each.
    func newest(_ positions: [Int], limit: Int) -> [Int] {
        guard limit > 0 else { return [] }
        var kept: [Int] = []
        kept.reserveCapacity(limit + 1)
        for position in positions {
            guard kept.count < limit || newer(position, than: kept[kept.count - 1]) else { continue }
            var low = 0, high = kept.count
            while low < high {
                let middle = (low + high) / 2
                if newer(kept[middle], than: position) { low = middle + 1 } else { high = middle }
            }
            kept.insert(position, at: low)
            if kept.count > limit { kept.removeLast() }
        }
        return kept
    }

    /// Whether page `first` comes before page `second` newest first: a later `updated` or `date`,
    /// or the same and an earlier place in title order (a total order: every page has its own place).
    func newer(_ first: Int, than second: Int) -> Bool {
        if dates[first] != dates[second] { return dates[first] > dates[second] }
        return titleRank[first] < titleRank[second]
    }
}
