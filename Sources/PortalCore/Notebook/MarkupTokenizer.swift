/// Splits HTML or SVG into text and tags the way a browser's tokenizer does, for the notebook output
/// sanitizer.
///
/// It follows the states of the HTML tokenizer that decide where a tag, an attribute and a value
/// start and end (quoted and unquoted values, a `>` inside quotes, `/` between attributes, a tag cut
/// off by the end of the text, which a browser drops), so that what the sanitizer keeps is what the
/// author's browser showed. Comments, `<!DOCTYPE>`, `<?xml …?>` and other declarations are passed over
/// without a token: the sanitizer never writes them. Each scan moves the position past what it read
/// or ends the text, so any input is read in one pass.
struct MarkupTokenizer {
    /// One piece of the input. Ranges index `bytes`; text is as written, references not decoded.
    enum Token {
        case text(Range<Int>)
        /// The inside of a `<![CDATA[ … ]]>` section: text whose `&` and `<` are plain characters.
        case cdata(Range<Int>)
        case startTag(StartTag)
        case endTag(String)
    }

    /// An attribute as written: its lower-cased name and the raw bytes of its value.
    struct Attribute {
        let name: String
        let value: Range<Int>
    }

    /// A start tag, its attributes as written.
    struct StartTag {
        /// Lower-cased, as an HTML parser compares names.
        let name: String
        /// In order, each name once: a browser keeps the first of two attributes with one name.
        let attributes: [Attribute]
        /// The tag ends in `/>`: an SVG element with no content.
        let selfClosing: Bool
    }

    /// The input as UTF-8, after the clean-up browsers apply before tokenizing.
    let bytes: [UInt8]
    private(set) var position = 0
    /// Whether `<![CDATA[` opens a section, which is so only inside SVG.
    var recognisesCDATA = false

