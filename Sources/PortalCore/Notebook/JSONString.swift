/// A JSON string: where its text is in the file, decoded only when asked for, and how to map an
/// offset in the decoded text back to the file.
///
/// The file's bytes are shared, not copied, so a large base64 image costs nothing until it is decoded.
struct JSONString: Sendable {
    /// An escape sequence (`\n`, `\"`, `\u00e9`, a surrogate pair), which changes widths between the
    /// file and the decoded text.
    struct Escape: Sendable {
        /// The offset of the backslash from the string's first content byte.
        let rawOffset: Int
        /// The escape's length in the file (2, 6 or 12 bytes).
        let rawLength: Int
        /// The offset of the decoded character in the decoded UTF-8.
        let decodedOffset: Int
        /// The character it stands for.
        let scalar: Unicode.Scalar
        /// The file column of the backslash (the line is the string's: JSON strings hold no line break).
        let column: Int
    }

    /// The whole file.
    let bytes: [UInt8]
    /// The bytes between the quotes.
    let contentRange: Range<Int>
    /// The position of the first byte after the opening quote.
    let start: FilePosition
    /// The escapes, in order; empty for most strings.
    let escapes: [Escape]
    /// The length of the decoded text in UTF-8 bytes.
    let decodedCount: Int

    /// The decoded text.
    var value: String {
        if escapes.isEmpty { return String(decoding: bytes[contentRange], as: UTF8.self) }
        return String(decoding: decodedBytes, as: UTF8.self)
    }

    /// The decoded text's UTF-8 bytes.
    var decodedBytes: [UInt8] {
        if escapes.isEmpty { return Array(bytes[contentRange]) }
        var output: [UInt8] = []
        output.reserveCapacity(decodedCount)
        var raw = contentRange.lowerBound
        for escape in escapes {
            output.append(contentsOf: bytes[raw..<(contentRange.lowerBound + escape.rawOffset)])
            UTF8.encode(escape.scalar) { output.append($0) }
            raw = contentRange.lowerBound + escape.rawOffset + escape.rawLength
        }
        output.append(contentsOf: bytes[raw..<contentRange.upperBound])
        return output
    }

    /// Whether the decoded text is `text`, without decoding a string that has no escapes.
    func equals(_ text: String) -> Bool {
        if escapes.isEmpty { return bytes[contentRange].elementsEqual(text.utf8) }
        return value == text
    }

    /// The file position of the character at `offset` in the decoded UTF-8 (clamped to the string;
    /// the end of the text maps to the closing quote).
    func position(ofDecodedOffset offset: Int) -> FilePosition {
        let offset = min(max(offset, 0), decodedCount)
        // The last escape that starts at or before the offset.
        var low = 0
        var high = escapes.count
        while low < high {
            let middle = (low + high) / 2
            if escapes[middle].decodedOffset <= offset { low = middle + 1 } else { high = middle }
        }
        var runDecoded = 0
        var runRaw = 0
        var runColumn = start.column
        if low > 0 {
            let escape = escapes[low - 1]
            let width = UTF8.width(escape.scalar)
            if offset < escape.decodedOffset + width {
                return FilePosition(offset: contentRange.lowerBound + escape.rawOffset, line: start.line, column: escape.column)
            }
            runDecoded = escape.decodedOffset + width
            runRaw = escape.rawOffset + escape.rawLength
            // An escape is written in ASCII, one column a byte.
            runColumn = escape.column + escape.rawLength
        }
        // Between escapes the decoded text is the file's text, byte for byte.
        let runStart = contentRange.lowerBound + runRaw
        let target = min(runStart + (offset - runDecoded), contentRange.upperBound)
        return FilePosition(offset: target, line: start.line, column: runColumn + CharacterCount.of(bytes[runStart..<target]))
    }
}
