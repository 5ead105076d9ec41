@testable import PortalCore
import Testing

/// Name lists split as BibTeX splits them: the three forms, the von rules, braces, `and others`,
/// and the thousands of authors of a collider paper.
@Suite("BibTeX names")
struct BibTeXNamesTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let value: String
        let parts: [String]
        var testDescription: String { value }
    }

    static let cases: [Case] = [
        // First von Last: von is the lower-case words before the last word.
        Case(value: "Jean de La Fontaine", parts: ["Jean", "de", "La Fontaine", ""]),
        Case(value: "jean de la fontaine", parts: ["", "jean de la", "fontaine", ""]),
        Case(value: "Jean {de} la fontaine", parts: ["Jean {de}", "la", "fontaine", ""]),
        Case(value: "Jean-Pierre {de la} Fontaine", parts: ["Jean-Pierre {de la}", "", "Fontaine", ""]),
        Case(value: "Jean-Pierre de la Fontaine", parts: ["Jean-Pierre", "de la", "Fontaine", ""]),
        Case(value: "Charles Louis Xavier Joseph de la Vall{\\'e}e Poussin",
             parts: ["Charles Louis Xavier Joseph", "de la", "Vall{\\'e}e Poussin", ""]),
        Case(value: "Ludwig van Beethoven", parts: ["Ludwig", "van", "Beethoven", ""]),
        Case(value: "Jean De La Fontaine", parts: ["Jean De La", "", "Fontaine", ""]),
        // Without von, the last name takes the words hyphenated to the last one, not those tied with '~'.
        Case(value: "John Smith-Jones", parts: ["John", "", "Smith-Jones", ""]),
        Case(value: "J.~R.~R. Tolkien", parts: ["J.~R.~R.", "", "Tolkien", ""]),
        Case(value: "Smith", parts: ["", "", "Smith", ""]),
        // A group starting with a command counts as the letter it makes; other groups hide their letters.
        Case(value: "{\\\"u}ber Hans Meier", parts: ["", "{\\\"u}ber", "Hans Meier", ""]),
        Case(value: "Hans {\\\"U}ber", parts: ["Hans", "", "{\\\"U}ber", ""]),
        Case(value: "Anders {\\aa}ngstr{\\\"o}m Smith", parts: ["Anders", "{\\aa}ngstr{\\\"o}m", "Smith", ""]),
        Case(value: "Émile Zola", parts: ["Émile", "", "Zola", ""]),
        Case(value: "Émile ďurovič Zola", parts: ["Émile", "ďurovič", "Zola", ""]),
        // von Last, First
        Case(value: "van Beethoven, Ludwig", parts: ["Ludwig", "van", "Beethoven", ""]),
        Case(value: "Van Beethoven, Ludwig", parts: ["Ludwig", "", "Van Beethoven", ""]),
        Case(value: "de la Fontaine, Jean", parts: ["Jean", "de la", "Fontaine", ""]),
        Case(value: "Aad,G.", parts: ["G.", "", "Aad", ""]),
        // von Last, Jr, First
        Case(value: "Doe, Jr, John", parts: ["John", "", "Doe", "Jr"]),
        Case(value: "von Neumann, Jr., John", parts: ["John", "von", "Neumann", "Jr."]),
        Case(value: "Doe, Jr, John, Paul,,", parts: ["John Paul", "", "Doe", "Jr"]),
        // Braces keep a unit: a person written whole, a collaboration.
        Case(value: "{Barack Obama}", parts: ["", "", "{Barack Obama}", ""]),
        Case(value: "{ATLAS Collaboration}", parts: ["", "", "{ATLAS Collaboration}", ""]),
        Case(value: "  Smith,\n   John  ", parts: ["John", "", "Smith", ""]),
    ]

    @Test("Each name form gives BibTeX's four parts", arguments: cases)
    func forms(_ example: Case) throws {
        let list = BibTeXNames.parse(example.value)
        let name = try #require(list.names.first)
        #expect(list.names.count == 1)
        #expect([name.first, name.von, name.last, name.jr] == example.parts)
    }

    @Test("Names split at 'and' at brace level 0, in any case; 'and others' is et al.")
    func lists() {
        let list = BibTeXNames.parse("{ATLAS Collaboration} and Aad, G.\nAND\tAbbott, B. and {Barnes and Noble} and Ands, Mary and others")
        #expect(list.names.map(\.last) == ["{ATLAS Collaboration}", "Aad", "Abbott", "{Barnes and Noble}", "Ands"])
        #expect(list.hasOthers)
        #expect(!BibTeXNames.parse("Smith, J. and Others, Jane").hasOthers)
        #expect(BibTeXNames.parse("Smith, J. and Others, Jane").names.count == 2)
        #expect(BibTeXNames.parse("and Smith and  and Doe").names.map(\.last) == ["Smith", "Doe"])
        #expect(BibTeXNames.parse("Smith and others").names.count == 1)
        #expect(BibTeXNames.parse("").names.isEmpty)
    }

    @Test("The display form is First von Last, Jr, with its TeX decoded", arguments: [
        ("Jean de La Fontaine", "Jean de La Fontaine"), ("von Neumann, Jr., John", "John von Neumann, Jr."),
        ("Schr{\\\"o}dinger, Erwin", "Erwin Schrödinger"), ("{ATLAS Collaboration}", "ATLAS Collaboration"),
        ("J.~R.~R. Tolkien", "J.\u{A0}R.\u{A0}R. Tolkien"), ("Erd\\H{o}s, P{\\'a}l", "Pál Erdős"), ("{\\L}ukasiewicz, Jan", "Jan Łukasiewicz"),
    ])
    func display(value: String, expected: String) {
        #expect(BibTeXNames.parse(value).names.first?.displayName() == expected)
    }

    @Test("A collaboration paper's 1,200 authors, read from a .bib entry, in time linear in the list")
    func collaborationPaper() throws {
        let authors = ["{CMS Collaboration}"] + (0..<1_200).map { "Last\($0), First\($0) M." }
        let bib = "@misc{CMS:2024abc,\n  author = {\(authors.joined(separator: " and\n  ")) and others},\n  collaboration = {CMS},\n}"
        let entry = try #require(BibTeXReader.read(bib).entries.first)
        let list = BibTeXNames.parse(try #require(entry.field("author")).value)
        #expect(list.names.count == 1_201)
        #expect(list.hasOthers)
        #expect(list.names[0].last == "{CMS Collaboration}")
        #expect(list.names[1_200] == BibTeXName(first: "First1199 M.", von: "", last: "Last1199", jr: ""))

        let clock = ContinuousClock()
        let started = clock.now
        let huge = BibTeXNames.parse((0..<30_000).map { "F\($0) von der L\($0)" }.joined(separator: " and "))
        #expect(huge.names.count == 30_000)
        #expect(huge.names.last?.von == "von der")
        // Quadratic splitting of 30,000 names would take minutes.
        #expect(clock.now - started < .seconds(20))
    }
}