    /// Prepares `text`: line breaks become `\n`, NUL becomes U+FFFD (as a browser reads it), and the
    /// other control characters that XML forbids are dropped, so that no value can hide one.
    init(_ text: String) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var previous: UInt8 = 0
        for byte in text.utf8 {
            switch byte {
            case 0x0A where previous == 0x0D:
                break
            case 0x0D:
                bytes.append(0x0A)
            case 0x00:
                bytes.append(contentsOf: [0xEF, 0xBF, 0xBD])
            case 0x0C:
                bytes.append(0x20)
            case 0x01...0x08, 0x0B, 0x0E...0x1F, 0x7F:
                break
            case 0xBE...0xBF where bytes.count >= 2 && bytes[bytes.count - 2] == 0xEF && bytes[bytes.count - 1] == 0xBF:
                // U+FFFE and U+FFFF, which XML forbids too.
                bytes.removeLast(2)
                bytes.append(contentsOf: [0xEF, 0xBF, 0xBD])
            default:
                bytes.append(byte)
            }
            previous = byte
        }
        self.bytes = bytes
    }

    /// The next token, or nil at the end of the input.
    mutating func next() -> Token? {
        let count = bytes.count
        while position < count {
            let start = position
            guard bytes[start] == UInt8(ascii: "<") else {
                position = bytes[start...].firstIndex(of: UInt8(ascii: "<")) ?? count
                return .text(start..<position)
            }
            guard start + 1 < count else {
                position = count
                return .text(start..<count)
            }
            let next = bytes[start + 1]
            if Self.isLetter(next) {
                guard let tag = startTag(nameAt: start + 1) else { return nil }
                return .startTag(tag)
            }
            switch next {
            case UInt8(ascii: "/"):
                guard start + 2 < count else {
                    position = count
                    return .text(start..<count)
                }
                if Self.isLetter(bytes[start + 2]) {
                    guard let name = endTag(nameAt: start + 2) else { return nil }
                    return .endTag(name)
                }
                // `</>` is nothing; `</` and anything else a comment up to the next `>`.
                skipBogusComment(from: start + 2)
            case UInt8(ascii: "!"):
                if matches("<!--", at: start) {
                    skipComment(from: start + 4)
                } else if recognisesCDATA, matches("<![CDATA[", at: start) {
                    let contentStart = start + 9
                    let end = find("]]>", from: contentStart)
                    position = end.map { $0 + 3 } ?? count
                    return .cdata(contentStart..<(end ?? count))
                } else {
                    skipBogusComment(from: start + 2)
                }
            case UInt8(ascii: "?"):
                skipBogusComment(from: start + 1)
            default:
                position = start + 1
                return .text(start..<start + 1)
            }
        }
        return nil
    }

    /// Passes over the text of a raw-text element (`<script>`, `<style>`, `<textarea>`, …) and its
    /// end tag: inside one, nothing but `</name` ends it. Without an end tag, the rest of the input
    /// is its text, as in a browser.
    mutating func skipRawText(until name: String) {
        let pattern = Array(name.utf8)
        let count = bytes.count
        var index = position
        while index + 1 < count {
            guard let open = bytes[index..<(count - 1)].firstIndex(of: UInt8(ascii: "<")) else { break }
            let nameStart = open + 2
            if bytes[open + 1] == UInt8(ascii: "/"), nameStart + pattern.count <= count,
               zip(bytes[nameStart..<nameStart + pattern.count], pattern).allSatisfy({ Self.lowercased($0.0) == $0.1 }) {
                let after = nameStart + pattern.count
                if after == count || Self.isSpace(bytes[after]) || bytes[after] == UInt8(ascii: "/") || bytes[after] == UInt8(ascii: ">") {
                    if endTag(nameAt: nameStart) == nil { position = count }
                    return
                }
            }
            index = open + 1
        }
        position = count
    }

    /// Ends the input here: after `<plaintext>`, everything is its text.
    mutating func skipToEnd() {
        position = bytes.count
    }

    // MARK: Tags

    /// Reads a start tag whose name starts at `nameStart`; nil (and the end of the input) when the
    /// input ends inside it.
    private mutating func startTag(nameAt nameStart: Int) -> StartTag? {
        var index = nameStart
        let name = readName(&index)
        var attributes: [Attribute] = []
        var names: Set<String> = []
        guard let selfClosing = readAttributes(&index, into: &attributes, names: &names) else {
            position = bytes.count
            return nil
        }
        position = index
        return StartTag(name: name, attributes: attributes, selfClosing: selfClosing)
    }

    /// Reads an end tag and passes over its attributes, which mean nothing but can hide a `>` in quotes.
    private mutating func endTag(nameAt nameStart: Int) -> String? {
        var index = nameStart
        let name = readName(&index)
        var ignored: [Attribute] = []
        var names: Set<String> = []
        guard readAttributes(&index, into: &ignored, names: &names) != nil else {
            position = bytes.count
            return nil
        }
        position = index
        return name
    }

    private func readName(_ index: inout Int) -> String {
        let start = index
        while index < bytes.count, !Self.isSpace(bytes[index]), bytes[index] != UInt8(ascii: "/"), bytes[index] != UInt8(ascii: ">") {
            index += 1
        }
        return Self.lowercasedString(bytes[start..<index])
    }

    /// Reads attributes up to and past the tag's `>`; whether the tag ended in `/>`, or nil when the
    /// input ends first.
    private func readAttributes(_ index: inout Int, into attributes: inout [Attribute], names: inout Set<String>) -> Bool? {
        let count = bytes.count
        while true {
            while index < count, Self.isSpace(bytes[index]) { index += 1 }
            guard index < count else { return nil }
            switch bytes[index] {
            case UInt8(ascii: ">"):
                index += 1
                return false
            case UInt8(ascii: "/"):
                if index + 1 < count, bytes[index + 1] == UInt8(ascii: ">") {
                    index += 2
                    return true
                }
                index += 1
                continue
            default:
                break
            }
            // A name may start with `=`; it runs to a space, `/`, `>` or `=`.
            let nameStart = index
            index += 1
            while index < count, !Self.isSpace(bytes[index]), bytes[index] != UInt8(ascii: "/"), bytes[index] != UInt8(ascii: ">"),
                  bytes[index] != UInt8(ascii: "=") {
                index += 1
            }
            let name = Self.lowercasedString(bytes[nameStart..<index])
            var value = index..<index
            var probe = index
            while probe < count, Self.isSpace(bytes[probe]) { probe += 1 }
            if probe < count, bytes[probe] == UInt8(ascii: "=") {
                index = probe + 1
                while index < count, Self.isSpace(bytes[index]) { index += 1 }
                guard index < count else { return nil }
                let quote = bytes[index]
                if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
                    guard let end = bytes[(index + 1)...].firstIndex(of: quote) else { return nil }
                    value = (index + 1)..<end
                    index = end + 1
                } else if quote != UInt8(ascii: ">") {
                    let valueStart = index
                    while index < count, !Self.isSpace(bytes[index]), bytes[index] != UInt8(ascii: ">") { index += 1 }
                    value = valueStart..<index
                }
            } else {
                index = probe
            }
            if names.insert(name).inserted {
                attributes.append(Attribute(name: name, value: value))
            }
        }
    }

    // MARK: Comments

    /// Passes over a comment whose `<!--` ends before `start`: up to `-->` or `--!>`, or at once for
    /// `<!-->` and `<!--->`, or to the end of the input.
    private mutating func skipComment(from start: Int) {
        let count = bytes.count
        if start < count, bytes[start] == UInt8(ascii: ">") {
            position = start + 1
            return
        }
        if start + 1 < count, bytes[start] == UInt8(ascii: "-"), bytes[start + 1] == UInt8(ascii: ">") {
            position = start + 2
            return
        }
        var index = start
        while index + 2 < count {
            if bytes[index] == UInt8(ascii: "-"), bytes[index + 1] == UInt8(ascii: "-") {
                if bytes[index + 2] == UInt8(ascii: ">") {
                    position = index + 3
                    return
                }
                if bytes[index + 2] == UInt8(ascii: "!"), index + 3 < count, bytes[index + 3] == UInt8(ascii: ">") {
                    position = index + 4
                    return
                }
            }
            index += 1
        }
        position = count
    }

    /// Passes over a declaration, a processing instruction or a broken end tag, up to the next `>`.
    private mutating func skipBogusComment(from start: Int) {
        position = bytes[min(start, bytes.count)...].firstIndex(of: UInt8(ascii: ">")).map { $0 + 1 } ?? bytes.count
    }

    // MARK: Bytes

    private func matches(_ text: StaticString, at index: Int) -> Bool {
        let count = text.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        return text.withUTF8Buffer { pattern in (0..<count).allSatisfy { bytes[index + $0] == pattern[$0] } }
    }

    private func find(_ text: StaticString, from start: Int) -> Int? {
        let count = text.utf8CodeUnitCount
        var index = start
        while index + count <= bytes.count {
            if text.withUTF8Buffer({ pattern in (0..<count).allSatisfy { bytes[index + $0] == pattern[$0] } }) { return index }
            index += 1
        }
        return nil
    }

    static func isLetter(_ byte: UInt8) -> Bool {
        (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }

    /// The HTML tokenizer's white space (carriage returns are gone by now).
    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0C
    }

    static func lowercased(_ byte: UInt8) -> UInt8 {
        (0x41...0x5A).contains(byte) ? byte + 0x20 : byte
    }

    static func lowercasedString(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: bytes.map(lowercased), as: UTF8.self)
    }
}
