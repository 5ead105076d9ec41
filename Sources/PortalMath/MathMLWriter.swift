/// Writes the parsed formula as MathML Core into one `String`.
///
/// Elements and attributes are only those of MathML Core, and what Core leaves to CSS is a class the
/// theme styles (listed in `MathConverter`'s documentation): never an inline `style`, which the
/// theme's Content-Security-Policy forbids.
struct MathMLWriter {
    private(set) var output = ""
    private let equations: [MathEquation]
    private let referenceTexts: [String]
    /// Where each reference's text was written, in `output`'s UTF-8 bytes.
    private(set) var referenceRanges: [Range<Int>] = []

    init(equations: [MathEquation], referenceTexts: [String], capacity: Int) {
        self.equations = equations
        self.referenceTexts = referenceTexts
        output.reserveCapacity(capacity)
    }

    /// Writes the whole `<math>` element.
    mutating func writeMath(_ nodes: [MathNode], display: Bool, source: String) {
        output += display ? "<math display=\"block\"><semantics>" : "<math><semantics>"
        if nodes.count == 1 {
            write(nodes[0])
        } else {
            output += "<mrow>"
            for node in nodes { write(node) }
            output += "</mrow>"
        }
        output += "<annotation encoding=\"application/x-tex\">"
        Self.appendEscaped(source, to: &output, droppingControlCharacters: true)
        output += "</annotation></semantics></math>"
    }

    mutating func write(_ node: MathNode) {
        switch node {
        case .leaf(let leaf):
            open(leaf.element.rawValue, leaf.attributes)
            Self.appendEscaped(leaf.text, to: &output)
            close(leaf.element.rawValue)
        case .element(let name, let attributes, let children):
            open(name, attributes)
            for child in children { write(child) }
            close(name)
        case .reference(let index):
            output += "<mtext>"
            let start = output.utf8.count
            Self.appendEscaped(index < referenceTexts.count ? referenceTexts[index] : "??", to: &output)
            referenceRanges.append(start..<output.utf8.count)
            output += "</mtext>"
        case .equations(let layout):
            writeEquations(layout)
        }
    }

    private mutating func writeEquations(_ layout: EquationLayout) {
        let lines = layout.firstEquation..<min(layout.firstEquation + layout.rows.count, equations.count)
        let numbered = lines.contains { equations[$0].shownNumber != nil }
        if layout.isSingleLine && !numbered {
            for cell in layout.rows.first ?? [] { write(cell) }
            return
        }
        output += numbered ? "<mtable displaystyle=\"true\" class=\"tex-numbered\">" : "<mtable displaystyle=\"true\">"
        for (index, cells) in layout.rows.enumerated() {
            output += "<mtr>"
            if numbered { output += "<mtd class=\"tex-eqpad\"></mtd>" }
            for (column, cell) in cells.enumerated() {
                let style = column < layout.columnStyles.count ? layout.columnStyles[column] : nil
                open("mtd", style.map { [MathAttribute("class", $0)] } ?? [])
                write(cell)
                output += "</mtd>"
            }
            if numbered {
                output += "<mtd class=\"tex-eqno\">"
                let line = layout.firstEquation + index
                if line < equations.count, let shown = equations[line].shownNumber {
                    output += "<mtext>"
                    Self.appendEscaped(shown, to: &output)
                    output += "</mtext>"
                }
                output += "</mtd>"
            }
            output += "</mtr>"
        }
        output += "</mtable>"
    }

    private mutating func open(_ name: String, _ attributes: [MathAttribute]) {
        output += "<"
        output += name
        for attribute in attributes {
            output += " "
            output += attribute.name
            output += "=\""
            Self.appendEscaped(attribute.value, to: &output)
            output += "\""
        }
        output += ">"
    }

    private mutating func close(_ name: String) {
        output += "</"
        output += name
        output += ">"
    }

    /// Appends `text` with `&`, `<`, `>` and `"` escaped, copying runs that need nothing in one go; with
    /// `droppingControlCharacters`, also leaves out what XML 1.0 forbids (the source of a formula may
    /// hold control characters, which are reported as errors).
    static func appendEscaped(_ text: String, to output: inout String, droppingControlCharacters: Bool = false) {
        var needsEscaping = false
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""):
                needsEscaping = true
            case 0x00..<0x20 where byte != 0x09 && byte != 0x0A && byte != 0x0D, 0x7F, 0xC2, 0xEF:
                // 0xC2 and 0xEF lead the encodings of the C1 controls and of U+FFFE and U+FFFF.
                needsEscaping = needsEscaping || droppingControlCharacters
            default:
                continue
            }
            if needsEscaping { break }
        }
        guard needsEscaping else {
            output += text
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            default:
                if droppingControlCharacters && !isAllowedInXML(scalar) { continue }
                output.unicodeScalars.append(scalar)
            }
        }
    }

    static func isAllowedInXML(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x20 { return value == 0x09 || value == 0x0A || value == 0x0D }
        return !(0x7F..<0xA0).contains(value) && value != 0xFFFE && value != 0xFFFF
    }
}
