import Foundation
@testable import PortalCore
import PortalTestSupport
import Testing

/// The byte-level tokenizer of the search index against the scalar-by-scalar one it replaced.
@Suite("Search terms")
struct SearchTermsTests {
    /// Texts where bytes and scalars could part ways: accents precomposed and combining, CJK, Hangul
    /// syllables and jamo, emoji with modifiers and joiners, case mappings that change length (İ, ß),
    /// numerals outside ASCII, apostrophes, hyphens, stop words in capitals, separators that lead with
    /// the byte 0xE2.
    static let tricky = [
        "", "a", "ab", "The THE tHe", "Jet-tagging with ÜberNet 2026, the end", "e\u{301}te\u{301} café naïve",
        "İstanbul DİYARBAKIR straße STRASSE", "ΣΊΣΥΦΟΣ σοφός", "東京大学 の 研究", "한국어 \u{1112}\u{1161}\u{11AB}글",
        "👍🏽 fine👨‍👩‍👧 x👍y", "don't it's l'été O’Neil", "co-op — re-entry – x‑y", "Ⅻ ⅻ ½ ² ٣٤ ４２ ＡＢ",
        "\u{212A}elvin K\u{212A}", "a\u{2028}b\u{2029}cd\u{00A0}ef\u{200B}gh", "ﬁnance ǅungla", "x-\u{345}y a-\u{93E}b -\u{301}",
        "AB1 a1 1a 12 1 ab", "مرحبا بالعالم 123", "hello\u{0}world\ttab\nline", "ÀÉÎÕÜ àéîõü", "abc\u{10FFFF}def",
    ]

    @Test("Terms are those the scalar-by-scalar tokenizer found", arguments: tricky)
    func sameTerms(text: String) {
        #expect(termsByBytes(text) == Self.referenceTerms(in: text))
        #expect(SearchIndex.terms(in: text) == Self.referenceTerms(in: text))
    }

    @Test("Terms of random mixed-script text are those the scalar-by-scalar tokenizer found")
    func randomText() {
        let pieces: [String] = [
            "a", "Z", "q", "7", "0", " ", "-", "'", "’", ".", "\n", "the", "AND", "é", "e\u{301}", "\u{301}", "ß", "İ",
            "Σ", "ς", "東", "学", "한", "\u{1112}", "\u{1161}", "👍", "🏽", "\u{200D}", "Ⅻ", "½", "٣", "４", "Ａ", "\u{2028}",
            "\u{212A}", "ǅ", "ﬁ", "\u{345}", "\u{93E}", "\u{10400}", "\u{1D7D8}",
        ]
        var random = SeededGenerator(seed: 2026)
        for _ in 0..<2000 {
            let text = (0..<Int(random.next() % 24)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined()
            #expect(termsByBytes(text) == Self.referenceTerms(in: text), "\(text.unicodeScalars.map { $0.value })")
        }
    }

    @Test("A tag read as it is gives the terms it gave with its hyphens replaced by spaces", arguments: [
        "agentic-ai", "x-\u{345}y", "a-\u{93E}b", "-\u{301}", "e\u{301}-\u{301}x", "Ü-ber", "日本-語", "👍🏽-x", "--", "a-\u{FE0F}", "a--b-",
    ])
    func tagHyphens(tag: String) {
        #expect(termsByBytes(tag) == Self.referenceTerms(in: tag.replacingOccurrences(of: "-", with: " ")))
    }

    private func termsByBytes(_ text: String) -> [String] {
        var terms: [String] = []
        SearchIndex.forEachTerm(in: text) { terms.append(String(decoding: $0, as: UTF8.self)) }
        return terms
    }

    /// The tokenizer before it read bytes: scalar by scalar, a String per word, stop words looked up
    /// in the set.
    static func referenceTerms(in text: String) -> [String] {
        var terms: [String] = []
        var current: [UInt8] = []
        var characters = 0
        func flush() {
            if characters >= 2 {
                let term = String(decoding: current, as: UTF8.self)
                if !SearchIndex.stopWords.contains(term) { terms.append(term) }
            }
            current.removeAll(keepingCapacity: true)
            characters = 0
        }
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x80 {
                if (0x61...0x7A).contains(value) || (0x30...0x39).contains(value) {
                    current.append(UInt8(value))
                    characters += 1
                } else if (0x41...0x5A).contains(value) {
                    current.append(UInt8(value + 0x20))
                    characters += 1
                } else {
                    flush()
                }
            } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                for lower in scalar.properties.lowercaseMapping.unicodeScalars {
                    current.append(contentsOf: String(lower).utf8)
                    characters += 1
                }
            } else {
                flush()
            }
        }
        flush()
        return terms
    }
}
