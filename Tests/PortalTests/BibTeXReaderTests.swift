@testable @_spi(Fuzzing) import PortalCore
import Testing

/// `.bib` files from strangers: real entries read whole, every problem at its exact place, reading
/// going on after a broken entry, and every limit a problem rather than a crash or a hang.
@Suite("BibTeX reader")
struct BibTeXReaderTests {
    static let inspire = """
    % Exported from INSPIRE; text outside entries is a comment, even with { braces and "quotes
    @string{cern = "CERN"}
    @String{ jinst = {Journal of Instrumentation} }

    @Article{ATLAS:2012yve,
      author        = "{ATLAS Collaboration} and Aad, Georges and others",
      title         = "{Observation of a new particle in the search for the Standard Model Higgs boson with the ATLAS detector at the LHC}",
      eprint        = "1207.7214",
      archivePrefix = "arXiv",
      primaryClass  = "hep-ex",
      doi           = "10.1016/j.physletb.2012.08.020",
      journal       = "Phys. Lett. B",
      volume        = "716",
      pages         = "1--29",
      year          = "2012",
      month = jul,
    }

    @inproceedings{Smith:2019ab,
      author = {Smith, John and de la Fontaine, Jean},
      title = {Graph networks for {b}-jet tagging},
      booktitle = {Proceedings of ICHEP2018},
      year = 2019,
      address = cern # {, Geneva}
    }

    @software{pyhf,
      author = {Heinrich, Lukas and Feickert, Matthew and Stark, Giordon},
      title = {{pyhf: v0.7.0}},
      version = {0.7.0},
      doi = {10.5281/zenodo.1169739},
      url = {https://github.com/scikit-hep/pyhf/releases/tag/v0.7.0},
    }

    @DATASET(opendata,
      title = "CMS open data",
      journal = jinst,
      year = 2017
    )
    """

