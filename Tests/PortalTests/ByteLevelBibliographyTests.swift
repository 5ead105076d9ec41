import Foundation
@testable import PortalCore
import PortalTestSupport
import Testing

/// The byte-level code a living review runs for every name, field and entry must answer exactly as
/// the Character- and scalar-based code it replaced: each test compares it with that code (kept
/// below as the reference) on tricky text.
@Suite("Byte-level bibliography helpers")
struct ByteLevelBibliographyTests {
    /// Names built from words that trip the name splitting: particles, suffixes, body words, commas,
    /// double spaces, `and`, accents written both ways, and a space before a combining mark.
    static let names: [String] = {
        let words = ["Anna", "Müller", "van", "der", "de", "Meer", "Jr", "III", "Smith", "Collaboration", "Foundation", "and", "AND", "others",
                     "e\u{301}", "\u{301}x", "O'Neil", "Lee-Kim", "ATLAS", "Team", "", " ", ",", "-", "{\\\"u}ber"]
        var random = SeededGenerator(seed: 20)
        func next() -> Int { Int(truncatingIfNeeded: random.next() >> 33) }
        var names = ["Anna Smith", "Anna  Smith", " Anna Smith", "Anna Smith ", "Anna", "Smith, Anna", "Anna \u{301}Smith", "a\u{301} b", "Anna Smith,"]
        for _ in 0..<3000 {
            let count = 1 + next() % 5
            names.append((0..<count).map { _ in words[next() % words.count] }.joined(separator: next() % 4 == 0 ? ", " : " "))
        }
        return names
    }()

    @Test("Names split in their bytes as they were split into words of Characters")
    func personNames() {
        for name in Self.names + ByteLevelTextTests.samples {
            let parts = PersonName(name)
            let expected = BibliographyReference.personName(name)
            #expect(parts?.given == expected?.given && parts?.family == expected?.family && parts?.particle == expected?.particle
                    && parts?.suffix == expected?.suffix, "PersonName \(name.debugDescription)")
            #expect(parts?.readsAsWritten == expected.map { $0.suffix == nil && !$0.family.contains(" ") }, "readsAsWritten \(name.debugDescription)")
            #expect(Citation.isBody(name) == BibliographyReference.isBody(name), "isBody \(name.debugDescription)")
            #expect(Citation.holdsAnd(name) == BibliographyReference.holdsAnd(name), "holdsAnd \(name.debugDescription)")
        }
        #expect(PersonName("Anna \u{301}Smith")?.family == "\u{301}Smith")
    }

    @Test("Ids, percent-encoding and summaries on bytes answer as on scalars")
    func idsAndSummaries() {
        let long = String(repeating: "word\u{2003}and  more, ", count: 40)
        for text in ByteLevelTextTests.samples + Self.names + [long, long + "é", "\u{3000}lead" + long] {
            #expect(PageID.suggest(from: text) == BibliographyReference.suggest(text), "suggest \(text.debugDescription)")
            #expect(BibliographyPages.pageID(text) == BibliographyReference.pageID(text), "pageID \(text.debugDescription)")
            #expect(IdentifierScheme.percentEncoded(text) == BibliographyReference.percentEncoded(text), "percentEncoded \(text.debugDescription)")
            #expect(BibliographyPages.shortened(text) == BibliographyReference.shortened(text), "shortened \(text.debugDescription)")
        }
    }

    @Test("A value of plain ASCII words is decoded as the decoder decodes it")
    func plainValues() {
        for text in ByteLevelTextTests.samples + Self.names + ["Deep learning for jet tagging", "a", "x y z", "tab\there", "a\u{7F}b", "\u{1}"] {
            // An empty group before the value changes no text, and makes the decoder read the value
            // (its unknown commands then stand two bytes later).
            let read = BibTeXText.decode("{}" + text)
            let decoded = BibTeXText.decode(text)
            #expect(decoded.pieces == read.pieces, "decode \(text.debugDescription)")
            #expect(decoded.unknownCommands.map { [$0.command, String($0.offset)] } == read.unknownCommands.map { [$0.command, String($0.offset - 2)] },
                    "unknown commands in \(text.debugDescription)")
        }
    }
}

