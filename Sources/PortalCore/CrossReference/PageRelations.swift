/// What one page's front-matter adds to the site's graph, resolved against the index: the pages it
/// names by id, its tags, the keys of its identifiers and the problems found on the way. The
/// preview keeps every page's record from one rebuild to the next (`CrossReferenceStage.Run`).
///
/// One shared object: a record carried to the next run unchanged (the pages it names have not
/// moved) is handed on as it is, not copied.
final class PageRelations: Sendable {
    /// The pages named in `areas`, `prerequisites`, a step's `tutorials` and `resources`, and an
    /// agent's `validated_with` (the benchmarks among them), by position.
    let areas: [Int]
    let prerequisites: [Int]
    let tutorials: [Int]
    let resources: [Int]
    let benchmarks: [Int]
    /// Every resource an agent names in `validated_with`: their types decide which are benchmarks,
    /// so the record holds while they are unchanged.
    let validatedWith: [Int]
    let skillArchive: SkillArchive?
    let tags: [String]
    /// The series a tutorial is part of (`series`, with `part`), and its part (0 when in none).
    let series: String?
    let part: Int
    /// A resource's identifiers, each as the key that two resources of one work share.
    let identifiers: [String]
    /// The problems found in the page's own fields (an unknown or self reference, an agent's field
    /// on another resource, a `year` beside another year's `date`).
    let diagnostics: [Diagnostic]
    /// Whether the record holds for the page, given again unchanged, as long as every page it names
    /// is there unchanged: false when it names an id that no page has (a page added may take it)
    /// or is a skill's written as a page bundle, whose download is made of the files beside it.
    let isCarriable: Bool

    init(areas: [Int] = [], prerequisites: [Int] = [], tutorials: [Int] = [], resources: [Int] = [], benchmarks: [Int] = [], validatedWith: [Int] = [],
         skillArchive: SkillArchive? = nil, tags: [String] = [], series: String? = nil, part: Int = 0, identifiers: [String] = [], diagnostics: [Diagnostic] = [], isCarriable: Bool = true) {
        self.areas = areas
        self.prerequisites = prerequisites
        self.tutorials = tutorials
        self.resources = resources
        self.benchmarks = benchmarks
        self.validatedWith = validatedWith
        self.skillArchive = skillArchive
        self.tags = tags
        self.series = series
        self.part = part
        self.identifiers = identifiers
        self.diagnostics = diagnostics
        self.isCarriable = isCarriable
    }

    /// The record of a page that adds nothing.
    static let none = PageRelations()

    /// This record with its pages' positions read through `positions` (each old position's new
    /// one, -1 for a page gone or changed): itself when none moved, nil when one is gone or changed.
    func moved(to positions: [Int]) -> PageRelations? {
        var gone = false, changed = false
        func move(_ targets: [Int]) -> [Int] {
            guard !gone, targets.contains(where: { positions[$0] != $0 }) else { return targets }
            changed = true
            return targets.map { target in
                if positions[target] < 0 { gone = true }
                return positions[target]
            }
        }
        let (areas, prerequisites, tutorials, resources, benchmarks) = (move(areas), move(prerequisites), move(tutorials), move(resources), move(benchmarks))
        let validatedWith = move(validatedWith)
        if gone { return nil }
        guard changed else { return self }
        return PageRelations(areas: areas, prerequisites: prerequisites, tutorials: tutorials, resources: resources, benchmarks: benchmarks,
                             validatedWith: validatedWith, skillArchive: skillArchive, tags: tags, series: series, part: part, identifiers: identifiers, diagnostics: diagnostics, isCarriable: isCarriable)
    }
}

extension CrossReferenceStage {
    /// What one run of the stage resolved, for the next run to carry forward the pages that did
    /// not change instead of reading their fields and looking up their ids again.
    struct Run: Sendable {
        /// The pages as the run was given them. While the run is kept, a page given to the next run
        /// as the same value (`Page.isSameValue`) has not changed: every change to a page copies it first.
        let given: [Page]
        /// Each page's record, by position in `given`.
        let records: [PageRelations]
        /// The title order of `given`, before the pages the stage adds.
        let order: PageOrder
    }

    /// What `record(of:pages:)` gathers before it makes the record.
    private struct Found {
        var areas: [Int] = []
        var prerequisites: [Int] = []
        var tutorials: [Int] = []
        var resources: [Int] = []
        var benchmarks: [Int] = []
        var validatedWith: [Int] = []
        var skillArchive: SkillArchive?
        var series: String?
        var part = 0
        var identifiers: [String] = []
        var diagnostics: [Diagnostic] = []
        var isCarriable = true
    }

