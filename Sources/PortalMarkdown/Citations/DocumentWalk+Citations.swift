extension MarkdownRenderer.DocumentWalk {
    /// Finds the citations of a text node and asks the resolver what each becomes; returns the
    /// node's plain text with each rendered citation's words in its place. The node is split
    /// after the walk (`MarkdownRenderer.placeCitations`), which must not change the tree it walks.
    mutating func enterCitations<Resolver: MarkdownLinkResolving>(_ node: MarkdownNode, plain: String, resolver: inout Resolver) -> String {
        guard let literal = node.literalBytes.map(Array.init) else { return plain }
        let found = CitationScanner.citations(in: literal)
        guard !found.isEmpty else { return plain }
        let nodeStart = locator.offset((node.startLine, node.startColumn))
        var searchFrom = nodeStart
        var pieces: [(range: Range<Int>, rendering: CitationRendering)] = []
        var text = ""
        var copied = 0
        let besideMath = literal.contains(MathSpans.markerBytes[0])
        for (range, var citation) in found {
            // A formula inside a citation (`[@a, eq. $x$]`) would be its placeholder's bytes: such a citation stays text.
            if besideMath, literal[range].contains(MathSpans.markerBytes[0]) { continue }
            let written = writtenRange(of: literal[range], offsetInNode: range.lowerBound, nodeStart: nodeStart, searchFrom: searchFrom)
            // A search that fails read the rest of the line: the node's later citations are not searched
            // for, or a long line of escaped citations would be read once for each.
            searchFrom = written?.upperBound
            let position = written.map { locator.position(ofOffset: $0.lowerBound) } ?? locator.characterPosition((node.startLine, node.startColumn))
            citation.line = position.line
            citation.column = position.column
            guard let rendering = resolver.resolve(citation) else { continue }
            pieces.append((range, rendering))
            if options.rendersMarkdown {
                // A citation the source does not show as the parser read it (escapes inside) cannot be replaced where it is written.
                if let written { citationTwins.append((written, rendering.markdown)) } else { twinFromSource = false }
            }
            text += String(decoding: literal[copied..<range.lowerBound], as: UTF8.self) + rendering.plainText
            copied = range.upperBound
        }
        guard !pieces.isEmpty else { return plain }
        if besideMath {
            citationsBesideMath.append((node, pieces.map { (Array(literal[$0.range]), $0.rendering) }))
        } else {
            citations.append((node, pieces))
        }
        return text + String(decoding: literal[copied...], as: UTF8.self)
    }

    /// Where a citation's bytes are written: at the node's start plus their offset in it when the
    /// node's text is the source's there, else the next place on the node's line that holds them.
    private mutating func writtenRange(of bytes: ArraySlice<UInt8>, offsetInNode: Int, nodeStart: Int?, searchFrom: Int?) -> Range<Int>? {
        guard let nodeStart, let searchFrom else { return nil }
        let direct = nodeStart + offsetInNode
        if direct >= searchFrom, locator.matches(bytes, at: direct) { return direct..<(direct + bytes.count) }
        let window = locator.lineEnd(after: nodeStart) - searchFrom - bytes.count
        guard window >= 0, let found = locator.locate(String(decoding: bytes, as: UTF8.self), fromOffset: searchFrom, window: window) else { return nil }
        return (found.end - bytes.count)..<found.end
    }
}

/// A citation put in the tree: an inline node written as its HTML, or a text node holding a
/// sentinel for it; and what the Markdown rendering writes in its place.
struct PlacedCitation {
    let node: MarkdownNode
    /// What the node holds in the HTML rendering.
    let html: String
    let markdown: String
    let isSentinel: Bool

    /// Makes the node hold its Markdown (`true`) or its HTML again.
    func show(markdown: Bool) {
        let text = markdown ? self.markdown : html
        if isSentinel { node.setLiteral(text) } else { node.setOnEnter(text) }
    }
}

