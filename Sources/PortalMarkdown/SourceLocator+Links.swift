/// Finding where a link's destination is written, for diagnostics at its position and for the
/// Markdown twin, which replaces it where it stands.
extension SourceLocator {
    /// How far before a link's end its destination is looked for, beyond the destination itself:
    /// room for a title. A longer title makes the position fall back to the link's `[`.
    private static let titleWindow = 256
    /// How far after the previous link a destination the span does not hold is looked for.
    private static let fallbackWindow = 16 * 1024

    /// Where a link's destination is written: just after `](` inside the link's own span (from `start`
    /// to `end`, the link's positions as cmark-gfm gives them), or the link's `[` when the destination
    /// is not written there (reference links, escaped forms).
    ///
    /// cmark-gfm loses the positions of a paragraph that a table follows without a blank line (the
    /// table takes its last line and the rest is parsed again from line 1), so when the span does not
    /// hold the destination it is looked for after the previous link's (`cursor`, a byte offset),
    /// within a bounded window so that many such links stay linear.
    ///
    /// Also returns the byte range of the destination in the text when it was found inside the
    /// link's span and ends where a destination ends (at `)`, a space before a title, or `>` after `<`).
    mutating func destinationPosition(of destination: String, start: (line: Int, column: Int), end: (line: Int, column: Int), cursor: inout Int)
        -> (line: Int, column: Int, written: Range<Int>?) {
        for opener in ["](", "](<"] {
            if let found = locateLast(opener + destination, from: start, through: end, window: destination.utf8.count + Self.titleWindow) {
                cursor = found.end
                let closers: [UInt8] = opener == "](<" ? [0x3E] : [0x29, 0x20, 0x09, 0x0A]
                let written = byte(at: found.end).map(closers.contains) == true ? found.end - destination.utf8.count..<found.end : nil
                return (found.line, found.column + opener.count, written)
            }
        }
        for opener in ["](", "](<"] {
            if let found = locate(opener + destination, fromOffset: cursor, window: Self.fallbackWindow) {
                cursor = found.end
                return (found.line, found.column + opener.count, nil)
            }
        }
        // A MyST figure's path, written after its directive's fence where the figure stands.
        if !destination.isEmpty, let first = offset(start), byte(at: first) == UInt8(ascii: "`") || byte(at: first) == UInt8(ascii: "~"),
           let found = locate(destination, onLineFrom: start) {
            return (found.line, found.column, nil)
        }
        let position = characterPosition(start)
        return (position.line, position.column, nil)
    }
}
