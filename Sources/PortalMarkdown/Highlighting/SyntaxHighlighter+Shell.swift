/// The shell scanner (POSIX sh, bash, zsh): keywords, `#` comments at the start of a word, single-
/// and double-quoted strings, `$'…'`, variables `$VAR` `${…}` `$1` `$?`, command substitution
/// `$(…)` and backquotes (scanned as commands, nested through an explicit stack), assignments
/// `NAME=value`, here-documents, and the operators `| & ; < >`.
enum ShellScanner {
    static let keywords: Set<String> = [
        "case", "do", "done", "elif", "else", "esac", "export", "fi", "for", "function", "if", "in",
        "local", "readonly", "return", "select", "then", "until", "while",
    ]

    /// Where the scanner is: in commands (at the top, inside `$(…)` with its count of open
    /// parentheses, or inside backquotes) or inside a double-quoted string.
    private enum Context: Equatable {
        case top
        case substitution(parens: Int)
        case backquote
        case doubleQuote
    }

    /// A here-document waiting for the end of its line.
    private struct HereDocument {
        var delimiter: [UInt8]
        var stripsTabs: Bool
    }

    /// Scans a shell session (`console`): lines starting with a prompt (`$ `, `% ` or `# `) are
    /// commands, continued by lines after a trailing `\`; other lines are program output and stay
    /// plain. Without any prompt line, the whole text is scanned as a script.
    static func scanSession(_ w: inout HighlightWriter) {
        let s = w.source
        let n = s.count
        var i = 0
        var sawPrompt = false
        while i < n {
            if isPrompt(s, at: i) {
                sawPrompt = true
                break
            }
            i = HLScan.lineEnd(s, from: i) + 1
        }
        guard sawPrompt else {
            scan(&w, range: 0..<n)
            return
        }
        i = 0
        while i < n {
            var end = HLScan.lineEnd(s, from: i)
            if isPrompt(s, at: i) {
                let commandStart = i + 2
                while end < n && end > commandStart && continues(s, lineEnd: end) {
                    end = HLScan.lineEnd(s, from: end + 1)
                }
                if commandStart < end { scan(&w, range: commandStart..<end) }
            }
            i = end + 1
        }
    }

    /// Whether a prompt starts the line at `i`.
    private static func isPrompt(_ s: [UInt8], at i: Int) -> Bool {
        guard i + 1 < s.count else { return false }
        return (s[i] == 0x24 || s[i] == 0x25 || s[i] == HLScan.hash) && s[i + 1] == 0x20
    }

    /// Whether the line ending at `lineEnd` (a line feed) ends with a `\` continuation.
    private static func continues(_ s: [UInt8], lineEnd: Int) -> Bool {
        var k = lineEnd - 1
        if k >= 0 && s[k] == 0x0D { k -= 1 }
        return k >= 0 && s[k] == HLScan.backslash
    }

    /// Whether `b` ends a word: a blank, line break or one of `; & | ( ) < >`.
    @inline(__always) private static func isDelimiter(_ b: UInt8) -> Bool {
        switch b {
        case 0x20, 0x09, 0x0A, 0x0D, 0x3B, 0x26, 0x7C, 0x28, 0x29, 0x3C, 0x3E: return true
        default: return false
        }
    }

    /// Whether `b` can be part of an unquoted word run (anything but delimiters, quotes, `$`, `\` and backquotes).
    @inline(__always) private static func isWordByte(_ b: UInt8) -> Bool {
        !isDelimiter(b) && b != HLScan.singleQuote && b != HLScan.doubleQuote && b != 0x24 && b != HLScan.backslash && b != 0x60
    }

