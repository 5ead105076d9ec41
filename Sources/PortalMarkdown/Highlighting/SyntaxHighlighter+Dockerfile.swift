/// The Dockerfile scanner: instructions (`FROM`, `RUN`, …, in any case) and `AS` as keywords, `#`
/// comment lines, quoted strings, `$VAR` and `${VAR…}` variables, `--flag` options as properties,
/// the names `ENV` and `ARG` set as variables and `LABEL` keys as properties, and numbers
/// (`EXPOSE 8080`). The command of `RUN`, and the shell forms of `CMD` and `ENTRYPOINT`, go through
/// the shell scanner, here-documents (`RUN <<EOF`) included.
enum DockerfileScanner {
    static let instructions: Set<String> = [
        "add", "arg", "cmd", "copy", "entrypoint", "env", "expose", "from", "healthcheck", "label",
        "maintainer", "onbuild", "run", "shell", "stopsignal", "user", "volume", "workdir",
    ]

    /// What the words of an instruction's arguments name.
    private enum Names {
        /// Nothing: only strings, variables, flags and numbers are marked.
        case none
        /// `ENV` and `ARG`: the first word, and words ending in `=`, name variables.
        case variables
        /// `LABEL`: words before `=` are keys.
        case keys
        /// `FROM`: `AS` names the stage.
        case image
    }

    static func scan(_ w: inout HighlightWriter) {
        let s = w.source
        let n = s.count
        var i = 0
        while i < n {
            let first = HLScan.skip(s, from: i, while: HLScan.isBlank)
            if first < n && s[first] == HLScan.hash {
                let end = HLScan.lineEnd(s, from: first)
                w.token(.comment, first, end)
                i = end + 1
                continue
            }
            let end = instructionEnd(s, from: i)
            i = instruction(&w, first, end) + 1
        }
    }

    /// The end of the instruction whose first line starts at `start`: the line break (or end of the
    /// input) after its last line, following lines continued by a trailing `\`, and comment lines
    /// between them, which Docker leaves out.
    static func instructionEnd(_ s: [UInt8], from start: Int) -> Int {
        var end = HLScan.lineEnd(s, from: start)
        while end < s.count && HLScan.continues(s, lineEnd: end) {
            var next = end + 1
            while true {
                let lineEnd = HLScan.lineEnd(s, from: next)
                let first = HLScan.skip(s, from: next, while: HLScan.isBlank)
                if first < lineEnd && s[first] == HLScan.hash && lineEnd < s.count {
                    next = lineEnd + 1
                    continue
                }
                end = lineEnd
                break
            }
        }
        return end
    }

    /// Writes the instruction in `start..<end` and returns where it ends (after any here-documents).
    private static func instruction(_ w: inout HighlightWriter, _ start: Int, _ end: Int) -> Int {
        let s = w.source
        var i = start
        var name = ""
        // `ONBUILD` takes another instruction after it.
        for _ in 0..<2 {
            let wordEnd = HLScan.skip(s, from: i) { HLScan.isIdentChar($0) && $0 < 0x80 }
            guard let word = HLScan.word(s, i, wordEnd)?.lowercased(), instructions.contains(word) else { break }
            w.token(.keyword, i, wordEnd)
            name = word
            i = HLScan.skip(s, from: wordEnd, while: HLScan.isBlank)
            if word != "onbuild" { break }
        }
        switch name {
        case "run", "cmd", "entrypoint":
            // Flags (`RUN --mount=type=cache,target=/root/.cache`) come before the command.
            while i + 1 < end && s[i] == 0x2D && s[i + 1] == 0x2D {
                let flagEnd = HLScan.skip(s, from: i) { !HLScan.isSpace($0) }
                arguments(&w, i, min(flagEnd, end), names: .none)
                i = HLScan.skip(s, from: flagEnd, while: HLScan.isBlank)
            }
            guard i < end, s[i] != 0x5B else {
                // The exec form, `["python", "app.py"]`.
                arguments(&w, i, end, names: .none)
                return end
            }
            let last = hereDocumentsEnd(s, command: i..<end)
            ShellScanner.scan(&w, range: i..<last)
            return last
        case "env", "arg": arguments(&w, i, end, names: .variables)
        case "label": arguments(&w, i, end, names: .keys)
        case "from": arguments(&w, i, end, names: .image)
        default: arguments(&w, i, end, names: .none)
        }
        return end
    }

