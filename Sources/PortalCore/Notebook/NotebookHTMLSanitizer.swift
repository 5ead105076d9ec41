/// Makes the HTML and SVG that notebooks store as outputs safe to place in a page.
///
/// Notebooks arrive in pull requests from strangers, and their outputs are markup the portal did
/// not write: a pandas table, an `IPython.display.HTML` report, a matplotlib figure, or anything
/// else a cell chose to print. This is an allowlist: the input is split into tokens as a browser
/// would split it, and only the elements and attributes listed in `HTMLPolicy` and `SVGPolicy`
/// (`docs/notebook-outputs.md`) are written back, each value checked after its character
/// references are decoded and written out again with every character escaped that could end it.
/// Nothing is copied through unread, so what the page gets is what was checked, whatever tricks of
/// case, quoting, encoding or nesting the input plays.
///
/// The output also stands on its own in the page: it closes every element it opens, in order, so
/// it cannot close or reopen anything around it; and where a browser would close or move an element
/// by itself (a block inside a `<p>`, a cell outside a row), the output already does, so the page's
/// reading of it is the sanitizer's.
enum NotebookHTMLSanitizer {
    /// Deeper elements are left out (their text stays): real outputs nest a few dozen levels, and
    /// deeper nesting only slows the browser.
    static let depthLimit = 256

    /// Sanitizes an HTML fragment (`text/html` output). Inline `<svg>` in it is read with the SVG
    /// allowlist.
    static func sanitize(html: String) -> SanitizedOutput {
        var writer = SanitizedFragmentWriter(html, document: .html)
        return writer.run()
    }

    /// Sanitizes an SVG document (`image/svg+xml` output): the result is its `<svg>` element alone,
    /// well-formed XML that a page can also hold inline.
    static func sanitize(svg: String) -> SanitizedOutput {
        var writer = SanitizedFragmentWriter(svg, document: .svg)
        return writer.run()
    }
}

/// One pass of the sanitizer over one output: the tokens in, the open elements, the markup out.
struct SanitizedFragmentWriter {
    /// What the input is: an HTML fragment, or an SVG document whose root is the output.
    enum Document { case html, svg }
    /// Which allowlist an element was kept by, and so how its content is read.
    enum Namespace { case html, svg }

    /// An element written to the output and not closed yet.
    struct OpenElement {
        /// Lower-cased, as tags are compared.
        let key: String
        /// As written, with SVG's capitals (`clipPath`).
        let name: String
        let namespace: Namespace
    }

    /// An element left out with everything in it, still open in the input.
    struct SkippedElement {
        let key: String
        /// Whether its content is read as HTML (raw-text elements are), or as SVG or MathML.
        let holdsHTML: Bool
    }

    /// What a start tag or text would land in.
    enum Context {
        case html
        case svg
        /// An SVG `<title>` or `<desc>`: text only.
        case svgText
        /// Outside the root of an SVG document, before or after it.
        case outsideSVGRoot
    }

    /// The outermost open `<svg>`, where declarations of a `<style>` can become attributes.
    struct SVGRoot {
        let stackIndex: Int
        /// The output offset of the root tag's `>`.
        var insertAt: Int
        var attributeNames: Set<String>
        var tookStyle = false
    }

    /// The text of an SVG `<style>` being left out, kept to see whether its rules can become attributes.
    struct StyleCapture {
        var text: [UInt8] = []
        var isPlainText = true
    }

    var tokenizer: MarkupTokenizer
    let document: Document
    var output: [UInt8] = []
    var stack: [OpenElement] = []
    /// How many elements of each name are open, so that a search for one that is not (a `<p>` to
    /// close before every `<div>`) costs nothing.
    private var openCounts: [String: Int] = [:]
    var skipped: [SkippedElement] = []
    var tally = RemovalTally()
    var svgRoot: SVGRoot?
    var styleCapture: StyleCapture?
    var svgDocumentEnded = false
    /// Whether a line break that starts the next text is dropped, as a browser drops one after `<pre>`.
    var dropsLineBreak = false

    init(_ text: String, document: Document) {
        tokenizer = MarkupTokenizer(text)
        self.document = document
        output.reserveCapacity(tokenizer.bytes.count)
    }

    mutating func run() -> SanitizedOutput {
        while true {
            tokenizer.recognisesCDATA = readsForeignContent
            guard let token = tokenizer.next() else { break }
            let dropsLineBreak = self.dropsLineBreak
            self.dropsLineBreak = false
            switch token {
            case .text(let range) where dropsLineBreak && tokenizer.bytes[range.lowerBound] == 0x0A:
                if range.count > 1 { text(range.dropFirst(), isCDATA: false) }
            case .text(let range): text(range, isCDATA: false)
            case .cdata(let range): text(range, isCDATA: true)
            case .startTag(let tag): start(tag)
            case .endTag(let name): end(name)
            }
        }
        if !skipped.isEmpty, styleCapture != nil {
            tally.record("<style>")
        }
        closeElements(downTo: 0)
        return SanitizedOutput(html: String(decoding: output, as: UTF8.self), removals: tally.removals)
    }

