import Foundation
@testable import PortalCore
import PortalTestSupport
import Testing

/// The byte-level string code must answer exactly as the Foundation and Character-based code it
/// replaced: each test compares it with that code (kept here as the reference) on tricky text.
@Suite("Byte-level text helpers")
struct ByteLevelTextTests {
    /// Pieces that trip byte-level code: combining marks after ASCII, canonical singletons (Kelvin sign,
    /// Greek question mark), CRLF, line separators, escapes, sentinels, emoji and joiners.
    static let pieces = [
        "a", "K", "-", "--", "&", "&lt;", "&#60;", ";", "#", " #", ": ", ":", "\\", "<", ">", "\"", "'", "\n", "\r", "\r\n", "\t", "\u{1}",
        "\u{301}", "é", "e\u{301}", "\u{212A}", "\u{37E}", "\u{1FEF}", "`", "\u{2028}", "\u{2029}", "\u{85}", "\u{FEFF}", "\u{7F}",
        " ", "/", ".", "..", "%", "%20", "index.html", "[", "]", "_", "*", "~", "\u{200D}", "\u{FE0F}", "😀", "ü", "x",
    ]

    /// Deterministic strings of 0 to 7 pieces.
    static let samples: [String] = {
        var random = SeededGenerator(seed: 2026)
        func next() -> Int { Int(truncatingIfNeeded: random.next() >> 33) }
        var samples = ["", "aaa", "aaaa", "-\u{301}", "a-\u{301}b-c", "\u{212A}", "\u{37E}x", "\r\n", "index.html\u{301}", "a: \u{301}b", "x #\u{301}"]
        for _ in 0..<3000 {
            samples.append((0..<(next() % 8)).map { _ in pieces[next() % pieces.count] }.joined())
        }
        return samples
    }()

    static let needles = ["-", "aa", "a", "&", "\"", "<", ": ", " #", "\\", "%", "/", "index.html", "\n", "\r", ";", "K", "`", "--"]

