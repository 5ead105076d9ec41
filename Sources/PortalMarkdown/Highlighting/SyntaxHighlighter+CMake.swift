/// The CMake scanner: commands (`add_executable(`) as functions and the control-flow ones (`if`,
/// `foreach`, `function`, …, in any case) as keywords, the name a `function()` or `macro()` defines,
/// `${var}`, `$ENV{var}` and `$CACHE{var}` as variables (inside quoted arguments too), quoted and
/// bracket arguments (`[[…]]`, `[=[…]=]`) as strings, `#` and bracket comments (`#[[…]]`), the
/// usual upper-case keyword arguments (`PUBLIC`, `REQUIRED`, `STREQUAL`, …) and numbers.
enum CMakeScanner {
    static let controlCommands: Set<String> = [
        "if", "elseif", "else", "endif", "foreach", "endforeach", "while", "endwhile", "function",
        "endfunction", "macro", "endmacro", "return", "break", "continue", "block", "endblock",
    ]

    /// Keyword arguments common enough to mark; other upper-case words are often variable names.
    static let argumentKeywords: Set<String> = [
        "AND", "OR", "NOT", "COMMAND", "POLICY", "TARGET", "TEST", "EXISTS", "IS_DIRECTORY", "IS_ABSOLUTE",
        "IS_NEWER_THAN", "IS_SYMLINK", "MATCHES", "LESS", "GREATER", "EQUAL", "LESS_EQUAL", "GREATER_EQUAL",
        "STRLESS", "STRGREATER", "STREQUAL", "STRLESS_EQUAL", "STRGREATER_EQUAL", "VERSION_LESS",
        "VERSION_GREATER", "VERSION_EQUAL", "VERSION_LESS_EQUAL", "VERSION_GREATER_EQUAL", "IN_LIST", "DEFINED",
        "TRUE", "FALSE", "ON", "OFF", "YES", "NO", "PUBLIC", "PRIVATE", "INTERFACE", "REQUIRED", "COMPONENTS",
        "OPTIONAL_COMPONENTS", "VERSION", "LANGUAGES", "CONFIG", "QUIET", "STATIC", "SHARED", "MODULE", "OBJECT",
        "IMPORTED", "ALIAS", "CACHE", "PARENT_SCOPE", "FORCE", "INTERNAL", "BOOL", "STRING", "PATH", "FILEPATH",
        "DESTINATION", "TARGETS", "FILES", "DIRECTORY", "RANGE", "IN", "LISTS", "ITEMS", "ZIP_LISTS", "APPEND",
        "FATAL_ERROR", "SEND_ERROR", "WARNING", "STATUS", "DEPRECATION", "AUTHOR_WARNING", "NOTICE", "VERBOSE",
        "DEBUG", "TRACE", "CHECK_START", "CHECK_PASS", "CHECK_FAIL", "GLOB", "GLOB_RECURSE", "CONFIGURE_DEPENDS",
        "PROPERTIES", "NAMES", "PATHS", "HINTS", "NO_DEFAULT_PATH", "EXCLUDE_FROM_ALL", "FETCHCONTENT_MAKEAVAILABLE",
        "GIT_REPOSITORY", "GIT_TAG", "URL", "URL_HASH", "WORKING_DIRECTORY", "DEPENDS", "OUTPUT", "COMMENT",
        "VERBATIM", "ALL", "ARGS",
    ]

