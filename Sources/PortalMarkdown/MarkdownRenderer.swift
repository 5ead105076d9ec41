import Foundation
import PortalMath

/// Renders GitHub-flavoured Markdown to HTML with cmark-gfm, as stages: characters no body may hold
/// replaced; lesson blocks' fences and formulas found and masked; the body parsed (`Cmark.swift`, the
/// only file that touches the C library); the tree walked (`DocumentWalk.swift`): headings, links
/// resolved, plain text, code, formulas and blocks gathered; the Markdown twin written; formulas
/// converted and the tree changed for them, for lesson blocks and highlighted code
/// (`MarkdownRenderer+Tree.swift`); the HTML written and finished (`MarkdownRenderer+Text.swift`).
public struct MarkdownRenderer: Sendable {
    /// The options every document is rendered with.
    public let options: MarkdownOptions
    /// `options.anchorLinkLabel` escaped for an HTML attribute, once rather than for every document.
    private let anchorLabel: String
    /// `options.mathMacros`, parsed once.
    private let mathMacros: [String: MacroDefinition]

    /// Whether documents are parsed on several threads at once: the library calls this file's
    /// `cmark_manage_extensions_special_characters` and a document parsed with it keeps its
    /// strikethrough. Decided by parsing one document, before any concurrent use.
    public static let parsesConcurrently: Bool = {
        _ = Cmark.registered
        guard SpecialCharacters.addsToLibraryTable else { return false }
        var probe = UnchangedLinks()
        // The first document this process parses, and the only one parsed before this is decided.
        let html = MarkdownRenderer().render("~~probe~~ www.example.org\n", resolver: &probe, concurrently: false).html
        return SpecialCharacters.interposed && html.contains("<del>probe</del>") && html.contains("<a href=\"http://www.example.org\">")
    }()

