import PortalMarkdown

/// The resources' categories as a tree, in the order the resources section lists them: the tree
/// beside the resources index's filters and the headings of the category page
/// (`resources/categories/`), as the HEPML Living Review nests its list.
///
/// Listed categories come first, in the list's order (a child listed before its parent brings the
/// parent to its place); categories only resources name follow, by name. A category that holds no
/// resource, itself or below it, is not shown: a heading over nothing would send readers nowhere.
struct CategoryTree: Sendable, Hashable {
    /// One category shown.
    struct Node: Sendable, Hashable {
        /// Its path, `Classification/Jet images`.
        let path: String
        /// How many names its path holds: 1 for a top-level category.
        let depth: Int
        /// The id of its heading on the category page, unique on it (`category-classification-jet-images`).
        let anchor: String
        /// The resources whose category it is, in title order.
        let items: [Int]
        /// How many resources it holds, with those of the categories below it.
        let count: Int

        /// The last name of its path, which its heading and its line in the tree show.
        var name: String { CategoryPath.name(of: path) }
        /// The level of its heading on the category page: nested as the categories are, under the page's title.
        var headingLevel: Int { min(6, depth + 1) }
    }

    /// Every category shown, each followed by the ones below it.
    let nodes: [Node]
    /// The resources without a category, in title order; shown last on the category page.
    let uncategorised: [Int]
    /// The anchor of each category shown, by path, for the links from resource pages.
    let anchors: [String: String]

    /// The anchor of the resources without a category, and the heading they are shown under.
    static let uncategorisedAnchor = "category-none"
    static let uncategorisedName = "Not yet in a category"
    /// The folder of the category page under the resources section's, and the page's id.
    static let folder = "categories"
    /// The category page's summary, for its description, its twin and `llms.txt`.
    static let summary = "Every resource under the heading of its category, with the categories nested as a tree."

    /// The tree of the resources `members` (in title order), with the categories `listed` by the
    /// resources section first.
    init(members: [Int], pages: [Page], listed: [String]) {
        var byPath: [String: [Int]] = [:]
        var uncategorised: [Int] = []
        for position in members {
            if let path = pages[position].frontMatter.text("category") {
                byPath[path, default: []].append(position)
            } else {
                uncategorised.append(position)
            }
        }
        var children: [String: [String]] = [:]
        var known: Set<String> = []
        func insert(_ path: String) {
            guard !known.contains(path) else { return }
            let parent = CategoryPath.parent(of: path)
            if let parent { insert(parent) }
            known.insert(path)
            children[parent ?? "", default: []].append(path)
        }
        let listedSet = Set(listed)
        for path in listed { insert(path) }
        for path in byPath.keys.filter({ !listedSet.contains($0) }).sorted(by: { ($0.lowercased(), $0) < ($1.lowercased(), $1) }) { insert(path) }

        var counts: [String: Int] = [:]
        func count(_ path: String) -> Int {
            let total = (byPath[path]?.count ?? 0) + (children[path] ?? []).reduce(0) { $0 + count($1) }
            counts[path] = total
            return total
        }
        for path in children[""] ?? [] { _ = count(path) }

        var nodes: [Node] = []
        var anchors: Set<String> = [Self.uncategorisedAnchor]
        func emit(_ path: String) {
            guard let total = counts[path], total > 0 else { return }
            nodes.append(Node(path: path, depth: CategoryPath.depth(of: path), anchor: Self.anchor(for: path, taken: &anchors), items: byPath[path] ?? [], count: total))
            for child in children[path] ?? [] { emit(child) }
        }
        for path in children[""] ?? [] { emit(path) }
        self.nodes = nodes
        self.anchors = Dictionary(uniqueKeysWithValues: nodes.map { ($0.path, $0.anchor) })
        self.uncategorised = nodes.isEmpty ? [] : uncategorised
    }

    /// Whether no resource has a category: then there is no tree and no category page.
    var isEmpty: Bool { nodes.isEmpty }

    /// The headings of the category page, in order: the category page's own, which its search
    /// document holds, as a page's headings are its body's.
    var headings: [MarkdownHeading] {
        nodes.map { MarkdownHeading(level: $0.headingLevel, text: $0.name, id: $0.anchor, line: 0) }
            + (uncategorised.isEmpty ? [] : [MarkdownHeading(level: 2, text: Self.uncategorisedName, id: Self.uncategorisedAnchor, line: 0)])
    }

    /// A heading id made of the path's words (`category-classification-jet-images`), numbered
    /// when two paths make the same words.
    private static func anchor(for path: String, taken: inout Set<String>) -> String {
        let words = PageID.suggest(from: TextSearch.replacing("/", with: " ", in: path))
        let base = "category-" + (words.isEmpty ? "\(taken.count)" : words)
        var anchor = base
        var number = 2
        while taken.contains(anchor) {
            anchor = "\(base)-\(number)"
            number += 1
        }
        taken.insert(anchor)
        return anchor
    }
}
