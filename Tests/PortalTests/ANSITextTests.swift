import Foundation
@testable import PortalCore
import PortalTestSupport
import Testing

private let notebookFixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/notebooks")

/// Terminal text to HTML and to plain text: IPython's real traceback, colours and their resets,
/// carriage returns, and sequences cut short or made up.
@Suite("ANSI terminal text")
struct ANSITextTests {
    /// The outputs of `outputs.ipynb` of `type`, as Jupyter shows them (a traceback's lines joined by line breaks).
    private func fixtureOutputs(_ type: String) throws -> [[String: Any]] {
        let data = try Data(contentsOf: notebookFixtures.appendingPathComponent("outputs.ipynb"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try #require(json["cells"] as? [[String: Any]]).flatMap { ($0["outputs"] as? [[String: Any]]) ?? [] }.filter { $0["output_type"] as? String == type }
    }

    private var span: (String, String) -> String {
        { classes, text in "<span class=\"\(classes)\">\(text)</span>" }
    }

    @Test("IPython's traceback: red and cyan headings, bold green keywords from the 256 colours, no escape left")
    func ipythonTraceback() throws {
        let error = try #require(try fixtureOutputs("error").first)
        let traceback = try #require(error["traceback"] as? [String]).joined(separator: "\n")
        let html = ANSIText.html(traceback)
        #expect(!html.contains("\u{1B}") && !html.contains("[39m") && !html.contains("[0m"))
        #expect(html.hasPrefix(span("ansi-red-fg", String(repeating: "-", count: 75)) + "\n" + span("ansi-red-fg", "ValueError")
                               + "                                Traceback (most recent call last)\n"))
        #expect(html.contains(span("ansi-cyan-fg", "Cell ") + span("ansi-green-fg", "In[3], line 5") + ", in " + span("ansi-cyan-fg", "momentum")))
        // `38;5;28;01`: colour 28 of the 256 (0, 135, 0) is nearest to green, and bold.
        #expect(html.contains(span("ansi-green-fg ansi-bold", "def") + " momentum(pt, eta):"))
        #expect(html.contains(span("ansi-green-fg", "----&gt; 5") + "     " + span("ansi-green-fg ansi-bold", "return")))
        #expect(html.hasSuffix(span("ansi-red-fg", "ValueError") + ": operands could not be broadcast together with shapes (5,) (4,) "))
        #expect(count(of: "<span", in: html) == count(of: "</span>", in: html))
        let plain = ANSIText.plain(traceback)
        #expect(plain.contains("Cell In[3], line 5, in momentum(pt, eta)\n      4 def momentum(pt, eta):\n----> 5     return pt * np.cosh(eta)\n"))
        #expect(plain.hasSuffix("ValueError: operands could not be broadcast together with shapes (5,) (4,) "))
        #expect(!plain.contains("\u{1B}"))
    }

