import Foundation
import PortalCore
import PortalTestSupport
import Testing

private let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A tutorial timed by its `teaching` and `exercises` alone.
private func withoutDuration(_ file: (String, String)) -> (String, String) {
    (file.0, file.1.replacingOccurrences(of: "duration: 30 min\n", with: ""))
}

/// A series file and two parts, given out of order, with their times and key points.
private func seriesFiles(seriesFile: Bool = true) -> [String: String] {
    var files = [String: String](files:
        TestSite.breakout("agentic-ai"),
        withoutDuration(TestSite.tutorial("second", extra: "series: basics\npart: 2\nteaching: 20\nexercises: 25\nkeypoints:\n  - Loops need a stop rule")),
        TestSite.tutorial("first", extra: "series: basics\npart: 1\nkeypoints:\n  - Tools are `functions` with schemas"),
        TestSite.tutorial("alone"))
    if seriesFile {
        files["content/tutorials/basics/_series.md"] = """
            ---
            title: Agent basics
            summary: Tools, loops and their limits.
            level: beginner
            ---

            ## Setup

            Install Python 3.11 first.

            """
    }
    return files
}

private func buildWithShippedTheme(_ site: TestSite) -> BuildReport {
    var options = site.options()
    options.templatesDirectory = packageRoot.appendingPathComponent("templates")
    return SiteBuilder(options: options).run()
}

@Suite("Tutorial series")
struct SeriesTests {
    @Test("The series page shows its introduction, a schedule of the parts in order with totals, and their key points")
    func seriesPage() throws {
        let site = try TestSite(seriesFiles(), theme: [:])
        defer { site.cleanUp() }
        let report = buildWithShippedTheme(site)
        #expect(report.diagnostics.isEmpty, "\(report.summary)")
        let page = try site.read("tutorials/basics/index.html")
        #expect(page.contains("<h1>Agent basics</h1>"))
        #expect(page.contains("Install Python 3.11 first."))
        #expect(page.contains("<span>2 parts</span>"))
        let first = try #require(page.range(of: "<a href=\"../../tutorials/first/index.html\">1. Tutorial first</a>"), "\(page)")
        let second = try #require(page.range(of: "<a href=\"../../tutorials/second/index.html\">2. Tutorial second</a>"))
        #expect(first.lowerBound < second.lowerBound)
        // Part 1 takes its 30 min duration, part 2 its 20 + 25 min: the schedule starts each one on time.
        #expect(page.contains("<td class=\"schedule-start\">00:00</td>") && page.contains("<td class=\"schedule-start\">00:30</td>"), "\(page)")
        #expect(page.contains("<td class=\"schedule-start\">01:15</td>"))
        #expect(page.contains("<dt>Total time</dt>\n        <dd>1 h 15 min</dd>"), "\(page)")
        #expect(page.contains("<span class=\"schedule-split\">20 min teaching</span><span class=\"schedule-split\">25 min exercises</span>"))
        #expect(page.contains("<li>Tools are <code>functions</code> with schemas</li>"))
        #expect(page.contains("<li>Loops need a stop rule</li>"))
        #expect(page.contains("\"@type\":\"Course\""))
        #expect(page.contains("Start with part 1: Tutorial first"))
    }

    @Test("A part shows a compact navigator: the series' title and page, its place, previous and next, and the parts collapsed")
    func partNavigator() throws {
        let site = try TestSite(seriesFiles(), theme: [:])
        defer { site.cleanUp() }
        #expect(!buildWithShippedTheme(site).hasErrors)
        let page = try site.read("tutorials/second/index.html")
        #expect(page.contains("<a class=\"series-title\" href=\"../../tutorials/basics/index.html\">Agent basics</a>"), "\(page)")
        #expect(page.contains("<span class=\"series-position\">Part 2 of 2</span>"))
        #expect(page.contains("<a href=\"../../tutorials/first/index.html\" rel=\"prev\">"))
        #expect(page.contains("<details class=\"series-all\">\n      <summary>All 2 parts</summary>"), "\(page)")
        #expect(page.contains("\"isPartOf\":[{\"@type\":\"Course\",\"name\":\"Agent basics\""), "\(page)")
        // Cards name the series; the tutorials index lists the series first and its parts together, in order.
        let index = try site.read("tutorials/index.html")
        #expect(index.contains("Part 1 of 2 in <a href=\"../tutorials/basics/index.html\">Agent basics</a>"), "\(index)")
        let series = try #require(index.range(of: "<h2 id=\"series\">Series</h2>"))
        let alone = try #require(index.range(of: ">Tutorial alone</a>"))
        let first = try #require(index.range(of: ">Tutorial first</a>"))
        let second = try #require(index.range(of: ">Tutorial second</a>"))
        // "Agent basics", the series' title, sorts before "Tutorial alone".
        #expect(series.lowerBound < first.lowerBound && first.lowerBound < second.lowerBound && second.lowerBound < alone.lowerBound)
    }

