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
    /// own template already shows as its relations (`shown`).
    static func grouping(_ backlinks: [Int], to target: Int, pages: [Page], graph: SiteGraph) -> LinkedFrom {
        let shown = shownRelations(of: target, pages: pages, graph: graph)
        let prerequisiteOf = graph.requiredBy[target] ?? []
        // A long list is looked up by hash, so a page many name stays linear.
        let manyPrerequisiteOf = prerequisiteOf.count > 16 ? Set(prerequisiteOf) : nil
        let targetIsResource = pages[target].kind == .resource
        // Every target asks this of each page linking to it: arrays by relation, no hashing of kinds.
        var byRelation: [[Int]] = Array(repeating: [], count: LinkRelation.allCases.count)
        for source in backlinks where source != target {
            let kind = pages[source].kind
            if isListing(kind) || shown?.contains(source) == true { continue }
            let relation: LinkRelation
            if manyPrerequisiteOf?.contains(source) ?? prerequisiteOf.contains(source) {
                relation = .prerequisite
            } else if kind == .step,
                      (graph.stepTutorials[source] ?? []).contains(target) || (graph.stepResources[source] ?? []).contains(target) {
                relation = .starterKit
            } else if targetIsResource, graph.validatedWith[source]?.contains(target) == true {
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

    /// The pages the template of `target` lists in its own sections: a breakout's tutorials, steps
    /// and resources; a series' parts; the other parts and the page of a tutorial's series; the
    /// steps before and after a step.
    private static func shownRelations(of target: Int, pages: [Page], graph: SiteGraph) -> Set<Int>? {
        let page = pages[target]
        switch page.kind {
        case .breakout:
            return Set((graph.tutorialsByArea[target] ?? []) + (graph.stepsByArea[target] ?? []) + (graph.resourcesByArea[target] ?? []))
        case .series:
            return Set(graph.series[page.id] ?? [])
        case .tutorial:
            guard let name = page.frontMatter.text("series") else { return [] }
            return Set((graph.series[name] ?? []) + [graph.seriesPages[name]].compactMap { $0 })
        case .step:
            guard let place = graph.steps.firstIndex(of: target) else { return [] }
            return Set([place - 1, place + 1].filter(graph.steps.indices.contains).map { graph.steps[$0] })
        default:
            return nil
        }
    }
}
