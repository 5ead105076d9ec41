import Foundation
@_spi(Fuzzing) @testable import PortalCore
import PortalTestSupport
import Testing
import Yams

/// Hostile front-matter: alias bombs, huge blocks, control characters; each an error at its position.
@Suite("Front-matter limits")
struct FrontMatterLimitsTests {
    /// Builds a site holding one page at `content/pages/odd.md` with `frontMatter` between the `---` lines.
    private func build(_ frontMatter: String) throws -> BuildReport {
        let site = try TestSite(["content/pages/odd.md": "---\n\(frontMatter)\n---\n\nBody.\n"])
        defer { site.cleanUp() }
        return site.build(output: nil)
    }

    /// The nine-fold "billion laughs": each level lists the previous one nine times.
    private static func laughs(levels: Int, asKey: Bool) -> String {
        var lines = ["title: Laughs", "a0: &a0 [x, x, x, x, x, x, x, x, x]"]
        for level in 1...levels {
            lines.append("a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ", ") + "]")
        }
        lines.append(asKey ? "? *a\(levels)\n: boom" : "boom: *a\(levels)")
        return lines.joined(separator: "\n")
    }

    @Test("Aliases of aliases are stopped where they pass the limit, used as a key or as a value", arguments: [true, false])
    func billionLaughs(asKey: Bool) throws {
        let report = try build(Self.laughs(levels: 8, asKey: asKey))
        let diagnostic = try #require(report.only("frontmatter.alias-expansion"), "\(report.summary)")
        // Level 4 stands for 9^4 = 6,561 values, and its first alias to level 3 (729 more) passes 10,000.
        #expect((diagnostic.file, diagnostic.line, diagnostic.column) == ("content/pages/odd.md", 7, 10))
        #expect(diagnostic.message == "the aliases up to here stand for more than 10,000 values (aliases of aliases multiply)")
        #expect(diagnostic.fix == "write the values out instead of nesting aliases")
        #expect(diagnostic.sourceLine?.hasPrefix("a4: &a4 [*a3") == true)
        #expect(report.diagnostics.count == 1, "\(report.summary)")
    }

    @Test("A bomb written as block lists is measured by its indentation")
    func blockBomb() throws {
        var lines = ["title: Laughs", "a0: &a0"] + Array(repeating: "  - x", count: 9)
        for level in 1...8 {
            lines.append("a\(level): &a\(level)")
            lines += Array(repeating: "- *a\(level - 1)", count: 9)
        }
        let report = try build(lines.joined(separator: "\n"))
        let diagnostic = try #require(report.only("frontmatter.alias-expansion"), "\(report.summary)")
        #expect(diagnostic.line > 2 && diagnostic.column == 3, "\(report.summary)")
    }

    @Test("More than 100 aliases is an error at the 101st")
    func tooManyAliases() throws {
        let aliases = Array(repeating: "*t", count: 101).joined(separator: ", ")
        let report = try build("title: &t Many\nsummary: x\ntags: [\(aliases)]")
        let diagnostic = try #require(report.only("frontmatter.too-many-aliases"), "\(report.summary)")
        #expect((diagnostic.line, diagnostic.column) == (4, 8 + 100 * 4))
        #expect(diagnostic.message == "the front-matter uses more than 100 aliases ('*name')")
    }

    @Test("Ordinary anchors and aliases still work, and stars in text are not aliases")
    func ordinaryAliases() throws {
        let site = try TestSite(.init(
            files: TestSite.breakout("agentic-ai"),
            ("content/pages/odd.md", """
            ---
            title: Stars *and* ampersands & more
            summary: |
              *this* is **text** & so is *this*
              - *not an alias*
            ---

            Body.
            """),
            ("content/resources/paper.md", """
            ---
            title: &title 'A *starred* paper'
            summary: *title
            type: paper
            url: https://example.org/paper
            areas: &areas [agentic-ai]
            tags: [jets]
            ---

            Body.
            """)
        ))
        defer { site.cleanUp() }
        let report = site.build()
        #expect(!report.hasErrors, "\(report.summary)")
        #expect(try site.read("odd/index.html").contains("<h1>Stars *and* ampersands &amp; more</h1>"))
        #expect(try site.read("resources/paper/index.html").contains("<h1>A *starred* paper</h1>"))
    }

