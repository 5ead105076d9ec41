import Foundation

/// What an editor does after a deletion or a reported error: references taken away, numbers put back in order.
extension RandomSite {
    /// Removes every reference to `id` (an area becomes `replacingArea` where it was the only one).
    mutating func forget(_ id: String, replacingArea: String?) {
        for index in pages.indices {
            pages[index].links.removeAll { $0.target == id }
            pages[index].prerequisites.removeAll { $0 == id }
            pages[index].listedTutorials.removeAll { $0 == id }
            pages[index].listedResources.removeAll { $0 == id }
            if pages[index].areas.contains(id) {
                pages[index].areas.removeAll { $0 == id }
                if pages[index].areas.isEmpty, pages[index].kind != .step, let replacingArea { pages[index].areas = [replacingArea] }
            }
        }
        nav.removeAll { $0.target == id }
    }

    /// Numbers every series' parts and the steps 1, 2, 3, … in their present order.
    mutating func renumber() {
        for name in series.keys {
            let parts = pages.indices.filter { pages[$0].series == name }.sorted { (pages[$0].part, pages[$0].id) < (pages[$1].part, pages[$1].id) }
            for (number, index) in parts.enumerated() { pages[index].part = number + 1 }
        }
        let steps = pages.indices.filter { pages[$0].kind == .step }.sorted { (pages[$0].number, pages[$0].id) < (pages[$1].number, pages[$1].id) }
        for (number, index) in steps.enumerated() { pages[index].number = number + 1 }
    }

    /// Undoes every mistake, dangling reference and gap, as an editor fixing the reported errors.
    mutating func repair() -> String {
        let known = Set(pages.map(\.id))
        let breakouts = Set(ids(.breakout))
        let fallbackArea = ids(.breakout).first
        for index in pages.indices {
            pages[index].invalidField = false
            pages[index].brokenLink = false
            pages[index].links = pages[index].links.compactMap { link in
                if link.target.hasPrefix("section:") { return link }
                guard let target = page(link.target) else { return nil }
                if let anchor = link.anchor, !target.headings.contains(anchor) {
                    return target.id == pages[index].id ? nil : Link(target: link.target, writtenAs: link.writtenAs, anchor: nil)
                }
                return link
            }
            pages[index].prerequisites.removeAll { !known.contains($0) }
            pages[index].listedTutorials.removeAll { !known.contains($0) }
            pages[index].listedResources.removeAll { !known.contains($0) }
            pages[index].areas.removeAll { !breakouts.contains($0) }
            if pages[index].areas.isEmpty, [.tutorial, .resource].contains(pages[index].kind), let fallbackArea { pages[index].areas = [fallbackArea] }
        }
        nav.removeAll { !known.contains($0.target) }
        brokenTemplate = nil
        renumber()
        return "repair: fix every reported error"
    }
}
