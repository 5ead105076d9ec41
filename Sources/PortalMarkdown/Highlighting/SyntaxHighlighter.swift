/// Turns source code into HTML with classed spans, for fenced code blocks.
///
/// The output is the input text, HTML-escaped (`&` `<` `>` `"` `'` become `&amp;` `&lt;` `&gt;`
/// `&quot;` `&#39;`), with `<span class="hl-…">` elements around recognised tokens. Removing the
/// span tags and unescaping gives back the input exactly. A span never contains a line break
/// (`\n` or `\r`): a token that covers several lines is closed before each line break and
/// reopened after it, so line-based styling works. Empty spans are never emitted.
///
/// The classes are short and stable, so that themes can rely on them:
///
/// | Class  | Meaning                                                              |
/// |--------|----------------------------------------------------------------------|
/// | `hl-k` | keyword, including built-in type names, booleans and null            |
/// | `hl-s` | string or character literal (also heredocs and YAML block scalars)   |
/// | `hl-c` | comment                                                              |
/// | `hl-n` | number                                                               |
/// | `hl-f` | name of a function being defined or called, or a builtin function    |
/// | `hl-t` | type name, decorator, attribute or preprocessor directive; TOML/INI section headers |
/// | `hl-v` | variable, such as a shell `$VAR`; YAML anchors and aliases           |
/// | `hl-p` | property name: a key in YAML, JSON, TOML or INI                      |
/// | `hl-o` | operator or structural punctuation                                   |
/// | `hl-a` | a line a diff adds (`+`, and `>` in the older format)                |
/// | `hl-d` | a line a diff deletes (`-`, and `<`)                                 |
///
/// A diff's other lines use the classes above: file headers (`diff`, `index`, `---`, `+++`, git's
/// extended headers) are `hl-t`, a hunk's `@@ -1,3 +1,4 @@` is `hl-k`, `\ No newline at end of file`
/// is `hl-c`, and context lines are plain. Added and deleted lines have classes of their own, not a
/// string's or a property's colour, so that a theme can style them as changes, and the `+` and `-`
/// stay in the text, so the change is never told by colour alone.
///
/// Each language family has a small hand-written scanner that runs in linear time over the
/// UTF-8 bytes without recursion, so large or malformed input (unterminated strings and comments,
/// long runs of quotes or backslashes) is safe. The scanners aim to be modest and correct rather
/// than exhaustive: anything they do not recognise stays plain text.
public enum SyntaxHighlighter {
    /// The languages it knows, with their aliases (`py`, `sh`, `c++`, `yml`, ...), lower-case.
    public static let languages: Set<String> = Set(aliases.keys)

    /// `code` as escaped HTML with `<span class="hl-…">` around tokens, or nil for a language it does not know.
    ///
    /// The language name is matched case-insensitively, ignoring surrounding whitespace. Plain text
    /// (`text`, `txt`, `log`, …) and what a program printed (`output`, `error`) are known languages
    /// with nothing to mark: their code comes back escaped, without spans.
    public static func highlight(_ code: String, language: String) -> String? {
        let name = language.trimmingWhitespace().lowercased()
        guard let family = aliases[name] else { return nil }
        var writer = HighlightWriter(source: Array(code.utf8))
        switch family {
        case .python: PythonScanner.scan(&writer)
        case .shell: ShellScanner.scan(&writer, range: 0..<writer.source.count)
        case .console: ShellScanner.scanSession(&writer)
        case .c: CFamilyScanner.scan(&writer, cpp: false)
        case .cpp: CFamilyScanner.scan(&writer, cpp: true)
        case .swift: SwiftScanner.scan(&writer)
        case .yaml: YAMLScanner.scan(&writer)
        case .json: JSONScanner.scan(&writer)
        case .toml: TOMLScanner.scan(&writer)
        case .ini: INIScanner.scan(&writer)
        case .dockerfile: DockerfileScanner.scan(&writer)
        case .cmake: CMakeScanner.scan(&writer)
        case .makefile: MakefileScanner.scan(&writer)
        case .diff: DiffScanner.scan(&writer)
        case .sql: SQLScanner.scan(&writer)
        case .julia: JuliaScanner.scan(&writer)
        case .fortran: FortranScanner.scan(&writer, fixedForm: false)
        case .fortranFixed: FortranScanner.scan(&writer, fixedForm: true)
        case .r: RScanner.scan(&writer)
        // Text, and what a program printed: escaped, with no spans.
        case .text, .output, .error: break
        }
        return writer.finish()
    }

