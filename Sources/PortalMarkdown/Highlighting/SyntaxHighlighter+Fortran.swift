/// The Fortran scanner (free form, and fixed form for `f`, `f77` and `for`): keywords and intrinsic
/// types in any case, `.true.` and `.false.` as keywords and `.and.`, `.eq.`, … as operators, `!`
/// comments (and, in fixed form, lines with `C`, `c` or `*` in the first column), strings in either
/// quote (a doubled quote is a quote inside), numbers with kinds and `d` exponents (`1.0d-3`,
/// `2.5_dp`), the names of programs, modules, subroutines and functions, called subroutines,
/// preprocessor lines, and operators.
enum FortranScanner {
    static let keywords: Set<String> = [
        "abstract", "allocatable", "allocate", "assignment", "associate", "asynchronous", "bind", "block",
        "call", "case", "character", "class", "close", "common", "complex", "concurrent", "contains",
        "contiguous", "continue", "critical", "cycle", "data", "deallocate", "default", "deferred",
        "dimension", "do", "double", "elemental", "else", "elseif", "elsewhere", "end", "enddo", "endif",
        "entry", "enum", "enumerator", "equivalence", "error", "exit", "extends", "external", "final",
        "forall", "format", "function", "generic", "go", "goto", "if", "implicit", "import", "impure",
        "in", "include", "inout", "integer", "intent", "interface", "intrinsic", "kind", "len", "logical",
        "module", "namelist", "none", "nopass", "nullify", "only", "open", "operator", "optional", "out",
        "parameter", "pass", "pointer", "precision", "print", "private", "procedure", "program", "protected",
        "public", "pure", "read", "real", "recursive", "result", "return", "rewind", "save", "select",
        "sequence", "stop", "submodule", "subroutine", "sync", "target", "then", "to", "type", "use",
        "value", "volatile", "wait", "where", "while", "write",
    ]

    /// Words after which the next name is what is being defined or called.
    static let namers: [String: HLClass] = [
        "program": .type, "module": .type, "submodule": .type, "subroutine": .function, "function": .function,
        "call": .function,
    ]

    static func scan(_ w: inout HighlightWriter, fixedForm: Bool) {
        let s = w.source
        let n = s.count
        var i = 0
        var atLineStart = true
        var pendingName: HLClass?
        while i < n {
            let b = s[i]
            let start = i
            if b == HLScan.newline {
                atLineStart = true
                pendingName = nil
                i += 1
                continue
            }
            let lineStart = atLineStart
            atLineStart = false
            if lineStart && (b == HLScan.hash || (fixedForm && (b == 0x43 || b == 0x63 || b == 0x2A))) {
                // A preprocessor line, or a fixed-form comment line.
                i = HLScan.lineEnd(s, from: i)
                w.token(b == HLScan.hash ? .type : .comment, start, i)
                continue
            }
            if HLScan.isSpace(b) {
                i += 1
                // In free form, a preprocessor line may be indented.
                if lineStart && !fixedForm { atLineStart = true }
                continue
            }
            let pending = pendingName
            pendingName = nil
            if b == 0x21 {
                i = HLScan.lineEnd(s, from: i)
                w.token(.comment, start, i)
            } else if b == HLScan.singleQuote || b == HLScan.doubleQuote {
                i = HLScan.quotedEnd(s, from: i, quote: b, escapes: false)
                w.token(.string, start, i)
            } else if HLScan.isIdentStart(b) {
                i = HLScan.skip(s, from: i, while: HLScan.isIdentChar)
                let word = HLScan.word(s, start, i)?.lowercased()
                if let pending, word.map({ pending == .function || !keywords.contains($0) }) ?? true {
                    w.token(pending, start, i)
                } else if let word, keywords.contains(word) {
                    w.token(.keyword, start, i)
                    pendingName = namers[word]
                }
            } else if HLScan.isDigit(b) || (b == 0x2E && i + 1 < n && HLScan.isDigit(s[i + 1])) {
                i = numberEnd(s, from: i)
                w.token(.number, start, i)
            } else if b == 0x2E, let end = dottedEnd(s, at: i) {
                // `.true.`, `.and.`, a user's `.cross.`.
                i = end
                let word = HLScan.word(s, start, i)?.lowercased()
                w.token(word == ".true." || word == ".false." ? .keyword : .op, start, i)
            } else if isOperator(b) {
                i = HLScan.skip(s, from: i, while: isOperator)
                w.token(.op, start, i)
            } else {
                i += 1
            }
        }
    }

    @inline(__always) private static func isOperator(_ b: UInt8) -> Bool {
        switch b {
        case 0x3D, 0x2B, 0x2D, 0x2A, 0x2F, 0x3C, 0x3E, 0x26, 0x3A, 0x25: return true
        default: return false
        }
    }

    /// The end of a dotted operator or constant at the `.` at `i` (letters and a closing `.`), or nil.
    private static func dottedEnd(_ s: [UInt8], at i: Int) -> Int? {
        let lettersEnd = HLScan.skip(s, from: i + 1) { ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A }
        guard lettersEnd > i + 1, lettersEnd - i <= 32, lettersEnd < s.count, s[lettersEnd] == 0x2E else { return nil }
        return lettersEnd + 1
    }

    /// The end of a number: digits, a fraction, an exponent with `e` or `d` (and a sign), and a kind
    /// (`_8`, `_dp`). A `.` that starts a dotted operator (`1.eq.x`) is not part of it.
    private static func numberEnd(_ s: [UInt8], from start: Int) -> Int {
        var i = HLScan.skip(s, from: start, while: HLScan.isDigit)
        if i < s.count && s[i] == 0x2E && dottedEnd(s, at: i) == nil {
            i = HLScan.skip(s, from: i + 1, while: HLScan.isDigit)
        }
        if i < s.count && (s[i] | 0x20 == 0x65 || s[i] | 0x20 == 0x64) {
            var k = i + 1
            if k < s.count && (s[k] == 0x2B || s[k] == 0x2D) { k += 1 }
            if k < s.count && HLScan.isDigit(s[k]) { i = HLScan.skip(s, from: k, while: HLScan.isDigit) }
        }
        if i + 1 < s.count && s[i] == 0x5F && HLScan.isIdentChar(s[i + 1]) {
            i = HLScan.skip(s, from: i + 1, while: HLScan.isIdentChar)
        }
        return i
    }
}