    @Test("Front-matter over 1 MB is an error at the line where it passes the limit")
    func tooLarge() throws {
        let line = "# " + String(repeating: "x", count: 1021) + "\n"
        let report = try build("title: Big\n" + String(repeating: line, count: 1100))
        let diagnostic = try #require(report.only("frontmatter.too-large"), "\(report.summary)")
        #expect(diagnostic.message == "the front-matter is 1100 KB; it may be at most 1024 KB")
        // The limit falls in the 1,024th comment line, which is line 2 + 1 + 1,023 of the file.
        #expect((diagnostic.line, diagnostic.column) == (1026, 1))
    }

    @Test("Control characters are errors at their position, raw or written as escapes", arguments: [
        ("title: \"Nul\u{0}here\"", 2, 12, "U+0000 (NUL)"),
        ("title: Esc\n\u{1B}[31mred\u{1B}[0m: 1", 3, 1, "U+001B (escape)"),
        ("title: Bell\u{7}", 2, 12, "U+0007 (bell)"),
        ("title: C1 \u{9B}31m", 2, 11, "U+009B"),
        ("title: Fine\nsummary: x\u{7F}", 3, 11, "U+007F (delete)"),
    ])
    func rawControlCharacters(frontMatter: String, line: Int, column: Int, name: String) throws {
        let report = try build(frontMatter)
        let diagnostic = try #require(report.only("frontmatter.control-character"), "\(report.summary)")
        #expect((diagnostic.line, diagnostic.column) == (line, column))
        #expect(diagnostic.message == "the front-matter holds the control character \(name), which no field may contain")
        #expect(diagnostic.fix == "delete it")
    }

    @Test("A control character written as an escape in quotes is an error at the value", arguments: [
        #"title: "Clear \e[2J the screen""#, #"title: "\x1b]0;owned\x07""#, #"title: "\u001b[31m""#, #"title: "\0""#,
    ])
    func escapedControlCharacters(frontMatter: String) throws {
        let report = try build(frontMatter)
        let diagnostic = try #require(report.only("frontmatter.control-character"), "\(report.summary)")
        #expect((diagnostic.line, diagnostic.column) == (2, 8))
        #expect(diagnostic.message.hasPrefix("this value holds the control character U+00"))
        #expect(diagnostic.fix == "remove the escape sequence that writes it")
    }

    @Test("A tag longer than 64 characters is an error at the tag")
    func longTag() throws {
        let long = String(repeating: "a", count: 300)
        let site = try TestSite(.init(files: TestSite.breakout("agentic-ai"), TestSite.tutorial("jets", extra: "tags: [jets, \(long)]")))
        defer { site.cleanUp() }
        let report = site.build()
        let diagnostic = try #require(report.only("frontmatter.bad-value"), "\(report.summary)")
        #expect(diagnostic.message == "the tag '\(String(repeating: "a", count: 24))…' is 300 characters long; a tag may be at most 64")
        #expect((diagnostic.file, diagnostic.line, diagnostic.column) == ("content/tutorials/jets.md", 9, 14))
    }

    @Test("Diagnostics print control characters escaped, with the caret under the right character", arguments: DiagnosticFormat.allCases)
    func printedEscaped(format: DiagnosticFormat) {
        let diagnostic = Diagnostic(.error, "frontmatter.unknown-key", "unknown field '\u{1B}[2Jx'", file: "content/pages/\u{1B}]0;x.md", line: 3, column: 5,
                                    fix: "did you mean '\u{9B}'?", sourceLine: "\u{1B}[2Jx: 1")
        let printed = format.format(diagnostic)
        #expect(!printed.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" || (0x7F...0x9F).contains($0.value) }, "\(printed.debugDescription)")
        #expect(printed.contains(#"\u{1B}[2Jx"#))
        if format == .text {
            // Column 5 is the `x`, after the escape (printed as 6 characters) and `[2J`.
            #expect(printed.hasSuffix("\n    \\u{1B}[2Jx: 1\n             ^"), "\(printed)")
        }
    }