    @Test("A real bibliography: every entry, field, value and position")
    func realEntries() throws {
        let file = BibTeXReader.read(Self.inspire)
        #expect(file.problems == [])
        #expect(file.entries.map(\.type) == ["article", "inproceedings", "software", "dataset"])
        #expect(file.entries.map(\.key) == ["ATLAS:2012yve", "Smith:2019ab", "pyhf", "opendata"])
        let article = try #require(file.entry("ATLAS:2012yve"))
        #expect((article.position.line, article.position.column) == (5, 1))
        #expect((article.keyPosition.line, article.keyPosition.column) == (5, 10))
        #expect(article.fields.map(\.name) == [
            "author", "title", "eprint", "archiveprefix", "primaryclass", "doi", "journal", "volume", "pages", "year", "month",
        ])
        #expect(article.field("archivePrefix")?.value == "arXiv")
        #expect(article.field("primaryClass")?.value == "hep-ex")
        #expect(article.field("month")?.value == "July")
        #expect(article.field("pages")?.value == "1--29")
        #expect(article.field("title")?.value.hasPrefix("{Observation of a new particle") == true)
        let author = try #require(article.field("author"))
        #expect(author.value == "{ATLAS Collaboration} and Aad, Georges and others")
        #expect((author.namePosition.line, author.namePosition.column) == (6, 3))
        #expect((author.valuePosition.line, author.valuePosition.column) == (6, 20))
        let proceedings = try #require(file.entry("Smith:2019ab"))
        #expect(proceedings.field("year")?.value == "2019")
        #expect(proceedings.field("address")?.value == "CERN, Geneva")
        #expect(proceedings.field("title")?.value == "Graph networks for {b}-jet tagging")
        let software = try #require(file.entry("pyhf"))
        #expect(software.field("title")?.value == "{pyhf: v0.7.0}")
        #expect(software.field("url")?.value == "https://github.com/scikit-hep/pyhf/releases/tag/v0.7.0")
        let dataset = try #require(file.entry("opendata"))
        #expect(dataset.field("journal")?.value == "Journal of Instrumentation")
        #expect(dataset.field("year")?.value == "2017")
        #expect((dataset.position.line, dataset.position.column) == (35, 1))
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let bib: String
        let id: String
        let message: String
        let line: Int
        let column: Int
        var fix: String?
        var testDescription: String { bib }
    }

    static let syntaxErrors: [Case] = [
        Case(bib: "@article{key, title = {x}", id: "bibtex.syntax", message: "the file ends inside the entry opened at line 1, column 1",
             line: 1, column: 26, fix: "close it with '}'"),
        Case(bib: "@article{key title = {x}}", id: "bibtex.syntax", message: "expected ',' after the key 'key', found 't'", line: 1, column: 14,
             fix: "a key holds no spaces or braces; write a comma after it"),
        Case(bib: "@misc{title = {x}}", id: "bibtex.syntax", message: "expected ',' after the key 'title', found '='", line: 1, column: 13,
             fix: "an entry starts with its key: @misc{key, title = {...}}"),
        Case(bib: "@misc{k, title: {x}}", id: "bibtex.syntax", message: "expected '=' after the field name 'title:', found '{'", line: 1, column: 17,
             fix: "BibTeX writes '=' between a field's name and its value"),
        Case(bib: "@misc{k, title = }", id: "bibtex.syntax",
             message: "expected the value of 'title' (text in braces or quotes, a number, or a @string name), found '}'", line: 1, column: 18,
             fix: "the value is missing: write {} for an empty one"),
        Case(bib: "@misc{k, title = 'x'}", id: "bibtex.syntax",
             message: "expected the value of 'title' (text in braces or quotes, a number, or a @string name), found '''", line: 1, column: 18,
             fix: "BibTeX writes values in braces or double quotes: {text} or \"text\""),
        Case(bib: "@misc{k, title = {x} year = 2020}", id: "bibtex.syntax", message: "expected ',' or '}' after the value of 'title', found 'y'",
             line: 1, column: 22, fix: "separate fields with commas"),
        Case(bib: "@misc{k, title = {x})", id: "bibtex.syntax", message: "expected ',' or '}' after the value of 'title', found ')'",
             line: 1, column: 21, fix: "the entry opened with '{' at line 1, so it closes with '}'"),
        Case(bib: "@misc{k, title = {x},\n@article{b, year = 2020}", id: "bibtex.syntax", message: "expected a field name or '}', found '@'",
             line: 2, column: 1, fix: "the entry at line 1 is not closed: add '}' before this line"),
        Case(bib: "@misc{k,\n  title = {x}\n@article{b, year = 2020}", id: "bibtex.syntax",
             message: "expected ',' or '}' after the value of 'title', found '@'", line: 3, column: 1,
             fix: "the entry at line 1 is not closed: add '}' before this line"),
        Case(bib: "@{x}", id: "bibtex.syntax", message: "expected an entry type after '@', found '{'", line: 1, column: 2,
             fix: "BibTeX reads every '@' as the start of an entry: write @article{key, title = {...}}, or remove the '@'"),
        Case(bib: "@misc key{}", id: "bibtex.syntax", message: "expected '{' or '(' after '@misc', found 'k'", line: 1, column: 7,
             fix: "write the entry as @misc{key, title = {...}}"),
        Case(bib: "mail someone@cern.ch for it", id: "bibtex.syntax", message: "expected '{' or '(' after '@cern.ch', found 'f'", line: 1, column: 22,
             fix: "BibTeX reads every '@' as the start of an entry, in comments too: remove it, or write 'at'"),
        Case(bib: "@misc{,title={x}}", id: "bibtex.syntax", message: "expected the entry's key after '@misc{', found ','", line: 1, column: 7,
             fix: "start the entry with its key: @misc{smith2020, title = {...}}"),
        Case(bib: "@misc(k, title = {x}}", id: "bibtex.syntax", message: "expected ',' or ')' after the value of 'title', found '}'", line: 1, column: 21,
             fix: "the entry opened with '(' at line 1, so it closes with ')'"),
        Case(bib: "@string{1x = \"a\"}", id: "bibtex.syntax", message: "expected a name after '@string{', found '1'", line: 1, column: 9,
             fix: "define a string as @string{name = {text}}"),
        Case(bib: "@string{x \"a\"}", id: "bibtex.syntax", message: "expected '=' after the string name 'x', found '\"'", line: 1, column: 11,
             fix: "define a string as @string{x = {text}}"),
        Case(bib: "@string{x = \"a\", y = \"b\"}", id: "bibtex.syntax", message: "expected '}' after the value of the string 'x', found ','",
             line: 1, column: 16, fix: "a @string defines one name: write each in its own @string"),
        Case(bib: "@misc{a, title = ", id: "bibtex.syntax", message: "the file ends inside the entry opened at line 1, column 1", line: 1, column: 18,
             fix: "close it with '}'"),
        Case(bib: "@misc{a, title = \u{7}}", id: "bibtex.syntax",
             message: "expected the value of 'title' (text in braces or quotes, a number, or a @string name), found the control character U+0007",
             line: 1, column: 18, fix: "write the value in braces: {text}"),
        Case(bib: "@misc{a, title = {café}, é}", id: "bibtex.syntax", message: "expected '=' after the field name 'é', found '}'", line: 1, column: 27,
             fix: "write the field as é = {value}"),
        Case(bib: "@misc{a,\r\n  title = {x},\r\n  year 2020}", id: "bibtex.syntax", message: "expected '=' after the field name 'year', found '2'",
             line: 3, column: 8, fix: "write the field as year = {value}"),
        Case(bib: "\u{FEFF}@misc{a, year = 20 20}", id: "bibtex.syntax", message: "expected ',' or '}' after the value of 'year', found '2'",
             line: 1, column: 20, fix: "separate fields with commas"),
        Case(bib: "@misc{a, title = {x {y}\n\n@misc{b, title = {z}}", id: "bibtex.unbalanced", message: "this '{' is never closed",
             line: 1, column: 18, fix: "add the '}' that closes it (braces must balance in a value, \\{ and \\} too)"),
        Case(bib: "@misc{a, title = \"x}\"}", id: "bibtex.unbalanced", message: "a '}' without its '{' in the quoted value", line: 1, column: 20,
             fix: "remove it, or add the '{' it closes (braces must balance in a value, \\{ and \\} too)"),
        Case(bib: "@misc{a, title = \"x {y\"", id: "bibtex.unbalanced", message: "this '{' is never closed", line: 1, column: 21,
             fix: "add the '}' that closes it (braces must balance in a value, \\{ and \\} too)"),
        Case(bib: "@misc{a,\n  title = \"abc", id: "bibtex.unbalanced", message: "the quoted value is never closed", line: 2, column: 11,
             fix: "close it with '\"'"),
    ]

    @Test("Each break is an error at its exact line and column, with a fix", arguments: syntaxErrors)
    func errorPosition(_ example: Case) throws {
        let file = BibTeXReader.read(example.bib)
        let problem = try #require(file.problems.first)
        #expect(problem.id == example.id)
        #expect(problem.message == example.message)
        #expect((problem.line, problem.column) == (example.line, example.column), "\(problem)")
        #expect(problem.fix == example.fix)
        #expect(!problem.isWarning)
        #expect(file.problems.count == 1, "\(file.problems)")
        #expect(!file.entries.contains { $0.key == "a" || $0.key == "k" || $0.key == "key" })
    }

    @Test("Reading goes on at the next line that starts with '@'; an '@' inside a line is passed over")
    func recovery() {
        let file = BibTeXReader.read("""
        @misc{a, title = {x} oops @misc{hidden, year = 1}}
        @misc{b, title = {y}}
        @misc{c, title = {x {unclosed},
          year = 2000}
          @misc{d, year = "1999 {"}
        @misc{e, year = 2001}
        """)
        #expect(file.entries.map(\.key) == ["b", "e"])
        #expect(file.problems.map(\.id) == ["bibtex.syntax", "bibtex.syntax", "bibtex.unbalanced"])
        #expect(file.problems.map(\.line) == [1, 5, 5])
        #expect(file.problems.map(\.column) == [22, 3, 19])
        #expect(file.problems[1].message == "expected ',' or '}' after the value of 'title', found '@'")
    }

    @Test("A broken entry before a good one on the next line loses only itself")
    func recoveryAtNextEntry() {
        let file = BibTeXReader.read("@misc{a, title = {x {y}\n\n@misc{b, title = {z}}")
        #expect(file.entries.map(\.key) == ["b"])
        #expect(file.entries.first?.field("title")?.value == "z")
    }

    @Test("@string names, # joins and the predefined months")
    func strings() throws {
        let file = BibTeXReader.read("""
        @string{a = {x}}
        @STRING(B = a # " and " # A)
        @misc{k, title = b # {!}, month = DEC # {~15}, other = jan # feb, n = 12 # 34}
        @string{jan = "Janvier"}
        @misc{l, month = jan}
        """)
        #expect(file.problems == [])
        let entry = try #require(file.entry("k"))
        #expect(entry.field("title")?.value == "x and x!")
        #expect(entry.field("month")?.value == "December~15")
        #expect(entry.field("other")?.value == "JanuaryFebruary")
        #expect(entry.field("n")?.value == "1234")
        #expect(file.entry("l")?.field("month")?.value == "Janvier")
    }

    @Test("An unknown @string name is an error at its place, with the closest defined name")
    func unknownString() throws {
        let file = BibTeXReader.read("@string{jinst = {JINST}}\n@misc{a, journal = jnst # { 2020}, x = qqqqqqq}")
        #expect(file.problems.count == 2)
        let near = file.problems[0]
        #expect(near.id == "bibtex.unknown-string")
        #expect(near.message == "the string 'jnst' is not defined")
        #expect((near.line, near.column) == (2, 20))
        #expect(near.fix == "did you mean 'jinst'?")
        let far = file.problems[1]
        #expect(far.message == "the string 'qqqqqqq' is not defined")
        #expect((far.line, far.column) == (2, 40))
        #expect(far.fix == "define it with @string{qqqqqqq = {...}} before its first use, or write the text in braces: {qqqqqqq}")
        // The entry is kept, with what the known pieces give, as BibTeX keeps it.
        #expect(file.entry("a")?.field("journal")?.value == "2020")
        #expect(file.entry("a")?.field("x")?.value == "")
    }

    @Test("A field written twice is a warning at the second; the first value is kept")
    func duplicateField() throws {
        let file = BibTeXReader.read("@misc{a,\n  title = {x},\n  Title = {y}\n}")
        let problem = try #require(file.problems.first)
        #expect(problem.id == "bibtex.duplicate-field")
        #expect(problem.message == "the field 'title' appears twice in this entry (first at line 2, column 3); the first value is used")
        #expect((problem.line, problem.column) == (3, 3))
        #expect(problem.isWarning)
        #expect(file.entry("a")?.fields.map(\.value) == ["x"])
    }

    @Test("A key used twice is an error naming the first entry's line; the second entry is left out")
    func duplicateKey() {
        let file = BibTeXReader.read("@misc{a, title={x}}\n@book{a, title={y}}\n@misc{A, year=1}")
        #expect(file.entries.map(\.type) == ["misc"])
        #expect(file.entries.first?.field("title")?.value == "x")
        #expect(file.problems.map(\.id) == ["bibtex.duplicate-key", "bibtex.duplicate-key"])
        #expect(file.problems.map(\.message) == [
            "the key 'a' is already the key of the entry at line 1; this entry is left out",
            "the key 'A' differs only in case from 'a', the key of the entry at line 1; this entry is left out",
        ])
        #expect(file.problems.map { [$0.line, $0.column] } == [[2, 7], [3, 7]])
        #expect(file.problems.allSatisfy { $0.fix == "give each entry its own key" && !$0.isWarning })
    }

    @Test("Comments, @comment and @preamble are read past")
    func comments() {
        let file = BibTeXReader.read("""
        Text {with braces} and "quotes" outside entries.
        @comment{ @misc{hidden, year = 1} }
        @Comment this line is a comment too
        @preamble{ "\\newcommand{\\noopsort}[1]{}" # cern }
        @misc{shown, year = 2,}
        """)
        #expect(file.entries.map(\.key) == ["shown"])
        #expect(file.problems.map(\.message) == ["the string 'cern' is not defined"])
    }

    @Test("Keys hold any character but white space, commas and braces; values keep their inner TeX")
    func keysAndValues() throws {
        let file = BibTeXReader.read("@misc{a:b/c-d.e_f+g\"=#,\n  title = {  The \\emph{{QCD}} \"scale\"  },\n  note = \"a {\"} b\"}")
        let entry = try #require(file.entries.first)
        #expect(file.problems == [])
        #expect(entry.key == "a:b/c-d.e_f+g\"=#")
        let title = try #require(entry.field("title"))
        #expect(title.value == "The \\emph{{QCD}} \"scale\"")
        #expect((title.valuePosition.line, title.valuePosition.column, title.valuePosition.offset) == (2, 14, 37))
        #expect(entry.field("note")?.value == "a {\"} b")
    }

    @Test("A value starting on the next line is placed there, and keeps its line breaks")
    func multilineValue() throws {
        let file = BibTeXReader.read("@misc{a, abstract = {\n  First line.\n  Second}}")
        let field = try #require(file.entries.first?.field("abstract"))
        #expect(field.value == "First line.\n  Second")
        #expect((field.valuePosition.line, field.valuePosition.column) == (2, 3))
    }

    // MARK: Limits: content from strangers

    @Test("A value of 64 KiB is kept; one byte more is left out with a problem at the value")
    func valueLimit() throws {
        let kept = BibTeXReader.read("@misc{a, title = {" + String(repeating: "x", count: 65_536) + "}}")
        #expect(kept.problems == [])
        #expect(kept.entries.first?.field("title")?.value.utf8.count == 65_536)
        let file = BibTeXReader.read("@misc{a, title = {" + String(repeating: "x", count: 65_537) + "}, year = 2000}")
        let problem = try #require(file.problems.first)
        #expect(problem.id == "bibtex.too-large")
        #expect(problem.message == "the value of 'title' is longer than 65536 bytes; it is left out")
        #expect((problem.line, problem.column) == (1, 18))
        #expect(file.entries.first?.fields.map(\.name) == ["year"])
    }

    @Test("@string doubling stops at the value limit: the string is defined as empty, and its uses are not errors")
    func doublingStrings() throws {
        var bib = "@string{s0 = {xxxxxxxx}}\n"
        for step in 1...14 { bib += "@string{s\(step) = s\(step - 1) # s\(step - 1)}\n" }
        bib += "@misc{a, title = s14, note = s13}"
        let file = BibTeXReader.read(bib)
        let problem = try #require(file.problems.first)
        #expect(file.problems.count == 1)
        #expect(problem.message == "the value of the string 's14' is longer than 65536 bytes; the string is defined as empty")
        #expect((problem.line, problem.column) == (15, 15))
        #expect(file.entries.first?.field("title")?.value == "")
        #expect(file.entries.first?.field("note")?.value.utf8.count == 65_536)
    }

    @Test("Braces nest 64 deep in a value at the most, in braces and in quotes", arguments: [("{", "}"), ("\"", "\"")])
    func depthLimit(open: String, close: String) throws {
        func bib(_ depth: Int) -> String {
            "@misc{a, title = \(open)" + String(repeating: "{", count: depth) + String(repeating: "}", count: depth) + "\(close)}\n@misc{b, year = 1}"
        }
        let deepest = BibTeXReader.read(bib(64))
        #expect(deepest.problems == [])
        #expect(deepest.entries.map(\.key) == ["a", "b"])
        let file = BibTeXReader.read(bib(65))
        let problem = try #require(file.problems.first)
        #expect(problem.id == "bibtex.too-large")
        #expect(problem.message == "braces nest more than 64 deep in this value; the entry is left out")
        #expect((problem.line, problem.column) == (1, 18 + 65))
        #expect(file.entries.map(\.key) == ["b"])
    }

    @Test("An entry keeps 256 fields at the most; one warning at the first left out")
    func fieldLimit() throws {
        let fields = (0..<300).map { "f\($0) = {\($0)}" }.joined(separator: ",\n")
        let file = BibTeXReader.read("@misc{a,\n\(fields)}")
        #expect(file.problems.count == 1)
        let problem = try #require(file.problems.first)
        #expect(problem.message == "the entry has more than 256 fields; 'f256' and those after it are left out")
        #expect((problem.line, problem.column, problem.isWarning) == (258, 1, true))
        #expect(file.entries.first?.fields.count == 256)
        #expect(file.entries.first?.fields.last?.name == "f255")
    }

    @Test("A file holds 100,000 entries at the most; reading stops at the next")
    func entryLimit() throws {
        let bib = (0...100_000).map { "@misc{k\($0),}\n" }.joined() + "@misc{after,}"
        let file = BibTeXReader.read(bib)
        #expect(file.entries.count == 100_000)
        #expect(file.entries.last?.key == "k99999")
        #expect(file.problems.count == 1)
        let problem = try #require(file.problems.first)
        #expect(problem.message == "the file has more than 100000 entries; the rest is not read")
        #expect((problem.line, problem.column) == (100_001, 1))
    }

    @Test("@string names expand to 16 MiB in all at the most; reading stops at the use past it")
    func expansionLimit() throws {
        let big = "@string{big = {" + String(repeating: "x", count: 65_536) + "}}\n"
        let file = BibTeXReader.read(big + (0...256).map { "@misc{k\($0), t = big}\n" }.joined())
        #expect(file.entries.count == 256)
        #expect(file.problems.count == 1)
        let problem = try #require(file.problems.first)
        #expect(problem.message == "the @string names in this file expand to more than 16777216 bytes in all; the rest is not read")
        #expect((problem.line, problem.column) == (258, 17))
        // Joined in one value, the uses count as much, though the value stops growing at its limit.
        let joined = BibTeXReader.read(big + "@misc{k, t = " + Array(repeating: "big", count: 300).joined(separator: " # ") + "}")
        #expect(joined.problems.map(\.message) == [problem.message])
        #expect(joined.entries.isEmpty)
    }

    @Test("Broken values by the thousand cost time linear in the file", arguments: ["@a{k, t = {\n", "@a{k, t = \"{\n", "@a{k, t = \"\n{\n", "@comment{\n"])
    func linearRecovery(line: String) {
        let clock = ContinuousClock()
        let started = clock.now
        let file = BibTeXReader.read(String(repeating: line, count: 20_000))
        // Scanning to the end of the file from each broken value would take minutes.
        #expect(clock.now - started < .seconds(20))
        #expect(file.problems.count <= 20_000)
        #expect(file.entries.isEmpty)
    }

    @Test("Deep braces and long keys outside and inside entries neither crash nor hang")
    func hostileShapes() {
        let outside = BibTeXReader.read(String(repeating: "{", count: 200_000) + "\n@misc{b,}" + String(repeating: "}", count: 100_000))
        #expect(outside.problems == [])
        #expect(outside.entries.map(\.key) == ["b"])
        let deep = BibTeXReader.read("@misc{a, t = " + String(repeating: "{", count: 200_000) + String(repeating: "}", count: 200_000) + "}")
        #expect(deep.problems.map(\.id) == ["bibtex.too-large"])
        #expect(deep.entries.isEmpty)
        let longKey = String(repeating: "k", count: 100_000)
        let keys = BibTeXReader.read("@misc{\(longKey),}\n@misc{\(longKey),}")
        #expect(keys.problems.map(\.id) == ["bibtex.duplicate-key"])
        let unknown = BibTeXReader.read((0..<5_000).map { "@string{name\($0) = {x}}\n" }.joined()
                                        + "@misc{a, t = " + (0..<5_000).map { "nam\($0)" }.joined(separator: " # ") + "}")
        #expect(unknown.problems.count == 5_000)
        #expect(unknown.problems.first?.fix == "did you mean 'name0'?")
    }

    // MARK: The fuzz target's own check

    @Test("The fuzz target's position check catches a position on the wrong line or past its column")
    func fuzzPositionCheck() {
        let bytes = Array("ab\r\ncd".utf8)
        #expect(FuzzTargets.filePositionProblems([("x", FilePosition(offset: 5, line: 2, column: 2))], in: bytes).isEmpty)
        #expect(FuzzTargets.filePositionProblems([("x", FilePosition(offset: 5, line: 1, column: 2))], in: bytes).count == 1)
        #expect(FuzzTargets.filePositionProblems([("x", FilePosition(offset: 5, line: 2, column: 3))], in: bytes).count == 1)
        #expect(FuzzTargets.filePositionProblems([("x", FilePosition(offset: 9, line: 2, column: 1))], in: bytes).count == 1)
    }
}
