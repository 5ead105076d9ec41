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

    @Test("A series' title with a formula shows as math in its parts' navigator")
    func mathTitle() throws {
        var files = seriesFiles()
        files["content/tutorials/basics/_series.md"] = files["content/tutorials/basics/_series.md"]?.replacingOccurrences(of: "title: Agent basics", with: "title: Agents at $\\sqrt{s}$")
        let site = try TestSite(files, theme: [:])
        defer { site.cleanUp() }
        #expect(!buildWithShippedTheme(site).hasErrors)
        #expect(try site.read("tutorials/second/index.html").contains("<a class=\"series-title\" href=\"../../tutorials/basics/index.html\">Agents at <math"))
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

    @Test("Breaks are rows of the schedule, and the times after them move on; 'based_on' credits the source on the page and in JSON-LD")
    func breaksAndOrigin() throws {
        var files = seriesFiles()
        files["content/tutorials/basics/_series.md"] = """
            ---
            title: Agent basics
            summary: Tools, loops and their limits.
            breaks:
              - {after: 1, minutes: 15, title: Coffee}
            based_on:
              title: Agents for HEP
              url: https://gitlab.cern.ch/hep/agents
              commit: 0123abcd0123abcd
              license: CC BY 4.0
              license_url: https://creativecommons.org/licenses/by/4.0/
              authors: [Ada Analyst, Bo Builder]
            ---

            Setup.

            """
        let site = try TestSite(files)
        defer { site.cleanUp() }
        let report = buildWithShippedTheme(site)
        #expect(report.diagnostics.isEmpty, "\(report.summary)")
        let page = try site.read("tutorials/basics/index.html")
        let compact = page.replacingOccurrences(of: #">\s+<"#, with: "><", options: .regularExpression)
        #expect(compact.contains("<tr class=\"schedule-break\"><td class=\"schedule-start\">00:30</td><th scope=\"row\" class=\"schedule-part\">Coffee</th><td class=\"schedule-time\">15 min</td></tr><tr><td class=\"schedule-start\">00:45</td>"))
        #expect(page.contains("<dt>Adapted from</dt>"))
        #expect(page.contains("<a href=\"https://gitlab.cern.ch/hep/agents\">Agents for HEP</a> at commit <a href=\"https://gitlab.cern.ch/hep/agents/-/tree/0123abcd0123abcd\"><code>0123abc</code></a>, by Ada Analyst and Bo Builder; licence <a href=\"https://creativecommons.org/licenses/by/4.0/\" rel=\"license\">CC BY 4.0</a>"))
        #expect(page.contains("\"isBasedOn\":{\"@type\":\"CreativeWork\""))
        #expect(page.contains("\"license\":\"https://creativecommons.org/licenses/by/4.0/\""))
        let catalog = try site.read("catalog.json")
        #expect(catalog.contains("\"breaks\":[{\"after\":1,\"minutes\":15,\"title\":\"Coffee\"}]"))
    }

    @Test("JSON-LD's license is an address: the license_url, else the SPDX page of an SPDX id, else a named work (a bare name would be read as an address relative to the page)",
          arguments: [("license: CC-BY-4.0", "\"license\":\"https://spdx.org/licenses/CC-BY-4.0.html\""),
                      ("license: CC BY 4.0", "\"license\":{\"@type\":\"CreativeWork\",\"name\":\"CC BY 4.0\"}")])
    func licenseInJSONLD(_ line: String, _ expected: String) throws {
        var files = seriesFiles()
        files["content/tutorials/basics/_series.md"] = """
            ---
            title: Agent basics
            summary: Tools, loops and their limits.
            based_on:
              url: https://gitlab.cern.ch/hep/agents
              \(line)
            ---

            Setup.

            """
        let site = try TestSite(files)
        defer { site.cleanUp() }
        let report = buildWithShippedTheme(site)
        #expect(!report.hasErrors, "\(report.summary)")
        let page = try site.read("tutorials/basics/index.html")
        #expect(page.components(separatedBy: expected).count == 3, "the series' and its source's license: \(page)")
    }

    @Test("A break after the last part, and a 'based_on' with a bad address or commit, are errors at their positions")
    func badBreaksAndOrigin() throws {
        var files = seriesFiles()
        files["content/tutorials/basics/_series.md"] = """
            ---
            title: Agent basics
            summary: Tools, loops and their limits.
            breaks:
              - {after: 1, minutes: 10}
              - {after: 2, minutes: 15}
              - {after: 1}
              - {after: 1, minutes: forever}
            based_on:
              url: github.com/hep/agents
              commit: main
            ---

            """
        let site = try TestSite(files)
        defer { site.cleanUp() }
        let report = site.build()
        let errors = report.diagnostics.map { ($0.id, $0.line, $0.column, $0.message) }
        #expect(errors.contains { $0 == ("frontmatter.missing-field", 7, 5, "each break in 'breaks' needs 'after' (the part it follows) and 'minutes'") })
        #expect(errors.contains { $0 == ("frontmatter.bad-value", 8, 25, "'minutes' in 'breaks' must be a number of minutes such as 15, or a duration such as '1 h'") })
        #expect(errors.contains { $0 == ("frontmatter.bad-value", 10, 8, "'url' in 'based_on' must be an http:// or https:// address") })
        #expect(errors.contains { $0 == ("frontmatter.bad-value", 11, 11, "'commit' in 'based_on' must be a git commit: 7 to 64 lower-case hexadecimal digits") })
        // Decoding stops the build before the parts are counted; with the front-matter right, the break after the last part is the error.
        files["content/tutorials/basics/_series.md"] = "---\ntitle: Agent basics\nsummary: Tools.\nbreaks:\n  - {after: 2, minutes: 15}\n---\n"
        let second = try TestSite(files)
        defer { second.cleanUp() }
        let error = try #require(second.build().only("reference.bad-break"))
        #expect((error.file, error.line, error.column) == ("content/tutorials/basics/_series.md", 5, 5))
        #expect(error.message == "the series has 2 parts, so a break after part 2 is not between two parts")
        #expect(error.fix == "make 'after' a part from 1 to 1")
        let missing = try TestSite(files.merging(["content/tutorials/basics/_series.md": "---\ntitle: Agent basics\nsummary: Tools.\nbased_on: {title: X}\n---\n"]) { $1 })
        defer { missing.cleanUp() }
        let noURL = try #require(missing.build().only("frontmatter.bad-value"))
        #expect((noURL.line, noURL.column, noURL.message) == (4, 1, "'based_on' needs a 'url': the address of the lesson it was adapted from"))
    }
}
