/// The parts of the template context that come from a listing split into pages (`ListingLayout`).
extension PageContextBuilder {
    /// The listing page `position` shows, and which of its pages it is (from 1); nil for a page
    /// that shows no such listing.
    func listingPlace(of position: Int) -> (layout: ListingLayout, number: Int)? {
        let owner = graph.listingOwners[position] ?? position
        guard let layout = graph.listings[owner] else { return nil }
        if case .page(let number) = pages[position].listingPart { return (layout, number) }
        return (layout, 1)
    }

    /// What page `number` of `layout` shows, for a page at `depth`: its items, its groups (each
    /// with its count on the whole listing, where it starts, and whether it began on an earlier
    /// page), and a link to every group of the listing wherever it starts.
    func listingContents(_ layout: ListingLayout, page number: Int, depth: Int) -> (items: TemplateValue, groups: TemplateValue, groupLinks: TemplateValue) {
        let shown = layout.contents(ofPage: number)
        if number == 1 {
            // The first page carries the listing's Markdown twin, the whole list, which the preview
            // writes again only with the page: it depends on every item's card.
            DependencyRecorder.note(layout.items)
        }
        let root = String(repeating: "../", count: depth)
        var firstPages: [String: Int] = [:]
        var start = 0
        for group in layout.groups {
            firstPages[group.id] = layout.page(ofPlace: start)
            start += group.items.count
        }
        let onThisPage = Set(shown.groups.map(\.group.id))
        func url(of group: ListingLayout.Group) -> String {
            if onThisPage.contains(group.id) { return "#\(group.id)" }
            return root + pages[layout.pages[(firstPages[group.id] ?? 1) - 1]].outputPath + "#\(group.id)"
        }
        let groups: [TemplateValue] = shown.groups.map { part in
            .record(["id": .text(part.group.id), "label": .text(part.group.label), "count": .number(part.group.items.count),
                     "items": refs(part.items, depth: depth), "continued": .flag(part.continued), "url": .text(url(of: part.group))])
        }
        let links: [TemplateValue] = layout.groups.map { group in
            .record(["id": .text(group.id), "label": .text(group.label), "count": .number(group.items.count), "url": .text(url(of: group))])
        }
        return (refs(shown.items, depth: depth), .list(groups), .list(links))
    }

    /// `page.pagination` for page `position`, at `root`, when it is one of several pages of a listing.
    func paginationContext(_ position: Int, root: String) -> TemplateValue? {
        guard let (layout, number) = listingPlace(of: position), layout.pageCount > 1, pages[position].listingPart?.isData != true,
              pages[position].listingPart != .categories else { return nil }
        func url(_ page: Int) -> String { root + pages[layout.pages[page - 1]].outputPath }
        let range = layout.range(ofPage: number)
        var record: TemplateRecord = [
            "number": .number(number), "count": .number(layout.pageCount), "total": .number(layout.items.count),
            "first_item": .number(range.lowerBound + 1), "last_item": .number(range.upperBound),
            "pages": .list(Self.shownPageNumbers(current: number, count: layout.pageCount).map { shown in
                guard let shown else { return .record(["gap": .flag(true)]) }
                return .record(["number": .number(shown), "url": .text(url(shown)), "current": .flag(shown == number)])
            }),
        ]
        if number > 1 { record["previous"] = .record(["number": .number(number - 1), "url": .text(url(number - 1))]) }
        if number < layout.pageCount { record["next"] = .record(["number": .number(number + 1), "url": .text(url(number + 1))]) }
        if let data = layout.data.first { record["data_url"] = .text(root + pages[data].outputPath) }
        return .record(record)
    }

    /// The page numbers a pagination bar links to: the first, the last, and the current one with
    /// its neighbours; nil where a run of two or more numbers is left out (one number left out is
    /// shown instead, as a gap would take its place anyway).
    static func shownPageNumbers(current: Int, count: Int) -> [Int?] {
        let kept = Set([1, count, current - 1, current, current + 1].filter { (1...count).contains($0) })
        var shown: [Int?] = []
        var previous = 0
        for number in kept.sorted() {
            if number - previous == 2 {
                shown.append(number - 1)
            } else if number - previous > 2 {
                shown.append(nil)
            }
            shown.append(number)
            previous = number
        }
        return shown
    }
}
