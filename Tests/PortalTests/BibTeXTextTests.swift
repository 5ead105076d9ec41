@testable import PortalCore
import Testing

/// TeX in field values made plain text: every accent form, special letters, escapes, dashes and
/// quotes; math kept as written; unknown commands kept and reported, never dropped.
@Suite("BibTeX text")
struct BibTeXTextTests {
    private func plain(_ value: String) -> String {
        BibTeXText.decode(value).text
    }

    @Test("Accents in every written form become one precomposed character", arguments: [
        ("{\\\"o}", "ö"), ("\\\"{o}", "ö"), ("\\\"o", "ö"), ("{\\\"{o}}", "ö"), ("\\\" o", "ö"), ("\\\"O", "Ö"),
        ("\\'e", "é"), ("\\'{e}", "é"), ("{\\'e}", "é"), ("\\'{\\i}", "í"), ("\\'\\i", "í"), ("{\\'\\i}", "í"),
        ("\\`a", "à"), ("\\^o", "ô"), ("\\~n", "ñ"), ("\\=a", "ā"), ("\\.z", "ż"), ("\\u{g}", "ğ"), ("\\u g", "ğ"),
        ("\\v{c}", "č"), ("\\v c", "č"), ("{\\v S}", "Š"), ("\\H{o}", "ő"), ("\\c{c}", "ç"), ("\\c c", "ç"), ("\\k{a}", "ą"),
        ("\\r{a}", "å"), ("\\r a", "å"), ("\\d{s}", "ṣ"), ("\\b{k}", "ḵ"), ("\\\"\\i", "ï"), ("\\^{\\j}", "ĵ"),
    ])
    func accents(tex: String, expected: String) {
        let text = plain(tex)
        #expect(text == expected)
        #expect(text.unicodeScalars.count == 1, "not precomposed: \(text.unicodeScalars.map { String($0.value, radix: 16) })")
    }

    @Test("Accents inside words, on words of several letters, and stacked")
    func accentsInWords() {
        #expect(plain("Schr{\\\"o}dinger") == "Schrödinger")
        #expect(plain("Erd\\H{o}s and Poincar\\'e") == "Erdős and Poincaré")
        #expect(plain("G{\\\"{u}}nther") == "Günther")
        #expect(plain("\\'{\\\"u}") == "\u{1D8}")
        #expect(plain("\\t{oo}") == "o\u{361}o")
    }

    @Test("An accent with nothing to go on is the accent itself", arguments: [
        ("\\'{}", "\u{B4}"), ("\\\"{}", "\u{A8}"), ("\\^{}", "^"), ("\\~{}", "~"), ("{\\v}", "\u{2C7}"),
    ])
    func spacingAccents(tex: String, expected: String) {
        #expect(plain(tex) == expected)
    }

    @Test("Special letters", arguments: [
        ("\\ss", "ß"), ("{\\o}", "ø"), ("\\O", "Ø"), ("{\\aa}", "å"), ("\\AA", "Å"), ("\\ae", "æ"), ("\\AE", "Æ"), ("\\oe", "œ"),
        ("\\OE", "Œ"), ("\\l", "ł"), ("\\L", "Ł"), ("\\i", "ı"), ("\\j", "ȷ"), ("Stra{\\ss}e", "Straße"), ("Stra\\ss e", "Straße"),
        ("\\L{}ukasz", "Łukasz"), ("Bj{\\o}rn", "Bjørn"), ("{\\AA}ngstr{\\\"o}m", "Ångström"),
    ])
    func specialLetters(tex: String, expected: String) {
        #expect(plain(tex) == expected)
    }

