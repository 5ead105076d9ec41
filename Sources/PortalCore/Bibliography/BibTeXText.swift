import Foundation

/// The TeX of a BibTeX value made plain Unicode text, for pages and metadata.
///
/// Accents in every written form (`{\"o}`, `\"{o}`, `\"o`, `\'{\i}`, `\v c`) become precomposed
/// letters (NFC), special letters (`\ss`, `\o`, `\aa`, `\l`, …) and escapes (`\&`, `\%`, …) their
/// characters; `--` and `---` become dashes, ` `` ` and `''` curly quotes, `~` a no-break space
/// (U+00A0, as TeX prints it); style commands (`\emph`, `\textbf`, `{\it …}`) and the braces that
/// protect case are dropped, `\url{…}` keeps its address as written, and runs of white space
/// become one space. Math (`$…$`, `$$…$$`) is kept as written, for the caller to render. A command
/// the decoder does not know is kept as written, its argument's braces too, and listed in
/// `unknownCommands`, never dropped.
struct BibTeXText: Sendable, Equatable {
    /// A stretch of the decoded value: text, or math as written between its dollars.
    enum Piece: Sendable, Equatable {
        case text(String)
        /// The TeX between the dollars, untouched; `display` for `$$…$$`.
        case math(String, display: Bool)
    }

    /// A command kept as written because the decoder does not know it.
    struct UnknownCommand: Sendable, Equatable {
        /// The command with its backslash: `\foo`.
        let command: String
        /// The UTF-8 byte offset of its backslash in the value decoded.
        let offset: Int
    }

    let pieces: [Piece]
    let unknownCommands: [UnknownCommand]

    /// The whole value as one string, math between its dollars. An escaped `\$` is a plain `$` here,
    /// so a caller that renders math reads `pieces`, which tells the two apart.
    var text: String {
        pieces.map { piece in
            switch piece {
            case .text(let text): text
            case .math(let tex, let display): display ? "$$\(tex)$$" : "$\(tex)$"
            }
        }.joined()
    }

    /// Decodes the TeX in `value` (a field value as `BibTeXReader` gives it).
    static func decode(_ value: String) -> BibTeXText {
        if let plain = plainASCII(value) { return plain }
        var decoder = BibTeXTextDecoder(bytes: Array(value.utf8))
        decoder.run()
        return BibTeXText(pieces: decoder.pieces, unknownCommands: decoder.unknownCommands)
    }
}

extension BibTeXText {
    /// The decoding of a value that is ASCII text alone, words separated by single spaces (most
    /// names, keys and many titles): the value itself, found without the decoder's arrays.
    fileprivate static func plainASCII(_ value: String) -> BibTeXText? {
        var afterSpace = true
        for byte in value.utf8 {
            if byte == 0x20 {
                if afterSpace { return nil }
                afterSpace = true
            } else {
                if byte >= 0x80 || BibTeXTextDecoder.readBytes[Int(byte)] { return nil }
                afterSpace = false
            }
        }
        return afterSpace ? nil : BibTeXText(pieces: [.text(value)], unknownCommands: [])
    }
}

/// The decoder's state: one pass over the value's bytes, groups on a stack (never recursion).
private struct BibTeXTextDecoder {
    let bytes: [UInt8]
    var index = 0
    var pieces: [BibTeXText.Piece] = []
    var unknownCommands: [BibTeXText.UnknownCommand] = []
    /// The text piece being written, as UTF-8.
    var output: [UInt8] = []
    /// The open groups: whether each keeps its braces (the argument of an unknown command).
    var groups: [Bool] = []
    /// Accents waiting for the character they go on, outermost first.
    var pendingAccents: [BibTeXText.Accent] = []
    /// Where a search for a closing `$` (or `$$`) found none, so no later one searches again.
    var noClosingDollar = Int.max
    var noClosingDoubleDollar = Int.max

    /// The closing brace of each `{` that has one, matched once so that no group is searched twice.
    let closingBraces: BracePairs

    init(bytes: [UInt8]) {
        self.bytes = bytes
        closingBraces = BracePairs(in: bytes)
    }

