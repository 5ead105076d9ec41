/// Reads the tokens of one formula into `MathNode`s, collecting errors and going on after them.
///
/// Recursive descent over TeX's math grammar. Containers (a brace group, a table cell, `\left…\right`,
/// an optional `[…]` argument) each parse a list up to a token that ends lists; a container that meets a
/// token belonging to a container outside it reports itself unclosed and hands the token on, so one
/// missing brace gives one error and the rest of the formula still converts.
struct MathParser {
    var stream: TokenStream
    let display: Bool
    /// The nodes made so far.
    var tree: MathTree
    var errors: [MathError] = []
    /// The lines that may be numbered, in order.
    var equations: [ParsedEquation] = []
    /// Labels, tags and `\nonumber`s met outside any numbered line (a plain display formula).
    var looseLine = ParsedEquation(numbered: false)
    /// The line of a numbered environment being parsed, if any.
    var currentEquation: Int?
    var references: [ParsedReference] = []
    /// Whether a numbered environment (`equation`, `align`, `gather`) has been used in this formula.
    var numberedEnvironmentUsed = false

    /// Open containers around the one being parsed, to know who a closing token belongs to.
    var groupDepth = 0
    var tableDepth = 0
    var leftDepth = 0
    /// Open `$…$` inside `\text{…}`.
    var textMathDepth = 0
    /// All open containers, bounded so that deep nesting is an error and not a stack overflow.
    var depth = 0
    static let maximumDepth = 200
    var nestingReported = false

    /// How many unknown commands were met, to bound the work of suggesting names.
    var unknownCommandCount = 0

    /// The alphabet in force for letters and digits (`\mathbf`, `\bf`).
    var font: MathFont = .normal

    init(stream: TokenStream, display: Bool) {
        self.stream = stream
        self.display = display
        tree = MathTree(sourceLength: stream.sourceLength)
    }

    /// The tokens that end a list, and who they belong to.
    enum Terminator: Equatable {
        case endOfInput, closeBrace, alignment, rowBreak, endEnvironment, right, middle, closeBracket, mathShift
    }

    /// Parses the whole formula.
    mutating func parseFormula() -> [MathNode] {
        var nodes: [MathNode] = []
        while true {
            let list = parseList()
            if nodes.isEmpty { nodes = list } else { nodes += list }
            let token = stream.next()
            guard let terminator = terminator(of: token), terminator != .endOfInput else { break }
            reportMisplaced(token, terminator)
        }
        return nodes
    }

    /// What `token` ends, if anything. Inlined, so that the parser is not copied for each token: a
    /// method that does not mutate the parser is handed a copy of it when called from one that does.
    @inline(__always)
    func terminator(of token: TexToken, bracket: Bool = false) -> Terminator? {
        Self.terminator(of: token, bracket: bracket, inTextMath: textMathDepth > 0)
    }

    static func terminator(of token: TexToken, bracket: Bool, inTextMath: Bool) -> Terminator? {
        switch token.kind {
        case .end: return .endOfInput
        case .endGroup: return .closeBrace
        case .alignment: return .alignment
        case .character("]") where bracket: return .closeBracket
        case .mathShift where inTextMath: return .mathShift
        case .command(let name):
            // Most commands end nothing: their first character says so, and names the one command
            // to compare with.
            switch name.utf8.first {
            case UInt8(ascii: "\\"): return name == "\\" ? .rowBreak : nil
            case UInt8(ascii: "c"): return name == "cr" ? .rowBreak : nil
            case UInt8(ascii: "n"): return name == "newline" ? .rowBreak : nil
            case UInt8(ascii: "e"): return name == "end" ? .endEnvironment : nil
            case UInt8(ascii: "r"): return name == "right" ? .right : nil
            case UInt8(ascii: "m"): return name == "middle" ? .middle : nil
            default: return nil
            }
        default: return nil
        }
    }

