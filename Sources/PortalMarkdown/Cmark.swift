import CCmarkGFM
import Foundation

/// cmark-gfm, the C library that parses and writes Markdown: the only file that touches it. Everything
/// else in the module works on `MarkdownNode`s and `Cmark.Document`s, and no C pointer leaves here.
///
/// cmark-gfm is not safe to parse on two threads at once: `cmark_parser_finish` adds the
/// extensions' characters (`~` for strikethrough, …) to a process-wide table of special characters
/// and removes them when it is done, so a document parsed meanwhile on another thread loses its
/// strikethrough and autolinks (cmark-gfm PR #176, not merged). The library calls that function
/// through its procedure linkage table, so `SpecialCharacters.swift` defines it for the process: the
/// characters are added and never removed, which makes the table constant once the first document is
/// parsed, and documents are then parsed in parallel. Should the library not call this definition (a
/// build that binds the call internally), parsing falls back to one lock; see
/// `MarkdownRenderer.parsesConcurrently`.
enum Cmark {
    private static let parseLock = NSLock()
    private static let extensionNames = ["table", "strikethrough", "autolink", "tagfilter", "tasklist"]

    /// Registers the GFM extensions; read once per process before the first parse.
    static let registered: Bool = {
        cmark_gfm_core_extensions_ensure_registered()
        return true
    }()

    /// The options every document is parsed and written with: footnotes, `~~` for strikethrough, and
    /// raw HTML written as it is only when the site allows it.
    static func options(allowsRawHTML: Bool) -> Int32 {
        var options = CMARK_OPT_FOOTNOTES | CMARK_OPT_STRIKETHROUGH_DOUBLE_TILDE
        if allowsRawHTML { options |= CMARK_OPT_UNSAFE }
        return options
    }

    /// A parser and the document it parsed, freed together.
    struct Document: @unchecked Sendable {
        fileprivate let parser: OpaquePointer
        fileprivate let document: OpaquePointer

        /// The document's root node.
        var root: MarkdownNode { MarkdownNode(document) }

        func free() {
            cmark_node_free(document)
            cmark_parser_free(parser)
        }

        /// Calls `body` with the HTML rendering (valid only during the call); nil when cmark-gfm wrote none.
        func withHTML<Result>(options: Int32, _ body: (UnsafePointer<CChar>) -> Result) -> Result? {
            guard let rendered = cmark_render_html(document, options, cmark_parser_get_syntax_extensions(parser)) else { return nil }
            defer { Foundation.free(rendered) }
            return body(rendered)
        }

        /// cmark-gfm's CommonMark rendering of the tree.
        func commonMark(options: Int32) -> String? {
            guard let rendered = cmark_render_commonmark(document, options, 0) else { return nil }
            defer { Foundation.free(rendered) }
            return String(cString: rendered)
        }
    }

    /// The outcome of a parse: a document (nil if cmark-gfm returned none), or a refusal.
    enum ParseOutcome {
        case parsed(Document?)
        case refused(MarkdownRefusal)
    }

    /// Parses `text` with the GFM extensions, one at a time unless the library allows more; from
    /// `ParseWatchdog.watchedSize` up under the watchdog, which stops a parse that runs past the body's
    /// processor-time budget.
    static func parse(_ text: String, options: Int32, concurrently: Bool) -> ParseOutcome {
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

    private static func parseDocument(_ text: String, options: Int32, concurrently: Bool) -> Document? {
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
        return Document(parser: parser, document: document)
    }
}

/// A node of a parsed document. It does not own the node: the document does, until the node is
/// unlinked from it, and then whoever unlinked it must `free()` it or link it again.
struct MarkdownNode: Equatable {
    fileprivate let pointer: OpaquePointer

    fileprivate init(_ pointer: OpaquePointer) {
        self.pointer = pointer
    }

    /// A number that tells this node from every other node alive (its address), for sets and keys.
    var identity: Int { Int(bitPattern: UnsafeRawPointer(pointer)) }

    /// The kinds of node the module tells apart; `other` for the rest (lists, tables, emphasis, …).
    enum Kind {
        case document, blockQuote, item, codeBlock, htmlBlock, customBlock, paragraph, heading
        case text, softBreak, lineBreak, code, htmlInline, customInline, link, image, other
    }

