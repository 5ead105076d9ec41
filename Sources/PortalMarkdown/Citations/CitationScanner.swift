/// Finds pandoc's citations in the literal of one text node (see `MarkdownCitation`).
///
/// Keys follow pandoc: a letter, digit or `_`, then letters, digits, `_` and the punctuation
/// `:.#$%&-+?<>~/` where a punctuation mark is followed by a letter or digit (so the full stop after
/// `@doe99.` ends the sentence, not the key), or anything but braces inside `@{…}`. A bare `@key`
/// follows no letter, digit or address character, so `name@example.org` is not one. A bracket is a
/// citation when each of its `;`-separated parts holds one key; otherwise its keys are read as bare ones.
enum CitationScanner {
    /// The citations of `bytes`, each with its byte range; their lines and columns are left to the caller.
    static func citations(in bytes: [UInt8]) -> [(range: Range<Int>, citation: MarkdownCitation)] {
        var found: [(range: Range<Int>, citation: MarkdownCitation)] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "["), let bracket = bracketCitation(bytes, at: index) {
                found.append(bracket)
                index = bracket.range.upperBound
            } else if byte == UInt8(ascii: "@"), index == 0 || !joinsAddress(bytes[index - 1]), let bare = bareCitation(bytes, at: index) {
                found.append(bare)
                index = bare.range.upperBound
            } else {
                index += 1
            }
        }
        return found
    }

    /// `[…]` at `start` when every part holds one key.
    private static func bracketCitation(_ bytes: [UInt8], at start: Int) -> (range: Range<Int>, citation: MarkdownCitation)? {
        var end = start + 1
        while end < bytes.count, bytes[end] != UInt8(ascii: "]") {
            if bytes[end] == UInt8(ascii: "[") { return nil }
            end += 1
        }
        guard end < bytes.count else { return nil }
        var items: [MarkdownCitation.Item] = []
        var partStart = start + 1
        while true {
            var partEnd = partStart
            while partEnd < end, bytes[partEnd] != UInt8(ascii: ";") { partEnd += 1 }
            guard let item = item(bytes, in: partStart..<partEnd) else { return nil }
            items.append(item)
            guard partEnd < end else { break }
            partStart = partEnd + 1
        }
        let range = start..<(end + 1)
        return (range, MarkdownCitation(items: items, isNarrative: false, text: string(bytes, range)))
    }

    /// The one key of a bracket's part, with the text before and after it.
    private static func item(_ bytes: [UInt8], in part: Range<Int>) -> MarkdownCitation.Item? {
        var index = part.lowerBound
        while index < part.upperBound {
            if bytes[index] == UInt8(ascii: "@") {
                let follows = index == part.lowerBound ? nil : bytes[index - 1]
                let suppresses = follows == UInt8(ascii: "-") && (index - 1 == part.lowerBound || isSpace(bytes[index - 2]))
                if follows.map({ isSpace($0) || suppresses }) ?? true, let (key, keyEnd) = key(bytes, after: index, limit: part.upperBound) {
                    return MarkdownCitation.Item(key: key, prefix: trimmed(bytes, part.lowerBound..<(suppresses ? index - 1 : index)),
                                                 suffix: trimmed(bytes, keyEnd..<part.upperBound), suppressesAuthor: suppresses)
                }
            }
            index += 1
        }
        return nil
    }

    /// `@key` at `start`, with a locator in brackets after it (`@key [p. 3]`) when one follows.
    private static func bareCitation(_ bytes: [UInt8], at start: Int) -> (range: Range<Int>, citation: MarkdownCitation)? {
        guard let (key, keyEnd) = key(bytes, after: start, limit: bytes.count) else { return nil }
        var end = keyEnd
        var suffix = ""
        if keyEnd + 1 < bytes.count, bytes[keyEnd] == UInt8(ascii: " "), bytes[keyEnd + 1] == UInt8(ascii: "[") {
            var close = keyEnd + 2
            while close < bytes.count, bytes[close] != UInt8(ascii: "]"), bytes[close] != UInt8(ascii: "["), bytes[close] != UInt8(ascii: "@") { close += 1 }
            if close < bytes.count, bytes[close] == UInt8(ascii: "]"), close > keyEnd + 2 {
                suffix = trimmed(bytes, (keyEnd + 2)..<close)
                end = close + 1
            }
        }
        let range = start..<end
        return (range, MarkdownCitation(items: [MarkdownCitation.Item(key: key, suffix: suffix)], isNarrative: true, text: string(bytes, range)))
    }

    /// The key after the `@` at `at`, and where it ends.
    private static func key(_ bytes: [UInt8], after at: Int, limit: Int) -> (String, Int)? {
        let first = at + 1
        guard first < limit else { return nil }
        if bytes[first] == UInt8(ascii: "{") {
            var close = first + 1
            while close < limit, bytes[close] != UInt8(ascii: "}") {
                if bytes[close] == UInt8(ascii: "{") { return nil }
                close += 1
            }
            guard close < limit, close > first + 1 else { return nil }
            return (string(bytes, (first + 1)..<close), close + 1)
        }
        guard isKeyCharacter(bytes[first]) else { return nil }
        var end = first + 1
        while end < limit {
            if isKeyCharacter(bytes[end]) {
                end += 1
            } else if internalPunctuation.contains(bytes[end]), end + 1 < limit, isKeyCharacter(bytes[end + 1]) {
                end += 2
            } else {
                break
            }
        }
        return (string(bytes, first..<end), end)
    }

    private static let internalPunctuation = Set(":.#$%&-+?<>~/".utf8)

    /// A letter, digit or `_` (any byte of a non-ASCII character counts as a letter).
    private static func isKeyCharacter(_ byte: UInt8) -> Bool {
        byte >= 0x80 || (byte >= 0x30 && byte <= 0x39) || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A) || byte == UInt8(ascii: "_")
    }

    /// Whether a byte before `@` makes it part of an address or a word (`name@example.org`, `a.b@c`).
    private static func joinsAddress(_ byte: UInt8) -> Bool {
        isKeyCharacter(byte) || addressBytes.contains(byte)
    }

    private static let addressBytes = Set(".-+/:@\\`".utf8)

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A
    }

    private static func string(_ bytes: [UInt8], _ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }

    private static func trimmed(_ bytes: [UInt8], _ range: Range<Int>) -> String {
        var lower = range.lowerBound, upper = range.upperBound
        while lower < upper, isSpace(bytes[lower]) { lower += 1 }
        while upper > lower, isSpace(bytes[upper - 1]) { upper -= 1 }
        return string(bytes, lower..<upper)
    }
}
