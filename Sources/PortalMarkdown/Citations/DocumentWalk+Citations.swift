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
        for (range, var citation) in found {
            let written = writtenRange(of: literal[range], offsetInNode: range.lowerBound, nodeStart: nodeStart, searchFrom: searchFrom)
            if let written { searchFrom = written.upperBound }
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
        citations.append((node, pieces))
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

extension MarkdownRenderer {
    /// Splits each text node holding rendered citations: the text around them stays text, and each
    /// citation becomes an inline node written as its HTML. Returns those nodes with their HTML and
    /// Markdown, which the Markdown rendering writes in their place.
    static func placeCitations(_ citations: [(node: MarkdownNode, pieces: [(range: Range<Int>, rendering: CitationRendering)])])
        -> [(node: MarkdownNode, html: String, markdown: String)] {
        var placed: [(node: MarkdownNode, html: String, markdown: String)] = []
        for entry in citations {
            guard let bytes = entry.node.literalBytes.map(Array.init) else { continue }
            var copied = 0
            for piece in entry.pieces {
                if piece.range.lowerBound > copied {
                    MarkdownNode.text(String(decoding: bytes[copied..<piece.range.lowerBound], as: UTF8.self))?.insert(before: entry.node)
                }
                if let node = MarkdownNode.customInline(enter: piece.rendering.html, exit: ""), node.insert(before: entry.node) {
                    placed.append((node, piece.rendering.html, piece.rendering.markdown))
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
