/// The part of a render key that a page of a long listing takes from the listing.
///
/// Which items page K of a listing shows depends on the place of every item in it (a new title
/// moves an item from one page to another without changing a card the page showed), and its
/// pagination bar and group links on the counts of the whole listing. `RenderKeys.combineRelations`
/// calls this for every page, so a later page notes as its dependencies only the items it shows.
extension RenderKeys {
    /// Hashes what page `position` shows of its listing, naming pages by `identities` (by
    /// position); nothing for a page that shows none.
    static func combineListing(of position: Int, graph: SiteGraph, identities: [Int], into hasher: inout Hasher) {
        guard let layout = graph.listings[graph.listingOwners[position] ?? position] else { return }
        if let tree = layout.categories {
            // Every page of the resources index shows the tree; the category page also every item in it.
            hasher.combine(layout.categoryPage != nil)
            for node in tree.nodes {
                hasher.combine(node.path)
                hasher.combine(node.anchor)
                hasher.combine(node.count)
            }
            hasher.combine(tree.uncategorised.count)
            if position == layout.categoryPage {
                var items = ListDigest()
                for node in tree.nodes { for item in node.items { items.add(identities[item]) } }
                for item in tree.uncategorised { items.add(identities[item]) }
                hasher.combine(items.value)
                return
            }
        }
        if let part = layout.data.firstIndex(of: position) {
            // A part of the data script holds its share of the cards, grouped.
            hasher.combine(part)
            hasher.combine(layout.data.count)
            hasher.combine(layout.items.count)
            for group in layout.groups(ofDataPart: part + 1) {
                hasher.combine(group.id)
                hasher.combine(group.label)
                var items = ListDigest()
                for item in group.items { items.add(identities[item]) }
                hasher.combine(items.value)
            }
            return
        }
        let number = (layout.pages.firstIndex(of: position) ?? 0) + 1
        hasher.combine(number)
        hasher.combine(layout.pages.count)
        hasher.combine(layout.items.count)
        let shown = layout.contents(ofPage: number)
        var items = ListDigest()
        for item in shown.items { items.add(identities[item]) }
        hasher.combine(items.value)
        for part in shown.groups { hasher.combine(part.continued) }
        // The group links: each group's name and size, which place its first page.
        for group in layout.groups {
            hasher.combine(group.id)
            hasher.combine(group.label)
            hasher.combine(group.items.count)
        }
    }
}