    var kind: Kind {
        switch cmark_node_get_type(pointer) {
        case CMARK_NODE_TEXT: .text
        case CMARK_NODE_SOFTBREAK: .softBreak
        case CMARK_NODE_PARAGRAPH: .paragraph
        case CMARK_NODE_CODE: .code
        case CMARK_NODE_LINK: .link
        case CMARK_NODE_HEADING: .heading
        case CMARK_NODE_ITEM: .item
        case CMARK_NODE_CODE_BLOCK: .codeBlock
        case CMARK_NODE_HTML_BLOCK: .htmlBlock
        case CMARK_NODE_HTML_INLINE: .htmlInline
        case CMARK_NODE_IMAGE: .image
        case CMARK_NODE_BLOCK_QUOTE: .blockQuote
        case CMARK_NODE_LINEBREAK: .lineBreak
        case CMARK_NODE_CUSTOM_BLOCK: .customBlock
        case CMARK_NODE_CUSTOM_INLINE: .customInline
        case CMARK_NODE_DOCUMENT: .document
        default: .other
        }
    }

    /// Whether the node is a block (a paragraph, a list, a table, …) rather than inline content.
    var isBlock: Bool { cmark_node_get_type(pointer).rawValue & 0xC000 == 0x8000 }

    // MARK: Content

    /// The text of a text, code, HTML or code-block node.
    var literal: String? { cmark_node_get_literal(pointer).map { String(cString: $0) } }

    /// The literal's bytes, without copying them: valid until the literal is set again or the node freed.
    var literalBytes: UnsafeBufferPointer<UInt8>? {
        guard let literal = cmark_node_get_literal(pointer) else { return nil }
        return UnsafeBufferPointer(start: UnsafeRawPointer(literal).assumingMemoryBound(to: UInt8.self), count: strlen(literal))
    }

    /// Whether the literal holds `byte`, read where it is: most literals are looked at for a marker they do not hold.
    func literalContains(_ byte: UInt8) -> Bool {
        guard let literal = cmark_node_get_literal(pointer) else { return false }
        return strchr(literal, Int32(byte)) != nil
    }

    /// Whether the literal holds any of the bytes of `set`.
    func literalContains(anyOf set: String) -> Bool {
        guard let literal = cmark_node_get_literal(pointer) else { return false }
        return strpbrk(literal, set) != nil
    }

    /// Whether the literal holds `needle`.
    func literalContains(_ needle: String) -> Bool {
        guard let literal = cmark_node_get_literal(pointer) else { return false }
        return strstr(literal, needle) != nil
    }

    func setLiteral(_ literal: String) {
        cmark_node_set_literal(pointer, literal)
    }