    var context: Context {
        guard let top = stack.last else { return document == .html ? .html : .outsideSVGRoot }
        if top.namespace == .html { return .html }
        return top.key == "title" || top.key == "desc" ? .svgText : .svg
    }

    /// Whether the tokens read now are SVG or MathML, where `<![CDATA[` opens a section.
    private var readsForeignContent: Bool {
        if document == .svg { return true }
        if let last = skipped.last { return !last.holdsHTML }
        return context != .html
    }

    /// Whether HTML read now follows HTML's rules (raw text, void elements) or XML's, as it does
    /// inside an SVG document (a `<foreignObject>`), where `<iframe/>` ends itself.
    private func readsAsHTML(_ namespace: Namespace) -> Bool {
        namespace == .html && document == .html
    }

    // MARK: Tokens

    private mutating func text(_ range: Range<Int>, isCDATA: Bool) {
        guard skipped.isEmpty else {
            if skipped.count == 1, styleCapture != nil {
                let text = isCDATA ? String(decoding: tokenizer.bytes[range], as: UTF8.self) : CharacterReference.decode(tokenizer.bytes[range], in: tokenizer.bytes)
                styleCapture?.text.append(contentsOf: text.utf8)
                // matplotlib's is one short rule; a long style is not worth reading.
                if styleCapture?.text.count ?? 0 > 4096 { styleCapture?.isPlainText = false }
            }
            return
        }
        switch context {
        case .outsideSVGRoot:
            if tokenizer.bytes[range].contains(where: { !MarkupTokenizer.isSpace($0) }) {
                tally.record("content outside the <svg> element")
            }
        case .html:
            // A browser moves text out of a table's structure and in front of the table; only
            // the white space between its parts stays.
            if let top = stack.last, HTMLPolicy.tableContexts.contains(top.key),
               tokenizer.bytes[range].contains(where: { !MarkupTokenizer.isSpace($0) }) {
                return tally.record("text between the cells of a table")
            }
            writeText(range, decodesReferences: false, isLiteral: false)
        case .svg, .svgText:
            writeText(range, decodesReferences: true, isLiteral: isCDATA)
        }
    }

    private mutating func start(_ tag: MarkupTokenizer.StartTag) {
        guard skipped.isEmpty else { return startInSkipped(tag) }
        switch context {
        case .html: startHTML(tag)
        case .svg: startSVG(tag)
        case .svgText: startInSVGText(tag)
        case .outsideSVGRoot:
            if !svgDocumentEnded, tag.name == "svg" {
                openSVG(tag, isRoot: true)
            } else {
                tally.record("content outside the <svg> element")
            }
        }
    }

    private mutating func end(_ name: String) {
        guard skipped.isEmpty else { return endInSkipped(name) }
        guard let index = openElement(closedBy: name) else { return }
        closeElements(downTo: index)
    }

    // MARK: Left out with their content

    /// Leaves out the element `tag` opens and everything in it, up to its end tag.
    mutating func skipElement(_ tag: MarkupTokenizer.StartTag, holdsHTML: Bool, in namespace: Namespace) {
        let readsHTML = readsAsHTML(namespace)
        if readsHTML, HTMLPolicy.rawTextElements.contains(tag.name) {
            return tokenizer.skipRawText(until: tag.name)
        }
        if readsHTML, tag.name == "plaintext" { return tokenizer.skipToEnd() }
        if readsHTML ? HTMLPolicy.voidElements.contains(tag.name) : tag.selfClosing { return }
        skipped = [SkippedElement(key: tag.name, holdsHTML: holdsHTML)]
    }

    private mutating func startInSkipped(_ tag: MarkupTokenizer.StartTag) {
        styleCapture?.isPlainText = false
        let holdsHTML = skipped.last?.holdsHTML ?? true
        if readsAsHTML(holdsHTML ? .html : .svg) {
            if HTMLPolicy.rawTextElements.contains(tag.name) { return tokenizer.skipRawText(until: tag.name) }
            if tag.name == "plaintext" { return tokenizer.skipToEnd() }
            if HTMLPolicy.voidElements.contains(tag.name) { return }
        } else if tag.selfClosing {
            return
        }
        guard skipped.count < NotebookHTMLSanitizer.depthLimit else { return }
        let childrenHTML = holdsHTML ? (tag.name != "svg" && tag.name != "math") : tag.name == "foreignobject"
        skipped.append(SkippedElement(key: tag.name, holdsHTML: childrenHTML))
    }

    private mutating func endInSkipped(_ name: String) {
        guard let index = skipped.lastIndex(where: { $0.key == name }) else { return }
        skipped.removeSubrange(index...)
        guard skipped.isEmpty, let capture = styleCapture else { return }
        styleCapture = nil
        if !(capture.isPlainText && takeStyleRules(String(decoding: capture.text, as: UTF8.self))) {
            tally.record("<style>")
        }
    }

    // MARK: Open elements

