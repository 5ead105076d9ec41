/// The built-in commands.
extension MathParser {
    mutating func parseCommand(_ name: String, _ token: TexToken) -> Atom? {
        guard let kind = CommandTable.commands[name] else {
            reportUnknownCommand(name, token)
            return .node(element(.merror, [], [mtext("\\" + name)]), isFunction: false)
        }
        switch kind {
        case .symbol(let symbol):
            return .node(symbolNode(symbol.text, symbol.kind), isFunction: false)
        case .function(let text, let limits):
            if limits {
                let attributes = MathAttribute.movableLimits
                return .node(mo(text, attributes, limits: .display), isFunction: false)
            }
            return .node(mi(text), isFunction: true)
        case .fraction(let displayStyle):
            let fraction = element(.mfrac, [], [parseArgument(for: token), parseArgument(for: token)])
            return .node(styled(fraction, displayStyle: displayStyle), isFunction: false)
        case .continuedFraction:
            _ = parseOptionalArgument(for: token)
            let fraction = element(.mfrac, [], [parseArgument(for: token), parseArgument(for: token)])
            return .node(styled(fraction, displayStyle: true), isFunction: false)
        case .binomial(let displayStyle):
            let fraction = element(.mfrac, [MathAttribute(.linethickness, "0")], [parseArgument(for: token), parseArgument(for: token)])
            let binomial = element(.mrow, [], [fence("(", form: "prefix"), fraction, fence(")", form: "postfix")])
            return .node(styled(binomial, displayStyle: displayStyle), isFunction: false)
        case .sqrt:
            let index = parseOptionalArgument(for: token)
            let radicand = parseArgument(for: token)
            if let index { return .node(element(.mroot, [], [radicand, index]), isFunction: false) }
            return .node(element(.msqrt, [], [radicand]), isFunction: false)
        case .font(let mathFont):
            let saved = font
            font = mathFont
            let node = parseArgument(for: token)
            font = saved
            return .node(node, isFunction: false)
        case .fontSwitch(let mathFont):
            font = mathFont
            return nil
        case .text(let textFont):
            return .node(parseText(textFont, token), isFunction: false)
        case .operatorName(let limits):
            return parseOperatorName(token, limits: limits || stream.nextIsStar())
        case .accent(let mark, let stretchy, let over):
            let base = parseArgument(for: token)
            var markAttributes = [MathAttribute(.stretchy, stretchy ? "true" : "false")]
            // TeX's vector arrow is smaller than the arrow symbol: one script level down.
            if name == "vec" { markAttributes.append(MathAttribute(.scriptlevel, "+1")) }
            // The macron of math fonts is a hairline that vanishes at text sizes and in scripts: the
            // theme draws it thicker.
            if name == "bar" { markAttributes.append(MathAttribute(.className, "tex-bar")) }
            let accent = mo(mark, markAttributes)
            if over { return .node(element(.mover, [MathAttribute(.accent, "true")], [base, accent]), isFunction: false) }
            return .node(element(.munder, [MathAttribute(.accentunder, "true")], [base, accent]), isFunction: false)
        case .brace(let mark, let over):
            let base = parseArgument(for: token)
            let brace = mo(mark, [MathAttribute(.stretchy, "true")])
            return .underOver(element(over ? .mover : .munder, [], [base, brace]))
        case .left:
            return .node(parseLeftRight(token), isFunction: false)
        case .right, .middle, .rowBreak, .end:
            // Ends of lists, which `parseList` leaves to its container; met here only as a script's argument.
            report(.missingArgument, token, "\\\(name) cannot be a script or an argument")
            return nil
        case .big(let size, let spacing):
            guard let delimiter = readDelimiter(after: token) else { return nil }
            var attributes = [MathAttribute(.fence, "false"), MathAttribute(.stretchy, "true"), MathAttribute(.symmetric, "true"),
                              MathAttribute(.minsize, size), MathAttribute(.maxsize, size)]
            if let spacing { attributes += [MathAttribute(.lspace, spacing), MathAttribute(.rspace, spacing)] }
            return .node(mo(delimiter, attributes), isFunction: false)
        case .space(let width):
            return .node(space(width), isFunction: false)
        case .hspace:
            _ = stream.nextIsStar()
            guard let width = readLength(for: token, braced: name == "hspace") else { return nil }
            return .node(space(width), isFunction: false)
        case .not:
            return parseNot(token)
        case .stack(let placement):
            let script = parseArgument(for: token)
            let base = parseArgument(for: token)
            return .node(element(placement == .over ? .mover : .munder, [], [base, script]), isFunction: false)
        case .cancel(let className):
            return .node(element(.mrow, [MathAttribute(.className, className)], [parseArgument(for: token)]), isFunction: false)
        case .color:
            let color = readColor(for: token)
            let rest = parseList()
            guard let color else { return .switched(rest) }
            return .switched([element(.mrow, [MathAttribute(.mathcolor, color)], rest)])
        case .textColor:
            let color = readColor(for: token)
            let content = parseArgument(for: token)
            guard let color else { return .node(content, isFunction: false) }
            return .node(element(.mrow, [MathAttribute(.mathcolor, color)], [content]), isFunction: false)
        case .colorBox:
            let color = readColor(for: token)
            let content = parseText(.normal, token)
            guard let color else { return .node(content, isFunction: false) }
            return .node(element(.mrow, [MathAttribute(.mathbackground, color)], [content]), isFunction: false)
        case .label:
            handleLabel(token)
            return nil
        case .tag:
            handleTag(token)
            return nil
        case .noNumber:
            handleNoNumber()
            return nil
        case .reference(let referenceKind):
            return handleReference(token, kind: referenceKind).map { .node($0, isFunction: false) }
        case .begin:
            return parseEnvironment(token).map { .node($0, isFunction: false) }
        case .limits:
            report(.misplacedCommand, token, "\\\(name) must follow a big operator such as \\sum or \\int")
            return nil
        case .mathStyle(let display, let level):
            let rest = parseList()
            let attributes = [MathAttribute(.displaystyle, display ? "true" : "false"), MathAttribute(.scriptlevel, String(level))]
            return .switched([element(.mstyle, attributes, rest)])
        case .phantom(let kind):
            let phantom = element(.mphantom, [], [parseArgument(for: token)])
            switch kind {
            case .full: return .node(phantom, isFunction: false)
            case .horizontal: return .node(element(.mpadded, [MathAttribute(.height, "0"), MathAttribute(.depth, "0")], [phantom]), isFunction: false)
            case .vertical: return .node(element(.mpadded, [MathAttribute(.width, "0")], [phantom]), isFunction: false)
            }
        case .smash:
            _ = stream.readRawOptional()
            return .node(element(.mpadded, [MathAttribute(.height, "0"), MathAttribute(.depth, "0")], [parseArgument(for: token)]), isFunction: false)
        case .boxed:
            let content = name == "fbox" ? parseText(.normal, token) : parseArgument(for: token)
            let attributes = [MathAttribute(.className, "tex-boxed")]
            return .node(element(.mrow, attributes, [content]), isFunction: false)
        case .atomClass(let atomClass):
            return parseAtomClass(atomClass, token)
        case .extensibleArrow(let arrow):
            let below = parseOptionalArgument(for: token)
            let above = parseArgument(for: token)
            let arrowNode = mo(arrow, [MathAttribute(.stretchy, "true"), MathAttribute(.minsize, "1.75em")])
            func padded(_ node: MathNode) -> MathNode {
                element(.mpadded, [MathAttribute(.width, "+0.6em"), MathAttribute(.lspace, "0.3em")], [node])
            }
            if let below { return .node(element(.munderover, [], [arrowNode, padded(below), padded(above)]), isFunction: false) }
            return .node(element(.mover, [], [arrowNode, padded(above)]), isFunction: false)
        case .modulo(let form):
            return .node(parseModulo(form, token), isFunction: false)
        case .spacedRelation(let arrow):
            return .node(mo(arrow, [MathAttribute(.lspace, "0.5556em"), MathAttribute(.rspace, "0.5556em")]), isFunction: false)
        case .hline:
            report(.misplacedCommand, token, "\\\(name) is only allowed at the start of a row of an array or matrix")
            return nil
        case .substack:
            return .node(parseSubstack(token), isFunction: false)
        case .ignored:
            return nil
        }
    }