    @Test("Random YAML with anchors and aliases: what passes the limits never expands past them", .tags(.slow), .skippedWhenAsked)
    func randomAliases() {
        var generator = YAMLAliasGenerator(seed: 20261202)
        var stopped = 0
        var composed = 0
        for _ in 0..<250 {
            let yaml = generator.document()
            let violations = FuzzTargets.frontMatter(Array("---\n\(yaml)---\nBody.\n".utf8))
            #expect(violations.isEmpty, "\(violations)\n\(yaml)")
            if FrontMatterLimits.check(yaml, source: SourceText(displayPath: "x.md", text: yaml), firstLine: 1) != nil {
                stopped += 1
            } else if (try? Yams.compose(yaml: yaml)) != nil {
                composed += 1
            }
        }
        // Both sides of the limit are exercised: bombs that are stopped, and valid YAML that passes.
        #expect(stopped > 25 && composed > 25, "stopped \(stopped), composed \(composed)")
    }
}

/// Writes YAML with anchors on block and flow nodes, aliases as values and as keys, compact
/// sequences, block scalars and quoted text holding `*` and `&`.
private struct YAMLAliasGenerator {
    var random: SeededGenerator
    private var complete: [String] = []
    private var counter = 0
    /// Whether this document nests aliases to grow large.
    private var bomb = false

    init(seed: UInt64) {
        random = SeededGenerator(seed: seed)
    }

    private mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &random) < percent }

    private mutating func anchor() -> (text: String, name: String?) {
        guard chance(bomb ? 70 : 40) else { return ("", nil) }
        counter += 1
        return ("&a\(counter) ", "a\(counter)")
    }

    private mutating func alias() -> String? {
        guard !complete.isEmpty else { return nil }
        return "*" + complete[Int.random(in: 0..<complete.count, using: &random)]
    }

    private mutating func scalar() -> String {
        if bomb, chance(80), let alias = alias() { return alias }
        switch Int.random(in: 0..<6, using: &random) {
        case 0: return "word"
        case 1: return "\"quoted *x &y [\""
        case 2: return "'it''s *z, {'"
        case 3: return "a *b &c"
        default: return alias() ?? "plain"
        }
    }

    private mutating func flow(depth: Int) -> String {
        let (prefix, name) = anchor()
        let count = Int.random(in: 0...(depth > 0 || bomb ? 9 : 3), using: &random)
        var items: [String] = []
        for _ in 0..<count {
            items.append(depth > 0 && chance(30) ? flow(depth: depth - 1) : scalar())
        }
        let text = chance(70) ? "[" + items.joined(separator: ", ") + "]" : "{" + items.enumerated().map { "k\($0.offset): \($0.element)" }.joined(separator: ", ") + "}"
        if let name { complete.append(name) }
        return prefix + text
    }

    /// Lines for a block node at `indent`, each ending with a newline.
    private mutating func block(indent: Int, depth: Int, mapping: Bool = false) -> String {
        let pad = String(repeating: " ", count: indent)
        var text = ""
        let isSequence = !mapping && chance(50)
        for index in 0..<Int.random(in: 1...(depth > 0 ? 9 : 4), using: &random) {
            let lead = isSequence ? "\(pad)- " : (chance(10) && !complete.isEmpty ? "\(pad)\(alias() ?? "k") : " : "\(pad)k\(index): ")
            let choice = Int.random(in: 0..<10, using: &random)
            if depth > 0, choice < 3 {
                let (prefix, name) = anchor()
                // A sequence under a key may stand at the key's own indentation.
                let compact = !isSequence && chance(40)
                text += lead + prefix.trimmingCharacters(in: .whitespaces) + "\n"
                if compact {
                    var child = block(indent: indent, depth: depth - 1)
                    if !child.hasPrefix("\(pad)- ") { child = block(indent: indent + 2, depth: depth - 1) }
                    text += child
                } else {
                    text += block(indent: indent + 2, depth: depth - 1)
                }
                if let name { complete.append(name) }
            } else if choice < 5 {
                text += lead + flow(depth: depth) + "\n"
            } else if choice == 5 {
                text += lead + "|\n" + "\(pad)    *not* an &alias\n\(pad)    - *x\n"
            } else {
                let (prefix, name) = anchor()
                text += lead + prefix + scalar() + "\n"
                if let name { complete.append(name) }
            }
        }
        return text
    }

    mutating func document() -> String {
        complete = []
        bomb = chance(40)
        return "title: Random\n" + block(indent: 0, depth: 3, mapping: true)
    }
}