    /// Creates a renderer and registers the GFM extensions once per process.
    public init(options: MarkdownOptions = MarkdownOptions()) {
        self.options = options
        // A renderer is made for every page, and Foundation's replacing goes through `NSString`:
        // a label with nothing to escape, as labels are, is taken as it is.
        let label = options.anchorLinkLabel
        anchorLabel = !label.utf8.contains(where: { $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "<") }) ? label
            : label.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "<", with: "&lt;")
        mathMacros = options.mathMacros.isEmpty ? [:] : MathConverter.parseMacros(options.mathMacros).0
        _ = Cmark.registered
    }

    /// Renders `source`, asking `resolver` what each link and image destination becomes.
    public func render<Resolver: MarkdownLinkResolving>(_ source: String, resolver: inout Resolver) -> RenderedMarkdown {
        render(source, resolver: &resolver, concurrently: Self.parsesConcurrently)
    }

    private func render<Resolver: MarkdownLinkResolving>(_ source: String, resolver: inout Resolver, concurrently: Bool) -> RenderedMarkdown {
        let cmarkOptions = Cmark.options(allowsRawHTML: options.allowsRawHTML)
        // The sentinels used to place heading ids and the bytes that start a formula's placeholder
        // must not occur in the text. NUL becomes U+FFFD here
        // rather than inside cmark, whose byte columns would otherwise run 2 bytes ahead of this text
        // for every NUL before them (links were reported on the wrong line: found by fuzzing).
        let replacesCharacters = Self.holdsSentinelsOrNUL(source)
        let text = replacesCharacters
            ? String(source.map { $0 == Self.sentinelStart || $0 == Self.sentinelEnd || $0 == "\0" || $0 == "\u{1F}" || $0 == "\u{1E}" ? "\u{FFFD}" : $0 })
            : source
        // Jekyll's highlight blocks become fenced code first, in what every later scan reads (a fence
        // as long as each tag, so positions stay as written): their code is code to all of them.
        // Lesson blocks' fences are found next: a formula does not run over one, and cmark-gfm reads
        // each as a marker. Formulas are masked before cmark-gfm reads the text, so Markdown never touches them.
        let highlights = LiquidHighlights(text: text)
        var scanned = highlights?.fenced(text) ?? text
        if options.notebookCells, let blanked = CellBreaks.blanked(scanned) { scanned = blanked }
        let figures = MySTFigures(text: scanned)
        if let figures { scanned = figures.text }
        let blocks = LessonBlocks(text: scanned)
        var formulas = MathFormulas(text: blocks?.blanked(scanned) ?? scanned, macros: mathMacros)
        var parsedText = formulas?.maskedText() ?? scanned
        if let blocks { parsedText = blocks.marked(parsedText) }
        if let refusal = ComplexityCheck.firstRefusal(in: parsedText) {
            return RenderedMarkdown(html: "", headings: [], links: [], plainText: "", refusal: refusal)
        }
        let parsed: Cmark.Document
        switch Cmark.parse(parsedText, options: cmarkOptions, concurrently: concurrently) {
        case .parsed(let document?): parsed = document
        case .parsed(nil): return RenderedMarkdown(html: "", headings: [], links: [], plainText: "")
        case .refused(let refusal): return RenderedMarkdown(html: "", headings: [], links: [], plainText: "", refusal: refusal)
        }
        defer { parsed.free() }

        // Whether the Markdown rendering can be the source itself with link destinations replaced
        // (see `twin(of:replacing:)`); the walk clears it on anything the source cannot show as it is.
        // Handed over, not copied: the walk's changes to the formulas then copy none of their arrays.
        var walk = DocumentWalk(text: text, options: options, twinFromSource: options.rendersMarkdown && !replacesCharacters, formulas: formulas.take(),
                                macros: mathMacros, blocks: blocks)
        guard walk.run(parsed.root, resolver: &resolver) else {
            return RenderedMarkdown(html: "", headings: [], links: [], plainText: "")
        }
        // Formulas' sentinels in the finished HTML; citations in table cells take the first ones.
        var placedMath: [String] = []
        let citations = walk.citations.isEmpty ? [] : Self.placeCitations(walk.citations, sentinels: &placedMath)
        let markdown = options.rendersMarkdown ? Self.twin(of: text, walk: walk, citations: citations, document: parsed, options: cmarkOptions, resolver: &resolver) : nil
        var problems = walk.problems + (blocks?.problems ?? []) + (highlights?.problems ?? []) + (figures?.problems ?? []) + walk.rawHTML.allProblems
        var anchors = walk.blockAnchors
        var headings = walk.headings
        Self.removeInlineAttributes(walk)
        if walk.hasLevelOneHeading {
            Self.demoteHeadings(walk.allHeadingNodes)
            for index in headings.indices { headings[index].level = min(headings[index].level + 1, 6) }
        }
        formulas = walk.takeFormulas()
        if var math = formulas.take() {
            math.convert(walk.mathItems)
            var produced: [Int: [MarkdownNode]] = [:]
            placedMath = Self.placeFormulas(math, walk: walk, placed: placedMath, tracked: Set(walk.citationsBesideMath.map(\.node.identity)), produced: &produced)
            if !walk.citationsBesideMath.isEmpty { Self.placeCitations(besideMath: walk.citationsBesideMath, produced: produced, sentinels: &placedMath) }
            for entry in walk.headingsWithMath {
                headings[entry.heading].html = math.html(ofText: entry.text, firstFormula: entry.firstFormula)
            }
            problems += math.problems()
            anchors += math.anchors(of: walk.mathTextNodes.flatMap { $0.first..<($0.first + $0.count) })
            formulas = math
        }
        Self.arrangeLessonBlocks(walk, problems: &problems)
        Self.replaceHighlightedBlocks(walk.highlighted)
        Self.markHeadings(walk.headingNodes)
        // The search text holds a formula's words, not the commands that lay it out (see `searchText`),
        // which the walk put in.
        let plain = walk.plain
        problems.sort { ($0.line, $0.column) < ($1.line, $1.column) }
        guard let html = parsed.withHTML(options: cmarkOptions, { rendered in
            Self.finishedHTML(rendered, headings: headings, label: anchorLabel, formulas: placedMath, focusableCode: walk.codeBlocks > 0)
        }) else {
            return RenderedMarkdown(html: "", headings: headings, links: walk.links, plainText: plain, markdown: markdown, problems: problems)
        }
        var result = RenderedMarkdown(html: html, headings: headings, links: walk.links, plainText: Self.fitted(plain, reserved: text.utf8.count),
                                      markdown: markdown, problems: problems)
        result.anchors = anchors
        result.outlineItems = blocks?.outlineItems(in: scanned) ?? []
        return result
    }

    /// The Markdown rendering: the source with each changed destination replaced where it is
    /// written, or else (shallow enough) cmark-gfm's CommonMark rendering with twin destinations.
    private static func twin<Resolver: MarkdownLinkResolving>(of text: String, walk: DocumentWalk, citations: [PlacedCitation],
                                                              document: Cmark.Document, options: Int32, resolver: inout Resolver) -> String? {
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
            if exact { return twin(of: text, replacing: replacements + walk.citationTwins + cellOutputInsertions(walk.cellOutputs, in: text)) }
        }
        guard walk.deepest <= twinRenderDepth else { return nil }
        // A notebook cell's outputs follow its code, as blocks cmark-gfm writes as they are, for this rendering only.
        let inserted = walk.cellOutputs.compactMap { cell -> MarkdownNode? in
            guard let block = MarkdownNode.customBlock(enter: cell.markdown, exit: "") else { return nil }
            let placed = if let next = cell.node.next { block.insert(before: next) } else { cell.node.parent?.append(block) ?? false }
            if !placed { block.free() }
            return placed ? block : nil
        }
        defer { for block in inserted { block.remove() } }
        for entry in walk.linkNodes {
            let twin = resolver.markdownDestination(for: entry.link, htmlDestination: entry.html)
            if twin != entry.html { entry.node.setURL(twin) }
        }
        defer { for entry in walk.linkNodes { entry.node.setURL(entry.html) } }
        for citation in citations { citation.show(markdown: true) }
        defer { for citation in citations { citation.show(markdown: false) } }
        guard let rendered = document.commonMark(options: options) else { return nil }
        // Read in place: a copy of the formulas retains every array they hold.
        guard walk.formulas != nil else { return rendered }
        // cmark-gfm writes the placeholders' control characters as character references.
        let placeholders = rendered.replacingOccurrences(of: "&#31;&#30;", with: "\u{1F}\u{1E}")
        return walk.formulas?.restoringSources(placeholders, order: walk.mathOrder)
    }

    /// Where each notebook cell's outputs go in the source: at the start of the line after its code block.
    private static func cellOutputInsertions(_ cells: [(node: MarkdownNode, markdown: String)], in text: String) -> [(written: Range<Int>, destination: String)] {
        guard !cells.isEmpty else { return [] }
        var lineStarts = [0]
        for (offset, byte) in text.utf8.enumerated() where byte == 0x0A { lineStarts.append(offset + 1) }
        return cells.map { cell in
            let line = cell.node.endLine
            let offset = line < lineStarts.count ? lineStarts[line] : text.utf8.count
            // A block of its own: a blank line before it, and after it when text follows.
            let separator = offset == text.utf8.count && !text.hasSuffix("\n") ? "\n\n" : "\n"
            var markdown = cell.markdown
            while markdown.hasSuffix("\n\n") { markdown.removeLast() }
            return (offset..<offset, separator + markdown + (offset < text.utf8.count ? "\n" : ""))
        }
    }
}

/// A link resolver that changes nothing, for the probe parse.
private struct UnchangedLinks: MarkdownLinkResolving {
    mutating func resolve(_ link: MarkdownLink) -> String? { nil }
}
