import Foundation

/// The renderer's work on plain text, before cmark-gfm parses a document and after it has written
/// one: placing heading ids and formulas, writing the Markdown twin from the source, fitting the plain text.
/// Nothing here touches the C library.
extension MarkdownRenderer {
    /// `text` in storage of its own size, when it was given room for `reserved` bytes: the plain text
    /// is given room for the whole source, and a site keeps every page's plain text until its search
    /// index is written.
    static func fitted(_ text: String, reserved: Int) -> String {
        let count = text.utf8.count
        guard reserved > count + count / 8 + 32 else { return text }
        var text = text
        return text.withUTF8 { bytes in
            String(unsafeUninitializedCapacity: count) { buffer in
                guard let target = buffer.baseAddress, let source = bytes.baseAddress else { return 0 }
                target.update(from: source, count: count)
                return count
            }
        }
    }

    /// Marks placed before each heading's text; ASCII control characters that the input may not contain.
    static let sentinelStart: Character = "\u{1}"
    static let sentinelEnd: Character = "\u{2}"

    /// The Markdown rendering as the source itself, each destination written at `written` replaced.
    ///
    /// The twin then reads as its author wrote it, where cmark-gfm's CommonMark renderer would
    /// rewrite every list, table and fence and costs, one code point at a time, about as much as the
    /// rest of the Markdown stage. It is used only when nothing else changes: no raw HTML to omit, no
    /// character replaced before parsing, and every changed destination found where it is written.
    static func twin(of text: String, replacing replacements: [(written: Range<Int>, destination: String)]) -> String? {
        let sorted = replacements.sorted { $0.written.lowerBound < $1.written.lowerBound }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + sorted.reduce(0) { $0 + $1.destination.utf8.count })
        var text = text
        return text.withUTF8 { source -> String? in
            var copied = 0
            for replacement in sorted {
                // Ranges that overlap cannot both be destinations.
                guard replacement.written.lowerBound >= copied, replacement.written.upperBound <= source.count else { return nil }
                bytes += source[copied..<replacement.written.lowerBound]
                bytes += replacement.destination.utf8
                copied = replacement.written.upperBound
            }
            bytes += source[copied...]
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    /// Whether `destination` can be written as it is between `](` and `)` and read back the same:
    /// no spaces or control characters, no brackets or parentheses, no escapes or entities.
    static func isPlainDestination(_ destination: String) -> Bool {
        !destination.utf8.contains { byte in
            switch byte {
            case 0...0x20, 0x7F, UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "\\"), UInt8(ascii: "&"): true
            default: false
            }
        }
    }

    private static let codeOpening = Array("<pre><code".utf8)
    private static let focusableCodeOpening = Array("<pre tabindex=\"0\"><code".utf8)
    private static let tableOpening = Array("<table>".utf8)
    private static let focusableTableOpening = Array("<table tabindex=\"0\">".utf8)

