/// The SQL scanner (standard SQL with the common words of PostgreSQL, MySQL and SQLite): keywords
/// and type names in any case, `'…'` strings (a doubled `''` is a quote inside; `E'…'` takes
/// backslash escapes), `"…"` quoted names and PostgreSQL's `$$…$$` and `$tag$…$tag$` bodies as
/// strings, `--` and `/* */` comments, numbers, called functions, parameters (`$1`, `:name`,
/// `@var`, `?`) as variables, and operators.
enum SQLScanner {
    static let keywords: Set<String> = [
        "add", "all", "alter", "and", "any", "as", "asc", "begin", "between", "by", "cascade", "case", "cast",
        "check", "column", "commit", "constraint", "create", "cross", "current_date", "current_time",
        "current_timestamp", "database", "declare", "default", "delete", "desc", "distinct", "do", "drop",
        "else", "end", "escape", "except", "exists", "explain", "false", "fetch", "filter", "first", "for",
        "foreign", "from", "full", "function", "grant", "group", "having", "if", "ilike", "in", "index",
        "inner", "insert", "intersect", "into", "is", "join", "key", "language", "last", "lateral", "left",
        "like", "limit", "materialized", "natural", "not", "null", "nulls", "offset", "on", "or", "order",
        "outer", "over", "partition", "pragma", "primary", "procedure", "recursive", "references", "replace",
        "returning", "returns", "revoke", "right", "rollback", "rows", "schema", "select", "set", "table",
        "temporary", "temp", "then", "to", "transaction", "trigger", "true", "truncate", "union", "unique",
        "update", "using", "vacuum", "values", "view", "when", "where", "window", "with", "without",
        // Type names.
        "bigint", "bigserial", "binary", "bit", "blob", "boolean", "bool", "bytea", "char", "character",
        "date", "datetime", "decimal", "double", "float", "int", "integer", "interval", "json", "jsonb",
        "numeric", "precision", "real", "serial", "smallint", "text", "time", "timestamp", "timestamptz",
        "tinyint", "uuid", "varchar", "varying", "zone",
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
            } else if b == 0x2D && next == 0x2D {
                i = HLScan.lineEnd(s, from: i)
                w.token(.comment, start, i)
            } else if b == 0x2F && next == 0x2A {
                i = CFamilyScanner.blockCommentEnd(s, from: i, nested: false)
                w.token(.comment, start, i)
            } else if b == HLScan.singleQuote || b == HLScan.doubleQuote {
                i = HLScan.quotedEnd(s, from: i, quote: b, multiline: true, escapes: false)
                w.token(.string, start, i)
            } else if b == 0x60 {
                // MySQL's quoted names are names: plain.
                i = HLScan.quotedEnd(s, from: i, quote: b, escapes: false)
            } else if b == 0x24, let end = dollarQuotedEnd(s, at: i) {
                i = end
                w.token(.string, start, i)
            } else if (b == 0x24 || b == 0x3A || b == 0x40) && next != b && (HLScan.isIdentChar(next) && next < 0x80) {
                // `$1`, `:name`, `@var` (a `::` cast is an operator).
                i = HLScan.skip(s, from: i + 1) { HLScan.isIdentChar($0) && $0 < 0x80 }
                w.token(.variable, start, i)
            } else if b == 0x3F {
                i += 1
                w.token(.variable, start, i)
            } else if HLScan.isDigit(b) || (b == 0x2E && HLScan.isDigit(next)) {
                i = HLScan.numberEnd(s, from: i)
                w.token(.number, start, i)
            } else if HLScan.isIdentStart(b) {
                i = HLScan.skip(s, from: i, while: HLScan.isIdentChar)
                if (b | 0x20) == 0x65 && i == start + 1 && i < n && s[i] == HLScan.singleQuote {
                    // `E'…'`: PostgreSQL's string with backslash escapes.
                    i = HLScan.quotedEnd(s, from: i, quote: HLScan.singleQuote, multiline: true)
                    w.token(.string, start, i)
                    continue
                }
                if let word = HLScan.word(s, start, i)?.lowercased(), keywords.contains(word) {
                    w.token(.keyword, start, i)
                } else if i < n && s[i] == 0x28 {
                    w.token(.function, start, i)
                }
            } else if isOperator(b) {
                i += 1
                // Stop before a comment, so `a=--c` keeps the comment.
                while i < n && isOperator(s[i]) && !((s[i] == 0x2D && i + 1 < n && s[i + 1] == 0x2D) || (s[i] == 0x2F && i + 1 < n && s[i + 1] == 0x2A)) {
                    i += 1
                }
                w.token(.op, start, i)
            } else {
                i += 1
            }
        }
    }

    @inline(__always) private static func isOperator(_ b: UInt8) -> Bool {
        switch b {
        case 0x3D, 0x3C, 0x3E, 0x21, 0x2B, 0x2D, 0x2A, 0x2F, 0x25, 0x7C, 0x26, 0x7E, 0x5E, 0x3A: return true
        default: return false
        }
    }

    /// The end of PostgreSQL's dollar-quoted string at the `$` at `i` (`$$…$$`, `$body$…$body$`):
    /// past its closing tag, or the end of the input; nil when `i` opens none.
    static func dollarQuotedEnd(_ s: [UInt8], at i: Int) -> Int? {
        var k = i + 1
        // A tag is a name that does not start with a digit, so `$1` stays a parameter.
        if k < s.count && HLScan.isIdentStart(s[k]) && s[k] < 0x80 {
            k = HLScan.skip(s, from: k) { HLScan.isIdentChar($0) && $0 < 0x80 }
        }
        guard k < s.count && s[k] == 0x24 else { return nil }
        let tag = Array(s[i...k])
        k += 1
        // The tag holds no `$` but its ends, so a failed match stops at or before the next `$`,
        // where the search resumes: every byte is read about once.
        while k < s.count {
            guard s[k] == 0x24 else {
                k += 1
                continue
            }
            var m = k + 1
            while m < s.count && m - k < tag.count && s[m] == tag[m - k] { m += 1 }
            if m - k == tag.count { return m }
            k = m
        }
        return s.count
    }
}
