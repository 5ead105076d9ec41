/// The Makefile scanner: rule targets as functions (special targets such as `.PHONY` as keywords),
/// the names assignments set as variables with their operator (`=`, `:=`, `?=`, `+=`, `!=`),
/// references `$(X)`, `${X}`, `$@`, `$<` as variables, `#` comments, and directives (`include`,
/// `ifeq`, `define`, `export`, …) as keywords. Recipe lines (led by a tab after a rule) and a rule's
/// `; command` go through the shell scanner, which knows make's `$` (see `ShellScanner.scan`).
enum MakefileScanner {
    static let directives: Set<String> = [
        "include", "-include", "sinclude", "ifeq", "ifneq", "ifdef", "ifndef", "else", "endif", "define",
        "endef", "undefine", "export", "unexport", "override", "private", "vpath",
    ]

    /// Directives after which the line is an assignment or a rule as usual.
    static let prefixes: Set<String> = ["export", "unexport", "override", "private"]

    /// Conditionals, which may stand between a rule's recipe lines.
    static let conditionals: Set<String> = ["ifeq", "ifneq", "ifdef", "ifndef", "else", "endif"]

    static func scan(_ w: inout HighlightWriter) {
        let s = w.source
        let n = s.count
        var i = 0
        var inRule = false
        /// How deep `define` … `endef` blocks are open: their lines are a variable's value.
        var defines = 0
        while i < n {
            let end = logicalLineEnd(s, from: i)
            if s[i] == 0x09 && inRule && defines == 0 {
                ShellScanner.scan(&w, range: (i + 1)..<end, make: true)
            } else {
                line(&w, i, end, inRule: &inRule, defines: &defines)
            }
            i = end + 1
        }
    }

    /// The end of the line starting at `start`, following lines continued by a trailing `\`.
    static func logicalLineEnd(_ s: [UInt8], from start: Int) -> Int {
        var end = HLScan.lineEnd(s, from: start)
        while end < s.count && HLScan.continues(s, lineEnd: end) {
            end = HLScan.lineEnd(s, from: end + 1)
        }
        return end
    }

    /// Writes a line that is not a recipe: a comment, a directive, an assignment or a rule.
    private static func line(_ w: inout HighlightWriter, _ start: Int, _ end: Int, inRule: inout Bool, defines: inout Int) {
        let s = w.source
        var i = HLScan.skip(s, from: start, while: HLScan.isBlank)
        guard i < end else { return }
        if s[i] == HLScan.hash {
            w.token(.comment, i, end)
            return
        }
        // Up to two directive words: `override define NAME`, `export CC = gcc`.
        for _ in 0..<2 {
            let wordEnd = HLScan.skip(s, from: i) { (HLScan.isIdentChar($0) && $0 < 0x80) || $0 == 0x2D }
            guard wordEnd <= end, wordEnd == end || HLScan.isSpace(s[wordEnd]) || s[wordEnd] == 0x28,
                  let word = HLScan.word(s, i, wordEnd), directives.contains(word),
                  defines == 0 || word == "define" || word == "endef"
            else { break }
            w.token(.keyword, i, wordEnd)
            if word == "define" {
                defines += 1
            } else if word == "endef" {
                defines = max(0, defines - 1)
            }
            if !conditionals.contains(word) { inRule = false }
            i = HLScan.skip(s, from: wordEnd, while: HLScan.isBlank)
            guard prefixes.contains(word) else {
                references(&w, i, end)
                return
            }
        }
        guard defines == 0 else {
            references(&w, i, end)
            return
        }
        guard let (separator, isRule) = separator(s, from: i, end: end) else {
            references(&w, i, end)
            return
        }
        if isRule {
            targets(&w, i, separator)
            var colons = separator
            while colons < end && s[colons] == 0x3A { colons += 1 }
            w.token(.op, separator, colons)
            inRule = true
            // `target: prerequisites ; command`
            var k = colons
            while k < end && s[k] != 0x3B && s[k] != HLScan.hash {
                k = s[k] == 0x24 && k + 1 < end ? referenceEnd(s, at: k, end: end) : k + 1
            }
            references(&w, colons, k)
            if k < end && s[k] == 0x3B {
                w.token(.op, k, k + 1)
                ShellScanner.scan(&w, range: (k + 1)..<end, make: true)
            } else if k < end {
                w.token(.comment, k, end)
            }
        } else {
            var nameEnd = separator
            while nameEnd > i && (HLScan.isBlank(s[nameEnd - 1]) || isOperatorByte(s[nameEnd - 1])) { nameEnd -= 1 }
            references(&w, i, nameEnd, nameClass: .variable)
            var operatorStart = separator
            while operatorStart > nameEnd && isOperatorByte(s[operatorStart - 1]) { operatorStart -= 1 }
            w.token(.op, operatorStart, separator + 1)
            references(&w, separator + 1, end)
            inRule = false
        }
    }

