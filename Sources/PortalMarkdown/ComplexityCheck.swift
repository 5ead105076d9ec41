/// Finds, in one pass over a body and before cmark-gfm sees it, the shapes that cmark-gfm
/// 0.29.0.gfm.6 (Debian 12's) parses in time that grows with the square of their size.
///
/// Upstream fixed them in 0.29.0.gfm.7 to .13; the library stays the system's, so the page is
/// refused here instead, at the start of the shape. Each limit is far above what a written page
/// needs and low enough that the parse stays linear in the size of the body. The check counts
/// over-generously (it does not know code spans or code blocks, and takes a paragraph to run to the
/// next blank line), so that no shape gets past it by hiding where the check looks less closely
/// than the parser does.
struct ComplexityCheck {
    /// Block quotes and list items a line is inside (`> - > 1. x`, or list items nested over many
    /// lines): blank lines and emphasis below them cost time proportional to the depth
    /// (GHSA-66g8-4hjf-77xh).
    static let maximumDepth = 32
    /// `[` and `![` left open in one paragraph: every link closed after them walks back over
    /// them (GHSA-r572-jvj2-3m8p).
    static let maximumOpenBrackets = 32
    /// `<?`, `<!X`, `<![CDATA[` and `<!--` waiting for their closer in one paragraph: each scans
    /// to the closer or the paragraph's end (GHSA-24f7-9frr-5h2r).
    static let maximumUnclosedHTML = 32
    /// Starts of literal addresses (`www.`, `@`, `://`) in one word, and `)` in a word holding one:
    /// the autolink extension scans the rest of the word from each (GHSA-29g3-96g3-jg6c).
    static let maximumAutolinkStarts = 32
    /// Cells in one row of a table, or in the line above a delimiter row: the table extension
    /// takes time that grows with the square of a row's cells (GHSA-w4qg-3vf7-m9x5).
    static let maximumTableCells = 256

    /// Why cmark-gfm must not parse these shapes, said once for every message.
    static let cost = "cmark-gfm 0.29 parses it in time that grows with the square of its length"

    /// The first shape of `text` over a limit, or nil when cmark-gfm parses it in linear time.
    static func firstRefusal(in text: String) -> MarkdownRefusal? {
        var text = text
        return text.withUTF8 { bytes in
            var scanner = Scanner(bytes: bytes)
            return scanner.run()
        }
    }
}

extension ComplexityCheck {
    /// The scan itself: lines, paragraphs (text between blank lines), words and tables.
    struct Scanner {
        let bytes: UnsafeBufferPointer<UInt8>
        private var line = 1
        /// The content columns of the list items open, outermost first.
        private var listItems: [Int] = []
        /// Offsets of the `[` and `![` open in this paragraph, oldest first.
        private var brackets: [Place] = []
        /// Per `HTMLOpener`: how many wait for their closer in this paragraph, and the first of them.
        private var unclosed: [(count: Int, first: Place?)] = Array(repeating: (0, nil), count: HTMLOpener.allCases.count)
        /// The word being read: address starts, `)` and the first address start.
        private var wordStarts = 0
        private var wordParens = 0
        private var wordFirstStart: Place?
        /// The table being read: its columns, where it starts, its bytes and the cells its rows leave out.
        private var table: (columns: Int, start: Place, bytes: Int, leftOut: Int)?
        /// The line before this one: whether it was blank, and where its text starts and ends.
        private var previous: (blank: Bool, first: Int, end: Int) = (true, 0, 0)

        init(bytes: UnsafeBufferPointer<UInt8>) {
            self.bytes = bytes
        }

        mutating func run() -> MarkdownRefusal? {
            var start = 0
            while start <= bytes.count {
                // A line ends at LF, CR LF or a lone CR, as cmark reads it; lines are counted by LF.
                var end = start
                while end < bytes.count, bytes[end] != 0x0A, bytes[end] != 0x0D { end += 1 }
                if let refusal = scanLine(start, end) { return refusal }
                guard end < bytes.count else { break }
                if bytes[end] == 0x0D, end + 1 < bytes.count, bytes[end + 1] == 0x0A {
                    start = end + 2
                    line += 1
                } else {
                    if bytes[end] == 0x0A { line += 1 }
                    start = end + 1
                }
            }
            return nil
        }

