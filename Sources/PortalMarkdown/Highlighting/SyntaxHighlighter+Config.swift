/// The JSON scanner (also JSON with comments): keys (strings followed by `:`) as properties,
/// other strings, numbers, `true` `false` `null` as keywords, and `//` and `/* */` comments.
enum JSONScanner {
    static func scan(_ w: inout HighlightWriter) {
        let s = w.source
        let n = s.count
        var i = 0
        while i < n {
            let b = s[i]
            let start = i
            let next: UInt8 = i + 1 < n ? s[i + 1] : 0
            if b == HLScan.doubleQuote {
                i = HLScan.quotedEnd(s, from: i, quote: b)
                let after = HLScan.skip(s, from: i, while: HLScan.isSpace)
                w.token(after < n && s[after] == 0x3A ? .property : .string, start, i)
            } else if b == 0x2F && next == 0x2F {
                i = HLScan.lineEnd(s, from: i)
                w.token(.comment, start, i)
            } else if b == 0x2F && next == 0x2A {
                i = CFamilyScanner.blockCommentEnd(s, from: i, nested: false)
                w.token(.comment, start, i)
            } else if HLScan.isDigit(b) || (b == 0x2D && HLScan.isDigit(next)) {
                i = HLScan.numberEnd(s, from: b == 0x2D ? i + 1 : i)
                w.token(.number, start, i)
            } else if HLScan.isIdentStart(b) {
                i = HLScan.skip(s, from: i, while: HLScan.isIdentChar)
                if let word = HLScan.word(s, start, i), word == "true" || word == "false" || word == "null" {
                    w.token(.keyword, start, i)
                }
            } else {
                i += 1
            }
        }
    }
}

/// The TOML scanner: `[table]` and `[[array]]` headers as types, keys (bare, quoted or dotted,
/// also inside inline tables) as properties, basic, literal and multi-line strings, numbers and
/// dates, `true` `false` as keywords, and `#` comments.
enum TOMLScanner {
    static func scan(_ w: inout HighlightWriter) {
        let s = w.source
        let n = s.count
        var i = 0
        /// The open `[` and `{` of values, innermost last.
        var brackets: [UInt8] = []
        var expectKey = true
        var atLineStart = true
        while i < n {
            let b = s[i]
            let start = i
            if b == HLScan.newline {
                i += 1
                atLineStart = brackets.isEmpty
                continue
            }
            if HLScan.isSpace(b) {
                i += 1
                continue
            }
            if atLineStart {
                atLineStart = false
                expectKey = true
                if b == 0x5B {
                    // A table header, up to its closing bracket(s) or the end of the line.
                    while i < n && s[i] != HLScan.newline && s[i] != HLScan.hash && s[i] != 0x5D { i += 1 }
                    while i < n && s[i] == 0x5D { i += 1 }
                    w.token(.type, start, i)
                    continue
                }
            }
            let next: UInt8 = i + 1 < n ? s[i + 1] : 0
            if b == HLScan.hash {
                i = HLScan.lineEnd(s, from: i)
                w.token(.comment, start, i)
            } else if b == HLScan.doubleQuote || b == HLScan.singleQuote {
                if next == b && i + 2 < n && s[i + 2] == b {
                    i = b == HLScan.doubleQuote
                        ? HLScan.tripleQuotedEnd(s, from: i, quote: b) : literalTripleEnd(s, from: i)
                } else {
                    i = HLScan.quotedEnd(s, from: i, quote: b, escapes: b == HLScan.doubleQuote)
                }
                w.token(expectKey ? .property : .string, start, i)
            } else if expectKey && (HLScan.isIdentChar(b) || b == 0x2D) {
                i = HLScan.skip(s, from: i) { HLScan.isIdentChar($0) || $0 == 0x2D }
                w.token(.property, start, i)
            } else if b == 0x3D {
                i += 1
                expectKey = false
                w.token(.op, start, i)
            } else if b == 0x5B || b == 0x7B {
                brackets.append(b)
                expectKey = b == 0x7B
                i += 1
            } else if b == 0x5D || b == 0x7D {
                if !brackets.isEmpty { brackets.removeLast() }
                i += 1
            } else if b == 0x2C {
                expectKey = brackets.last == 0x7B
                i += 1
            } else if HLScan.isDigit(b) || ((b == 0x2B || b == 0x2D) && (HLScan.isDigit(next) || next == 0x69 || next == 0x6E)) {
                // Numbers, `inf`/`nan` with a sign, and dates and times.
                i = HLScan.skip(s, from: i + 1) { b in
                    HLScan.isIdentChar(b) && b < 0x80 || b == 0x2E || b == 0x3A || b == 0x2D || b == 0x2B
                }
                w.token(.number, start, i)
            } else if HLScan.isIdentStart(b) {
                i = HLScan.skip(s, from: i, while: HLScan.isIdentChar)
                let word = HLScan.word(s, start, i)
                if word == "true" || word == "false" {
                    w.token(.keyword, start, i)
                } else if word == "inf" || word == "nan" {
                    w.token(.number, start, i)
                }
            } else {
                i += 1
            }
        }
    }

