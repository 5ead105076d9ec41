/// The orders listings use, all deterministic.
///
/// Every page's place in title order is computed once, so sorting a listing compares integers
/// instead of lower-casing titles on every comparison.
struct PageOrder: Sendable {
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
        byRank = pages.indices.sorted(by: { keys[$0] < keys[$1] })
        titleRank = Self.ranks(byRank)
        dates = pages.map(Self.date)
    }

    /// The order of `pages`, a later list of the pages of `last`: each page given as the same value
    /// (`from`: its position in `last`'s list, nil for a page new or changed) keeps its place
    /// among the others kept, and the rest are put in as `extended(to:)` puts them, without
    /// lower-casing and sorting every title again.
    init(pages: [Page], keeping last: PageOrder, from: [Int?]) {
        self.pages = pages
        var to = [Int](repeating: -1, count: last.pages.count)
        var added: [Int] = []
        var dates = [String](repeating: "", count: pages.count)
        for (position, old) in from.enumerated() {
            if let old, to[old] < 0 {
                to[old] = position
                dates[position] = last.dates[old]
            } else {
                added.append(position)
                dates[position] = Self.date(of: pages[position])
            }
        }
        self.dates = dates
        byRank = Self.merging(added, into: last.byRank.compactMap { to[$0] >= 0 ? to[$0] : nil }, pages: pages)
        titleRank = Self.ranks(byRank)
    }

    /// This order over `pages`: this order's pages (with the same titles, kinds, ids and dates),
    /// then more (the tag pages and the listings' later pages stage 6 appends). The new pages are
    /// put in without lower-casing and sorting every title again (`merging`).
    func extended(to pages: [Page]) -> PageOrder {
        let known = self.pages.count
        var order = self
        order.pages = pages
        guard pages.count > known else { return order }
        order.byRank = Self.merging(Array(known..<pages.count), into: byRank, pages: pages)
        order.titleRank = Self.ranks(order.byRank)
        order.dates = dates + pages[known...].map(Self.date)
        return order
    }

    /// `placed`, positions of `pages` in title order, with the positions `added` put in: these are
    /// sorted, and each goes in at the first place after the last one put in whose page sorts
    /// after it (a page already placed with the same key comes first).
    private static func merging(_ added: [Int], into placed: [Int], pages: [Page]) -> [Int] {
        guard !added.isEmpty else { return placed }
        let keys = added.map { titleKey(pages[$0]) }
        var result: [Int] = []
        result.reserveCapacity(placed.count + added.count)
        var taken = 0
        for index in added.indices.sorted(by: { keys[$0] < keys[$1] }) {
            let key = keys[index]
            var low = taken, high = placed.count
            while low < high {
                let middle = (low + high) / 2
                if key < titleKey(pages[placed[middle]]) { high = middle } else { low = middle + 1 }
            }
            result += placed[taken..<low]
            result.append(added[index])
            taken = low
        }
        result += placed[taken...]
        return result
    }

    /// Each position's place, from the positions in order.
    private static func ranks(_ byRank: [Int]) -> [Int] {
        var rank = [Int](repeating: 0, count: byRank.count)
        for (place, position) in byRank.enumerated() { rank[position] = place }
        return rank
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
