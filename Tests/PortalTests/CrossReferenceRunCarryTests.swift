import Foundation
@testable import PortalCore
import PortalTestSupport
import Testing

@Suite("Records carried from the cross-reference stage's last run")
struct CrossReferenceRunCarryTests {
    private typealias Run = (graph: SiteGraph, order: PageOrder, run: CrossReferenceStage.Run, pages: [Page], diagnostics: [String])

    private static let files: [String: String] = [
        "content/breakouts/agents.md": "---\ntitle: Agents\n---\n",
        "content/tutorials/alpha.md": "---\ntitle: Alpha\nareas: [agents]\n---\n",
        "content/tutorials/bravo.md": "---\ntitle: Bravo\nareas: [agents]\nprerequisites: [charlie]\ntags: [ml]\n---\n",
        "content/tutorials/charlie.md": "---\ntitle: Charlie\nareas: [agents]\n---\n",
        "content/tutorials/delta.md": "---\ntitle: Delta\nprerequisites: [missing]\n---\n",
        "content/resources/paper.md": "---\ntitle: Paper\ntype: paper\nareas: [agents]\ndoi: 10.1000/xyz\nyear: 2020\ndate: 2021-01-01\n---\n",
        "content/resources/preprint.md": "---\ntitle: Preprint\ntype: paper\ndoi: 10.1000/XYZ\n---\n",
        "content/resources/bot.md": "---\ntitle: Bot\ntype: agent\nvalidated_with: [paper]\n---\n",
        "content/starter-kit/start.md": "---\ntitle: Start\nstep: 1\ntutorials: [bravo]\nresources: [paper]\ntags: [ml]\n---\n",
        "content/resources/helper/index.md": "---\ntitle: Helper\ntype: agent\nkind: skill\n---\n",
        "content/resources/helper/SKILL.md": "A skill.\n",
    ]

    /// Each file's page, loaded once: a run given the same one again is given the same value.
    private func load(_ site: TestSite) -> [String: Page] {
        let files = Self.files.keys.sorted().filter { $0.hasSuffix(".md") && !$0.hasSuffix("SKILL.md") }.map { path -> ContentFile in
            let relative = String(path.dropFirst("content/".count))
            let parts = relative.split(separator: "/").map(String.init)
            let isBundle = parts.count == 3
            return ContentFile(relativePath: relative, kind: ContentKind.forFolder(parts[0])!, id: isBundle ? parts[1] : String(parts[1].dropLast(3)), isBundle: isBundle)
        }
        let loaded = PageLoader(contentRoot: site.root.appendingPathComponent("content"), displayRoot: "content").load(files, into: DiagnosticSink())
        return Dictionary(uniqueKeysWithValues: zip(files.map(\.id), loaded.pages))
    }

    private func run(_ names: [String], _ loaded: [String: Page], last: CrossReferenceStage.Run?, errorFirst: Bool = false) -> Run {
        let pages = names.map { loaded[$0]! }
        let sink = DiagnosticSink()
        let index = SiteIndex(pages: pages, staticFiles: ["resources/helper/SKILL.md"], draftSources: [], sink: sink)
        if errorFirst { sink.add(Diagnostic(.error, "test.error", "an error from an earlier stage", file: "content/x.md")) }
        let (graph, order, run) = CrossReferenceStage(index: index).run(pages: pages, links: LinkGraph(), last: last, sink: sink)
        return (graph, order, run, pages, sink.sorted.filter { $0.id != "test.error" }.map { "\($0.file):\($0.line):\($0.column): \($0.message)" })
    }

    /// Every relation of the graph and the title order, pages named by id.
    private func described(_ run: Run) -> [String] {
        let id = { (position: Int) in run.pages[position].id }
        func lines(_ name: String, _ relation: [Int: [Int]]) -> [String] {
            relation.map { "\(name) \(id($0.key)): \($0.value.map(id).joined(separator: " "))" }.sorted()
        }
        let graph = run.graph
        return lines("backlinks", graph.backlinks) + lines("areas", graph.areas) + lines("tutorialsByArea", graph.tutorialsByArea)
            + lines("resourcesByArea", graph.resourcesByArea) + lines("prerequisites", graph.prerequisites) + lines("requiredBy", graph.requiredBy)
            + lines("stepTutorials", graph.stepTutorials) + lines("stepResources", graph.stepResources) + lines("citedBy", graph.citedBy)
            + lines("validatedWith", graph.validatedWith)
            + graph.tags.map { "tag \($0.key): \($0.value.map(id).joined(separator: " "))" }.sorted()
            + ["steps: \(graph.steps.map(id).joined(separator: " "))", "order: \(run.order.allByTitle.map(id).joined(separator: " "))"]
    }

    /// The last run with every record tagged `carried`: the pages carried from it carry the tag.
    private func marked(_ run: CrossReferenceStage.Run) -> CrossReferenceStage.Run {
        CrossReferenceStage.Run(given: run.given, records: run.records.map { record in
            PageRelations(areas: record.areas, prerequisites: record.prerequisites, tutorials: record.tutorials, resources: record.resources, benchmarks: record.benchmarks,
                          validatedWith: record.validatedWith,
                          skillArchive: record.skillArchive, tags: ["carried"], series: record.series, part: record.part, identifiers: record.identifiers, diagnostics: record.diagnostics,
                          isCarriable: record.isCarriable)
        }, order: run.order)
    }