/// The living review's other per-field helpers against the code they replaced: Foundation's
/// trimming, lines and category tokens found character by character, and normalizing every name.
@Suite("Bibliography helpers without Foundation's per-value work")
struct BibliographyShortcutTests {
    /// Texts that end, start or break in every way the helpers treat apart.
    static let texts: [String] = {
        var texts = ByteLevelTextTests.samples + ByteLevelBibliographyTests.names
        let pieces = [" ", "\t", "\n", "\r\n", "\r", "\u{85}", "\u{A0}", "\u{2003}", "\u{2028}", "\u{3000}", "\u{200B}", "\u{FEFF}",
                      ",", ";", ":", "/", "//", "a", "Jet tagging", "é", "e\u{301}", "\u{301}", "/\u{301}", "\n\u{301}", "x"]
        var random = SeededGenerator(seed: 21)
        func next() -> Int { Int(truncatingIfNeeded: random.next() >> 33) }
        for _ in 0..<3000 {
            texts.append((0..<(next() % 7)).map { _ in pieces[next() % pieces.count] }.joined())
        }
        // Summaries cut just before, at and after a separator or a combining mark at the length.
        let length = BibliographyPages.summaryLength
        for tail in [",", ";:", " ,", "\u{301}", "e\u{301} x", ", word", "é"] {
            for shift in -3...3 {
                texts.append(String(repeating: "a", count: length + shift - 10) + " word" + tail + " more text")
            }
        }
        return texts
    }()

