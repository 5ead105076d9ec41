/// The Markdown twin of the category page (`resources/categories/index.md`): the tree as nested
/// headings, as the HTML page nests them, each category's resources listed under its heading.
extension MarkdownTwins {
    /// The category tree that page `position` shows, when it is the category page.
    func categoryTree(of position: Int) -> CategoryTree? {
        guard pages[position].listingPart == .categories, let owner = graph.listingOwners[position] else { return nil }
        return graph.listings[owner]?.categories
    }

    /// The category page's list, for a twin in `directory`: a heading per category, at the level
    /// of its heading on the page, over its resources (in title order, as on the page), then the
    /// resources without a category under a heading of their own.
    func categoryLines(_ tree: CategoryTree, from directory: String) -> [String] {
        var lines: [String] = []
        func group(level: Int, name: String, items: [Int]) {
            if !lines.isEmpty { lines.append("") }
            lines.append(String(repeating: "#", count: level) + " " + MarkdownEscaping.inline(name))
            guard !items.isEmpty else { return }
            lines.append("")
            for item in items { lines.append(listItem(item, marker: "-", from: directory)) }
        }
        for node in tree.nodes { group(level: node.headingLevel, name: node.name, items: node.items) }
        if !tree.uncategorised.isEmpty { group(level: 2, name: CategoryTree.uncategorisedName, items: tree.uncategorised) }
        return lines
    }
}