    /// The open element an end tag `name` closes, or nil when it closes none (and is left out). As
    /// in a browser, an end tag does not reach past a table or a cell into what holds it.
    private func openElement(closedBy name: String) -> Int? {
        if case .outsideSVGRoot = context { return nil }
        let isHeading = HTMLPolicy.headings.contains(name)
        guard isOpen(name) || (isHeading && HTMLPolicy.headings.contains(where: isOpen)) else { return nil }
        let isTablePart = HTMLPolicy.tableParts.contains(name) || name == "table"
        var index = stack.count - 1
        while index >= 0 {
            let element = stack[index]
            if element.key == name || (isHeading && element.namespace == .html && HTMLPolicy.headings.contains(element.key)) {
                return index
            }
            switch element.namespace {
            case .html:
                if element.key == "table" { return nil }
                if !isTablePart, ["td", "th", "caption"].contains(element.key) { return nil }
            case .svg:
                if element.key == "title" || element.key == "desc", SVGPolicy.elementNames[name] == nil { return nil }
            }
            index -= 1
        }
        return nil
    }

    /// Writes the end tags of the open elements from the innermost down to `index`.
    mutating func closeElements(downTo index: Int) {
        guard index < stack.count else { return }
        for position in stride(from: stack.count - 1, through: index, by: -1) {
            let element = stack[position]
            openCounts[element.key, default: 1] -= 1
            write("</")
            write(element.name)
            write(">")
            if svgRoot?.stackIndex == position {
                svgRoot = nil
                if document == .svg { svgDocumentEnded = true }
            }
        }
        stack.removeSubrange(index...)
    }

    mutating func open(_ element: OpenElement) {
        stack.append(element)
        openCounts[element.key, default: 0] += 1
    }

    func isOpen(_ name: String) -> Bool {
        (openCounts[name] ?? 0) > 0
    }

    var isTooDeep: Bool { stack.count >= NotebookHTMLSanitizer.depthLimit }

    mutating func recordTooDeep() {
        tally.record("elements nested deeper than \(NotebookHTMLSanitizer.depthLimit)")
    }

    // MARK: Writing

    mutating func write(_ text: String) {
        output.append(contentsOf: text.utf8)
    }

    /// Writes a start tag whose names are from the allowlists and whose values are decoded text.
    mutating func writeStartTag(_ name: String, _ attributes: [(String, String)], selfClosing: Bool = false) {
        write("<")
        write(name)
        for (attribute, value) in attributes {
            write(" ")
            write(attribute)
            write("=\"")
            writeEscaped(value)
            write("\"")
        }
        write(selfClosing ? "/>" : ">")
    }

    mutating func writeEscaped(_ text: String) {
        Self.appendEscaped(text, to: &output)
    }

    /// Appends decoded text with `&`, `"`, `<` and `>` escaped, and characters no page may hold as U+FFFD.
    static func appendEscaped(_ text: String, to output: inout [UInt8]) {
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": output.append(contentsOf: "&amp;".utf8)
            case "\"": output.append(contentsOf: "&quot;".utf8)
            case "<": output.append(contentsOf: "&lt;".utf8)
            case ">": output.append(contentsOf: "&gt;".utf8)
            default:
                output.append(contentsOf: String(CharacterReference.isClean(scalar) ? scalar : "\u{FFFD}").utf8)
            }
        }
    }

    /// Writes text of the input. In HTML a reference is kept as written when it is one a browser
    /// reads; in SVG it is written as its character, since XML knows only five names. Any other `&`
    /// becomes `&amp;`, and `<` and `>` are always escaped: text can never open a tag.
    private mutating func writeText(_ range: Range<Int>, decodesReferences: Bool, isLiteral: Bool) {
        let bytes = tokenizer.bytes
        var index = range.lowerBound
        var runStart = index
        func flush(_ end: Int) {
            if runStart < end { output.append(contentsOf: bytes[runStart..<end]) }
        }
        while index < range.upperBound {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "<"), UInt8(ascii: ">"):
                flush(index)
                write(byte == UInt8(ascii: "<") ? "&lt;" : "&gt;")
                index += 1
            case UInt8(ascii: "&"):
                flush(index)
                if !isLiteral, let reference = CharacterReference.match(bytes, at: index), index + reference.length <= range.upperBound {
                    if !reference.isClean {
                        write("\u{FFFD}")
                    } else if decodesReferences {
                        writeEscaped(String(reference.scalar))
                    } else {
                        output.append(contentsOf: bytes[index..<index + reference.length])
                    }
                    index += reference.length
                } else {
                    write("&amp;")
                    index += 1
                }
            default:
                index += 1
                continue
            }
            runStart = index
        }
        flush(range.upperBound)
    }

    // MARK: Removal names

    /// How a left-out element is named in a warning: `<name>`, or a phrase when its name is not one
    /// a warning should repeat.
    static func elementKind(_ name: String) -> String {
        isPlainName(name) ? "<\(name)>" : "an element with an unusual name"
    }

    static func attributeKind(_ name: String) -> String {
        isPlainName(name) ? "the attribute \(name)" : "an attribute with an unusual name"
    }

    private static func isPlainName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 40 && name.utf8.allSatisfy {
            MarkupTokenizer.isLetter($0) || (0x30...0x39).contains($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ":")
                || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".")
        }
    }
}
