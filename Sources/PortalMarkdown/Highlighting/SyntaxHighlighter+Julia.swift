/// The Julia scanner: keywords, `#` comments and nested `#= … =#` comments (their depth counted,
/// not recursed), strings (`"…"` and `"""…"""`, which may span lines, with their `$` interpolation
/// kept inside; prefixed `raw"…"`, `r"…"`; command literals in backquotes), character literals told
/// from the adjoint `'`, numbers, the name after `function` or `macro` and called functions as
/// functions, macros (`@time`) and capitalised names as types, symbols (`:name`) and operators.
enum JuliaScanner {
    static let keywords: Set<String> = [
        "abstract", "baremodule", "begin", "break", "catch", "const", "continue", "do", "else", "elseif", "end",
        "export", "false", "finally", "for", "function", "global", "if", "import", "in", "isa", "let", "local",
        "macro", "missing", "module", "mutable", "nothing", "primitive", "public", "quote", "return", "struct",
        "true", "try", "using", "where", "while",
    ]

    static func scan(_ w: inout HighlightWriter) {
        let s = w.source
        let n = s.count
        var i = 0
        /// The class of the next name: a function's after `function` or `macro`, a type's after `struct`.
        var pendingName: HLClass?
        /// Whether a `'` here is the adjoint operator: right after a name, a number, a closing bracket or another `'`.
        var adjoint = false
        /// Whether the word before was `abstract` or `primitive`, which make `type` a keyword.
        var typeIsKeyword = false
        while i < n {
            let b = s[i]
            let start = i
            let next: UInt8 = i + 1 < n ? s[i + 1] : 0
            if HLScan.isSpace(b) {
                i += 1
                adjoint = false
                continue
            }
            var nextAdjoint = false
            var nextTypeIsKeyword = false
            let pending = pendingName
            pendingName = nil
            if b == HLScan.hash {
                i = next == 0x3D ? blockCommentEnd(s, from: i) : HLScan.lineEnd(s, from: i)
                w.token(.comment, start, i)
            } else if b == HLScan.doubleQuote {
                i = stringEnd(s, quoteAt: i)
                w.token(.string, start, i)
                nextAdjoint = true
            } else if b == 0x60 {
                i = HLScan.quotedEnd(s, from: i, quote: b, multiline: true)
                w.token(.string, start, i)
            } else if b == HLScan.singleQuote {
                if !adjoint, let end = characterEnd(s, quoteAt: i) {
                    i = end
                    w.token(.string, start, i)
                } else {
                    i += 1
                    w.token(.op, start, i)
                }
                nextAdjoint = true
            } else if HLScan.isIdentStart(b) {
                i = HLScan.skip(s, from: i) { HLScan.isIdentChar($0) || $0 == 0x21 }
                if i < n && s[i] == HLScan.doubleQuote {
                    // A string macro's literal: `raw"C:\new"`, `r"^\d+$"`, `b"bytes"`.
                    i = stringEnd(s, quoteAt: i)
                    w.token(.string, start, i)
                    adjoint = true
                    typeIsKeyword = false
                    continue
                }
                let word = HLScan.word(s, start, i)
                nextAdjoint = true
                if let pending, word.map({ !keywords.contains($0) }) ?? true {
                    w.token(pending, start, i)
                } else if let word, keywords.contains(word) || (word == "type" && typeIsKeyword) {
                    w.token(.keyword, start, i)
                    pendingName = word == "function" || word == "macro" ? .function : word == "struct" ? .type : nil
                    nextTypeIsKeyword = word == "abstract" || word == "primitive"
                    // After `return` or `in`, a `'` opens a character.
                    nextAdjoint = word == "end"
                } else if HLScan.isUpper(b) {
                    w.token(.type, start, i)
                } else if i < n && (s[i] == 0x28 || (s[i] == 0x2E && i + 1 < n && s[i + 1] == 0x28)) {
                    // A call, or a broadcast call `f.(x)`.
                    w.token(.function, start, i)
                }
            } else if HLScan.isDigit(b) || (b == 0x2E && HLScan.isDigit(next)) {
                i = numberEnd(s, from: i)
                w.token(.number, start, i)
                nextAdjoint = true
            } else if b == 0x40 {
                // A macro call, `@time`, `@.`, `Base.@kwdef` (after the dot).
                i = HLScan.skip(s, from: i + 1) { HLScan.isIdentChar($0) || $0 == 0x21 }
                if i == start + 1 && next == 0x2E { i += 1 }
                if i > start + 1 { w.token(.type, start, i) } else { i = start + 1 }
            } else if b == 0x3A && next != 0x3A && (HLScan.isIdentStart(next) && next < 0x80) && isSymbolStart(s, before: i) {
                i = HLScan.skip(s, from: i + 1, while: HLScan.isIdentChar)
                w.token(.string, start, i)
                nextAdjoint = true
            } else if isOperator(b) {
                i = HLScan.skip(s, from: i, while: isOperator)
                w.token(.op, start, i)
            } else {
                // Brackets, commas, anything else; a closing bracket can take an adjoint `'`.
                nextAdjoint = b == 0x29 || b == 0x5D || b == 0x7D
                i = b == HLScan.backslash ? HLScan.escapeEnd(s, i) : i + 1
            }
            adjoint = nextAdjoint
            typeIsKeyword = nextTypeIsKeyword
        }
    }

