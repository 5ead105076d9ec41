import CCmarkGFM
import Foundation
import PortalMath

/// Renders GitHub-flavoured Markdown to HTML with cmark-gfm.
///
/// This is the only file that touches the C library; no C pointer leaves it. What needs no node
/// lives beside it: finding the formulas and their placeholders (`Math/`), where a link's destination
/// is written (`SourceLocator+Links.swift`), the parse budget (`ParseWatchdog`) and the text helpers
/// (`MarkdownRenderer+Text.swift`).
///
/// cmark-gfm is not safe to parse on two threads at once: `cmark_parser_finish` adds the
/// extensions' characters (`~` for strikethrough, …) to a process-wide table of special characters
/// and removes them when it is done, so a document parsed meanwhile on another thread loses its
/// strikethrough and autolinks (cmark-gfm PR #176, not merged). The library calls that function
/// through its procedure linkage table, so `SpecialCharacters.swift` defines it for the process: the characters
/// are added and never removed, which makes the table constant once the first document is parsed,
/// and documents are then parsed in parallel. Should the library not call this definition (a
/// build that binds the call internally), parsing falls back to one lock; see `parsesConcurrently`.
public struct MarkdownRenderer: Sendable {
    /// The options every document is rendered with.
    public let options: MarkdownOptions
    /// `options.anchorLinkLabel` escaped for an HTML attribute, once rather than for every document.
    private let anchorLabel: String
    /// `options.mathMacros`, parsed once.
    private let mathMacros: [String: MacroDefinition]

    private static let parseLock = NSLock()
    private static let extensionNames = ["table", "strikethrough", "autolink", "tagfilter", "tasklist"]
    private static let registered: Bool = {
        cmark_gfm_core_extensions_ensure_registered()
        return true
    }()

    /// Whether documents are parsed on several threads at once: the library calls this file's
    /// `cmark_manage_extensions_special_characters` and a document parsed with it keeps its
    /// strikethrough. Decided by parsing one document, before any concurrent use.
    public static let parsesConcurrently: Bool = {
        _ = registered
        guard SpecialCharacters.addsToLibraryTable else { return false }
        var probe = UnchangedLinks()
        // The first document this process parses, and the only one parsed before this is decided.
        let html = MarkdownRenderer().render("~~probe~~ www.example.org\n", resolver: &probe, concurrently: false).html
        return SpecialCharacters.interposed && html.contains("<del>probe</del>") && html.contains("<a href=\"http://www.example.org\">")
    }()

