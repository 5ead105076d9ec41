import Foundation

/// Substring search and replacement on UTF-8 bytes that answers exactly as Foundation's
/// `contains(_:)`, `range(of:)` and `replacingOccurrences(of:with:)` do, without bridging to `NSString`.
///
/// Foundation compares by composed character sequences and canonical equivalence: `-` is not found
/// in `-\u{301}` (a hyphen with a combining accent), and `K` is found in the Kelvin sign U+212A.
/// Neither can happen in ASCII text, so for an ASCII needle in ASCII text the bytes give the same
/// answer. Text that is not ASCII and holds the needle's bytes goes to Foundation; text that does not
/// hold them has no match either way, unless the needle has one of the three ASCII characters that a
/// single other scalar is canonically equal to (`;`, `` ` ``, `K`).
enum TextSearch {
    /// The ASCII characters that a single non-ASCII scalar decomposes to (U+037E, U+1FEF, U+212A).
    private static let singletonTargets: [UInt8] = Array(";`K".utf8)

    /// Whether `needle` occurs in `text`, as Foundation's `text.contains(needle)` answers.
    static func contains(_ needle: String, in text: String) -> Bool {
        switch byteAnswer(needle, in: text) {
        case .some(let offset): return offset != nil
        case .none: return text.range(of: needle) != nil
        }
    }

    /// The first range of `needle` in `text`, as Foundation's `text.range(of: needle)` answers.
    static func range(of needle: String, in text: String) -> Range<String.Index>? {
        switch byteAnswer(needle, in: text) {
        case .some(let offset):
            guard let offset else { return nil }
            let start = text.utf8.index(text.utf8.startIndex, offsetBy: offset)
            return start..<text.utf8.index(start, offsetBy: needle.utf8.count)
        case .none:
            return text.range(of: needle)
        }
    }

    /// `text` with every non-overlapping `target` (left to right) replaced, as Foundation's
    /// `text.replacingOccurrences(of: target, with: replacement)` answers.
    static func replacing(_ target: String, with replacement: String, in text: String) -> String {
        switch byteAnswer(target, in: text) {
        case .some(nil): return text
        case .some(.some(let first)):
            let bytes = Array(text.utf8), pattern = Array(target.utf8)
            var output: [UInt8] = []
            output.reserveCapacity(bytes.count)
            var copied = 0
            var match: Int? = first
            while let start = match {
                output.append(contentsOf: bytes[copied..<start])
                output.append(contentsOf: replacement.utf8)
                copied = start + pattern.count
                match = firstOffset(of: pattern, in: bytes, from: copied)
            }
            output.append(contentsOf: bytes[copied...])
            return String(decoding: output, as: UTF8.self)
        case .none:
            return text.replacingOccurrences(of: target, with: replacement)
        }
    }

    /// The byte offset of the first `needle` in `text` (`.some(nil)` when there is none), or nil
    /// when only Foundation can tell (see the type's comment).
    private static func byteAnswer(_ needle: String, in text: String) -> Int?? {
        let pattern = Array(needle.utf8)
        guard !pattern.isEmpty, pattern.allSatisfy({ $0 < 0x80 }) else { return nil }
        let search = { (bytes: UnsafeBufferPointer<UInt8>) -> Int?? in
            let ascii = !bytes.contains { $0 >= 0x80 }
            if !ascii, pattern.contains(where: singletonTargets.contains) { return nil }
            let offset = firstOffset(of: pattern, in: bytes, from: 0)
            return offset != nil && !ascii ? nil : .some(offset)
        }
        return text.utf8.withContiguousStorageIfAvailable(search) ?? Array(text.utf8).withUnsafeBufferPointer(search)
    }

    /// The offset of the first `pattern` in `bytes` at or after `start`.
    static func firstOffset<Bytes: RandomAccessCollection>(of pattern: [UInt8], in bytes: Bytes, from start: Int) -> Int?
    where Bytes.Element == UInt8, Bytes.Index == Int {
        guard let first = pattern.first, bytes.count >= pattern.count else { return nil }
        var index = start
        let last = bytes.count - pattern.count
        while index <= last {
            if bytes[index] == first {
                var matched = 1
                while matched < pattern.count, bytes[index + matched] == pattern[matched] { matched += 1 }
                if matched == pattern.count { return index }
            }
            index += 1
        }
        return nil
    }
}