    mutating func styled(_ node: MathNode, displayStyle: Bool?) -> MathNode {
        guard let displayStyle else { return node }
        let attributes = displayStyle
            ? [MathAttribute(.displaystyle, "true"), MathAttribute(.scriptlevel, "0")]
            : [MathAttribute(.displaystyle, "false")]
        return element(.mstyle, attributes, [node])
    }

    mutating func reportUnknownCommand(_ name: String, _ token: TexToken) {
        // Suggestions cost a pass over every known name: a formula full of unknown commands gets them
        // for its first few only.
        unknownCommandCount += 1
        var suggestion: String?
        if unknownCommandCount <= 20 {
            suggestion = CommandSuggester.closest(to: name, among: CommandTable.suggestable + stream.macros.keys.sorted())
        }
        report(.unknownCommand, token, name.isEmpty ? "a backslash ends the formula" : "unknown command \\\(name)",
               suggestion: suggestion.map { "\\" + $0 },
               fix: name.isEmpty ? "remove it, or write \\backslash" : "define it under math.macros in site.yml or with \\newcommand in the page")
    }

    /// `\operatorname{name}`: one upright `<mi>`, or with `*` an operator taking limits like `\lim`.
    private mutating func parseOperatorName(_ token: TexToken, limits: Bool) -> Atom {
        let saved = font
        font = .roman
        let argument = parseArgument(for: token)
        font = saved
        var text = ""
        var leaves: [MathNode] = []
        if tree.name(of: argument) == .mrow, let children = tree.children(of: argument) { leaves = Array(children) } else { leaves = [argument] }
        for leaf in leaves {
            guard let value = tree.leaf(of: leaf) else { return .node(argument, isFunction: !limits) }
            text += value.element == .mspace ? "\u{2009}" : value.text
        }
        if limits {
            let attributes = MathAttribute.movableLimits
            return .node(mo(text, attributes, limits: .display), isFunction: false)
        }
        return .node(mi(text, upright: text.unicodeScalars.count == 1), isFunction: true)
    }