    @Test("The trimmed sets are Foundation's whitespaces and whitespacesAndNewlines, scalar for scalar")
    func trimmedSets() {
        var differing: [String] = []
        let (spaces, spacesAndNewlines) = (CharacterSet.whitespaces, CharacterSet.whitespacesAndNewlines)
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            if ScalarTrimming.isWhitespace(scalar) != spaces.contains(scalar) { differing.append("whitespace U+\(String(value, radix: 16))") }
            if ScalarTrimming.isWhitespaceOrNewline(scalar) != spacesAndNewlines.contains(scalar) { differing.append("newline U+\(String(value, radix: 16))") }
        }
        #expect(differing.isEmpty, "\(differing)")
    }

    @Test("Trimming, summaries, lines and category tokens answer as the Foundation and Character code did")
    func answersAsBefore() {
        let separators = CharacterSet(charactersIn: ",;:")
        for text in Self.texts {
            #expect(text.trimmingScalars(ScalarTrimming.isWhitespace) == text.trimmingCharacters(in: .whitespaces), "whitespaces \(text.debugDescription)")
            #expect(text.trimmingScalars(ScalarTrimming.isWhitespaceOrNewline) == text.trimmingCharacters(in: .whitespacesAndNewlines),
                    "whitespacesAndNewlines \(text.debugDescription)")
            #expect(text.trimmingScalars { $0 == "," || $0 == ";" || $0 == ":" } == text.trimmingCharacters(in: separators), "separators \(text.debugDescription)")
            #expect(BibliographyPages.shortened(text) == BibliographyReference.shortened(text), "shortened \(text.debugDescription)")
            #expect(BibliographyPages.lines(of: text).map(String.init) == text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init),
                    "lines \(text.debugDescription)")
            #expect(CategoryPath.tokens(of: text) == BibliographyReference.categoryTokens(text), "tokens \(text.debugDescription)")
            if case .success(let path) = CategoryPath.normalized(text) {
                #expect(CategoryPath.tokens(of: path) == BibliographyReference.categoryTokens(path), "tokens of normalized \(path.debugDescription)")
            }
        }
        #expect(CategoryPath.tokens(of: "Classification/Jet images") == "classification classification/jet-images")
    }

    @Test("Brace pairs found by a binary search are the pairs the dictionary held, at every offset")
    func bracePairs() {
        var random = SeededGenerator(seed: 23)
        func next() -> Int { Int(truncatingIfNeeded: random.next() >> 33) }
        let alphabet = Array("{}{}a\\".utf8)
        var texts: [[UInt8]] = [[], Array("{".utf8), Array("}".utf8), Array("}{".utf8), Array("{{}".utf8), Array("{}}{{}".utf8)]
        for _ in 0..<400 { texts.append((0..<(next() % 120)).map { _ in alphabet[next() % alphabet.count] }) }
        for bytes in texts {
            let pairs = BracePairs(in: bytes)
            let expected = BibliographyReference.bracePairs(bytes)
            for offset in -1...bytes.count { #expect(pairs[offset] == expected[offset], "offset \(offset) of \(String(decoding: bytes, as: UTF8.self))") }
        }
    }

    @Test("Text the decoder leaves unnormalized is composed already, and every decoded text is")
    func decodedTextIsComposed() {
        // Every scalar taken as stable is its own composed form, reorders nothing, and composes with
        // no neighbour: a text holding every ordered pair of them (and of ASCII) is left as it is.
        var stable: [Unicode.Scalar] = (0x20...0x7E).compactMap(Unicode.Scalar.init)
        for value in UInt32(0x80)...0xFFFF where BibTeXText.isStable(value) {
            guard let scalar = Unicode.Scalar(value) else { continue }
            stable.append(scalar)
        }
        #expect(stable.filter { $0.properties.canonicalCombiningClass != .notReordered }.isEmpty)
        var pairs = String.UnicodeScalarView()
        for first in stable {
            for second in stable {
                pairs.append(first)
                pairs.append(second)
            }
        }
        let text = String(pairs)
        #expect(text.precomposedStringWithCanonicalMapping == text)
        #expect(BibTeXText.isComposed(text))
        #expect(!BibTeXText.isComposed("e\u{301}") && !BibTeXText.isComposed("\u{212B}") && !BibTeXText.isComposed(String(decoding: [0xC3], as: UTF8.self)))

        // Accents in every written form, on every letter, beside text that needs composing.
        let accents = ["\\\"", "\\'", "\\`", "\\^", "\\~", "\\=", "\\.", "\\u", "\\v", "\\H", "\\c", "\\k", "\\r", "\\b", "\\d", "\\t"]
        var random = SeededGenerator(seed: 22)
        func next() -> Int { Int(truncatingIfNeeded: random.next() >> 33) }
        let letters = "aAeEiIoOuUyYnNcCsSzZgGkKhHwWxq".map(String.init) + ["\\i", "\\j", "{}", "\u{1100}", "\u{212B}"]
        let tails = ["", "\u{301}", "\u{308}", " Müller", "\u{1161}", "—", "\u{2000}", "ǅ"]
        for accent in accents {
            for letter in letters {
                for form in ["{\(accent){\(letter)}}", "\(accent){\(letter)}", "\(accent) \(letter)", "{\(accent)\(accent){\(letter)}}"] {
                    let value = form + tails[next() % tails.count]
                    let decoded = BibTeXText.decode(value).text
                    #expect(decoded == decoded.precomposedStringWithCanonicalMapping, "decode \(value.debugDescription)")
                }
            }
        }
        #expect(BibTeXText.decode("M{\\\"u}ller").text == "Müller")
        #expect(BibTeXText.decode("\\'{\\i}\\v{s}").text == "íš")
    }
}

/// The code the byte-level versions replaced, as it was.
private enum BibliographyReference {
    /// The pairs of braces as `BraceMatching.pairs` found them: the closing offset by the opening one.
    static func bracePairs(_ bytes: [UInt8]) -> [Int: Int] {
        var pairs: [Int: Int] = [:]
        var open: [Int] = []
        for (offset, byte) in bytes.enumerated() {
            if byte == UInt8(ascii: "{") {
                open.append(offset)
            } else if byte == UInt8(ascii: "}"), let start = open.popLast() {
                pairs[start] = offset
            }
        }
        return pairs
    }

    static func categoryTokens(_ path: String) -> String {
        var tokens: [String] = []
        var current: String? = path
        while let category = current {
            tokens.insert(CategoryPath.token(of: category), at: 0)
            current = CategoryPath.parent(of: category)
        }
        return tokens.joined(separator: " ")
    }

    static let particles: Set<String> = ["van", "von", "der", "den", "de", "del", "della", "di", "da", "dos", "du", "la", "le", "ter", "ten"]
    static let suffixes: Set<String> = ["Jr", "Jr.", "Sr", "Sr.", "II", "III", "IV"]