    /// Whether a container outside the current one takes `terminator`.
    func isTakenOutside(_ terminator: Terminator) -> Bool {
        switch terminator {
        case .endOfInput: return true
        case .closeBrace: return groupDepth > 0
        case .alignment, .rowBreak, .endEnvironment: return tableDepth > 0
        case .right, .middle: return leftDepth > 0
        case .closeBracket: return false
        case .mathShift: return textMathDepth > 0
        }
    }

    /// Reports a closing token that no open container takes, and skips it (with its argument).
    mutating func reportMisplaced(_ token: TexToken, _ terminator: Terminator) {
        switch terminator {
        case .closeBrace:
            report(.unbalancedBrace, token, "this } closes no {", fix: "remove it or add a { before it")
        case .alignment:
            report(.misplacedAlignment, token, "& is only allowed in an environment with columns",
                   fix: "put the lines in \\begin{aligned}…\\end{aligned} or a matrix")
        case .rowBreak:
            report(.misplacedRowBreak, token, "\\\\ is only allowed in an environment with lines",
                   fix: "put the lines in \\begin{gathered}…\\end{gathered} or \\begin{aligned}…\\end{aligned}")
        case .endEnvironment:
            let name = readEnvironmentName(after: token) ?? ""
            report(.environmentMismatch, token, "\\end{\(name)} has no \\begin{\(name)}", fix: "remove it or add \\begin{\(name)} before it")
        case .right:
            _ = readDelimiter(after: token)
            report(.unmatchedRight, token, "\\right has no \\left before it", fix: "add a \\left before it, or write the delimiter alone")
        case .middle:
            _ = readDelimiter(after: token)
            report(.unmatchedRight, token, "\\middle is only allowed between \\left and \\right")
        case .endOfInput, .closeBracket, .mathShift:
            break
        }
    }

    /// Parses atoms with their scripts up to a token that ends lists, which is left unread.
    mutating func parseList(stopAtBracket: Bool = false) -> [MathNode] {
        var nodes: [MathNode] = []
        // Room for a typical list at once, rather than growing it from one node.
        nodes.reserveCapacity(8)
        var nucleus: Nucleus?
        var functionPending = false
        while true {
            let token = stream.next()
            if terminator(of: token, bracket: stopAtBracket) != nil {
                stream.giveBack(token)
                break
            }
            switch token.kind {
            case .space:
                continue
            case .superscriptMark, .subscriptMark:
                var current = nucleus ?? Nucleus(base: row([]))
                let isSuperscript = token.kind == .superscriptMark
                let script = parseScriptArgument(after: token)
                if isSuperscript ? current.upper != nil : current.lower != nil {
                    report(.doubleScript, token, isSuperscript ? "double superscript" : "double subscript",
                           fix: "group the scripts in braces, such as x^{a^b} or {x^a}^b")
                } else if isSuperscript {
                    current.upper = script
                } else {
                    current.lower = script
                }
                nucleus = current
                continue
            case .character("'"):
                var current = nucleus ?? Nucleus(base: row([]))
                if current.upper != nil {
                    report(.doubleScript, token, "a prime after a superscript is a double superscript", fix: "write the prime first, as in x'^2")
                } else {
                    current.primes += 1
                }
                nucleus = current
                continue
            case .command("limits"), .command("nolimits"):
                if let current = nucleus, tree.isLimitsOperator(current.base) {
                    let limits = token.commandName == "limits"
                    tree.update(current.base) { leaf in
                        leaf.limits = limits ? .always : .side
                        leaf.attributes.removeAll { $0.name == .movablelimits }
                        if limits { leaf.attributes.append(MathAttribute(.movablelimits, "false")) }
                    }
                } else {
                    report(.misplacedCommand, token, "\\\(token.commandName ?? "") must follow a big operator such as \\sum or \\int")
                }
                continue
            default:
                break
            }
            if let current = nucleus {
                nodes.append(current.build(in: &tree))
                functionPending = current.isFunction
                nucleus = nil
            }
            guard let atom = parseAtom(token) else { continue }
            if case .switched(let rest) = atom {
                nodes += rest
                functionPending = false
                continue
            }
            let node: MathNode
            var isFunction = false
            var underOver = false
            switch atom {
            case .node(let atomNode, let function):
                node = atomNode
                isFunction = function
            case .underOver(let atomNode):
                node = atomNode
                underOver = true
            case .switched:
                continue
            }
            if functionPending, let application = functionApplication(before: node) {
                nodes.append(application)
            }
            functionPending = false
            if isFunction, let previous = nodes.last, Self.isOrdinary(previous, in: tree) || Self.isClosing(previous, in: tree) {
                // TeX puts a thin space between an ordinary symbol or a closing delimiter and a
                // function name (`2\ln x`, `(1-y)\log p`).
                nodes.append(space("0.1667em"))
            }
            nucleus = Nucleus(base: node, isFunction: isFunction)
            nucleus?.scriptsUnderOver = underOver
        }
        if let current = nucleus {
            nodes.append(current.build(in: &tree))
        }
        closeUpBeforeParentheses(nodes)
        markUnarySigns(nodes)
        return nodes
    }

