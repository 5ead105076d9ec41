/// Reads the start and end tags of a fragment of raw HTML (the literal of one cmark-gfm HTML block
/// or inline HTML node) as a browser's tokenizer does, in one pass over its bytes, without
/// recursion and without going back: time linear in the fragment, whatever it holds.
///
/// - A tag's name runs to a space, `/` or `>`; an attribute's name to a space, `/`, `>` or `=`
///   (names are compared without case by the caller); a value is quoted with `"` or `'`, or
///   unquoted up to a space or `>`; an attribute may have no value.
/// - Comments (`<!-- … -->`, and `<!-->`, `<!--->` which end at once), declarations (`<!DOCTYPE …>`,
///   `<![CDATA[ … >`), processing instructions (`<? … >`) and `</` not followed by a letter are
///   skipped: nothing in them is a tag.
/// - The content of an element whose content is text, not markup (`script`, `style`, `textarea`,
///   `title`, `xmp`, `iframe`, `noembed`, `noframes`), is skipped up to its end tag, and everything
///   after `<plaintext>`: a tag written there is text to a browser. `<pre>` holds markup, and is
///   read as any other element.
///
/// A fragment ending inside a tag (an HTML block cut by a blank line) gives the tag as far as it
/// goes, with `isClosed` false; a quoted value whose closing quote is not in the fragment is marked so.
struct HTMLTagScanner {
    /// One attribute of a tag, as byte ranges of the fragment.
    struct Attribute {
        /// The name as written.
        var name: Range<Int>
        /// The value's bytes (inside its quotes); nil for an attribute written without `=`.
        var value: Range<Int>?
        /// The quote around the value (`"` or `'`), or nil for an unquoted value.
        var quote: UInt8?
        /// Whether the value ends in the fragment (false when its closing quote is missing).
        var isClosed: Bool
    }

    /// A start or end tag, as byte ranges of the fragment.
    struct Tag {
        /// The name as written.
        var name: Range<Int>
        /// Whether this is an end tag (`</a>`).
        var isEnd: Bool
        /// From `<` to just after `>`, or to the end of the fragment for a tag cut short.
        var range: Range<Int>
        /// For an element whose content is text (`<script>`, `<textarea>`, …): where that content
        /// ends, at the `<` of its end tag or the end of the fragment.
        var textEnd: Int?
        /// Whether the tag ends with its `>` in the fragment.
        var isClosed = true
    }

    /// The elements whose content is text up to their end tag.
    static let textElements: Set<String> = ["script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes"]

    let bytes: [UInt8]
    /// The attributes of the last tag `next()` returned, in the order written.
    private(set) var attributes: [Attribute] = []
    /// A comment (or what a browser reads as one) that the fragment ends inside: where it starts,
    /// and what would end it (`-->`, `>`).
    private(set) var unclosed: (start: Int, closing: String)?
    private var position = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The next start or end tag, or nil at the end of the fragment.
    mutating func next() -> Tag? {
        let count = bytes.count
        while position < count {
            guard bytes[position] == UInt8(ascii: "<") else {
                position += 1
                continue
            }
            let start = position
            let after = start + 1 < count ? bytes[start + 1] : 0
            if Self.isLetter(after) {
                return tag(at: start, isEnd: false)
            }
            if after == UInt8(ascii: "/"), start + 2 < count, Self.isLetter(bytes[start + 2]) {
                return tag(at: start, isEnd: true)
            }
            if after == UInt8(ascii: "!"), matches("--", at: start + 2) {
                let end = commentEnd(from: start + 4)
                position = end ?? count
                if end == nil { unclosed = (start, "-->") }
            } else if after == UInt8(ascii: "!") || after == UInt8(ascii: "?") || after == UInt8(ascii: "/") {
                // A declaration, a processing instruction or CDATA, or `</` and no letter: a bogus
                // comment to a browser, which ends at the first `>`.
                let end = first(UInt8(ascii: ">"), from: start + 2)
                position = (end ?? count - 1) + 1
                if end == nil { unclosed = (start, ">") }
            } else {
                position = start + 1
            }
        }
        return nil
    }