    @Test("Escapes, ties, dashes, quotes and spaces", arguments: [
        ("R\\&D", "R&D"), ("50\\%", "50%"), ("\\#1", "#1"), ("a\\_b", "a_b"), ("\\{x\\}", "{x}"), ("\\$5", "$5"),
        ("J.~Smith", "J.\u{A0}Smith"), ("1--29", "1–29"), ("yes---no", "yes—no"), ("a-b", "a-b"), ("----", "—-"),
        ("``quoted''", "“quoted”"), ("it's", "it's"), ("a  \n\t b", "a b"), ("  padded  ", "padded"), ("a\\\\b", "a b"),
        ("J.\\,R.", "J.\u{202F}R."), ("hy\\-phen", "hyphen"), ("\\ldots", "…"), ("\\LaTeX\\ and \\TeX", "LaTeX and TeX"),
    ])
    func punctuation(tex: String, expected: String) {
        #expect(plain(tex) == expected)
    }

    @Test("Case-protecting braces and style commands go; their text stays", arguments: [
        ("{ATLAS} results", "ATLAS results"), ("{{QCD}}", "QCD"), ("\\textit{x}", "x"), ("\\emph{New} physics", "New physics"),
        ("\\textbf{bold}", "bold"), ("\\textrm{r}", "r"), ("{\\em emphasised}", "emphasised"), ("{\\bf B}", "B"),
        ("\\texttt{code}", "code"), ("\\url{https://example.org/~a_b%20c}", "https://example.org/~a_b%20c"),
        ("\\href{https://example.org}{the site}", "the site"), ("{\\noopsort{a}}Zeta", "Zeta"), ("Unicode: Ω, 日本, é", "Unicode: Ω, 日本, é"),
    ])
    func styles(tex: String, expected: String) {
        #expect(plain(tex) == expected)
        #expect(BibTeXText.decode(tex).unknownCommands.isEmpty)
    }

    @Test("Math is kept as written, dollars included, its TeX untouched")
    func math() {
        let decoded = BibTeXText.decode("Search for $H\\to b\\bar{b}$ with \\\"o--ad $$\\\"o--x$$ at {$\\sqrt{s} = 13$}~TeV")
        #expect(decoded.pieces == [
            .text("Search for "), .math("H\\to b\\bar{b}", display: false), .text(" with ö–ad "), .math("\\\"o--x", display: true),
            .text(" at "), .math("\\sqrt{s} = 13", display: false), .text("\u{A0}TeV"),
        ])
        #expect(decoded.text == "Search for $H\\to b\\bar{b}$ with ö–ad $$\\\"o--x$$ at $\\sqrt{s} = 13$\u{A0}TeV")
        #expect(decoded.unknownCommands.isEmpty)
        // An escaped dollar inside math does not end it; a dollar never closed is text.
        #expect(BibTeXText.decode("$a\\$b$").pieces == [.math("a\\$b", display: false)])
        #expect(BibTeXText.decode("costs \\$5 or $6").pieces == [.text("costs $5 or $6")])
    }

    @Test("An unknown command is kept as written, with its argument's braces, and listed at its offset")
    func unknownCommands() {
        let decoded = BibTeXText.decode("Caf\\'e \\foo{b\\'ar} and \\mbox{x} \\*y \\weird z")
        #expect(decoded.text == "Café \\foo{bár} and x \\*y \\weird z")
        #expect(decoded.unknownCommands == [
            BibTeXText.UnknownCommand(command: "\\foo", offset: 7),
            BibTeXText.UnknownCommand(command: "\\*", offset: 32),
            BibTeXText.UnknownCommand(command: "\\weird", offset: 36),
        ])
        #expect(BibTeXText.decode("end\\").unknownCommands == [BibTeXText.UnknownCommand(command: "\\", offset: 3)])
    }

    @Test("Unbalanced and deep braces, and a long value, decode in one pass")
    func hostile() {
        #expect(plain("}}a{{b") == "ab")
        let deep = String(repeating: "{\\\"", count: 50_000) + "o" + String(repeating: "}", count: 50_000)
        #expect(plain(deep).unicodeScalars.first == "ö")
        let urls = String(repeating: "\\url{", count: 50_000)
        #expect(BibTeXText.decode(urls).text.isEmpty)
        let dollars = String(repeating: "$$ \\$ ", count: 20_000)
        #expect(BibTeXText.decode(dollars).text.utf8.count < dollars.utf8.count)
    }
}