    /// The scanner families; a family's raw value is the usual name of its language, except that
    /// both forms of Fortran are `fortran`.
    enum Family: String {
        case python, shell = "bash", console, c, cpp, swift, yaml, json, toml, ini
        case dockerfile, cmake, makefile, diff, sql, julia, fortran, fortranFixed = "fortran-fixed", r
        case text, output, error

        var usualName: String { self == .fortranFixed ? Family.fortran.rawValue : rawValue }
    }

    /// The usual name of a language the highlighter knows (`python` for `ipython3`, `text` for
    /// `txt`), or nil.
    public static func usualName(of language: String) -> String? {
        aliases[language.trimmingWhitespace().lowercased()]?.usualName
    }

    /// Every accepted language name, lower-case, and the scanner it selects.
    static let aliases: [String: Family] = [
        "python": .python, "py": .python, "python3": .python, "py3": .python, "ipython": .python, "ipython3": .python,
        "shell": .shell, "sh": .shell, "bash": .shell, "zsh": .shell, "ksh": .shell,
        "console": .console, "shell-session": .console, "shellsession": .console,
        "c": .c,
        "cpp": .cpp, "c++": .cpp, "cc": .cpp, "cxx": .cpp, "h": .cpp, "hpp": .cpp, "hh": .cpp, "hxx": .cpp,
        // ROOT's macros and its C++ interpreter, cling.
        "root": .cpp, "cling": .cpp,
        "swift": .swift,
        "yaml": .yaml, "yml": .yaml,
        "json": .json, "jsonc": .json,
        "toml": .toml,
        "ini": .ini,
        "dockerfile": .dockerfile, "docker": .dockerfile, "containerfile": .dockerfile,
        "cmake": .cmake,
        "makefile": .makefile, "make": .makefile, "mk": .makefile, "mak": .makefile,
        "diff": .diff, "patch": .diff, "udiff": .diff,
        "sql": .sql, "postgresql": .sql, "postgres": .sql, "psql": .sql, "mysql": .sql, "sqlite": .sql, "sqlite3": .sql, "plsql": .sql,
        "julia": .julia, "jl": .julia,
        "fortran": .fortran, "f90": .fortran, "f95": .fortran, "f03": .fortran, "f08": .fortran,
        // `.f` and `.for` files are fixed form, where a `C` or `*` in the first column starts a comment.
        "f": .fortranFixed, "f77": .fortranFixed, "for": .fortranFixed,
        "r": .r, "rscript": .r, "splus": .r,
        // Known, so that the page says what the block is, but with nothing to highlight.
        "text": .text, "txt": .text, "plaintext": .text, "plain": .text, "none": .text, "log": .text, "nohighlight": .text,
        "output": .output, "error": .error,
    ]
}

extension String {
    /// The string without leading and trailing spaces, tabs and line breaks.
    fileprivate func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}

/// A token class; the raw value is the suffix of the CSS class (`hl-k`, ...).
enum HLClass: UInt8 {
    case keyword = 0x6B   // k
    case string = 0x73    // s
    case comment = 0x63   // c
    case number = 0x6E    // n
    case function = 0x66  // f
    case type = 0x74      // t
    case variable = 0x76  // v
    case property = 0x70  // p
    case op = 0x6F        // o
    case added = 0x61     // a
    case deleted = 0x64   // d
}

/// Collects the HTML output. Scanners report tokens in order with `token(_:_:_:)`; the text between
/// tokens is written as plain escaped text, so every input byte is written exactly once whatever
/// the scanner does. Adjacent tokens of the same class are merged into one span.
struct HighlightWriter {
    /// The input, as UTF-8.
    let source: [UInt8]
    /// The HTML so far.
    private var output: [UInt8] = []
    /// The first input byte not written to `output` yet.
    private var written = 0
    /// The last token reported, not written yet, so that a following token of the same class can extend it.
    private var pending: (hl: HLClass, start: Int, end: Int)?

    init(source: [UInt8]) {
        self.source = source
        output.reserveCapacity(source.count + source.count / 2 + 16)
    }

