/// Commands, `\left…\right`, environments and text, written as `MathParser` reads them.
extension DirectConverter {
    /// The command whose backslash is at `position`, as `MathParser.parseCommand` reads the kinds
    /// handled here.
    mutating func command() throws(Unsupported) -> Node {
        let name = commandName(at: position)
        guard !name.isEmpty, name.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { throw Unsupported() }
        position += 1 + name.count
        if !macros.isEmpty, macros[String(decoding: name, as: UTF8.self)] != nil { throw Unsupported() }
        guard let command = tables.commands[name] else { throw Unsupported() }
        try enter()
        defer { depth -= 1 }
        let start = output.count
        switch command.kind {
        case .symbol(let symbol):
            return self.symbol(command.text, scalar: command.scalar, symbol.kind)
        case .fraction(let displayStyle):
            if let displayStyle {
                output.append("<mstyle")
                MathMLWriter.appendAttributes(displayStyle ? [MathAttribute(.displaystyle, "true"), MathAttribute(.scriptlevel, "0")]
                                                           : [MathAttribute(.displaystyle, "false")], into: &output)
                output.append(">")
            }
            output.append("<mfrac>")
            _ = try argument()
            _ = try argument()
            output.append("</mfrac>")
            if displayStyle != nil { output.append("</mstyle>") }
            return Node(start: start, kind: displayStyle == nil ? .element : .row)
        case .sqrt:
            skipSpaces()
            if position < source.count, source[position] == UInt8(ascii: "[") { throw Unsupported() }
            output.append("<msqrt>")
            _ = try argument()
            output.append("</msqrt>")
            return Node(start: start, kind: .element)
        case .font(let mathFont):
            let saved = font
            font = mathFont
            var node = try argument()
            font = saved
            node.isFunction = false
            return node
        case .text(let textFont):
            return try text(textFont)
        case .accent(let mark, let stretchy, let over):
            output.append(over ? MathElement.mover.openingTagStart : MathElement.munder.openingTagStart)
            appendAttribute(over ? .accent : .accentunder, "true")
            output.append(UInt8(ascii: ">"))
            _ = try argument()
            // `MathParser.parseCommand`'s attributes of the mark.
            output.append("<mo")
            appendAttribute(.stretchy, stretchy ? "true" : "false")
            if name.elementsEqual("vec".utf8) { appendAttribute(.scriptlevel, "+1") }
            if name.elementsEqual("bar".utf8) { appendAttribute(.className, "tex-bar") }
            output.append(UInt8(ascii: ">"))
            output.appendEscaped(mark)
            output.append("</mo>")
            output.append(over ? "</mover>" : "</munder>")
            return Node(start: start, kind: .element)
        case .left:
            return try leftRight()
        case .space(let width):
            return space(width)
        case .function(_, let limits):
            if limits { return operatorLeaf(command.text, tables.movableLimits, limits: .display) }
            output.append("<mi>")
            output.append(command.text.start, count: command.text.count)
            output.append("</mi>")
            return Node(start: start, kind: .ordinaryLeaf, isFunction: true)
        case .begin:
            return try environment()
        default:
            throw Unsupported()
        }
    }

    /// `\left…\right`, as `MathParser.parseLeftRight` reads it (without `\middle`).
    mutating func leftRight() throws(Unsupported) -> Node {
        let start = output.count
        let open = try delimiter()
        output.append("<mrow>")
        if let open { _ = operatorLeaf(open, tables.prefixFence) }
        _ = try list()
        guard position < source.count, command("right", at: position) else { throw Unsupported() }
        position += 1 + "right".utf8.count
        let close = try delimiter()
        if let close { _ = operatorLeaf(close, tables.postfixFence) }
        output.append("</mrow>")
        return Node(start: start, kind: .row)
    }

    /// At most this many columns: the columns' classes are made once for an environment.
    static let maximumColumns = 32

