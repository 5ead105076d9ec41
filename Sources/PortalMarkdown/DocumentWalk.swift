import Foundation
import PortalMath

extension MarkdownRenderer {
    /// The document's walk: each node in order, gathering headings, links (resolved as they are
    /// met), plain text, code to highlight and problems.
    struct DocumentWalk {
        let text: String
        let options: MarkdownOptions
        var twinFromSource: Bool
        var locator: SourceLocator
        var slugger: HeadingSlugger
        var headings: [MarkdownHeading] = []
        var headingNodes: [MarkdownNode] = []
        /// Every heading, blocks' too, and whether one is a `#` heading: then each is a level lower
        /// (see `MarkdownRenderer.demoteHeadings`).
        var allHeadingNodes: [MarkdownNode] = []
        var hasLevelOneHeading = false
        var links: [MarkdownLink] = []
        var linkNodes: [(node: MarkdownNode, link: MarkdownLink, html: String, written: Range<Int>?)] = []
        var linkCursor = 0
        var highlighted: [(node: MarkdownNode, html: String)] = []
        var plain = ""
        var problems: [MarkdownProblem] = []
        /// How many code blocks the document has (each is made focusable after rendering).
        var codeBlocks = 0
        /// How deep the tree is: cmark-gfm's CommonMark renderer takes time proportional to the depth
        /// for every node, so past `twinRenderDepth` the twin is the source as written.
        var deepest = 0

        /// The document's formulas, and the first not yet met in the current block: a block's
        /// placeholders are met in source order, and a block's line tells its first formula (blocks
        /// themselves may be moved, as footnotes are).
        private(set) var formulas: MathFormulas?
        /// Whether `formulas` is set: comparing the optional with nil at every node would copy it.
        private var hasFormulas = false
        private var mathCursor = 0
        private var blockLine = 0
        /// How many images the walk is inside: their text is an `alt` attribute, where MathML cannot go.
        private var imageDepth = 0
        /// The formulas and `math` code blocks, in the order they are met, to be converted in it.
        var mathItems: [MathFormulas.Item] = []
        /// Text nodes holding placeholders: the first formula and how many.
        var mathTextNodes: [(node: MarkdownNode, first: Int, count: Int)] = []
        /// The formulas of text nodes in the order they are met, as `plain` holds them.
        var mathOrder: [Int] = []
        /// `math` code blocks, in order.
        var mathBlocks: [MarkdownNode] = []
        /// Headings holding formulas: their place in `headings`, their text with the placeholders
        /// still in, and their first formula (the cursor when the heading is met).
        var headingsWithMath: [(heading: Int, text: String, firstFormula: Int)] = []
        /// Links without text to an anchor of this page (`[](#eq-energy)`), which get the equation's number.
        var emptyFragmentLinks: [(node: MarkdownNode, fragment: String)] = []

        /// The site's macros, for a document whose only formulas are `math` code blocks.
        let macros: [String: MacroDefinition]

        /// The body's `:::` blocks (see `LessonBlocks`): each fence's marker node, each block's id, and
        /// the heading that is a block's title.
        let blocks: LessonBlocks?
        var blockNodes: [Int: MarkdownNode] = [:]
        var blockIDs: [Int: String] = [:]
        var blockTitles: [Int: (node: MarkdownNode, text: String)] = [:]
        /// Quotes that are GitHub alerts (`> [!NOTE]`), with their kind and id.
        var alerts: [(node: MarkdownNode, kind: LessonBlockKind, id: String)] = []
        /// The blocks and alerts the walk is inside: their headings are theirs, not the page's sections.
        private var blockDepth = 0
        private var openAlerts: [MarkdownNode] = []
        /// An alert's marker text, which is not the page's text.
        private var alertMarker: MarkdownNode?

        /// The ids of the blocks and alerts, which links can point at.
        var blockAnchors: [String] { blockIDs.sorted { $0.key < $1.key }.map(\.value) + alerts.map(\.id) }

        init(text: String, options: MarkdownOptions, twinFromSource: Bool, formulas: MathFormulas?, macros: [String: MacroDefinition],
             blocks: LessonBlocks?) {
            self.text = text
            self.blocks = blocks
            self.options = options
            self.macros = macros
            self.twinFromSource = twinFromSource
            self.formulas = formulas
            hasFormulas = formulas != nil
            locator = SourceLocator(text)
            slugger = HeadingSlugger(reserved: options.reservedHeadingIDs)
            plain.reserveCapacity(text.utf8.count)
        }

