/// Raw HTML, when the site allows it: the addresses in it are checked and rewritten as Markdown's
/// links and images are, and the tags GitHub's tag filter would escape are errors, left out.
///
/// Each HTML node is read on its own (`HTMLTagScanner`): an HTML block, or one inline tag. An
/// element cut in two by cmark-gfm (a tag an HTML block's blank line ends) is read as far as the
/// node goes: its attributes before the cut are checked; a value whose quote closes only after it
/// is left as written and not checked.
extension MarkdownRenderer.DocumentWalk {
    /// What the walk keeps from one raw HTML node to the next.
    struct RawHTMLPass {
        var filteredTags = FilteredTagNotice()
        /// The body's bytes and lines, for placing addresses: built for the first node that has one.
        var source: HTMLLiteralPlacement.Source?
        /// Just after the start of the last node placed, in the body's bytes.
        var cursor = 0
    }

    /// One HTML node's literal and where its bytes are in the body, found on first use.
    private struct Fragment {
        let node: MarkdownNode
        let literal: [UInt8]
        let isBlock: Bool
        var placement: HTMLLiteralPlacement?
    }

    /// Where an address or a tag is: line and character column in the body, and its byte offset
    /// there when its line was placed.
    private struct Spot {
        var line: Int
        var column: Int
        var offset: Int?
    }

    /// Checks and rewrites the addresses of `node` (an HTML block or inline HTML), and leaves out the
    /// tags GitHub's filter would escape, reporting them.
    mutating func enterRawHTML<Resolver: MarkdownLinkResolving>(_ node: MarkdownNode, isBlock: Bool, resolver: inout Resolver) {
        guard node.literalContains(UInt8(ascii: "<")), let bytes = node.literalBytes else { return }
        var fragment = Fragment(node: node, literal: Array(bytes), isBlock: isBlock)
        var scanner = HTMLTagScanner(fragment.literal)
        var edits: [(range: Range<Int>, text: String)] = []
        while let tag = scanner.next() {
            guard let name = scanner.lowercasedName(of: tag) else { continue }
            if FilteredTagNotice.names.contains(name) {
                let spot = position(ofByte: tag.range.lowerBound, in: &fragment)
                rawHTMLPass.filteredTags.note(name, isEnd: tag.isEnd, line: spot.line, column: spot.column)
                edits.append((tag.range.lowerBound..<(tag.textEnd ?? tag.range.upperBound), ""))
                continue
            }
            guard !tag.isEnd, let wanted = HTMLLinkAttribute.byElement[name] else { continue }
            let attributes = scanner.attributes
            func first(_ attributeName: String) -> HTMLTagScanner.Attribute? {
                attributes.first { $0.name.count == attributeName.utf8.count && scanner.lowercased($0.name, limit: 8) == attributeName }
            }
            let alt = name == "img" ? first("alt")?.value.map { HTMLLinkAttribute.decoded(fragment.literal[$0]) } ?? "" : ""
            for (attributeName, shape, kind) in wanted {
                guard let attribute = first(attributeName), attribute.isClosed else { continue }
                let origin = MarkdownLink.HTMLAttribute(element: name, name: attributeName)
                let value = attribute.value ?? attribute.name.upperBound..<attribute.name.upperBound
                let addresses = shape == .single ? [HTMLLinkAttribute.trimmed(value, in: fragment.literal)]
                    : HTMLLinkAttribute.candidates(in: value, of: fragment.literal)
                var replacements: [(range: Range<Int>, address: String)] = []
                for address in addresses {
                    if let replacement = resolve(address, kind: kind, text: alt, origin: origin, quote: attribute.quote,
                                                 inCandidates: shape == .candidates, in: &fragment, resolver: &resolver) {
                        replacements.append((address, replacement))
                    }
                }
                if !replacements.isEmpty, let value = attribute.value {
                    edits.append((value, Self.rewritten(value, quote: attribute.quote, replacements: replacements, literal: fragment.literal)))
                }
            }
        }
        guard !edits.isEmpty else { return }
        edits.sort { $0.range.lowerBound < $1.range.lowerBound }
        var output: [UInt8] = []
        output.reserveCapacity(fragment.literal.count + 64)
        var copied = 0
        for edit in edits where edit.range.lowerBound >= copied {
            output += fragment.literal[copied..<edit.range.lowerBound]
            output += edit.text.utf8
            copied = edit.range.upperBound
        }
        output += fragment.literal[copied...]
        node.setLiteral(String(decoding: output, as: UTF8.self))
    }

