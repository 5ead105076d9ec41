/// What a fenced code block's info string says: its language, and whether its lines are numbered,
/// from which number, and which lines are highlighted.
///
/// The options are read in the spellings of the generators lessons come from: Hugo's
/// `{linenos=table,hl_lines=[8,"15-17"],linenostart=199}`, Zola's `rust,linenos,hl_lines=1 3-5`,
/// MkDocs' (pymdown's) `python linenums="1" hl_lines="2 3"`, Docusaurus' `{1,4-6}`, pandoc's
/// `{.python .numberLines startFrom="10"}`, Jekyll's `linenos` and `mark_lines="1 2"`; kramdown's
/// `{: .linenos}` after the block gives the same options (see `DocumentWalk.applyCodeAttributes`).
/// Inside braces every word must be an option portal knows; outside them, words it does not know
/// are left alone, since info strings carry other tools' words too (```` ```python exec="on" ````).
/// Highlighted lines count from 1 at the block's first line, whatever number it starts at, as in
/// pymdown and Zola.
struct CodeBlockOptions: Equatable {
    /// A range of lines to highlight as written, counted from 1 (not checked against the block yet).
    struct LineRange: Equatable {
        var first: Int
        var last: Int
        /// The range as written (`3-5`), and the option that holds it, to point at it.
        var written: String
        var option: String
    }

    /// Something portal cannot read or apply, and the option as written.
    struct Problem: Equatable {
        var kind: String
        var message: String
        var fix: String
        /// The option as written, found on the fence's line to point at it.
        var written: String
    }

    /// The language, as written (`python`), or empty.
    var language = ""
    /// Whether the lines are numbered: nil when nothing says.
    var lineNumbers: Bool?
    /// The number of the first line, when an option gives it.
    var firstNumber: Int?
    var highlighted: [LineRange] = []
    var problems: [Problem] = []

    /// The largest first number portal takes: a block's numbers stay far from overflowing.
    static let largestFirstNumber = 1_000_000_000

    /// How many problems one block's options report: the first few say what to fix, and a list of
    /// thousands of bad ranges costs no more.
    static let problemLimit = 4

    /// Whether the block's lines are wrapped for numbers or highlights.
    var marksLines: Bool { numbersLines || !highlighted.isEmpty }

    /// Whether the lines are numbered: when an option says so, or gives a first number.
    var numbersLines: Bool { lineNumbers ?? (firstNumber != nil) }

    init() {}

    /// Reads `info`: the language is its first word (up to a space, `,` or `{`), unless it starts
    /// with `{`; options follow.
    init(info: String) {
        let bytes = Array(info.utf8)
        var i = 0
        while i < bytes.count && (bytes[i] == 0x20 || bytes[i] == 0x09) { i += 1 }
        let languageStart = i
        while i < bytes.count && !Self.isSeparator(bytes[i]) && bytes[i] != 0x7B { i += 1 }
        language = String(decoding: bytes[languageStart..<i], as: UTF8.self)
        readOptions(bytes, from: i)
    }

    /// Whether `b` separates options: a space, tab or comma.
    @inline(__always) private static func isSeparator(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x2C }