    /// The signs that TeX reads as unary where nothing stands before them to add or subtract from.
    static let signs: Set<String> = ["−", "+", "±", "∓"]

    /// Whether `text` may be one of `signs`: its first byte is that of one (`+`, or the lead byte of
    /// `−`, `±` and `∓`), so most operators are passed over without hashing their text.
    private static func mayBeSign(_ text: String) -> Bool {
        guard let first = text.utf8.first else { return false }
        return first == UInt8(ascii: "+") || first == 0xE2 || first == 0xC2
    }

    /// What a sign after it is the sign of (`[-\pi`, `= -1`, `, -x`, `\times -2`): an opening
    /// delimiter, a relation, an arrow, punctuation or another binary operator. After an ordinary
    /// symbol or a closing one (`a/-b`, `n!-1`) TeX keeps the sign binary.
    static let beforeUnary: Set<String> = {
        var texts: Set<String> = ["(", "[", "{", "⟨", "⌊", "⌈", "⟦", "=", "<", ">", ",", ";", ":", "+", "−", "±", "∓", "⋅", "×"]
        for (_, text) in SymbolTable.relations + SymbolTable.arrows + SymbolTable.binaryOperators { texts.insert(text) }
        return texts
    }()

    /// Gives a sign that is unary no space on either side, as TeX does: the browser spaces an `<mo>`
    /// inside a row as an infix operator (`[ − π`), knowing nothing of what stands before it.
    /// The leaves are read in place: this looks at every node of every list.
    private mutating func markUnarySigns(_ nodes: [MathNode]) {
        for index in nodes.indices {
            guard let leaf = tree.leafIndex(of: nodes[index]), tree.leaves[leaf].element == .mo, tree.leaves[leaf].attributes.isEmpty,
                  Self.mayBeSign(tree.leaves[leaf].text), Self.signs.contains(tree.leaves[leaf].text) else { continue }
            if index > 0 {
                guard let previous = tree.leafIndex(of: nodes[index - 1]), tree.leaves[previous].element == .mo,
                      Self.beforeUnary.contains(tree.leaves[previous].text) else { continue }
            }
            tree.update(nodes[index]) { $0.attributes = MathAttribute.closedUp }
        }
    }

    /// Takes away the space after `\max`, `\det` and their kin before an opening parenthesis, as TeX
    /// puts no space between an operator and an opening delimiter (`\max(a, b)`).
    private mutating func closeUpBeforeParentheses(_ nodes: [MathNode]) {
        guard nodes.count > 1 else { return }
        for index in 0..<(nodes.count - 1) {
            guard tree.limits(of: nodes[index]) == .display, let leaf = tree.leaf(of: nodes[index]), leaf.text.unicodeScalars.count > 1,
                  let next = tree.leaf(of: nodes[index + 1]), next.element == .mo, Self.limitsParentheses.contains(next.text) else { continue }
            tree.update(nodes[index]) { leaf in
                leaf.attributes = leaf.attributes.map { $0.name == .rspace ? MathAttribute(.rspace, "0em") : $0 }
            }
        }
    }

