import Foundation
@testable import PortalCore
import PortalTestSupport
import Testing

/// `citation:` in `site.yml`: the portal's own `CITATION.cff` and BibTeX `@misc`, the footer's
/// links to them, each mistake in the block at its line and column, and the preview's rebuilds.
@Suite("The portal's own citation")
struct SiteCitationTests {
    /// A block with every field, and values that need quoting in YAML and escaping in TeX.
    static let fullBlock = """
        citation:
          title: "Portal: AI & HEP"
          authors:
            - given-names: Ada
              family-names: van der Berg
              orcid: 0000-0002-1825-0097
              affiliation: Some Lab
            - name: The Test Collaboration
          date-released: 2026-05-18
          version: "1.10"
          doi: 10.5281/zenodo.1234567
          url: https://cite.example.org/portal/
          license: CC-BY-4.0
          abstract: A "portal" for tests.
          keywords: [tests, citations]
          message: Please cite us.

        """

    /// The theme with the footer's links to the two files.
    static let theme: [String: String] = {
        var theme = TestSite.minimalTheme
        theme["base.mustache"] = (theme["base.mustache"] ?? "").replacingOccurrences(
            of: "</main>", with: "</main>{{#site.citation}}<a class=\"cff\" href=\"{{cff_url}}\">cff</a><a class=\"bib\" href=\"{{bib_url}}\">bib</a>{{/site.citation}}")
        return theme
    }()

