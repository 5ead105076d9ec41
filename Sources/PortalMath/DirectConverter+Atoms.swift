/// Characters, symbols, groups and arguments, written as `MathParser` reads them.
extension DirectConverter {
    /// One atom; `single` reads one character only, as TeX does for an argument or a script without
    /// braces (`\frac12`, `x^12`).
    mutating func atom(single: Bool) throws(Unsupported) -> Node {
        let byte = source[position]
        switch byte {
        case UInt8(ascii: "{"):
            return try group()
        case UInt8(ascii: "\\"):
            return try command()
        case UInt8(ascii: "}"), UInt8(ascii: "&"), UInt8(ascii: "$"), UInt8(ascii: "#"), UInt8(ascii: "%"),
             UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "'"):
            throw Unsupported()
        default:
            guard byte >= 0x20, byte < 0x7F else { throw Unsupported() }
            return character(byte, single: single)
        }
    }

    /// A letter, a number or a symbol typed as itself, as `MathParser.parseCharacter` reads it.
    mutating func character(_ byte: UInt8, single: Bool) -> Node {
        let start = output.count
        if TexLexer.isLetter(byte) {
            guard !single, font.joinsLetters else {
                position += 1
                let upright = single && font == .roman
                output.append(upright ? "<mi mathvariant=\"normal\">" : "<mi>")
                appendScalar(font.map(Unicode.Scalar(byte)))
                output.append("</mi>")
                return Node(start: start, kind: .ordinaryLeaf)
            }
            let first = position
            while position < source.count, TexLexer.isLetter(source[position]) { position += 1 }
            output.append(position - first == 1 && font == .roman ? "<mi mathvariant=\"normal\">" : "<mi>")
            appendMapped(first..<position)
            output.append("</mi>")
            return Node(start: start, kind: .ordinaryLeaf)
        }
        let nextIsDigit = position + 1 < source.count && Self.isDigit(source[position + 1])
        if Self.isDigit(byte) || (byte == UInt8(ascii: ".") && !single && nextIsDigit) {
            let first = position
            position += 1
            if !single {
                // Digits with at most one decimal point followed by a digit.
                var seenPoint = byte == UInt8(ascii: ".")
                while position < source.count {
                    let next = source[position]
                    if Self.isDigit(next) {
                        position += 1
                    } else if next == UInt8(ascii: "."), !seenPoint, position + 1 < source.count, Self.isDigit(source[position + 1]) {
                        seenPoint = true
                        position += 1
                    } else {
                        break
                    }
                }
            }
            output.append("<mn>")
            appendMapped(first..<position)
            output.append("</mn>")
            return Node(start: start, kind: .ordinaryLeaf)
        }
        position += 1
        switch byte {
        case UInt8(ascii: "-"): return operatorLeaf(tables.minus, tables.none)
        case UInt8(ascii: "*"): return operatorLeaf(tables.asterisk, tables.none)
        case UInt8(ascii: "~"): return space("0.3333em")
        case UInt8(ascii: "/"): return operatorLeaf(tables.asciiTexts[Int(byte)], tables.unspaced)
        default: break
        }
        let text = tables.asciiTexts[Int(byte)]
        if let kind = tables.asciiKinds[Int(byte)] { return symbol(text, scalar: Unicode.Scalar(byte), kind) }
        return operatorLeaf(text, tables.none)
    }

    /// A symbol in the alphabet in force, as `MathParser.symbolNode` writes it.
    mutating func symbol(_ text: Text, scalar: Unicode.Scalar?, _ kind: MathSymbol.Kind) -> Node {
        let start = output.count
        switch kind {
        case .identifier, .uprightIdentifier:
            if font != .normal, let scalar, font.map(scalar) != scalar {
                output.append("<mi>")
                appendScalar(font.map(scalar))
            } else {
                let upright = (kind == .uprightIdentifier || font == .roman) && scalar != nil
                output.append(upright ? "<mi mathvariant=\"normal\">" : "<mi>")
                output.append(text.start, count: text.count)
            }
            output.append("</mi>")
            return Node(start: start, kind: .ordinaryLeaf)
        case .spacedOperator: return operatorLeaf(text, tables.none)
        case .fence: return operatorLeaf(text, tables.unstretched)
        case .unspaced: return operatorLeaf(text, tables.unspaced)
        case .largeOperator: return operatorLeaf(text, tables.none, limits: .display)
        case .integral: return operatorLeaf(text, tables.none, limits: .side)
        }
    }

    /// `<mo>` with `attributes` and `text`, written as they are (escaped already).
    mutating func operatorLeaf(_ text: Text, _ attributes: Attributes, limits: MathLeaf.Limits = .none) -> Node {
        operatorLeaf(attributes, limits: limits) { $0.append(text.start, count: text.count) }
    }

    /// `<mo>` with `attributes` and the text `writeText` writes.
    mutating func operatorLeaf(_ attributes: Attributes, limits: MathLeaf.Limits, _ writeText: (inout ByteSink) -> Void) -> Node {
        let start = output.count
        output.append("<mo")
        output.append(attributes.text.start, count: attributes.text.count)
        output.append(UInt8(ascii: ">"))
        let textStart = output.count
        writeText(&output)
        let textEnd = output.count
        output.append("</mo>")
        return Node(start: start, kind: .operatorLeaf, text: textStart..<textEnd, hasAttributes: attributes.text.count > 0,
                    hasLeftSpace: attributes.hasLeftSpace, limits: limits)
    }

    mutating func space(_ width: String) -> Node {
        let start = output.count
        output.append(MathElement.mspace.openingTagStart)
        appendAttribute(.width, width)
        output.append("></mspace>")
        return Node(start: start, kind: .space)
    }

    /// Writes ` name="value"`, as `MathMLWriter` writes an attribute.
    mutating func appendAttribute(_ name: MathAttribute.Name, _ value: String) {
        output.append(name.opening)
        output.appendEscaped(value)
        output.append(UInt8(ascii: "\""))
    }

    /// A `{…}` group as an atom, as `MathParser.parseGroup` reads it: a braced operator alone is an
    /// ordinary symbol (`1{,}000`) and loses its spacing.
    mutating func group() throws(Unsupported) -> Node {
        let (start, count, last) = try groupContents()
        if count == 1, var last {
            if last.kind == .operatorLeaf, last.limits == .none, !last.hasLeftSpace { closeUp(&last) }
            last.isFunction = false
            return last
        }
        wrapRow(from: start, count: count)
        return Node(start: start, kind: .row)
    }

    /// The nodes of the `{…}` group at `position`, and where they start.
    mutating func groupContents() throws(Unsupported) -> (start: Int, count: Int, last: Node?) {
        position += 1
        try enter()
        let saved = font
        let start = output.count
        let (count, last) = try list()
        guard position < source.count, source[position] == UInt8(ascii: "}") else { throw Unsupported() }
        position += 1
        font = saved
        depth -= 1
        return (start, count, last)
    }

    /// A command's argument: a group, or a single atom (`\frac12`), as `MathParser.parseArgument` reads it.
    mutating func argument() throws(Unsupported) -> Node {
        skipSpaces()
        guard position < source.count else { throw Unsupported() }
        switch source[position] {
        case UInt8(ascii: "{"):
            let (start, count, last) = try groupContents()
            if count == 1, let last { return last }
            wrapRow(from: start, count: count)
            return Node(start: start, kind: .row)
        case UInt8(ascii: "}"), UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "&"):
            throw Unsupported()
        default:
            return try atom(single: true)
        }
    }

    /// The ASCII bytes `range` of the source in the alphabet in force.
    mutating func appendMapped(_ range: Range<Int>) {
        for index in range {
            let scalar = Unicode.Scalar(source[index])
            let mapped = font.map(scalar)
            if mapped == scalar { output.append(source[index]) } else { appendScalar(mapped) }
        }
    }

    mutating func appendScalar(_ scalar: Unicode.Scalar) {
        guard !scalar.isASCII else {
            output.append(UInt8(scalar.value))
            return
        }
        output.appendReference(to: scalar)
    }
}