    /// Sets the literal to `bytes` (UTF-8, up to a NUL byte, which is added when they do not end with
    /// one), copied as they are rather than through a `String` made of them first.
    func setLiteral(bytes: [UInt8]) {
        var terminated = bytes
        if terminated.last != 0 { terminated.append(0) }
        terminated.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            cmark_node_set_literal(pointer, UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self))
        }
    }

    /// A link's or image's destination.
    var url: String { cmark_node_get_url(pointer).map { String(cString: $0) } ?? "" }

    func setURL(_ url: String) {
        cmark_node_set_url(pointer, url)
    }

    var headingLevel: Int { Int(cmark_node_get_heading_level(pointer)) }

    func setHeadingLevel(_ level: Int) {
        cmark_node_set_heading_level(pointer, Int32(level))
    }

    /// A code block's info string (`python {linenos}`).
    var fenceInfo: String { cmark_node_get_fence_info(pointer).map { String(cString: $0) } ?? "" }

    func setFenceInfo(_ info: String) {
        cmark_node_set_fence_info(pointer, info)
    }

    /// A link's or image's title (`![plot](a.png "The title")`).
    var title: String { cmark_node_get_title(pointer).map { String(cString: $0) } ?? "" }

    /// Whether a code block is fenced (not indented).
    var isFenced: Bool {
        var length: Int32 = 0, offset: Int32 = 0
        var character: CChar = 0
        return cmark_node_get_fenced(pointer, &length, &offset, &character) != 0
    }

    // MARK: Position (1-based; columns in bytes)

    var startLine: Int { Int(cmark_node_get_start_line(pointer)) }
    var startColumn: Int { Int(cmark_node_get_start_column(pointer)) }
    var endLine: Int { Int(cmark_node_get_end_line(pointer)) }
    var endColumn: Int { Int(cmark_node_get_end_column(pointer)) }

    // MARK: The tree

    var parent: MarkdownNode? { cmark_node_parent(pointer).map(MarkdownNode.init) }
    var next: MarkdownNode? { cmark_node_next(pointer).map(MarkdownNode.init) }
    var previous: MarkdownNode? { cmark_node_previous(pointer).map(MarkdownNode.init) }
    var firstChild: MarkdownNode? { cmark_node_first_child(pointer).map(MarkdownNode.init) }
    var lastChild: MarkdownNode? { cmark_node_last_child(pointer).map(MarkdownNode.init) }

    /// Puts this node just before `sibling`; false when the tree cannot hold it there.
    @discardableResult
    func insert(before sibling: MarkdownNode) -> Bool {
        cmark_node_insert_before(sibling.pointer, pointer) == 1
    }

    @discardableResult
    func append(_ child: MarkdownNode) -> Bool {
        cmark_node_append_child(pointer, child.pointer) == 1
    }

    @discardableResult
    func prepend(_ child: MarkdownNode) -> Bool {
        cmark_node_prepend_child(pointer, child.pointer) == 1
    }

    /// Takes the node (and what it holds) out of its tree; it must then be freed or linked again.
    func unlink() {
        cmark_node_unlink(pointer)
    }

    /// Frees the node and what it holds; it must not be in a tree.
    func free() {
        cmark_node_free(pointer)
    }

    /// Takes the node out of its tree and frees it.
    func remove() {
        cmark_node_unlink(pointer)
        cmark_node_free(pointer)
    }

    /// A new text node.
    static func text(_ literal: String) -> MarkdownNode? {
        guard let node = cmark_node_new(CMARK_NODE_TEXT) else { return nil }
        cmark_node_set_literal(node, literal)
        return MarkdownNode(node)
    }

    /// A new block that cmark-gfm writes as `enter`, its children, then `exit`, as they are.
    static func customBlock(enter: String, exit: String) -> MarkdownNode? {
        guard let node = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK) else { return nil }
        cmark_node_set_on_enter(node, enter)
        cmark_node_set_on_exit(node, exit)
        return MarkdownNode(node)
    }

    /// A new inline node that cmark-gfm writes as `enter`, its children, then `exit`, as they are.
    static func customInline(enter: String, exit: String) -> MarkdownNode? {
        guard let node = cmark_node_new(CMARK_NODE_CUSTOM_INLINE) else { return nil }
        cmark_node_set_on_enter(node, enter)
        cmark_node_set_on_exit(node, exit)
        return MarkdownNode(node)
    }

    /// Sets what a custom node is written as before its children.
    func setOnEnter(_ text: String) {
        cmark_node_set_on_enter(pointer, text)
    }

    /// The events of a walk over this node and every node below it, in document order (see `MarkdownWalk`).
    func walk() -> MarkdownWalk? {
        guard let iterator = cmark_iter_new(pointer) else { return nil }
        return MarkdownWalk(iterator: iterator)
    }
}

/// A walk over a node and every node below it: each node as it is entered and, for nodes that can
/// hold others, as it is left. The walk must not outlive the tree.
struct MarkdownWalk: ~Copyable {
    private let iterator: OpaquePointer

    fileprivate init(iterator: OpaquePointer) {
        self.iterator = iterator
    }

    /// The next node, and whether it is being entered (rather than left); nil at the end.
    mutating func next() -> (node: MarkdownNode, entering: Bool)? {
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { return nil }
            guard let node = cmark_iter_get_node(iterator) else { continue }
            return (MarkdownNode(node), event == CMARK_EVENT_ENTER)
        }
    }

    deinit {
        cmark_iter_free(iterator)
    }
}
