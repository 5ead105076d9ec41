/// Writes the parsed formula as MathML Core into one buffer of UTF-8 bytes, made a `String` once
/// at the end (appending many short pieces to a `String` costs far more than to bytes).
///
/// Elements and attributes are only those of MathML Core, and what Core leaves to CSS is a class the
/// theme styles (listed in `MathConverter`'s documentation): never an inline `style`, which the
/// theme's Content-Security-Policy forbids.
struct MathMLWriter {
    private var bytes: [UInt8] = []
    private let equations: [MathEquation]
    private let referenceTexts: [String]
    /// Where each reference's text was written, in `output`'s UTF-8 bytes.
    private(set) var referenceRanges: [Range<Int>] = []

    init(equations: [MathEquation], referenceTexts: [String], capacity: Int) {
        self.equations = equations
        self.referenceTexts = referenceTexts
        bytes.reserveCapacity(capacity)
    }

    /// What has been written.
    var output: String { String(decoding: bytes, as: UTF8.self) }

    /// Writes the whole `<math>` element.
    mutating func writeMath(_ nodes: [MathNode], display: Bool, source: String) {
        append(display ? "<math display=\"block\"><semantics>" : "<math><semantics>")
        if nodes.count == 1 {
            write(nodes[0])
        } else {
            append("<mrow>")
            for node in nodes { write(node) }
            append("</mrow>")
        }
        append("<annotation encoding=\"application/x-tex\">")
        Self.appendEscaped(source, to: &bytes, droppingControlCharacters: true)
        append("</annotation></semantics></math>")
    }

    mutating func write(_ node: MathNode) {
        switch node {
        case .leaf(let leaf):
            open(leaf.element, leaf.attributes)
            Self.appendEscaped(leaf.text, to: &bytes)
            close(leaf.element)
        case .element(let name, let attributes, let children):
            open(name, attributes)
            for child in children { write(child) }
            close(name)
        case .reference(let index):
            append("<mtext>")
            let start = bytes.count
            Self.appendEscaped(index < referenceTexts.count ? referenceTexts[index] : "??", to: &bytes)
            referenceRanges.append(start..<bytes.count)
            append("</mtext>")
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
        append(numbered ? "<mtable displaystyle=\"true\" class=\"tex-numbered\">" : "<mtable displaystyle=\"true\">")
        for (index, cells) in layout.rows.enumerated() {
            append("<mtr>")
            if numbered { append("<mtd class=\"tex-eqpad\"></mtd>") }
            for (column, cell) in cells.enumerated() {
                let style = column < layout.columnStyles.count ? layout.columnStyles[column] : nil
                open(.mtd, style.map { [MathAttribute(.className, $0)] } ?? [])
                write(cell)
                append("</mtd>")
            }
            if numbered {
                append("<mtd class=\"tex-eqno\">")
                let line = layout.firstEquation + index
                if line < equations.count, let shown = equations[line].shownNumber {
                    append("<mtext>")
                    Self.appendEscaped(shown, to: &bytes)
                    append("</mtext>")
                }
                append("</mtd>")
            }
            append("</mtr>")
        }
        append("</mtable>")
    }

    private mutating func open(_ element: MathElement, _ attributes: [MathAttribute]) {
        bytes.append(UInt8(ascii: "<"))
        append(element.name)
        for attribute in attributes {
            bytes.append(UInt8(ascii: " "))
            append(attribute.name.name)
            bytes.append(UInt8(ascii: "="))
            bytes.append(UInt8(ascii: "\""))
            Self.appendEscaped(attribute.value, to: &bytes)
            bytes.append(UInt8(ascii: "\""))
        }
        bytes.append(UInt8(ascii: ">"))
    }

    private mutating func close(_ element: MathElement) {
        bytes.append(UInt8(ascii: "<"))
        bytes.append(UInt8(ascii: "/"))
        append(element.name)
        bytes.append(UInt8(ascii: ">"))
    }

    /// Appends a constant: a `StaticString`'s bytes are copied in one go, where a `String`'s UTF-8
    /// view would go through the generic path for sequences.
    private mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Appends `text` with `&`, `<`, `>` and `"` escaped, copying runs that need nothing in one go; with
    /// `droppingControlCharacters`, also leaves out what XML 1.0 forbids (the source of a formula may
    /// hold control characters, which are reported as errors).
    static func appendEscaped(_ text: String, to output: inout [UInt8], droppingControlCharacters: Bool = false) {
        var text = text
        text.withUTF8 { bytes in
            var copied = 0
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                var entity: StaticString?
                var dropped = 0
                switch byte {
                case UInt8(ascii: "&"): entity = "&amp;"
                case UInt8(ascii: "<"): entity = "&lt;"
                case UInt8(ascii: ">"): entity = "&gt;"
                case UInt8(ascii: "\""): entity = "&quot;"
                case 0x00..<0x20 where byte != 0x09 && byte != 0x0A && byte != 0x0D, 0x7F:
                    dropped = droppingControlCharacters ? 1 : 0
                case 0xC2 where droppingControlCharacters && index + 1 < bytes.count && (0x80...0x9F).contains(bytes[index + 1]):
                    dropped = 2  // a C1 control
                case 0xEF where droppingControlCharacters && index + 2 < bytes.count && bytes[index + 1] == 0xBF && bytes[index + 2] >= 0xBE:
                    dropped = 3  // U+FFFE or U+FFFF
                default:
                    break
                }
                guard entity != nil || dropped > 0 else {
                    index += 1
                    continue
                }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<index]))
                if let entity { entity.withUTF8Buffer { output.append(contentsOf: $0) } }
                index += max(dropped, 1)
                copied = index
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied...]))
        }
    }

    /// `appendEscaped(_:to:droppingControlCharacters:)` for a `String`.
    static func appendEscaped(_ text: String, to output: inout String, droppingControlCharacters: Bool = false) {
        guard needsEscaping(text, droppingControlCharacters: droppingControlCharacters) else {
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

    /// Whether `text` holds something `appendEscaped` changes.
    private static func needsEscaping(_ text: String, droppingControlCharacters: Bool) -> Bool {
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""):
                return true
            case 0x00..<0x20 where byte != 0x09 && byte != 0x0A && byte != 0x0D, 0x7F, 0xC2, 0xEF:
                // 0xC2 and 0xEF lead the encodings of the C1 controls and of U+FFFE and U+FFFF.
                if droppingControlCharacters { return true }
            default:
                continue
            }
        }
        return false
    }

    static func isAllowedInXML(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x20 { return value == 0x09 || value == 0x0A || value == 0x0D }
        return !(0x7F..<0xA0).contains(value) && value != 0xFFFE && value != 0xFFFF
    }
}
