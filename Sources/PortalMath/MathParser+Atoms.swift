/// Characters, numbers, letters, groups and arguments.
extension MathParser {
    /// Parses the atom that `token` starts; nil when it gives nothing (a definition, a label, an error
    /// already reported).
    /// `single` reads one character only, as TeX does for an argument or a script without braces
    /// (`\frac12`, `x^12`), instead of a whole number or word.
    mutating func parseAtom(_ token: TexToken, single: Bool = false) -> Atom? {
        switch token.kind {
        case .character(let scalar):
            return .node(parseCharacter(scalar, token, single: single), isFunction: false)
        case .beginGroup:
            return .node(parseGroup(token), isFunction: false)
        case .command(let name):
            // Commands read their arguments by recursion (`\sqrt\sqrt\sqrt…x`), so they count as nesting.
            guard enter(token) else { return nil }
            defer { depth -= 1 }
            return parseCommand(name, token)
        case .mathShift:
            report(.mathShift, token, "$ is not allowed inside a formula", fix: "write \\$ for a dollar sign")
            return nil
        case .parameter(let number):
            report(.badMacro, token, "#\(number) is only allowed in the body of a macro")
            return nil
        case .superscriptMark, .subscriptMark:
            // A script with nothing to attach to inside a script argument: `x^^`.
            report(.missingArgument, token, "a script needs something before it")
            return nil
        case .endGroup, .alignment, .end, .space:
            return nil
        }
    }

    /// A letter, a digit (with the digits and decimal point after it), or a symbol typed as itself.
    mutating func parseCharacter(_ scalar: Unicode.Scalar, _ token: TexToken, single: Bool = false) -> MathNode {
        let value = scalar.value
        if value < 0x80 && TexLexer.isLetter(UInt8(value)) {
            return single ? identifier(String(font.map(scalar)), upright: font == .roman) : parseLetters(scalar, token)
        }
        if value >= 0x30 && value <= 0x39 {
            return single ? mn(String(font.map(scalar))) : parseNumber(scalar, token)
        }
        if scalar == ".", !single, nextIsDigit() {
            return parseNumber(scalar, token)
        }
        switch scalar {
        case "-": return mo("−")
        case "*": return mo("∗")
        case "'": return mo("′")
        case "~": return space("0.3333em")
        // An ordinary symbol in TeX, which MathML Core's dictionary would space as an operator.
        case "/": return mo("/", MathAttribute.unspaced)
        default: break
        }
        if let kind = SymbolTable.characterKinds[scalar] {
            return symbolNode(String(scalar), kind)
        }
        if scalar.properties.numericType == .decimal {
            return mn(String(scalar))
        }
        if scalar.properties.isAlphabetic {
            return identifier(String(font.map(scalar)), upright: (0x391...0x3A9).contains(value) && font == .normal)
        }
        return mo(String(scalar))
    }

    private mutating func nextIsDigit() -> Bool {
        let next = stream.peek()
        if case .character(let scalar) = next.kind { return scalar.value >= 0x30 && scalar.value <= 0x39 }
        return false
    }

    /// One letter, or in an alphabet other than the default (`\mathrm{TeV}`) all the letters that follow.
    private mutating func parseLetters(_ first: Unicode.Scalar, _ token: TexToken) -> MathNode {
        guard font.joinsLetters else { return identifier(String(font.map(first)), upright: false) }
        var text: String
        var count: Int
        // The letters that follow in the source are read at once when the alphabet writes them as
        // they are (`\mathrm{GeV}`): one string made, not one appended to for each letter.
        if font.keepsLatinLetters, let run = stream.letterRun(from: token) {
            text = stream.runText(run)
            count = run.count
        } else {
            text = String(font.map(first))
            count = 1
        }
        while true {
            let next = stream.next()
            if case .character(let scalar) = next.kind, scalar.value < 0x80, TexLexer.isLetter(UInt8(scalar.value)) {
                text.unicodeScalars.append(font.map(scalar))
                count += 1
                continue
            }
            stream.giveBack(next)
            break
        }
        return identifier(text, upright: count == 1 && font == .roman)
    }

    /// Digits with at most one decimal point followed by a digit, as one `<mn>`.
    private mutating func parseNumber(_ first: Unicode.Scalar, _ token: TexToken) -> MathNode {
        var seenPoint = first == "."
        // As for letters: the digits that follow in the source are read at once.
        var text = if font.keepsDigits, let run = stream.digitRun(from: token, seenPoint: &seenPoint) {
            stream.runText(run)
        } else {
            String(font.map(first))
        }
        while true {
            let next = stream.next()
            if case .character(let scalar) = next.kind {
                if scalar.value >= 0x30 && scalar.value <= 0x39 {
                    text.unicodeScalars.append(font.map(scalar))
                    continue
                }
                if scalar == ".", !seenPoint, nextIsDigit() {
                    seenPoint = true
                    text += "."
                    continue
                }
            }
            stream.giveBack(next)
            break
        }
        return mn(text)
    }

    mutating func identifier(_ text: String, upright: Bool) -> MathNode {
        mi(text, upright: upright && text.unicodeScalars.count == 1)
    }

