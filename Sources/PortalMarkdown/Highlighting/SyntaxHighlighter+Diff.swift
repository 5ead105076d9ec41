/// The diff scanner (unified diffs, git's, and the older `<`/`>` format): added lines as `hl-a`,
/// deleted lines as `hl-d`, file headers (`diff`, `index`, `---`, `+++` and git's extended headers)
/// as types, hunk headers (`@@ -1,3 +1,4 @@`) as keywords, and `\ No newline at end of file` as a
/// comment. Inside a hunk, lines are counted from its header, so a deleted line that reads
/// `--- x` is a deletion, not a header.
enum DiffScanner {
    /// How file headers start, outside hunks.
    static let headers: [StaticString] = [
        "diff ", "index ", "--- ", "+++ ", "*** ", "new file mode", "deleted file mode", "old mode", "new mode",
        "similarity index", "dissimilarity index", "rename from", "rename to", "copy from", "copy to",
        "Binary files", "Only in ",
    ]

    static func scan(_ w: inout HighlightWriter) {
        let s = w.source
        let n = s.count
        var i = 0
        /// Lines left in the current hunk, on each side; both 0 outside hunks.
        var oldLeft = 0
        var newLeft = 0
        while i < n {
            let lineEnd = HLScan.lineEnd(s, from: i)
            var end = lineEnd
            if end > i && s[end - 1] == 0x0D { end -= 1 }
            let first: UInt8 = i < end ? s[i] : 0
            if oldLeft > 0 || newLeft > 0 {
                var inHunk = true
                switch first {
                case 0x2B:
                    w.token(.added, i, end)
                    newLeft -= 1
                case 0x2D:
                    w.token(.deleted, i, end)
                    oldLeft -= 1
                case 0x20, 0:
                    // Context, or the empty line some tools write for an empty context line.
                    oldLeft -= 1
                    newLeft -= 1
                case HLScan.backslash:
                    w.token(.comment, i, end)
                default:
                    inHunk = false
                }
                oldLeft = inHunk ? max(0, oldLeft) : 0
                newLeft = inHunk ? max(0, newLeft) : 0
                if inHunk {
                    i = lineEnd + 1
                    continue
                }
            }
            if HLScan.matches(s, at: i, "@@") {
                let counts = hunkCounts(s, from: i + 2, end: end)
                oldLeft = counts.old
                newLeft = counts.new
                w.token(.keyword, i, hunkHeaderEnd(s, from: i, end: end))
            } else if headers.contains(where: { HLScan.matches(s, at: i, $0) }) || (end - i == 3 && (HLScan.matches(s, at: i, "---") || HLScan.matches(s, at: i, "+++"))) {
                w.token(.type, i, end)
            } else if first == 0x2B || first == 0x3E {
                w.token(.added, i, end)
            } else if first == 0x2D || first == 0x3C {
                w.token(.deleted, i, end)
            } else if first == HLScan.backslash {
                w.token(.comment, i, end)
            }
            i = lineEnd + 1
        }
    }

    /// The end of a hunk header's `@@ … @@` (its `@` run, the ranges and the closing run) at `start`;
    /// the text after it (the function git names) stays plain.
    private static func hunkHeaderEnd(_ s: [UInt8], from start: Int, end: Int) -> Int {
        let opening = HLScan.skip(s, from: start) { $0 == 0x40 }
        var i = opening
        while i < end && s[i] != 0x40 { i += 1 }
        return min(HLScan.skip(s, from: i) { $0 == 0x40 }, end)
    }

    /// The line counts of a hunk header's ranges (` -12,5 +12,6 @@`, a count of 1 when left out),
    /// or zeros when the header cannot be read; then lines are told apart by their first character alone.
    private static func hunkCounts(_ s: [UInt8], from start: Int, end: Int) -> (old: Int, new: Int) {
        var i = HLScan.skip(s, from: start, while: HLScan.isBlank)
        guard i < end, s[i] == 0x2D, let old = range(s, from: i + 1, end: end) else { return (0, 0) }
        i = HLScan.skip(s, from: old.end, while: HLScan.isBlank)
        guard i < end, s[i] == 0x2B, let new = range(s, from: i + 1, end: end) else { return (0, 0) }
        return (old.count, new.count)
    }

    /// A hunk range `12,5` (or `12`) from `start`: its count and where it ends.
    private static func range(_ s: [UInt8], from start: Int, end: Int) -> (count: Int, end: Int)? {
        let digitsEnd = HLScan.skip(s, from: start, while: HLScan.isDigit)
        guard digitsEnd > start && digitsEnd <= end else { return nil }
        guard digitsEnd < end && s[digitsEnd] == 0x2C else { return (1, digitsEnd) }
        let countEnd = HLScan.skip(s, from: digitsEnd + 1, while: HLScan.isDigit)
        // Nine digits at most: a count past that is no real hunk, and must not overflow.
        guard countEnd > digitsEnd + 1, countEnd <= end, countEnd - digitsEnd - 1 <= 9,
              let count = Int(String(decoding: s[(digitsEnd + 1)..<countEnd], as: UTF8.self))
        else { return nil }
        return (count, countEnd)
    }
}