    /// The first input byte not covered by a token or written yet.
    var position: Int { pending?.end ?? written }

    /// Reports the bytes `start..<end` as a token of class `hl`; the bytes before it since the last
    /// token are plain text. Bytes already reported are skipped, so overlapping or empty ranges are harmless.
    mutating func token(_ hl: HLClass, _ start: Int, _ end: Int) {
        let end = min(end, source.count)
        let start = max(min(start, end), position)
        guard end > start else { return }
        if let last = pending {
            if last.hl == hl && last.end == start {
                pending = (hl, last.start, end)
                return
            }
            flushPending()
        }
        pending = (hl, start, end)
    }

    private mutating func flushPending() {
        guard let token = pending else { return }
        pending = nil
        let (hl, start, end) = (token.hl, token.start, token.end)
        writePlain(upTo: start)
        var segment = start
        var index = start
        while index < end {
            let byte = source[index]
            if byte == 0x0A || byte == 0x0D {
                writeSpan(hl, segment, index)
                output.append(byte)
                segment = index + 1
            }
            index += 1
        }
        writeSpan(hl, segment, end)
        written = end
    }

    /// Writes the rest of the input as plain text and returns the HTML.
    mutating func finish() -> String {
        flushPending()
        writePlain(upTo: source.count)
        return String(decoding: output, as: UTF8.self)
    }

    private mutating func writePlain(upTo end: Int) {
        guard end > written else { return }
        writeEscaped(written, end)
        written = end
    }

    private mutating func writeSpan(_ hl: HLClass, _ start: Int, _ end: Int) {
        guard end > start else { return }
        output.append(contentsOf: HighlightWriter.spanOpen)
        output.append(hl.rawValue)
        output.append(0x22)  // "
        output.append(0x3E)  // >
        writeEscaped(start, end)
        output.append(contentsOf: HighlightWriter.spanClose)
    }

    private mutating func writeEscaped(_ start: Int, _ end: Int) {
        for index in start..<end {
            let byte = source[index]
            switch byte {
            case 0x26: output.append(contentsOf: HighlightWriter.amp)
            case 0x3C: output.append(contentsOf: HighlightWriter.lt)
            case 0x3E: output.append(contentsOf: HighlightWriter.gt)
            case 0x22: output.append(contentsOf: HighlightWriter.quot)
            case 0x27: output.append(contentsOf: HighlightWriter.apos)
            default: output.append(byte)
            }
        }
    }

    private static let spanOpen = Array("<span class=\"hl-".utf8)
    private static let spanClose = Array("</span>".utf8)
    private static let amp = Array("&amp;".utf8)
    private static let lt = Array("&lt;".utf8)
    private static let gt = Array("&gt;".utf8)
    private static let quot = Array("&quot;".utf8)
    private static let apos = Array("&#39;".utf8)
}

/// Byte tests and small scanning helpers shared by the language scanners.
enum HLScan {
    static let newline: UInt8 = 0x0A
    static let backslash: UInt8 = 0x5C
    static let doubleQuote: UInt8 = 0x22
    static let singleQuote: UInt8 = 0x27
    static let hash: UInt8 = 0x23

    /// A letter, `_`, or any non-ASCII byte (so identifiers keep multi-byte characters whole).
    @inline(__always) static func isIdentStart(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || b == 0x5F || b >= 0x80
    }

    @inline(__always) static func isIdentChar(_ b: UInt8) -> Bool {
        isIdentStart(b) || isDigit(b)
    }

    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    @inline(__always) static func isUpper(_ b: UInt8) -> Bool { b >= 0x41 && b <= 0x5A }

