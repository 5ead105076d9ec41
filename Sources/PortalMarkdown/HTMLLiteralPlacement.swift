/// Where the bytes of one raw HTML node's literal are written in the body, so that an address in
/// it is reported at its own line and column and the Markdown twin can replace it where it stands.
///
/// cmark-gfm gives a node's first line and column only, and its literal leaves out what the
/// containers take from each line (a quote's `>`, a list item's indentation) and, in a paragraph,
/// the spaces that start a line. So each line of the literal is looked for on its line of the body:
/// at the end of it (an HTML block's line), or after its `>`s and spaces; the first line of inline
/// HTML at the node's column. Each line is placed once, in time linear in its length. A line not
/// found so (a tab that cmark-gfm turned into spaces) has no place, and its addresses are reported
/// at the node's start. Inline HTML whose line cmark-gfm misreports (a paragraph that a table
/// follows without a blank line is parsed again from line 1) is looked for after the previous
/// node placed, within a bounded window.
struct HTMLLiteralPlacement {
    /// The body's bytes and line starts, built once per body, for the first node placed.
    struct Source {
        let bytes: [UInt8]
        let lineStarts: [Int]

        init(_ text: String) {
            bytes = Array(text.utf8)
            var starts = [0]
            for (offset, byte) in bytes.enumerated() where byte == 0x0A { starts.append(offset + 1) }
            lineStarts = starts
        }

        /// The bytes of line `line` (0-based), without its line feed; nil past the last line.
        func range(ofLine line: Int) -> Range<Int>? {
            guard line >= 0, line < lineStarts.count else { return nil }
            return lineStarts[line]..<(line + 1 < lineStarts.count ? lineStarts[line + 1] - 1 : bytes.count)
        }

        /// The line (0-based) holding byte `offset`.
        func line(of offset: Int) -> Int {
            var low = 0, high = lineStarts.count - 1
            while low < high {
                let middle = (low + high + 1) / 2
                if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
            }
            return low
        }
    }

    private enum Origin {
        case unknown
        case missing
        case at(Int)
    }

    /// How far after the previous node misplaced inline HTML is looked for, and how much of its first line.
    private static let searchWindow = 16 * 1024
    private static let searchLength = 64

    private let literal: [UInt8]
    private let lineStarts: [Int]
    private let isBlock: Bool
    private let startColumn: Int
    /// The body's line (0-based) of the literal's first line.
    private var firstLine: Int
    /// Where each line of the literal starts in the body, found on first use.
    private var origins: [Origin]

    /// The placement of `literal`, a node starting at cmark-gfm's `line` and byte `column`; with
    /// `cursor`, the byte offset just after the previous node's start, moved past this one's.
    init(literal: [UInt8], line: Int, column: Int, isBlock: Bool, source: Source, cursor: inout Int) {
        self.literal = literal
        self.isBlock = isBlock
        startColumn = column
        var starts = [0]
        for (offset, byte) in literal.enumerated() where byte == 0x0A { starts.append(offset + 1) }
        lineStarts = starts
        firstLine = line - 1
        origins = Array(repeating: .unknown, count: starts.count)
        if case .at(let offset) = origin(ofLine: 0, source: source) {
            cursor = max(cursor, offset + 1)
        } else if !isBlock, let found = search(from: cursor, source: source) {
            firstLine = source.line(of: found)
            origins = Array(repeating: .unknown, count: starts.count)
            origins[0] = .at(found)
            cursor = found + 1
        }
    }

    /// The byte offset in the body of byte `offset` of the literal, or nil when its line has no place.
    mutating func sourceOffset(of offset: Int, source: Source) -> Int? {
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        guard case .at(let start) = origin(ofLine: low, source: source) else { return nil }
        return start + offset - lineStarts[low]
    }

    /// Where line `index` of the literal starts in the body.
    private mutating func origin(ofLine index: Int, source: Source) -> Origin {
        if case .unknown = origins[index] {
            origins[index] = place(line: index, source: source).map(Origin.at) ?? .missing
        }
        return origins[index]
    }

    private func place(line index: Int, source: Source) -> Int? {
        guard let body = source.range(ofLine: firstLine + index) else { return nil }
        let text = lineStarts[index]..<(index + 1 < lineStarts.count ? lineStarts[index + 1] - 1 : literal.count)
        if index == 0 && !isBlock {
            let start = body.lowerBound + startColumn - 1
            return holds(text, at: start, within: body, source: source) ? start : nil
        }
        // An HTML block's line ends where the body's does (before a carriage return the literal may lack).
        for end in [body.upperBound, body.upperBound - 1] where holds(text, at: end - text.count, within: body, source: source) {
            return end - text.count
        }
        // After what the containers took: `>`s and spaces (the literal's own, if it starts with some, kept).
        var prefix = body.lowerBound
        while prefix < body.upperBound, Self.isContainerPrefix(source.bytes[prefix]) { prefix += 1 }
        var own = text.lowerBound
        while own < text.upperBound, Self.isContainerPrefix(literal[own]) { own += 1 }
        let start = prefix - (own - text.lowerBound)
        return holds(text, at: start, within: body, source: source) ? start : nil
    }

    /// A space, a tab or a quote's `>`: what containers take from the start of a line.
    private static func isContainerPrefix(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == UInt8(ascii: ">")
    }

    private func holds(_ text: Range<Int>, at start: Int, within body: Range<Int>, source: Source) -> Bool {
        guard start >= body.lowerBound, start + text.count <= body.upperBound else { return false }
        return source.bytes[start..<start + text.count].elementsEqual(literal[text])
    }

    /// The first place, from `cursor` on and within the window, that starts with the literal's
    /// first line (at most `searchLength` bytes of it).
    private func search(from cursor: Int, source: Source) -> Int? {
        let length = min(Self.searchLength, lineStarts.count > 1 ? lineStarts[1] - 1 : literal.count)
        guard length > 0 else { return nil }
        let needle = literal[0..<length]
        var offset = max(0, cursor)
        let last = min(source.bytes.count - length, offset + Self.searchWindow)
        while offset <= last {
            if source.bytes[offset] == needle[0], source.bytes[offset..<offset + length].elementsEqual(needle) { return offset }
            offset += 1
        }
        return nil
    }
}
