/// One item of a `::: questions`, `::: objectives` or `::: keypoints` block, as the Carpentries
/// Workbench writes a lesson's outline in its body rather than in its front-matter.
public struct OutlineBlockItem: Sendable, Hashable {
    /// `questions`, `objectives` or `keypoints`.
    public let field: String
    /// The item's Markdown as written, its lines joined by line breaks, without the list marker.
    public let text: String
    /// 1-based line in the body, and column (in characters) where the item's text starts.
    public let line: Int
    public let column: Int
    /// The 1-based body line and column of the block's opening fence.
    public let blockLine: Int
    public let blockColumn: Int
}

extension LessonBlocks {
    /// The items of the top-level list of each outline block: a list item's first line and the
    /// lines that continue its paragraph. Text outside the list, nested lists and the paragraphs
    /// after an item's first are the block's, not the outline's.
    func outlineItems(in text: String) -> [OutlineBlockItem] {
        var items: [OutlineBlockItem] = []
        let bytes = Array(text.utf8)
        for fence in fences {
            guard let opening = fence.opening, let kind = opening.kind, [.questions, .objectives, .keypoints].contains(kind),
                  let partner = fence.partner else { continue }
            var start = fence.range.upperBound
            if start < bytes.count, bytes[start] == 0x0D { start += 1 }
            if start < bytes.count, bytes[start] == 0x0A { start += 1 }
            var end = fences[partner].range.lowerBound
            while end > start, bytes[end - 1] != 0x0A { end -= 1 }
            items += Self.listItems(bytes, start..<end, firstLine: fence.line + 1, field: kind.rawValue, block: (fence.line, fence.column))
        }
        return items
    }

    private static func listItems(_ bytes: [UInt8], _ range: Range<Int>, firstLine: Int, field: String, block: (line: Int, column: Int)) -> [OutlineBlockItem] {
        var items: [OutlineBlockItem] = []
        var current: (text: [UInt8], line: Int, column: Int)?
        // Where the text of the list's last item starts: a marker indented that far is a nested list's.
        var contentIndent = Int.max
        func finish() {
            if let item = current { items.append(OutlineBlockItem(field: field, text: String(decoding: item.text, as: UTF8.self), line: item.line, column: item.column,
                                                          blockLine: block.line, blockColumn: block.column)) }
            current = nil
        }
        var line = firstLine
        var start = range.lowerBound
        while start < range.upperBound {
            var end = start
            while end < range.upperBound, bytes[end] != 0x0A { end += 1 }
            var contentEnd = end
            if contentEnd > start, bytes[contentEnd - 1] == 0x0D { contentEnd -= 1 }
            var indent = start
            while indent < contentEnd, bytes[indent] == 0x20 || bytes[indent] == 0x09 { indent += 1 }
            if indent == contentEnd {
                // A blank line ends an item's first paragraph.
                finish()
            } else if let textStart = listMarkerEnd(bytes, from: indent, to: contentEnd) {
                finish()
                if indent - start <= 3, indent - start < contentIndent {
                    let column = String(decoding: bytes[start..<textStart], as: UTF8.self).count + 1
                    current = (Array(bytes[textStart..<contentEnd]), line, column)
                    contentIndent = textStart - start
                }
            } else if current != nil {
                current?.text += [0x0A] + bytes[indent..<contentEnd]
            }
            line += 1
            start = end + 1
        }
        finish()
        return items.filter { !$0.text.isEmpty }
    }

    /// Just after a list marker at `index` (`-`, `*`, `+`, or up to 9 digits and `.` or `)`) and the
    /// spaces after it, or nil when the line does not start a list item there.
    private static func listMarkerEnd(_ bytes: [UInt8], from index: Int, to end: Int) -> Int? {
        var after = index
        if bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "*") || bytes[index] == UInt8(ascii: "+") {
            after = index + 1
        } else {
            while after < end, after - index < 9, bytes[after] >= 0x30, bytes[after] <= 0x39 { after += 1 }
            guard after > index, after < end, bytes[after] == UInt8(ascii: ".") || bytes[after] == UInt8(ascii: ")") else { return nil }
            after += 1
        }
        guard after == end || bytes[after] == 0x20 || bytes[after] == 0x09 else { return nil }
        while after < end, bytes[after] == 0x20 || bytes[after] == 0x09 { after += 1 }
        return after
    }
}
