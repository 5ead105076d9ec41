/// The Python scanner: keywords, builtins, `def`/`class` names, strings with prefixes (including
/// f-strings and triple-quoted strings), `#` comments, numbers, decorators and operators.
enum PythonScanner {
    static let keywords: Set<String> = [
        "and", "as", "assert", "async", "await", "break", "case", "class", "continue", "def", "del",
        "elif", "else", "except", "False", "finally", "for", "from", "global", "if", "import", "in",
        "is", "lambda", "match", "None", "nonlocal", "not", "or", "pass", "raise", "return", "True",
        "try", "while", "with", "yield",
    ]

    static let builtins: Set<String> = [
        "abs", "all", "any", "bool", "bytes", "callable", "chr", "dict", "dir", "divmod", "enumerate",
        "filter", "float", "format", "frozenset", "getattr", "hasattr", "hash", "help", "hex", "id",
        "input", "int", "isinstance", "issubclass", "iter", "len", "list", "map", "max", "min", "next",
        "object", "open", "ord", "pow", "print", "range", "repr", "reversed", "round", "set", "setattr",
        "slice", "sorted", "str", "sum", "super", "tuple", "type", "vars", "zip",
    ]

    /// String prefixes, lower-cased.
    static let prefixes: Set<String> = ["r", "u", "b", "f", "t", "br", "rb", "fr", "rf", "tr", "rt"]

    static func scan(_ w: inout HighlightWriter) {
        let s = w.source
        let n = s.count
        var i = 0
        var lineHasCode = false
        /// The class for the next identifier, after `def` or `class`.
        var pendingName: HLClass?
        while i < n {
            let b = s[i]
            if b == HLScan.newline {
                lineHasCode = false
                i += 1
                continue
            }
            if HLScan.isSpace(b) {
                i += 1
                continue
            }
            let start = i
            let atLineStart = !lineHasCode
            lineHasCode = true
            if b == HLScan.hash {
                i = HLScan.lineEnd(s, from: i)
                w.token(.comment, start, i)
                pendingName = nil
            } else if b == HLScan.doubleQuote || b == HLScan.singleQuote {
                i = stringEnd(s, quoteAt: i)
                w.token(.string, start, i)
                pendingName = nil
            } else if HLScan.isIdentStart(b) {
                i = HLScan.skip(s, from: i, while: HLScan.isIdentChar)
                if i < n && (s[i] == HLScan.doubleQuote || s[i] == HLScan.singleQuote),
                    let prefix = HLScan.word(s, start, i), prefixes.contains(prefix.lowercased())
                {
                    i = stringEnd(s, quoteAt: i)
                    w.token(.string, start, i)
                    pendingName = nil
                    continue
                }
                let word = HLScan.word(s, start, i)
                if let pending = pendingName {
                    w.token(pending, start, i)
                    pendingName = nil
                } else if let word, keywords.contains(word) {
                    w.token(.keyword, start, i)
                    if word == "def" {
                        pendingName = .function
                    } else if word == "class" {
                        pendingName = .type
                    }
                } else if let word, builtins.contains(word) {
                    w.token(.function, start, i)
                }
            } else if HLScan.isDigit(b) || (b == 0x2E && i + 1 < n && HLScan.isDigit(s[i + 1])) {
                i = HLScan.numberEnd(s, from: i)
                w.token(.number, start, i)
                pendingName = nil
            } else if b == 0x40 && atLineStart {
                // A decorator: `@name.attr`.
                i += 1
                while i < n && (HLScan.isIdentChar(s[i]) || s[i] == 0x2E) { i += 1 }
                w.token(.type, start, i)
                pendingName = nil
            } else if (HLScan.isOperator(b) && b != 0x3F) || b == 0x40 {
                // `?` is no Python operator: it must fall through to the plain branch, which moves on
                // (the run below stops before a `?`, so starting one on it never advanced: a hang the fuzzer found).
                i = HLScan.skip(s, from: i) { HLScan.isOperator($0) && $0 != 0x3F || $0 == 0x40 }
                w.token(.op, start, i)
                pendingName = nil
            } else {
                // A backslash escapes the character after it (a line feed stays a line break).
                i = b == HLScan.backslash ? HLScan.escapeEnd(s, i) : i + 1
                pendingName = nil
            }
        }
    }

    /// The end of a string whose opening quote is at `quoteAt`: triple-quoted strings may span
    /// lines; single-quoted ones end at an unescaped line break.
    static func stringEnd(_ s: [UInt8], quoteAt i: Int) -> Int {
        let quote = s[i]
        if i + 2 < s.count && s[i + 1] == quote && s[i + 2] == quote {
            return HLScan.tripleQuotedEnd(s, from: i, quote: quote)
        }
        return HLScan.quotedEnd(s, from: i, quote: quote)
    }
}
