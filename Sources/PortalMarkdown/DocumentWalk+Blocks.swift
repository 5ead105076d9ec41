import Foundation

/// What the walk does for lesson blocks: the markers of `:::` fences and of attribute lines, quotes
/// that are blocks (GitHub's alerts, kramdown's `{: .challenge}`), and the attributes kramdown gives
/// code blocks and images.
extension MarkdownRenderer.DocumentWalk {
    /// A marker's node: a fence's is kept for `arrangeLessonBlocks`, an opening fence's block gets its
    /// id and title; an attribute line's is kept for what it follows. The literal becomes what the
    /// author wrote, for the Markdown rendering. Raw HTML that took markers in gets them back as
    /// written, and each fence is reported. False when the node is not a marker.
    mutating func enterBlockMarker(_ node: MarkdownNode, isBlock: Bool) -> Bool {
        guard let blocks, node.literalContains(LessonBlocks.markerStart), let literal = node.literal else { return false }
        if isBlock, let index = LessonBlocks.attributeLine(ofMarker: literal), blocks.attributeLines.indices.contains(index) {
            attributeNodes[index] = node
            node.setLiteral(blocks.attributeText(index, in: text) + "\n")
            return true
        }
        guard isBlock, let index = LessonBlocks.fence(ofMarker: literal), blocks.fences.indices.contains(index) else {
            let (restored, fences) = blocks.restoringMarkers(in: literal, text: text)
            node.setLiteral(restored)
            for index in fences {
                problems.append(MarkdownProblem(kind: "block.in-html", line: blocks.fences[index].line, column: blocks.fences[index].column,
                                                message: "this ::: line is inside raw HTML, which runs to the next blank line",
                                                fix: "leave a blank line between the HTML and the ::: line"))
            }
            return false
        }
        blockNodes[index] = node
        node.setLiteral(blocks.line(index, in: text) + "\n")
        guard let opening = blocks.fences[index].opening else {
            blockDepth -= 1
            return true
        }
        blockDepth += 1
        // A tab's label is on its fence: a heading in it is its content's.
        let isTab = opening.kind?.isTab == true
        let heading = titleHeading(node.next, unless: opening.title != nil || isTab)
        if let heading { blockTitles[index] = heading }
        let id = blockID(opening.id, title: opening.title ?? heading?.text ?? opening.kind?.label ?? opening.name,
                         line: blocks.fences[index].line, column: opening.column)
        blockIDs[index] = id
        if isTab, let label = opening.title {
            // The label's element, and the tab tabs.js makes, are named after the block (see
            // `LessonBlocks.tabMarkup`); the label's words are the page's text, for search, as the tab shows them.
            for suffix in opening.kind == .tabItem ? ["-label", "-tab"] : ["-title"] { _ = slugger.claim(id + suffix) }
            plain.append(label)
            plain.append("\n")
        }
        return true
    }

    /// The heading that is a block's title: `node`, the first thing in the block, when it is a heading
    /// and the block has no title already.
    private mutating func titleHeading(_ node: MarkdownNode?, unless titled: Bool) -> (node: MarkdownNode, text: String)? {
        guard !titled, let node, node.kind == .heading else { return nil }
        return (node, restoring(MarkdownRenderer.plainText(of: node), source: false, advancing: false))
    }

    /// A block's id: the one its author gave (reported when the page uses it already), else made from its title.
    private mutating func blockID(_ given: String?, title: String, line: Int, column: Int) -> String {
        guard let given else { return slugger.uniqueSlug(title) }
        if !slugger.claim(given) {
            problems.append(MarkdownProblem(kind: "block.duplicate-id", line: line, column: column,
                                            message: "the id \(given) is already used on this page", fix: "give this block another id"))
        }
        return given
    }

    /// The attribute line right after `node`, if any: its index and its list (nil when unreadable).
    private func attributeLine(after node: MarkdownNode) -> (index: Int, list: AttributeList?)? {
        guard let blocks, let next = node.next, next.kind == .htmlBlock, next.literalContains(LessonBlocks.markerStart),
              let literal = next.literal, let index = LessonBlocks.attributeLine(ofMarker: literal), blocks.attributeLines.indices.contains(index)
        else { return nil }
        return (index, blocks.attributeLines[index].list)
    }

    /// A quote is a lesson block when its first line is GitHub's alert marker (`[!NOTE]` alone), or
    /// when an attribute line naming a kind follows it (`{: .challenge}`, kramdown's way); then its
    /// first heading is its title, as the Carpentries' Jekyll lessons write them.
    mutating func enterQuote(_ node: MarkdownNode) {
        if let paragraph = node.firstChild, paragraph.kind == .paragraph, let first = paragraph.firstChild, first.kind == .text,
           let kind = LessonBlockKind.alert(Self.trimmingSpaces(first.literal ?? "")),
           first.next.map({ $0.kind == .softBreak || $0.kind == .lineBreak }) ?? true {
            quoteBlocks.append((node, kind, slugger.uniqueSlug(kind.label), nil, true))
            openQuoteBlocks.append(node)
            alertMarker = first
            return
        }
        guard let (index, list) = attributeLine(after: node), let list,
              // A video needs its address, which only `::: video URL` gives, and a tab its set: `{: .video}` and `{: .tab-item}` stay unapplied.
              let kind = list.classes.lazy.compactMap({ LessonBlockKind(name: $0) }).first(where: { $0 != .video && !$0.isTab }) else { return }
        usedAttributeLines.insert(index)
        let line = blocks?.attributeLines[index]
        reportUnapplied(list.classes.filter { LessonBlockKind(name: $0) != kind }.map { ".\($0)" } + list.pairs.map(\.key), to: "a \(kind.label.lowercased()) block",
                        line: line?.line ?? 0, column: line?.column ?? 0)
        let heading = titleHeading(node.firstChild, unless: false)
        quoteBlocks.append((node, kind, blockID(list.id, title: heading?.text ?? kind.label, line: line?.line ?? 0, column: line?.column ?? 0), heading, false))
        openQuoteBlocks.append(node)
    }