    @Test("TextSearch answers as Foundation's contains, range(of:) and replacingOccurrences")
    func textSearchMatchesFoundation() {
        for text in Self.samples {
            for needle in Self.needles {
                #expect(TextSearch.contains(needle, in: text) == (text.range(of: needle) != nil), "contains \(needle.debugDescription) in \(text.debugDescription)")
                #expect(TextSearch.range(of: needle, in: text) == text.range(of: needle), "range of \(needle.debugDescription) in \(text.debugDescription)")
                let replaced = TextSearch.replacing(needle, with: "_x_", in: text)
                #expect(Array(replaced.utf8) == Array(text.replacingOccurrences(of: needle, with: "_x_").utf8),
                        "replacing \(needle.debugDescription) in \(text.debugDescription)")
            }
        }
        #expect(TextSearch.replacing("aa", with: "b", in: "aaaaa") == "bba")
        #expect(TextSearch.replacing("-", with: "_", in: "") == "")
        #expect(TextSearch.replacing("-", with: "_", in: "a-\u{301}b-c") == "a-\u{301}b_c")
    }

    @Test("Only ';', '`' and 'K' are canonically equal to a single other scalar (TextSearch relies on it)")
    func asciiSingletons() {
        var targets: Set<Character> = []
        for value in 0x80...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let decomposed = String(scalar).decomposedStringWithCanonicalMapping
            if decomposed.unicodeScalars.count == 1, let only = decomposed.unicodeScalars.first, only.isASCII {
                targets.insert(Character(only))
            }
        }
        #expect(targets == [";", "`", "K"])
    }

    @Test("Markdown escaping on bytes writes what the scalar version wrote")
    func markdownEscaping() {
        for text in Self.samples {
            #expect(MarkdownEscaping.inline(text) == Reference.inline(text), "inline \(text.debugDescription)")
            #expect(MarkdownEscaping.yamlScalar(text) == Reference.yamlScalar(text), "yamlScalar \(text.debugDescription)")
        }
        #expect(MarkdownEscaping.inline("a &amp; b & c &#60; [x]\r\n") == "a \\&amp; b & c \\&#60; \\[x\\]  ")
    }

    @Test("JSON strings escaped on bytes match the scalar version")
    func jsonStrings() {
        for text in Self.samples {
            #expect(Array(JSONValue.string(text).text.utf8) == Array(Reference.json(text).utf8), "json \(text.debugDescription)")
        }
        #expect(JSONValue.string("<\u{2028}\u{1}>–").text == "\"\\u003c\\u2028\\u0001\\u003e–\"")
    }

    @Test("Paths, schemes and ids on bytes answer as on Characters")
    func pathsSchemesAndIDs() {
        for text in Self.samples {
            #expect(WebAddress.isExternal(text) == Reference.isExternal(text), "isExternal \(text.debugDescription)")
            #expect(PageID.isValid(text) == Reference.isValidID(text), "isValid \(text.debugDescription)")
            for base in ["", "tutorials", "a/b", "é/x"] {
                #expect(SitePath.resolve(text, against: base) == Reference.resolve(text, against: base), "resolve \(text.debugDescription)")
            }
        }
        #expect(WebAddress.isExternal("ab:\u{301}x:y") == false)
        #expect(SitePath.relativeURL(from: "a/b/", to: "c/index.html") == "../../c/index.html")
    }

    @Test("A path's folder is found on the bytes as on Characters, and at a slash a combining mark follows, as the file system reads it")
    func pathFolders() {
        for text in Self.samples {
            let characterSlashes = text.filter { $0 == "/" }.count
            let scalarSlashes = text.unicodeScalars.filter { $0 == "/" }.count
            guard characterSlashes == scalarSlashes else { continue }
            let folder = text.lastIndex(of: "/").map { String(text[..<$0]) } ?? ""
            #expect(SitePath.directory(of: text) == folder, "directory \(text.debugDescription)")
        }
        #expect(SitePath.directory(of: "tutorials/ünïcode/index.md") == "tutorials/ünïcode")
        #expect(SitePath.directory(of: "index.md") == "")
        #expect(SitePath.directory(of: "a/\u{301}b/c\u{301}") == "a/\u{301}b")
        #expect(SitePath.directory(of: "a/b/\u{301}c") == "a/b")
    }

    @Test("The front-matter's closing line is found on the bytes as on Characters")
    func closingLine() {
        for sample in Self.samples where !sample.utf8.contains(0x0D) {
            for text in ["---\ntitle: x\n\(sample)\n--- \t\nBody", "---\n\(sample)", "---\n\(sample)\n...\n", "---\na\n---\(sample)\n---"] {
                let source = SourceText(displayPath: "x.md", text: text)
                let split = try? FrontMatterSplitter.split(text, source: source).get()
                let expected = Reference.closingLine(text)
                #expect(split.map { [$0.yaml, String($0.body), String($0.bodyFirstLine)] } == expected, "split \(text.debugDescription)")
            }
        }
        #expect(WebAddress.isExternal("mailto:x@y.org"))
    }

    @Test("{tableofcontents} and {toctree} are found on the bytes as by searching the text, in a slice of a larger text too")
    func contentsMention() {
        let words = ["{tableofcontents}", "{toctree}", "{tableofcontents", "{toc}", "{t", "{", "{{toctree}", "$x_{t}$", "\\frac{1}{2}"]
        var random = SeededGenerator(seed: 14)
        func next() -> Int { Int(truncatingIfNeeded: random.next() >> 33) }
        for sample in Self.samples.prefix(600) {
            let text = (0..<(next() % 4)).map { _ in words[next() % words.count] }.joined(separator: sample) + sample
            // Compared as bytes: a combining mark after `}` makes one Character of them.
            let bytes = Array(text.utf8)
            func holds(_ word: String) -> Bool {
                let pattern = Array(word.utf8)
                return bytes.count >= pattern.count && (0...(bytes.count - pattern.count)).contains { Array(bytes[$0..<($0 + pattern.count)]) == pattern }
            }
            let expected = holds("{tableofcontents}") || holds("{toctree}")
            #expect(MarkdownStage.mentionsContents(Substring(text)) == expected, "\(text.debugDescription)")
            let framed = "{toctree}" + text + "{tableofcontents}"
            let utf8 = framed.utf8
            let slice = Substring(utf8[utf8.index(utf8.startIndex, offsetBy: 9)..<utf8.index(utf8.endIndex, offsetBy: -17)])
            #expect(slice.utf8.count == bytes.count)
            #expect(MarkdownStage.mentionsContents(slice) == expected, "slice \(text.debugDescription)")
        }
    }

    @Test("A body's line breaks are counted on its bytes as on its text, in a slice of a larger text too")
    func lineBreakCount() {
        var random = SeededGenerator(seed: 15)
        for sample in Self.samples.prefix(600) {
            let text = sample + String(repeating: "\n", count: Int(truncatingIfNeeded: random.next() >> 61)) + sample
            let expected = text.utf8.filter { $0 == 0x0A }.count
            #expect(MarkdownStage.lineCount(of: Substring(text)) == expected, "\(text.debugDescription)")
            let framed = "\n\n" + text + "\n"
            let utf8 = framed.utf8
            let slice = Substring(utf8[utf8.index(utf8.startIndex, offsetBy: 2)..<utf8.index(utf8.endIndex, offsetBy: -1)])
            #expect(MarkdownStage.lineCount(of: slice) == expected, "slice \(text.debugDescription)")
        }
    }
}