        /// `string` with the placeholders of the formulas from the cursor on replaced by their TeX
        /// (`source`: as written, delimiters included); with `advancing`, the cursor moves past them.
        private mutating func restoring(_ string: String, source: Bool, advancing: Bool) -> String {
            // Most text holds no placeholder: it is looked at before the formulas are.
            guard hasFormulas, string.utf8.contains(MathSpans.markerBytes[0]) else { return string }
            // Optional chaining reads the formulas in place, where binding them would copy them.
            guard let (restored, consumed) = formulas?.restoring(string, from: mathCursor, source: source) else { return string }
            if advancing { mathCursor += consumed }
            return restored
        }

        /// Walks `document`; false when cmark-gfm could not make an iterator.
        mutating func run<Resolver: MarkdownLinkResolving>(_ document: MarkdownNode, resolver: inout Resolver) -> Bool {
            guard var events = document.walk() else { return false }
            var depth = 0
            while let (node, entering) = events.next() {
                let kind = node.kind
                if node.firstChild != nil {
                    depth += entering ? 1 : -1
                    deepest = max(deepest, depth)
                }
                if kind == .image { imageDepth += entering ? 1 : -1 }
                if !entering {
                    if kind == .blockQuote, openAlerts.last == node { openAlerts.removeLast() }
                    if kind == .paragraph || kind == .heading || kind == .item {
                        plain.append("\n")
                    }
                } else {
                    // Blocks only, and the formulas read in place: binding them would copy them for every node.
                    if hasFormulas, node.isBlock {
                        let line = node.startLine
                        if line != blockLine {
                            blockLine = line
                            mathCursor = formulas?.first(onOrAfterLine: line) ?? mathCursor
                        }
                    }
                    enter(node, kind: kind, resolver: &resolver)
                }
            }
            return true
        }

        /// Writes back, as they were, formulas the scan took out of what stays literal (code, raw HTML).
        private mutating func restoreLiteral(of node: MarkdownNode) {
            guard hasFormulas, node.literalContains(MathSpans.markerBytes[0]), let literal = node.literal else { return }
            node.setLiteral(restoring(literal, source: true, advancing: true))
        }

        private mutating func enter<Resolver: MarkdownLinkResolving>(_ node: MarkdownNode, kind: MarkdownNode.Kind, resolver: inout Resolver) {
            switch kind {
            case .heading:
                allHeadingNodes.append(node)
                if node.headingLevel == 1 { hasLevelOneHeading = true }
                // A block's headings are part of the block; the first may be its title.
                guard blockDepth == 0, openAlerts.isEmpty else { return }
                let text = MarkdownRenderer.plainText(of: node)
                let title = restoring(text, source: false, advancing: false)
                let id = slugger.uniqueSlug(title)
                let line = node.startLine
                headings.append(MarkdownHeading(level: node.headingLevel, text: title, id: id, line: line))
                headingNodes.append(node)
                if hasFormulas, text.utf8.contains(MathSpans.markerBytes[0]) {
                    headingsWithMath.append((headings.count - 1, text, mathCursor))
                }
            case .link, .image:
                enterLink(node, isImage: kind == .image, resolver: &resolver)
            case .text, .code:
                guard let bytes = node.literalBytes, node != alertMarker else { return }
                var literal = String(decoding: bytes, as: UTF8.self)
                if hasFormulas, node.literalContains(MathSpans.markerBytes[0]) {
                    if kind == .text && imageDepth == 0 {
                        let count = bytes.count { $0 == MathSpans.markerBytes[1] }
                        mathTextNodes.append((node, mathCursor, count))
                        for index in mathCursor..<(mathCursor + count) {
                            mathItems.append(.span(index))
                            mathOrder.append(index)
                        }
                        mathCursor += count
                    } else {
                        // A formula inside code is code; inside an image's description, text as written.
                        literal = restoring(literal, source: true, advancing: true)
                        node.setLiteral(literal)
                    }
                }
                // Entities such as &#1; decode to the sentinel characters; drop them so they cannot forge heading ids.
                // (The literal is read again: setting it above freed the bytes `bytes` points to.)
                if node.literalContains(anyOf: "\u{1}\u{2}") {
                    node.setLiteral(String(literal.unicodeScalars.filter { $0 != "\u{1}" && $0 != "\u{2}" }))
                }
                plain.append(literal)
            case .blockQuote:
                enterQuote(node)
            case .htmlBlock, .htmlInline:
                if blocks != nil, enterBlockMarker(node, isBlock: kind == .htmlBlock) { return }
                restoreLiteral(of: node)
                if kind == .htmlBlock, let problem = MarkdownRenderer.unclosedHTMLBlock(
                    node.literal ?? "", line: node.startLine,
                    column: locator.characterPosition((node.startLine, node.startColumn)).column) {
                    problems.append(problem)
                }
                // The HTML rendering omits raw HTML; so must the Markdown rendering, which writes literals as they are.
                if !options.allowsRawHTML {
                    node.setLiteral(kind == .htmlBlock ? "<!-- raw HTML omitted -->\n" : "<!-- raw HTML omitted -->")
                    twinFromSource = false
                }
            case .softBreak, .lineBreak:
                plain.append(" ")
            case .codeBlock:
                codeBlocks += 1
                restoreLiteral(of: node)
                let code = node.literal ?? ""
                plain.append(code)
                plain.append("\n")
                let language = node.fenceInfo.split(separator: " ").first.map(String.init) ?? ""
                if language == "math", node.isFenced {
                    // GitHub's fenced math: display math, converted in order with the others.
                    if !hasFormulas {
                        formulas = MathFormulas(macros: macros)
                        hasFormulas = true
                    }
                    mathItems.append(.block(tex: code, firstLine: node.startLine + 1))
                    mathBlocks.append(node)
                } else if !language.isEmpty, let spans = SyntaxHighlighter.highlight(code, language: language) {
                    let safeLanguage = String(language.unicodeScalars.filter { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "+#-_".unicodeScalars.contains($0)) })
                    highlighted.append((node, "<pre><code class=\"language-\(safeLanguage)\">\(spans)</code></pre>\n"))
                }
            default:
                break
            }
        }

