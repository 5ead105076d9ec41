import Foundation

/// The formulas of a Markdown text, found before cmark-gfm parses it, so that Markdown never
/// touches them: no escapes, emphasis, links or smart punctuation inside.
///
/// Delimiters: `$…$` (pandoc's rules: the opening `$` is followed by a non-space, the closing one
/// preceded by a non-space and not followed by a digit; `\$` is a dollar), `$$…$$` (display math on
/// lines of its own, inline math inside a line, as kramdown reads it), `\(…\)`, `\[…\]` on lines
/// of their own (inside a line, `\[` is Markdown's escaped bracket, as in `\[1\]`) and GitHub's
/// `` $`…`$ ``. No formula holds a blank line. Code spans, fenced code blocks and the destinations
/// and titles of links and images (`](…)`, a reference definition, an autolink `<scheme:…>`) are
/// skipped, since code stays code and an address or an attribute is never shown as math; a `$`
/// inside a code span closes nothing. A formula found in anything else that stays literal (an
/// indented code block, raw HTML, an image's description) is written back as it was by the
/// renderer, which sees it there.
///
/// Each formula is then masked: replaced by a placeholder of the same length in bytes, with the
/// same line breaks, that Markdown reads as one plain word (`marker` then `filler` bytes), so every
/// line and byte column cmark-gfm reports stays right.
struct MathSpans {
    /// How a formula is delimited.
    enum Delimiter: Sendable {
        case dollar, doubleDollar, parenthesis, bracket, backtickDollar
    }

    /// One formula.
    struct Span: Sendable {
        /// Its bytes in the text, delimiters included.
        var range: Range<Int>
        /// The TeX inside the delimiters.
        var tex: Range<Int>
        var delimiter: Delimiter
    }

    /// The two bytes that start a placeholder: the ASCII controls UNIT SEPARATOR and RECORD SEPARATOR,
    /// which no text means anything by, which Markdown reads as letters, and which keep an ASCII text
    /// ASCII (a `String` of ASCII bytes is checked fastest). Two, as the shortest first line of a
    /// formula (`$$` before a line break) is two bytes long. The renderer replaces both in the source
    /// first, so every one the parsed text holds is a placeholder's.
    static let markerBytes: [UInt8] = [0x1F, 0x1E]
    /// The byte that fills the rest of a placeholder.
    static let filler: UInt8 = UInt8(ascii: "x")

    /// The formulas in source order.
    private(set) var spans: [Span] = []
    /// Where the scan stopped looking for the ends of formulas, its work over its allowance: the first
    /// opener left as text. Only a text built to be slow gets here (see `workAllowance`).
    private(set) var stoppedAt: Int?

    /// The given formulas.
    init(spans: [Span]) {
        self.spans = spans
    }

    /// Finds the formulas in `bytes`, which must end with one line break more than the text has.
    init(inTextEndedByLineBreak bytes: UnsafeBufferPointer<UInt8>) {
        (spans, stoppedAt) = Self.scan(bytes, count: bytes.count - 1)
    }

    /// How many bytes the searches for the ends of formulas, code spans and link destinations may
    /// read in a text of `count` bytes. A search reads at most to its paragraph's end, and a written
    /// page opens few things it does not close, so it reads each byte a few times; a text of openers
    /// that never close (`$a $a $a …`) would have every search read the rest of its paragraph, in time
    /// growing with the square of its size.
    static func workAllowance(count: Int) -> Int {
        16 * count + 65_536
    }

    /// Replaces, in the text's bytes, every formula by its placeholder.
    func mask(_ bytes: UnsafeMutableBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress else { return }
        for span in spans {
            bytes[span.range.lowerBound] = Self.markerBytes[0]
            bytes[span.range.lowerBound + 1] = Self.markerBytes[1]
            let fill = (span.range.lowerBound + Self.markerBytes.count)..<span.range.upperBound
            // Most formulas are on one line: filled at once.
            guard Self.holdsLineBreak(UnsafeBufferPointer(bytes), fill) else {
                memset(base + fill.lowerBound, Int32(Self.filler), fill.count)
                continue
            }
            for index in fill where bytes[index] != 0x0A { bytes[index] = Self.filler }
        }
    }