    @Test("The twin lists the parts in order; the catalog links parts and series both ways")
    func readerFiles() throws {
        let site = try TestSite(seriesFiles())
        defer { site.cleanUp() }
        #expect(!site.build().hasErrors)
        let twin = try site.read("tutorials/basics/index.md")
        #expect(twin.contains("1. [Tutorial first](../first/index.md): Learn first.\n2. [Tutorial second](../second/index.md): Learn second."), "\(twin)")
        let catalog = try site.read("catalog.json")
        #expect(catalog.contains("\"parts\":[\"tutorial/first\",\"tutorial/second\"]"), "\(catalog)")
        #expect(catalog.contains("\"series_page\":[\"series/basics\"]"), "\(catalog)")
    }

    @Test("A series' card and catalog entry carry the breakout areas of its parts, in the order they first appear")
    func seriesAreas() throws {
        var files = seriesFiles()
        files.merge([String: String](files: TestSite.breakout("open-data"),
                                     TestSite.tutorial("first", areas: ["open-data", "agentic-ai"], extra: "series: basics\npart: 1"))) { $1 }
        let site = try TestSite(files, theme: [:])
        defer { site.cleanUp() }
        let report = buildWithShippedTheme(site)
        #expect(report.diagnostics.isEmpty, "\(report.summary)")
        let index = try site.read("tutorials/index.html")
        #expect(index.contains("<li class=\"card card--series\" data-id=\"basics\" data-level=\"beginner\" data-areas=\"open-data agentic-ai\""), "\(index)")
        let catalog = try site.read("catalog.json")
        #expect(catalog.contains("\"id\":\"basics\""))
        #expect(catalog.contains("\"areas\":[\"breakout/open-data\",\"breakout/agentic-ai\"],\"backlinks\":[],\"parts\""), "\(catalog)")
    }

    @Test("A series without its file is an error at the first part's 'series', with the fix")
    func missingSeriesFile() throws {
        let site = try TestSite(seriesFiles(seriesFile: false))
        defer { site.cleanUp() }
        let error = try #require(site.build().only("reference.unknown-series"))
        #expect(error.message == "the series 'basics' has no file, which gives it its title and introduction")
        #expect(error.fix == "create tutorials/basics/_series.md in the content folder, with 'title:' and 'summary:', and the setup instructions as its text")
        #expect((error.file, error.line, error.column) == ("content/tutorials/first.md", 9, 1))
    }

    @Test("Markdown beside a series' file is an error at the file, with where to move it")
    func markdownInSeriesFolder() throws {
        var files = seriesFiles()
        files["content/tutorials/basics/notes.md"] = "Notes.\n"
        let site = try TestSite(files)
        defer { site.cleanUp() }
        let error = try #require(site.build().only("content.misplaced"))
        #expect(error.file == "content/tutorials/basics/notes.md")
        #expect(error.message == "'basics/' is the folder of a series, so 'notes.md' in it is not a page")
        #expect(error.fix == "move it to 'tutorials/notes.md' to make it a tutorial of the series ('series: basics')")
    }

    @Test("A misspelt series is an error with the closest series; a series file no tutorial names is a warning")
    func misspeltAndEmpty() throws {
        var files = seriesFiles()
        files["content/tutorials/first.md"] = files["content/tutorials/first.md"]?.replacingOccurrences(of: "series: basics", with: "series: basic")
        files["content/tutorials/unused/_series.md"] = "---\ntitle: Unused\nsummary: Nothing yet.\n---\n"
        let site = try TestSite(files)
        defer { site.cleanUp() }
        let report = site.build()
        let error = try #require(report.only("reference.unknown-series"), "\(report.summary)")
        #expect(error.fix == "did you mean 'basics'?")
        let warning = try #require(report.only("reference.empty-series"))
        #expect(warning.severity == .warning)
        #expect((warning.file, warning.line, warning.column, warning.message) == ("content/tutorials/unused/_series.md", 1, 1, "no tutorial is part of the series 'unused'"))
    }
}