    /// The HTML cmark-gfm wrote (`rendered`, NUL-terminated), finished in one pass over its bytes:
    /// - each `<hN>␁i␂` becomes `<hN id="…">`, with the anchor link before its `</hN>`;
    /// - each formula sentinel (`␁m3␂`) becomes the formula's HTML, `formulas[3]`;
    /// - with `focusableCode`, each `<pre><code` opens a focusable code block (`<pre tabindex="0"><code`):
    ///   a code block scrolls sideways when a line is wider than the column, and so must take the
    ///   focus for a keyboard to scroll it;
    /// - each `<table>` is focusable too, as it scrolls sideways when its columns are wider than the
    ///   column of text.
    ///
    /// Works on UTF-8 bytes (the sentinels and tags are ASCII), copying the text between them whole,
    /// and the formulas' MathML into the same buffer.
    static func finishedHTML(_ rendered: UnsafePointer<CChar>, headings: [MarkdownHeading], label: String, formulas: [String], focusableCode: Bool) -> String {
        guard !headings.isEmpty || !formulas.isEmpty || focusableCode || strstr(rendered, "<table>") != nil else { return String(cString: rendered) }
        let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(rendered).assumingMemoryBound(to: UInt8.self), count: strlen(rendered))
        // One buffer for the page, made a `String` once: the MathML is ASCII (see `ByteSink`), so a
        // page of ASCII text is checked eight bytes at a time, where a string for each piece between
        // formulas cost an allocation and a copy more. (A page holding other characters has all its
        // bytes checked one by one, its MathML too, which about evens out what the pieces cost.)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + headings.count * 96 + formulas.reduce(0) { $0 + $1.utf8.count } + 64)
        var copied = 0
        var index = 0
        // The heading whose `</hN>` is still to come.
        var openHeading: (id: String, closing: [UInt8])?
        func copy(upTo end: Int, then text: some Collection<UInt8>, resumingAt resume: Int) {
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<end]))
            output.append(contentsOf: text)
            copied = resume
            index = resume
        }
        func matches(_ expected: [UInt8], at start: Int) -> Bool {
            start + expected.count <= bytes.count && UnsafeBufferPointer(rebasing: bytes[start..<(start + expected.count)]).elementsEqual(expected)
        }
        while index < bytes.count {
            switch bytes[index] {
            case 0x01:
                if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "m"), let (number, end) = sentinelNumber(in: bytes, from: index + 2),
                   formulas.indices.contains(number) {
                    var formula = formulas[number]
                    formula.withUTF8 { copy(upTo: index, then: $0, resumingAt: end + 1) }
                    continue
                }
                if index > 0, bytes[index - 1] == UInt8(ascii: ">"), let (number, end) = sentinelNumber(in: bytes, from: index + 1),
                   headings.indices.contains(number) {
                    let heading = headings[number]
                    copy(upTo: index - 1, then: " id=\"\(heading.id)\">".utf8, resumingAt: end + 1)
                    openHeading = (heading.id, Array("</h\(heading.level)>".utf8))
                    continue
                }
            case UInt8(ascii: "<"):
                if let heading = openHeading, matches(heading.closing, at: index) {
                    copy(upTo: index, then: " <a class=\"anchor\" href=\"#\(heading.id)\" aria-label=\"\(label)\">#</a>".utf8, resumingAt: index)
                    openHeading = nil
                } else if focusableCode, matches(Self.codeOpening, at: index) {
                    copy(upTo: index, then: Self.focusableCodeOpening, resumingAt: index + Self.codeOpening.count)
                    continue
                } else if matches(Self.tableOpening, at: index) {
                    copy(upTo: index, then: Self.focusableTableOpening, resumingAt: index + Self.tableOpening.count)
                    continue
                }
            default:
                break
            }
            index += 1
        }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied...]))
        return String(decoding: output, as: UTF8.self)
    }

    /// A formula's MathML as the page shows it: inline as it is; display math in a box that scrolls
    /// sideways when the formula is wider than the column (focusable, so keyboards can scroll it),
    /// carrying the anchors of its labels, as a block (`inline` false) or inside a paragraph.
    static func wrapped(_ mathML: String, anchors: [String], display: Bool, inline: Bool) -> String {
        guard display else { return mathML }
        // Put together in one buffer sized for the MathML, which is copied once.
        var html = ""
        html.reserveCapacity(mathML.utf8.count + 64 + anchors.reduce(0) { $0 + $1.utf8.count + 24 })
        html += inline ? "<span" : "<div"
        html += " class=\"math-display\" tabindex=\"0\""
        if let id = anchors.first { html += " id=\"" + id + "\"" }
        html += ">"
        for anchor in anchors.dropFirst() { html += "<span id=\"" + anchor + "\"></span>" }
        html += mathML
        html += inline ? "</span>" : "</div>"
        return html
    }

    /// The first formula in `text` as written, delimiters included (`$\\chi^2$`), found by the rules
    /// of a body (so `$5 and $10` holds none); nil when there is none. For text that is never
    /// rendered as Markdown, such as front-matter, whose formulas would show as TeX.
    public static func firstFormula(in text: String) -> String? {
        // Every delimiter starts with `$` or `\`: most text has neither.
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "$") || $0 == UInt8(ascii: "\\") }) else { return nil }
        var bytes = Array(text.utf8)
        bytes.append(0x0A)
        guard let first = bytes.withUnsafeBufferPointer({ MathSpans(inTextEndedByLineBreak: $0).spans.first }) else { return nil }
        return String(decoding: bytes[first.range], as: UTF8.self)
    }

    /// `text` with `&`, `<`, `>`, `"` and `'` escaped for HTML: the highlighters' writer with no token.
    static func escapedHTML(_ text: String) -> String {
        var writer = HighlightWriter(source: Array(text.utf8))
        return writer.finish()
    }

    /// The sentinel that stands for formula `slot` of `placeFormulas` until `finishedHTML` reads it.
    static func formulaSentinel(_ slot: Int) -> String {
        String(sentinelStart) + "m" + String(slot) + String(sentinelEnd)
    }

    /// Appends `formulaSentinel(slot)` to `bytes`, without a `String` for it.
    static func appendFormulaSentinel(_ slot: Int, to bytes: inout [UInt8]) {
        bytes.append(0x01)
        bytes.append(UInt8(ascii: "m"))
        var divisor = 1
        while divisor <= slot / 10 { divisor *= 10 }
        var rest = slot
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(rest / divisor))
            rest %= divisor
            divisor /= 10
        }
        bytes.append(0x02)
    }

    /// The number written in digits from `start` up to a closing sentinel, and where that sentinel is.
    private static func sentinelNumber(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> (Int, Int)? {
        var end = start
        var number = 0
        while end < bytes.count, bytes[end] >= 0x30, bytes[end] <= 0x39, end - start < 9 {
            number = number * 10 + Int(bytes[end] - 0x30)
            end += 1
        }
        guard end > start, end < bytes.count, bytes[end] == 0x02 else { return nil }
        return (number, end)
    }

    /// The first `byte` in `bytes` at or after `start` (memchr).
    static func firstIndex(of byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard start < bytes.count, let base = bytes.baseAddress, let found = memchr(base + start, Int32(byte), bytes.count - start) else { return nil }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }

    /// Whether `text` holds NUL, the two sentinel characters or a byte of the formulas' placeholders.
    static func holdsSentinelsOrNUL(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in reservedBytes.contains { firstIndex(of: $0, in: bytes, from: 0) != nil } }
    }

    /// NUL, the sentinels and the bytes that start a formula's placeholder.
    private static let reservedBytes: [UInt8] = [0, 1, 2] + MathSpans.markerBytes

    /// The HTML blocks whose end CommonMark looks for: how each starts and the text that ends it
    /// (HTML block kinds 1 to 5 of the CommonMark spec). A block without its end runs to the end of
    /// what holds it, taking the rest of the page with it.
    private static let closedHTMLBlocks: [(start: String, end: String, caseInsensitive: Bool)] = [
        ("<!--", "-->", false), ("<?", "?>", false), ("<![CDATA[", "]]>", false),
        ("<script", "</script>", true), ("<pre", "</pre>", true), ("<style", "</style>", true), ("<textarea", "</textarea>", true),
    ]

    /// A problem for an HTML block (`literal`, starting at `line`:`column`) that never finds its end.
    static func unclosedHTMLBlock(_ literal: String, line: Int, column: Int) -> MarkdownProblem? {
        let opening = literal.drop { $0 == " " }
        for block in closedHTMLBlocks {
            let head = block.caseInsensitive ? opening.prefix(block.start.count).lowercased() : String(opening.prefix(block.start.count))
            guard head == block.start else { continue }
            // `<script` must be followed by a space, `>` or the end of the line to open such a block.
            if block.caseInsensitive, let next = opening.dropFirst(block.start.count).first, next != " ", next != ">", next != "\t", next != "\n" { continue }
            // Searched from the block's start, as cmark-gfm does: `<!-->` is closed on its own line.
            if (block.caseInsensitive ? literal.lowercased() : literal).contains(block.end) { return nil }
            return MarkdownProblem(kind: "unclosed-html", line: line, column: column,
                                   message: "this '\(block.start)' is never closed with '\(block.end)', so everything after it in this block, list or quote is taken as HTML",
                                   fix: "add '\(block.end)' where it should end")
        }
        // `<!` and a letter (a declaration such as `<!DOCTYPE`) ends at the first `>`.
        if opening.hasPrefix("<!"), opening.dropFirst(2).first?.isLetter == true, !literal.contains(">") {
            return MarkdownProblem(kind: "unclosed-html", line: line, column: column,
                                   message: "this '<!' declaration is never closed with '>', so everything after it in this block, list or quote is taken as HTML",
                                   fix: "add '>' where it should end")
        }
        return nil
    }
}
