/// Stage 6: resolves front-matter references by id and gathers every relation in both directions.
///
/// Each relation is built by one pass over the pages and the references, so the work grows
/// linearly with the site.
struct CrossReferenceStage {
    let index: SiteIndex

    func run(pages: [Page], links: LinkGraph, sink: DiagnosticSink) -> (SiteGraph, PageOrder) {
        // The title order does not depend on the relations: it is sorted on a core of its own
        // while they are gathered.
        let (order, gathered) = ParallelMap.both({ PageOrder(pages: pages) }, { relations(pages: pages, links: links, sink: sink) })
        var graph = gathered
        for key in Array(graph.backlinks.keys) { graph.backlinks[key] = order.byTitle(graph.backlinks[key] ?? []) }
        for key in Array(graph.citedBy.keys) { graph.citedBy[key] = order.byTitle(graph.citedBy[key] ?? []) }
        for key in Array(graph.requiredBy.keys) { graph.requiredBy[key] = order.byTitle(graph.requiredBy[key] ?? []) }
        for key in Array(graph.tutorialsByArea.keys) { graph.tutorialsByArea[key] = order.byTitle(graph.tutorialsByArea[key] ?? []) }
        for key in Array(graph.resourcesByArea.keys) { graph.resourcesByArea[key] = order.byTitle(graph.resourcesByArea[key] ?? []) }
        for key in Array(graph.stepsByArea.keys) { graph.stepsByArea[key] = order.byNumber(graph.stepsByArea[key] ?? [], field: "step") }
        for key in Array(graph.tags.keys) { graph.tags[key] = order.byTitle(graph.tags[key] ?? []) }

        graph.steps = orderSteps(graph.steps, pages: pages, order: order, sink: sink)
        graph.series = orderSeries(pages: pages, sink: sink)
        graph.seriesPages = seriesPages(pages: pages, series: graph.series, sink: sink)
        // A series is about what its parts are about, so its card can be found by area.
        for (name, series) in graph.seriesPages {
            var areas: [Int] = []
            for part in graph.series[name] ?? [] {
                for area in graph.areas[part] ?? [] where !areas.contains(area) { areas.append(area) }
            }
            if !areas.isEmpty { graph.areas[series] = areas }
        }
        let backlinks = Array(graph.backlinks), sorted = graph
        let grouped = ParallelMap.map(backlinks) { (backlink: (key: Int, value: [Int])) in
            LinkedFrom.grouping(backlink.value, to: backlink.key, pages: pages, graph: sorted)
        }
        for (backlink, grouped) in zip(backlinks, grouped) where !grouped.groups.isEmpty { graph.linkedFrom[backlink.key] = grouped }
        checkPrerequisiteCycles(graph.prerequisites, pages: pages, sink: sink)
        return (graph, order)
    }