    /// The invisible function application between a function name and `node`, with TeX's thin space
    /// before an argument that is not in parentheses (`\sin x`, `\log \hat{y}`); nil before an
    /// operator (`\sin + x` reads no argument).
    private mutating func functionApplication(before node: MathNode) -> MathNode? {
        guard let leaf = tree.leaf(of: node) else { return mo("\u{2061}", [MathAttribute(.rspace, "0.1667em")]) }
        switch leaf.element {
        case .mo:
            return Self.argumentOpenings.contains(leaf.text) ? mo("\u{2061}") : nil
        case .mspace:
            return nil
        default:
            return mo("\u{2061}", [MathAttribute(.rspace, "0.1667em")])
        }
    }

    /// What `\max` and its kin lose the space after them before.
    static let limitsParentheses: Set<String> = ["(", "[", "{", "|"]

    /// What a function name's argument may open with, written without a space after the name.
    static let argumentOpenings: Set<String> = ["(", "[", "{", "⟨", "|", "‖"]

    /// Whether `node` is spaced as an ordinary symbol by TeX (not an operator, a space or a fence).
    private static func isOrdinary(_ node: MathNode, in tree: MathTree) -> Bool {
        guard let leaf = tree.leaf(of: node) else {
            if let name = tree.name(of: node) { return name != .mrow && name != .mstyle }
            return false
        }
        return leaf.element == .mi || leaf.element == .mn
    }

    /// Whether `node` is a closing delimiter written as itself (`)`, `]`, `\}`), which TeX spaces as a Close atom.
    private static func isClosing(_ node: MathNode, in tree: MathTree) -> Bool {
        guard let leaf = tree.leafIndex(of: node), tree.leaves[leaf].element == .mo, let first = tree.leaves[leaf].text.utf8.first,
              first == UInt8(ascii: ")") || first == UInt8(ascii: "]") || first == UInt8(ascii: "}") || first == 0xE2 else { return false }
        return Self.closings.contains(tree.leaves[leaf].text)
    }

    static let closings: Set<String> = [")", "]", "}", "⟩", "⌋", "⌉", "⟧"]

    /// What reading one atom gives.
    enum Atom {
        /// One node, which scripts may follow; `isFunction` for `\sin` and its kin.
        case node(MathNode, isFunction: Bool)
        /// A node whose scripts go under and over it (`\overbrace{…}^{label}`).
        case underOver(MathNode)
        /// A switch such as `\color{red}` has read the rest of the list.
        case switched([MathNode])
    }

    /// Parses the argument of `^` or `_`: one atom or a group, never with scripts of its own.
    mutating func parseScriptArgument(after token: TexToken) -> MathNode {
        var next = stream.next()
        while case .space = next.kind { next = stream.next() }
        if terminator(of: next) != nil || next.kind == .superscriptMark || next.kind == .subscriptMark {
            stream.giveBack(next)
            report(.missingArgument, token, token.kind == .superscriptMark ? "^ needs a superscript" : "_ needs a subscript",
                   fix: "write the script after it, in braces if it is more than one symbol")
            return row([])
        }
        guard enter(next) else { return row([]) }
        let saved = font
        defer {
            font = saved
            depth -= 1
        }
        switch parseAtom(next, single: true) {
        case .node(let node, _)?, .underOver(let node)?: return node
        case .switched(let nodes)?: return row(nodes)
        case nil: return row([])
        }
    }

    mutating func report(_ kind: MathError.Kind, _ token: TexToken, _ message: String, suggestion: String? = nil, fix: String? = nil) {
        errors.append(MathError(kind: kind, offset: token.offset, length: token.length, message: message, suggestion: suggestion, fix: fix))
    }

    /// Enters a container; false (with an error) when containers are nested too deeply.
    mutating func enter(_ token: TexToken) -> Bool {
        guard depth < Self.maximumDepth else {
            if !nestingReported {
                nestingReported = true
                report(.nestingLimit, token, "groups and commands are nested more than \(Self.maximumDepth) deep here")
            }
            return false
        }
        depth += 1
        return true
    }
}
