import Foundation

/// The text cmark-gfm parses with the fences as markers, and the HTML a block becomes.
extension LessonBlocks {
    /// How every marker starts.
    static let markerStart = "<!--\u{1}:"

    /// The marker of fence `index`: one line, without its line break.
    static func marker(_ index: Int) -> String { "\(markerStart)\(index)-->" }

    /// The fence an HTML block's literal is the marker of (the literal holds nothing else), or nil.
    static func fence(ofMarker literal: String) -> Int? {
        guard literal.hasPrefix(markerStart) else { return nil }
        var rest = literal.utf8.dropFirst(markerStart.utf8.count)
        while rest.last == 0x0A || rest.last == 0x0D { rest.removeLast() }
        guard rest.count > 3, rest.suffix(3).elementsEqual("-->".utf8) else { return nil }
        return Int(String(decoding: rest.dropLast(3), as: UTF8.self))
    }

    /// Whether `literal` holds a marker somewhere: a fence that raw HTML took in.
    static func holdsMarker(_ literal: String) -> Bool { literal.contains(markerStart) }

    /// `literal` with each marker in it written back as its fence line, and the fences it held.
    func restoringMarkers(in literal: String, text: String) -> (literal: String, fences: [Int]) {
        var restored = ""
        var found: [Int] = []
        var rest = Substring(literal)
        while let start = rest.range(of: Self.markerStart) {
            restored += rest[..<start.lowerBound]
            guard let end = rest[start.upperBound...].range(of: "-->"),
                  let index = Int(rest[start.upperBound..<end.lowerBound]), fences.indices.contains(index) else {
                restored += rest[start]
                rest = rest[start.upperBound...]
                continue
            }
            restored += line(index, in: text)
            found.append(index)
            rest = rest[end.upperBound...]
        }
        return (restored + rest, found)
    }

    /// Fence `index` as written.
    func line(_ index: Int, in text: String) -> String {
        let range = fences[index].range
        return String(decoding: text.utf8.dropFirst(range.lowerBound).prefix(range.count), as: UTF8.self)
    }

    /// `text` with every fence line made of spaces, for the formula scan: a formula does not run over a
    /// fence any more than over a blank line. Byte offsets stay as they were.
    func blanked(_ text: String) -> String {
        var bytes = Array(text.utf8)
        for fence in fences { bytes.replaceSubrange(fence.range, with: repeatElement(UInt8(ascii: " "), count: fence.range.count)) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `text` (with the offsets of the body) with each fence line replaced by its marker.
    func marked(_ text: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + fences.count * 16)
        var copied = 0
        let source = Array(text.utf8)
        for (index, fence) in fences.enumerated() {
            bytes += source[copied..<fence.range.lowerBound]
            bytes += Self.marker(index).utf8
            copied = fence.range.upperBound
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
