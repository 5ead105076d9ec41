/// Stage 6: resolves front-matter references by id and gathers every relation in both directions.
///
/// Each relation is built by one pass over the pages and the references, so the work grows
/// linearly with the site.
struct CrossReferenceStage {
    let index: SiteIndex

    /// With `last` (the preview's last run), a page given again as the same value takes its record
    /// from that run, with the positions of the pages it names moved to theirs now, unless it names
    /// one gone or changed, or its record cannot be carried (`PageRelations.isCarriable`); the
    /// title order keeps those pages' places. A run that starts with errors reported (a duplicate
    /// id among them, which moves an id to another page) carries nothing.
    func run(pages: [Page], links: LinkGraph, last: Run? = nil, sink: DiagnosticSink) -> (graph: SiteGraph, order: PageOrder, run: Run) {
        let carrying = last.flatMap { last in sink.hasErrors ? nil : (last, last.given.sameValues(in: pages)) }
        let order = carrying.map { last, found in PageOrder(pages: pages, keeping: last.order, from: found.from) } ?? PageOrder(pages: pages)
        let (gathered, records, kinds) = relations(pages: pages, links: links, order: order,
                                            carrying: carrying.map { last, found in (last.records, found.from, found.to) }, sink: sink)
        var graph = gathered
        graph.relations = records
        for key in Array(graph.stepsByArea.keys) { graph.stepsByArea[key] = order.byNumber(graph.stepsByArea[key] ?? [], field: "step") }

        graph.steps = orderSteps(graph.steps, pages: pages, order: order, sink: sink)
        graph.series = orderSeries(records, pages: pages, sink: sink)
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
            LinkedFrom.grouping(backlink.value, to: backlink.key, pages: pages, graph: sorted, kinds: kinds)
        }
        for (backlink, grouped) in zip(backlinks, grouped) where !grouped.groups.isEmpty { graph.linkedFrom[backlink.key] = grouped }
        checkPrerequisiteCycles(records, pages: pages, sink: sink)
        return (graph, order, Run(given: pages, records: records, order: order))
    }

    /// Every relation the pages' front-matter and links make, and each page's record and kind. The
    /// pages are taken in title order (`order`), so every list of pages the graph holds is in that order
    /// as it is made, but the starter-kit steps of each area. `carrying` is the last run's records,
    /// where each page was in it (when the same value) and where each of its pages is now.
    private func relations(pages: [Page], links: LinkGraph, order: PageOrder, carrying: (records: [PageRelations], from: [Int?], to: [Int])?,
                           sink: DiagnosticSink) -> (SiteGraph, [PageRelations], [ContentKind]) {
        // Each page's kind and record, on all cores: a record read anew looks its ids up, one
        // carried is moved to where its pages are now, and either reads the page, which the
        // passes below, which go page by page in title order, then find in the cache.
        let made = ParallelMap.map(Array(pages.indices)) { position -> (kind: ContentKind, record: PageRelations) in
            let page = pages[position]
            let record = carrying.flatMap { carrying in
                carrying.from[position].flatMap { old in carrying.records[old].isCarriable ? carrying.records[old].moved(to: carrying.to) : nil }
            } ?? self.record(of: page, pages: pages)
            return (page.kind, record)
        }
        let records = made.map(\.record)
        // Each page's links and front-matter references, every target once: a target is marked
        // with the last page that named it, so a page's edges are deduplicated without hashing
        // them. Each page's links are found by where they start, counted once.
        let links = links.references
        let (linkStart, linksByPage) = Self.gathered(links.map { ($0.from, $0.to) }, count: pages.count)
        // Each page's kind, read once with its record: the backlinks below ask for their sources'.
        let kinds = made.map(\.kind)
        // The edges and the lists by kind and tag are made side by side, each in one pass over the
        // pages in title order: neither reads what the other makes.
        let (edges, gathered) = ParallelMap.both({
            // The edges (each by its target, with its source) are listed as they are found, a
            // source's after the last's, and each target's sources gathered from the list at the
            // end, where an array for each target, appended to as its sources came, grew page by page.
            var namedBy = [Int](repeating: -1, count: pages.count)
            var edges: [(key: Int, value: Int)] = []
            edges.reserveCapacity(links.count + pages.count)
            func link(_ from: Int, to target: Int) {
                guard target != from, namedBy.indices.contains(target), namedBy[target] != from else { return }
                namedBy[target] = from
                edges.append((key: target, value: from))
            }
            func link(_ from: Int, to targets: [Int]) {
                for target in targets { link(from, to: target) }
            }
            for position in order.allByTitle {
                let record = records[position]
                for next in linkStart[position]..<linkStart[position + 1] { link(position, to: linksByPage[next]) }
                switch kinds[position] {
                case .tutorial:
                    link(position, to: record.areas)
                    link(position, to: record.prerequisites)
                case .step:
                    link(position, to: record.areas)
                    link(position, to: record.tutorials)
                    link(position, to: record.resources)
                case .resource:
                    link(position, to: record.areas)
                    link(position, to: record.benchmarks)
                default:
                    break
                }
            }
            return edges
        }, {
            var graph = SiteGraph()
            graph.areas.reserveCapacity(pages.count)
            for position in order.allByTitle {
                let record = records[position]
                sink.add(contentsOf: record.diagnostics)
                switch kinds[position] {
                case .tutorial:
                    graph.areas[position] = record.areas
                    for area in record.areas { graph.tutorialsByArea[area, default: []].append(position) }
                    graph.prerequisites[position] = record.prerequisites
                    for prerequisite in record.prerequisites { graph.requiredBy[prerequisite, default: []].append(position) }
                case .step:
                    graph.areas[position] = record.areas
                    for area in record.areas { graph.stepsByArea[area, default: []].append(position) }
                    graph.stepTutorials[position] = record.tutorials
                    graph.stepResources[position] = record.resources
                    graph.steps.append(position)
                case .resource:
                    graph.areas[position] = record.areas
                    for area in record.areas { graph.resourcesByArea[area, default: []].append(position) }
                    if !record.benchmarks.isEmpty { graph.validatedWith[position] = record.benchmarks }
                    if let archive = record.skillArchive { graph.skillArchives[position] = archive }
                default:
                    break
                }
                for tag in record.tags {
                    graph.tags[tag, default: []].append(position)
                }
            }
            return graph
        })
        var graph = gathered

        // The first resource in page order with an identifier owns it.
        var identifierOwners: [String: Int] = [:]
        for (position, record) in records.enumerated() {
            for key in record.identifiers {
                if let first = identifierOwners[key] {
                    reportDuplicateIdentifier(key, of: position, first: first, pages: pages, sink: sink)
                } else {
                    identifierOwners[key] = position
                }
            }
        }
        let (sourceStart, sourcesByTarget) = Self.gathered(edges, count: pages.count)
        graph.backlinks.reserveCapacity(pages.count)
        for target in pages.indices where sourceStart[target + 1] > sourceStart[target] {
            let sources = Array(sourcesByTarget[sourceStart[target]..<sourceStart[target + 1]])
            graph.backlinks[target] = sources
            if kinds[target] == .resource {
                let citing = sources.filter { kinds[$0] != .section }
                if !citing.isEmpty { graph.citedBy[target] = citing }
            }
        }
        return (graph, records, kinds)
    }

    /// The values of `pairs` gathered by key (from 0 to `count` - 1), in their order within each
    /// key: the values of key `k` are `values[start[k]..<start[k + 1]]`. Two passes over flat
    /// arrays, where an array for each key, appended to, grows one value at a time.
    static func gathered(_ pairs: [(key: Int, value: Int)], count: Int) -> (start: [Int], values: [Int]) {
        var start = [Int](repeating: 0, count: count + 1)
        for pair in pairs { start[pair.key + 1] += 1 }
        for key in 0..<count { start[key + 1] += start[key] }
        var values = [Int](repeating: 0, count: pairs.count)
        var next = start
        for pair in pairs {
            values[next[pair.key]] = pair.value
            next[pair.key] += 1
        }
        return (start, values)
    }

    /// Reports the identifier of resource `position` with key `key`, which resource `first` already
    /// carries: the catalogue would list one work twice, and the two entries would drift apart.
    private func reportDuplicateIdentifier(_ key: String, of position: Int, first: Int, pages: [Page], sink: DiagnosticSink) {
        let page = pages[position]
        guard let source = page.source, let identifier = ResourceIdentifier.all(of: page.frontMatter).first(where: { Self.key($0) == key }) else { return }
        let (line, column) = page.frontMatter.position(of: identifier.scheme.field)
        let written = pages[first].frontMatter.text(identifier.scheme.field) ?? identifier.value
        sink.add(source.error("resource.duplicate-identifier",
                              "this resource has the \(identifier.scheme.label) of \(pages[first].source?.displayPath ?? pages[first].id) ('\(written)'): both would list the same work",
                              line: line, column: column, fix: "keep one of the two files, moving what this one adds into it, or correct the \(identifier.scheme.label)"))
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
        reportGaps(in: sorted, field: "step", what: "starter-kit steps", pages: pages, sink: sink) { pages[$0].frontMatter.integer("step") }
        return sorted
    }

    /// The tutorials of each series (`PageRelations.series`), ordered by part.
    private func orderSeries(_ records: [PageRelations], pages: [Page], sink: DiagnosticSink) -> [String: [Int]] {
        var series: [String: [Int]] = [:]
        for (position, record) in records.enumerated() {
            if let name = record.series { series[name, default: []].append(position) }
        }
        for (name, members) in series {
            let sorted = members.sorted { (records[$0].part, pages[$0].id) < (records[$1].part, pages[$1].id) }
            for (previous, current) in zip(sorted, sorted.dropFirst()) {
                let part = records[current].part
                guard part == records[previous].part, let source = pages[current].source else { continue }
                let (line, column) = pages[current].frontMatter.position(of: "part")
                sink.add(source.error("reference.duplicate-part", "part \(part) of series '\(name)' is also claimed by \(pages[previous].sourcePath ?? "")",
                                      line: line, column: column, fix: "number the parts 1, 2, 3, ..."))
            }
            reportGaps(in: sorted, field: "part", what: "the parts of series '\(name)'", pages: pages, sink: sink) { records[$0].part }
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
    private func reportGaps(in ordered: [Int], field: String, what: String, pages: [Page], sink: DiagnosticSink, number: (Int) -> Int?) {
        var expected = 1
        for position in ordered {
            guard let number = number(position) else { continue }
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
    private func checkPrerequisiteCycles(_ records: [PageRelations], pages: [Page], sink: DiagnosticSink) {
        // Marked by position: 0 not seen, 1 on the path being visited, 2 done.
        var marks = [UInt8](repeating: 0, count: records.count)
        var path: [Int] = []
        func visit(_ node: Int) {
            marks[node] = 1
            path.append(node)
            for next in records[node].prerequisites {
                switch marks[next] {
                case 1:
                    let start = path.lastIndex(of: next) ?? 0
                    let cycle = (path[start...] + [next]).map { pages[$0].id }.joined(separator: " → ")
                    let page = pages[node]
                    if let source = page.source, let item = page.frontMatter.list("prerequisites").first(where: { $0.value == pages[next].id }) {
                        sink.add(source.error("reference.cycle", "prerequisites form a cycle: \(cycle)", line: item.line, column: item.column,
                                              fix: "remove one of these prerequisites"))
                    }
                case 2:
                    continue
                default:
                    visit(next)
                }
            }
            path.removeLast()
            marks[node] = 2
        }
        for node in records.indices where marks[node] == 0 && !records[node].prerequisites.isEmpty {
            visit(node)
        }
    }
}

extension CrossReferenceStage {
    /// Stage 6 for the whole site: the graph of cross-references, the tag pages it calls for (added
    /// to `pages` and `index`), the pages after the first of long listings (added to `pages`
    /// only: they share their listing's kind and id), the navigation, and the order of every
    /// page by title (which stage 7 takes rather than sorting the titles again); and the run, for
    /// the next one's `last` (the preview keeps it).
    static func run(pages: inout [Page], index: inout SiteIndex, links: LinkGraph, settings: SiteSettings, last: Run? = nil,
                    sink: DiagnosticSink) -> (graph: SiteGraph, navigation: [NavigationItem], order: PageOrder, run: Run) {
        var (graph, order, run) = CrossReferenceStage(index: index).run(pages: pages, links: links, last: last, sink: sink)
        CategoryTree.check(pages: pages, sink: sink)
        for page in SectionPages.tagPages(for: graph.tags) {
            index.registerGenerated(page, at: pages.count)
            pages.append(page)
        }
        order = order.extended(to: pages)
        // Last, so that the pages of long listings come after every page they list.
        ListingLayout.paginate(pages: &pages, graph: &graph, pageSize: settings.listingPageSize, order: order, index: index)
        return (graph, NavigationItem.resolve(settings, pages: pages, index: index, sink: sink), order.extended(to: pages), run)
    }
}