/// The code the byte-level versions replaced, as it was.
private enum Reference {
    static let special: Set<UInt8> = Set("\\`*_[]<~".utf8)

    static func inline(_ text: String) -> String {
        guard text.utf8.contains(where: { special.contains($0) || $0 == 0x0A || $0 == 0x0D || $0 == 0x26 }) else { return text }
        var output = ""
        let scalars = Array(text.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            if scalar == "\n" || scalar == "\r" {
                output += " "
            } else {
                if scalar.isASCII, special.contains(UInt8(scalar.value)) || (scalar == "&" && startsReference(scalars[(index + 1)...])) {
                    output += "\\"
                }
                output.unicodeScalars.append(scalar)
            }
        }
        return output
    }

    static func startsReference(_ rest: ArraySlice<Unicode.Scalar>) -> Bool {
        let name = rest.prefix { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "#") }
        return !name.isEmpty && rest.dropFirst(name.count).first == ";"
    }

    static func yamlScalar(_ value: String) -> String {
        let yamlSpecial = value.range(of: ": ") != nil || value.range(of: " #") != nil || value.hasPrefix("'") || value.hasPrefix("\"")
            || value.first.map { "!&*?|>%@`{}[]-,#".contains($0) } == true || value.last == ":" || value.hasSuffix(" ")
        let markdownSpecial = value.utf8.contains { $0 == 0x3C || $0 == 0x5B || $0 == 0x5D || $0 == 0x60 || $0 == 0x5C || $0 < 0x20 || $0 == 0x7F }
            || value.unicodeScalars.contains { $0 == "\u{2028}" || $0 == "\u{2029}" || $0 == "\u{85}" || $0 == "\u{FEFF}" }
        guard yamlSpecial || markdownSpecial || value.isEmpty else { return value }
        var output = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": output += "\\\\"
            case "\"": output += "\\\""
            case "\n", "\r": output += " "
            case "<": output += "\\x3C"
            case "[": output += "\\x5B"
            case "]": output += "\\x5D"
            case "`": output += "\\x60"
            case "\u{2028}": output += "\\L"
            case "\u{2029}": output += "\\P"
            case "\u{85}": output += "\\N"
            case "\u{FEFF}": output += "\\uFEFF"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    output += "\\x" + (hex.count == 1 ? "0" + hex : hex)
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        return output + "\""
    }

    static func json(_ string: String) -> String {
        var output = "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "<": output += "\\u003c"
            case ">": output += "\\u003e"
            case "&": output += "\\u0026"
            case "\u{2028}": output += "\\u2028"
            case "\u{2029}": output += "\\u2029"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        return output + "\""
    }

    static func isExternal(_ destination: String) -> Bool {
        if destination.hasPrefix("//") { return true }
        guard let colon = destination.firstIndex(of: ":") else { return false }
        let scheme = destination[..<colon]
        guard let first = scheme.first, first.isASCII, first.isLetter else { return false }
        return scheme.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == ".") }
    }

    static func isValidID(_ value: String) -> Bool {
        guard !value.isEmpty, value.first != "-", value.last != "-", value.range(of: "--") == nil else { return false }
        return value.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 }
    }

    /// The old splitter's loop: the YAML, body and body line after a `---` first line, or nil.
    static func closingLine(_ text: String) -> [String]? {
        let yamlStart = text.index(text.startIndex, offsetBy: 4)
        var lineStart = yamlStart
        var lineNumber = 2
        while lineStart < text.endIndex {
            let lineEnd = text[lineStart...].firstIndex(of: "\n") ?? text.endIndex
            let line = text[lineStart..<lineEnd].trimmingTrailingSpaces()
            if line == "---" || line == "..." {
                let yaml = lineStart > yamlStart ? String(text[yamlStart..<text.index(before: lineStart)]) : ""
                let body = lineEnd < text.endIndex ? String(text[text.index(after: lineEnd)...]) : ""
                return [yaml, body, String(lineNumber + 1)]
            }
            guard lineEnd < text.endIndex else { break }
            lineStart = text.index(after: lineEnd)
            lineNumber += 1
        }
        return nil
    }

    static func resolve(_ relative: String, against base: String) -> String? {
        var parts = base.isEmpty ? [] : base.split(separator: "/").map(String.init)
        for part in relative.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..":
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
            default: parts.append(String(part))
            }
        }
        return parts.joined(separator: "/")
    }
}