    /// How many filler bytes follow the marker in the placeholder of `span` (its line breaks aside).
    static func fillerCount(of span: Span, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        let fill = (span.range.lowerBound + markerBytes.count)..<span.range.upperBound
        guard holdsLineBreak(bytes, fill) else { return fill.count }
        return fill.count - bytes[fill].count { $0 == 0x0A }
    }

    /// Whether `bytes[range]` holds a line break: looked for with memchr, as most formulas are on one line.
    static func holdsLineBreak(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        MarkdownRenderer.firstIndex(of: 0x0A, in: UnsafeBufferPointer(rebasing: bytes[range]), from: 0) != nil
    }

    // MARK: - Scanning

    /// The bytes that may start or end something the scan looks for (a line, an escape, a code span, a
    /// dollar, a link's destination, an autolink), as the set `strcspn` takes (ended by a zero byte).
    private static let notableSet: [CChar] = [0x0A, 0x5C, 0x60, 0x24, 0x5D, 0x3C, 0]

    /// The first byte at or after `start` in `notableSet`, or `count`; maybe a zero byte before it,
    /// which the scan passes over as prose. Found by the C library's `strcspn`, which compares sixteen
    /// bytes with the whole set in one instruction, where a SIMD vector had to be compared with each
    /// byte of the set in turn. It stops at the line break that `bytes[count]` always is (see
    /// `init(inTextEndedByLineBreak:)`), so it never reads past the text.
    private static func nextNotable(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, count: Int) -> Int {
        guard start < count, let base = bytes.baseAddress else { return start }
        let length = notableSet.withUnsafeBufferPointer { set -> Int in
            guard let set = set.baseAddress else { return 0 }
            return strcspn(UnsafeRawPointer(base + start).assumingMemoryBound(to: CChar.self), set)
        }
        return min(start + length, count)
    }