    /// The end of a multi-line literal string `'''…'''` at `start` (no escapes), or the end of the input.
    static func literalTripleEnd(_ s: [UInt8], from start: Int) -> Int {
        var i = start + 3
        while i + 2 < s.count {
            if s[i] == HLScan.singleQuote && s[i + 1] == HLScan.singleQuote && s[i + 2] == HLScan.singleQuote {
                return i + 3
            }
            i += 1
        }
        return s.count
    }
}

/// The INI scanner: `;` and `#` comment lines, `[section]` headers as types, keys before `=` or
/// `:` as properties, and in values quoted strings, numbers and booleans.
enum INIScanner {
    static let constants: Set<String> = ["true", "false", "yes", "no", "on", "off", "True", "False", "Yes", "No", "On", "Off"]

    static func scan(_ w: inout HighlightWriter) {
        let s = w.source
        let n = s.count
        var i = 0
        while i < n {
            let lineEnd = HLScan.lineEnd(s, from: i)
            var end = lineEnd
            if end > i && s[end - 1] == 0x0D { end -= 1 }
            let first = HLScan.skip(s, from: i, while: HLScan.isBlank)
            if first < end {
                let b = s[first]
                if b == 0x3B || b == HLScan.hash {
                    w.token(.comment, first, end)
                } else if b == 0x5B {
                    var close = first
                    while close < end && s[close] != 0x5D { close += 1 }
                    w.token(.type, first, min(close + 1, end))
                } else {
                    var separator = first
                    while separator < end && s[separator] != 0x3D && s[separator] != 0x3A { separator += 1 }
                    if separator < end {
                        var keyEnd = separator
                        while keyEnd > first && HLScan.isBlank(s[keyEnd - 1]) { keyEnd -= 1 }
                        w.token(.property, first, keyEnd)
                        w.token(.op, separator, separator + 1)
                        value(&w, separator + 1, end)
                    }
                }
            }
            i = lineEnd + 1
        }
    }

    /// Writes the value `start..<end` if it is a quoted string, a number or a boolean.
    static func value(_ w: inout HighlightWriter, _ start: Int, _ end: Int) {
        let s = w.source
        let first = HLScan.skip(s, from: start, while: HLScan.isBlank)
        var last = end
        while last > first && HLScan.isBlank(s[last - 1]) { last -= 1 }
        guard first < last else { return }
        let b = s[first]
        if (b == HLScan.doubleQuote || b == HLScan.singleQuote) && last - first > 1 && s[last - 1] == b {
            w.token(.string, first, last)
        } else if let word = HLScan.word(s, first, last), constants.contains(word) {
            w.token(.keyword, first, last)
        } else if HLScan.isDigit(b) || (b == 0x2D && last - first > 1 && HLScan.isDigit(s[first + 1])) {
            let numberEnd = HLScan.numberEnd(s, from: b == 0x2D ? first + 1 : first)
            if numberEnd == last { w.token(.number, first, last) }
        }
    }
}
