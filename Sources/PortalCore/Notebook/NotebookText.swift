/// Text that nbformat writes as one JSON string or a list of them (a "multiline string"), joined,
/// with the map from each place in the text back to where it is written in the file.
///
/// A broken link on line 3 of a markdown cell is reported where that character stands inside the
/// JSON string, escapes and list items accounted for.
struct NotebookText: Sendable {
    /// A stretch of the text taken from one JSON string.
    struct Piece: Sendable {
        /// Where the stretch starts in `text`, in UTF-8 bytes.
        let textOffset: Int
        let string: JSONString
        /// Where the stretch starts in the string's decoded text (not 0 in a slice).
        let stringOffset: Int
    }

    /// The joined text.
    let text: String
    let pieces: [Piece]
    /// The UTF-8 offsets at which the text's lines start.
    private let lineStarts: [Int]

    /// The text of `strings`, joined as nbformat joins a list: without separators.
    init(_ strings: [JSONString]) {
        var bytes: [UInt8] = []
        var pieces: [Piece] = []
        for string in strings {
            pieces.append(Piece(textOffset: bytes.count, string: string, stringOffset: 0))
            bytes.append(contentsOf: string.decodedBytes)
        }
        self.init(text: String(decoding: bytes, as: UTF8.self), pieces: pieces)
    }

    private init(text: String, pieces: [Piece]) {
        self.text = text
        self.pieces = pieces
        var starts = [0]
        for (offset, byte) in text.utf8.enumerated() where byte == 0x0A {
            starts.append(offset + 1)
        }
        lineStarts = starts
    }

    /// The number of lines (a text ending in a line break has an empty last line).
    var lineCount: Int { lineStarts.count }

    /// The file position of the byte at `offset` in the text's UTF-8 (the end maps to the last closing quote);
    /// nil for text that came from no string (an empty list).
    func filePosition(utf8Offset offset: Int) -> FilePosition? {
        guard !pieces.isEmpty else { return nil }
        var low = 0
        var high = pieces.count
        while low < high {
            let middle = (low + high) / 2
            if pieces[middle].textOffset <= offset { low = middle + 1 } else { high = middle }
        }
        let piece = pieces[max(low - 1, 0)]
        return piece.string.position(ofDecodedOffset: piece.stringOffset + max(offset - piece.textOffset, 0))
    }

    /// The file position of 1-based `line` and character `column` of the text (a column past the
    /// line's end maps to its end); nil for a line the text does not have.
    func filePosition(line: Int, column: Int) -> FilePosition? {
        guard let offset = utf8Offset(line: line, column: column) else { return nil }
        return filePosition(utf8Offset: offset)
    }

    /// The UTF-8 offset of 1-based `line` and character `column` in the text.
    func utf8Offset(line: Int, column: Int) -> Int? {
        guard line >= 1, line <= lineStarts.count else { return nil }
        let utf8 = text.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: lineStarts[line - 1])
        let end = line < lineStarts.count ? utf8.index(utf8.startIndex, offsetBy: lineStarts[line] - 1) : utf8.endIndex
        let place = text.index(start, offsetBy: max(column - 1, 0), limitedBy: end) ?? end
        return utf8.distance(from: utf8.startIndex, to: place)
    }

    /// The part of the text in `range` (UTF-8 offsets), mapping to the same file positions.
    func slice(_ range: Range<Int>) -> NotebookText {
        let utf8 = text.utf8
        let lower = min(max(range.lowerBound, 0), utf8.count)
        let upper = min(max(range.upperBound, lower), utf8.count)
        let sliced = String(decoding: Array(utf8)[lower..<upper], as: UTF8.self)
        var kept: [Piece] = []
        for (index, piece) in pieces.enumerated() {
            let pieceEnd = index + 1 < pieces.count ? pieces[index + 1].textOffset : utf8.count
            guard pieceEnd > lower || (pieceEnd == lower && index == pieces.count - 1), piece.textOffset <= upper else { continue }
            let skipped = max(lower - piece.textOffset, 0)
            kept.append(Piece(textOffset: max(piece.textOffset - lower, 0), string: piece.string, stringOffset: piece.stringOffset + skipped))
        }
        return NotebookText(text: sliced, pieces: kept)
    }
}
