/// The YAML scanner: keys before `:` (plain or quoted), quoted strings (which may span lines),
/// block scalars after `|` or `>` (their lines are strings), numbers, booleans and null as
/// keywords, `#` comments, `---` and `...` document markers, `%` directives, anchors and aliases,
/// tags, and flow or block indicators as operators. Other plain scalars stay plain text.
enum YAMLScanner {
    static let constants: Set<String> = [
        "true", "True", "TRUE", "false", "False", "FALSE", "yes", "Yes", "YES", "no", "No", "NO",
        "on", "On", "ON", "off", "Off", "OFF", "null", "Null", "NULL", "~",
    ]

    static func scan(_ w: inout HighlightWriter) {
        let s = w.source
        let n = s.count
        var i = 0
        var atLineStart = true
        var lineStart = 0
        var lineIndent = 0
        var flowDepth = 0
        /// Whether only `- ` and `? ` indicators came before on this line.
        var indicatorsOnly = true
        /// The column of the last key on this line.
        var keyColumn: Int?
        /// While in a block scalar: the column its lines must be indented past.
        var blockIndent: Int?
        while i < n {
            if atLineStart {
                atLineStart = false
                lineStart = i
                let indentEnd = HLScan.skip(s, from: i, while: HLScan.isBlank)
                let end = HLScan.lineEnd(s, from: i)
                let blank = indentEnd == end || (s[indentEnd] == 0x0D && indentEnd + 1 == end)
                if let parent = blockIndent {
                    if blank || indentEnd - i > parent {
                        w.token(.string, indentEnd, end)
                        i = end
                        continue
                    }
                    blockIndent = nil
                }
                lineIndent = indentEnd - i
                indicatorsOnly = true
                keyColumn = nil
                i = indentEnd
                if lineIndent == 0 && flowDepth == 0 {
                    if (HLScan.matches(s, at: i, "---") || HLScan.matches(s, at: i, "..."))
                        && (i + 3 == n || HLScan.isSpace(s[i + 3]))
                    {
                        w.token(.keyword, i, i + 3)
                        i += 3
                    } else if i < n && s[i] == 0x25 {
                        w.token(.type, i, end)
                        i = end
                    }
                }
                continue
            }
            let b = s[i]
            if b == HLScan.newline {
                i += 1
                atLineStart = true
                continue
            }
            if HLScan.isSpace(b) {
                i += 1
                continue
            }
            let start = i
            let next: UInt8 = i + 1 < n ? s[i + 1] : 0
            let nextEnds = i + 1 == n || HLScan.isSpace(next)
            let wasIndicatorsOnly = indicatorsOnly
            indicatorsOnly = false
            if b == HLScan.hash && (i == 0 || HLScan.isSpace(s[i - 1])) {
                i = HLScan.lineEnd(s, from: i)
                w.token(.comment, start, i)
            } else if (b == 0x2D || b == 0x3F) && nextEnds && wasIndicatorsOnly {
                i += 1
                w.token(.op, start, i)
                indicatorsOnly = true
            } else if b == HLScan.doubleQuote || b == HLScan.singleQuote {
                i = HLScan.quotedEnd(s, from: i, quote: b, multiline: true, escapes: b == HLScan.doubleQuote)
                let isKey = keyIndicator(s, at: HLScan.skip(s, from: i, while: HLScan.isBlank), flow: flowDepth > 0)
                if isKey { keyColumn = start - lineStart }
                w.token(isKey ? .property : .string, start, i)
            } else if b == 0x7B || b == 0x5B {
                flowDepth += 1
                i += 1
                w.token(.op, start, i)
            } else if b == 0x7D || b == 0x5D {
                flowDepth = max(0, flowDepth - 1)
                i += 1
                w.token(.op, start, i)
            } else if (b == 0x2C && flowDepth > 0) || (b == 0x3A && keyIndicator(s, at: i, flow: flowDepth > 0)) {
                i += 1
                w.token(.op, start, i)
            } else if (b == 0x26 || b == 0x2A || b == 0x21) && !nextEnds {
                // An anchor `&a`, an alias `*a` or a tag `!t`.
                i = HLScan.skip(s, from: i) { !HLScan.isSpace($0) && !(flowDepth > 0 && isFlowIndicator($0)) }
                w.token(b == 0x21 ? .type : .variable, start, i)
                indicatorsOnly = wasIndicatorsOnly && b == 0x21
            } else if (b == 0x7C || b == 0x3E) && flowDepth == 0, let header = blockHeaderEnd(s, from: i) {
                i = header
                w.token(.op, start, i)
                blockIndent = keyColumn ?? lineIndent
            } else {
                i = plainScalarEnd(s, from: i, flow: flowDepth > 0)
                var last = i
                while last > start && HLScan.isBlank(s[last - 1]) { last -= 1 }
                if keyIndicator(s, at: i, flow: flowDepth > 0) {
                    keyColumn = start - lineStart
                    w.token(.property, start, last)
                } else if let word = HLScan.word(s, start, last), constants.contains(word) {
                    w.token(.keyword, start, last)
                } else if isNumber(s, start, last) {
                    w.token(.number, start, last)
                }
            }
        }
    }