        /// A `:::` fence's marker: its node is kept for `arrangeLessonBlocks`, an opening fence's block
        /// gets its id and title, and the literal becomes the fence as written, for the Markdown
        /// rendering. Raw HTML that took fences in gets them back as written, and each is reported.
        /// False when the node is not a marker.
        private mutating func enterBlockMarker(_ node: MarkdownNode, isBlock: Bool) -> Bool {
            guard let blocks, node.literalContains(LessonBlocks.markerStart), let literal = node.literal else { return false }
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
            var title = opening.title
            if title == nil, let next = node.next, next.kind == .heading {
                let heading = restoring(MarkdownRenderer.plainText(of: next), source: false, advancing: false)
                blockTitles[index] = (next, heading)
                title = heading
            }
            if let id = opening.id {
                if !slugger.claim(id) {
                    problems.append(MarkdownProblem(kind: "block.duplicate-id", line: blocks.fences[index].line, column: opening.column,
                                                    message: "the id \(id) is already used on this page", fix: "give this block another id"))
                }
                blockIDs[index] = id
            } else {
                blockIDs[index] = slugger.uniqueSlug(title ?? opening.kind?.label ?? opening.name)
            }
            return true
        }

        /// A quote whose first line is GitHub's alert marker (`[!NOTE]` alone) is that alert.
        private mutating func enterQuote(_ node: MarkdownNode) {
            guard let paragraph = node.firstChild, paragraph.kind == .paragraph, let first = paragraph.firstChild, first.kind == .text,
                  let kind = LessonBlockKind.alert((first.literal ?? "").trimmingCharacters(in: .whitespaces)[...])
            else { return }
            if let next = first.next, next.kind != .softBreak, next.kind != .lineBreak { return }
            alerts.append((node, kind, slugger.uniqueSlug(kind.label)))
            openAlerts.append(node)
            alertMarker = first
        }

        private mutating func enterLink<Resolver: MarkdownLinkResolving>(_ node: MarkdownNode, isImage: Bool, resolver: inout Resolver) {
            let destination = node.url
            let position = locator.destinationPosition(
                of: destination, start: (node.startLine, node.startColumn),
                end: (node.endLine, node.endColumn), cursor: &linkCursor)
            let link = MarkdownLink(
                destination: destination,
                kind: isImage ? .image : .link,
                text: restoring(MarkdownRenderer.plainText(of: node, nodeLimit: MarkdownRenderer.linkTextNodeLimit), source: false, advancing: false),
                line: position.line,
                column: position.column
            )
            links.append(link)
            if !isImage, node.firstChild == nil, destination.hasPrefix("#") {
                emptyFragmentLinks.append((node, String(destination.dropFirst())))
            }
            var replacement = resolver.resolve(link)
            // An address that runs script is dropped whatever the resolver said, and with raw HTML on too
            // (where cmark itself no longer filters); the link keeps its text.
            if ScriptURL.refusedScheme(in: replacement ?? destination) != nil { replacement = "" }
            if let replacement, replacement != destination {
                node.setURL(replacement)
            }
            if options.rendersMarkdown { linkNodes.append((node, link, replacement ?? destination, position.written)) }
        }
    }
}
