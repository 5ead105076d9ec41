import PortalCore
import PortalTestSupport
import Testing

/// One kind of front-matter mistake, where it must be reported, and what the message must say.
struct FrontMatterCase: CustomTestStringConvertible, Sendable {
    let name: String
    let file: String
    let id: String
    let line: Int
    let column: Int
    let message: String
    var fix: String? = nil
    var testDescription: String { name }
}

private let tutorialHead = """
    ---
    title: Broken tutorial
    summary: Has a mistake.
    """

private let tutorialTail = """
    duration: 30 min
    areas: [agentic-ai]
    authors: [Someone]
    date: 2026-06-01
    ---

    Body.

    """

@Suite("Front-matter errors")
struct FrontMatterErrorTests {
    static let cases: [FrontMatterCase] = [
        FrontMatterCase(name: "missing required field",
                        file: "---\ntitle: T\nsummary: S\nlevel: beginner\nareas: [agentic-ai]\nauthors: [A]\ndate: 2026-06-01\n---\n",
                        id: "frontmatter.missing-field", line: 1, column: 1, message: "missing required field 'duration' for a tutorial"),
        FrontMatterCase(name: "unknown key with a suggestion",
                        file: tutorialHead + "\nlevel: beginner\nprerequisits: [x]\n" + tutorialTail,
                        id: "frontmatter.unknown-key", line: 5, column: 1, message: "unknown field 'prerequisits' for a tutorial",
                        fix: "did you mean 'prerequisites'?"),
        FrontMatterCase(name: "bad enum value",
                        file: tutorialHead + "\nlevel: expert\n" + tutorialTail,
                        id: "frontmatter.bad-value", line: 4, column: 1,
                        message: "'expert' is not a valid level; it must be one of beginner, intermediate, advanced"),
        FrontMatterCase(name: "bad date",
                        file: tutorialHead + "\nlevel: beginner\n" + tutorialTail.replacingOccurrences(of: "2026-06-01", with: "2026-02-30"),
                        id: "frontmatter.bad-value", line: 8, column: 1, message: "'2026-02-30' is not a valid date for 'date'",
                        fix: "write it as YYYY-MM-DD, e.g. 2026-05-18"),
        FrontMatterCase(name: "wrong type: scalar for a list",
                        file: tutorialHead + "\nlevel: beginner\n" + tutorialTail.replacingOccurrences(of: "areas: [agentic-ai]", with: "areas: agentic-ai"),
                        id: "frontmatter.bad-value", line: 6, column: 1, message: "'areas' must be a list of breakout ids",
                        fix: "write it as a list: [agentic-ai]"),
        FrontMatterCase(name: "wrong type: text for a number",
                        file: "---\ntitle: S\nsummary: S\nstep: first\n---\n",
                        id: "frontmatter.bad-value", line: 4, column: 1, message: "'step' must be a whole number from 1 to 999"),
        FrontMatterCase(name: "bad duration",
                        file: tutorialHead + "\nlevel: beginner\n" + tutorialTail.replacingOccurrences(of: "30 min", with: "half an hour"),
                        id: "frontmatter.bad-value", line: 5, column: 1,
                        message: "'duration' must be a duration such as '45 min', '2 h' or '1 h 30 min'"),
        FrontMatterCase(name: "YAML syntax error",
                        file: "---\ntitle: [unclosed\nsummary: S\n---\n",
                        id: "frontmatter.syntax", line: 3, column: 8,
                        message: "the front-matter is not valid YAML: did not find expected ',' or ']' while parsing a flow sequence that starts at line 2, column 8"),
        FrontMatterCase(name: "tab indentation",
                        file: "---\ntitle: T\nsummary: S\nareas:\n\t- agentic-ai\n---\n",
                        id: "frontmatter.tab", line: 5, column: 1, message: "a tab is used for indentation; YAML allows only spaces"),
        FrontMatterCase(name: "duplicate key",
                        file: "---\ntitle: T\nsummary: S\ntitle: U\n---\n",
                        id: "frontmatter.duplicate-key", line: 4, column: 1, message: "the field 'title' is written twice"),
        FrontMatterCase(name: "unterminated front-matter",
                        file: "---\ntitle: T\nsummary: S\n\nBody without a closing line.\n",
                        id: "frontmatter.unterminated", line: 1, column: 1, message: "the front-matter that starts here is never closed"),
        FrontMatterCase(name: "no front-matter",
                        file: "# Just a heading\n",
                        id: "frontmatter.missing", line: 1, column: 1, message: "the file does not start with front-matter"),
        FrontMatterCase(name: "empty quoted title",
                        file: "---\ntitle: \"\"\nsummary: S\nstep: 1\n---\n",
                        id: "frontmatter.bad-value", line: 2, column: 1, message: "'title' is empty"),
        FrontMatterCase(name: "invalid tag",
                        file: tutorialHead + "\nlevel: beginner\ntags: [ok, Bad Tag]\n" + tutorialTail,
                        id: "frontmatter.bad-value", line: 5, column: 12,
                        message: "'Bad Tag' is not a valid tag: use lower-case letters, digits and hyphens", fix: "write 'bad-tag'"),
    ]

