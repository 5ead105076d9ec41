/// A place in a file: its byte offset, and the 1-based line and character column a diagnostic shows.
///
/// Columns count characters (grapheme clusters), as every other portal diagnostic does; a line ends at
/// LF, CRLF or CR, as the text the build normalises does, and a UTF-8 byte-order mark takes no column.
struct FilePosition: Sendable, Hashable, CustomStringConvertible {
    /// The offset of the place's first byte in the file's bytes.
    let offset: Int
    /// The 1-based line.
    let line: Int
    /// The 1-based column, in characters.
    let column: Int

    var description: String { "\(line):\(column)" }
}

/// Counts characters in byte ranges that start and end on character boundaries.
enum CharacterCount {
    /// The number of characters `bytes` (valid UTF-8) make; ASCII, the common case, is counted by length.
    static func of(_ bytes: ArraySlice<UInt8>) -> Int {
        var ascii = true
        for byte in bytes where byte >= 0x80 {
            ascii = false
            break
        }
        return ascii ? bytes.count : String(decoding: bytes, as: UTF8.self).count
    }
}

/// Turns byte offsets into lines and columns, for offsets asked for in increasing order.
///
/// The reader asks at each value and escape it meets, so each byte is counted once; an offset before
/// the last one asked for starts again from the top of the file rather than giving a wrong answer.
struct PositionTracker: Sendable {
    private let bytes: [UInt8]
    private let firstOffset: Int
    private var offset: Int
    private var line = 1
    private var column = 1

    init(bytes: [UInt8]) {
        self.bytes = bytes
        // A byte-order mark is dropped from the text the build shows, so it takes no column.
        firstOffset = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        offset = firstOffset
    }

    /// The position of the byte at `target` (the end of the file is a valid target).
    mutating func position(at target: Int) -> FilePosition {
        let target = min(max(target, firstOffset), bytes.count)
        if target < offset {
            offset = firstOffset
            line = 1
            column = 1
        }
        var segmentStart = offset
        var index = offset
        while index < target {
            let byte = bytes[index]
            if byte == 0x0A || byte == 0x0D {
                if byte == 0x0D, index + 1 < target, bytes[index + 1] == 0x0A { index += 1 }
                line += 1
                column = 1
                segmentStart = index + 1
            }
            index += 1
        }
        column += CharacterCount.of(bytes[segmentStart..<target])
        offset = target
        return FilePosition(offset: target, line: line, column: column)
    }

    /// Moves past `count` ASCII bytes on one line that the caller has already checked.
    mutating func skip(asciiBytes count: Int, from start: Int) {
        guard start == offset else { return }
        offset += count
        column += count
    }
}