extension MarkdownRenderer {
    /// Splits each text node holding rendered citations: the text around them stays text, and each
    /// citation becomes an inline node written as its HTML. Returns those nodes with their HTML and
    /// Markdown, which the Markdown rendering writes in their place.
    ///
    /// Where the tree takes no inline node of HTML (a table cell), the citation is a text node holding
    /// a formula's sentinel instead, its HTML added to `sentinels` for `finishedHTML`; the Markdown
    /// rendering writes such a node's plain words.
    static func placeCitations(_ citations: [(node: MarkdownNode, pieces: [(range: Range<Int>, rendering: CitationRendering)])], sentinels: inout [String])
        -> [PlacedCitation] {
        var placed: [PlacedCitation] = []
        for entry in citations {
            guard let bytes = entry.node.literalBytes.map(Array.init) else { continue }
            var copied = 0
            for piece in entry.pieces {
                if piece.range.lowerBound > copied {
                    MarkdownNode.text(String(decoding: bytes[copied..<piece.range.lowerBound], as: UTF8.self))?.insert(before: entry.node)
                }
                if let node = MarkdownNode.customInline(enter: piece.rendering.html, exit: "") {
                    if node.insert(before: entry.node) {
                        placed.append(PlacedCitation(node: node, html: piece.rendering.html, markdown: piece.rendering.markdown, isSentinel: false))
                    } else {
                        node.free()
                        sentinels.append(piece.rendering.html)
                        let sentinel = formulaSentinel(sentinels.count - 1)
                        if let text = MarkdownNode.text(sentinel), text.insert(before: entry.node) {
                            placed.append(PlacedCitation(node: text, html: sentinel, markdown: piece.rendering.plainText, isSentinel: true))
                        }
                    }
                }
                copied = piece.range.upperBound
            }
            if copied < bytes.count {
                entry.node.setLiteral(bytes: Array(bytes[copied...]))
            } else {
                entry.node.remove()
            }
        }
        return placed
    }
}

extension MarkdownRenderer {
    /// Places the citations of text nodes that also held formulas, once the formulas are placed:
    /// each citation is found by its text, in order, in the text nodes its node became (`produced`).
    static func placeCitations(besideMath entries: [(node: MarkdownNode, pieces: [(text: [UInt8], rendering: CitationRendering)])],
                               produced: [Int: [MarkdownNode]], sentinels: inout [String]) {
        var located: [(node: MarkdownNode, pieces: [(range: Range<Int>, rendering: CitationRendering)])] = []
        for entry in entries {
            let nodes = produced[entry.node.identity] ?? []
            var nodeIndex = 0
            var from = 0
            var bytes = nodes.first?.literalBytes.map(Array.init) ?? []
            var found: [(range: Range<Int>, rendering: CitationRendering)] = []
            for piece in entry.pieces {
                while nodeIndex < nodes.count {
                    if let start = firstRange(of: piece.text, in: bytes, from: from) {
                        found.append((start, piece.rendering))
                        from = start.upperBound
                        break
                    }
                    if !found.isEmpty { located.append((nodes[nodeIndex], found)) }
                    found = []
                    nodeIndex += 1
                    from = 0
                    bytes = nodeIndex < nodes.count ? nodes[nodeIndex].literalBytes.map(Array.init) ?? [] : []
                }
            }
            if nodeIndex < nodes.count, !found.isEmpty { located.append((nodes[nodeIndex], found)) }
        }
        _ = placeCitations(located, sentinels: &sentinels)
    }

    private static func firstRange(of needle: [UInt8], in bytes: [UInt8], from start: Int) -> Range<Int>? {
        guard !needle.isEmpty, bytes.count >= needle.count else { return nil }
        var offset = start
        while offset + needle.count <= bytes.count {
            if bytes[offset] == needle[0], bytes[offset..<(offset + needle.count)].elementsEqual(needle) { return offset..<(offset + needle.count) }
            offset += 1
        }
        return nil
    }
}