    @Test("is reported with its message and position", arguments: cases)
    func reported(_ example: FrontMatterCase) throws {
        let folder = example.file.contains("step:") ? "starter-kit" : "tutorials"
        let site = try TestSite(.init(files: TestSite.breakout("agentic-ai"), ("content/\(folder)/broken.md", example.file)))
        defer { site.cleanUp() }
        let report = site.build()
        let diagnostic = try #require(report.diagnostics(example.id).first { $0.file == "content/\(folder)/broken.md" }, "\(report.summary)")
        #expect(diagnostic.severity == .error)
        #expect(diagnostic.message.hasPrefix(example.message), "\(diagnostic.message)")
        #expect(diagnostic.line == example.line)
        #expect(diagnostic.column == example.column)
        if let fix = example.fix { #expect(diagnostic.fix == fix) }
        #expect(report.hasErrors)
        #expect(!site.exists("index.html"))
    }

    @Test("All problems of a build are reported together")
    func allReported() throws {
        let site = try TestSite(.init(files:
            TestSite.breakout("agentic-ai"),
            ("content/tutorials/a.md", tutorialHead + "\nlevel: expert\n" + tutorialTail),
            ("content/tutorials/b.md", tutorialHead + "\nlevel: beginner\ncolour: red\n" + tutorialTail)
        ))
        defer { site.cleanUp() }
        let report = site.build()
        #expect(report.errorCount == 2, "\(report.summary)")
        #expect(Set(report.diagnostics.map(\.file)) == ["content/tutorials/a.md", "content/tutorials/b.md"])
    }

    @Test("A UTF-8 byte-order mark and CRLF line endings simply work")
    func byteOrderMarkAndCRLF() throws {
        let text = "\u{FEFF}---\r\ntitle: Windows page\r\n---\r\n\r\n## Hello\r\n"
        let site = try TestSite(["content/pages/win.md": text])
        defer { site.cleanUp() }
        let report = site.build()
        #expect(!report.hasErrors, "\(report.summary)")
        #expect(try site.read("win/index.html").contains("<h2 id=\"hello\">Hello"))
    }

    @Test("Site settings are checked like front-matter")
    func settings() throws {
        let site = try TestSite([:], settings: "title: T\ndescription: D\nbase_url: https://x.org/\nnav:\n  - title: About\n    link: pages/abuot.md\nraw_html: maybe\n")
        defer { site.cleanUp() }
        let report = site.build()
        let link = try #require(report.only("settings.bad-link"), "\(report.summary)")
        #expect((link.file, link.line, link.column) == ("content/site.yml", 6, 11))
        let raw = try #require(report.only("frontmatter.bad-value"))
        #expect(raw.message == "'raw_html' must be true or false")
        #expect((raw.line, raw.column) == (7, 1))
    }
}
