import Foundation
import PortalMath

/// Reading placeholders in text cmark-gfm wrote: how many a text holds, where one's filler ends,
/// and the text with each replaced by its formula's TeX, search words or MathML.
extension MathFormulas {
    /// Whether `text` holds a placeholder's first marker byte: asked of every heading's and link's
    /// text on a page with formulas, so found with memchr in the string's own bytes (a `contains` on
    /// its UTF-8 view visits them one by one through the view's indices).
    static func mayHoldPlaceholder(_ text: String) -> Bool {
        if let found = text.utf8.withContiguousStorageIfAvailable({ bytes -> Bool in
            guard let base = bytes.baseAddress else { return false }
            return memchr(base, Int32(MathSpans.markerBytes[0]), bytes.count) != nil
        }) {
            return found
        }
        return text.utf8.contains(MathSpans.markerBytes[0])
    }

    /// How many placeholders `bytes` hold (each starts with the two marker bytes).
    static func placeholderCount(in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        guard bytes.count > 1 else { return 0 }
        var count = 0
        for index in 0..<(bytes.count - 1) where bytes[index] == MathSpans.markerBytes[0] && bytes[index + 1] == MathSpans.markerBytes[1] { count += 1 }
        return count
    }

    /// Where `count` filler bytes from `start` end, with line-break marks between them skipped.
    static func skipFiller(in bytes: UnsafeBufferPointer<UInt8>, from start: Int, count: Int) -> Int {
        var index = start
        var remaining = count
        while remaining > 0, index < bytes.count {
            let byte = bytes[index]
            if byte == MathSpans.filler {
                remaining -= 1
            } else if !(byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == UInt8(ascii: ">")) {
                break
            }
            index += 1
        }
        return index
    }

    /// `text` with the placeholders of the formulas from `first` on replaced by their TeX (`source`: as
    /// written, delimiters included), and how many there were.
    func restoring(_ text: String, from first: Int, source: Bool) -> (text: String, consumed: Int) {
        restoring(text, indices: first..<spans.count) { source ? self.source($0) : tex($0) }
    }

    /// `text` with each placeholder replaced by `replacement` of its formula, the formulas taken in
    /// the order of `indices`. Between the filler bytes of a placeholder that ran over several lines,
    /// what cmark-gfm wrote for a line break (a space, a line break and the marks of the blocks
    /// around) is skipped. Returns the text and how many formulas it replaced.
    func restoring(_ text: String, indices: some Collection<Int>, with replacement: (Int) -> String) -> (text: String, consumed: Int) {
        // Where each placeholder starts and where the text resumes after it, with its formula.
        var text = text
        let pieces = text.withUTF8 { input -> [(start: Int, resume: Int, formula: Int)] in
            guard let base = input.baseAddress else { return [] }
            var pieces: [(start: Int, resume: Int, formula: Int)] = []
            pieces.reserveCapacity(indices.count)
            var next = indices.startIndex
            var index = 0
            while next != indices.endIndex, index < input.count, let found = memchr(base + index, Int32(MathSpans.markerBytes[0]), input.count - index) {
                let marker = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                index = marker + 1
                guard marker + 1 < input.count, input[marker + 1] == MathSpans.markerBytes[1] else { continue }
                let formula = indices[next]
                index = Self.skipFiller(in: input, from: marker + 2, count: fillerCount(formula))
                pieces.append((marker, index, formula))
                next = indices.index(after: next)
            }
            return pieces
        }
        guard !pieces.isEmpty else { return (text, 0) }
        // Slices of `text` and the replacements: no byte is checked again as UTF-8.
        let utf8 = text.utf8
        func position(_ offset: Int) -> String.Index { utf8.index(utf8.startIndex, offsetBy: offset) }
        var output = ""
        output.reserveCapacity(utf8.count + pieces.count * 32)
        var copied = 0
        for piece in pieces {
            output += text[position(copied)..<position(piece.start)]
            output += replacement(piece.formula)
            copied = piece.resume
        }
        output += text[position(copied)...]
        return (output, pieces.count)
    }

    /// `text` (written from the tree, with placeholders in the order the walk met them, `order`) with
    /// each placeholder replaced by its formula as written. The replacements are made in here: a
    /// closure outside that captured the formulas copied them, retaining each of their arrays.
    func restoringSources(_ text: String, order: [Int]) -> String {
        restoring(text, indices: order) { source($0) }.text
    }

    /// Appends to `plain` a text node's text (`literal`, holding `count` placeholders, the first for
    /// formula `first`), from byte `start` on, with each placeholder replaced by its formula's search
    /// words (`MathConverter.searchText`), read from the text's bytes: the walk writes the search
    /// text in one pass. Returns how many filler bytes of the last placeholder are in the nodes after
    /// this one (a formula running over a line break), which the walk then leaves out.
    func appendSearchText(of literal: String, from start: Int, first: Int, count: Int, to plain: inout String) -> Int {
        let utf8 = literal.utf8
        func piece(_ range: Range<Int>) -> Substring {
            literal[utf8.index(utf8.startIndex, offsetBy: range.lowerBound)..<utf8.index(utf8.startIndex, offsetBy: range.upperBound)]
        }
        var fillerAfter = 0
        var bytes = literal
        bytes.withUTF8 { bytes in
            forEachPiece(ofText: bytes, first: first, count: count) { found in
                switch found {
                case .text(let range):
                    if range.upperBound > start { plain.append(contentsOf: piece(max(range.lowerBound, start)..<range.upperBound)) }
                case .formula(let formula, let after, _):
                    plain.append(contentsOf: withTeX(formula) { MathConverter.searchText(utf8: $0) })
                    fillerAfter = after
                }
            }
        }
        return fillerAfter
    }

    /// A piece of a text node that holds placeholders: text, or a formula.
    enum TextPiece: Equatable {
        case text(Range<Int>)
        /// Formula `index`, how many of its filler bytes are in the nodes after this one (a
        /// placeholder that runs over a line break ends the node's text), and its placeholder's bytes
        /// in this node.
        case formula(Int, fillerAfter: Int, bytes: Range<Int>)
    }

    /// Hands `body` the pieces of a text node's `bytes` holding `count` placeholders, the first for
    /// formula `first`, in order; the text after the last placeholder, if any, is the last piece.
    func forEachPiece(ofText bytes: UnsafeBufferPointer<UInt8>, first: Int, count: Int, _ body: (TextPiece) -> Void) {
        var textStart = 0
        var position = 0
        var index = first
        while index < first + count, let marker = MarkdownRenderer.firstIndex(of: MathSpans.markerBytes[0], in: bytes, from: position) {
            guard marker + 1 < bytes.count, bytes[marker + 1] == MathSpans.markerBytes[1] else {
                position = marker + 1
                continue
            }
            if marker > textStart { body(.text(textStart..<marker)) }
            var remaining = fillerCount(index)
            position = marker + 2
            while remaining > 0, position < bytes.count, bytes[position] == MathSpans.filler {
                remaining -= 1
                position += 1
            }
            body(.formula(index, fillerAfter: remaining, bytes: marker..<position))
            textStart = position
            index += 1
        }
        if textStart < bytes.count { body(.text(textStart..<bytes.count)) }
    }
}