    /// Reads the options in `bytes` from `start`: inside braces strictly, outside them leniently.
    private mutating func readOptions(_ bytes: [UInt8], from start: Int) {
        var i = start
        /// Whether the options are in braces, where each must be one portal knows.
        var strict = false
        /// Whether the next option is the first in its braces.
        var firstInBraces = false
        /// Whether bare line numbers continue the last option's list (Zola's `hl_lines=1 3-5`).
        var continuesLines: String?
        while i < bytes.count {
            let b = bytes[i]
            if Self.isSeparator(b) {
                i += 1
                continue
            }
            if b == 0x7B || b == 0x7D {
                strict = b == 0x7B
                firstInBraces = strict
                continuesLines = nil
                i += 1
                continue
            }
            let isFirstInBraces = firstInBraces
            firstInBraces = false
            let tokenStart = i
            var keyEnd = i
            if b == 0x2E || b == 0x23 { keyEnd += 1 }
            while keyEnd < bytes.count && Self.isNameByte(bytes[keyEnd]) { keyEnd += 1 }
            var valueEnd = keyEnd
            var value: String?
            if keyEnd < bytes.count && bytes[keyEnd] == 0x3D && keyEnd > tokenStart {
                (value, valueEnd) = Self.value(bytes, from: keyEnd + 1)
            } else if keyEnd == tokenStart {
                // Not a name: read to the next separator, to report it whole.
                while valueEnd < bytes.count && !Self.isSeparator(bytes[valueEnd]) && bytes[valueEnd] != 0x7D { valueEnd += 1 }
            }
            i = max(valueEnd, tokenStart + 1)
            let key = String(decoding: bytes[tokenStart..<keyEnd], as: UTF8.self)
            let written = String(decoding: bytes[tokenStart..<i], as: UTF8.self)
            if value == nil, Self.isLineList(key) && keyEnd == i, strict || continuesLines != nil {
                // Docusaurus' `{1,4-6}`, or the rest of an unquoted list.
                readLines(key, option: continuesLines ?? written)
                continue
            }
            continuesLines = nil
            let applied = apply(key: key, value: value, written: written)
            if !applied && strict && value == nil && language.isEmpty && isFirstInBraces && key.first?.isLetter == true {
                // R Markdown's and Quarto's chunks (```{r}, ```{python echo=FALSE}) and MyST's directives
                // (```{note}): the first word is the language, and the other options are theirs.
                language = key
                strict = false
            } else if !applied && strict && value == nil && language.isEmpty && key.hasPrefix(".") && key.count > 1 {
                // Pandoc's `{.python .numberLines}`: the first class that is no option is the language.
                language = String(key.dropFirst())
            } else if !applied && strict {
                report(Problem(kind: "code.unknown-option", message: "portal does not know the code block option \(written), and leaves it out",
                               fix: "remove it: a code block takes linenos, linenostart=N and hl_lines=\"3-5 8\"", written: written))
            } else if let value, ["hl_lines", "mark_lines"].contains(key.lowercased()), !value.hasPrefix("\""), !value.hasPrefix("'"), !value.hasPrefix("[") {
                continuesLines = written
            }
        }
    }

    /// Whether `name` is an option a code block takes (`linenos`, `hl_lines`, …).
    static func isOption(_ name: String) -> Bool {
        ["linenos", "linenostart", "startfrom", "linenums", "hl_lines", "mark_lines", "highlight_lines"].contains(name.lowercased())
    }

    /// Applies one option, from the fence or from a kramdown attribute list; false when portal does not know it.
    @discardableResult
    mutating func apply(key: String, value: String?, written: String) -> Bool {
        switch key.lowercased() {
        case "linenos", ".linenos", ".numberlines", ".number-lines", ".line-numbers":
            guard let value else {
                lineNumbers = true
                return true
            }
            switch Self.unquoted(value).lowercased() {
            case "true", "yes", "on", "1", "table", "inline", "": lineNumbers = true
            case "false", "no", "off", "0", "none": lineNumbers = false
            default:
                report(Problem(kind: "code.bad-option", message: "portal cannot read linenos=\(value)",
                               fix: "write linenos, or linenos=false to leave the numbers out", written: written))
            }
        case "linenostart", "startfrom", "linenums":
            let text = Self.unquoted(value ?? "")
            if key.lowercased() == "linenums", ["true", "false"].contains(text.lowercased()) {
                lineNumbers = text.lowercased() == "true"
            } else if let number = Int(text), number >= 0, number <= Self.largestFirstNumber {
                firstNumber = number
                if key.lowercased() == "linenums" { lineNumbers = true }
            } else {
                report(Problem(kind: "code.bad-option", message: "portal cannot read \(written): the first line's number must be a whole number from 0 to \(Self.largestFirstNumber)",
                               fix: "write \(key)=1, or another number", written: written))
            }
        case "hl_lines", "mark_lines", "highlight_lines":
            readLines(Self.unquoted(value ?? ""), option: written)
        default:
            return false
        }
        return true
    }

