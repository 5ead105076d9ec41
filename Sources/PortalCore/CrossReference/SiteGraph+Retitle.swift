/// Stage 6 again for one retitled page, in the preview: what the whole stage would make, made
/// only where the page is.
///
/// A title decides no relation, only the order of the lists sorted by title. So when page
/// `position`'s title is all that changed, each list that holds it is sorted again and every
/// other list stays as it is: the lists equal those a whole run of the stage would make.
extension SiteGraph {
    /// Sorts again, by `order` (which has the page's new title), every list holding page
    /// `position`, and lays out again every listing that shows it. Returns the pages whose lists
    /// changed (the lists' owners, and every page of a listing that changed), or nil where the
    /// order of a list also decides a diagnostic (the starter kit's steps, whose duplicates are
    /// reported on the later one), which only the whole stage makes.
    mutating func retitle(_ position: Int, pages: [Page], order: PageOrder) -> Set<Int>? {
        guard pages[position].kind != .step else { return nil }
        var changed: Set<Int> = []
        func sortAgain(_ relation: inout [Int: [Int]]) {
            var sorted: [(Int, [Int])] = []
            for (owner, list) in relation where list.contains(position) {
                let again = order.byTitle(list)
                if again != list { sorted.append((owner, again)) }
            }
            for (owner, list) in sorted {
                relation[owner] = list
                changed.insert(owner)
            }
        }
        sortAgain(&backlinks)
        sortAgain(&citedBy)
        sortAgain(&requiredBy)
        sortAgain(&tutorialsByArea)
        sortAgain(&resourcesByArea)
        for tag in Set(pages[position].frontMatter.list("tags").map(\.value)) {
            guard let list = tags[tag] else { continue }
            tags[tag] = order.byTitle(list)
        }
        // The pages that link to a target are grouped by relation, each group in title order.
        for target in backlinks.keys where backlinks[target]?.contains(position) == true {
            let grouped = LinkedFrom.grouping(backlinks[target] ?? [], to: target, pages: pages, graph: self)
            guard grouped != linkedFrom[target] ?? LinkedFrom() else { continue }
            linkedFrom[target] = grouped.groups.isEmpty ? nil : grouped
            changed.insert(target)
        }
        let members = pages.sectionMembers
        for (owner, previous) in listings where previous.items.contains(position) {
            guard let layout = ListingLayout.layout(of: owner, pages: pages, graph: self, order: order, members: members, pageSize: previous.pageSize)?
                .keepingPages(of: previous) else { return nil }
            guard layout != previous else { continue }
            listings[owner] = layout
            changed.formUnion(layout.pages)
            changed.formUnion(layout.data)
            if let categoryPage = layout.categoryPage { changed.insert(categoryPage) }
        }
        return changed
    }
}
