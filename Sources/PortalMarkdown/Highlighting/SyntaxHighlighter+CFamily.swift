/// The C and C++ scanner: keywords (including built-in types), `//` and `/* */` comments, strings
/// and character literals with escapes and encoding prefixes, C++ raw strings, preprocessor
/// directives, numbers, type names (after `struct`, `class`, `enum`, `union`, or ending in `_t`),
/// called functions and operators.
enum CFamilyScanner {
    static let cKeywords: Set<String> = [
        "auto", "bool", "break", "case", "char", "const", "continue", "default", "do", "double", "else",
        "enum", "extern", "false", "float", "for", "goto", "if", "inline", "int", "long", "register",
        "restrict", "return", "short", "signed", "sizeof", "static", "struct", "switch", "true", "typedef",
        "union", "unsigned", "void", "volatile", "while", "NULL", "nullptr", "alignas", "alignof",
        "constexpr", "static_assert", "thread_local", "typeof", "_Alignas", "_Alignof", "_Atomic", "_Bool",
        "_Complex", "_Generic", "_Noreturn", "_Static_assert", "_Thread_local",
    ]

    static let cppKeywords: Set<String> = cKeywords.union([
        "and", "and_eq", "asm", "bitand", "bitor", "catch", "char8_t", "char16_t", "char32_t", "class",
        "co_await", "co_return", "co_yield", "compl", "concept", "consteval", "constinit", "const_cast",
        "decltype", "delete", "dynamic_cast", "explicit", "export", "final", "friend", "import", "module",
        "mutable", "namespace", "new", "noexcept", "not", "not_eq", "operator", "or", "or_eq", "override",
        "private", "protected", "public", "reinterpret_cast", "requires", "static_cast", "template", "this",
        "throw", "try", "typeid", "typename", "using", "virtual", "wchar_t", "xor", "xor_eq",
    ])

    /// Prefixes that may come right before a string or character literal.
    static let encodingPrefixes: Set<String> = ["L", "u", "U", "u8"]

    /// Prefixes of C++ raw strings.
    static let rawPrefixes: Set<String> = ["R", "LR", "uR", "UR", "u8R"]