    /// Creates a renderer and registers the GFM extensions once per process.
    public init(options: MarkdownOptions = MarkdownOptions()) {
        self.options = options
        anchorLabel = options.anchorLinkLabel.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "<", with: "&lt;")
        mathMacros = options.mathMacros.isEmpty ? [:] : MathConverter.parseMacros(options.mathMacros).0
        _ = Self.registered
    }

    /// Renders `source`, asking `resolver` what each link and image destination becomes.
    public func render<Resolver: MarkdownLinkResolving>(_ source: String, resolver: inout Resolver) -> RenderedMarkdown {
        render(source, resolver: &resolver, concurrently: Self.parsesConcurrently)
    }

    private func render<Resolver: MarkdownLinkResolving>(_ source: String, resolver: inout Resolver, concurrently: Bool) -> RenderedMarkdown {
        var cmarkOptions = CMARK_OPT_FOOTNOTES | CMARK_OPT_STRIKETHROUGH_DOUBLE_TILDE
        if options.allowsRawHTML { cmarkOptions |= CMARK_OPT_UNSAFE }
        // The sentinels used to place heading ids and the bytes that start a formula's placeholder
        // must not occur in the text. NUL becomes U+FFFD here
        // rather than inside cmark, whose byte columns would otherwise run 2 bytes ahead of this text
        // for every NUL before them (links were reported on the wrong line: found by fuzzing).
        let replacesCharacters = Self.holdsSentinelsOrNUL(source)
        let text = replacesCharacters
            ? String(source.map { $0 == Self.sentinelStart || $0 == Self.sentinelEnd || $0 == "\0" || $0 == "\u{1F}" || $0 == "\u{1E}" ? "\u{FFFD}" : $0 })
            : source
        // Lesson blocks' fences are found first: a formula does not run over one, and cmark-gfm reads
        // each as a marker. Formulas are masked before cmark-gfm reads the text, so Markdown never touches them.
        let blocks = LessonBlocks(text: text)
        var formulas = MathFormulas(text: blocks?.blanked(text) ?? text, macros: mathMacros)
        var parsedText = formulas?.maskedText() ?? text
        if let blocks { parsedText = blocks.marked(parsedText) }
        if let refusal = ComplexityCheck.firstRefusal(in: parsedText) {
            return RenderedMarkdown(html: "", headings: [], links: [], plainText: "", refusal: refusal)
        }
        let parsed: ParsedDocument
        switch Self.parse(parsedText, options: cmarkOptions, concurrently: concurrently) {
        case .parsed(let document?): parsed = document
        case .parsed(nil): return RenderedMarkdown(html: "", headings: [], links: [], plainText: "")
        case .refused(let refusal): return RenderedMarkdown(html: "", headings: [], links: [], plainText: "", refusal: refusal)
        }
        defer { parsed.free() }

        // Whether the Markdown rendering can be the source itself with link destinations replaced
        // (see `twin(of:replacing:)`); the walk clears it on anything the source cannot show as it is.
        var walk = DocumentWalk(text: text, options: options, twinFromSource: options.rendersMarkdown && !replacesCharacters, formulas: formulas,
                                macros: mathMacros, blocks: blocks)
        guard walk.run(parsed.document, resolver: &resolver) else {
            return RenderedMarkdown(html: "", headings: [], links: [], plainText: "")
        }
        formulas = walk.formulas
        let markdown = options.rendersMarkdown ? Self.twin(of: text, walk: walk, document: parsed.document, options: cmarkOptions, resolver: &resolver) : nil
        var problems = walk.problems + (blocks?.problems ?? [])
        var anchors = walk.blockAnchors
        var placedMath: [String] = []
        var headings = walk.headings
        if var math = formulas {
            math.convert(walk.mathItems)
            placedMath = Self.placeFormulas(math, walk: walk)
            for entry in walk.headingsWithMath {
                headings[entry.heading].html = math.html(ofText: entry.text, firstFormula: entry.firstFormula)
            }
            problems += math.problems()
            anchors += walk.mathTextNodes.flatMap { entry in (0..<entry.count).flatMap { math.anchors(entry.first + $0) } }
                + walk.mathBlocks.indices.flatMap { math.fencedAnchors($0) }
        }
        Self.arrangeLessonBlocks(walk, problems: &problems)
        Self.replaceHighlightedBlocks(walk.highlighted)
        Self.markHeadings(walk.headingNodes)
        // The search text holds a formula's words, not the commands that lay it out (see `searchText`).
        let plain = formulas.map { math in Self.restoring(walk.plain, formulas: math, order: walk.mathOrder) { MathConverter.searchText(math.tex($0)) } } ?? walk.plain
        guard let rendered = cmark_render_html(parsed.document, cmarkOptions, cmark_parser_get_syntax_extensions(parsed.parser)) else {
            return RenderedMarkdown(html: "", headings: headings, links: walk.links, plainText: plain, markdown: markdown, problems: problems)
        }
        defer { free(rendered) }
        problems.sort { ($0.line, $0.column) < ($1.line, $1.column) }
        let html = Self.finishedHTML(rendered, headings: headings, label: anchorLabel, formulas: placedMath, focusableCode: walk.codeBlocks > 0)
        var result = RenderedMarkdown(html: html, headings: headings, links: walk.links, plainText: Self.fitted(plain, reserved: text.utf8.count),
                                      markdown: markdown, problems: problems)
        result.anchors = anchors
        return result
    }

    /// The document's walk: each node in order, gathering headings, links (resolved as they are
    /// met), plain text, code to highlight and problems.
    private struct DocumentWalk {
        let text: String
        let options: MarkdownOptions
        var twinFromSource: Bool
        var locator: SourceLocator
        var slugger: HeadingSlugger
        var headings: [MarkdownHeading] = []
        var headingNodes: [OpaquePointer] = []
        var links: [MarkdownLink] = []
        var linkNodes: [(node: OpaquePointer, link: MarkdownLink, html: String, written: Range<Int>?)] = []
        var linkCursor = 0
        var highlighted: [(node: OpaquePointer, html: String)] = []
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
        var mathTextNodes: [(node: OpaquePointer, first: Int, count: Int)] = []
        /// The formulas of text nodes in the order they are met, as `plain` holds them.
        var mathOrder: [Int] = []
        /// `math` code blocks, in order.
        var mathBlocks: [OpaquePointer] = []
        /// Headings holding formulas: their place in `headings`, their text with the placeholders
        /// still in, and their first formula (the cursor when the heading is met).
        var headingsWithMath: [(heading: Int, text: String, firstFormula: Int)] = []
        /// Links without text to an anchor of this page (`[](#eq-energy)`), which get the equation's number.
        var emptyFragmentLinks: [(node: OpaquePointer, fragment: String)] = []

        /// The site's macros, for a document whose only formulas are `math` code blocks.
        let macros: [String: MacroDefinition]

        /// The body's `:::` blocks (see `LessonBlocks`): each fence's marker node, each block's id, and
        /// the heading that is a block's title.
        let blocks: LessonBlocks?
        var blockNodes: [Int: OpaquePointer] = [:]
        var blockIDs: [Int: String] = [:]
        var blockTitles: [Int: (node: OpaquePointer, text: String)] = [:]
        /// Quotes that are GitHub alerts (`> [!NOTE]`), with their kind and id.
        var alerts: [(node: OpaquePointer, kind: LessonBlockKind, id: String)] = []
        /// The blocks and alerts the walk is inside: their headings are theirs, not the page's sections.
        private var blockDepth = 0
        private var openAlerts: [OpaquePointer] = []
        /// An alert's marker text, which is not the page's text.
        private var alertMarker: OpaquePointer?

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
        mutating func run<Resolver: MarkdownLinkResolving>(_ document: OpaquePointer, resolver: inout Resolver) -> Bool {
            guard let iterator = cmark_iter_new(document) else { return false }
            defer { cmark_iter_free(iterator) }
            var depth = 0
            while true {
                let event = cmark_iter_next(iterator)
                if event == CMARK_EVENT_DONE { break }
                guard let node = cmark_iter_get_node(iterator) else { continue }
                let type = cmark_node_get_type(node)
                if cmark_node_first_child(node) != nil {
                    depth += event == CMARK_EVENT_EXIT ? -1 : 1
                    deepest = max(deepest, depth)
                }
                if type == CMARK_NODE_IMAGE { imageDepth += event == CMARK_EVENT_EXIT ? -1 : 1 }
                if event == CMARK_EVENT_EXIT {
                    if type == CMARK_NODE_BLOCK_QUOTE, openAlerts.last == node { openAlerts.removeLast() }
                    if type == CMARK_NODE_PARAGRAPH || type == CMARK_NODE_HEADING || type == CMARK_NODE_ITEM {
                        plain.append("\n")
                    }
                } else {
                    // Blocks only, and the formulas read in place: binding them would copy them for every node.
                    if type.rawValue & 0xC000 == 0x8000, hasFormulas {
                        let line = Int(cmark_node_get_start_line(node))
                        if line != blockLine {
                            blockLine = line
                            mathCursor = formulas?.first(onOrAfterLine: line) ?? mathCursor
                        }
                    }
                    enter(node, type: type, resolver: &resolver)
                }
            }
            return true
        }

        /// Writes back, as they were, formulas the scan took out of what stays literal (code, raw HTML).
        private mutating func restoreLiteral(of node: OpaquePointer) {
            guard hasFormulas, let pointer = cmark_node_get_literal(node), strchr(pointer, Int32(MathSpans.markerBytes[0])) != nil else { return }
            cmark_node_set_literal(node, restoring(String(cString: pointer), source: true, advancing: true))
        }

        private mutating func enter<Resolver: MarkdownLinkResolving>(_ node: OpaquePointer, type: cmark_node_type, resolver: inout Resolver) {
            switch type {
            case CMARK_NODE_HEADING:
                // A block's headings are part of the block; the first may be its title.
                guard blockDepth == 0, openAlerts.isEmpty else { return }
                let text = MarkdownRenderer.plainText(of: node)
                let title = restoring(text, source: false, advancing: false)
                let id = slugger.uniqueSlug(title)
                let line = Int(cmark_node_get_start_line(node))
                headings.append(MarkdownHeading(level: Int(cmark_node_get_heading_level(node)), text: title, id: id, line: line))
                headingNodes.append(node)
                if hasFormulas, text.utf8.contains(MathSpans.markerBytes[0]) {
                    headingsWithMath.append((headings.count - 1, text, mathCursor))
                }
            case CMARK_NODE_LINK, CMARK_NODE_IMAGE:
                enterLink(node, isImage: type == CMARK_NODE_IMAGE, resolver: &resolver)
            case CMARK_NODE_TEXT, CMARK_NODE_CODE:
                guard let pointer = cmark_node_get_literal(node), node != alertMarker else { return }
                var literal = String(cString: pointer)
                if hasFormulas, strchr(pointer, Int32(MathSpans.markerBytes[0])) != nil {
                    if type == CMARK_NODE_TEXT && imageDepth == 0 {
                        let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(pointer).assumingMemoryBound(to: UInt8.self), count: strlen(pointer))
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
                        cmark_node_set_literal(node, literal)
                    }
                }
                // Entities such as &#1; decode to the sentinel characters; drop them so they cannot forge heading ids.
                // (The literal is read again: setting it above freed the one `pointer` points to.)
                if let current = cmark_node_get_literal(node), strpbrk(current, "\u{1}\u{2}") != nil {
                    cmark_node_set_literal(node, String(literal.unicodeScalars.filter { $0 != "\u{1}" && $0 != "\u{2}" }))
                }
                plain.append(literal)
            case CMARK_NODE_BLOCK_QUOTE:
                enterQuote(node)
            case CMARK_NODE_HTML_BLOCK, CMARK_NODE_HTML_INLINE:
                if blocks != nil, enterBlockMarker(node, isBlock: type == CMARK_NODE_HTML_BLOCK) { return }
                restoreLiteral(of: node)
                if type == CMARK_NODE_HTML_BLOCK, let problem = MarkdownRenderer.unclosedHTMLBlock(
                    MarkdownRenderer.string(cmark_node_get_literal(node)), line: Int(cmark_node_get_start_line(node)),
                    column: locator.characterPosition((Int(cmark_node_get_start_line(node)), Int(cmark_node_get_start_column(node)))).column) {
                    problems.append(problem)
                }
                // The HTML rendering omits raw HTML; so must the Markdown rendering, which writes literals as they are.
                if !options.allowsRawHTML {
                    cmark_node_set_literal(node, type == CMARK_NODE_HTML_BLOCK ? "<!-- raw HTML omitted -->\n" : "<!-- raw HTML omitted -->")
                    twinFromSource = false
                }
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
                plain.append(" ")
            case CMARK_NODE_CODE_BLOCK:
                codeBlocks += 1
                restoreLiteral(of: node)
                let code = MarkdownRenderer.string(cmark_node_get_literal(node))
                plain.append(code)
                plain.append("\n")
                let language = MarkdownRenderer.string(cmark_node_get_fence_info(node)).split(separator: " ").first.map(String.init) ?? ""
                var fenceLength: Int32 = 0, fenceOffset: Int32 = 0
                var fenceCharacter: CChar = 0
                if language == "math", cmark_node_get_fenced(node, &fenceLength, &fenceOffset, &fenceCharacter) != 0 {
                    // GitHub's fenced math: display math, converted in order with the others.
                    if !hasFormulas {
                        formulas = MathFormulas(macros: macros)
                        hasFormulas = true
                    }
                    mathItems.append(.block(tex: code, firstLine: Int(cmark_node_get_start_line(node)) + 1))
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
        private mutating func enterBlockMarker(_ node: OpaquePointer, isBlock: Bool) -> Bool {
            guard let blocks, let pointer = cmark_node_get_literal(node), strstr(pointer, "<!--\u{1}:") != nil else { return false }
            let literal = String(cString: pointer)
            guard isBlock, let index = LessonBlocks.fence(ofMarker: literal), blocks.fences.indices.contains(index) else {
                let (restored, fences) = blocks.restoringMarkers(in: literal, text: text)
                cmark_node_set_literal(node, restored)
                for index in fences {
                    problems.append(MarkdownProblem(kind: "block.in-html", line: blocks.fences[index].line, column: blocks.fences[index].column,
                                                    message: "this ::: line is inside raw HTML, which runs to the next blank line",
                                                    fix: "leave a blank line between the HTML and the ::: line"))
                }
                return false
            }
            blockNodes[index] = node
            cmark_node_set_literal(node, blocks.line(index, in: text) + "\n")
            guard let opening = blocks.fences[index].opening else {
                blockDepth -= 1
                return true
            }
            blockDepth += 1
            var title = opening.title
            if title == nil, let next = cmark_node_next(node), cmark_node_get_type(next) == CMARK_NODE_HEADING {
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
        private mutating func enterQuote(_ node: OpaquePointer) {
            guard let paragraph = cmark_node_first_child(node), cmark_node_get_type(paragraph) == CMARK_NODE_PARAGRAPH,
                  let first = cmark_node_first_child(paragraph), cmark_node_get_type(first) == CMARK_NODE_TEXT,
                  let kind = LessonBlockKind.alert(Substring(MarkdownRenderer.string(cmark_node_get_literal(first))).trimmingCharacters(in: .whitespaces)[...])
            else { return }
            if let next = cmark_node_next(first), cmark_node_get_type(next) != CMARK_NODE_SOFTBREAK, cmark_node_get_type(next) != CMARK_NODE_LINEBREAK { return }
            alerts.append((node, kind, slugger.uniqueSlug(kind.label)))
            openAlerts.append(node)
            alertMarker = first
        }

        private mutating func enterLink<Resolver: MarkdownLinkResolving>(_ node: OpaquePointer, isImage: Bool, resolver: inout Resolver) {
            let destination = MarkdownRenderer.string(cmark_node_get_url(node))
            let position = locator.destinationPosition(
                of: destination, start: (Int(cmark_node_get_start_line(node)), Int(cmark_node_get_start_column(node))),
                end: (Int(cmark_node_get_end_line(node)), Int(cmark_node_get_end_column(node))), cursor: &linkCursor)
            let link = MarkdownLink(
                destination: destination,
                kind: isImage ? .image : .link,
                text: restoring(MarkdownRenderer.plainText(of: node, nodeLimit: MarkdownRenderer.linkTextNodeLimit), source: false, advancing: false),
                line: position.line,
                column: position.column
            )
            links.append(link)
            if !isImage, cmark_node_first_child(node) == nil, destination.hasPrefix("#") {
                emptyFragmentLinks.append((node, String(destination.dropFirst())))
            }
            var replacement = resolver.resolve(link)
            // An address that runs script is dropped whatever the resolver said, and with raw HTML on too
            // (where cmark itself no longer filters); the link keeps its text.
            if ScriptURL.refusedScheme(in: replacement ?? destination) != nil { replacement = "" }
            if let replacement, replacement != destination {
                cmark_node_set_url(node, replacement)
            }
            if options.rendersMarkdown { linkNodes.append((node, link, replacement ?? destination, position.written)) }
        }
    }

    /// The Markdown rendering: the source with each changed destination replaced where it is
    /// written, or else (shallow enough) cmark-gfm's CommonMark rendering with twin destinations.
    private static func twin<Resolver: MarkdownLinkResolving>(of text: String, walk: DocumentWalk, document: OpaquePointer, options: Int32,
                                                              resolver: inout Resolver) -> String? {
        if walk.twinFromSource {
            var replacements: [(written: Range<Int>, destination: String)] = []
            var exact = true
            for entry in walk.linkNodes {
                let twin = resolver.markdownDestination(for: entry.link, htmlDestination: entry.html)
                guard twin != entry.link.destination else { continue }
                guard let written = entry.written, isPlainDestination(twin) else {
                    exact = false
                    break
                }
                replacements.append((written, twin))
            }
            if exact { return twin(of: text, replacing: replacements) }
        }
        guard walk.deepest <= twinRenderDepth else { return nil }
        for entry in walk.linkNodes {
            let twin = resolver.markdownDestination(for: entry.link, htmlDestination: entry.html)
            if twin != entry.html { cmark_node_set_url(entry.node, twin) }
        }
        defer { for entry in walk.linkNodes { cmark_node_set_url(entry.node, entry.html) } }
        guard let rendered = cmark_render_commonmark(document, options, 0) else { return nil }
        defer { free(rendered) }
        guard let formulas = walk.formulas else { return String(cString: rendered) }
        return restoring(String(cString: rendered), formulas: formulas, order: walk.mathOrder) { formulas.source($0) }
    }

    /// `text` (written from the tree, with placeholders in the order the walk met them) with each
    /// placeholder replaced.
    private static func restoring(_ text: String, formulas: MathFormulas, order: [Int], with replacement: (Int) -> String) -> String {
        formulas.restoring(text, indices: order, with: replacement).text
    }

    /// Puts each converted formula in the tree in place of its placeholder (or code block): inline
    /// math as it is, display math in a scrolling box of its own, as a block where it is the whole
    /// paragraph. Links without text to an equation get its number. Each formula is a sentinel
    /// (`\u{1}m3\u{2}`): in a text node inside a paragraph (table cells take no custom nodes), in a
    /// custom block in place of a paragraph or code block. Returns the HTML each sentinel stands for,
    /// which `finishedHTML` puts in after rendering, so the MathML is copied once, into the page.
    private static func placeFormulas(_ formulas: MathFormulas, walk: DocumentWalk) -> [String] {
        var placed: [String] = []
        // Display formulas: their sentinel's node, their entry in `placed` and their formula. Each is
        // wrapped once it is known whether it is a whole paragraph (a block) or inside one.
        var displayNodes: [(node: OpaquePointer, slot: Int, formula: Int)] = []
        for entry in walk.mathTextNodes {
            guard let literal = cmark_node_get_literal(entry.node) else { continue }
            // The node's own bytes, read until its literal is set, last.
            let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(literal).assumingMemoryBound(to: UInt8.self), count: strlen(literal))
            var rest = bytes.count..<bytes.count
            formulas.forEachPiece(ofText: bytes, first: entry.first, count: entry.count) { piece in
                switch piece {
                case .text(let range) where range.upperBound == bytes.count:
                    rest = range
                case .text(let range):
                    guard let node = cmark_node_new(CMARK_NODE_TEXT) else { return }
                    cmark_node_set_literal(node, String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self))
                    cmark_node_insert_before(entry.node, node)
                case .formula(let index, let fillerAfter):
                    let display = formulas.results[index]?.display ?? false
                    placed.append(display ? "" : formulas.mathML(index))
                    if let node = cmark_node_new(CMARK_NODE_TEXT) {
                        cmark_node_set_literal(node, formulaSentinel(placed.count - 1))
                        cmark_node_insert_before(entry.node, node)
                        if display { displayNodes.append((node, placed.count - 1, index)) }
                    }
                    if fillerAfter > 0 { consumeFiller(fillerAfter, after: entry.node) }
                }
            }
            if rest.isEmpty {
                cmark_node_unlink(entry.node)
                cmark_node_free(entry.node)
            } else {
                cmark_node_set_literal(entry.node, String(decoding: UnsafeBufferPointer(rebasing: bytes[rest]), as: UTF8.self))
            }
        }
        // Display math that is a whole paragraph replaces the paragraph: a block holding the same
        // sentinel, so its MathML is copied once, into the finished page.
        for display in displayNodes {
            let anchors = formulas.anchors(display.formula)
            if let paragraph = cmark_node_parent(display.node), cmark_node_get_type(paragraph) == CMARK_NODE_PARAGRAPH,
               cmark_node_first_child(paragraph) == display.node, cmark_node_last_child(paragraph) == display.node {
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
            guard let number = numbers[link.fragment], let text = cmark_node_new(CMARK_NODE_TEXT) else { continue }
            cmark_node_set_literal(text, number)
            cmark_node_append_child(link.node, text)
        }
        return placed
    }

    /// The rest of a placeholder that runs over line breaks, in the nodes after `node`: line breaks
    /// are removed, and the filler bytes taken off the start of the text nodes.
    private static func consumeFiller(_ count: Int, after node: OpaquePointer) {
        var remaining = count
        var next = cmark_node_next(node)
        while remaining > 0, let current = next {
            next = cmark_node_next(current)
            let type = cmark_node_get_type(current)
            if type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK {
                cmark_node_unlink(current)
                cmark_node_free(current)
                continue
            }
            guard type == CMARK_NODE_TEXT else { return }
            let bytes = Array(string(cmark_node_get_literal(current)).utf8)
            var position = 0
            while remaining > 0, position < bytes.count, bytes[position] == MathSpans.filler {
                remaining -= 1
                position += 1
            }
            if position == bytes.count {
                cmark_node_unlink(current)
                cmark_node_free(current)
            } else {
                cmark_node_set_literal(current, String(decoding: bytes[position...], as: UTF8.self))
                return
            }
        }
    }

    /// Puts each lesson block's content (what stands between its two markers) and each alert's (what
    /// follows its marker line) in a custom block that writes the block's HTML around it; a title
    /// heading is wrapped in the block's head. Markers of fences that make no block are removed (their
    /// problems are reported); a block whose fences are not siblings (one inside a list or a quote the
    /// other is not in) is reported here.
    private static func arrangeLessonBlocks(_ walk: DocumentWalk, problems: inout [MarkdownProblem]) {
        if let blocks = walk.blocks {
            for (index, fence) in blocks.fences.enumerated() {
                guard let opening = fence.opening, let node = walk.blockNodes[index], let closingIndex = fence.partner,
                      let closing = walk.blockNodes[closingIndex] else { continue }
                guard cmark_node_parent(closing) == cmark_node_parent(node) else {
                    problems.append(MarkdownProblem(kind: "block.misplaced", line: fence.line, column: fence.column,
                                                    message: "the block opened here and its closing ::: (line \(blocks.fences[closingIndex].line)) are not at the same level: one is inside a list or a quote",
                                                    fix: "start both fences at the beginning of a line, outside lists and quotes, with a blank line before each"))
                    continue
                }
                let title = walk.blockTitles[index]
                let markup = LessonBlocks.markup(kind: opening.kind, name: opening.name, id: walk.blockIDs[index] ?? "", title: title?.text ?? opening.title,
                                                 headingTitle: title != nil)
                guard let block = wrap(from: cmark_node_next(node), before: closing, open: markup.open, close: markup.close) else { continue }
                cmark_node_insert_before(node, block)
                if let heading = title?.node, let head = wrap(from: heading, before: cmark_node_next(heading), open: markup.headOpen, close: markup.headClose) {
                    cmark_node_prepend_child(block, head)
                }
            }
            for node in walk.blockNodes.values {
                cmark_node_unlink(node)
                cmark_node_free(node)
            }
        }
        for alert in walk.alerts {
            // The marker's line goes, and its paragraph if nothing else was in it.
            if let paragraph = cmark_node_first_child(alert.node), let marker = cmark_node_first_child(paragraph) {
                if let lineBreak = cmark_node_next(marker) {
                    cmark_node_unlink(lineBreak)
                    cmark_node_free(lineBreak)
                }
                cmark_node_unlink(marker)
                cmark_node_free(marker)
                if cmark_node_first_child(paragraph) == nil {
                    cmark_node_unlink(paragraph)
                    cmark_node_free(paragraph)
                }
            }
            let markup = LessonBlocks.markup(kind: alert.kind, name: alert.kind.rawValue, id: alert.id, title: nil, headingTitle: false)
            guard let block = wrap(from: cmark_node_first_child(alert.node), before: nil, open: markup.open, close: markup.close) else { continue }
            cmark_node_insert_before(alert.node, block)
            cmark_node_unlink(alert.node)
            cmark_node_free(alert.node)
        }
    }

    /// A new custom block written as `open`, its children, `close`, holding the siblings from `first`
    /// up to `end` (to the last sibling when `end` is nil), moved out of their parent.
    private static func wrap(from first: OpaquePointer?, before end: OpaquePointer?, open: String, close: String) -> OpaquePointer? {
        guard let block = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK) else { return nil }
        cmark_node_set_on_enter(block, open)
        cmark_node_set_on_exit(block, close)
        var next = first
        while let node = next, node != end {
            next = cmark_node_next(node)
            cmark_node_unlink(node)
            cmark_node_append_child(block, node)
        }
        return block
    }

    /// Highlighted code replaces its code block with a custom block that cmark writes as is.
    private static func replaceHighlightedBlocks(_ highlighted: [(node: OpaquePointer, html: String)]) {
        for entry in highlighted { replace(entry.node, withBlock: entry.html) }
    }

    /// Puts a custom block that cmark writes as is, `html`, in place of block `node`.
    private static func replace(_ node: OpaquePointer, withBlock html: String) {
        guard let block = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK) else { return }
        cmark_node_set_on_enter(block, html)
        cmark_node_set_on_exit(block, "")
        if cmark_node_insert_before(node, block) == 1 {
            cmark_node_unlink(node)
            cmark_node_free(node)
        } else {
            cmark_node_free(block)
        }
    }

    /// Marks each heading with a sentinel holding its index; the ids are written after rendering.
    private static func markHeadings(_ nodes: [OpaquePointer]) {
        for (index, node) in nodes.enumerated() {
            if let marker = cmark_node_new(CMARK_NODE_CUSTOM_INLINE) {
                cmark_node_set_on_enter(marker, "\(sentinelStart)\(index)\(sentinelEnd)")
                cmark_node_set_on_exit(marker, "")
                cmark_node_prepend_child(node, marker)
            }
        }
    }

    /// A parser and the document it parsed, freed together.
    private struct ParsedDocument: @unchecked Sendable {
        let parser: OpaquePointer
        let document: OpaquePointer

        func free() {
            cmark_node_free(document)
            cmark_parser_free(parser)
        }
    }

    /// Parses `text` with the GFM extensions; one at a time unless the library allows more.
    /// The outcome of a parse: a document (nil if cmark-gfm returned none), or a refusal.
    private enum ParseOutcome {
        case parsed(ParsedDocument?)
        case refused(MarkdownRefusal)
    }

    /// Parses `text`; from `ParseWatchdog.watchedSize` up under the watchdog, which stops a parse that
    /// runs past the body's processor-time budget.
    private static func parse(_ text: String, options: Int32, concurrently: Bool) -> ParseOutcome {
        guard text.utf8.count >= ParseWatchdog.watchedSize else { return .parsed(parseDocument(text, options: options, concurrently: concurrently)) }
        let budget = ParseWatchdog.parseBudget(bytes: text.utf8.count)
        var hasher = Hasher()
        hasher.combine(text)
        hasher.combine(options)
        guard let watched = ParseWatchdog.run(key: hasher.finalize(), budget: budget, {
            parseDocument(text, options: options, concurrently: concurrently)
        }, discard: { $0?.free() }) else {
            return .refused(.overBudget(budget, bytes: text.utf8.count))
        }
        return .parsed(watched)
    }

    private static func parseDocument(_ text: String, options: Int32, concurrently: Bool) -> ParsedDocument? {
        guard let parser = cmark_parser_new(options) else { return nil }
        for name in extensionNames {
            if let syntaxExtension = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, syntaxExtension)
            }
        }
        let parse = {
            cmark_parser_feed(parser, text, text.utf8.count)
            return cmark_parser_finish(parser)
        }
        guard let document = concurrently ? parse() : parseLock.withLock(parse) else {
            cmark_parser_free(parser)
            return nil
        }
        return ParsedDocument(parser: parser, document: document)
    }

    private static func string(_ pointer: UnsafePointer<CChar>?) -> String {
        guard let pointer else { return "" }
        return String(cString: pointer)
    }

    /// How deep a tree cmark-gfm's CommonMark renderer is given: far deeper than any written page,
    /// and shallow enough that the renderer's time stays linear in the size of the body.
    private static let twinRenderDepth = 64

    /// How many nodes below a link are read for its text: enough for any real link, and it keeps
    /// thousands of nested images from costing time quadratic in their number.
    private static let linkTextNodeLimit = 256

    /// The concatenated text and code literals below `node`, reading at most `nodeLimit` nodes;
    /// text cut short by the limit ends in "…" (so it is never taken for empty).
    private static func plainText(of node: OpaquePointer, nodeLimit: Int = .max) -> String {
        guard let iterator = cmark_iter_new(node) else { return "" }
        defer { cmark_iter_free(iterator) }
        var text = ""
        var visited = 0
        while true {
            guard visited < nodeLimit else { return text + "…" }
            visited += 1
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard event == CMARK_EVENT_ENTER, let child = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(child)
            if type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE {
                text += string(cmark_node_get_literal(child))
            } else if type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK {
                text += " "
            }
        }
        return text
    }

}

/// A link resolver that changes nothing, for the probe parse.
private struct UnchangedLinks: MarkdownLinkResolving {
    mutating func resolve(_ link: MarkdownLink) -> String? { nil }
}