    /// Space or tab.
    @inline(__always) static func isBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }

    /// Space, tab, line feed, carriage return, form feed or vertical tab.
    @inline(__always) static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || (b >= 0x09 && b <= 0x0D) }

    /// Whether `b` starts an operator in C-like languages.
    @inline(__always) static func isOperator(_ b: UInt8) -> Bool {
        switch b {
        case 0x2B, 0x2D, 0x2A, 0x2F, 0x25, 0x3D, 0x3C, 0x3E, 0x21, 0x26, 0x7C, 0x5E, 0x7E, 0x3F: return true
        default: return false
        }
    }

    /// The end of the run of bytes from `start` that satisfy `test`.
    @inline(__always) static func skip(_ s: [UInt8], from start: Int, while test: (UInt8) -> Bool) -> Int {
        var i = start
        while i < s.count && test(s[i]) { i += 1 }
        return i
    }

    /// The index after the backslash at `i` and the character it escapes (kept whole), except that
    /// a line feed after the backslash is not skipped.
    static func escapeEnd(_ s: [UInt8], _ i: Int) -> Int {
        var k = i + 1
        guard k < s.count, s[k] != newline else { return k }
        k += 1
        while k < s.count && s[k] & 0xC0 == 0x80 { k += 1 }
        return k
    }

    /// The index of the next line feed at or after `start`, or the end of the input.
    static func lineEnd(_ s: [UInt8], from start: Int) -> Int {
        skip(s, from: start) { $0 != newline }
    }

    /// Whether the line ending at `lineEnd` ends with a `\` that continues it (blanks and a carriage return may follow).
    static func continues(_ s: [UInt8], lineEnd: Int) -> Bool {
        var k = lineEnd - 1
        while k >= 0 && (isBlank(s[k]) || s[k] == 0x0D) { k -= 1 }
        return k >= 0 && s[k] == backslash
    }

    /// The bytes `start..<end` as a string, if short enough to be a keyword.
    @inline(__always) static func word(_ s: [UInt8], _ start: Int, _ end: Int) -> String? {
        guard end - start <= 24 else { return nil }
        return String(decoding: s[start..<end], as: UTF8.self)
    }

    /// Whether the bytes at `index` are exactly `literal`.
    static func matches(_ s: [UInt8], at index: Int, _ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard index >= 0, index + count <= s.count else { return false }
        return literal.withUTF8Buffer { buffer in
            var k = 0
            while k < count {
                if s[index + k] != buffer[k] { return false }
                k += 1
            }
            return true
        }
    }

    /// The end of a number literal starting at `start` (a digit, or `.` before a digit): digits,
    /// letters, `_`, a `.` followed by a digit or ending the number, a sign after an exponent, and
    /// (when `quoteSeparators`) C++14 `'` digit separators.
    static func numberEnd(_ s: [UInt8], from start: Int, quoteSeparators: Bool = false) -> Int {
        var i = start
        let isHex = i + 1 < s.count && s[i] == 0x30 && (s[i + 1] | 0x20) == 0x78
        while i < s.count {
            let b = s[i]
            if isIdentChar(b) && b < 0x80 {
                i += 1
            } else if b == 0x2E {
                let next: UInt8 = i + 1 < s.count ? s[i + 1] : 0
                if isDigit(next) || (next != 0x2E && !isIdentStart(next) && i > start && isDigit(s[i - 1])) {
                    i += 1
                } else {
                    break
                }
            } else if (b == 0x2B || b == 0x2D) && i > start {
                let previous = s[i - 1] | 0x20
                if (previous == 0x65 && !isHex) || (previous == 0x70 && isHex) {
                    i += 1
                } else {
                    break
                }
            } else if quoteSeparators && b == singleQuote && i + 1 < s.count && isIdentChar(s[i + 1]) && s[i + 1] < 0x80 {
                i += 1
            } else {
                break
            }
        }
        return i
    }

    /// The end of a quoted string whose opening quote is at `start`: just past the matching `quote`,
    /// with `\` escaping the next byte. An unescaped line feed ends an unterminated string before it.
    static func quotedEnd(_ s: [UInt8], from start: Int, quote: UInt8, multiline: Bool = false, escapes: Bool = true) -> Int {
        var i = start + 1
        while i < s.count {
            let b = s[i]
            if b == quote { return i + 1 }
            if b == backslash && escapes {
                i += 2
                continue
            }
            if b == newline && !multiline { return i }
            i += 1
        }
        return s.count
    }

    /// The end of a string delimited by three `quote` bytes whose opening is at `start`: just past
    /// the closing triple, with `\` escaping the next byte, or the end of the input.
    static func tripleQuotedEnd(_ s: [UInt8], from start: Int, quote: UInt8) -> Int {
        var i = start + 3
        while i < s.count {
            let b = s[i]
            if b == backslash {
                i += 2
                continue
            }
            if b == quote && i + 2 < s.count && s[i + 1] == quote && s[i + 2] == quote {
                return i + 3
            }
            i += 1
        }
        return s.count
    }
}