    /// Scans the shell code in `range`. With `make`, it is a Makefile's recipe: make reads every `$`
    /// first, so `$(CC)`, `${X}`, `$@` and `$x` are make's variables, and `$$` hands a `$` to the shell.
    static func scan(_ w: inout HighlightWriter, range: Range<Int>, make: Bool = false) {
        let s = w.source
        let end = range.upperBound
        var i = range.lowerBound
        var stack: [Context] = [.top]
        var wordStart = true
        var hereDocuments: [HereDocument] = []
        while i < end {
            let context = stack.last ?? .top
            let b = s[i]
            let start = i
            if context == .doubleQuote {
                while i < end {
                    let c = s[i]
                    if c == HLScan.doubleQuote || c == 0x60 || (c == 0x24 && (make ? i + 1 < end : expansionEnd(s, at: i, end: end) != nil)) { break }
                    i += c == HLScan.backslash ? 2 : 1
                }
                i = min(i, end)
                if i < end && s[i] == HLScan.doubleQuote {
                    i += 1
                    stack.removeLast()
                }
                w.token(.string, start, i)
                if i < end && s[i] == 0x60 {
                    w.token(.variable, i, i + 1)
                    stack.append(.backquote)
                    i += 1
                } else if i < end && s[i] == 0x24 {
                    i = expansion(&w, at: i, end: end, stack: &stack, make: make)
                }
                continue
            }
            let next: UInt8 = i + 1 < end ? s[i + 1] : 0
            switch b {
            case HLScan.newline:
                i += 1
                wordStart = true
                if !hereDocuments.isEmpty {
                    i = hereDocumentBodies(&w, from: i, end: end, documents: hereDocuments)
                    hereDocuments = []
                }
            case 0x20, 0x09, 0x0D:
                i += 1
                wordStart = true
            case HLScan.hash where wordStart:
                while i < end && s[i] != HLScan.newline { i += 1 }
                w.token(.comment, start, i)
            case HLScan.backslash:
                if next == HLScan.newline {
                    i += 2
                    wordStart = true
                } else {
                    i = min(HLScan.escapeEnd(s, i), end)
                    wordStart = false
                }
            case HLScan.singleQuote:
                i += 1
                while i < end && s[i] != HLScan.singleQuote { i += 1 }
                i = min(i + 1, end)
                w.token(.string, start, i)
                wordStart = false
            case HLScan.doubleQuote:
                w.token(.string, i, i + 1)
                stack.append(.doubleQuote)
                i += 1
                wordStart = false
            case 0x24:
                i = expansion(&w, at: i, end: end, stack: &stack, make: make)
                wordStart = false
            case 0x60:
                if context == .backquote {
                    stack.removeLast()
                } else {
                    stack.append(.backquote)
                }
                i += 1
                w.token(.variable, start, i)
                wordStart = false
            case 0x28:
                if case .substitution(let parens) = context {
                    stack[stack.count - 1] = .substitution(parens: parens + 1)
                }
                i += 1
                wordStart = true
            case 0x29:
                i += 1
                if case .substitution(let parens) = context {
                    if parens == 0 {
                        stack.removeLast()
                        w.token(.variable, start, i)
                    } else {
                        stack[stack.count - 1] = .substitution(parens: parens - 1)
                    }
                }
                wordStart = true
            case 0x3C where next == 0x3C && (i + 2 >= end || s[i + 2] != 0x3C):
                i = hereDocumentStart(&w, at: i, end: end, documents: &hereDocuments)
                wordStart = true
            case 0x3B, 0x26, 0x7C, 0x3C, 0x3E:
                while i < end && (s[i] == 0x3B || s[i] == 0x26 || s[i] == 0x7C || s[i] == 0x3C || s[i] == 0x3E) { i += 1 }
                w.token(.op, start, i)
                wordStart = true
            default:
                while i < end && isWordByte(s[i]) { i += 1 }
                if i == start { i += 1 }
                if wordStart {
                    let endsWord = i >= end || isDelimiter(s[i])
                    if endsWord, let word = HLScan.word(s, start, i), keywords.contains(word) {
                        w.token(.keyword, start, i)
                    } else if let equals = assignmentName(s, start, i) {
                        w.token(.variable, start, equals)
                    }
                }
                wordStart = false
            }
        }
    }

    /// If `start..<end` begins with `NAME=` (or `NAME+=`), the end of `NAME`.
    private static func assignmentName(_ s: [UInt8], _ start: Int, _ end: Int) -> Int? {
        guard HLScan.isIdentStart(s[start]) && s[start] < 0x80 else { return nil }
        var i = start + 1
        while i < end && HLScan.isIdentChar(s[i]) && s[i] < 0x80 { i += 1 }
        guard i < end else { return nil }
        if s[i] == 0x3D || (s[i] == 0x2B && i + 1 < end && s[i + 1] == 0x3D) { return i }
        return nil
    }

    /// The end of the expansion starting with the `$` at `i`, or nil when the `$` is literal.
    /// `$(` is reported with its own end (just past the parenthesis).
    private static func expansionEnd(_ s: [UInt8], at i: Int, end: Int) -> Int? {
        guard i + 1 < end else { return nil }
        let c = s[i + 1]
        if c == 0x28 { return i + 2 }
        if c == 0x7B {
            var depth = 0
            var k = i + 1
            while k < end {
                if s[k] == 0x7B {
                    depth += 1
                } else if s[k] == 0x7D {
                    depth -= 1
                    if depth == 0 { return k + 1 }
                } else if s[k] == HLScan.backslash {
                    k += 1
                }
                k += 1
            }
            return end
        }
        if HLScan.isIdentStart(c) && c < 0x80 {
            var k = i + 2
            while k < end && HLScan.isIdentChar(s[k]) && s[k] < 0x80 { k += 1 }
            return k
        }
        switch c {
        case 0x30...0x39, 0x40, 0x2A, HLScan.hash, 0x3F, 0x24, 0x21, 0x2D: return i + 2
        default: return nil
        }
    }

