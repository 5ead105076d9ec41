/// The R scanner: keywords and constants (`function`, `if`, `TRUE`, `NULL`, `NA`, …), `#` comments,
/// strings in either quote (which may span lines) and raw strings (`r"(…)"`, `R"---[…]---"`),
/// numbers (`1L`, `2i`, `0x1F`, `1e-3`), names being given a function (`f <- function(`) and called
/// functions as functions, and operators: assignments `<-`, `<<-`, `->`, `->>`, the pipe `|>` and
/// `%…%` operators (`%in%`, `%>%`).
enum RScanner {
    static let keywords: Set<String> = [
        "break", "else", "FALSE", "for", "function", "if", "in", "Inf", "NA", "NA_character_", "NA_complex_",
        "NA_integer_", "NA_real_", "NaN", "next", "NULL", "repeat", "TRUE", "while",
    ]

    static func scan(_ w: inout HighlightWriter) {
        let s = w.source
        let n = s.count
        var i = 0
        while i < n {
            let b = s[i]
            let start = i
            let next: UInt8 = i + 1 < n ? s[i + 1] : 0
            if HLScan.isSpace(b) {
                i += 1
            } else if b == HLScan.hash {
                i = HLScan.lineEnd(s, from: i)
                w.token(.comment, start, i)
            } else if b == HLScan.doubleQuote || b == HLScan.singleQuote {
                i = HLScan.quotedEnd(s, from: i, quote: b, multiline: true)
                w.token(.string, start, i)
            } else if (b == 0x72 || b == 0x52) && (next == HLScan.doubleQuote || next == HLScan.singleQuote), let end = rawStringEnd(s, quoteAt: i + 1) {
                i = end
                w.token(.string, start, i)
            } else if b == 0x60 {
                // A name in backquotes is a name: plain.
                i = HLScan.quotedEnd(s, from: i, quote: b, escapes: false)
            } else if HLScan.isDigit(b) || (b == 0x2E && HLScan.isDigit(next)) {
                i = numberEnd(s, from: i)
                w.token(.number, start, i)
            } else if HLScan.isIdentStart(b) || b == 0x2E {
                i = HLScan.skip(s, from: i) { HLScan.isIdentChar($0) || $0 == 0x2E }
                let word = HLScan.word(s, start, i)
                if let word, keywords.contains(word) {
                    w.token(.keyword, start, i)
                } else if (i < n && s[i] == 0x28) || definesFunction(s, after: i) {
                    w.token(.function, start, i)
                }
            } else if b == 0x25 {
                // `%in%`, `%>%`, `%%`: up to the next `%` on the line.
                var k = i + 1
                while k < n && s[k] != 0x25 && s[k] != HLScan.newline { k += 1 }
                i = k < n && s[k] == 0x25 ? k + 1 : i + 1
                w.token(.op, start, i)
            } else if isOperator(b) {
                i = HLScan.skip(s, from: i, while: isOperator)
                w.token(.op, start, i)
            } else {
                i = b == HLScan.backslash ? HLScan.escapeEnd(s, i) : i + 1
            }
        }
    }

    @inline(__always) private static func isOperator(_ b: UInt8) -> Bool {
        switch b {
        case 0x3C, 0x3E, 0x2D, 0x3D, 0x2B, 0x2A, 0x2F, 0x5E, 0x21, 0x26, 0x7C, 0x7E, 0x3F, 0x24, 0x40, 0x3A: return true
        default: return false
        }
    }

    /// Whether the name ending at `end` is being given a function: `f <- function(` or `f = function(`.
    private static func definesFunction(_ s: [UInt8], after end: Int) -> Bool {
        var k = HLScan.skip(s, from: end, while: HLScan.isBlank)
        if HLScan.matches(s, at: k, "<<-") {
            k += 3
        } else if HLScan.matches(s, at: k, "<-") {
            k += 2
        } else if k < s.count && s[k] == 0x3D && !HLScan.matches(s, at: k, "==") {
            k += 1
        } else {
            return false
        }
        k = HLScan.skip(s, from: k, while: HLScan.isBlank)
        guard HLScan.matches(s, at: k, "function") else { return false }
        return k + 8 >= s.count || !HLScan.isIdentChar(s[k + 8])
    }

    /// The end of the raw string whose quote is at `quote` (after its `r`): `r"(…)"`, `r"[…]"`,
    /// `r"{…}"`, with any run of dashes between quote and bracket, to the matching close; the end of
    /// the input when it never closes; nil when the quote is not followed by dashes and a bracket.
    static func rawStringEnd(_ s: [UInt8], quoteAt quote: Int) -> Int? {
        let dashesEnd = HLScan.skip(s, from: quote + 1) { $0 == 0x2D }
        guard dashesEnd < s.count else { return nil }
        let close: UInt8
        switch s[dashesEnd] {
        case 0x28: close = 0x29
        case 0x5B: close = 0x5D
        case 0x7B: close = 0x7D
        default: return nil
        }
        let dashes = dashesEnd - quote - 1
        var i = dashesEnd + 1
        while i < s.count {
            guard s[i] == close else {
                i += 1
                continue
            }
            // The closing bracket, as many dashes, and the same quote; a failed match resumes at the byte that broke it.
            var k = i + 1
            while k < s.count && k - i - 1 < dashes && s[k] == 0x2D { k += 1 }
            if k - i - 1 == dashes && k < s.count && s[k] == s[quote] { return k + 1 }
            i = max(k, i + 1)
        }
        return s.count
    }

    /// The end of a number: digits, a fraction, an exponent with a sign, hexadecimal `0x…`, and an
    /// `L` (integer) or `i` (complex) suffix.
    private static func numberEnd(_ s: [UInt8], from start: Int) -> Int {
        var i = start
        if i + 1 < s.count && s[i] == 0x30 && (s[i + 1] | 0x20) == 0x78 {
            i = HLScan.skip(s, from: i + 2) { HLScan.isDigit($0) || (($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x66) }
        } else {
            i = HLScan.skip(s, from: i, while: HLScan.isDigit)
            if i < s.count && s[i] == 0x2E { i = HLScan.skip(s, from: i + 1, while: HLScan.isDigit) }
            if i < s.count && (s[i] | 0x20) == 0x65 {
                var k = i + 1
                if k < s.count && (s[k] == 0x2B || s[k] == 0x2D) { k += 1 }
                if k < s.count && HLScan.isDigit(s[k]) { i = HLScan.skip(s, from: k, while: HLScan.isDigit) }
            }
        }
        if i < s.count && (s[i] == 0x4C || s[i] == 0x69) && (i + 1 >= s.count || !HLScan.isIdentChar(s[i + 1])) { i += 1 }
        return i
    }
}