    @inline(__always) static func isFlowIndicator(_ b: UInt8) -> Bool {
        b == 0x2C || b == 0x5B || b == 0x5D || b == 0x7B || b == 0x7D
    }

    /// Whether a mapping `:` is at `i`: a colon followed by a space, a line break, the end, or
    /// (in a flow collection) a flow indicator.
    static func keyIndicator(_ s: [UInt8], at i: Int, flow: Bool) -> Bool {
        guard i < s.count && s[i] == 0x3A else { return false }
        guard i + 1 < s.count else { return true }
        let next = s[i + 1]
        return HLScan.isSpace(next) || (flow && isFlowIndicator(next))
    }

    /// The end of a plain scalar at `start`: before a mapping `:`, a ` #` comment, a line break,
    /// or (in a flow collection) a flow indicator.
    static func plainScalarEnd(_ s: [UInt8], from start: Int, flow: Bool) -> Int {
        var i = start
        while i < s.count {
            let b = s[i]
            if b == HLScan.newline || b == 0x0D || (flow && isFlowIndicator(b)) { break }
            if b == 0x3A && keyIndicator(s, at: i, flow: flow) { break }
            if b == HLScan.hash && i > start && HLScan.isBlank(s[i - 1]) { break }
            i += 1
        }
        return max(i, start + 1)
    }

    /// The end of a block scalar header (`|`, `>`, with `+`/`-` and an indentation digit) at
    /// `start`, if only blanks or a comment follow it on the line.
    static func blockHeaderEnd(_ s: [UInt8], from start: Int) -> Int? {
        let end = HLScan.skip(s, from: start + 1) { $0 == 0x2B || $0 == 0x2D || HLScan.isDigit($0) }
        let rest = HLScan.skip(s, from: end, while: HLScan.isBlank)
        if rest == s.count || s[rest] == HLScan.newline || s[rest] == 0x0D || (s[rest] == HLScan.hash && rest > end) {
            return end
        }
        return nil
    }

    /// Whether `start..<end` is a YAML number: an integer or decimal with an optional sign and
    /// exponent, hexadecimal `0x…`, octal `0o…`, or `.inf` / `.nan`.
    static func isNumber(_ s: [UInt8], _ start: Int, _ end: Int) -> Bool {
        var i = start
        if i < end && (s[i] == 0x2B || s[i] == 0x2D) { i += 1 }
        guard i < end else { return false }
        if let word = HLScan.word(s, i, end), [".inf", ".Inf", ".INF", ".nan", ".NaN", ".NAN"].contains(word) {
            return true
        }
        if end - i > 2 && s[i] == 0x30 && (s[i + 1] == 0x78 || s[i + 1] == 0x6F) {
            let hex = s[i + 1] == 0x78
            return s[(i + 2)..<end].allSatisfy { b in
                HLScan.isDigit(b) && (hex || b < 0x38) || (hex && (b | 0x20) >= 0x61 && (b | 0x20) <= 0x66)
            }
        }
        var digits = 0
        var dots = 0
        while i < end && (HLScan.isDigit(s[i]) || s[i] == 0x2E || s[i] == 0x5F) {
            if s[i] == 0x2E { dots += 1 } else if s[i] != 0x5F { digits += 1 }
            i += 1
        }
        guard digits > 0 && dots <= 1 else { return false }
        if i < end && (s[i] | 0x20) == 0x65 {
            i += 1
            if i < end && (s[i] == 0x2B || s[i] == 0x2D) { i += 1 }
            let exponent = i
            i = HLScan.skip(s, from: i, while: HLScan.isDigit)
            guard i > exponent else { return false }
        }
        return i == end
    }
}