    private static func scan(_ bytes: UnsafeBufferPointer<UInt8>, count: Int) -> ([Span], stoppedAt: Int?) {
        var spans: [Span] = []
        // A page with formulas has a few: room for them at once rather than growing from one.
        spans.reserveCapacity(8)
        var index = 0
        var fence: (byte: UInt8, length: Int)?
        var lineStart = true
        var state = SearchState(bytes, count: count)
        // Each search is charged what it read: up to the end of what it found, or to its paragraph's
        // end when it found nothing. Past the allowance, openers are left as text and the first is reported.
        var work = 0
        let allowance = workAllowance(count: count)
        var stoppedAt: Int?
        func search<Found>(at start: Int, endOf end: (Found) -> Int, _ attempt: () -> Found?) -> Found? {
            guard work <= allowance else {
                if stoppedAt == nil { stoppedAt = start }
                return nil
            }
            let found = attempt()
            work += (found.map(end) ?? state.paragraphEnd(after: start)) - start
            return found
        }
        while index < count {
            if lineStart {
                lineStart = false
                if let open = fence {
                    // Inside a fenced code block until its closing fence.
                    let end = lineEnd(bytes, from: index)
                    if let closing = fenceRun(bytes, from: index, to: end), closing.byte == open.byte, closing.length >= open.length,
                       onlySpaces(bytes, from: closing.end, to: end) {
                        fence = nil
                    }
                    index = end + 1
                    lineStart = true
                    continue
                }
                // Only a line that starts with a fence (after its marks) is read to its end here.
                if let opening = fenceRun(bytes, from: index, to: count) {
                    let end = lineEnd(bytes, from: opening.end)
                    if opening.byte == UInt8(ascii: "~") || !bytes[opening.end..<end].contains(UInt8(ascii: "`")) {
                        fence = (opening.byte, opening.length)
                        index = end + 1
                        lineStart = true
                        continue
                    }
                }
            }
            let byte = bytes[index]
            switch byte {
            case 0x0A:
                index += 1
                lineStart = true
            case UInt8(ascii: "\\"):
                let next = bytes[index + 1]
                if next == UInt8(ascii: "("), let span = search(at: index, endOf: \.range.upperBound, {
                    closing(bytes, open: index, openLength: 2, close: [0x5C, 0x29], delimiter: .parenthesis, count: count)
                }) {
                    spans.append(span)
                    index = span.range.upperBound
                } else if next == UInt8(ascii: "["), startsLine(bytes, at: index), let span = search(at: index, endOf: \.range.upperBound, {
                              closing(bytes, open: index, openLength: 2, close: [0x5C, 0x5D], delimiter: .bracket, count: count)
                          }),
                          endsLine(bytes, at: span.range.upperBound) {
                    spans.append(span)
                    index = span.range.upperBound
                } else {
                    // An escaped character (`\$`, `\\`, `` \` ``) is never a delimiter.
                    index += isASCIIPunctuation(next) ? 2 : 1
                }
            case UInt8(ascii: "`"):
                let run = runLength(bytes, of: byte, from: index)
                if let end = search(at: index, endOf: { $0 }, { state.codeSpanEnd(from: index + run, length: run) }) {
                    if index > 0, bytes[index - 1] == UInt8(ascii: "$"), bytes[end] == UInt8(ascii: "$"), run == 1,
                       spans.last?.range.upperBound ?? 0 <= index - 1 {
                        spans.append(Span(range: (index - 1)..<(end + 1), tex: (index + 1)..<(end - 1), delimiter: .backtickDollar))
                        index = end + 1
                    } else {
                        index = end
                    }
                } else {
                    index += run
                }
            case UInt8(ascii: "]"):
                if bytes[index + 1] == UInt8(ascii: "("), let end = search(at: index, endOf: { $0 }, { linkDestinationEnd(bytes, from: index + 2, count: count) }) {
                    index = end
                } else if bytes[index + 1] == UInt8(ascii: ":"), definitionLabelStarts(bytes, before: index),
                          let end = search(at: index, endOf: { $0 }, { definitionEnd(bytes, from: index + 2, count: count) }) {
                    index = end
                } else {
                    index += 1
                }
            case UInt8(ascii: "<"):
                index = autolinkEnd(bytes, from: index, count: count) ?? index + 1
            case UInt8(ascii: "$"):
                if index + 1 < count, bytes[index + 1] == UInt8(ascii: "`") {
                    // GitHub's $`…`$: the code span decides.
                    index += 1
                } else if let span = search(at: index, endOf: \.range.upperBound, { dollarSpan(bytes, at: index, count: count, state: &state) }) {
                    spans.append(span)
                    index = span.range.upperBound
                } else {
                    index += bytes[index + 1] == UInt8(ascii: "$") ? 2 : 1
                }
            default:
                // Most bytes are prose: run to the next one that matters.
                index = nextNotable(bytes, from: index + 1, count: count)
            }
        }
        return (spans, stoppedAt)
    }