        private mutating func scanLine(_ start: Int, _ end: Int) -> MarkdownRefusal? {
            endWord()
            var first = start
            while first < end, bytes[first] == 0x20 || bytes[first] == 0x09 { first += 1 }
            if first == end {
                // A blank line ends every paragraph and table.
                brackets.removeAll(keepingCapacity: true)
                for index in unclosed.indices { unclosed[index] = (0, nil) }
                table = nil
                previous = (true, 0, 0)
                return nil
            }
            if let refusal = checkDepth(start, first, end) { return refusal }
            if let refusal = checkTable(first, end) { return refusal }
            return scanInlines(start, end)
        }

        // MARK: Block nesting

        /// Counts the block quotes and list items a line is inside: the quote markers it writes and
        /// the list items still open from earlier lines (a list item stays open for lines indented
        /// up to its content, so nesting can be built up over many lines) plus those it opens.
        /// Items are closed over-cautiously: only by a bullet item further left, or by a line
        /// further left after a blank line, never by a line that may continue a paragraph.
        private mutating func checkDepth(_ lineStart: Int, _ first: Int, _ end: Int) -> MarkdownRefusal? {
            if previous.blank { closeListItems(rightOf: first - lineStart) }
            var index = first
            var quotes = 0
            var closed = false
            while index < end {
                while index < end, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 }
                guard index < end else { break }
                let byte = bytes[index]
                if byte == UInt8(ascii: ">") {
                    quotes += 1
                    index += 1
                } else if byte == UInt8(ascii: "-") || byte == UInt8(ascii: "*") || byte == UInt8(ascii: "+") {
                    guard index + 1 == end || bytes[index + 1] == 0x20 || bytes[index + 1] == 0x09, !isThematicBreak(index, end) else { break }
                    if !closed, index + 1 < end {
                        closeListItems(rightOf: index - lineStart)
                        closed = true
                    }
                    index += 1
                    listItems.append(index + 1 - lineStart)
                } else if isDigit(byte) {
                    var digits = index
                    while digits < end, digits - index < 10, isDigit(bytes[digits]) { digits += 1 }
                    guard digits < end, digits - index < 10, bytes[digits] == UInt8(ascii: ".") || bytes[digits] == UInt8(ascii: ")"),
                          digits + 1 == end || bytes[digits + 1] == 0x20 || bytes[digits + 1] == 0x09 else { break }
                    index = digits + 1
                    listItems.append(index + 1 - lineStart)
                } else {
                    break
                }
                if quotes + listItems.count > ComplexityCheck.maximumDepth {
                    return refusal(at: Place(offset: first, line: line),
                                   "block quotes and list items are nested more than \(ComplexityCheck.maximumDepth) levels deep here",
                                   fix: "nest at most \(ComplexityCheck.maximumDepth) levels: split the list or the quote")
                }
            }
            return nil
        }

        /// Closes the open list items whose content starts right of `column`.
        private mutating func closeListItems(rightOf column: Int) {
            while let last = listItems.last, last > column { listItems.removeLast() }
        }

        /// Whether the line from `index` is a thematic break (`- - -`), which cmark reads before a list item.
        private func isThematicBreak(_ index: Int, _ end: Int) -> Bool {
            let marker = bytes[index]
            var count = 0
            for offset in index..<end {
                let byte = bytes[offset]
                if byte == marker {
                    count += 1
                } else if byte != 0x20 && byte != 0x09 {
                    return false
                }
            }
            return count >= 3
        }

        // MARK: Tables

        private mutating func checkTable(_ first: Int, _ end: Int) -> MarkdownRefusal? {
            let length = end - first + 1
            // Cells are counted only where a table is read or may start (a delimiter row); the
            // previous line's are counted from its place when needed.
            let previousLine = previous
            defer { previous = (false, first, end) }
            let maximum = ComplexityCheck.maximumTableCells
            if var current = table {
                let cells = cellCount(first, end)
                if cells > maximum {
                    return refusal(at: Place(offset: first, line: line), "this table row has \(cells) cells; a row may have at most \(maximum)",
                                   fix: "split the table")
                }
                current.bytes += length
                current.leftOut += max(0, current.columns - cells)
                table = current
                if current.leftOut > current.bytes {
                    return refusal(at: current.start, "the rows of this table leave out more cells than the table has characters, and each is filled in",
                                   fix: "write out every cell of each row, or split the table")
                }
                return nil
            }
            guard !previousLine.blank, isDelimiterRow(first, end) else { return nil }
            let cells = cellCount(first, end)
            let headerCells = cellCount(previousLine.first, previousLine.end)
            if cells > maximum || headerCells > maximum {
                return refusal(at: Place(offset: first, line: line),
                               "this table has \(max(cells, headerCells)) columns; a table may have at most \(maximum)",
                               fix: "split the table")
            }
            if cells == headerCells {
                table = (cells, Place(offset: first, line: line), previousLine.end - previousLine.first + 1 + length, 0)
            }
            return nil
        }

