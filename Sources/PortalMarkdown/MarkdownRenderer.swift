import CCmarkGFM
import Foundation

/// Renders GitHub-flavoured Markdown to HTML with cmark-gfm.
///
/// This is the only file that touches the C library; no C pointer leaves it.
/// cmark-gfm is not safe to parse on two threads at once (a process-wide table
/// changes during `cmark_parser_finish`), so parsing is serialised by a lock
/// while link resolution and HTML rendering run in parallel.
public struct MarkdownRenderer: Sendable {
    /// The options every document is rendered with.
    public let options: MarkdownOptions

    private static let parseLock = NSLock()
    private static let extensionNames = ["table", "strikethrough", "autolink", "tagfilter", "tasklist"]
    private static let registered: Bool = {
        cmark_gfm_core_extensions_ensure_registered()
        return true
    }()

    /// Creates a renderer and registers the GFM extensions once per process.
    public init(options: MarkdownOptions = MarkdownOptions()) {
        self.options = options
        _ = Self.registered
    }

    /// Renders `source`, asking `resolver` what each link and image destination becomes.
    public func render<Resolver: MarkdownLinkResolving>(_ source: String, resolver: inout Resolver) -> RenderedMarkdown {
        var cmarkOptions = CMARK_OPT_FOOTNOTES | CMARK_OPT_STRIKETHROUGH_DOUBLE_TILDE
        if options.allowsRawHTML { cmarkOptions |= CMARK_OPT_UNSAFE }
        // The sentinels used to place heading ids must not occur in the text.
        let text = source.contains(where: { $0 == Self.sentinelStart || $0 == Self.sentinelEnd })
            ? String(source.map { $0 == Self.sentinelStart || $0 == Self.sentinelEnd ? "\u{FFFD}" : $0 })
            : source

        Self.parseLock.lock()
        guard let parser = cmark_parser_new(cmarkOptions) else {
            Self.parseLock.unlock()
            return RenderedMarkdown(html: "", headings: [], links: [], plainText: "")
        }
        defer { cmark_parser_free(parser) }
        for name in Self.extensionNames {
            if let syntaxExtension = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, syntaxExtension)
            }
        }
        cmark_parser_feed(parser, text, text.utf8.count)
        let finished = cmark_parser_finish(parser)
        Self.parseLock.unlock()
        guard let document = finished else {
            return RenderedMarkdown(html: "", headings: [], links: [], plainText: "")
        }
        defer { cmark_node_free(document) }

        let locator = SourceLocator(text)
        var slugger = HeadingSlugger(reserved: options.reservedHeadingIDs)
        var headings: [MarkdownHeading] = []
        var headingNodes: [OpaquePointer] = []
        var links: [MarkdownLink] = []
        var plain = ""
        plain.reserveCapacity(text.utf8.count)

        guard let iterator = cmark_iter_new(document) else {
            return RenderedMarkdown(html: "", headings: [], links: [], plainText: "")
        }
        defer { cmark_iter_free(iterator) }
        var searchFrom = (line: 1, column: 1)
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard let node = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(node)
            if event == CMARK_EVENT_EXIT {
                if type == CMARK_NODE_PARAGRAPH || type == CMARK_NODE_HEADING || type == CMARK_NODE_ITEM {
                    plain.append("\n")
                }
                continue
            }
            switch type {
            case CMARK_NODE_HEADING:
                let title = Self.plainText(of: node)
                let id = slugger.uniqueSlug(title)
                let line = Int(cmark_node_get_start_line(node))
                headings.append(MarkdownHeading(level: Int(cmark_node_get_heading_level(node)), text: title, id: id, line: line))
                headingNodes.append(node)
            case CMARK_NODE_LINK, CMARK_NODE_IMAGE:
                let destination = Self.string(cmark_node_get_url(node))
                let blockLine = Self.enclosingBlockLine(of: node)
                if blockLine > searchFrom.line { searchFrom = (blockLine, 1) }
                let position = locator.locate(destination, from: searchFrom) ?? (blockLine, 1)
                if position.line >= searchFrom.line { searchFrom = (position.line, position.column + 1) }
                let link = MarkdownLink(
                    destination: destination,
                    kind: type == CMARK_NODE_IMAGE ? .image : .link,
                    text: Self.plainText(of: node),
                    line: position.line,
                    column: position.column
                )
                links.append(link)
                if let replacement = resolver.resolve(link), replacement != destination {
                    cmark_node_set_url(node, replacement)
                }
            case CMARK_NODE_TEXT, CMARK_NODE_CODE:
                plain.append(Self.string(cmark_node_get_literal(node)))
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
                plain.append(" ")
            case CMARK_NODE_CODE_BLOCK:
                plain.append(Self.string(cmark_node_get_literal(node)))
                plain.append("\n")
            default:
                break
            }
        }

        // Mark each heading with a sentinel holding its index; the ids are written after rendering.
        for (index, node) in headingNodes.enumerated() {
            if let marker = cmark_node_new(CMARK_NODE_CUSTOM_INLINE) {
                cmark_node_set_on_enter(marker, "\(Self.sentinelStart)\(index)\(Self.sentinelEnd)")
                cmark_node_set_on_exit(marker, "")
                cmark_node_prepend_child(node, marker)
            }
        }

        guard let rendered = cmark_render_html(document, cmarkOptions, cmark_parser_get_syntax_extensions(parser)) else {
            return RenderedMarkdown(html: "", headings: headings, links: links, plainText: plain)
        }
        defer { free(rendered) }
        let label = options.anchorLinkLabel.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "<", with: "&lt;")
        let html = Self.placeHeadingIDs(in: String(cString: rendered), headings: headings, label: label)
        return RenderedMarkdown(html: html, headings: headings, links: links, plainText: plain)
    }

    private static let sentinelStart: Character = "\u{1}"
    private static let sentinelEnd: Character = "\u{2}"

    private static func string(_ pointer: UnsafePointer<CChar>?) -> String {
        guard let pointer else { return "" }
        return String(cString: pointer)
    }

    /// The start line of the nearest block containing `node`.
    private static func enclosingBlockLine(of node: OpaquePointer) -> Int {
        var current: OpaquePointer? = node
        while let candidate = current {
            let type = cmark_node_get_type(candidate)
            if type.rawValue & UInt32(CMARK_NODE_TYPE_MASK) == UInt32(CMARK_NODE_TYPE_BLOCK) {
                return max(1, Int(cmark_node_get_start_line(candidate)))
            }
            current = cmark_node_parent(candidate)
        }
        return 1
    }

    /// The concatenated text and code literals below `node`.
    private static func plainText(of node: OpaquePointer) -> String {
        guard let iterator = cmark_iter_new(node) else { return "" }
        defer { cmark_iter_free(iterator) }
        var text = ""
        while true {
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

    /// Replaces each `<hN>␁i␂` that cmark wrote with `<hN id="…">` and appends the anchor link.
    private static func placeHeadingIDs(in html: String, headings: [MarkdownHeading], label: String) -> String {
        guard !headings.isEmpty else { return html }
        var output = ""
        output.reserveCapacity(html.utf8.count + headings.count * 96)
        var rest = Substring(html)
        while let start = rest.firstIndex(of: sentinelStart) {
            guard let end = rest[start...].firstIndex(of: sentinelEnd),
                  let index = Int(rest[rest.index(after: start)..<end]), headings.indices.contains(index)
            else {
                output += rest[...start]
                rest = rest[rest.index(after: start)...]
                continue
            }
            let heading = headings[index]
            var before = rest[..<start]
            // `before` ends with "<hN>"; put the id inside that tag.
            if before.hasSuffix(">") { before = before.dropLast() }
            output += before
            output += " id=\"\(heading.id)\">"
            rest = rest[rest.index(after: end)...]
            let closing = "</h\(heading.level)>"
            if let close = rest.range(of: closing) {
                output += rest[..<close.lowerBound]
                output += " <a class=\"anchor\" href=\"#\(heading.id)\" aria-label=\"\(label)\">#</a>"
                output += closing
                rest = rest[close.upperBound...]
            }
        }
        output += rest
        return output
    }
}