    /// The formula opened by the `$` at `start`, if it closes before a blank line.
    private static func dollarSpan(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, count: Int, state: inout SearchState) -> Span? {
        if bytes[start + 1] == UInt8(ascii: "$") {
            return closing(bytes, open: start, openLength: 2, close: [0x24, 0x24], delimiter: .doubleDollar, count: count)
        }
        let first = start + 1
        guard first < count, !isSpace(bytes[first]) else { return nil }
        var index = first
        while index < count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\\") {
                index += 2
                continue
            }
            if byte == UInt8(ascii: "`") {
                // A code span binds tighter: a `$` inside it closes nothing.
                let run = runLength(bytes, of: byte, from: index)
                index = state.codeSpanEnd(from: index + run, length: run) ?? index + run
                continue
            }
            if byte == 0x0A, isBlankLine(bytes, from: index + 1, count: count) { return nil }
            if byte == UInt8(ascii: "$"), index + 1 < count, bytes[index + 1] == UInt8(ascii: "$") {
                // `$$` opens or closes display math: it never closes a single `$`.
                index += 2
                continue
            }
            if byte == UInt8(ascii: "$") {
                let next = index + 1 < count ? bytes[index + 1] : 0x0A
                if !isSpace(bytes[index - 1]), !(next >= UInt8(ascii: "0") && next <= UInt8(ascii: "9")), index > first {
                    return Span(range: start..<(index + 1), tex: first..<index, delimiter: .dollar)
                }
            }
            index += 1
        }
        return nil
    }

    /// The formula from `open` to the first `close` after it, if it comes before a blank line and
    /// the formula is not empty.
    private static func closing(_ bytes: UnsafeBufferPointer<UInt8>, open: Int, openLength: Int, close: [UInt8], delimiter: Delimiter, count: Int) -> Span? {
        var index = open + openLength
        while index + close.count <= count {
            let byte = bytes[index]
            if byte == 0x0A, isBlankLine(bytes, from: index + 1, count: count) { return nil }
            if byte == close[0], bytes[index + 1] == close[1] {
                guard index > open + openLength else { return nil }
                return Span(range: open..<(index + close.count), tex: (open + openLength)..<index, delimiter: delimiter)
            }
            // An escaped pair (`\\`, `\$`, `\{`) never closes.
            index += byte == UInt8(ascii: "\\") ? 2 : 1
        }
        return nil
    }

    /// A run of three or more backticks or tildes opening the line (after indentation, quote
    /// markers and list markers), and where it ends.
    private static func fenceRun(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> (byte: UInt8, length: Int, end: Int)? {
        var index = start
        while index < end, bytes[index] != 0x0A {
            let byte = bytes[index]
            if byte == 0x20 || byte == 0x09 || byte == UInt8(ascii: ">") {
                index += 1
            } else if (byte == UInt8(ascii: "-") || byte == UInt8(ascii: "*") || byte == UInt8(ascii: "+")), index + 1 < end, bytes[index + 1] == 0x20 {
                index += 2
            } else if byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                var digitsEnd = index
                while digitsEnd < end, bytes[digitsEnd] >= UInt8(ascii: "0"), bytes[digitsEnd] <= UInt8(ascii: "9") { digitsEnd += 1 }
                guard digitsEnd + 1 < end, bytes[digitsEnd] == UInt8(ascii: ".") || bytes[digitsEnd] == UInt8(ascii: ")"), bytes[digitsEnd + 1] == 0x20 else { return nil }
                index = digitsEnd + 2
            } else {
                break
            }
        }
        guard index < end, bytes[index] == UInt8(ascii: "`") || bytes[index] == UInt8(ascii: "~") else { return nil }
        let run = runLength(bytes, of: bytes[index], from: index)
        guard run >= 3 else { return nil }
        return (bytes[index], run, index + run)
    }

    /// Whether only spaces and quote marks stand before `index` on its line.
    private static func startsLine(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        var before = index - 1
        while before >= 0, bytes[before] != 0x0A {
            guard bytes[before] == 0x20 || bytes[before] == 0x09 || bytes[before] == UInt8(ascii: ">") else { return false }
            before -= 1
        }
        return true
    }

    /// Whether only spaces stand from `index` to the end of its line.
    private static func endsLine(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        var after = index
        while after < bytes.count, bytes[after] != 0x0A {
            guard bytes[after] == 0x20 || bytes[after] == 0x09 else { return false }
            after += 1
        }
        return true
    }

    private static func runLength(_ bytes: UnsafeBufferPointer<UInt8>, of byte: UInt8, from start: Int) -> Int {
        var index = start
        while index < bytes.count, bytes[index] == byte { index += 1 }
        return index - start
    }

    static func lineEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var index = start
        while bytes[index] != 0x0A { index += 1 }
        return index
    }

    static func onlySpaces(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Bool {
        bytes[start..<end].allSatisfy { $0 == 0x20 || $0 == 0x09 }
    }

    static func isBlankLine(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, count: Int) -> Bool {
        var index = start
        while index < count, bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == UInt8(ascii: ">") { index += 1 }
        return index >= count || bytes[index] == 0x0A
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A
    }

    private static func isASCIIPunctuation(_ byte: UInt8) -> Bool {
        (0x21...0x2F).contains(byte) || (0x3A...0x40).contains(byte) || (0x5B...0x60).contains(byte) || (0x7B...0x7E).contains(byte)
    }
}