    @Test("A coloured stream: bold green is the intense green, as nbconvert shows it; > is escaped")
    func colouredStream() throws {
        let stream = try #require(try fixtureOutputs("stream").first { ($0["text"] as? [String])?.joined().contains("PASS") == true })
        let text = try #require(stream["text"] as? [String]).joined()
        #expect(ANSIText.html(text) == span("ansi-green-intense-fg ansi-bold", "PASS") + "  pT &gt; 25 GeV\n" + span("ansi-green-intense-fg ansi-bold", "PASS")
                + "  |eta| &lt; 2.4\n" + span("ansi-red-intense-fg ansi-bold", "FAIL") + "  isolation\n")
        #expect(ANSIText.plain(text) == "PASS  pT > 25 GeV\nPASS  |eta| < 2.4\nFAIL  isolation\n")
    }

    @Test("Styles nest and reset: each change closes the open span before the next opens", arguments: [
        ("\u{1B}[31mred \u{1B}[1mbold\u{1B}[22m red\u{1B}[39m plain",
         "<span class=\"ansi-red-fg\">red </span><span class=\"ansi-red-intense-fg ansi-bold\">bold</span><span class=\"ansi-red-fg\"> red</span> plain"),
        ("\u{1B}[3;4mx\u{1B}[23my\u{1B}[24mz", "<span class=\"ansi-italic ansi-underline\">x</span><span class=\"ansi-underline\">y</span>z"),
        ("\u{1B}[44;93mx\u{1B}[49my\u{1B}[0mz", "<span class=\"ansi-yellow-intense-fg ansi-blue-bg\">x</span><span class=\"ansi-yellow-intense-fg\">y</span>z"),
        ("\u{1B}[7mx\u{1B}[31my\u{1B}[27mz\u{1B}[m.", "<span class=\"ansi-default-inverse-fg ansi-default-inverse-bg\">x</span>"
         + "<span class=\"ansi-default-inverse-fg ansi-red-bg\">y</span><span class=\"ansi-red-fg\">z</span>."),
        ("\u{1B}[102;30mx", "<span class=\"ansi-black-fg ansi-green-intense-bg\">x</span>"),
        ("\u{1B}[38;2;250;10;10mx\u{1B}[48;5;21my", "<span class=\"ansi-red-intense-fg\">x</span><span class=\"ansi-red-intense-fg ansi-blue-bg\">y</span>"),
        ("\u{1B}[38:2::0:0:230mx\u{1B}[38:5:244my", "<span class=\"ansi-blue-fg\">x</span><span class=\"ansi-black-intense-fg\">y</span>"),
        ("\u{1B}[1;38;5;2mx", "<span class=\"ansi-green-intense-fg ansi-bold\">x</span>"),
        ("\u{1B}[31m\u{1B}[0m\u{1B}[32m", ""),
        ("\u{1B}[31ma\nb\u{1B}[0m\nc", "<span class=\"ansi-red-fg\">a\nb</span>\nc"),
    ])
    func styles(input: String, expected: String) {
        #expect(ANSIText.html(input) == expected)
    }

    @Test("Sequences cut short or made up are taken out, and the text around them kept", arguments: [
        ("text\u{1B}", "text"),
        ("text\u{1B}[", "text"),
        ("text\u{1B}[31", "text"),
        ("a\u{1B}[31\nb", "a\nb"),
        ("\u{1B}[99999999999999999999999999mhuge", "huge"),
        ("\u{1B}[38;5mx\u{1B}[38;2;300;0;0my\u{1B}[38;5;999mz", "xyz"),
        ("\u{1B}[?25l\u{1B}[2K\u{1B}[1G\u{1B}[3Amoved\u{1B}(B\u{1B}7\u{1B}=", "moved"),
        ("\u{1B}]8;;https://example.org\u{1B}\\link\u{1B}]8;;\u{1B}\\ and \u{1B}]0;title\u{07}after", "link and after"),
        ("\u{1B}]unterminated\nnext line", "\nnext line"),
        ("\u{9B}31mC1\u{9D}0;t\u{9C} x", "C1 x"),
        ("bell\u{07} nul\u{0} del\u{7F} tab\tend", "bell nul del tab\tend"),
        ("\u{1B}\u{1B}[31mx\u{1B}y", "x"),
    ])
    func malformed(input: String, expected: String) {
        #expect(ANSIText.plain(input) == expected)
        #expect(!ANSIText.html(input).contains("\u{1B}"))
    }

    @Test("A carriage return keeps only what follows it on its line; \\r\\n is a line break; a backspace takes back a character")
    func carriageReturns() {
        #expect(ANSIText.plain(" 10%|#    |\r 50%|###  |\r100%|#####|\ndone\n") == "100%|#####|\ndone\n")
        #expect(ANSIText.plain("one\r\ntwo\r\r\nthree\r") == "one\ntwo\n")
        #expect(ANSIText.plain("abc\u{8}\u{8}X\u{8}\u{8}\u{8}\u{8}Y\nzé\u{8}e") == "Y\nze")
        // The colour set before the return still holds after it.
        #expect(ANSIText.html("\u{1B}[32mloading\rdone\u{1B}[0m!") == "<span class=\"ansi-green-fg\">done</span>!")
    }

    @Test("Text is escaped: a <script> in a traceback is text")
    func escaping() {
        #expect(ANSIText.html("\u{1B}[31m<script>alert(\"x\")</script> & more\u{1B}[0m")
                == "<span class=\"ansi-red-fg\">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more</span>")
        #expect(ANSIText.plain("<b>&amp;</b>") == "<b>&amp;</b>")
    }

    @Test("Random terminal soup: spans balanced and never nested, no escape left, the HTML's text is the plain text", .tags(.slow))
    func randomSoup() {
        let pieces = ["\u{1B}", "[", "]", ";", ":", "m", "31", "38", "5", "2", "255", "1", "0", "7", "\r", "\n", "\u{8}", "\u{7}", "\\", "a", "<", "&", "é", "\u{9B}", "x"]
        var random = SeededGenerator(seed: 0xA5C1)
        for round in 0..<3000 {
            let input = (0..<Int(random.next() % 60 + 1)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined()
            let html = ANSIText.html(input)
            let plain = ANSIText.plain(input)
            #expect(!html.contains("\u{1B}") && !plain.contains("\u{1B}"), "round \(round): \(input.debugDescription)")
            var depth = 0
            var tokenizer = MarkupTokenizer(html)
            var text = ""
            while let token = tokenizer.next() {
                switch token {
                case .startTag(let tag):
                    #expect(tag.name == "span" && depth == 0 && tag.attributes.map(\.name) == ["class"], "round \(round): \(html.debugDescription)")
                    depth += 1
                case .endTag:
                    depth -= 1
                case .text(let range), .cdata(let range):
                    text += CharacterReference.decode(tokenizer.bytes[range], in: tokenizer.bytes)
                }
            }
            #expect(depth == 0, "round \(round): \(html.debugDescription)")
            #expect(text == plain, "round \(round): \(input.debugDescription)")
        }
    }

    @Test("A megabyte of sequences is read in one pass", .tags(.slow), arguments: ["\u{1B}[", "\u{1B}]", "\r", ";", "\u{1B}[38;5;1;", "\u{8}", "a\u{1B}[31m"])
    func linearTime(shape: String) {
        let input = shape == ";" ? "\u{1B}[" + String(repeating: ";", count: 1_000_000) + "m" : String(repeating: shape, count: 1_000_000 / shape.utf8.count)
        let elapsed = ContinuousClock().measure {
            _ = ANSIText.html(input)
            _ = ANSIText.plain(input)
        }
        #expect(elapsed < .seconds(60), "\(shape.debugDescription): \(elapsed)")
    }

    private func count(of needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }
}