    static func scan(_ w: inout HighlightWriter) {
        let s = w.source
        let n = s.count
        var i = 0
        /// How many parentheses of the current command's arguments are open.
        var depth = 0
        /// Whether the next argument names what `function(` or `macro(` defines.
        var definesName = false
        while i < n {
            let b = s[i]
            let start = i
            if b == HLScan.hash {
                i = bracketEnd(s, openAt: i + 1) ?? HLScan.lineEnd(s, from: i)
                w.token(.comment, start, i)
            } else if b == 0x5B && depth > 0, let end = bracketEnd(s, openAt: i) {
                i = end
                w.token(.string, start, i)
                definesName = false
            } else if b == HLScan.doubleQuote {
                i = quoted(&w, from: i)
                definesName = false
            } else if b == 0x24 || b == HLScan.backslash {
                if b == 0x24, let end = variableEnd(s, at: i) {
                    i = end
                    w.token(.variable, start, i)
                } else {
                    i = b == HLScan.backslash ? HLScan.escapeEnd(s, i) : i + 1
                }
            } else if depth == 0 && HLScan.isIdentStart(b) {
                i = HLScan.skip(s, from: i, while: HLScan.isIdentChar)
                let open = HLScan.skip(s, from: i, while: HLScan.isSpace)
                if open < n && s[open] == 0x28, let word = HLScan.word(s, start, i)?.lowercased() {
                    w.token(controlCommands.contains(word) ? .keyword : .function, start, i)
                    definesName = word == "function" || word == "macro"
                }
            } else if depth > 0 && (HLScan.isIdentStart(b) || HLScan.isDigit(b)) {
                // An unquoted argument up to a space, parenthesis, quote, `$` or `#`: a keyword or number only when it is one whole.
                i = HLScan.skip(s, from: i, while: isArgumentByte)
                if definesName {
                    w.token(.function, start, i)
                } else if HLScan.isDigit(b) {
                    if s[start..<i].allSatisfy({ HLScan.isDigit($0) || $0 == 0x2E }) { w.token(.number, start, i) }
                } else if let word = HLScan.word(s, start, i), argumentKeywords.contains(word) {
                    w.token(.keyword, start, i)
                }
                definesName = false
            } else {
                if b == 0x28 {
                    depth += 1
                } else if b == 0x29 {
                    depth = max(0, depth - 1)
                }
                i += 1
            }
        }
    }

    /// Whether `b` continues an unquoted argument.
    @inline(__always) private static func isArgumentByte(_ b: UInt8) -> Bool {
        !HLScan.isSpace(b) && b != 0x28 && b != 0x29 && b != HLScan.doubleQuote && b != 0x24 && b != HLScan.hash
            && b != HLScan.backslash && b != 0x3B
    }

    /// Writes the quoted argument whose `"` is at `start`, with its variable references, and returns
    /// its end: after the closing quote, or the end of the input (a quoted argument may span lines).
    private static func quoted(_ w: inout HighlightWriter, from start: Int) -> Int {
        let s = w.source
        var segment = start
        var i = start + 1
        while i < s.count {
            let b = s[i]
            if b == HLScan.doubleQuote {
                i += 1
                break
            }
            if b == HLScan.backslash {
                i = HLScan.escapeEnd(s, i)
                if i < s.count && s[i] == HLScan.newline { i += 1 }
            } else if b == 0x24, let end = variableEnd(s, at: i) {
                w.token(.string, segment, i)
                w.token(.variable, i, end)
                segment = end
                i = end
            } else {
                i += 1
            }
        }
        w.token(.string, segment, i)
        return i
    }

    /// The end of the variable reference at the `$` at `i` (`${name}`, `$ENV{name}`, `$CACHE{name}`),
    /// or nil. The name is letters, digits and `/_.+-`; a reference nested in a name
    /// (`${a_${b}}`) is marked alone, which keeps the scan linear.
    private static func variableEnd(_ s: [UInt8], at i: Int) -> Int? {
        var k = i + 1
        if HLScan.matches(s, at: k, "ENV{") {
            k += 3
        } else if HLScan.matches(s, at: k, "CACHE{") {
            k += 5
        }
        guard k < s.count && s[k] == 0x7B else { return nil }
        k += 1
        let nameStart = k
        while k < s.count && (HLScan.isIdentChar(s[k]) || s[k] == 0x2F || s[k] == 0x2E || s[k] == 0x2B || s[k] == 0x2D) { k += 1 }
        guard k > nameStart && k < s.count && s[k] == 0x7D else { return nil }
        return k + 1
    }

    /// The end of the bracket argument or comment whose `[` is at `open` (`[[`, `[=[`, …): just past
    /// its closing `]]` (`]=]`, …), or the end of the input; nil when `open` does not start one.
    static func bracketEnd(_ s: [UInt8], openAt open: Int) -> Int? {
        guard open < s.count && s[open] == 0x5B else { return nil }
        let equals = HLScan.skip(s, from: open + 1) { $0 == 0x3D }
        guard equals < s.count && s[equals] == 0x5B else { return nil }
        let level = equals - open - 1
        var i = equals + 1
        while i < s.count {
            if s[i] == 0x5D {
                var k = i + 1
                while k < s.count && k - i - 1 < level && s[k] == 0x3D { k += 1 }
                if k - i - 1 == level && k < s.count && s[k] == 0x5D { return k + 1 }
                // Resume at the byte that broke the match: it may be the next `]`.
                i = max(k, i + 1)
            } else {
                i += 1
            }
        }
        return s.count
    }
}
