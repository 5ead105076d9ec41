/// The orders listings use, all deterministic.
struct PageOrder {
    let pages: [Page]

    /// By title (case-insensitive), then id.
    func byTitle(_ positions: [Int]) -> [Int] {
        positions.sorted {
            let left = pages[$0], right = pages[$1]
            return (left.title.lowercased(), left.kind.rawValue, left.id) < (right.title.lowercased(), right.kind.rawValue, right.id)
        }
    }

    /// By a whole-number field (`number`, `step`), then title.
    func byNumber(_ positions: [Int], field: String) -> [Int] {
        positions.sorted {
            let left = pages[$0], right = pages[$1]
            return (left.frontMatter.integer(field) ?? Int.max, left.title.lowercased(), left.id)
                < (right.frontMatter.integer(field) ?? Int.max, right.title.lowercased(), right.id)
        }
    }

    /// Newest first by `updated` or `date`, then title.
    func byDateDescending(_ positions: [Int]) -> [Int] {
        positions.sorted {
            let left = pages[$0], right = pages[$1]
            let leftDate = left.frontMatter.text("updated") ?? left.frontMatter.text("date") ?? ""
            let rightDate = right.frontMatter.text("updated") ?? right.frontMatter.text("date") ?? ""
            if leftDate != rightDate { return leftDate > rightDate }
            return (left.title.lowercased(), left.id) < (right.title.lowercased(), right.id)
        }
    }
}
