import Foundation
@testable import PortalCore
import PortalTestSupport
import Testing

@Suite("Stage building blocks")
struct StageUnitTests {
    @Test("A change to one copy of a page never shows in another")
    func pagesAreValues() {
        let text = "---\ntitle: T\n---\nBody text.\n"
        var page = Page(kind: .tutorial, id: "t", sourcePath: "tutorials/t.md", source: SourceText(displayPath: "content/tutorials/t.md", text: text),
                        outputDirectory: "tutorials/t", frontMatter: FrontMatter(), bodyFirstLine: 4)
        page.plainText = "Body text."
        let copy = page
        page.source = nil
        page.plainText = ""
        #expect(page.source == nil && page.plainText.isEmpty && page.sourcePath == "tutorials/t.md" && page.bodyFirstLine == 4)
        #expect(copy.source?.text == text && copy.plainText == "Body text.")
    }

    @Test("A .bib entry's page splits its source path at the # into its file and key, whatever follows the #")
    func entrySourcePath() {
        func page(_ sourcePath: String, completing entry: String? = nil) -> Page {
            var page = Page(kind: .resource, id: "r", sourcePath: sourcePath, source: nil, outputDirectory: "resources/r", frontMatter: FrontMatter())
            page.completedEntry = entry
            return page
        }
        let entry = page("resources/review.bib#Qu:2019gqs")
        #expect(entry.sourceFile == "resources/review.bib" && entry.bibliographyKey == "Qu:2019gqs" && entry.sourceFiles == ["resources/review.bib"])
        // A key that starts with a combining mark makes one Character of the `#` and the mark: the
        // split is still at the `#`.
        let marked = page("resources/review.bib#\u{301}key")
        #expect(marked.sourceFile == "resources/review.bib" && marked.bibliographyKey == "\u{301}key")
        let completing = page("resources/qu.md", completing: "resources/review.bib#Qu:2019gqs")
        #expect(completing.sourceFile == "resources/qu.md" && completing.bibliographyKey == "Qu:2019gqs"
                && completing.sourceFiles == ["resources/qu.md", "resources/review.bib"])
        let plain = page("resources/qu.md")
        #expect(plain.sourceFile == "resources/qu.md" && plain.bibliographyKey == nil && plain.sourceFiles == ["resources/qu.md"])
    }

    @Test("A page keeps its front-matter's lines; its body keeps the file")
    func loaderSplitsPageAndBody() throws {
        let text = "---\ntitle: T\n---\nBody [link](#gone).\n\nMore.\n"
        let site = try TestSite(["content/tutorials/t.md": text])
        defer { site.cleanUp() }
        let loaded = PageLoader(contentRoot: site.root.appendingPathComponent("content"), displayRoot: "content")
            .load([ContentFile(relativePath: "tutorials/t.md", kind: .tutorial, id: "t", isBundle: false)], into: DiagnosticSink())
        let page = try #require(loaded.pages.first)
        #expect(page.source?.text == "---\ntitle: T\n---\n")
        #expect(loaded.bodies.first?.source?.text == text && loaded.bodies.first?.text == "Body [link](#gone).\n\nMore.\n")

        // After the Markdown stage, the page keeps the lines its anchor checks point at, and its error shows the line.
        var pages = loaded.pages
        let index = SiteIndex(pages: pages, staticFiles: [], draftSources: [], sink: DiagnosticSink())
        let sink = DiagnosticSink()
        let output = MarkdownStage(allowsRawHTML: false, themeIDs: []).run(pages: &pages, bodies: loaded.bodies, index: index, sink: sink)
        #expect(pages[0].source?.line(4) == "Body [link](#gone)." && pages[0].source?.line(6) == nil)
        #expect(sink.sorted.map(\.sourceLine) == ["Body [link](#gone)."])
        #expect(output.bodies.html == ["<p>Body <a href=\"#gone\">link</a>.</p>\n<p>More.</p>\n"])
        #expect(output.bodies.twins == ["Body [link](#gone).\n\nMore.\n"])
    }

    @Test("A map that consumes its inputs lets go of each once it is done with it")
    func consumingMapReleasesEachInput() {
        final class Tracked: Sendable {
            static let alive = Counter()
            init() { Self.alive.add(1) }
            deinit { Self.alive.add(-1) }
        }
        let count = 400
        let inputs = (0..<count).map { _ in Tracked() }
        let seen = ParallelMap.map(consuming: consume inputs) { _ in Tracked.alive.value }
        // Without the hand-off every input lives until the map returns, so each call sees all of them.
        #expect(seen.min()! < count / 2, "the inputs were held until the end: at least \(seen.min()!) alive")
        #expect(Tracked.alive.value == 0)
        let held = (0..<count).map { _ in Tracked() }
        #expect(ParallelMap.map(held) { _ in Tracked.alive.value }.min() == count)
    }

    @Test("A map's results are moved out to the caller in order, none freed twice or left behind")
    func mapResultsMovedOut() {
        final class Tracked: Sendable {
            static let alive = Counter()
            let value: Int
            init(_ value: Int) { self.value = value; Self.alive.add(1) }
            deinit { Self.alive.add(-1) }
        }
        do {
            let results = ParallelMap.map(Array(0..<500)) { Tracked($0) }
            #expect(results.map(\.value) == Array(0..<500))
            #expect(Tracked.alive.value == 500)
        }
        #expect(Tracked.alive.value == 0, "results outlived the array that held them: \(Tracked.alive.value)")
    }

    @Test("Two pieces of work, each changing its own state, both run once and both results come back")
    func bothRunsEachOnce() {
        var first: [Int] = []
        var second = ""
        var firstRuns = 0, secondRuns = 0
        let (sum, text) = ParallelMap.both({ () -> Int in
            firstRuns += 1
            first = Array(1...100)
            return first.reduce(0, +)
        }, { () -> String in
            secondRuns += 1
            second = "done"
            return second + "!"
        })
        #expect(sum == 5_050 && first.count == 100)
        #expect(text == "done!" && second == "done")
        #expect(firstRuns == 1 && secondRuns == 1)
    }

    @Test("Front-matter is split from the body with its line offsets")
    func splitter() throws {
        let text = FrontMatterSplitter.normalise("\u{FEFF}---\r\ntitle: T\r\n---\r\nBody\r\n")
        #expect(text == "---\ntitle: T\n---\nBody\n")
        let source = SourceText(displayPath: "x.md", text: text)
        let split = try FrontMatterSplitter.split(text, source: source).get()
        #expect(split.yaml == "title: T")
        #expect(split.yamlFirstLine == 2)
        #expect(split.body == "Body\n")
        #expect(split.bodyFirstLine == 4)
    }

    @Test("Durations", arguments: [("45 min", 45), ("2 h", 120), ("1 h 30 min", 90), ("90min", 90), ("1h 5m", 65), ("soon", nil), ("0 min", nil), ("30", nil)] as [(String, Int?)])
    func durations(text: String, minutes: Int?) {
        #expect(Duration.minutes(in: text) == minutes)
    }

    @Test("Duration display")
    func durationDisplay() {
        #expect(Duration.display(minutes: 45) == "45 min")
        #expect(Duration.display(minutes: 120) == "2 h")
        #expect(Duration.display(minutes: 95) == "1 h 35 min")
    }

    @Test("Calendar dates", arguments: [("2026-05-18", true), ("2024-02-29", true), ("2026-02-29", false), ("2026-13-01", false), ("2026-5-18", false), ("18/05/2026", false)])
    func dates(text: String, valid: Bool) {
        #expect((CalendarDate(text) != nil) == valid)
    }

    @Test("Page ids", arguments: [("python-env", true), ("step-1", true), ("Python", false), ("a--b", false), ("-a", false), ("a b", false), ("ü", false), ("..", false)])
    func pageIDs(id: String, valid: Bool) {
        #expect(PageID.isValid(id) == valid)
    }

    @Test("Relative URLs between site paths", arguments: [
        ("tutorials/a", "tutorials/b/index.html", "../b/index.html"),
        ("tutorials/a", "index.html", "../../index.html"),
        ("", "tutorials/a/index.html", "tutorials/a/index.html"),
        ("tutorials/a", "tutorials/a/data.csv", "data.csv"),
        ("about", "images/my plot.png", "../images/my%20plot.png"),
    ])
    func relativeURLs(from: String, to: String, expected: String) {
        #expect(SitePath.relativeURL(from: from, to: to) == expected)
    }

    @Test("Path resolution refuses to climb above the root")
    func pathResolution() {
        #expect(SitePath.resolve("../resources/x.md", against: "tutorials") == "resources/x.md")
        #expect(SitePath.resolve("./a/../b.md", against: "") == "b.md")
        #expect(SitePath.resolve("../../x.md", against: "tutorials") == nil)
    }

    @Test("Suggestions pick plausible typos only")
    func suggestions() {
        #expect(Suggestion.closest(to: "agentic-ia", in: ["agentic-ai", "open-data"]) == "agentic-ai")
        #expect(Suggestion.closest(to: "titel", in: ["title", "site"]) == "title")
        #expect(Suggestion.closest(to: "completely-different", in: ["agentic-ai"]) == nil)
    }

    @Test("Identifiers", arguments: [("2602.17582", true), ("1902.09914v2", true), ("hep-ex/0101001", true), ("arXiv:2602.17582", false), ("26.1", false)])
    func arxiv(text: String, valid: Bool) {
        #expect(Identifiers.isArxiv(text) == valid)
    }

    @Test("Web addresses", arguments: [("https://arxiv.org/abs/2602.17582", true), ("http://a.b", true), ("javascript:alert(1)", false), ("ftp://x.org", false), ("https://", false), ("https://exa mple.org", false)])
    func webAddresses(text: String, valid: Bool) {
        #expect(WebAddress.isValid(text) == valid)
    }

    @Test("The template scanner finds tags with positions, across lines")
    func templateScanner() throws {
        let text = "<p>{{a}}</p>\n  {{#b}}{{{c}}}{{! note\nmore }}{{/b}}{{> p}}"
        let tags = try TemplateScanner.scan(text, source: SourceText(displayPath: "t", text: text)).get()
        #expect(tags.map(\.kind) == [.variable, .section, .unescaped, .comment, .close, .partial])
        #expect(tags.map(\.name) == ["a", "b", "c", "", "b", "p"])
        #expect(tags.map { "\($0.line):\($0.column)" } == ["1:4", "2:3", "2:9", "2:16", "3:8", "3:14"])
    }

    @Test("Diagnostics print like a compiler's, or as GitHub annotations")
    func diagnosticFormats() {
        let diagnostic = Diagnostic(.warning, "image.no-alt", "no alt text, 100% sure", file: "content/a,b.md", line: 3, column: 5,
                                    fix: "describe it", sourceLine: "\tx ![](p.png)")
        #expect(DiagnosticFormat.text.format(diagnostic) == "content/a,b.md:3:5: warning: no alt text, 100% sure (describe it)\n     x ![](p.png)\n        ^")
        #expect(DiagnosticFormat.github.format(diagnostic) == "::warning file=content/a%2Cb.md,line=3,col=5,title=image.no-alt::no alt text, 100%25 sure (describe it)")
    }
}

/// A counter shared between threads.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    func add(_ amount: Int) { lock.withLock { count += amount } }
    var value: Int { lock.withLock { count } }
}