    /// Whether `b` can come before the `=` of an assignment operator (`:=`, `::=`, `?=`, `+=`, `!=`).
    @inline(__always) private static func isOperatorByte(_ b: UInt8) -> Bool {
        b == 0x3A || b == 0x3F || b == 0x2B || b == 0x21
    }

    /// The first `=` or rule `:` of the line outside references, and whether it makes a rule; nil
    /// when there is neither (a line that only calls a function, say) or a comment comes first.
    private static func separator(_ s: [UInt8], from start: Int, end: Int) -> (Int, Bool)? {
        var i = start
        while i < end {
            switch s[i] {
            case 0x24 where i + 1 < end: i = referenceEnd(s, at: i, end: end)
            case HLScan.hash: return nil
            case HLScan.backslash: i += 2
            case 0x3D: return (i, false)
            case 0x3A:
                var k = i
                while k < end && s[k] == 0x3A { k += 1 }
                if k < end && s[k] == 0x3D { return (k, false) }
                return (i, true)
            default: i += 1
            }
        }
        return nil
    }

    /// Writes a rule's targets: special ones (`.PHONY`, `.SUFFIXES`) as keywords, others as functions.
    private static func targets(_ w: inout HighlightWriter, _ start: Int, _ end: Int) {
        let s = w.source
        var i = start
        while i < end {
            if HLScan.isBlank(s[i]) {
                i += 1
                continue
            }
            if s[i] == 0x24 && i + 1 < end {
                let referenceEnd = referenceEnd(s, at: i, end: end)
                w.token(.variable, i, referenceEnd)
                i = referenceEnd
                continue
            }
            let wordStart = i
            while i < end && !HLScan.isBlank(s[i]) && s[i] != 0x24 { i += 1 }
            let isSpecial = s[wordStart] == 0x2E && i > wordStart + 1 && s[(wordStart + 1)..<i].allSatisfy { HLScan.isUpper($0) || $0 == 0x5F }
            w.token(isSpecial ? .keyword : .function, wordStart, i)
        }
    }

    /// Writes the references and any comment in `start..<end`; with `nameClass`, the rest as that class.
    private static func references(_ w: inout HighlightWriter, _ start: Int, _ end: Int, nameClass: HLClass? = nil) {
        let s = w.source
        var i = start
        while i < end {
            let b = s[i]
            if b == 0x24 && i + 1 < end {
                let referenceEnd = referenceEnd(s, at: i, end: end)
                w.token(.variable, i, referenceEnd)
                i = referenceEnd
            } else if b == HLScan.hash {
                w.token(.comment, i, end)
                return
            } else if b == HLScan.backslash {
                let escaped = min(HLScan.escapeEnd(s, i), end)
                if let nameClass { w.token(nameClass, i, escaped) }
                i = escaped
            } else {
                let runStart = i
                i += 1
                while i < end && s[i] != 0x24 && s[i] != HLScan.hash && s[i] != HLScan.backslash { i += 1 }
                if let nameClass { w.token(nameClass, runStart, i) }
            }
        }
    }

    /// The end of make's reference at the `$` at `i` (with `i + 1 < end`): `$(…)` or `${…}` up to
    /// its matching parenthesis or brace (or `end`, when it is never closed), or `$` and one character.
    static func referenceEnd(_ s: [UInt8], at i: Int, end: Int) -> Int {
        let open = s[i + 1]
        guard open == 0x28 || open == 0x7B else {
            // One character, kept whole when it is not ASCII.
            var k = i + 2
            while k < end && s[k] & 0xC0 == 0x80 { k += 1 }
            return k
        }
        let close: UInt8 = open == 0x28 ? 0x29 : 0x7D
        var depth = 0
        var k = i + 1
        while k < end {
            if s[k] == open {
                depth += 1
            } else if s[k] == close {
                depth -= 1
                if depth == 0 { return k + 1 }
            }
            k += 1
        }
        return end
    }
}