    private mutating func report(_ problem: Problem) {
        if problems.count < Self.problemLimit { problems.append(problem) }
    }

    /// Adds the line ranges of a list (`3-5 8`, `[8,"15-17"]`, `1 3-5`); items it cannot read are problems.
    private mutating func readLines(_ list: String, option: String) {
        let quoted = " in \(Self.shortened(option))"
        for item in list.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" || $0 == "[" || $0 == "]" || $0 == "\"" || $0 == "'" }) {
            let place = item == option ? "" : quoted
            let parts = item.split(separator: "-", omittingEmptySubsequences: false)
            let numbers = parts.map { part in part.count <= 18 && !part.isEmpty && part.allSatisfy(\.isASCIIDigit) ? Int(part) : nil }
            guard parts.count <= 2, let first = numbers.first ?? nil, let last = numbers.last ?? nil else {
                report(Problem(kind: "code.bad-lines", message: "portal cannot read the line range \(item)\(place)",
                               fix: "write line numbers and ranges, such as hl_lines=\"3-5 8\"", written: option))
                continue
            }
            guard first >= 1 else {
                report(Problem(kind: "code.bad-lines", message: "the lines of a code block are counted from 1, so \(item)\(place) is no line",
                               fix: "number the block's first line 1", written: option))
                continue
            }
            guard first <= last else {
                report(Problem(kind: "code.bad-lines", message: "the line range \(item)\(place) runs backwards",
                               fix: "write it as \(last)-\(first)", written: option))
                continue
            }
            highlighted.append(LineRange(first: first, last: last, written: String(item), option: option))
        }
    }

    /// `option` as a message quotes it: whole, or its first characters when it is long.
    static func shortened(_ option: String) -> String {
        option.count <= 40 ? option : option.prefix(36) + "…"
    }

    /// Whether `word` is a line number or range alone (`4`, `4-6`).
    private static func isLineList(_ word: String) -> Bool {
        !word.isEmpty && word.first?.isASCIIDigit == true && word.allSatisfy { $0.isASCIIDigit || $0 == "-" }
    }

    /// Whether `b` can be part of an option's name (and of a bare line range).
    @inline(__always) private static func isNameByte(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || b == 0x5F || b == 0x2D
    }

    /// The value after `=` at `start`: quoted, a `[…]` list, or bare up to a separator or `}`; and where it ends.
    private static func value(_ bytes: [UInt8], from start: Int) -> (String, Int) {
        var end = start
        if start < bytes.count, bytes[start] == 0x22 || bytes[start] == 0x27 || bytes[start] == 0x5B {
            let close: UInt8 = bytes[start] == 0x5B ? 0x5D : bytes[start]
            end += 1
            while end < bytes.count && bytes[end] != close { end += 1 }
            end = min(end + 1, bytes.count)
        } else {
            while end < bytes.count && !isSeparator(bytes[end]) && bytes[end] != 0x7D { end += 1 }
        }
        return (String(decoding: bytes[start..<end], as: UTF8.self), end)
    }

    /// `value` without the quotes around it.
    private static func unquoted(_ value: String) -> String {
        guard value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first else { return value }
        return String(value.dropFirst().dropLast())
    }

    /// `info` with its language replaced by `language`, its options kept (kramdown's `{: .language-python}`).
    static func replacingLanguage(in info: String, with language: String) -> String {
        let current = CodeBlockOptions(info: info).language
        var rest = Substring(info).drop { $0 == " " || $0 == "\t" }
        if !current.isEmpty { rest = rest.dropFirst(current.count) }
        guard let first = rest.first, first != " ", first != "\t", first != "," else { return language + rest }
        return language + " " + rest
    }
}

extension Character {
    /// Whether the character is an ASCII digit, `0` to `9`.
    fileprivate var isASCIIDigit: Bool { self >= "0" && self <= "9" }
}