    @inline(__always) private static func isOperator(_ b: UInt8) -> Bool {
        switch b {
        case 0x3D, 0x2B, 0x2D, 0x2A, 0x2F, 0x5C, 0x5E, 0x25, 0x3C, 0x3E, 0x21, 0x26, 0x7C, 0x7E, 0x3F, 0x3A, 0x24: return true
        default: return false
        }
    }

    /// Whether a `:` at `i` can start a symbol: at the start of the input or after a space or an opening bracket, comma or `=`.
    private static func isSymbolStart(_ s: [UInt8], before i: Int) -> Bool {
        guard i > 0 else { return true }
        let b = s[i - 1]
        return HLScan.isSpace(b) || b == 0x28 || b == 0x5B || b == 0x7B || b == 0x2C || b == 0x3D
    }

    /// The end of a `#= … =#` comment at `start`, inner ones counted, or the end of the input.
    static func blockCommentEnd(_ s: [UInt8], from start: Int) -> Int {
        var depth = 1
        var i = start + 2
        while i < s.count {
            if s[i] == HLScan.hash && i + 1 < s.count && s[i + 1] == 0x3D {
                depth += 1
                i += 2
            } else if s[i] == 0x3D && i + 1 < s.count && s[i + 1] == HLScan.hash {
                depth -= 1
                i += 2
                if depth == 0 { return i }
            } else {
                i += 1
            }
        }
        return s.count
    }

    /// The end of a string whose `"` is at `i`: `"""…"""` or `"…"`, both of which may span lines.
    private static func stringEnd(_ s: [UInt8], quoteAt i: Int) -> Int {
        if i + 2 < s.count && s[i + 1] == HLScan.doubleQuote && s[i + 2] == HLScan.doubleQuote {
            return HLScan.tripleQuotedEnd(s, from: i, quote: HLScan.doubleQuote)
        }
        return HLScan.quotedEnd(s, from: i, quote: HLScan.doubleQuote, multiline: true)
    }

    /// The end of the character literal whose `'` is at `i` (`'a'`, `'\n'`, `'\''`, `'\u00e9'`, `'é'`),
    /// or nil when no literal closes within a few characters.
    private static func characterEnd(_ s: [UInt8], quoteAt i: Int) -> Int? {
        var k = i + 1
        guard k < s.count, s[k] != HLScan.newline, s[k] != HLScan.singleQuote else { return nil }
        if s[k] == HLScan.backslash {
            // `\x41`, `\u00e9`, `\U0001F600` and `\n`: at most ten characters after the backslash.
            k += 2
            while k < s.count && k - i < 12 && s[k] != HLScan.singleQuote && s[k] != HLScan.newline { k += 1 }
        } else {
            k += 1
            while k < s.count && s[k] & 0xC0 == 0x80 { k += 1 }
        }
        return k < s.count && s[k] == HLScan.singleQuote ? k + 1 : nil
    }

    /// The end of a number: `0x`, `0b` and `0o` integers, digits with `_` separators, a fraction,
    /// an exponent (`e`, `E` or `f`, with a sign) and an `im` suffix; letters after it (`2x`) are not part of it.
    private static func numberEnd(_ s: [UInt8], from start: Int) -> Int {
        var i = start
        if i + 1 < s.count && s[i] == 0x30 && (s[i + 1] == 0x78 || s[i + 1] == 0x62 || s[i + 1] == 0x6F) {
            return HLScan.skip(s, from: i + 2) { HLScan.isDigit($0) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x66) || $0 == 0x5F }
        }
        i = HLScan.skip(s, from: i) { HLScan.isDigit($0) || $0 == 0x5F }
        // A fraction, but not the range `1:2` or the broadcast `1 .+ x`, and `1..2` is not a number.
        if i + 1 < s.count && s[i] == 0x2E && HLScan.isDigit(s[i + 1]) {
            i = HLScan.skip(s, from: i + 1) { HLScan.isDigit($0) || $0 == 0x5F }
        } else if i < s.count && s[i] == 0x2E && (i + 1 >= s.count || !(HLScan.isOperator(s[i + 1]) || s[i + 1] == 0x2E || HLScan.isIdentStart(s[i + 1]))) {
            i += 1
        }
        if i < s.count && (s[i] == 0x65 || s[i] == 0x45 || s[i] == 0x66) {
            var k = i + 1
            if k < s.count && (s[k] == 0x2B || s[k] == 0x2D) { k += 1 }
            if k < s.count && HLScan.isDigit(s[k]) { i = HLScan.skip(s, from: k, while: HLScan.isDigit) }
        }
        if HLScan.matches(s, at: i, "im") && (i + 2 >= s.count || !HLScan.isIdentChar(s[i + 2])) { i += 2 }
        return i
    }
}