    /// `\mathrel{…}` and its kin: an operator with the spacing of its class.
    private mutating func parseAtomClass(_ atomClass: CommandKind.AtomClass, _ token: TexToken) -> Atom {
        let argument = parseArgument(for: token)
        let space: String
        switch atomClass {
        case .ordinary, .inner: return .node(element(.mrow, [], [argument]), isFunction: false)
        case .relation: space = "0.2778em"
        case .binary: space = "0.2222em"
        case .largeOperator: space = "0.1667em"
        case .open, .close, .punctuation: space = "0em"
        }
        let rspace = atomClass == .punctuation ? "0.1667em" : space
        guard let leaf = tree.leaf(of: argument), leaf.element != .mspace else {
            return .node(element(.mpadded, [MathAttribute(.lspace, space), MathAttribute(.width, "+\(space == "0em" ? rspace : space)")], [argument]), isFunction: false)
        }
        var attributes = [MathAttribute(.lspace, space), MathAttribute(.rspace, rspace)]
        if atomClass == .largeOperator { attributes.append(MathAttribute(.movablelimits, "true")) }
        if atomClass == .open || atomClass == .close { attributes.append(MathAttribute(.stretchy, "false")) }
        let limits: MathLeaf.Limits = atomClass == .largeOperator ? .display : .none
        return .node(mo(leaf.text, attributes, limits: limits), isFunction: false)
    }

    private mutating func parseModulo(_ form: String, _ token: TexToken) -> MathNode {
        if form == "bmod" {
            return mo("mod", [MathAttribute(.lspace, "0.2222em"), MathAttribute(.rspace, "0.2222em")])
        }
        let argument = parseArgument(for: token)
        var nodes: [MathNode] = [space(form == "mod" ? "1em" : "1em")]
        if form == "pmod" || form == "pod" { nodes.append(mo("(", MathAttribute.unstretched)) }
        if form != "pod" {
            nodes.append(mi("mod"))
            nodes.append(space("0.3333em"))
        }
        nodes.append(argument)
        if form == "pmod" || form == "pod" { nodes.append(mo(")", MathAttribute.unstretched)) }
        return element(.mrow, [], nodes)
    }