    static func scan(_ w: inout HighlightWriter, cpp: Bool) {
        let s = w.source
        let n = s.count
        let keywords = cpp ? cppKeywords : cKeywords
        var i = 0
        var lineHasCode = false
        /// Whether the next identifier names a type, after `struct`, `class`, `enum` or `union`.
        var typeNameNext = false
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
            let isTypeName = typeNameNext
            typeNameNext = false
            let next: UInt8 = i + 1 < n ? s[i + 1] : 0
            if b == 0x2F && next == 0x2F {
                i = HLScan.lineEnd(s, from: i)
                w.token(.comment, start, i)
            } else if b == 0x2F && next == 0x2A {
                i = blockCommentEnd(s, from: i, nested: false)
                w.token(.comment, start, i)
            } else if b == HLScan.doubleQuote || b == HLScan.singleQuote {
                i = HLScan.quotedEnd(s, from: i, quote: b)
                w.token(.string, start, i)
            } else if b == HLScan.hash && atLineStart {
                i = directive(&w, from: i)
            } else if HLScan.isIdentStart(b) {
                i = HLScan.skip(s, from: i, while: HLScan.isIdentChar)
                let word = HLScan.word(s, start, i)
                if i < n, let word, s[i] == HLScan.doubleQuote || s[i] == HLScan.singleQuote {
                    if s[i] == HLScan.doubleQuote && cpp && rawPrefixes.contains(word),
                        let end = rawStringEnd(s, quoteAt: i)
                    {
                        i = end
                        w.token(.string, start, i)
                        continue
                    }
                    if encodingPrefixes.contains(word) {
                        i = HLScan.quotedEnd(s, from: i, quote: s[i])
                        w.token(.string, start, i)
                        continue
                    }
                }
                if let word, keywords.contains(word) {
                    w.token(.keyword, start, i)
                    typeNameNext = word == "struct" || word == "class" || word == "enum" || word == "union"
                } else if isTypeName || word?.hasSuffix("_t") == true {
                    w.token(.type, start, i)
                } else {
                    let after = HLScan.skip(s, from: i, while: HLScan.isBlank)
                    if after < n && s[after] == 0x28 {
                        w.token(.function, start, i)
                    }
                }
            } else if HLScan.isDigit(b) || (b == 0x2E && HLScan.isDigit(next)) {
                i = HLScan.numberEnd(s, from: i, quoteSeparators: true)
                w.token(.number, start, i)
            } else if HLScan.isOperator(b) {
                i += 1
                // Stop before a comment, so `x=//c` or `a*/*c*/` keep the comment.
                while i < n && HLScan.isOperator(s[i]) && !(s[i] == 0x2F && i + 1 < n && (s[i + 1] == 0x2F || s[i + 1] == 0x2A)) {
                    i += 1
                }
                w.token(.op, start, i)
            } else {
                // A backslash escapes the character after it (a line feed stays a line break).
                i = b == HLScan.backslash ? HLScan.escapeEnd(s, i) : i + 1
            }
        }
    }

    /// Writes a preprocessor directive at `start` (a `#`): `#`, spaces and the directive name as a
    /// type, and for `#include`/`#import` a `<header>` as a string. Returns where scanning resumes.
    static func directive(_ w: inout HighlightWriter, from start: Int) -> Int {
        let s = w.source
        var i = HLScan.skip(s, from: start + 1, while: HLScan.isBlank)
        let nameStart = i
        i = HLScan.skip(s, from: i, while: HLScan.isIdentChar)
        w.token(.type, start, i)
        let name = HLScan.word(s, nameStart, i)
        if name == "include" || name == "import" || name == "include_next" {
            let open = HLScan.skip(s, from: i, while: HLScan.isBlank)
            if open < s.count && s[open] == 0x3C {
                var close = open + 1
                while close < s.count && s[close] != 0x3E && s[close] != HLScan.newline { close += 1 }
                if close < s.count && s[close] == 0x3E { close += 1 }
                w.token(.string, open, close)
                return close
            }
        }
        return i
    }

    /// The end of a `/* */` comment starting at `start`, or the end of the input. With `nested`,
    /// inner `/* */` pairs are counted (Swift).
    static func blockCommentEnd(_ s: [UInt8], from start: Int, nested: Bool) -> Int {
        var depth = 1
        var i = start + 2
        while i < s.count {
            if s[i] == 0x2A && i + 1 < s.count && s[i + 1] == 0x2F {
                depth -= 1
                i += 2
                if depth == 0 || !nested { return i }
            } else if nested && s[i] == 0x2F && i + 1 < s.count && s[i + 1] == 0x2A {
                depth += 1
                i += 2
            } else {
                i += 1
            }
        }
        return s.count
    }

    /// The end of a C++ raw string `R"delim( ... )delim"` whose `"` is at `quote`, or nil when the
    /// delimiter is not valid (then it is scanned as an ordinary string).
    static func rawStringEnd(_ s: [UInt8], quoteAt quote: Int) -> Int? {
        var i = quote + 1
        while i < s.count && i - quote <= 17 {
            let b = s[i]
            if b == 0x28 { break }
            if b == 0x29 || b == HLScan.backslash || HLScan.isSpace(b) || b == HLScan.doubleQuote { return nil }
            i += 1
        }
        guard i < s.count && s[i] == 0x28 else { return nil }
        let delimiter = Array(s[(quote + 1)..<i])
        i += 1
        while i < s.count {
            if s[i] == 0x29 {
                var k = 0
                while k < delimiter.count && i + 1 + k < s.count && s[i + 1 + k] == delimiter[k] { k += 1 }
                let closeQuote = i + 1 + delimiter.count
                if k == delimiter.count && closeQuote < s.count && s[closeQuote] == HLScan.doubleQuote {
                    return closeQuote + 1
                }
            }
            i += 1
        }
        return s.count
    }
}