    /// Every relation the pages' front-matter and links make, in page order: the graph before its
    /// lists are sorted.
    private func relations(pages: [Page], links: LinkGraph, sink: DiagnosticSink) -> SiteGraph {
        var graph = SiteGraph()
        var identifierOwners: [String: Int] = [:]
        // Each page's links and front-matter references, every target once: a target is marked
        // with the last page that named it, so a page's edges are deduplicated without hashing
        // them. The links are read page by page, which they are in when the Markdown stage made them.
        var links = links.references
        if !links.indices.dropFirst().allSatisfy({ links[$0 - 1].from <= links[$0].from }) { links.sort { $0.from < $1.from } }
        var nextLink = 0
        var namedBy = [Int](repeating: -1, count: pages.count)
        var backlinks = [[Int]](repeating: [], count: pages.count)
        func link(_ from: Int, to target: Int) {
            guard target != from, backlinks.indices.contains(target), namedBy[target] != from else { return }
            namedBy[target] = from
            backlinks[target].append(from)
        }
        func link(_ from: Int, to targets: [Int]) {
            for target in targets { link(from, to: target) }
        }

        for (position, page) in pages.enumerated() {
            while nextLink < links.count, links[nextLink].from <= position {
                if links[nextLink].from == position { link(position, to: links[nextLink].to) }
                nextLink += 1
            }
            switch page.kind {
            case .tutorial:
                let areas = resolve(page, field: "areas", kind: .breakout, sink: sink)
                graph.areas[position] = areas
                for area in areas { graph.tutorialsByArea[area, default: []].append(position) }
                let prerequisites = resolve(page, field: "prerequisites", kind: .tutorial, sink: sink)
                graph.prerequisites[position] = prerequisites
                for prerequisite in prerequisites { graph.requiredBy[prerequisite, default: []].append(position) }
                link(position, to: areas + prerequisites)
            case .step:
                let areas = resolve(page, field: "areas", kind: .breakout, sink: sink)
                graph.areas[position] = areas
                for area in areas { graph.stepsByArea[area, default: []].append(position) }
                let tutorials = resolve(page, field: "tutorials", kind: .tutorial, sink: sink)
                let resources = resolve(page, field: "resources", kind: .resource, sink: sink)
                graph.stepTutorials[position] = tutorials
                graph.stepResources[position] = resources
                link(position, to: areas + tutorials + resources)
                graph.steps.append(position)
            case .resource:
                let areas = resolve(page, field: "areas", kind: .breakout, sink: sink)
                graph.areas[position] = areas
                for area in areas { graph.resourcesByArea[area, default: []].append(position) }
                link(position, to: areas)
                if checkAgentFields(of: page, sink: sink) {
                    let benchmarks = resolve(page, field: "validated_with", kind: .resource, sink: sink).filter { checkBenchmark($0, of: page, pages: pages, sink: sink) }
                    if !benchmarks.isEmpty { graph.validatedWith[position] = benchmarks }
                    link(position, to: benchmarks)
                    graph.skillArchives[position] = SkillArchive.of(page, staticFiles: index.staticFiles)
                    if page.frontMatter.text("url") == nil, graph.skillArchives[position] == nil, SkillArchive.bundleFolder(ofSkill: page) != nil, let source = page.source {
                        sink.add(source.error("resource.skill-without-files", "this skill has no 'url', and its folder holds no files to download",
                                              line: 1, column: 1, fix: "add 'url:' with the address where it lives, or put its files (SKILL.md, its scripts) beside index.md"))
                    }
                }
                checkIdentifiers(of: position, pages: pages, owners: &identifierOwners, sink: sink)
                checkYear(of: page, sink: sink)
            default:
                break
            }
            for tag in page.frontMatter.list("tags") {
                graph.tags[tag.value, default: []].append(position)
            }
        }

        for (target, sources) in backlinks.enumerated() where !sources.isEmpty {
            graph.backlinks[target] = sources
            if pages[target].kind == .resource {
                let citing = sources.filter { pages[$0].kind != .section }
                if !citing.isEmpty { graph.citedBy[target] = citing }
            }
        }
        return graph
    }

    /// The pages named by the ids in list field `field`, reporting unknown ids with a suggestion.
    private func resolve(_ page: Page, field: String, kind: ContentKind, sink: DiagnosticSink) -> [Int] {
        var result: [Int] = []
        for item in page.frontMatter.list(field) {
            if let target = index.page(kind: kind, id: item.value) {
                if kind == page.kind, item.value == page.id, let source = page.source {
                    sink.add(source.error("reference.self", "a \(kind.rawValue) cannot list itself in '\(field)'", line: item.line, column: item.column))
                    continue
                }
                result.append(target)
            } else if let source = page.source {
                let draft = index.draftSources.contains("\(kind.folder ?? "")/\(item.value).md") || index.draftSources.contains("\(kind.folder ?? "")/\(item.value)/index.md")
                sink.add(source.error(
                    "reference.unknown",
                    draft ? "'\(item.value)' in '\(field)' is a draft and is left out of this build" : "there is no \(kind.rawValue) with the id '\(item.value)' (named in '\(field)')",
                    line: item.line, column: item.column,
                    fix: draft ? "publish it, remove it from '\(field)', or build with --drafts" : Suggestion.didYouMean(item.value, in: index.ids(of: kind))
                ))
            }
        }
        return result
    }

    /// Whether `page` may have the fields of an agent (it is of type `agent`); reports each one a
    /// resource of another type has, since its page would not show it.
    private func checkAgentFields(of page: Page, sink: DiagnosticSink) -> Bool {
        let type = page.frontMatter.text("type")
        guard type != "agent" else { return true }
        guard let source = page.source else { return false }
        for field in FrontMatterSchema.agentFields {
            guard let (line, column) = page.frontMatter.keyPosition(field) else { continue }
            sink.add(source.error("resource.agent-field", "'\(field)' is for agents, skills and MCP servers, and this resource's type is \(type ?? "not given")",
                                  line: line, column: column, fix: "set 'type: agent' if it is one, or remove '\(field)'"))
        }
        return false
    }

    /// Whether resource `target`, named in `validated_with` of `page`, is a benchmark; reports it when not.
    private func checkBenchmark(_ target: Int, of page: Page, pages: [Page], sink: DiagnosticSink) -> Bool {
        let type = pages[target].frontMatter.text("type")
        guard type != "benchmark" else { return true }
        guard let source = page.source, let item = page.frontMatter.list("validated_with").first(where: { $0.value == pages[target].id }) else { return false }
        sink.add(source.error("resource.not-a-benchmark", "'\(item.value)' in 'validated_with' is a resource of type \(type ?? "unknown"), not a benchmark",
                              line: item.line, column: item.column, fix: "name the benchmark the agent was checked against, or set 'type: benchmark' on \(item.value)"))
        return false
    }

