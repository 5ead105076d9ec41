import Foundation

/// The text cmark-gfm parses with the fences as markers, and the HTML a block becomes.
extension LessonBlocks {
    /// How every marker starts.
    static let markerStart = "<!--\u{1}:"

    /// The marker of fence `index`: one line, without its line break.
    static func marker(_ index: Int) -> String { "\(markerStart)\(index)-->" }

    /// The marker of attribute line `index`.
    static func attributeMarker(_ index: Int) -> String { "\(markerStart)a\(index)-->" }

    /// The fence an HTML block's literal is the marker of (the literal holds nothing else), or nil.
    static func fence(ofMarker literal: String) -> Int? {
        number(inMarker: literal, after: markerStart)
    }

    /// The attribute line an HTML block's literal is the marker of, or nil.
    static func attributeLine(ofMarker literal: String) -> Int? {
        number(inMarker: literal, after: markerStart + "a")
    }

    private static func number(inMarker literal: String, after start: String) -> Int? {
        guard literal.hasPrefix(start) else { return nil }
        var rest = literal.utf8.dropFirst(start.utf8.count)
        while rest.last == 0x0A || rest.last == 0x0D { rest.removeLast() }
        guard rest.count > 3, rest.suffix(3).elementsEqual("-->".utf8) else { return nil }
        return Int(String(decoding: rest.dropLast(3), as: UTF8.self))
    }

    /// Whether `literal` holds a marker somewhere: a fence that raw HTML took in.
    static func holdsMarker(_ literal: String) -> Bool { literal.contains(markerStart) }

    /// `literal` with each marker in it written back as it was written, and the fences it held
    /// (attribute lines taken in are written back, and left to the raw HTML).
    func restoringMarkers(in literal: String, text: String) -> (literal: String, fences: [Int]) {
        var restored = ""
        var found: [Int] = []
        var rest = Substring(literal)
        while let start = rest.range(of: Self.markerStart) {
            restored += rest[..<start.lowerBound]
            guard let end = rest[start.upperBound...].range(of: "-->") else {
                restored += rest[start.lowerBound..<start.upperBound]
                rest = rest[start.upperBound...]
                continue
            }
            let number = rest[start.upperBound..<end.lowerBound]
            if let index = Int(number), fences.indices.contains(index) {
                restored += line(index, in: text)
                found.append(index)
            } else if number.first == "a", let index = Int(number.dropFirst()), attributeLines.indices.contains(index) {
                restored += written(attributeLines[index].range, in: text)
            } else {
                restored += rest[start.lowerBound..<end.upperBound]
            }
            rest = rest[end.upperBound...]
        }
        return (restored + rest, found)
    }

    /// Fence `index` as written.
    func line(_ index: Int, in text: String) -> String {
        written(fences[index].range, in: text)
    }

    /// Attribute line `index` as written.
    func attributeText(_ index: Int, in text: String) -> String {
        written(attributeLines[index].range, in: text)
    }

    private func written(_ range: Range<Int>, in text: String) -> String {
        String(decoding: text.utf8.dropFirst(range.lowerBound).prefix(range.count), as: UTF8.self)
    }

    /// The fences' and attribute lines' ranges with their markers, in the order of the body.
    private var markedRanges: [(range: Range<Int>, marker: String)] {
        (fences.enumerated().map { ($0.element.range, Self.marker($0.offset)) }
            + attributeLines.enumerated().map { ($0.element.range, Self.attributeMarker($0.offset)) }
            + optionLines.map { ($0, String(repeating: " ", count: $0.count)) })
            .sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    /// `text` with every fence and attribute line made of spaces, for the formula scan: a formula does
    /// not run over one any more than over a blank line. Byte offsets stay as they were.
    func blanked(_ text: String) -> String {
        guard !fences.isEmpty || !attributeLines.isEmpty else { return text }
        var bytes = Array(text.utf8)
        for range in fences.map(\.range) + attributeLines.map(\.range) + optionLines {
            bytes.replaceSubrange(range, with: repeatElement(UInt8(ascii: " "), count: range.count))
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `text` (with the offsets of the body) with each fence and attribute line replaced by its marker.
    func marked(_ text: String) -> String {
        guard !fences.isEmpty || !attributeLines.isEmpty else { return text }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + (fences.count + attributeLines.count) * 16)
        var copied = 0
        let source = Array(text.utf8)
        for (range, marker) in markedRanges {
            bytes += source[copied..<range.lowerBound]
            bytes += marker.utf8
            copied = range.upperBound
        }
        bytes += source[copied...]
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The HTML around a block's content: `open` and `close` around all of it, and `headOpen` and
    /// `headClose` around the title heading when the block's title is its first heading
    /// (`headingTitle`; `open` then leaves the head to them).
    ///
    /// A block is a `<div>`, or a `<details>` whose `<summary>` is the head when the kind is collapsed.
    /// The head says the kind in words (its label) unless the title already starts with it
    /// ("Challenge 1: …"), so the kind is never told by colour or icon alone.
    struct Markup {
        var open: String
        var close: String
        var headOpen: String
        var headClose: String
    }

    static func markup(kind: LessonBlockKind?, name: String, id: String, title: String?, headingTitle: Bool) -> Markup {
        let label = kind?.label ?? name
        let element = kind?.isCollapsed == true ? "details" : "div"
        let head = kind?.isCollapsed == true ? "summary" : (headingTitle ? "div" : "p")
        let showsLabel = title.map { !$0.lowercased().hasPrefix(label.lowercased()) } ?? true
        let headOpen = "<\(head) class=\"callout-head\">" + (showsLabel ? "<span class=\"callout-label\">\(MarkdownRenderer.escapedHTML(label))</span>" : "")
        let headClose = "</\(head)>\n<div class=\"callout-body\">\n"
        var open = "<\(element) class=\"callout callout-\(kind?.rawValue ?? "callout")\" id=\"\(id)\">\n"
        if !headingTitle {
            open += headOpen + (title.map { "<span class=\"callout-title\">\(MarkdownRenderer.escapedHTML($0))</span>" } ?? "") + headClose
        }
        return Markup(open: open, close: "</div>\n</\(element)>\n", headOpen: headOpen, headClose: headClose)
    }
}