    mutating func run() {
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\\"):
                command()
            case UInt8(ascii: "{"):
                groups.append(false)
                index += 1
            case UInt8(ascii: "}"):
                flushAccents()
                if let keeps = groups.popLast(), keeps { output.append(byte) }
                index += 1
            case UInt8(ascii: "$"):
                math()
            case 0x20, 0x09, 0x0A, 0x0D, 0x0B, 0x0C:
                // An accent's argument may follow after white space: `\" o`.
                if pendingAccents.isEmpty { space() }
                index += 1
            case UInt8(ascii: "~"):
                emit(Array("\u{A0}".utf8))
                index += 1
            case UInt8(ascii: "-"):
                var run = 0
                while index < bytes.count, bytes[index] == UInt8(ascii: "-") {
                    run += 1
                    index += 1
                }
                while run >= 3 {
                    emit(Array("—".utf8))
                    run -= 3
                }
                if run == 2 { emit(Array("–".utf8)) }
                if run == 1 { emit([byte]) }
            case UInt8(ascii: "`"), UInt8(ascii: "'"):
                if index + 1 < bytes.count, bytes[index + 1] == byte {
                    emit(Array((byte == UInt8(ascii: "`") ? "“" : "”").utf8))
                    index += 2
                } else {
                    emit([byte])
                    index += 1
                }
            default:
                guard pendingAccents.isEmpty else {
                    let width = UTF8Check.width(bytes, at: index) ?? 1
                    emit(Array(bytes[index..<min(index + width, bytes.count)]))
                    index += width
                    continue
                }
                // Plain text, most of every value: copied up to the next byte read above, as a run,
                // as emitting its characters one by one would write it.
                let start = index
                index += 1
                while index < bytes.count, !Self.readBytes[Int(bytes[index])] { index += 1 }
                output += bytes[start..<index]
            }
        }
        flushAccents()
        flushText()
        trimEnds()
    }

    /// The bytes `run` reads as more than text: a command, a group, math, white space, a tie, dashes, quotes.
    static let readBytes: [Bool] = (0..<256).map { byte in
        "\\{}$~-`'".utf8.contains(UInt8(byte)) || [0x20, 0x09, 0x0A, 0x0D, 0x0B, 0x0C].contains(byte)
    }

    /// Writes a character (UTF-8), with the accents waiting for it.
    mutating func emit(_ character: [UInt8]) {
        // One accent on an ASCII letter, as most are, is written as the letter it composes to, so
        // that the text needs no normalization when it ends (`flushText`).
        if pendingAccents.count == 1, character.count == 1,
           let composed = BibTeXText.compositions[UInt32(character[0]) << 24 | pendingAccents[0].mark.value] {
            output += composed.utf8
            pendingAccents.removeAll()
            return
        }
        output += character
        for accent in pendingAccents.reversed() { output += Array(String(accent.mark).utf8) }
        pendingAccents.removeAll()
    }

    /// Writes the accents that found no character (`\'{}`) as characters of their own.
    mutating func flushAccents() {
        let accents = pendingAccents
        pendingAccents.removeAll()
        for accent in accents { output += Array(accent.spacing.utf8) }
    }

    mutating func space() {
        if output.last != 0x20 { output.append(0x20) }
    }

    /// Reads the command at `index` (a backslash).
    mutating func command() {
        let start = index
        index += 1
        guard index < bytes.count else {
            unknown(start)
            return
        }
        let first = bytes[index]
        guard BibTeXBytes.isLetter(first) else {
            index += 1
            if let accent = BibTeXText.symbolAccents[first] {
                pendingAccents.append(accent)
            } else if let text = BibTeXText.symbolText[first] {
                flushAccents()
                if text == " " { space() } else if !text.isEmpty { emit(Array(text.utf8)) }
            } else {
                index = start + 1 + (UTF8Check.width(bytes, at: start + 1) ?? 1)
                unknown(start)
            }
            return
        }
        while index < bytes.count, BibTeXBytes.isLetter(bytes[index]) { index += 1 }
        let name = String(decoding: bytes[(start + 1)..<index], as: UTF8.self)
        if let accent = BibTeXText.letterAccents[name] {
            pendingAccents.append(accent)
        } else if name == "i" || name == "j", !pendingAccents.isEmpty {
            // A dotless i or j carries the accent as the plain letter does: `\'{\i}` is í.
            skipSpaces()
            emit(Array(name.utf8))
        } else if let text = BibTeXText.symbols[name] {
            skipSpaces()
            emit(Array(text.utf8))
        } else if BibTeXText.styles.contains(name) {
            skipSpaces()
        } else if name == "url" {
            skipSpaces()
            if let group = groupContent() { emit(Array(bytes[group])) }
        } else if name == "href" || name == "noopsort" {
            // `\href`'s address and `\noopsort`'s sorting key are not shown; `\href`'s text follows as a group.
            skipSpaces()
            _ = groupContent()
        } else {
            unknown(start)
        }
    }

    /// Keeps the command from `start` to `index` as written and lists it, with its argument's braces.
    mutating func unknown(_ start: Int) {
        flushAccents()
        let written = Array(bytes[start..<max(index, start + 1)])
        unknownCommands.append(BibTeXText.UnknownCommand(command: String(decoding: written, as: UTF8.self), offset: start))
        output += written
        if index < bytes.count, bytes[index] == UInt8(ascii: "{") {
            output.append(bytes[index])
            groups.append(true)
            index += 1
        }
    }

    /// The content of the brace group at `index`, passing it, or nil (passing nothing) when there is none.
    mutating func groupContent() -> Range<Int>? {
        guard index < bytes.count, bytes[index] == UInt8(ascii: "{"), let end = closingBraces[index] else { return nil }
        let content = (index + 1)..<end
        index = end + 1
        return content
    }

    /// Reads `$…$` or `$$…$$` at `index` as math, or a lone `$` as text when nothing closes it.
    mutating func math() {
        let display = index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "$")
        let open = display ? 2 : 1
        let start = index + open
        var end = start
        var closed = false
        if start < (display ? noClosingDoubleDollar : noClosingDollar) {
            while end < bytes.count {
                if bytes[end] == UInt8(ascii: "\\") {
                    end += 2
                    continue
                }
                if bytes[end] == UInt8(ascii: "$"), !display || (end + 1 < bytes.count && bytes[end + 1] == UInt8(ascii: "$")) {
                    closed = true
                    break
                }
                end += 1
            }
        }
        guard closed else {
            if display { noClosingDoubleDollar = min(noClosingDoubleDollar, start) } else { noClosingDollar = min(noClosingDollar, start) }
            emit(Array(bytes[index..<start]))
            index = start
            return
        }
        flushAccents()
        flushText()
        pieces.append(.math(String(decoding: bytes[start..<end], as: UTF8.self), display: display))
        index = end + open
    }

    /// Ends the text piece being written, composing accents with their letters (NFC).
    mutating func flushText() {
        guard !output.isEmpty else { return }
        let text = String(decoding: output, as: UTF8.self)
        pieces.append(.text(BibTeXText.isComposed(text) ? text : text.precomposedStringWithCanonicalMapping))
        output.removeAll()
    }

    /// Drops the space at the start of the first text and the end of the last.
    mutating func trimEnds() {
        if case .text(let text)? = pieces.first {
            let trimmed = String(text.drop { $0 == " " })
            if trimmed.isEmpty { pieces.removeFirst() } else { pieces[0] = .text(trimmed) }
        }
        if case .text(let text)? = pieces.last {
            // Spaces are single bytes: the end is found in the UTF-8, which a whole text read
            // backwards as characters would cost many times over.
            let utf8 = text.utf8
            var end = utf8.endIndex
            while end > utf8.startIndex, utf8[utf8.index(before: end)] == UInt8(ascii: " ") { end = utf8.index(before: end) }
            let trimmed = String(text[..<end])
            if trimmed.isEmpty { pieces.removeLast() } else { pieces[pieces.count - 1] = .text(trimmed) }
        }
    }

    /// TeX skips the spaces after a command named by letters.
    mutating func skipSpaces() {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }
}