    /// The record of `page`, read from its front-matter; `pages` are every page, by position.
    func record(of page: Page, pages: [Page]) -> PageRelations {
        var record = Found()
        switch page.kind {
        case .tutorial:
            record.areas = resolve(page, field: "areas", kind: .breakout, into: &record)
            record.prerequisites = resolve(page, field: "prerequisites", kind: .tutorial, into: &record)
            readSeries(of: page, into: &record)
        case .step:
            record.areas = resolve(page, field: "areas", kind: .breakout, into: &record)
            record.tutorials = resolve(page, field: "tutorials", kind: .tutorial, into: &record)
            record.resources = resolve(page, field: "resources", kind: .resource, into: &record)
        case .resource:
            record.areas = resolve(page, field: "areas", kind: .breakout, into: &record)
            if checkAgentFields(of: page, into: &record) {
                record.validatedWith = resolve(page, field: "validated_with", kind: .resource, into: &record)
                record.benchmarks = record.validatedWith.filter { checkBenchmark($0, of: page, pages: pages, into: &record) }
                let bundle = SkillArchive.bundleFolder(ofSkill: page)
                if bundle != nil { record.isCarriable = false }
                record.skillArchive = SkillArchive.of(page, staticFiles: index.staticFiles)
                if page.frontMatter.text("url") == nil, record.skillArchive == nil, bundle != nil, let source = page.source {
                    record.diagnostics.append(source.error("resource.skill-without-files", "this skill has no 'url', and its folder holds no files to download",
                                                           line: 1, column: 1, fix: "add 'url:' with the address where it lives, or put its files (SKILL.md, its scripts) beside index.md"))
                }
            }
            record.identifiers = ResourceIdentifier.all(of: page.frontMatter).map(Self.key)
            checkYear(of: page, into: &record)
        default:
            break
        }
        return PageRelations(areas: record.areas, prerequisites: record.prerequisites, tutorials: record.tutorials, resources: record.resources,
                             benchmarks: record.benchmarks, validatedWith: record.validatedWith, skillArchive: record.skillArchive, tags: page.frontMatter.list("tags").map(\.value),
                             series: record.series, part: record.part, identifiers: record.identifiers, diagnostics: record.diagnostics, isCarriable: record.isCarriable)
    }

    /// The key two resources' identifiers share when they name one work.
    static func key(_ identifier: ResourceIdentifier) -> String {
        identifier.scheme.field + " " + identifier.scheme.key(identifier.value)
    }

    /// The pages named by the ids in list field `field`, reporting unknown ids with a suggestion.
    private func resolve(_ page: Page, field: String, kind: ContentKind, into record: inout Found) -> [Int] {
        var result: [Int] = []
        for item in page.frontMatter.list(field) {
            if let target = index.page(kind: kind, id: item.value) {
                if kind == page.kind, item.value == page.id, let source = page.source {
                    record.diagnostics.append(source.error("reference.self", "a \(kind.rawValue) cannot list itself in '\(field)'", line: item.line, column: item.column))
                    continue
                }
                result.append(target)
            } else {
                record.isCarriable = false
                guard let source = page.source else { continue }
                let draft = index.draftSources.contains("\(kind.folder ?? "")/\(item.value).md") || index.draftSources.contains("\(kind.folder ?? "")/\(item.value)/index.md")
                record.diagnostics.append(source.error(
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
    private func checkAgentFields(of page: Page, into record: inout Found) -> Bool {
        let type = page.frontMatter.text("type")
        guard type != "agent" else { return true }
        guard let source = page.source else { return false }
        for field in FrontMatterSchema.agentFields {
            guard let (line, column) = page.frontMatter.keyPosition(field) else { continue }
            record.diagnostics.append(source.error("resource.agent-field", "'\(field)' is for agents, skills and MCP servers, and this resource's type is \(type ?? "not given")",
                                                   line: line, column: column, fix: "set 'type: agent' if it is one, or remove '\(field)'"))
        }
        return false
    }

    /// Whether resource `target`, named in `validated_with` of `page`, is a benchmark; reports it when not.
    private func checkBenchmark(_ target: Int, of page: Page, pages: [Page], into record: inout Found) -> Bool {
        let type = pages[target].frontMatter.text("type")
        guard type != "benchmark" else { return true }
        guard let source = page.source, let item = page.frontMatter.list("validated_with").first(where: { $0.value == pages[target].id }) else { return false }
        record.diagnostics.append(source.error("resource.not-a-benchmark", "'\(item.value)' in 'validated_with' is a resource of type \(type ?? "unknown"), not a benchmark",
                                               line: item.line, column: item.column, fix: "name the benchmark the agent was checked against, or set 'type: benchmark' on \(item.value)"))
        return false
    }

    /// The series of a tutorial and its part; either without the other is an error.
    private func readSeries(of page: Page, into record: inout Found) {
        let name = page.frontMatter.text("series")
        let part = page.frontMatter.integer("part")
        guard let source = page.source else { return }
        switch (name, part) {
        case (let name?, let part?):
            (record.series, record.part) = (name, part)
        case (_?, nil):
            let (line, column) = page.frontMatter.position(of: "series")
            record.diagnostics.append(source.error("frontmatter.missing-field", "a tutorial in a series needs 'part', its place in the series",
                                                   line: line, column: column, fix: "add 'part: 1' (or 2, 3, ...)"))
        case (nil, _?):
            let (line, column) = page.frontMatter.position(of: "part")
            record.diagnostics.append(source.error("frontmatter.bad-value", "'part' needs 'series', the id of the series", line: line, column: column))
        case (nil, nil):
            break
        }
    }

    /// A `year` beside a `date` of another year: the citation would take the date's, so the year
    /// written would be lost without a word.
    private func checkYear(of page: Page, into record: inout Found) {
        guard let year = page.frontMatter.integer("year"), let date = page.frontMatter.text("date"), !date.hasPrefix(String(year)), let source = page.source else { return }
        let (line, column) = page.frontMatter.position(of: "year")
        record.diagnostics.append(source.error("resource.year-mismatch", "'year: \(year)' disagrees with 'date: \(date)'; citations take the date's year",
                                               line: line, column: column, fix: "remove 'year' (the date gives it), or correct one of the two"))
    }
}