    /// Writes the expansion at the `$` at `dollar` (a variable, `$'…'` string or `$(` opening a
    /// substitution; in a recipe, a make variable, or `$$` and the shell's expansion after it) and
    /// returns where scanning resumes.
    private static func expansion(_ w: inout HighlightWriter, at dollar: Int, end: Int, stack: inout [Context], make: Bool) -> Int {
        let s = w.source
        let inString = stack.last == .doubleQuote
        var i = dollar
        if make {
            guard i + 1 < end else {
                if inString { w.token(.string, i, i + 1) }
                return i + 1
            }
            if s[i + 1] != 0x24 {
                let referenceEnd = MakefileScanner.referenceEnd(s, at: i, end: end)
                w.token(.variable, i, referenceEnd)
                return referenceEnd
            }
            i += 1
        }
        if !inString && i + 1 < end && s[i + 1] == HLScan.singleQuote {
            var k = i + 2
            while k < end && s[k] != HLScan.singleQuote {
                k += s[k] == HLScan.backslash ? 2 : 1
            }
            k = min(k + 1, end)
            w.token(.string, dollar, k)
            return k
        }
        guard let expansionEnd = expansionEnd(s, at: i, end: end) else {
            if inString { w.token(.string, dollar, i + 1) }
            return i + 1
        }
        w.token(.variable, dollar, expansionEnd)
        if s[i + 1] == 0x28 { stack.append(.substitution(parens: 0)) }
        return expansionEnd
    }

    /// Reads a here-document operator `<<` or `<<-` at `i` and its delimiter word, queues the
    /// document and returns where scanning resumes.
    private static func hereDocumentStart(_ w: inout HighlightWriter, at i: Int, end: Int, documents: inout [HereDocument]) -> Int {
        let s = w.source
        var k = i + 2
        let stripsTabs = k < end && s[k] == 0x2D
        if stripsTabs { k += 1 }
        w.token(.op, i, k)
        k = HLScan.skip(s, from: k) { HLScan.isBlank($0) }
        k = min(k, end)
        let wordStart = k
        // `1 << 2` in arithmetic is a shift, not a here-document.
        guard k < end, HLScan.isIdentStart(s[k]) || s[k] == HLScan.singleQuote || s[k] == HLScan.doubleQuote || s[k] == HLScan.backslash else {
            return wordStart
        }
        var delimiter: [UInt8] = []
        while k < end && !isDelimiter(s[k]) {
            let c = s[k]
            if c == HLScan.singleQuote || c == HLScan.doubleQuote {
                k += 1
                while k < end && s[k] != c && s[k] != HLScan.newline {
                    delimiter.append(s[k])
                    k += 1
                }
                if k < end && s[k] == c { k += 1 }
            } else {
                if c != HLScan.backslash { delimiter.append(c) }
                k += 1
            }
        }
        guard !delimiter.isEmpty else { return wordStart }
        w.token(.string, wordStart, k)
        documents.append(HereDocument(delimiter: delimiter, stripsTabs: stripsTabs))
        return k
    }

    /// Writes the bodies of the queued here-documents, which start at `start`, as strings,
    /// each up to and including its delimiter line. Returns where scanning resumes.
    private static func hereDocumentBodies(_ w: inout HighlightWriter, from start: Int, end: Int, documents: [HereDocument]) -> Int {
        let s = w.source
        var i = start
        for document in documents {
            let bodyStart = i
            while i < end {
                var lineEnd = i
                while lineEnd < end && s[lineEnd] != HLScan.newline { lineEnd += 1 }
                var first = i
                if document.stripsTabs {
                    while first < lineEnd && s[first] == 0x09 { first += 1 }
                }
                var last = lineEnd
                if last > first && s[last - 1] == 0x0D { last -= 1 }
                let isDelimiterLine = last - first == document.delimiter.count
                    && s[first..<last].elementsEqual(document.delimiter)
                i = min(lineEnd + 1, end)
                if isDelimiterLine {
                    i = lineEnd
                    break
                }
            }
            w.token(.string, bodyStart, i)
            if i < end && s[i] == HLScan.newline { i += 1 }
        }
        return i
    }
}