    /// Reports an identifier that an earlier resource already carries: the catalogue would list one
    /// work twice, and the two entries would drift apart.
    private func checkIdentifiers(of position: Int, pages: [Page], owners: inout [String: Int], sink: DiagnosticSink) {
        let page = pages[position]
        for identifier in ResourceIdentifier.all(of: page.frontMatter) {
            let key = identifier.scheme.field + " " + identifier.scheme.key(identifier.value)
            guard let first = owners[key] else {
                owners[key] = position
                continue
            }
            guard let source = page.source else { continue }
            let (line, column) = page.frontMatter.position(of: identifier.scheme.field)
            let written = pages[first].frontMatter.text(identifier.scheme.field) ?? identifier.value
            sink.add(source.error("resource.duplicate-identifier",
                                  "this resource has the \(identifier.scheme.label) of \(pages[first].source?.displayPath ?? pages[first].id) ('\(written)'): both would list the same work",
                                  line: line, column: column, fix: "keep one of the two files, moving what this one adds into it, or correct the \(identifier.scheme.label)"))
        }
    }

    /// A `year` beside a `date` of another year: the citation would take the date's, so the year
    /// written would be lost without a word.
    private func checkYear(of page: Page, sink: DiagnosticSink) {
        guard let year = page.frontMatter.integer("year"), let date = page.frontMatter.text("date"), !date.hasPrefix(String(year)), let source = page.source else { return }
        let (line, column) = page.frontMatter.position(of: "year")
        sink.add(source.error("resource.year-mismatch", "'year: \(year)' disagrees with 'date: \(date)'; citations take the date's year",
                              line: line, column: column, fix: "remove 'year' (the date gives it), or correct one of the two"))
    }

    private func orderSteps(_ steps: [Int], pages: [Page], order: PageOrder, sink: DiagnosticSink) -> [Int] {
        let sorted = order.byNumber(steps, field: "step")
        var seen: [Int: Int] = [:]
        for position in sorted {
            let page = pages[position]
            guard let number = page.frontMatter.integer("step") else { continue }
            if let first = seen[number], let source = page.source {
                let (line, column) = page.frontMatter.position(of: "step")
                sink.add(source.error("reference.duplicate-step", "step \(number) is also claimed by \(pages[first].sourcePath ?? pages[first].id)",
                                      line: line, column: column, fix: "give each step its own number"))
            }
            seen[number] = seen[number] ?? position
        }
        reportGaps(in: sorted, field: "step", what: "starter-kit steps", pages: pages, sink: sink)
        return sorted
    }

    private func orderSeries(pages: [Page], sink: DiagnosticSink) -> [String: [Int]] {
        var series: [String: [Int]] = [:]
        for (position, page) in pages.enumerated() where page.kind == .tutorial {
            let name = page.frontMatter.text("series")
            let part = page.frontMatter.integer("part")
            guard let source = page.source else { continue }
            switch (name, part) {
            case (let name?, _?):
                series[name, default: []].append(position)
            case (_?, nil):
                let (line, column) = page.frontMatter.position(of: "series")
                sink.add(source.error("frontmatter.missing-field", "a tutorial in a series needs 'part', its place in the series", line: line, column: column, fix: "add 'part: 1' (or 2, 3, ...)"))
            case (nil, _?):
                let (line, column) = page.frontMatter.position(of: "part")
                sink.add(source.error("frontmatter.bad-value", "'part' needs 'series', the id of the series", line: line, column: column))
            case (nil, nil):
                break
            }
        }
        for (name, members) in series {
            let sorted = members.sorted { (pages[$0].frontMatter.integer("part") ?? 0, pages[$0].id) < (pages[$1].frontMatter.integer("part") ?? 0, pages[$1].id) }
            for (previous, current) in zip(sorted, sorted.dropFirst()) {
                let part = pages[current].frontMatter.integer("part")
                guard part == pages[previous].frontMatter.integer("part"), let source = pages[current].source else { continue }
                let (line, column) = pages[current].frontMatter.position(of: "part")
                sink.add(source.error("reference.duplicate-part", "part \(part ?? 0) of series '\(name)' is also claimed by \(pages[previous].sourcePath ?? "")",
                                      line: line, column: column, fix: "number the parts 1, 2, 3, ..."))
            }
            reportGaps(in: sorted, field: "part", what: "the parts of series '\(name)'", pages: pages, sink: sink)
            series[name] = sorted
        }
        return series
    }

