import Foundation

/// Reading placeholders in text cmark-gfm wrote: how many a text holds, and where one's filler ends.
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
}
