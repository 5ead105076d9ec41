import Foundation
import PortalMath

/// The `:::` blocks of a body: fenced divs as pandoc, the Carpentries Workbench and MyST write them,
/// found before cmark-gfm reads the body.
///
/// A block opens with a line of three or more colons and a name (`::: challenge`), with an optional
/// title (`::: callout "Why batch norm?"`, or MyST's `:::{note} Why batch norm?`) and id
/// (`::: challenge {#ex-loss}`, or pandoc's `::: {.challenge #ex-loss}`), and closes with a line of
/// colons only. A closing line closes the innermost open block, as in pandoc, so blocks nest however
/// many colons each fence has. Fences inside fenced code are code.
///
/// cmark-gfm knows no fenced divs, so each fence line is replaced, in the text it parses, by a marker
/// that stands as a block of its own wherever it is written: an HTML comment holding the fence's
/// number, which starts an HTML block that interrupts a paragraph, a table or a list item's lazy lines.
/// The renderer then moves what stands between a block's two markers into the block. The marker's
/// first byte, U+0001, is replaced in every body before parsing, so a body cannot forge one.
///
/// kramdown's block attribute lines (`{: .challenge}` on the line after a quote, `{: .output}` after
/// a code block, also inside quotes: `> {: .solution}`) are found by the same scan and become markers
/// the same way, which also keeps cmark-gfm from reading them as lazy lines of the paragraph above.
struct LessonBlocks {
    /// A fence line.
    struct Fence {
        /// 1-based line in the body, and column of the first colon.
        var line: Int
        var column: Int
        /// The fence's bytes in the body: its line from the first colon, without the line break.
        var range: Range<Int>
        /// What an opening fence says; nil for a closing fence.
        var opening: Opening?
        /// The fence's partner: an opening fence's closing fence (nil while unclosed), a closing
        /// fence's opening fence.
        var partner: Int?
        /// For a MyST directive written with backticks or tildes: the character and length that close it.
        var closer: (character: UInt8, length: Int)?
    }

    /// What an opening fence says.
    struct Opening {
        /// The block's name as written, and its kind (nil when the name is unknown).
        var name: String
        var kind: LessonBlockKind?
        var title: String?
        var id: String?
        /// 1-based column of the name.
        var column: Int
        /// The first attribute portal cannot apply (`.wide`, `style=…`), to be reported.
        var unreadAttribute: String?
        /// A video block's address as written (`::: video https://…`) and its 1-based column, and
        /// the address read (nil until it is, and when it cannot be).
        var address: String?
        var addressColumn = 0
        var video: VideoAddress?
        /// A tab item's `:sync:` key (the tabs of one key switch together; the label when none), or
        /// a tab set's `:sync-group:`; and whether an item is `:selected:`, shown first.
        var sync: String?
        var selected = false
    }

    /// A line that is a kramdown attribute list.
    struct AttributeLine {
        /// 1-based line in the body, and column of the `{`.
        var line: Int
        var column: Int
        /// The list's bytes in the body, from `{` to `}`.
        var range: Range<Int>
        /// The list, or nil when it cannot be read (kramdown's definitions, `{:name: .class}`, among them).
        var list: AttributeList?
    }

    /// How deep blocks may nest: far deeper than any lesson, shallow enough for cmark-gfm's renderers.
    static let maximumDepth = 16

    var fences: [Fence] = []
    private(set) var attributeLines: [AttributeLine] = []
    var problems: [MarkdownProblem] = []
    /// The options after MyST openings (`:name: my-id`), left out of what cmark-gfm reads.
    var optionLines: [Range<Int>] = []