    @Test("A full block is written as CITATION.cff, quoted, and as a BibTeX @misc, both linked from every page")
    func fullFiles() throws {
        let site = try TestSite([:], theme: Self.theme, settings: TestSite.defaultSettings + Self.fullBlock)
        defer { site.cleanUp() }
        let report = site.build()
        #expect(!report.hasErrors, "\(report.summary)")
        let cff = try site.read("CITATION.cff")
        #expect(cff == """
            # How to cite this portal: the Citation File Format, https://citation-file-format.github.io/
            cff-version: 1.2.0
            message: "Please cite us."
            type: dataset
            title: "Portal: AI & HEP"
            authors:
              - family-names: "van der Berg"
                given-names: "Ada"
                affiliation: "Some Lab"
                orcid: "https://orcid.org/0000-0002-1825-0097"
              - name: "The Test Collaboration"
            date-released: "2026-05-18"
            version: "1.10"
            doi: "10.5281/zenodo.1234567"
            url: "https://cite.example.org/portal/"
            license: "CC-BY-4.0"
            abstract: "A \\"portal\\" for tests."
            keywords:
              - "tests"
              - "citations"

            """)
        let bib = try site.read("CITATION.bib")
        #expect(bib == """
            @misc{portal-ai-hep,
              author   = {{van der Berg}, Ada and {The Test Collaboration}},
              title    = {{Portal: AI \\& HEP}},
              year     = {2026},
              date     = {2026-05-18},
              version  = {1.10},
              doi      = {10.5281/zenodo.1234567},
              url      = {https://cite.example.org/portal/},
              abstract = {A "portal" for tests.},
              keywords = {tests, citations},
              note     = {License: CC-BY-4.0},
            }

            """)
        let home = try site.read("index.html")
        #expect(home.contains("<a class=\"cff\" href=\"CITATION.cff\">cff</a><a class=\"bib\" href=\"CITATION.bib\">bib</a>"))
        let tutorials = try site.read("tutorials/index.html")
        #expect(tutorials.contains("href=\"../CITATION.cff\""))
    }

    @Test("The title and address default to the site's, the message to a plain request; without the block there are no files and no links")
    func defaults() throws {
        let block = "citation:\n  authors:\n    - name: The Test Collaboration\n"
        let site = try TestSite([:], theme: Self.theme, settings: TestSite.defaultSettings + block)
        defer { site.cleanUp() }
        #expect(!site.build().hasErrors)
        let cff = try site.read("CITATION.cff")
        #expect(cff.contains("\ntitle: \"Test portal\"\n"))
        #expect(cff.contains("\nurl: \"https://portal.example.org/\"\n"))
        #expect(cff.contains("\nmessage: \"\(SiteCitation.defaultMessage)\"\n"))
        #expect(try site.read("CITATION.bib").hasPrefix("@misc{test-portal,\n"))

        let without = try TestSite([:], theme: Self.theme)
        defer { without.cleanUp() }
        #expect(!without.build().hasErrors)
        #expect(!without.exists("CITATION.cff") && !without.exists("CITATION.bib"))
        #expect(try !without.read("index.html").contains("class=\"cff\""))
    }

    /// One mistake in the block: the line written under `citation:`, the diagnostic's id, message,
    /// fix (nil: not checked) and the column of what it points at on that line.
    struct Mistake: Sendable, CustomStringConvertible {
        let line: String
        let id: String
        let message: String
        let fix: String?
        let column: Int
        var description: String { line }
    }

    static let mistakes: [Mistake] = [
        Mistake(line: "  date-released: 2026-02-30", id: "frontmatter.bad-value", message: "'2026-02-30' is not a valid date for 'date-released' in 'citation'",
                fix: "write it as YYYY-MM-DD, e.g. 2026-05-18", column: 18),
        Mistake(line: "  doi: https://doi.org/10.5281/zenodo.1", id: "frontmatter.bad-value", message: "'doi' in 'citation' must be a DOI such as 10.1000/xyz123",
                fix: "write only the DOI, without 'https://doi.org/'", column: 8),
        Mistake(line: "  date_released: 2026-05-18", id: "frontmatter.unknown-key", message: "unknown field 'date_released' in 'citation'",
                fix: "did you mean 'date-released'?", column: 3),
        Mistake(line: "  url: portal.example.org", id: "frontmatter.bad-value", message: "'portal.example.org' is not a valid address for 'url' in 'citation'",
                fix: "use a full http:// or https:// address", column: 8),
        Mistake(line: "  license: Creative Commons BY", id: "frontmatter.bad-value", message: "'Creative Commons BY' is not an SPDX license id for 'license' in 'citation'",
                fix: "write the license's SPDX id, such as CC-BY-4.0 or MIT", column: 12),
        Mistake(line: "  version: [1, 2]", id: "frontmatter.bad-value", message: "'version' in 'citation' must be text", fix: nil, column: 3),
        Mistake(line: "  keywords: tests", id: "frontmatter.bad-value", message: "'keywords' must be a list of texts", fix: "write it as a list: [tests]", column: 3),
    ]

    @Test("Each mistake in a field of the block is an error at its line and column, with a fix", arguments: mistakes)
    func fieldErrors(_ mistake: Mistake) throws {
        let settings = TestSite.defaultSettings + "citation:\n  authors:\n    - name: The Test Collaboration\n" + mistake.line + "\n"
        try Self.expect(mistake, in: settings, line: settings.split(separator: "\n", omittingEmptySubsequences: false).count - 1)
    }

    static let authorMistakes: [Mistake] = [
        Mistake(line: "    - {given-names: Ada}", id: "frontmatter.missing-field", message: "the author 'Ada' needs 'family-names'",
                fix: "add 'family-names:', the name a citation lists them by", column: 7),
        Mistake(line: "    - {family-names: Berg, name: The Lab}", id: "frontmatter.bad-value",
                message: "an author is a person (given-names, family-names) or a body (name), not both", fix: nil, column: 7),
        Mistake(line: "    - {affiliation: Some Lab}", id: "frontmatter.missing-field",
                message: "each author needs 'family-names' (a person) or 'name' (a body, such as the collaboration)", fix: nil, column: 7),
        Mistake(line: "    - {family-names: Berg, orcid: 0000-0002-1825-0098}", id: "frontmatter.bad-value", message: "'0000-0002-1825-0098' is not an ORCID iD",
                fix: nil, column: 35),
        Mistake(line: "    - {family-name: Berg}", id: "frontmatter.unknown-key", message: "unknown field 'family-name' in 'authors'",
                fix: "did you mean 'family-names'?", column: 8),
        Mistake(line: "    - Ada Lovelace", id: "frontmatter.bad-value",
                message: "each item of 'authors' must have the fields given-names and family-names and name and orcid and affiliation", fix: nil, column: 7),
    ]

    @Test("Each author that is neither a person nor a body, or both, or has a bad ORCID iD, is an error at it", arguments: authorMistakes)
    func authorErrors(_ mistake: Mistake) throws {
        let settings = TestSite.defaultSettings + "citation:\n  authors:\n" + mistake.line + "\n"
        try Self.expect(mistake, in: settings, line: settings.split(separator: "\n", omittingEmptySubsequences: false).count - 1)
    }

    @Test("A block that is not a mapping, authors that are not a list, and a block without authors are errors at the key")
    func shapeMistakes() throws {
        let lines = TestSite.defaultSettings.split(separator: "\n", omittingEmptySubsequences: false).count
        try Self.expect(Mistake(line: "", id: "frontmatter.bad-value", message: "'citation' must be \(FieldType.citation.phrase)",
                                fix: "write it as 'citation: {authors: [{name: The Collaboration}], date-released: 2026-05-18}'", column: 1),
                        in: TestSite.defaultSettings + "citation: yes\n", line: lines)
        try Self.expect(Mistake(line: "", id: "frontmatter.bad-value", message: "'authors' in 'citation' must be a list of people and bodies", fix: nil, column: 3),
                        in: TestSite.defaultSettings + "citation:\n  authors: The Collaboration\n", line: lines + 1)
        try Self.expect(Mistake(line: "", id: "frontmatter.missing-field", message: "'citation' needs 'authors': a citation names who made the work",
                                fix: "add 'authors:' with people ({given-names, family-names}) or the collaboration itself ({name: …})", column: 1),
                        in: TestSite.defaultSettings + "citation:\n  title: A portal\n", line: lines)
    }

    /// Builds `settings` and expects exactly one diagnostic of the mistake's id, as described, at `line`.
    private static func expect(_ mistake: Mistake, in settings: String, line: Int) throws {
        let site = try TestSite([:], settings: settings)
        defer { site.cleanUp() }
        let report = site.build(output: nil)
        let found = try #require(report.only(mistake.id), "\(mistake.line): \(report.summary)")
        #expect(found.severity == .error)
        #expect(found.message == mistake.message)
        if let fix = mistake.fix { #expect(found.fix == fix) }
        #expect(found.file.hasSuffix("content/site.yml"))
        #expect((found.line, found.column) == (line, mistake.column), "\(mistake.line)")
    }

    @Test("An ORCID iD is checked by its check character, bare or as its address", arguments: [
        ("0000-0002-1825-0097", "https://orcid.org/0000-0002-1825-0097"), ("https://orcid.org/0000-0001-5109-3700", "https://orcid.org/0000-0001-5109-3700"),
        ("0000-0002-1694-233X", "https://orcid.org/0000-0002-1694-233X"), ("0000-0002-1825-0098", nil), ("0000-0002-1825-009", nil), ("0000-0002-1825-00X7", nil),
    ] as [(String, String?)])
    func orcid(_ text: String, _ expected: String?) {
        #expect(SiteCitation.orcidAddress(text) == expected)
    }

    @Test("A YAML value is quoted so that it reads back as the same text, control characters escaped")
    func quoting() {
        #expect(SiteCitationFiles.quoted("a: b # c") == "\"a: b # c\"")
        #expect(SiteCitationFiles.quoted("back\\slash \"q\"\nline\u{7}") == "\"back\\\\slash \\\"q\\\"\\nline\\u0007\"")
    }

    @Test("The preview writes the files when the block is added or changed, and removes them when it goes")
    func preview() throws {
        let preview = PreviewedSite(try TestSite([:], theme: Self.theme))
        defer { preview.site.cleanUp() }
        #expect(!preview.first.hasErrors, "\(preview.first.summary)")
        #expect(!preview.site.exists("CITATION.cff", output: "_preview"))
        let block = "citation:\n  authors:\n    - name: The Test Collaboration\n"
        var report = try preview.save(TestSite.defaultSettings + block, as: "content/site.yml")
        #expect(!report.hasErrors, "\(report.summary)")
        #expect(try preview.site.read("CITATION.cff", output: "_preview").contains("\n  - name: \"The Test Collaboration\"\n"))
        #expect(try preview.site.read("index.html", output: "_preview").contains("class=\"cff\""))
        report = try preview.save(TestSite.defaultSettings + block + "  version: \"2.0\"\n", as: "content/site.yml")
        #expect(!report.hasErrors, "\(report.summary)")
        #expect(try preview.site.read("CITATION.cff", output: "_preview").contains("\nversion: \"2.0\"\n"))
        #expect(try preview.site.read("CITATION.bib", output: "_preview").contains("version = {2.0}"))
        let fresh = preview.freshBuild().comparison
        #expect(fresh.isEmpty, "\(fresh)")
        report = try preview.save(TestSite.defaultSettings, as: "content/site.yml")
        #expect(!report.hasErrors, "\(report.summary)")
        #expect(!preview.site.exists("CITATION.cff", output: "_preview") && !preview.site.exists("CITATION.bib", output: "_preview"))
        #expect(try !preview.site.read("index.html", output: "_preview").contains("class=\"cff\""))
    }
}