    /// Writes strings, variables, flags, numbers and the names the instruction sets in `start..<end`.
    private static func arguments(_ w: inout HighlightWriter, _ start: Int, _ end: Int, names: Names) {
        let s = w.source
        var i = start
        var wordStart = true
        var firstWord = true
        var lineStart = false
        while i < end {
            let b = s[i]
            let tokenStart = i
            if HLScan.isSpace(b) {
                if b == HLScan.newline { lineStart = true }
                i += 1
                wordStart = true
                continue
            }
            let isLineStart = lineStart
            lineStart = false
            if b == HLScan.backslash {
                i = min(HLScan.escapeEnd(s, i), end)
                wordStart = false
                continue
            }
            if b == HLScan.hash && isLineStart {
                // A comment line inside a continued instruction.
                i = min(HLScan.lineEnd(s, from: i), end)
                w.token(.comment, tokenStart, i)
                continue
            }
            let isWordStart = wordStart
            wordStart = false
            if b == HLScan.doubleQuote || b == HLScan.singleQuote {
                i = min(HLScan.quotedEnd(s, from: i, quote: b, escapes: b == HLScan.doubleQuote), end)
                w.token(names == .keys && isWordStart && i < end && s[i] == 0x3D ? .property : .string, tokenStart, i)
            } else if b == 0x24, let variableEnd = variableEnd(s, at: i, end: end) {
                i = variableEnd
                w.token(.variable, tokenStart, i)
            } else if isWordStart && b == 0x2D && i + 1 < end && s[i + 1] == 0x2D {
                i = HLScan.skip(s, from: i + 2) { HLScan.isIdentChar($0) && $0 < 0x80 || $0 == 0x2D }
                w.token(.property, tokenStart, min(i, end))
            } else if isWordStart && HLScan.isDigit(b) {
                i = HLScan.skip(s, from: i, while: HLScan.isDigit)
                if i >= end || HLScan.isSpace(s[i]) || s[i] == 0x2F {
                    w.token(.number, tokenStart, i)
                }
            } else if isWordStart && HLScan.isIdentStart(b) && b < 0x80 {
                i = HLScan.skip(s, from: i) { (HLScan.isIdentChar($0) || $0 == 0x2E || $0 == 0x2D) && $0 < 0x80 }
                i = min(i, end)
                let setsName = i < end && s[i] == 0x3D
                if names == .variables && (setsName || firstWord) {
                    w.token(.variable, tokenStart, i)
                } else if names == .keys && setsName {
                    w.token(.property, tokenStart, i)
                } else if names == .image && HLScan.word(s, tokenStart, i)?.lowercased() == "as" {
                    w.token(.keyword, tokenStart, i)
                }
            } else {
                i += 1
            }
            firstWord = false
        }
    }

    /// The end of the variable at the `$` at `i` (`$NAME`, `${NAME}`, `${NAME:-default}`), or nil.
    /// A `${` is searched for its `}` up to the next `$`, `{` or line break, so that a run of
    /// unclosed ones is read once.
    private static func variableEnd(_ s: [UInt8], at i: Int, end: Int) -> Int? {
        guard i + 1 < end else { return nil }
        if s[i + 1] == 0x7B {
            var k = i + 2
            while k < end && s[k] != 0x7D && s[k] != HLScan.newline && s[k] != 0x24 && s[k] != 0x7B { k += 1 }
            return k < end && s[k] == 0x7D ? k + 1 : nil
        }
        guard HLScan.isIdentStart(s[i + 1]) && s[i + 1] < 0x80 else { return nil }
        return HLScan.skip(s, from: i + 2) { HLScan.isIdentChar($0) && $0 < 0x80 }
    }

    /// Where a `RUN` command ends when it opens here-documents (`RUN <<EOF` … `EOF`): after the line
    /// that closes the last one. `command` is the command's range; returns its end when it opens none.
    private static func hereDocumentsEnd(_ s: [UInt8], command: Range<Int>) -> Int {
        var delimiters: [(word: [UInt8], stripsTabs: Bool)] = []
        var i = command.lowerBound
        while i + 1 < command.upperBound {
            guard s[i] == 0x3C && s[i + 1] == 0x3C, i + 2 >= command.upperBound || s[i + 2] != 0x3C else {
                i += 1
                continue
            }
            i += 2
            let stripsTabs = i < command.upperBound && s[i] == 0x2D
            if stripsTabs { i += 1 }
            var word: [UInt8] = []
            while i < command.upperBound && (HLScan.isIdentChar(s[i]) || s[i] == HLScan.singleQuote || s[i] == HLScan.doubleQuote) {
                if s[i] != HLScan.singleQuote && s[i] != HLScan.doubleQuote { word.append(s[i]) }
                i += 1
            }
            if !word.isEmpty { delimiters.append((word, stripsTabs)) }
        }
        var end = command.upperBound
        for delimiter in delimiters {
            // Each document runs to a line that is its delimiter alone.
            while end < s.count {
                let lineStart = end + 1
                end = HLScan.lineEnd(s, from: lineStart)
                var first = lineStart
                if delimiter.stripsTabs { first = HLScan.skip(s, from: first) { $0 == 0x09 } }
                var last = end
                if last > first && s[last - 1] == 0x0D { last -= 1 }
                if last - first == delimiter.word.count && s[first..<last].elementsEqual(delimiter.word) { break }
            }
        }
        return end
    }
}