    /// `\not` before a relation: the negated character where Unicode has one, else U+0338 after it.
    private mutating func parseNot(_ token: TexToken) -> Atom? {
        var next = stream.next()
        while case .space = next.kind { next = stream.next() }
        var text: String?
        switch next.kind {
        case .character(let scalar): text = String(scalar)
        case .command(let name):
            if let symbol = SymbolTable.symbols[name] { text = symbol.text }
        default: break
        }
        guard let text else {
            stream.giveBack(next)
            report(.missingArgument, token, "\\not must be followed by a relation such as = or \\in")
            return nil
        }
        return .node(mo(Self.negations[text] ?? text + "\u{0338}"), isFunction: false)
    }

    static let negations: [String: String] = [
        "=": "≠", "<": "≮", ">": "≯", "≤": "≰", "≥": "≱", "∈": "∉", "∋": "∌", "⊂": "⊄", "⊃": "⊅", "⊆": "⊈", "⊇": "⊉",
        "≡": "≢", "∼": "≁", "≃": "≄", "≈": "≉", "≅": "≇", "∥": "∦", "∣": "∤", "≺": "⊀", "≻": "⊁", "⊢": "⊬",
        "⊨": "⊭", "→": "↛", "←": "↚", "↔": "↮", "⇒": "⇏", "⇐": "⇍", "⇔": "⇎", "∃": "∄", "≍": "≭", "⪯": "⋠", "⪰": "⋡",
    ]

    /// Reads a length such as `1em`, `-3mu` or `2.5pt` as a CSS length (`mu` becomes `em`).
    private mutating func readLength(for token: TexToken, braced: Bool) -> String? {
        var text = ""
        var span = token
        if braced {
            guard let argument = readTextArgument(for: token) else { return nil }
            text = argument.text.filter { $0 != " " }
            span = argument.token
        } else {
            while true {
                let next = stream.next()
                if case .character(let scalar) = next.kind, "+-.0123456789".unicodeScalars.contains(scalar) || TexLexer.isLetter(UInt8(truncatingIfNeeded: scalar.value)) && scalar.value < 0x80 && text.unicodeScalars.filter({ TexLexer.isLetter(UInt8(truncatingIfNeeded: $0.value)) }).count < 2 {
                    text.unicodeScalars.append(scalar)
                    continue
                }
                if case .space = next.kind, text.isEmpty { continue }
                stream.giveBack(next)
                break
            }
        }
        let units = ["em", "ex", "pt", "mu", "cm", "mm", "in", "px", "pc", "bp"]
        guard text.utf8.count > 2, let unit = units.first(where: { text.hasSuffix($0) }),
              let value = Double(text.dropLast(2)), value.isFinite, abs(value) < 10_000 else {
            report(.badLength, span, "\(text.isEmpty ? "this" : "“\(text)” is not a") length", fix: "write a number and a unit, such as 1em, 2pt or 3mu")
            return nil
        }
        if unit == "mu" { return Self.format(value / 18) + "em" }
        if unit == "bp" { return Self.format(value) + "pt" }
        return Self.format(value) + unit
    }

    /// `value` with at most four decimals and no trailing zeros (without Foundation's formatting).
    static func format(_ value: Double) -> String {
        let scaled = Int(value * 10_000 + (value >= 0 ? 0.5 : -0.5))
        let sign = scaled < 0 ? "-" : ""
        let magnitude = abs(scaled)
        var fraction = String(magnitude % 10_000)
        guard fraction != "0" else { return sign + String(magnitude / 10_000) }
        fraction = String(repeating: "0", count: 4 - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return sign + String(magnitude / 10_000) + "." + fraction
    }
}

extension TokenStream {
    /// Consumes a `*` if it comes next (`\operatorname*`, `\tag*`, `\hspace*`).
    mutating func nextIsStar() -> Bool {
        let token = next()
        if token.isCharacter("*") { return true }
        giveBack(token)
        return false
    }
}