    /// The blocks and attribute lines of `text`, or nil when it has none.
    init?(text: String) {
        var text = text
        let found: Bool = text.withUTF8 { bytes in
            guard Self.holds(bytes, UInt8(ascii: ":"), UInt8(ascii: ":"), UInt8(ascii: ":")) || Self.holds(bytes, UInt8(ascii: "{"), UInt8(ascii: ":"))
                    || Self.holds(bytes, UInt8(ascii: "{"), UInt8(ascii: "#")) || Self.holds(bytes, UInt8(ascii: "`"), UInt8(ascii: "{"))
                    || Self.holds(bytes, UInt8(ascii: "~"), UInt8(ascii: "{"))
            else { return false }
            scan(bytes)
            return true
        }
        // A body holding `{:` but no attribute line may still give an image attributes in a line.
        guard found else { return nil }
    }

    /// Whether `bytes` hold the bytes given in a row (`:::`, `{:`): the check every body pays.
    static func holds(_ bytes: UnsafeBufferPointer<UInt8>, _ first: UInt8, _ rest: UInt8...) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        var start = 0
        while start + rest.count < bytes.count, let found = memchr(base + start, Int32(first), bytes.count - start - rest.count) {
            let index = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            if rest.indices.allSatisfy({ bytes[index + 1 + $0] == rest[$0] }) { return true }
            start = index + 1
        }
        return false
    }

    private mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>) {
        var open: [Int] = []
        // The fenced code block the line is in: its fence character and length.
        var code: (character: UInt8, length: Int)?
        // The block just opened with MyST's syntax, whose options may follow.
        var pendingOptions: Int?
        var line = 1
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != 0x0A { end += 1 }
            let content = UnsafeBufferPointer(rebasing: bytes[start..<end])
            defer {
                start = end + 1
                line += 1
            }
            if let index = pendingOptions {
                if readOption(content, line: line, lineStart: start, of: index) { continue }
                pendingOptions = nil
            }
            // The quotes' marks: code and attribute lines are found inside quotes too, fences only outside.
            let quote = Self.quotePrefix(content)
            var indent = quote
            while indent < content.count, indent < quote + 4, content[indent] == 0x20 { indent += 1 }
            guard indent < quote + 4, indent < content.count else { continue }
            let first = content[indent]
            if first == UInt8(ascii: "`") || first == UInt8(ascii: "~") {
                var run = indent
                while run < content.count, content[run] == first { run += 1 }
                let length = run - indent
                guard length >= 3 else { continue }
                if let current = code {
                    if current.character == first, length >= current.length, content[run...].allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { code = nil }
                } else if quote == 0, directiveFence(content, indent: indent, run: run, length: length, line: line, lineStart: start,
                                                     open: &open, pendingOptions: &pendingOptions) {
                    continue
                } else if first == UInt8(ascii: "~") || !content[run...].contains(UInt8(ascii: "`")) {
                    code = (first, length)
                }
                continue
            }
            guard code == nil else { continue }
            if first == UInt8(ascii: "{") {
                readAttributeLine(content, from: indent, line: line, lineStart: start)
                continue
            }
            guard quote == 0, first == UInt8(ascii: ":") else { continue }
            var colons = indent
            while colons < content.count, content[colons] == UInt8(ascii: ":") { colons += 1 }
            guard colons - indent >= 3 else { continue }
            let rest = String(decoding: UnsafeBufferPointer(rebasing: content[colons...]), as: UTF8.self)
            let spec = rest.trimmingCharacters(in: .whitespaces)
            // The marker keeps the line's indentation, which tells the list item the fence is in.
            let range = (start + indent)..<end
            if spec.allSatisfy({ $0 == ":" }) {
                // Colons close only a block opened with colons: inside a directive of backticks, they close nothing.
                guard let opening = open.last, fences[opening].closer == nil else {
                    problems.append(MarkdownProblem(kind: "block.unopened", line: line, column: indent + 1,
                                                    message: "this ::: line closes a block, but no block is open",
                                                    fix: "remove the line, or open the block with a name before it (::: challenge)"))
                    continue
                }
                open.removeLast()
                fences[opening].partner = fences.count
                fences.append(Fence(line: line, column: indent + 1, range: range, opening: nil, partner: opening))
                continue
            }
            let nameColumn = colons + (rest.utf8.count - rest.drop { $0 == " " || $0 == "\t" }.utf8.count) + 1
            guard open.count < Self.maximumDepth else {
                problems.append(MarkdownProblem(kind: "block.too-deep", line: line, column: indent + 1,
                                                message: "blocks are nested more than \(Self.maximumDepth) deep here",
                                                fix: "close some of the blocks around this one"))
                continue
            }
            var opening = Self.opening(spec, column: nameColumn)
            if let problem = Self.problem(with: &opening, line: line) { problems.append(problem) }
            if spec.hasPrefix("{") { pendingOptions = fences.count }
            open.append(fences.count)
            fences.append(Fence(line: line, column: indent + 1, range: range, opening: opening, partner: nil))
        }
        checkTabs(bytes)
        for index in open {
            let fence = fences[index]
            let closing = fence.closer.map { String(repeating: String(UnicodeScalar($0.character)), count: $0.length) } ?? ":::"
            problems.append(MarkdownProblem(kind: "block.unclosed", line: fence.line, column: fence.column,
                                            message: "the block \(fence.opening?.name ?? "") opened here is never closed",
                                            fix: fence.closer == nil ? "end it with a line of colons (:::) after its last line" : "end it with a line of \(closing) after its last line"))
        }
    }

    /// How many bytes of `content` are the marks of quotes (`> > `), spaces after them included.
    static func quotePrefix(_ content: UnsafeBufferPointer<UInt8>) -> Int {
        var end = 0
        while true {
            var mark = end
            while mark < content.count, mark < end + 3, content[mark] == 0x20 { mark += 1 }
            guard mark < content.count, content[mark] == UInt8(ascii: ">") else { return end }
            end = mark + 1
            if end < content.count, content[end] == 0x20 { end += 1 }
        }
    }

    /// Records the line as an attribute line when it is `{:` … `}` and nothing else.
    private mutating func readAttributeLine(_ content: UnsafeBufferPointer<UInt8>, from start: Int, line: Int, lineStart: Int) {
        var end = content.count
        while end > start, content[end - 1] == 0x20 || content[end - 1] == 0x09 || content[end - 1] == 0x0D { end -= 1 }
        guard end - start >= 3, content[start + 1] == UInt8(ascii: ":"), content[end - 1] == UInt8(ascii: "}") else { return }
        let text = String(decoding: UnsafeBufferPointer(rebasing: content[start..<end]), as: UTF8.self)
        // The prefix before `{` is ASCII (spaces and quote marks): its bytes are its characters.
        attributeLines.append(AttributeLine(line: line, column: start + 1, range: (lineStart + start)..<(lineStart + end), list: AttributeList(text[...])))
    }

    /// Reads the part of an opening fence after its colons: a name (`challenge`, MyST's `{note}`) or
    /// pandoc's attributes (`{.challenge #id}`), then an optional title, quoted or not, and an
    /// optional `{#id}`; colons at the end are decoration.
    static func opening(_ spec: String, column: Int) -> Opening {
        var rest = Substring(spec)
        while rest.last == ":" || rest.last == " " { rest.removeLast() }
        var opening = Opening(name: "", kind: nil, title: nil, id: nil, column: column)
        if rest.hasPrefix("{"), let close = rest.firstIndex(of: "}") {
            let inner = rest[rest.index(after: rest.startIndex)..<close].trimmingCharacters(in: .whitespaces)
            rest = rest[rest.index(after: close)...]
            if inner.hasPrefix(".") || inner.hasPrefix("#") || inner.contains("=") {
                readAttributes(Substring(inner), into: &opening)
            } else {
                opening.name = inner
            }
        } else {
            let name = rest.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
            opening.name = String(name)
            rest = rest[name.endIndex...]
        }
        rest = rest.drop { $0 == " " }
        // A video block's address comes before its title: `::: video https://… "Title"`.
        if LessonBlockKind(name: opening.name) == .video, let first = rest.first, first != "\"", first != "{" {
            let address = rest.prefix { $0 != " " && $0 != "\t" }
            opening.address = String(address)
            opening.addressColumn = column + spec.distance(from: spec.startIndex, to: address.startIndex)
            rest = rest[address.endIndex...].drop { $0 == " " || $0 == "\t" }
        }
        if rest.hasSuffix("}"), let open = rest.lastIndex(of: "{"), rest[open...].dropFirst().first == "#" {
            readAttributes(rest[rest.index(after: open)..<rest.index(before: rest.endIndex)], into: &opening)
            rest = rest[..<open]
            while rest.last == " " { rest.removeLast() }
        }
        if rest.count >= 2, rest.first == "\"", rest.last == "\"" { rest = rest.dropFirst().dropLast() }
        if !rest.isEmpty { opening.title = String(rest) }
        opening.kind = LessonBlockKind(name: opening.name)
        return opening
    }

    /// Pandoc's attributes: the first `.class` names the block, `#id` gives its id, `title="…"` its
    /// title; the first other one is kept to be reported.
    private static func readAttributes(_ text: Substring, into opening: inout Opening) {
        var rest = text.drop { $0 == " " }
        while !rest.isEmpty {
            if rest.hasPrefix("title=\""), let end = rest.dropFirst(7).firstIndex(of: "\"") {
                opening.title = String(rest[rest.index(rest.startIndex, offsetBy: 7)..<end])
                rest = rest[rest.index(after: end)...]
            } else {
                let word = rest.prefix { $0 != " " }
                rest = rest[word.endIndex...]
                if word.hasPrefix("#") {
                    opening.id = String(word.dropFirst())
                } else if word.hasPrefix("."), opening.name.isEmpty {
                    opening.name = String(word.dropFirst())
                } else if opening.unreadAttribute == nil {
                    opening.unreadAttribute = String(word)
                }
            }
            rest = rest.drop { $0 == " " }
        }
    }

    /// The problem with an opening fence, if any: no name, an unknown name (with the closest known
    /// one), an attribute portal cannot apply, an id that is not a plain name.
    static func problem(with opening: inout Opening, line: Int) -> MarkdownProblem? {
        if let attribute = opening.unreadAttribute {
            return MarkdownProblem(kind: "block.unknown-attribute", line: line, column: opening.column,
                                   message: "portal cannot apply the attribute \(attribute) to a block",
                                   fix: "remove it: a block takes a name, a title and an id ({.challenge #my-id title=\"…\"})")
        }
        guard !opening.name.isEmpty else {
            return MarkdownProblem(kind: "block.unknown", line: line, column: opening.column,
                                   message: "this ::: line opens a block without a name",
                                   fix: "name the block after the colons (::: challenge), or write the colons as \\:::")
        }
        guard opening.kind != nil else {
            let suggestion = CommandSuggester.closest(to: opening.name.lowercased(), among: LessonBlockKind.allNames)
            return MarkdownProblem(kind: "block.unknown", line: line, column: opening.column,
                                   message: "there is no block called \(opening.name)",
                                   fix: suggestion.map { "did you mean \($0)?" }
                                       ?? "use one of \(LessonBlockKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if opening.kind == .video, let problem = readAddress(of: &opening, line: line) { return problem }
        if let id = opening.id, id.isEmpty || !id.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_".unicodeScalars.contains($0) }) {
            opening.id = nil
            return MarkdownProblem(kind: "block.bad-id", line: line, column: opening.column,
                                   message: "the id \(id.isEmpty ? "after #" : id) is not one portal can use",
                                   fix: "write letters, digits, - and _ only ({#ex-loss})")
        }
        return nil
    }
}
