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
        /// Notebook code cells' outputs as Markdown, which the twin writes after each cell's code.
        var cellOutputs: [(node: MarkdownNode, markdown: String)] = []
        var plain = ""
        var problems: [MarkdownProblem] = []
        /// The raw HTML left out (raw HTML off), to be reported.
        var rawHTML = RawHTMLNotice()
        /// Raw HTML's addresses and filtered tags (raw HTML on; see `DocumentWalk+RawHTML.swift`).
        var rawHTMLPass = RawHTMLPass()
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
        /// How many links the walk is inside: a link's text cites nothing.
        private var linkDepth = 0
        /// Text nodes holding citations the resolver rendered: each citation's bytes in the node and what it becomes.
        var citations: [(node: MarkdownNode, pieces: [(range: Range<Int>, rendering: CitationRendering)])] = []
        /// Text nodes holding formulas too, whose citations are placed once the formulas are (by their text).
        var citationsBesideMath: [(node: MarkdownNode, pieces: [(text: [UInt8], rendering: CitationRendering)])] = []
        /// Where each rendered citation is written in the source, and its Markdown, for the twin.
        var citationTwins: [(written: Range<Int>, destination: String)] = []
        /// The formulas and `math` code blocks, in the order they are met, to be converted in it.
        var mathItems: [MathFormulas.Item] = []
        /// Text nodes holding placeholders: the first formula and how many.
        var mathTextNodes: [(node: MarkdownNode, first: Int, count: Int)] = []
        /// The formulas of text nodes in the order they are met (as the rendered text holds them).
        var mathOrder: [Int] = []
        /// How many filler bytes of the last formula met are still to come, in the text nodes after the
        /// one holding its start (a formula over a line break): left out of `plain`, which has the
        /// formula's search words already, as are the line breaks between them.
        private var pendingFiller = 0
        /// `math` code blocks, in order.
        var mathBlocks: [MarkdownNode] = []
        /// Headings holding formulas: their place in `headings`, their text with the placeholders
        /// still in, and their first formula (the cursor when the heading is met).
        var headingsWithMath: [(heading: Int, text: String, firstFormula: Int)] = []
        /// Links without text to an anchor of this page (`[](#eq-energy)`), which get the equation's number.
        var emptyFragmentLinks: [(node: MarkdownNode, fragment: String)] = []

        /// The site's macros, for a document whose only formulas are `math` code blocks.
        let macros: [String: MacroDefinition]

        /// The body's `:::` blocks and attribute lines (see `LessonBlocks` and `DocumentWalk+Blocks.swift`):
        /// each fence's marker node, each block's id, and the heading that is a block's title.
        let blocks: LessonBlocks?
        var blockNodes: [Int: MarkdownNode] = [:]
        var blockIDs: [Int: String] = [:]
        var blockTitles: [Int: (node: MarkdownNode, text: String)] = [:]
        /// Quotes that are lesson blocks: GitHub's alerts (`> [!NOTE]`) and quotes an attribute line
        /// names (`{: .challenge}`), with their kind, id and title heading.
        var quoteBlocks: [(node: MarkdownNode, kind: LessonBlockKind, id: String, title: (node: MarkdownNode, text: String)?, isAlert: Bool)] = []
        /// Each attribute line's marker node, and the lines a quote or code block took.
        var attributeNodes: [Int: MarkdownNode] = [:]
        var usedAttributeLines: Set<Int> = []
        /// Images given attributes, with where the list is written; and the text after an image that
        /// held its list (`![plot](a.png){: width="80%"}`) and how many bytes of it the list is.
        var imageAttributes: [(node: MarkdownNode, list: AttributeList, line: Int, column: Int)] = []
        var inlineAttributeTexts: [(node: MarkdownNode, length: Int)] = []
        /// Images alone in their paragraph with a title (`![alt](plot.png "Caption")`): figures, numbered
        /// in order, with their ids.
        var figures: [(paragraph: MarkdownNode, image: MarkdownNode, number: Int, id: String)] = []
        /// The blocks the walk is inside: their headings are theirs, not the page's sections.
        var blockDepth = 0
        var openQuoteBlocks: [MarkdownNode] = []
        /// An alert's marker text, which is not the page's text.
        var alertMarker: MarkdownNode?

        /// The ids of the blocks, which links can point at.
        var blockAnchors: [String] { blockIDs.sorted { $0.key < $1.key }.map(\.value) + quoteBlocks.map(\.id) + figures.map(\.id) }

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
            if let count = formulas?.count, count > 0 {
                // Each formula of the text takes an entry in each, most of them in text nodes:
                // room at once rather than growing from empty on every page.
                mathItems.reserveCapacity(count)
                mathOrder.reserveCapacity(count)
                mathTextNodes.reserveCapacity(count)
            }
        }

        /// The formulas, handed over once the walk and the twin are done with them (a copy left here
        /// would make the conversion copy their arrays).
        mutating func takeFormulas() -> MathFormulas? {
            formulas.take()
        }

        /// `string` with the placeholders of the formulas from the cursor on replaced by their TeX
        /// (`source`: as written, delimiters included); with `advancing`, the cursor moves past them.
        mutating func restoring(_ string: String, source: Bool, advancing: Bool) -> String {
            // Most text holds no placeholder: it is looked at before the formulas are.
            guard hasFormulas, MathFormulas.mayHoldPlaceholder(string) else { return string }
            // Optional chaining reads the formulas in place, where binding them would copy them.
            guard let (restored, consumed) = formulas?.restoring(string, from: mathCursor, source: source) else { return string }
            if advancing { mathCursor += consumed }
            return restored
        }

        /// Appends a text node's text holding the placeholders of `run` to `plain` from byte `start`
        /// on, each replaced by its formula's search words: the search text is written in the walk, not
        /// in a second pass over the whole text; the rest of a placeholder running on into the next
        /// nodes is left out of them (`pendingFiller`).
        private mutating func appendPlain(_ literal: String, from start: Int, formulas run: (first: Int, count: Int)) {
            // Optional chaining reads the formulas in place, where binding them would copy them.
            pendingFiller = formulas?.appendSearchText(of: literal, from: start, first: run.first, count: run.count, to: &plain) ?? 0
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
                if kind == .link { linkDepth += entering ? 1 : -1 }
                if !entering {
                    if kind == .blockQuote, openQuoteBlocks.last == node { openQuoteBlocks.removeLast() }
                    if kind == .paragraph || kind == .heading || kind == .item {
                        plain.append("\n")
                    } else if kind == .other, node.isBlock, let last = plain.utf8.last, last != 0x0A, last != 0x20 {
                        // Table cells and rows (and lists) end words too: the search index must
                        // not read a row's cells as one word.
                        plain.append(" ")
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
            problems += rawHTMLPass.filteredTags.allProblems
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
                guard blockDepth == 0, openQuoteBlocks.isEmpty else { return }
                let text = MarkdownRenderer.plainText(of: node)
                let title = restoring(text, source: false, advancing: false)
                let id = slugger.uniqueSlug(title)
                let line = node.startLine
                headings.append(MarkdownHeading(level: node.headingLevel, text: title, id: id, line: line))
                headingNodes.append(node)
                if hasFormulas, MathFormulas.mayHoldPlaceholder(text) {
                    headingsWithMath.append((headings.count - 1, text, mathCursor))
                }
            case .link, .image:
                enterLink(node, isImage: kind == .image, resolver: &resolver)
                if kind == .image, imageDepth == 1 { enterImage(node) }
            case .text, .code:
                guard let bytes = node.literalBytes, node != alertMarker else { return }
                // The rest of a formula over a line break, whose search words `plain` has (see
                // `appendPlain`): its filler bytes at the start of the text are left out of `plain`.
                var skipped = 0
                if pendingFiller > 0 {
                    while kind == .text, skipped < pendingFiller, skipped < bytes.count, bytes[skipped] == MathSpans.filler { skipped += 1 }
                    // Anything but filler ends it.
                    pendingFiller = skipped < bytes.count ? 0 : pendingFiller - skipped
                }
                var literal = String(decoding: bytes, as: UTF8.self)
                if let pending = inlineAttributeTexts.last, pending.node == node {
                    literal = String(decoding: literal.utf8.dropFirst(pending.length), as: UTF8.self)
                }
                var formulaRun: (first: Int, count: Int)?
                if hasFormulas, node.literalContains(MathSpans.markerBytes[0]) {
                    let count = MathFormulas.placeholderCount(in: bytes)
                    if count == 0 || count > (formulas?.count ?? 0) - mathCursor {
                        // Markers no formula left: character references (`&#31;`) decoded to the marker
                        // bytes. They are text, not formulas.
                        literal = String(literal.unicodeScalars.map { $0 == "\u{1F}" || $0 == "\u{1E}" ? "\u{FFFD}" : $0 }.map(Character.init))
                        node.setLiteral(literal)
                    } else if kind == .text && imageDepth == 0 {
                        formulaRun = (mathCursor, count)
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
                // A node whose start is an image's attribute list is left as it is.
                if kind == .text, imageDepth == 0, linkDepth == 0, node.literalContains(UInt8(ascii: "@")), inlineAttributeTexts.last?.node != node {
                    literal = enterCitations(node, plain: literal, resolver: &resolver)
                }
                if let formulaRun {
                    appendPlain(literal, from: skipped, formulas: formulaRun)
                } else if skipped > 0 {
                    plain.append(contentsOf: literal[literal.utf8.index(literal.utf8.startIndex, offsetBy: skipped)...])
                } else {
                    plain.append(literal)
                }
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
                    let position = locator.characterPosition((node.startLine, node.startColumn))
                    rawHTML.note(node.literal ?? "", line: position.line, column: position.column)
                    node.setLiteral(kind == .htmlBlock ? "<!-- raw HTML omitted -->\n" : "<!-- raw HTML omitted -->")
                    twinFromSource = false
                } else {
                    enterRawHTML(node, isBlock: kind == .htmlBlock, resolver: &resolver)
                }
            case .softBreak, .lineBreak:
                // Inside a formula over a line break, whose words stand for all of it.
                if pendingFiller == 0 { plain.append(" ") }
            case .codeBlock:
                codeBlocks += 1
                restoreLiteral(of: node)
                let code = node.literal ?? ""
                plain.append(code)
                plain.append("\n")
                enterCode(node, code: code)
            default:
                break
            }
        }

        /// GitHub's fenced math (```` ```math ````): display math, converted in order with the others.
        mutating func enterMathBlock(_ node: MarkdownNode, tex: String) {
            if !hasFormulas {
                formulas = MathFormulas(macros: macros)
                hasFormulas = true
            }
            mathItems.append(.block(tex: tex, firstLine: node.startLine + 1))
            mathBlocks.append(node)
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