    static func personName(_ name: String) -> (given: String, particle: String?, family: String, suffix: String?)? {
        var sections = name.utf8.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
            .map { $0.split(separator: UInt8(ascii: " ")).map { String(decoding: $0, as: UTF8.self) } }
        if sections.count == 2, sections[1].count == 1, suffixes.contains(sections[1][0]), sections[0].count > 1 {
            sections = [sections[0] + sections[1]]
        }
        switch sections.count {
        case 1:
            var words = sections[0]
            var suffix: String?
            if words.count > 2, let last = words.last, suffixes.contains(last) {
                suffix = last
                words.removeLast()
            }
            guard words.count > 1 else { return nil }
            var start = words.count - 1
            while start > 1, particles.contains(words[start - 1]) { start -= 1 }
            return (words[..<start].joined(separator: " "), start < words.count - 1 ? words[start..<(words.count - 1)].joined(separator: " ") : nil,
                    words[words.count - 1], suffix)
        case 2, 3:
            guard !sections.contains(where: \.isEmpty) else { return nil }
            var familyWords = sections[0]
            var particleWords: [String] = []
            while familyWords.count > 1, let first = familyWords.first, particles.contains(first) { particleWords.append(familyWords.removeFirst()) }
            return (sections[sections.count - 1].joined(separator: " "), particleWords.isEmpty ? nil : particleWords.joined(separator: " "),
                    familyWords.joined(separator: " "), sections.count == 3 ? sections[1].joined(separator: " ") : nil)
        default:
            return nil
        }
    }

    static let bodyWords: Set<String> = ["collaboration", "consortium", "foundation", "team", "group", "project", "initiative",
                                         "community", "organization", "organisation", "institute", "university", "laboratory", "collective", "editors"]

    static func isBody(_ name: String) -> Bool {
        name.utf8.split(whereSeparator: { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "-") }).contains { word in
            bodyWords.contains(String(decoding: word, as: UTF8.self).lowercased())
        }
    }

    static func holdsAnd(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard bytes.count >= 5 else { return false }
        for index in 0..<(bytes.count - 4) where bytes[index] == 0x20 && bytes[index + 4] == 0x20 {
            if bytes[index + 1] | 0x20 == UInt8(ascii: "a"), bytes[index + 2] | 0x20 == UInt8(ascii: "n"), bytes[index + 3] | 0x20 == UInt8(ascii: "d") { return true }
        }
        return false
    }

    static func suggest(_ value: String) -> String {
        var result = ""
        var pendingHyphen = false
        for scalar in value.lowercased().unicodeScalars {
            if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                if pendingHyphen, !result.isEmpty { result.append("-") }
                pendingHyphen = false
                result.unicodeScalars.append(scalar)
            } else {
                pendingHyphen = true
            }
        }
        return result
    }

    static func pageID(_ key: String) -> String {
        var id = ""
        for scalar in key.lowercased().unicodeScalars {
            if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                id.unicodeScalars.append(scalar)
            } else if !id.isEmpty, !id.hasSuffix("-") {
                id += "-"
            }
        }
        while id.hasSuffix("-") { id.removeLast() }
        return id.isEmpty ? "entry" : id
    }

    static func percentEncoded(_ text: String) -> String {
        let keeping = Set(":/;=()[]@!$&'*+,".utf8)
        var result = ""
        for byte in text.utf8 {
            let isUnreserved = (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "~")
            if isUnreserved || keeping.contains(byte) {
                result.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                let hex = Array("0123456789ABCDEF".utf8)
                result += "%"
                result.unicodeScalars.append(Unicode.Scalar(hex[Int(byte >> 4)]))
                result.unicodeScalars.append(Unicode.Scalar(hex[Int(byte & 0x0F)]))
            }
        }
        return result
    }

    static func shortened(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace {
                pendingSpace = !scalars.isEmpty
            } else {
                if pendingSpace { scalars.append(" ") }
                pendingSpace = false
                scalars.append(scalar)
            }
        }
        let folded = String(scalars)
        guard folded.count > BibliographyPages.summaryLength else { return folded }
        let cut = folded.prefix(BibliographyPages.summaryLength)
        let end = cut.lastIndex(of: " ") ?? cut.endIndex
        return String(cut[..<end]).trimmingCharacters(in: CharacterSet(charactersIn: ",;:")) + "…"
    }
}
