import Foundation

/// The renderer's changes to the parsed tree between the walk and the HTML rendering: formulas put
/// in place of their placeholders, lesson blocks and alerts around their content, highlighted code,
/// heading marks; and the plain text of a node.
extension MarkdownRenderer {
    /// Puts each converted formula in the tree in place of its placeholder (or code block): inline
    /// math as it is, display math in a scrolling box of its own, as a block where it is the whole
    /// paragraph. Links without text to an equation get its number. Each formula is a sentinel
    /// (`\u{1}m3\u{2}`): in a text node inside a paragraph (table cells take no custom nodes), in a
    /// custom block in place of a paragraph or code block. Returns the HTML each sentinel stands for,
    /// which `finishedHTML` puts in after rendering, so the MathML is copied once, into the page.
    ///
    /// `initial` are sentinels placed before (citations'), which the formulas' follow.
    /// `produced` gets, for each text node of `tracked` (by identity), the text nodes it became, in order.
    static func placeFormulas(_ formulas: MathFormulas, walk: DocumentWalk, placed initial: [String] = [], tracked: Set<Int> = [],
                              produced: inout [Int: [MarkdownNode]]) -> [String] {
        var placed = initial
        placed.reserveCapacity(initial.count + formulas.count + walk.mathBlocks.count)
        // Display formulas: their sentinel's node, their entry in `placed` and their formula. Each is
        // wrapped once it is known whether it is a whole paragraph (a block) or inside one.
        var displayNodes: [(node: MarkdownNode, slot: Int, formula: Int)] = []
        for entry in walk.mathTextNodes {
            // The node's own bytes, read until its literal is set, last.
            guard let bytes = entry.node.literalBytes else { continue }
            let tracks = !tracked.isEmpty && tracked.contains(entry.node.identity)
            if let literal = sentinelLiteral(of: bytes, entry: entry, formulas: formulas, placed: &placed) {
                entry.node.setLiteral(bytes: literal)
                if tracks { produced[entry.node.identity] = [entry.node] }
                continue
            }
            var texts: [MarkdownNode] = []
            var rest = bytes.count..<bytes.count
            formulas.forEachPiece(ofText: bytes, first: entry.first, count: entry.count) { piece in
                switch piece {
                case .text(let range) where range.upperBound == bytes.count:
                    rest = range
                case .text(let range):
                    if let text = MarkdownNode.text(String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)), text.insert(before: entry.node) {
                        texts.append(text)
                    }
                case .formula(let index, let fillerAfter, _):
                    let display = formulas.results[index]?.display ?? false
                    placed.append(display ? "" : formulas.mathML(index))
                    if let node = MarkdownNode.text(formulaSentinel(placed.count - 1)) {
                        node.insert(before: entry.node)
                        if display { displayNodes.append((node, placed.count - 1, index)) }
                    }
                    if fillerAfter > 0 { consumeFiller(fillerAfter, after: entry.node) }
                }
            }
            if tracks { produced[entry.node.identity] = texts + (rest.isEmpty ? [] : [entry.node]) }
            if rest.isEmpty {
                entry.node.remove()
            } else {
                entry.node.setLiteral(String(decoding: UnsafeBufferPointer(rebasing: bytes[rest]), as: UTF8.self))
            }
        }
        // Display math that is a whole paragraph replaces the paragraph: a block holding the same
        // sentinel, so its MathML is copied once, into the finished page.
        for display in displayNodes {
            let anchors = formulas.anchors(display.formula)
            if let paragraph = display.node.parent, paragraph.kind == .paragraph,
               paragraph.firstChild == display.node, paragraph.lastChild == display.node {
                placed[display.slot] = wrapped(formulas.mathML(display.formula), anchors: anchors, display: true, inline: false)
                replace(paragraph, withBlock: formulaSentinel(display.slot) + "\n")
            } else {
                placed[display.slot] = wrapped(formulas.mathML(display.formula), anchors: anchors, display: true, inline: true)
            }
        }
        for (index, node) in walk.mathBlocks.enumerated() {
            placed.append(wrapped(formulas.fencedMathML(index), anchors: formulas.fencedAnchors(index), display: true, inline: false))
            replace(node, withBlock: formulaSentinel(placed.count - 1) + "\n")
        }
        let numbers = formulas.numbersByAnchor
        for link in walk.emptyFragmentLinks {
            guard let number = numbers[link.fragment], let text = MarkdownNode.text(number) else { continue }
            link.node.append(text)
        }
        return placed
    }

    /// The text node's bytes with each placeholder replaced by its formula's sentinel, NUL-terminated,
    /// when every formula in it is inline math whose placeholder ends in the node; the formulas are
    /// then added to `placed`. Text nodes are written escaped one after the other, so one node holding
    /// the text and the sentinels renders as the nodes split around them would, without a node made
    /// for each piece. Nil, with nothing placed, for display math (which may replace its paragraph)
    /// and placeholders that run on into the next nodes.
    private static func sentinelLiteral(of bytes: UnsafeBufferPointer<UInt8>, entry: (node: MarkdownNode, first: Int, count: Int),
                                        formulas: MathFormulas, placed: inout [String]) -> [UInt8]? {
        var pieces: [MathFormulas.TextPiece] = []
        pieces.reserveCapacity(2 * entry.count + 1)
        var inline = true
        formulas.forEachPiece(ofText: bytes, first: entry.first, count: entry.count) { piece in
            if case .formula(let index, let fillerAfter, _) = piece, fillerAfter > 0 || formulas.results[index]?.display ?? false { inline = false }
            pieces.append(piece)
        }
        guard inline else { return nil }
        var literal: [UInt8] = []
        // Room for the sentinels of formulas shorter than theirs (`$x$` is 3 bytes, `\u{1}m12\u{2}` 5).
        literal.reserveCapacity(bytes.count + 8 * entry.count + 1)
        for piece in pieces {
            switch piece {
            case .text(let range):
                literal.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[range]))
            case .formula(let index, _, _):
                placed.append(formulas.mathML(index))
                appendFormulaSentinel(placed.count - 1, to: &literal)
            }
        }
        literal.append(0)
        return literal
    }

    /// The rest of a placeholder that runs over line breaks, in the nodes after `node`: line breaks
    /// are removed, and the filler bytes taken off the start of the text nodes.
    private static func consumeFiller(_ count: Int, after node: MarkdownNode) {
        var remaining = count
        var next = node.next
        while remaining > 0, let current = next {
            next = current.next
            let kind = current.kind
            if kind == .softBreak || kind == .lineBreak {
                current.remove()
                continue
            }
            guard kind == .text else { return }
            // Read where they are: most of these nodes are filler only, and are removed.
            let bytes = current.literalBytes ?? UnsafeBufferPointer(start: nil, count: 0)
            var position = 0
            while remaining > 0, position < bytes.count, bytes[position] == MathSpans.filler {
                remaining -= 1
                position += 1
            }
            if position == bytes.count {
                current.remove()
            } else {
                current.setLiteral(bytes: Array(bytes[position...]))
                return
            }
        }
    }

    /// Puts each lesson block's content (what stands between its two markers) and each alert's (what
    /// follows its marker line) in a custom block that writes the block's HTML around it; a title
    /// heading is wrapped in the block's head. Markers of fences that make no block are removed (their
    /// problems are reported); a block whose fences are not siblings (one inside a list or a quote the
    /// other is not in) is reported here.
    static func arrangeLessonBlocks(_ walk: DocumentWalk, problems: inout [MarkdownProblem]) {
        if let blocks = walk.blocks {
            for (index, fence) in blocks.fences.enumerated() {
                guard let opening = fence.opening, let node = walk.blockNodes[index], let closingIndex = fence.partner,
                      let closing = walk.blockNodes[closingIndex] else { continue }
                guard closing.parent == node.parent else {
                    problems.append(MarkdownProblem(kind: "block.misplaced", line: fence.line, column: fence.column,
                                                    message: "the block opened here and its closing ::: (line \(blocks.fences[closingIndex].line)) are not at the same level: one is inside a list or a quote",
                                                    fix: "start both fences at the beginning of a line, outside lists and quotes, with a blank line before each"))
                    continue
                }
                let title = walk.blockTitles[index]
                let markup = LessonBlocks.markup(opening: opening, id: walk.blockIDs[index] ?? "", title: title?.text ?? opening.title,
                                                 headingTitle: title != nil, options: walk.options)
                guard let block = wrap(from: node.next, before: closing, open: markup.open, close: markup.close) else { continue }
                block.insert(before: node)
                if let heading = title?.node, let head = wrap(from: heading, before: heading.next, open: markup.headOpen, close: markup.headClose) {
                    block.prepend(head)
                }
            }
            for node in walk.blockNodes.values { node.remove() }
        }
        for quote in walk.quoteBlocks {
            // An alert's marker line goes, and its paragraph if nothing else was in it.
            if quote.isAlert, let paragraph = quote.node.firstChild, let marker = paragraph.firstChild {
                marker.next?.remove()
                marker.remove()
                if paragraph.firstChild == nil { paragraph.remove() }
            }
            let markup = LessonBlocks.markup(kind: quote.kind, name: quote.kind.rawValue, id: quote.id, title: quote.title?.text, headingTitle: quote.title != nil)
            guard let block = wrap(from: quote.node.firstChild, before: nil, open: markup.open, close: markup.close) else { continue }
            block.insert(before: quote.node)
            quote.node.remove()
            if let heading = quote.title?.node, let head = wrap(from: heading, before: heading.next, open: markup.headOpen, close: markup.headClose) {
                block.prepend(head)
            }
        }
        arrangeAttributes(walk, problems: &problems)
    }

    /// Takes the attribute lists written right after images out of the text that holds them: before
    /// the formulas are placed, which split that text where it holds formulas.
    static func removeInlineAttributes(_ walk: DocumentWalk) {
        for entry in walk.inlineAttributeTexts {
            guard let literal = entry.node.literal else { continue }
            let rest = String(decoding: literal.utf8.dropFirst(entry.length), as: UTF8.self)
            if rest.isEmpty { entry.node.remove() } else { entry.node.setLiteral(rest) }
        }
    }

    /// Reports the attribute lines nothing took, and removes the markers; gives images their
    /// attributes, and makes figures of images alone in their paragraph with a title.
    private static func arrangeAttributes(_ walk: DocumentWalk, problems: inout [MarkdownProblem]) {
        if let blocks = walk.blocks {
            for (index, node) in walk.attributeNodes.sorted(by: { $0.key < $1.key }) {
                defer { node.remove() }
                guard !walk.usedAttributeLines.contains(index) else { continue }
                let line = blocks.attributeLines[index]
                guard let list = line.list else {
                    problems.append(MarkdownProblem(kind: "attribute.unreadable", line: line.line, column: line.column,
                                                    message: "portal cannot read this attribute list, and leaves it out",
                                                    fix: "write it as {: .class #id key=\"value\"}, or remove it", isWarning: true))
                    continue
                }
                let names = list.classes.map { ".\($0)" } + (list.id.map { ["#\($0)"] } ?? []) + list.pairs.map(\.key)
                problems.append(MarkdownProblem(kind: "attribute.not-applied", line: line.line, column: line.column,
                                                message: "portal cannot apply \(names.joined(separator: ", ")) here: it follows no quote, code block or image that takes it, and is left out",
                                                fix: "remove the attribute line", isWarning: true))
            }
        }
        let figures = Set(walk.figures.map(\.image.identity))
        var lists: [Int: (list: AttributeList, line: Int, column: Int)] = [:]
        for entry in walk.imageAttributes {
            guard !figures.contains(entry.node.identity) else {
                lists[entry.node.identity] = (entry.list, entry.line, entry.column)
                continue
            }
            let (html, unapplied) = ImageAttributes.html(src: entry.node.url, alt: plainText(of: entry.node), title: entry.node.title, list: entry.list)
            reportUnappliedToImage(unapplied, line: entry.line, column: entry.column, problems: &problems)
            guard let replacement = MarkdownNode.customInline(enter: html, exit: "") else { continue }
            replacement.insert(before: entry.node)
            entry.node.remove()
        }
        var numbers: [String: String] = [:]
        for figure in walk.figures {
            var list = lists[figure.image.identity]?.list ?? AttributeList()
            list.id = nil
            let (image, unapplied) = ImageAttributes.html(src: figure.image.url, alt: plainText(of: figure.image), title: "", list: list)
            if let position = lists[figure.image.identity] { reportUnappliedToImage(unapplied, line: position.line, column: position.column, problems: &problems) }
            let html = ImageAttributes.figure(image: image, id: figure.id, number: figure.number, caption: figure.image.title)
            numbers[figure.id] = "Figure \(figure.number)"
            replace(figure.paragraph, withBlock: html)
        }
        for link in walk.emptyFragmentLinks {
            guard let number = numbers[link.fragment], let text = MarkdownNode.text(number) else { continue }
            link.node.append(text)
        }
    }

    private static func reportUnappliedToImage(_ unapplied: [String], line: Int, column: Int, problems: inout [MarkdownProblem]) {
        guard !unapplied.isEmpty else { return }
        problems.append(MarkdownProblem(kind: "attribute.not-applied", line: line, column: column,
                                        message: "portal cannot apply \(unapplied.joined(separator: ", ")) to an image, and leaves \(unapplied.count == 1 ? "it" : "them") out",
                                        fix: "images take width and height (in pixels, or width in %), alt and title; figures an id too", isWarning: true))
    }

    /// A new custom block written as `open`, its children, `close`, holding the siblings from `first`
    /// up to `end` (to the last sibling when `end` is nil), moved out of their parent.
    private static func wrap(from first: MarkdownNode?, before end: MarkdownNode?, open: String, close: String) -> MarkdownNode? {
        guard let block = MarkdownNode.customBlock(enter: open, exit: close) else { return nil }
        var next = first
        while let node = next, node != end {
            next = node.next
            node.unlink()
            block.append(node)
        }
        return block
    }

    /// Highlighted code replaces its code block with a custom block that cmark writes as is.
    static func replaceHighlightedBlocks(_ highlighted: [(node: MarkdownNode, html: String)]) {
        for entry in highlighted { replace(entry.node, withBlock: entry.html) }
    }

    /// Puts a custom block that cmark writes as is, `html`, in place of block `node`.
    private static func replace(_ node: MarkdownNode, withBlock html: String) {
        guard let block = MarkdownNode.customBlock(enter: html, exit: "") else { return }
        if block.insert(before: node) {
            node.remove()
        } else {
            block.free()
        }
    }

    /// Makes each heading a level lower (`#` an `<h2>`, down to `<h6>`): the page's title is its one
    /// `<h1>`, so a body that writes `#` headings (as MkDocs and Jupyter Book pages do) has them as
    /// its sections, under the title. The Markdown twin keeps them as written.
    static func demoteHeadings(_ nodes: [MarkdownNode]) {
        for node in nodes { node.setHeadingLevel(min(node.headingLevel + 1, 6)) }
    }

    /// Marks each heading with a sentinel holding its index; the ids are written after rendering.
    static func markHeadings(_ nodes: [MarkdownNode]) {
        for (index, node) in nodes.enumerated() {
            if let marker = MarkdownNode.customInline(enter: "\(sentinelStart)\(index)\(sentinelEnd)", exit: "") {
                node.prepend(marker)
            }
        }
    }

    /// How deep a tree cmark-gfm's CommonMark renderer is given: far deeper than any written page,
    /// and shallow enough that the renderer's time stays linear in the size of the body.
    static let twinRenderDepth = 64

    /// How many nodes below a link are read for its text: enough for any real link, and it keeps
    /// thousands of nested images from costing time quadratic in their number.
    static let linkTextNodeLimit = 256

    /// The concatenated text and code literals below `node`, reading at most `nodeLimit` nodes;
    /// text cut short by the limit ends in "…" (so it is never taken for empty).
    static func plainText(of node: MarkdownNode, nodeLimit: Int = .max) -> String {
        guard var events = node.walk() else { return "" }
        var text = ""
        var visited = 0
        while visited < nodeLimit, let (child, entering) = events.next() {
            visited += 1
            guard entering else { continue }
            switch child.kind {
            case .text, .code: text += child.literal ?? ""
            case .softBreak, .lineBreak: text += " "
            default: break
            }
        }
        // Cut short: the limit was reached before the walk ended.
        return visited >= nodeLimit ? text + "…" : text
    }
}