    private func carried(_ run: Run) -> [String] {
        (run.graph.tags["carried"] ?? []).map { run.pages[$0].id }.sorted()
    }

    @Test("A page given again as the same value takes its record, its pages moved; a page new, naming one gone or changed or an unknown id, or a skill's bundle, is resolved again")
    func carries() throws {
        let site = try TestSite(Self.files)
        defer { site.cleanUp() }
        let loaded = load(site)
        let first = run(["agents", "bravo", "charlie", "delta", "paper", "preprint", "bot", "helper", "start"], loaded, last: nil)
        #expect(first.diagnostics == [
            "content/resources/bot.md:4:18: 'paper' in 'validated_with' is a resource of type paper, not a benchmark",
            "content/resources/paper.md:6:1: 'year: 2020' disagrees with 'date: 2021-01-01'; citations take the date's year",
            "content/resources/preprint.md:4:1: this resource has the DOI of content/resources/paper.md ('10.1000/xyz'): both would list the same work",
            "content/tutorials/delta.md:3:17: there is no tutorial with the id 'missing' (named in 'prerequisites')",
        ], "\(first.diagnostics)")

        // Alpha comes before the others: every page moves one place on.
        let all = ["agents", "alpha", "bravo", "charlie", "delta", "paper", "preprint", "bot", "helper", "start"]
        let added = run(all, loaded, last: first.run)
        let fresh = run(all, loaded, last: nil)
        #expect(described(added) == described(fresh))
        #expect(added.diagnostics == fresh.diagnostics)
        #expect(added.diagnostics == first.diagnostics)
        #expect(added.graph.skillArchives.count == 1)
        #expect(carried(run(all, loaded, last: marked(first.run))) == ["agents", "bot", "bravo", "charlie", "paper", "preprint", "start"])

        // Charlie goes: bravo, which names it, is resolved again and says so; start, naming bravo, is carried.
        let gone = ["agents", "alpha", "bravo", "delta", "paper", "preprint", "bot", "helper", "start"]
        let deleted = run(gone, loaded, last: added.run)
        #expect(described(deleted) == described(run(gone, loaded, last: nil)))
        #expect(deleted.diagnostics.contains("content/tutorials/bravo.md:4:17: there is no tutorial with the id 'charlie' (named in 'prerequisites')"))
        #expect(carried(run(gone, loaded, last: marked(added.run))) == ["agents", "alpha", "bot", "paper", "preprint", "start"])

        // The paper becomes a benchmark: the agent validated with it is resolved again and no longer says it is not one.
        var benchmark = loaded
        var paper = try #require(loaded["paper"])
        paper.frontMatter.values["type"] = Located(value: .text("benchmark"), line: 3, column: 7)
        benchmark["paper"] = paper
        let retyped = run(gone, benchmark, last: deleted.run)
        #expect(!retyped.diagnostics.contains { $0.hasPrefix("content/resources/bot.md") }, "\(retyped.diagnostics)")
        #expect(retyped.graph.validatedWith.count == 1)
        #expect(described(retyped) == described(run(gone, benchmark, last: nil)))

        // A run that starts with an error reported carries nothing.
        #expect(carried(run(gone, loaded, last: marked(added.run), errorFirst: true)).isEmpty)
    }

    @Test("The title order kept from the last run puts new and changed pages in their places")
    func orderKept() throws {
        let site = try TestSite(Self.files)
        defer { site.cleanUp() }
        let loaded = load(site)
        let first = run(["alpha", "bravo", "charlie", "delta"], loaded, last: nil)
        var retitled = loaded
        var page = try #require(loaded["alpha"])
        page.frontMatter.values["title"] = Located(value: .text("Zulu"), line: 2, column: 8)
        retitled["alpha"] = page
        let names = ["agents", "alpha", "charlie", "delta", "paper"]
        let next = run(names, retitled, last: first.run)
        #expect(next.order.allByTitle.map { next.pages[$0].id } == ["agents", "charlie", "delta", "paper", "alpha"])
        #expect(described(next) == described(run(names, retitled, last: nil)))

        // A page given as the same value keeps its place without its title being read: here the
        // retitled page, passed as kept, stays where alpha was.
        let last = PageOrder(pages: [loaded["alpha"]!, loaded["bravo"]!])
        let kept = PageOrder(pages: [page, loaded["bravo"]!, loaded["charlie"]!], keeping: last, from: [0, 1, nil])
        #expect(kept.allByTitle == [0, 1, 2])
        #expect(PageOrder(pages: [page, loaded["bravo"]!, loaded["charlie"]!]).allByTitle == [1, 2, 0])
    }

    @Test("Values gathered by key keep their order within each key; a key without any has an empty run")
    func gathered() {
        let (start, values) = CrossReferenceStage.gathered([(2, 10), (0, 11), (2, 12), (3, 13), (0, 14)], count: 5)
        #expect(start == [0, 2, 2, 4, 5, 5])
        #expect((0..<5).map { Array(values[start[$0]..<start[$0 + 1]]) } == [[11, 14], [], [10, 12], [13], []])
    }
}
