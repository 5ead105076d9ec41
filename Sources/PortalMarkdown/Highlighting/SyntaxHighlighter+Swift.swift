/// The Swift scanner: keywords, `//` and nested `/* */` comments, strings (single-line, multi-line
/// `"""`, raw `#"…"#`, with `\(…)` interpolation kept inside the string), numbers, `@attributes` and
/// `#directives`, capitalised type names, function names, `$0` variables and operators.
enum SwiftScanner {
    static let keywords: Set<String> = [
        "actor", "any", "Any", "as", "associatedtype", "async", "await", "borrowing", "break", "case",
        "catch", "class", "consume", "consuming", "continue", "convenience", "default", "defer", "deinit",
        "didSet", "do", "dynamic", "else", "enum", "extension", "fallthrough", "false", "fileprivate",
        "final", "for", "func", "get", "guard", "if", "import", "in", "indirect", "init", "inout",
        "internal", "is", "isolated", "lazy", "let", "macro", "mutating", "nil", "nonisolated",
        "nonmutating", "open", "operator", "optional", "override", "package", "precedencegroup",
        "private", "protocol", "public", "repeat", "required", "rethrows", "return", "self", "Self",
        "sending", "set", "some", "static", "struct", "subscript", "super", "switch", "throw", "throws",
        "true", "try", "typealias", "unowned", "var", "weak", "where", "while", "willSet",
    ]

    static func scan(_ w: inout HighlightWriter) {
        let s = w.source
        let n = s.count
        var i = 0
        var afterFunc = false
        while i < n {
            let b = s[i]
            if HLScan.isSpace(b) {
                i += 1
                continue
            }
            let start = i
            let next: UInt8 = i + 1 < n ? s[i + 1] : 0
            let wasAfterFunc = afterFunc
            afterFunc = false
            if b == 0x2F && next == 0x2F {
                i = HLScan.lineEnd(s, from: i)
                w.token(.comment, start, i)
            } else if b == 0x2F && next == 0x2A {
                i = CFamilyScanner.blockCommentEnd(s, from: i, nested: true)
                w.token(.comment, start, i)
            } else if b == HLScan.doubleQuote {
                i = stringEnd(s, from: i)
                w.token(.string, start, i)
            } else if b == HLScan.hash {
                // A raw string `#"…"#`, a `#directive`, or a run of `#` left plain.
                let hashesEnd = HLScan.skip(s, from: i) { $0 == HLScan.hash }
                if hashesEnd < n && s[hashesEnd] == HLScan.doubleQuote {
                    i = stringEnd(s, from: i)
                    w.token(.string, start, i)
                } else if hashesEnd == i + 1 {
                    i = HLScan.skip(s, from: i + 1, while: HLScan.isIdentChar)
                    if i > start + 1 { w.token(.type, start, i) }
                } else {
                    i = hashesEnd
                }
            } else if b == 0x40 {
                // An `@attribute`.
                i = HLScan.skip(s, from: i + 1, while: HLScan.isIdentChar)
                if i > start + 1 { w.token(.type, start, i) }
            } else if b == 0x60 {
                // A back-quoted identifier is plain text.
                i += 1
                while i < n && s[i] != 0x60 && s[i] != HLScan.newline { i += 1 }
                if i < n && s[i] == 0x60 { i += 1 }
            } else if HLScan.isIdentStart(b) {
                i = HLScan.skip(s, from: i, while: HLScan.isIdentChar)
                let word = HLScan.word(s, start, i)
                if wasAfterFunc {
                    w.token(.function, start, i)
                } else if let word, keywords.contains(word) {
                    w.token(.keyword, start, i)
                    afterFunc = word == "func"
                } else if HLScan.isUpper(b) {
                    w.token(.type, start, i)
                } else if i < n && s[i] == 0x28 {
                    w.token(.function, start, i)
                }
            } else if b == 0x24 && i + 1 < n && HLScan.isIdentChar(s[i + 1]) {
                // `$0`, `$value`: closure arguments and projected values.
                i = HLScan.skip(s, from: i + 1, while: HLScan.isIdentChar)
                w.token(.variable, start, i)
            } else if HLScan.isDigit(b) {
                i = HLScan.numberEnd(s, from: i)
                w.token(.number, start, i)
            } else if HLScan.isOperator(b) {
                i += 1
                while i < n && HLScan.isOperator(s[i]) && !(s[i] == 0x2F && i + 1 < n && (s[i + 1] == 0x2F || s[i + 1] == 0x2A)) {
                    i += 1
                }
                w.token(.op, start, i)
            } else {
                i += 1
            }
        }
    }

    /// For a raw string opening `#…#"` at `start`, the index of its `"`; nil otherwise.
    static func rawStringQuote(_ s: [UInt8], from start: Int) -> Int? {
        let quote = HLScan.skip(s, from: start) { $0 == HLScan.hash }
        return quote < s.count && s[quote] == HLScan.doubleQuote ? quote : nil
    }

    /// The end of a string literal starting at `start` (its first `#` or `"`): just past the closing
    /// quote and `#`s, before the line break of an unterminated single-line string, or the end of the
    /// input for an unterminated multi-line string. Interpolations `\(…)` are skipped with a
    /// parenthesis counter, stepping over simple strings inside them.
    static func stringEnd(_ s: [UInt8], from start: Int) -> Int {
        let n = s.count
        let quote = rawStringQuote(s, from: start) ?? start
        let hashes = quote - start
        let multiline = quote + 2 < n && s[quote + 1] == HLScan.doubleQuote && s[quote + 2] == HLScan.doubleQuote
        var i = quote + (multiline ? 3 : 1)
        var depth = 0  // parentheses open inside an interpolation
        while i < n {
            let b = s[i]
            if depth > 0 {
                if b == 0x28 {
                    depth += 1
                } else if b == 0x29 {
                    depth -= 1
                } else if b == HLScan.doubleQuote {
                    i = HLScan.quotedEnd(s, from: i, quote: HLScan.doubleQuote)
                    continue
                } else if b == HLScan.newline && !multiline {
                    return i
                }
                i += 1
                continue
            }
            if b == HLScan.backslash && hashesFollow(s, at: i + 1, count: hashes) {
                let escaped = i + 1 + hashes
                if escaped < n && s[escaped] == 0x28 {
                    depth = 1
                    i = escaped + 1
                } else {
                    i = escaped + 1
                }
                continue
            }
            if b == HLScan.newline && !multiline { return i }
            if b == HLScan.doubleQuote {
                if multiline {
                    if i + 2 < n && s[i + 1] == HLScan.doubleQuote && s[i + 2] == HLScan.doubleQuote
                        && hashesFollow(s, at: i + 3, count: hashes)
                    {
                        return i + 3 + hashes
                    }
                } else if hashesFollow(s, at: i + 1, count: hashes) {
                    return i + 1 + hashes
                }
            }
            i += 1
        }
        return n
    }

    /// Whether `count` `#` bytes start at `index`.
    static func hashesFollow(_ s: [UInt8], at index: Int, count: Int) -> Bool {
        guard index + count <= s.count else { return false }
        var k = 0
        while k < count {
            if s[index + k] != HLScan.hash { return false }
            k += 1
        }
        return true
    }
}
