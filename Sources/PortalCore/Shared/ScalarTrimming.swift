import Foundation

/// Trimming a text's ends as Foundation's `trimmingCharacters(in:)` does, scalar by scalar, for the
/// two sets portal trims by, without bridging every value to `NSString` (which a living review of
/// thousands of entries pays for on every field it reads).
enum ScalarTrimming {
    /// The scalars of `CharacterSet.whitespaces`: the space separators (Unicode's `Zs`), the tab,
    /// and the zero-width space, which Foundation's set holds too.
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20, 0x09, 0xA0, 0x1680, 0x2000...0x200B, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }

    /// The scalars of `CharacterSet.whitespacesAndNewlines`: `isWhitespace`'s, and the line
    /// feed to carriage return, the next-line control and the line and paragraph separators.
    static func isWhitespaceOrNewline(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A...0x0D, 0x85, 0x2028, 0x2029: true
        default: isWhitespace(scalar)
        }
    }
}

extension Substring {
    /// The text without the scalars at either end that `isTrimmed` holds.
    func trimmingScalars(_ isTrimmed: (Unicode.Scalar) -> Bool) -> String {
        let scalars = unicodeScalars
        var start = scalars.startIndex, end = scalars.endIndex
        while start < end, isTrimmed(scalars[start]) { start = scalars.index(after: start) }
        while end > start {
            let before = scalars.index(before: end)
            guard isTrimmed(scalars[before]) else { break }
            end = before
        }
        // Through the scalar view: a String's own subscript would round the ends to characters.
        return String(Substring(scalars[start..<end]))
    }
}

extension String {
    /// The text without the scalars at either end that `isTrimmed` holds.
    func trimmingScalars(_ isTrimmed: (Unicode.Scalar) -> Bool) -> String {
        self[...].trimmingScalars(isTrimmed)
    }
}