    /// The attribute line after a code block gives its language (`{: .language-python}`) or marks it
    /// as output (`{: .output}`, `{: .error}`), and may number and highlight its lines
    /// (`{: .linenos hl_lines="2 3"}`); `.source` says it is code, as the fence does already. Returns
    /// the line's options and where it is, for their problems.
    mutating func applyCodeAttributes(to node: MarkdownNode) -> (options: CodeBlockOptions, line: Int, column: Int)? {
        guard let (index, list) = attributeLine(after: node) else { return nil }
        guard let list else { return nil }
        usedAttributeLines.insert(index)
        var options = CodeBlockOptions()
        var unapplied: [String] = list.pairs.filter { !options.apply(key: $0.key, value: $0.value, written: "\($0.key)=\"\($0.value)\"") }.map(\.key)
            + (list.id.map { ["#\($0)"] } ?? [])
        for name in list.classes {
            if name.hasPrefix("language-"), name.count > 9 {
                node.setFenceInfo(CodeBlockOptions.replacingLanguage(in: node.fenceInfo, with: String(name.dropFirst(9))))
            } else if name == "output" || name == "error" {
                node.setFenceInfo(CodeBlockOptions.replacingLanguage(in: node.fenceInfo, with: name))
            } else if name != "source", !options.apply(key: ".\(name)", value: nil, written: ".\(name)") {
                unapplied.append(".\(name)")
            }
        }
        let line = blocks?.attributeLines[index]
        reportUnapplied(unapplied, to: "a code block", line: line?.line ?? 0, column: line?.column ?? 0)
        return (options, line?.line ?? 0, line?.column ?? 0)
    }

    /// An image: its attribute list, written right after it (`![plot](a.png){: width="80%"}`, or
    /// pandoc's `{#fig-loss}`) or on the line after its paragraph, and whether it is a figure: alone
    /// in its paragraph, with a title, which is its caption.
    mutating func enterImage(_ image: MarkdownNode) {
        var list: AttributeList?
        var after = image.next
        if let text = after, text.kind == .text, let literal = text.literal, literal.hasPrefix("{"),
           let close = literal.utf8.firstIndex(of: UInt8(ascii: "}")) {
            let length = literal.utf8.distance(from: literal.utf8.startIndex, to: close) + 1
            // A list holding a formula's placeholder is text: its formula stays where it is written.
            if !literal.utf8.prefix(length).contains(MathSpans.markerBytes[0]), let read = AttributeList(Substring(literal.utf8.prefix(length)), pandoc: true) {
                list = read
                let position = locator.characterPosition((image.endLine, image.endColumn))
                imageAttributes.append((image, read, position.line, position.column + 1))
                inlineAttributeTexts.append((text, length))
                if length == literal.utf8.count { after = text.next }
            }
        }
        guard let paragraph = image.parent, paragraph.kind == .paragraph, paragraph.firstChild == image, after == nil else { return }
        if list == nil, let (index, blockList) = attributeLine(after: paragraph), let blockList, let line = blocks?.attributeLines[index] {
            usedAttributeLines.insert(index)
            list = blockList
            imageAttributes.append((image, blockList, line.line, line.column))
        }
        let caption = image.title
        guard !caption.isEmpty else { return }
        let number = figures.count + 1
        let entry = imageAttributes.last { $0.node == image }
        let id = blockID(list?.id, title: "figure-\(number)", line: entry?.line ?? image.startLine, column: entry?.column ?? 1)
        figures.append((paragraph, image, number, id))
        plain.append(caption)
        plain.append(" ")
    }

    /// Warns about attributes portal leaves out, naming them.
    mutating func reportUnapplied(_ names: [String], to target: String, line: Int, column: Int) {
        guard !names.isEmpty else { return }
        problems.append(MarkdownProblem(kind: "attribute.not-applied", line: line, column: column,
                                        message: "portal cannot apply \(names.joined(separator: ", ")) to \(target), and leaves \(names.count == 1 ? "it" : "them") out",
                                        fix: "remove \(names.count == 1 ? "it" : "them") from the attribute list", isWarning: true))
    }

    /// `text` without the spaces and tabs around it, without Foundation (which would bridge the string).
    private static func trimmingSpaces(_ text: String) -> Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = text.firstIndex(where: { !isSpace($0) }), let last = text.lastIndex(where: { !isSpace($0) }) else { return "" }
        return text[first...last]
    }
}
