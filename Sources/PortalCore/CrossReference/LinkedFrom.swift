/// How a page links to the page it is listed on, strongest first: a page that both lists a
/// tutorial as a prerequisite and links to it in its text is listed once, as `prerequisite`.
enum LinkRelation: String, CaseIterable, Sendable, Hashable {
    /// A tutorial that names this tutorial in `prerequisites`.
    case prerequisite
    /// A starter-kit step that names this tutorial or resource in `tutorials` or `resources`.
    case starterKit = "starter-kit"
    /// An agent that names this benchmark in `validated_with`.
    case validation
    /// A page whose text links to this resource.
    case citation
    /// Any other link, from a page's text or its front-matter.
    case link

    /// The relation's place in `allCases`.
    var order: Int {
        switch self {
        case .prerequisite: 0
        case .starterKit: 1
        case .validation: 2
        case .citation: 3
        case .link: 4
        }
    }

    /// The heading of the group on the page linked to.
    var label: String {
        switch self {
        case .prerequisite: "Prerequisite of"
        case .starterKit: "In the starter kit"
        case .validation: "Agents validated with it"
        case .citation: "Cited by"
        case .link: "Links here"
        }
    }
}

/// The pages linking to one page, grouped by relation, for its "Linked from" list.
struct LinkedFrom: Sendable, Hashable {
    /// The pages linking by one relation, in display order.
    struct Group: Sendable, Hashable {
        let relation: LinkRelation
        let pages: [Int]
    }

    /// The groups in `LinkRelation` order, none empty; each page is in one group only.
    var groups: [Group] = []

    /// The kinds of page that list other pages wholesale (the home page, section indexes, tag
    /// pages): being on one of them says nothing about a page, so they are never listed.
    static func isListing(_ kind: ContentKind) -> Bool {
        kind == .home || kind == .section || kind == .tags || kind == .tag
    }

    /// Groups `backlinks` (every page linking to `target`, in display order) by relation, without
    /// listing pages that cannot tell a reader anything new: indexes, and the pages the target's
    /// own template already shows as its relations (`Shown`). Each page's relation is read from
    /// its own record (`SiteGraph.relations`), a few short lists, rather than looked up by hash.
    /// `kinds`, when given, holds each page's kind by position (a dense array, where each page's
    /// own is read from the page, out of the cache).
    static func grouping(_ backlinks: [Int], to target: Int, pages: [Page], graph: SiteGraph, kinds: [ContentKind]? = nil) -> LinkedFrom {
        let shown = Shown.of(target, pages: pages, graph: graph)
        let targetIsResource = pages[target].kind == .resource
        // Every target asks this of each page linking to it: arrays by relation, no hashing of kinds.
        var byRelation: [[Int]] = Array(repeating: [], count: LinkRelation.allCases.count)
        for source in backlinks where source != target {
            let kind = kinds?[source] ?? pages[source].kind
            let record = graph.relations(of: source)
            if isListing(kind) || shown.contains(source, record: record) { continue }
            let relation: LinkRelation
            if record.prerequisites.contains(target) {
                relation = .prerequisite
            } else if kind == .step, record.tutorials.contains(target) || record.resources.contains(target) {
                relation = .starterKit
            } else if targetIsResource, record.benchmarks.contains(target) {
                relation = .validation
            } else if targetIsResource {
                relation = .citation
            } else {
                relation = .link
            }
            byRelation[relation.order].append(source)
        }
        return LinkedFrom(groups: LinkRelation.allCases.compactMap { relation in
            byRelation[relation.order].isEmpty ? nil : Group(relation: relation, pages: byRelation[relation.order])
        })
    }

    /// The pages the template of a page lists in its own sections: a breakout's tutorials, steps
    /// and resources; a series' parts; the other parts and the page of a tutorial's series; the
    /// steps before and after a step.
    private enum Shown {
        case none
        /// The pages naming this breakout in `areas`.
        case area(Int)
        /// The parts of this series, and its page.
        case series(String, page: Int?)
        case neighbours([Int])

        /// Those of page `target`. (A function, not an initializer, which would take a copy of the graph.)
        static func of(_ target: Int, pages: [Page], graph: SiteGraph) -> Shown {
            let page = pages[target]
            switch page.kind {
            case .breakout:
                return .area(target)
            case .series:
                return .series(page.id, page: nil)
            case .tutorial:
                // From its record, which has read the field: a lookup in the front-matter for every tutorial linked to.
                guard let name = graph.relations(of: target).series else { return .none }
                return .series(name, page: graph.seriesPages[name])
            case .step:
                guard let place = graph.steps.firstIndex(of: target) else { return .none }
                return .neighbours([place - 1, place + 1].filter(graph.steps.indices.contains).map { graph.steps[$0] })
            default:
                return .none
            }
        }

        /// Whether page `source`, whose record is `record`, is one of them.
        func contains(_ source: Int, record: PageRelations) -> Bool {
            switch self {
            case .none: false
            case .area(let area): record.areas.contains(area)
            case .series(let name, let page): source == page || record.series == name
            case .neighbours(let steps): steps.contains(source)
            }
        }
    }
}