    /// The bytes of `range` in lower case (ASCII), or nil when longer than `limit`.
    func lowercased(_ range: Range<Int>, limit: Int) -> String? {
        guard range.count <= limit else { return nil }
        return String(decoding: bytes[range].map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }, as: UTF8.self)
    }

    /// Reads the tag whose `<` is at `start`, and moves past it (and past the text of a text element).
    private mutating func tag(at start: Int, isEnd: Bool) -> Tag {
        let count = bytes.count
        var index = start + (isEnd ? 2 : 1)
        let nameStart = index
        while index < count, !Self.isSpace(bytes[index]), bytes[index] != UInt8(ascii: "/"), bytes[index] != UInt8(ascii: ">") { index += 1 }
        let name = nameStart..<index
        attributes.removeAll(keepingCapacity: true)
        var isClosed = false
        while index < count {
            let byte = bytes[index]
            if Self.isSpace(byte) || byte == UInt8(ascii: "/") {
                index += 1
                continue
            }
            if byte == UInt8(ascii: ">") {
                index += 1
                isClosed = true
                break
            }
            // The first character of a name may be `=`; the rest may not.
            let attributeStart = index
            index += 1
            while index < count, !Self.isSpace(bytes[index]), bytes[index] != UInt8(ascii: "/"), bytes[index] != UInt8(ascii: ">"),
                  bytes[index] != UInt8(ascii: "=") { index += 1 }
            var attribute = Attribute(name: attributeStart..<index, value: nil, quote: nil, isClosed: true)
            var equals = index
            while equals < count, Self.isSpace(bytes[equals]) { equals += 1 }
            if equals < count, bytes[equals] == UInt8(ascii: "=") {
                index = equals + 1
                while index < count, Self.isSpace(bytes[index]) { index += 1 }
                if index < count, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") {
                    let quote = bytes[index]
                    attribute.quote = quote
                    if let end = first(quote, from: index + 1) {
                        attribute.value = index + 1..<end
                        index = end + 1
                    } else {
                        attribute.value = index + 1..<count
                        attribute.isClosed = false
                        index = count
                    }
                } else {
                    // Unquoted, up to a space or `>`; `href=>` is an empty value.
                    let valueStart = index
                    while index < count, !Self.isSpace(bytes[index]), bytes[index] != UInt8(ascii: ">") { index += 1 }
                    attribute.value = valueStart..<index
                }
            } else {
                index = equals
            }
            attributes.append(attribute)
        }
        var textEnd: Int?
        if !isEnd, isClosed, let lowered = lowercased(name, limit: 9) {
            if lowered == "plaintext" {
                textEnd = count
            } else if Self.textElements.contains(lowered) {
                textEnd = endTag(of: lowered, from: index)
            }
        }
        position = textEnd ?? index
        return Tag(name: name, isEnd: isEnd, range: start..<index, textEnd: textEnd, isClosed: isClosed)
    }

    /// Where the text of element `name` ends: the `<` of its end tag (`</name` then a space, `/`, `>`
    /// or the end), or the end of the fragment. Each `<` is compared with at most the name's length.
    private func endTag(of name: String, from start: Int) -> Int {
        let count = bytes.count
        let pattern = Array(name.utf8)
        var index = start
        while let less = first(UInt8(ascii: "<"), from: index) {
            index = less + 1
            guard less + 1 < count, bytes[less + 1] == UInt8(ascii: "/"), less + 2 + pattern.count <= count else { continue }
            var same = true
            for (offset, expected) in pattern.enumerated() {
                let byte = bytes[less + 2 + offset]
                if (byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte) != expected {
                    same = false
                    break
                }
            }
            guard same else { continue }
            let after = less + 2 + pattern.count
            if after == count || Self.isSpace(bytes[after]) || bytes[after] == UInt8(ascii: "/") || bytes[after] == UInt8(ascii: ">") { return less }
        }
        return count
    }

    /// Just after the end of a comment whose text starts at `start` (after `<!--`): `-->` or `--!>`,
    /// or at once for `<!-->` and `<!--->`; nil when it does not end in the fragment.
    private func commentEnd(from start: Int) -> Int? {
        let count = bytes.count
        if start < count, bytes[start] == UInt8(ascii: ">") { return start + 1 }
        if matches("->", at: start) { return start + 2 }
        var index = start
        while index + 2 < count {
            if bytes[index] == UInt8(ascii: "-"), bytes[index + 1] == UInt8(ascii: "-") {
                if bytes[index + 2] == UInt8(ascii: ">") { return index + 3 }
                if bytes[index + 2] == UInt8(ascii: "!"), index + 3 < count, bytes[index + 3] == UInt8(ascii: ">") { return index + 4 }
            }
            index += 1
        }
        return nil
    }

    private func first(_ byte: UInt8, from start: Int) -> Int? {
        var index = start
        while index < bytes.count {
            if bytes[index] == byte { return index }
            index += 1
        }
        return nil
    }

    private func matches(_ text: StaticString, at start: Int) -> Bool {
        let length = text.utf8CodeUnitCount
        guard start >= 0, start + length <= bytes.count else { return false }
        return text.withUTF8Buffer { expected in expected.elementsEqual(bytes[start..<start + length]) }
    }

    /// HTML's ASCII whitespace: tab, line feed, form feed, carriage return and space.
    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0C || byte == 0x0D
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }
}
