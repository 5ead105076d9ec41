/// Raw HTML, when the site allows it: the addresses in it are checked and rewritten as Markdown's
/// links and images are, and the tags GitHub's tag filter would escape or the page's policy would
/// block are errors, left out.
///
/// Each HTML node is read on its own (`HTMLTagScanner`): an HTML block, or one inline tag. An
/// element cut in two by cmark-gfm (a tag an HTML block's blank line ends) is read as far as the
/// node goes: its attributes before the cut are checked (a value whose quote closes only after it
/// only for a script address), and the tag is closed where the node ends.
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
        var cut: (tag: HTMLTagScanner.Tag, name: String, quote: UInt8?)?
        while let tag = scanner.next() {
            if !tag.isClosed {
                let open = scanner.attributes.last.flatMap { $0.isClosed ? nil : $0.quote }
                cut = (tag, scanner.lowercased(tag.name, limit: Int.max) ?? "", open)
            }
            // Any element, known or not, may carry a handler or a script address.
            let name = scanner.lowercased(tag.name, limit: Int.max) ?? ""
            if FilteredTagNotice.isLeftOut(name) {
                let spot = position(ofByte: tag.range.lowerBound, in: &fragment)
                rawHTMLPass.filteredTags.note(name, isEnd: tag.isEnd, line: spot.line, column: spot.column)
                // After a `<`, what follows the tag would start a new one (`<<set>a onclick=…>`): an empty comment keeps them apart.
                let start = tag.range.lowerBound
                edits.append((start..<(tag.textEnd ?? tag.range.upperBound), start > 0 && fragment.literal[start - 1] == UInt8(ascii: "<") ? "<!---->" : ""))
                continue
            }
            guard !tag.isEnd else { continue }
            let attributes = scanner.attributes
            let wanted = HTMLLinkAttribute.byElement[name] ?? []
            var named: Set<String> = []
            for attribute in attributes {
                if let attributeName = Self.leftOutName(of: attribute, scanner: scanner) {
                    let spot = position(ofByte: attribute.name.lowerBound, in: &fragment)
                    rawHTMLPass.filteredTags.noteAttribute(attributeName, of: name, line: spot.line, column: spot.column)
                    edits.append((Self.extent(of: attribute, in: fragment.literal), ""))
                } else if let value = attribute.value, attribute.name.count <= 11,
                          let attributeName = scanner.lowercased(attribute.name, limit: 11), HTMLLinkAttribute.addressNames.contains(attributeName),
                          // The first of a name the element's links are read from is checked as a link
                          // below. Every other is checked for a script address here: a repeated one
                          // (browsers ignore it; the build need not guess), and one whose quote a blank
                          // line cuts, which runs on into what follows; that starts with a tag, so only
                          // what stands before the cut can be a scheme.
                          !(wanted.contains(where: { $0.name == attributeName }) && named.insert(attributeName).inserted && attribute.isClosed),
                          let (offset, scheme) = Self.scriptAddress(in: value, of: fragment.literal, isList: attributeName.hasSuffix("srcset")) {
                    let spot = position(ofByte: offset, in: &fragment)
                    rawHTMLPass.filteredTags.noteUnsafeAddress(attributeName, of: name, scheme: scheme, line: spot.line, column: spot.column)
                    edits.append((value, Self.rewritten(value, quote: attribute.quote, replacements: [(value, "")], literal: fragment.literal)))
                }
            }
            guard !wanted.isEmpty else { continue }
            func first(_ attributeName: String) -> HTMLTagScanner.Attribute? {
                attributes.first { $0.name.count == attributeName.utf8.count && scanner.lowercased($0.name, limit: 10) == attributeName }
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
        if let comment = scanner.unclosed {
            // As for a cut tag: a browser would read the nodes after this one as the comment's text,
            // up to an end the build would have read as text or a value.
            let spot = position(ofByte: comment.start, in: &fragment)
            rawHTMLPass.filteredTags.noteUnclosedComment(comment.closing, line: spot.line, column: spot.column)
            let end = fragment.literal.count
            edits.append((end..<end, comment.closing))
        }
        if let cut {
            // A browser would read on into the nodes after this one as the rest of the tag, with their
            // quotes out of step with the build's reading: the tag ends where the node does.
            let spot = position(ofByte: cut.tag.range.lowerBound, in: &fragment)
            rawHTMLPass.filteredTags.noteCutTag(cut.name, isEnd: cut.tag.isEnd, line: spot.line, column: spot.column)
            let end = fragment.literal.count
            edits.append((end..<end, (cut.quote.map { String(UnicodeScalar($0)) } ?? "") + ">"))
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
        // Leaving a part out can change how a browser reads the rest of a tangled tag (an attribute's
        // name and a later `=` meet): what is written must pass the same reading, or it is left out.
        if Self.holdsWhatIsLeftOut(output) {
            let start = locator.characterPosition((node.startLine, node.startColumn))
            rawHTMLPass.filteredTags.noteTangled(line: start.line, column: start.column)
            node.setLiteral("")
            return
        }
        node.setLiteral(String(decoding: output, as: UTF8.self))
    }

    /// Whether `bytes` hold a tag, an attribute or an address that the build leaves out, or a tag
    /// without its end.
    private static func holdsWhatIsLeftOut(_ bytes: [UInt8]) -> Bool {
        var scanner = HTMLTagScanner(bytes)
        while let tag = scanner.next() {
            let name = scanner.lowercased(tag.name, limit: Int.max) ?? ""
            if FilteredTagNotice.isLeftOut(name) || !tag.isClosed || scanner.unclosed != nil { return true }
            for attribute in scanner.attributes {
                if leftOutName(of: attribute, scanner: scanner) != nil { return true }
                if let value = attribute.value, let attributeName = scanner.lowercased(attribute.name, limit: 11), HTMLLinkAttribute.addressNames.contains(attributeName),
                   scriptAddress(in: value, of: bytes, isList: attributeName.hasSuffix("srcset")) != nil { return true }
            }
        }
        return scanner.unclosed != nil
    }

    /// The name, in lower case, of an attribute left out of the page (an event handler or a
    /// `style`), or nil for any other.
    private static func leftOutName(of attribute: HTMLTagScanner.Attribute, scanner: HTMLTagScanner) -> String? {
        let name = attribute.name
        guard name.count >= 2 else { return nil }
        let first = scanner.bytes[name.lowerBound] | 0x20, second = scanner.bytes[name.lowerBound + 1] | 0x20
        guard (first == UInt8(ascii: "o") && second == UInt8(ascii: "n")) || (first == UInt8(ascii: "s") && name.count == 5) else { return nil }
        let lowered = scanner.lowercased(name, limit: Int.max) ?? ""
        return FilteredTagNotice.isLeftOut(attribute: lowered) ? lowered : nil
    }

    /// Where the first address of `value` that runs script starts, and its scheme: the value, or
    /// each comma-separated candidate of a `srcset`.
    private static func scriptAddress(in value: Range<Int>, of literal: [UInt8], isList: Bool) -> (Int, String)? {
        let addresses = isList ? HTMLLinkAttribute.candidates(in: value, of: literal) : [HTMLLinkAttribute.trimmed(value, in: literal)]
        for address in addresses {
            if let scheme = ScriptURL.refusedScheme(in: HTMLLinkAttribute.decoded(literal[address])) { return (address.lowerBound, scheme) }
        }
        return nil
    }

    /// The bytes an attribute takes in its tag, with the spaces before it: from those spaces to
    /// the end of its value and the value's closing quote.
    private static func extent(of attribute: HTMLTagScanner.Attribute, in literal: [UInt8]) -> Range<Int> {
        var start = attribute.name.lowerBound
        while start > 0, HTMLTagScanner.isSpace(literal[start - 1]) { start -= 1 }
        guard let value = attribute.value else { return start..<attribute.name.upperBound }
        let closingQuote = attribute.quote != nil && attribute.isClosed ? 1 : 0
        return start..<value.upperBound + closingQuote
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