        /// Whether the line holds only `|`, `-`, `:` and spaces, with at least one `|` and one `-`.
        private func isDelimiterRow(_ first: Int, _ end: Int) -> Bool {
            var pipe = false
            var dash = false
            for offset in first..<end {
                switch bytes[offset] {
                case UInt8(ascii: "|"): pipe = true
                case UInt8(ascii: "-"): dash = true
                case UInt8(ascii: ":"), 0x20, 0x09: break
                default: return false
                }
            }
            return pipe && dash
        }

        /// The cells of a line read as a table row: unescaped `|` split it, one at either end does not.
        private func cellCount(_ first: Int, _ end: Int) -> Int {
            var pipes = 0
            var offset = first
            var last = end
            while last > first, bytes[last - 1] == 0x20 || bytes[last - 1] == 0x09 { last -= 1 }
            while offset < last {
                if bytes[offset] == UInt8(ascii: "\\") {
                    offset += 2
                    continue
                }
                if bytes[offset] == UInt8(ascii: "|") { pipes += 1 }
                offset += 1
            }
            var cells = pipes + 1
            if bytes[first] == UInt8(ascii: "|") { cells -= 1 }
            if last - 1 > first, bytes[last - 1] == UInt8(ascii: "|"), last < 2 || bytes[last - 2] != UInt8(ascii: "\\") { cells -= 1 }
            return max(1, cells)
        }

        // MARK: Inlines

        private mutating func scanInlines(_ start: Int, _ end: Int) -> MarkdownRefusal? {
            var index = start
            while index < end {
                let byte = bytes[index]
                switch byte {
                case UInt8(ascii: "\\"):
                    // An escaped character opens nothing.
                    if index + 1 < end, isPunctuation(bytes[index + 1]) {
                        index += 2
                        continue
                    }
                case 0x20, 0x09:
                    endWord()
                case UInt8(ascii: "["):
                    if let refusal = openBracket(at: index) { return refusal }
                case UInt8(ascii: "!"):
                    if index + 1 < end, bytes[index + 1] == UInt8(ascii: "[") {
                        if let refusal = openBracket(at: index) { return refusal }
                        index += 2
                        continue
                    }
                case UInt8(ascii: "]"):
                    if !brackets.isEmpty { brackets.removeLast() }
                case UInt8(ascii: "<"):
                    if let opener = htmlOpener(at: index, end), let refusal = open(opener, at: index) { return refusal }
                case UInt8(ascii: ">"):
                    close(at: index)
                case UInt8(ascii: "@"):
                    if let refusal = addressStart(at: index) { return refusal }
                case UInt8(ascii: ":"):
                    if index + 2 < end, bytes[index + 1] == UInt8(ascii: "/"), bytes[index + 2] == UInt8(ascii: "/"),
                       let refusal = addressStart(at: index) { return refusal }
                case UInt8(ascii: "w"), UInt8(ascii: "W"):
                    if index + 3 < end, bytes[index + 1] | 0x20 == UInt8(ascii: "w"), bytes[index + 2] | 0x20 == UInt8(ascii: "w"),
                       bytes[index + 3] == UInt8(ascii: "."), let refusal = addressStart(at: index) { return refusal }
                case UInt8(ascii: ")"):
                    wordParens += 1
                    if let refusal = checkWord() { return refusal }
                default:
                    break
                }
                index += 1
            }
            return nil
        }

        private mutating func openBracket(at offset: Int) -> MarkdownRefusal? {
            brackets.append(Place(offset: offset, line: line))
            guard brackets.count > ComplexityCheck.maximumOpenBrackets, let first = brackets.first else { return nil }
            return refusal(at: first, "more than \(ComplexityCheck.maximumOpenBrackets) '[' are left open in this paragraph from here",
                           fix: "close each '[' with ']', or write it as '\\['")
        }