    /// Hands the address at `range` of the fragment to the resolver as a link or image at its place,
    /// and records it for the Markdown twin; returns what to write instead, or nil to keep it.
    private mutating func resolve<Resolver: MarkdownLinkResolving>(_ range: Range<Int>, kind: MarkdownLink.Kind, text: String,
                                                                   origin: MarkdownLink.HTMLAttribute, quote: UInt8?, inCandidates: Bool,
                                                                   in fragment: inout Fragment, resolver: inout Resolver) -> String? {
        let destination = HTMLLinkAttribute.decoded(fragment.literal[range])
        let spot = position(ofByte: range.lowerBound, in: &fragment)
        let link = MarkdownLink(destination: destination, kind: kind, text: kind == .image ? text : "", line: spot.line, column: spot.column,
                                htmlAttribute: origin)
        links.append(link)
        var replacement = resolver.resolve(link)
        // As for Markdown: an address that runs script is dropped whatever the resolver said.
        if ScriptURL.refusedScheme(in: replacement ?? destination) != nil { replacement = "" }
        if options.rendersMarkdown {
            let html = replacement ?? destination
            let twin = resolver.markdownDestination(for: link, htmlDestination: html)
            // The twin replaces the address where the body writes it, when it can stand there as it is.
            var written: Range<Int>?
            if let offset = spot.offset, !fragment.literal[range].contains(0x0A),
               twin == destination || HTMLLinkAttribute.isWritable(twin, quote: quote, inCandidates: inCandidates) {
                written = offset..<offset + range.count
            }
            linkNodes.append((fragment.node, link, html, written))
        }
        guard let replacement, replacement != destination else { return nil }
        return replacement
    }

    /// The value at `value` with each address replaced, escaped for its quotes; an unquoted value
    /// that would no longer be one value is written in double quotes.
    private static func rewritten(_ value: Range<Int>, quote: UInt8?, replacements: [(range: Range<Int>, address: String)], literal: [UInt8]) -> String {
        var output: [UInt8] = []
        var copied = value.lowerBound
        for replacement in replacements where replacement.range.lowerBound >= copied {
            output += literal[copied..<replacement.range.lowerBound]
            output += HTMLLinkAttribute.escaped(replacement.address, quote: quote).utf8
            copied = replacement.range.upperBound
        }
        output += literal[copied..<value.upperBound]
        if quote == nil, HTMLLinkAttribute.needsQuotes(output) {
            // `&` is escaped already (or written as it was); only the quotes are left to escape.
            output = [UInt8(ascii: "\"")] + output.flatMap { $0 == UInt8(ascii: "\"") ? Array("&quot;".utf8) : [$0] } + [UInt8(ascii: "\"")]
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Where byte `offset` of the fragment is in the body; the node's start when its line has no place.
    private mutating func position(ofByte offset: Int, in fragment: inout Fragment) -> Spot {
        let source = rawHTMLPass.source ?? HTMLLiteralPlacement.Source(text)
        rawHTMLPass.source = source
        var placement = fragment.placement ?? HTMLLiteralPlacement(literal: fragment.literal, line: fragment.node.startLine,
                                                                   column: fragment.node.startColumn, isBlock: fragment.isBlock,
                                                                   source: source, cursor: &rawHTMLPass.cursor)
        defer { fragment.placement = placement }
        guard let found = placement.sourceOffset(of: offset, source: source) else {
            let start = locator.characterPosition((fragment.node.startLine, fragment.node.startColumn))
            return Spot(line: start.line, column: start.column, offset: nil)
        }
        let line = source.line(of: found)
        let position = locator.characterPosition((line + 1, found - source.lineStarts[line] + 1))
        return Spot(line: position.line, column: position.column, offset: found)
    }
}