    /// `\begin{…}…\end{…}` of a matrix, `cases` or `aligned`, as `MathParser.parseEnvironment` reads
    /// it; not the numbered environments, `array`, `\hline` or a row break's `[…]`.
    mutating func environment() throws(Unsupported) -> Node {
        let start = output.count
        let name = try environmentName()
        guard let spec = EnvironmentSpec.named[String(decoding: name, as: UTF8.self)], spec.numbered == nil, !spec.takesArgument,
              spec.layout == .matrix || spec.layout == .cases || spec.layout == .align else { throw Unsupported() }
        let styles = MathParser.columnStyles(spec, columns: nil, count: Self.maximumColumns)
        let fenced = spec.open != nil || spec.close != nil
        if fenced { output.append("<mrow>") }
        if let open = spec.open { _ = operatorLeaf(tables.prefixFence, limits: .none) { $0.appendEscaped(open) } }
        var attributes = [MathAttribute(.displaystyle, spec.displayStyle ? "true" : "false")]
        if spec.smaller { attributes.append(MathAttribute(.scriptlevel, "1")) }
        MathMLWriter.open(.mtable, attributes, into: &output)
        var rows = 0
        var column = 0
        var rowStart = output.count
        output.append("<mtr>")
        try startRow()
        while true {
            guard column < Self.maximumColumns else { throw Unsupported() }
            if column < styles.count, let style = styles[column] {
                MathMLWriter.open(.mtd, [MathAttribute(.className, style)], into: &output)
            } else {
                output.append("<mtd>")
            }
            let cellStart = output.count
            let (count, _) = try list()
            wrapRow(from: cellStart, count: count)
            let emptyCell = output.count - cellStart == 13 && (0..<13).allSatisfy { output[cellStart + $0] == Self.emptyRow[$0] }
            output.append("</mtd>")
            guard position < source.count else { throw Unsupported() }
            if source[position] == UInt8(ascii: "&") {
                position += 1
                column += 1
                continue
            }
            if command("\\", at: position) {
                position += 2
                skipSpaces()
                if position < source.count, source[position] == UInt8(ascii: "[") { throw Unsupported() }
                output.append("</mtr>")
                rows += 1
                column = 0
                rowStart = output.count
                output.append("<mtr>")
                try startRow()
                continue
            }
            guard command("end", at: position) else { throw Unsupported() }
            position += 1 + "end".utf8.count
            guard try environmentName().elementsEqual(name) else { throw Unsupported() }
            // A `\\` before `\end` ends the last row; it does not start an empty one.
            if rows > 0, column == 0, emptyCell {
                output.removeLast(output.count - rowStart)
            } else {
                output.append("</mtr>")
            }
            break
        }
        output.append("</mtable>")
        if let close = spec.close { _ = operatorLeaf(tables.postfixFence, limits: .none) { $0.appendEscaped(close) } }
        if fenced { output.append("</mrow>") }
        return Node(start: start, kind: fenced ? .row : .element)
    }

    static let emptyRow = Array("<mrow></mrow>".utf8)

    /// The start of a row: spaces, and no `\hline`.
    mutating func startRow() throws(Unsupported) {
        skipSpaces()
        if position < source.count, command("hline", at: position) || command("hdashline", at: position) { throw Unsupported() }
    }

    /// The `{name}` of `\begin` or `\end`, letters and `*` only.
    mutating func environmentName() throws(Unsupported) -> UnsafeBufferPointer<UInt8> {
        skipSpaces()
        guard position < source.count, source[position] == UInt8(ascii: "{") else { throw Unsupported() }
        let first = position + 1
        var end = first
        while end < source.count, TexLexer.isLetter(source[end]) || source[end] == UInt8(ascii: "*") { end += 1 }
        guard end < source.count, end > first, source[end] == UInt8(ascii: "}") else { throw Unsupported() }
        position = end + 1
        return UnsafeBufferPointer(rebasing: source[first..<end])
    }

    /// The delimiter after `\left` or `\right`, as `MathParser.readDelimiter` reads it: nil for `.`.
    mutating func delimiter() throws(Unsupported) -> Text? {
        skipSpaces()
        guard position < source.count else { throw Unsupported() }
        let byte = source[position]
        if byte == UInt8(ascii: "\\") {
            let name = commandName(at: position)
            guard let text = tables.delimiters[name] else { throw Unsupported() }
            position += 1 + name.count
            return text
        }
        position += 1
        switch byte {
        case UInt8(ascii: "."): return nil
        case UInt8(ascii: "<"): return tables.leftAngle
        case UInt8(ascii: ">"): return tables.rightAngle
        case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "|"), UInt8(ascii: "/"):
            return tables.asciiTexts[Int(byte)]
        default: throw Unsupported()
        }
    }

    /// `\text{…}` holding plain ASCII text (no commands, braces or math), as `MathParser.parseText`
    /// writes it: spaces run together, one at either end kept as a no-break space.
    mutating func text(_ textFont: MathFont) throws(Unsupported) -> Node {
        skipSpaces()
        guard position < source.count, source[position] == UInt8(ascii: "{") else { throw Unsupported() }
        position += 1
        let start = output.count
        output.append("<mtext>")
        var lastWasSpace = false
        var written = 0
        while true {
            guard position < source.count else { throw Unsupported() }
            let byte = source[position]
            position += 1
            switch byte {
            case UInt8(ascii: "}"):
                if lastWasSpace && written > 1 {
                    // The space at the end, as a no-break space (one at the start already is).
                    output.removeLast()
                    appendScalar("\u{A0}")
                }
                output.append("</mtext>")
                return Node(start: start, kind: .textLeaf)
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                guard !lastWasSpace else { continue }
                if written == 0 { appendScalar("\u{A0}") } else { output.append(UInt8(ascii: " ")) }
                lastWasSpace = true
                written += 1
                continue
            case UInt8(ascii: "\\"), UInt8(ascii: "{"), UInt8(ascii: "$"), UInt8(ascii: "&"), UInt8(ascii: "^"), UInt8(ascii: "_"),
                 UInt8(ascii: "#"), UInt8(ascii: "%"), UInt8(ascii: "~"):
                throw Unsupported()
            case UInt8(ascii: "<"): output.append("&lt;")
            case UInt8(ascii: ">"): output.append("&gt;")
            case UInt8(ascii: "\""): output.append("&quot;")
            default:
                guard byte > 0x20, byte < 0x7F else { throw Unsupported() }
                appendScalar(textFont.map(Unicode.Scalar(byte)))
            }
            lastWasSpace = false
            written += 1
        }
    }
}