        private func htmlOpener(at offset: Int, _ end: Int) -> HTMLOpener? {
            guard offset + 1 < end else { return nil }
            if bytes[offset + 1] == UInt8(ascii: "?") { return .processingInstruction }
            guard bytes[offset + 1] == UInt8(ascii: "!"), offset + 2 < end else { return nil }
            if matches("--", at: offset + 2, end) { return .comment }
            if matches("[CDATA[", at: offset + 2, end) { return .cdata }
            let letter = bytes[offset + 2] | 0x20
            return letter >= UInt8(ascii: "a") && letter <= UInt8(ascii: "z") ? .declaration : nil
        }

        private mutating func open(_ opener: HTMLOpener, at offset: Int) -> MarkdownRefusal? {
            var entry = unclosed[opener.rawValue]
            entry.count += 1
            if entry.first == nil { entry.first = Place(offset: offset, line: line) }
            unclosed[opener.rawValue] = entry
            guard entry.count > ComplexityCheck.maximumUnclosedHTML, let first = entry.first else { return nil }
            return refusal(at: first, "more than \(ComplexityCheck.maximumUnclosedHTML) '\(opener.written)' are not closed by '\(opener.closer)' in this paragraph from here",
                           fix: "close each one with '\(opener.closer)', or write its '<' as '\\<'")
        }

        /// A `>` closes every declaration, and the other openers whose closer it ends (`?>`, `]]>`, `-->`).
        private mutating func close(at offset: Int) {
            unclosed[HTMLOpener.declaration.rawValue] = (0, nil)
            guard offset >= 1 else { return }
            let before = bytes[offset - 1]
            if before == UInt8(ascii: "?") { unclosed[HTMLOpener.processingInstruction.rawValue] = (0, nil) }
            guard offset >= 2, before == bytes[offset - 2] else { return }
            if before == UInt8(ascii: "]") { unclosed[HTMLOpener.cdata.rawValue] = (0, nil) }
            if before == UInt8(ascii: "-") { unclosed[HTMLOpener.comment.rawValue] = (0, nil) }
        }

        private mutating func addressStart(at offset: Int) -> MarkdownRefusal? {
            wordStarts += 1
            if wordFirstStart == nil { wordFirstStart = Place(offset: offset, line: line) }
            return checkWord()
        }

        private func checkWord() -> MarkdownRefusal? {
            guard let first = wordFirstStart else { return nil }
            let maximum = ComplexityCheck.maximumAutolinkStarts
            if wordStarts > maximum {
                return refusal(at: first, "more than \(maximum) web or e-mail addresses ('www.', '://', '@') start in one word from here",
                               fix: "put spaces between the addresses")
            }
            if wordParens > maximum {
                return refusal(at: first, "a word with a web or e-mail address holds more than \(maximum) ')' from here",
                               fix: "put a space between the address and the ')'")
            }
            return nil
        }

        private mutating func endWord() {
            wordStarts = 0
            wordParens = 0
            wordFirstStart = nil
        }

        // MARK: Helpers

        private func matches(_ literal: String, at offset: Int, _ end: Int) -> Bool {
            let pattern = literal.utf8
            guard offset + pattern.count <= end else { return false }
            return bytes[offset..<offset + pattern.count].elementsEqual(pattern)
        }

        private func isDigit(_ byte: UInt8) -> Bool {
            byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
        }

        private func isPunctuation(_ byte: UInt8) -> Bool {
            (0x21...0x2F).contains(byte) || (0x3A...0x40).contains(byte) || (0x5B...0x60).contains(byte) || (0x7B...0x7E).contains(byte)
        }

        /// A refusal at `place`, its column counted in characters from the start of its line.
        private func refusal(at place: Place, _ message: String, fix: String) -> MarkdownRefusal {
            var lineStart = place.offset
            while lineStart > 0, bytes[lineStart - 1] != 0x0A { lineStart -= 1 }
            let column = 1 + bytes[lineStart..<place.offset].reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
            return MarkdownRefusal(line: place.line, column: column, message: "\(message): \(ComplexityCheck.cost)", fix: fix)
        }
    }
}
