@testable import PortalMarkdown
import Testing

@Suite("Citation syntax")
struct CitationScannerTests {
    private func scan(_ text: String) -> [MarkdownCitation] {
        CitationScanner.citations(in: Array(text.utf8)).map(\.citation)
    }

    @Test("A bracket of keys, with prefixes, locators and '-@' for the year alone")
    func brackets() {
        let found = scan("as shown [see @Baldi:2014kfa, p. 3; -@louppe_2019; @{odd key}] here")
        #expect(found.count == 1)
        let citation = found[0]
        #expect(!citation.isNarrative && citation.text == "[see @Baldi:2014kfa, p. 3; -@louppe_2019; @{odd key}]")
        #expect(citation.items == [
            MarkdownCitation.Item(key: "Baldi:2014kfa", prefix: "see", suffix: ", p. 3"),
            MarkdownCitation.Item(key: "louppe_2019", suppressesAuthor: true),
            MarkdownCitation.Item(key: "odd key"),
        ])
    }

    @Test("A bare key in the text, its trailing punctuation left out, with a locator in brackets after it")
    func narrative() {
        let found = scan("@carleo2019. And @doe99 [p. 33] says so.")
        #expect(found.map(\.text) == ["@carleo2019", "@doe99 [p. 33]"])
        #expect(found.allSatisfy { $0.isNarrative })
        #expect(found[1].items == [MarkdownCitation.Item(key: "doe99", suffix: "p. 33")])
    }

    @Test("Not citations: addresses, words joined to '@', brackets with a part that holds no key, an empty key", arguments: [
        "mail jane.doe@example.org", "a-@b", "[see above; @a]", "[@]", "[@ a]", "@", "@{}", "x@y", "`@`", "[see @a",
    ])
    func notCitations(text: String) {
        // `[see above; @a]` is not a bracket of citations, but its `@a` is a bare one.
        let found = scan(text)
        #expect(found.allSatisfy { $0.isNarrative && $0.text == "@a" }, "\(found)")
    }
}