    /// The node of a symbol in the alphabet in force.
    mutating func symbolNode(_ text: String, _ kind: MathSymbol.Kind) -> MathNode {
        switch kind {
        case .identifier, .uprightIdentifier:
            if font != .normal, text.unicodeScalars.count == 1, let scalar = text.unicodeScalars.first {
                let mapped = font.map(scalar)
                if mapped != scalar { return mi(String(mapped)) }
            }
            return identifier(text, upright: kind == .uprightIdentifier || font == .roman)
        case .spacedOperator:
            return mo(text)
        case .fence:
            return mo(text, MathAttribute.unstretched)
        case .unspaced:
            return mo(text, MathAttribute.unspaced)
        case .largeOperator:
            return mo(text, limits: .display)
        case .integral:
            return mo(text, limits: .side)
        }
    }

    /// Parses a `{…}` group whose `{` is `open`, up to its `}`, as an atom of a list (an argument's braces
    /// are read by `parseArgument`, where a lone operator keeps its spacing: `\stackrel{!}{=}`).
    mutating func parseGroup(_ open: TexToken) -> MathNode {
        let nodes = parseGroupContents(open)
        // A braced operator is an ordinary symbol in TeX (`1{,}000`), so it loses its spacing.
        if nodes.count == 1, let leaf = tree.leaf(of: nodes[0]), leaf.element == .mo, leaf.limits == .none,
           !leaf.attributes.contains(where: { $0.name == .lspace }) {
            tree.update(nodes[0]) { $0.attributes += MathAttribute.closedUp }
            return nodes[0]
        }
        return row(nodes)
    }

    mutating func parseGroupContents(_ open: TexToken) -> [MathNode] {
        guard enter(open) else {
            skipGroup()
            return []
        }
        defer { depth -= 1 }
        let savedFont = font
        defer { font = savedFont }
        var nodes: [MathNode] = []
        while true {
            groupDepth += 1
            let list = parseList()
            // The common case, one list to the closing brace, takes the list itself instead of a copy.
            if nodes.isEmpty { nodes = list } else { nodes += list }
            groupDepth -= 1
            let token = stream.next()
            guard let terminator = terminator(of: token) else { break }
            if terminator == .closeBrace { break }
            if isTakenOutside(terminator) {
                report(.unbalancedBrace, open, "this { is never closed", fix: "add a } where the group ends")
                stream.giveBack(token)
                break
            }
            reportMisplaced(token, terminator)
        }
        return nodes
    }

    /// Skips raw tokens up to the `}` that closes the current group, without recursion.
    mutating func skipGroup() {
        var level = 0
        while true {
            let token = stream.nextRaw()
            switch token.kind {
            case .end:
                stream.giveBack(token)
                return
            case .beginGroup: level += 1
            case .endGroup:
                if level == 0 { return }
                level -= 1
            default: break
            }
        }
    }

    /// Parses a command's argument: a group, or a single atom (`\frac12`).
    mutating func parseArgument(for command: TexToken) -> MathNode {
        var token = stream.next()
        while case .space = token.kind { token = stream.next() }
        if case .beginGroup = token.kind { return row(parseGroupContents(token)) }
        if terminator(of: token) != nil || token.kind == .superscriptMark || token.kind == .subscriptMark {
            stream.giveBack(token)
            report(.missingArgument, command, "\\\(command.commandName ?? "") needs an argument",
                   fix: "write it in braces after the command")
            return row([])
        }
        switch parseAtom(token, single: true) {
        case .node(let node, _)?, .underOver(let node)?: return node
        case .switched(let nodes)?: return row(nodes)
        case nil: return row([])
        }
    }

    /// Parses `[…]` if it comes next (an optional argument such as the index of `\sqrt[3]{x}`).
    mutating func parseOptionalArgument(for command: TexToken) -> MathNode? {
        var token = stream.next()
        while case .space = token.kind { token = stream.next() }
        guard token.isCharacter("[") else {
            stream.giveBack(token)
            return nil
        }
        guard enter(token) else { return nil }
        defer { depth -= 1 }
        var nodes: [MathNode] = []
        while true {
            nodes += parseList(stopAtBracket: true)
            let next = stream.next()
            guard let terminator = terminator(of: next, bracket: true) else { break }
            if terminator == .closeBracket { break }
            if isTakenOutside(terminator) {
                report(.missingArgument, token, "this [ is never closed by ]", fix: "add a ] where the optional argument ends")
                stream.giveBack(next)
                break
            }
            reportMisplaced(next, terminator)
        }
        return row(nodes)
    }

    /// Reads an argument as plain text (a label, a color, a column specification), with where it was.
    mutating func readTextArgument(for command: TexToken) -> (text: String, token: TexToken)? {
        guard let tokens = stream.readRawArgument(for: command) else { return nil }
        var text = ""
        for token in tokens {
            switch token.kind {
            case .character(let scalar): text.unicodeScalars.append(scalar)
            case .command(let name): text += "\\" + name
            case .space: text += " "
            case .beginGroup: text += "{"
            case .endGroup: text += "}"
            case .alignment: text += "&"
            case .superscriptMark: text += "^"
            case .subscriptMark: text += "_"
            case .parameter(let number): text += "#\(number)"
            case .mathShift: text += "$"
            case .end: break
            }
        }
        let first = tokens.first ?? command
        let last = tokens.last ?? command
        let span = TexToken(kind: .character(" "), offset: first.offset, length: max(0, last.offset + last.length - first.offset))
        return (text.trimmingSpaces, span)
    }
}

extension String {
    /// The string without spaces at either end.
    var trimmingSpaces: String {
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { $0 != " " }), let end = scalars.lastIndex(where: { $0 != " " }) else { return "" }
        return String(scalars[start...end])
    }
}
