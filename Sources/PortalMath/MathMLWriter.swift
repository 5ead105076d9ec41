/// Writes the parsed formula as MathML Core into one buffer of UTF-8 bytes, made a `String` once
/// at the end (appending many short pieces to a `String` costs far more than to bytes).
///
/// Elements and attributes are only those of MathML Core, and what Core leaves to CSS is a class the
/// theme styles (listed in `MathConverter`'s documentation): never an inline `style`, which the
/// theme's Content-Security-Policy forbids.
struct MathMLWriter {
    private var bytes: ByteSink
    private let tree: MathTree
    private let equations: [MathEquation]
    private let referenceTexts: [String]
    /// Where each reference's text was written, in `output`'s UTF-8 bytes.
    private(set) var referenceRanges: [Range<Int>] = []

    init(tree: MathTree, equations: [MathEquation], referenceTexts: [String], capacity: Int) {
        self.tree = tree
        self.equations = equations
        self.referenceTexts = referenceTexts
        bytes = ByteSink(capacity: capacity)
    }

    /// What has been written.
    var output: String { bytes.string }

    /// Writes the whole `<math>` element.
    mutating func writeMath(_ nodes: [MathNode], display: Bool, source: UnsafeBufferPointer<UInt8>) {
        bytes.append(display ? "<math display=\"block\"><semantics>" : "<math><semantics>")
        if nodes.count == 1 {
            write(nodes[0])
        } else {
            bytes.append("<mrow>")
            for node in nodes { write(node) }
            bytes.append("</mrow>")
        }
        bytes.append("<annotation encoding=\"application/x-tex\">")
        bytes.appendEscaped(source, droppingControlCharacters: true)
        bytes.append("</annotation></semantics></math>")
    }

    mutating func write(_ node: MathNode) {
        switch node {
        // Fields are read in place: copying a leaf or element would retain and release its text and attributes.
        case .leaf(let index):
            let index = Int(index)
            let element = tree.leaves[index].element
            open(element, tree.leaves[index].attributes)
            bytes.appendEscaped(tree.leaves[index].text)
            bytes.append(element.closingTag)
        case .element(let index):
            let index = Int(index)
            let name = tree.elements[index].name
            open(name, tree.elements[index].attributes)
            let start = Int(tree.elements[index].childStart)
            for child in start..<(start + Int(tree.elements[index].childCount)) { write(tree.children[child]) }
            bytes.append(name.closingTag)
        case .reference(let index):
            bytes.append("<mtext>")
            let start = bytes.count
            bytes.appendEscaped(index < referenceTexts.count ? referenceTexts[Int(index)] : "??")
            referenceRanges.append(start..<bytes.count)
            bytes.append("</mtext>")
        case .equations(let index):
            writeEquations(tree.layouts[Int(index)])
        }
    }

    private mutating func writeEquations(_ layout: EquationLayout) {
        let lines = layout.firstEquation..<min(layout.firstEquation + layout.rows.count, equations.count)
        let numbered = lines.contains { equations[$0].shownNumber != nil }
        if layout.isSingleLine && !numbered {
            for cell in layout.rows.first ?? [] { write(cell) }
            return
        }
        bytes.append(numbered ? "<mtable displaystyle=\"true\" class=\"tex-numbered\">" : "<mtable displaystyle=\"true\">")
        for (index, cells) in layout.rows.enumerated() {
            bytes.append("<mtr>")
            if numbered { bytes.append("<mtd class=\"tex-eqpad\"></mtd>") }
            for (column, cell) in cells.enumerated() {
                let style = column < layout.columnStyles.count ? layout.columnStyles[column] : nil
                if let style {
                    bytes.append("<mtd class=\"")
                    bytes.appendEscaped(style)
                    bytes.append("\">")
                } else {
                    bytes.append("<mtd>")
                }
                write(cell)
                bytes.append("</mtd>")
            }
            if numbered {
                bytes.append("<mtd class=\"tex-eqno\">")
                let line = layout.firstEquation + index
                if line < equations.count, let shown = equations[line].shownNumber {
                    bytes.append("<mtext>")
                    bytes.appendEscaped(shown)
                    bytes.append("</mtext>")
                }
                bytes.append("</mtd>")
            }
            bytes.append("</mtr>")
        }
        bytes.append("</mtable>")
    }

    private mutating func open(_ element: MathElement, _ attributes: [MathAttribute]) {
        Self.open(element, attributes, into: &bytes)
    }

    /// Writes the opening tag of `element` with `attributes` (also for `DirectConverter`).
    static func open(_ element: MathElement, _ attributes: [MathAttribute], into bytes: inout ByteSink) {
        guard !attributes.isEmpty else {
            bytes.append(element.openingTag)
            return
        }
        bytes.append(element.openingTagStart)
        appendAttributes(attributes, into: &bytes)
        bytes.append(UInt8(ascii: ">"))
    }

    /// Writes ` name="value"` for each of `attributes`.
    static func appendAttributes(_ attributes: [MathAttribute], into bytes: inout ByteSink) {
        for attribute in attributes {
            bytes.append(attribute.name.opening)
            bytes.appendEscaped(attribute.value)
            bytes.append(UInt8(ascii: "\""))
        }
    }

    /// Appends `text` to `output` escaped as `ByteSink.appendEscaped(_:droppingControlCharacters:)`
    /// does (for a reference's number, filled in once the page is converted).
    static func appendEscaped(_ text: String, to output: inout String) {
        var sink = ByteSink(capacity: text.utf8.count + 16)
        sink.appendEscaped(text)
        output += sink.string
    }
}