    /// The page of each series; a series without its file is an error at its first part, and a
    /// series file no tutorial names a warning.
    private func seriesPages(pages: [Page], series: [String: [Int]], sink: DiagnosticSink) -> [String: Int] {
        var found: [String: Int] = [:]
        for (position, page) in pages.enumerated() where page.kind == .series {
            found[page.id] = position
            if series[page.id] == nil, let source = page.source {
                sink.add(source.diagnostic(.warning, "reference.empty-series", "no tutorial is part of the series '\(page.id)'", line: 1, column: 1,
                                           fix: "add 'series: \(page.id)' and 'part: 1' (2, 3, …) to its tutorials"))
            }
            // A break comes between two parts: after the last one it would only lengthen the day.
            let count = series[page.id]?.count ?? 0
            if count > 0, let source = page.source {
                for entry in page.frontMatter.breaks("breaks") where entry.after >= count {
                    sink.add(source.error("reference.bad-break", "the series has \(count) part\(count == 1 ? "" : "s"), so a break after part \(entry.after) is not between two parts",
                                          line: entry.line, column: entry.column, fix: count > 1 ? "make 'after' a part from 1 to \(count - 1)" : "remove the break"))
                }
            }
        }
        for (name, members) in series.sorted(by: { $0.key < $1.key }) where found[name] == nil {
            guard let first = members.first, let source = pages[first].source else { continue }
            let (line, column) = pages[first].frontMatter.position(of: "series")
            let known = Array(found.keys)
            sink.add(source.error("reference.unknown-series", "the series '\(name)' has no file, which gives it its title and introduction", line: line, column: column,
                                  fix: Suggestion.didYouMean(name, in: known) ?? "create tutorials/\(name)/_series.md in the content folder, with 'title:' and 'summary:', and the setup instructions as its text"))
        }
        return found
    }

    /// Reports the first page whose number breaks the run 1, 2, 3, … (a gap, or not starting at 1).
    private func reportGaps(in ordered: [Int], field: String, what: String, pages: [Page], sink: DiagnosticSink) {
        var expected = 1
        for position in ordered {
            guard let number = pages[position].frontMatter.integer(field) else { continue }
            if number == expected - 1 { continue }  // a duplicate, reported on its own
            if number != expected, let source = pages[position].source {
                let (line, column) = pages[position].frontMatter.position(of: field)
                sink.add(source.error("reference.gap", "\(what) must be numbered 1, 2, 3, … without gaps; this one should be \(expected), not \(number)",
                                      line: line, column: column, fix: "renumber it '\(field): \(expected)'"))
                return
            }
            expected += 1
        }
    }

    /// Reports each cycle of prerequisites once, at the reference that closes it.
    private func checkPrerequisiteCycles(_ prerequisites: [Int: [Int]], pages: [Page], sink: DiagnosticSink) {
        enum Mark { case visiting, done }
        var marks: [Int: Mark] = [:]
        var path: [Int] = []
        func visit(_ node: Int) {
            marks[node] = .visiting
            path.append(node)
            for next in prerequisites[node] ?? [] {
                switch marks[next] {
                case .visiting?:
                    let start = path.lastIndex(of: next) ?? 0
                    let cycle = (path[start...] + [next]).map { pages[$0].id }.joined(separator: " → ")
                    let page = pages[node]
                    if let source = page.source, let item = page.frontMatter.list("prerequisites").first(where: { $0.value == pages[next].id }) {
                        sink.add(source.error("reference.cycle", "prerequisites form a cycle: \(cycle)", line: item.line, column: item.column,
                                              fix: "remove one of these prerequisites"))
                    }
                case .done?:
                    continue
                case nil:
                    visit(next)
                }
            }
            path.removeLast()
            marks[node] = .done
        }
        for node in prerequisites.keys.sorted() where marks[node] == nil {
            visit(node)
        }
    }
}

extension CrossReferenceStage {
    /// Stage 6 for the whole site: the graph of cross-references, the tag pages it calls for (added
    /// to `pages` and `index`), the pages after the first of long listings (added to `pages`
    /// only: they share their listing's kind and id), the navigation, and the order of every
    /// page by title (which stage 7 takes rather than sorting the titles again).
    static func run(pages: inout [Page], index: inout SiteIndex, links: LinkGraph, settings: SiteSettings,
                    sink: DiagnosticSink) -> (graph: SiteGraph, navigation: [NavigationItem], order: PageOrder) {
        var (graph, order) = CrossReferenceStage(index: index).run(pages: pages, links: links, sink: sink)
        CategoryTree.check(pages: pages, sink: sink)
        for page in SectionPages.tagPages(for: graph.tags) {
            index.registerGenerated(page, at: pages.count)
            pages.append(page)
        }
        order = order.extended(to: pages)
        // Last, so that the pages of long listings come after every page they list.
        ListingLayout.paginate(pages: &pages, graph: &graph, pageSize: settings.listingPageSize, order: order)
        return (graph, NavigationItem.resolve(settings, pages: pages, index: index, sink: sink), order.extended(to: pages))
    }
}
