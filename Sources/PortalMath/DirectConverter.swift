/// Writes the MathML of a formula made only of the most common constructs straight from its bytes,
/// in one pass, without tokens, a tree or a `String` for each leaf; gives up (nil) at anything else,
/// and `MathConverter` then converts the formula with the full parser.
///
/// Most formulas of a page are short and plain (`p_\mathrm{T} > 25\,\mathrm{GeV}`, `\sqrt{s}`,
/// `\hat{y}_i`), and converting them through tokens, a tree and a writer cost several times what
/// writing their MathML does. What this writes must be byte for byte what the full converter writes:
/// it follows the parser's rules (the same tables, fonts, sign and braced-operator rules), and gives up
/// wherever the parser would report an error, expand a macro, number a line or read anything it does
/// not handle here. `DirectConverterTests` compare the two on the golden corpus and on generated
/// formulas.
///
/// Handled: ASCII letters, digits and symbols; groups; `_` and `^`; the symbol commands (Greek letters,
/// relations, arrows, big operators); function names (`\log`, `\max`, with the function application
/// and the spaces the parser puts around them); the math alphabets (`\mathrm`, `\mathbf`, …); `\frac`,
/// `\dfrac`, `\tfrac`; `\sqrt` without an index; accents (`\hat`, `\bar`, `\vec`, …); `\left…\right`
/// without `\middle`; spaces (`\,`, `\quad`); `\text` and its kin holding plain ASCII text; the
/// matrices, `cases` and `aligned` (`split`) without `\hline` or a row break's `[…]`. Not handled (the
/// full parser takes the formula): anything else, such as non-ASCII characters, comments, primes,
/// `\limits`, `\operatorname`, `\color`, the numbered environments and `array`, labels and
/// references, macros, and errors of any kind.
struct DirectConverter {
    /// Why the formula is left to the full converter.
    struct Unsupported: Error {}

    /// What the rules that look at a node's neighbours need to know of a node written.
    struct Node {
        enum Kind: Equatable {
            /// `<mo>`, whose text is `output[text]`.
            case operatorLeaf
            /// `<mi>` or `<mn>`, spaced by TeX as an ordinary symbol.
            case ordinaryLeaf
            case textLeaf
            case space
            /// `<mrow>` or `<mstyle>`.
            case row
            /// Any other element.
            case element
        }

        /// Where its bytes start in the output.
        var start: Int
        var kind: Kind
        /// Where an `<mo>`'s text (escaped) is in the output.
        var text: Range<Int> = 0..<0
        var hasAttributes = false
        var hasLeftSpace = false
        var limits: MathLeaf.Limits = .none
        /// A function name such as `\sin`, which the next atom is the argument of.
        var isFunction = false
    }

    /// Deeper than this, the full parser (with its own limit and error) takes the formula.
    static let maximumDepth = 100

    let source: UnsafeBufferPointer<UInt8>
    let macros: [String: MacroDefinition]
    let tables = Tables.shared
    var position = 0
    var output: ByteSink
    var font: MathFont = .normal
    var depth = 0

    private init(source: UnsafeBufferPointer<UInt8>, macros: [String: MacroDefinition]) {
        self.source = source
        self.macros = macros
        output = ByteSink(capacity: source.count * 12 + 128)
    }

    /// The `<math>` element of `source` (UTF-8 bytes of the TeX), or nil when the formula is not one
    /// this writes.
    static func mathML(of source: UnsafeBufferPointer<UInt8>, display: Bool, macros: [String: MacroDefinition]) -> String? {
        var converter = DirectConverter(source: source, macros: macros)
        do {
            return try converter.formula(display: display)
        } catch {
            return nil
        }
    }

    mutating func formula(display: Bool) throws(Unsupported) -> String {
        output.append(display ? "<math display=\"block\"><semantics>" : "<math><semantics>")
        let start = output.count
        let (count, _) = try list()
        guard position == source.count else { throw Unsupported() }
        wrapRow(from: start, count: count)
        output.append("<annotation encoding=\"application/x-tex\">")
        output.appendEscaped(source, droppingControlCharacters: true)
        output.append("</annotation></semantics></math>")
        return output.string
    }

    // MARK: Lists

    /// Writes atoms with their scripts up to a token that ends lists (`}`, `&`, `\\`, `\end`, `\right`,
    /// `\middle`) or the end, which is left unread, as `MathParser.parseList` reads them (with its
    /// `closeUpBeforeParentheses` and `markUnarySigns`); returns how many nodes it wrote and the last.
    mutating func list() throws(Unsupported) -> (count: Int, last: Node?) {
        var count = 0
        var previous: Node?
        var functionPending = false
        while true {
            skipSpaces()
            guard position < source.count, !endsList(at: position) else { break }
            var atom = try atom(single: false)
            if functionPending, let application = functionApplication(before: atom) {
                previous = insertOperator(tables.functionApplication, application, before: &atom)
                count += 1
            }
            // TeX puts a thin space between an ordinary symbol or a closing delimiter and a function
            // name (`2\ln x`, `(1-y)\log p`).
            if atom.isFunction, let before = previous, before.kind == .ordinaryLeaf || before.kind == .element || isClosing(before) {
                previous = insertThinSpace(before: &atom)
                count += 1
            }
            functionPending = atom.isFunction
            var node = try scripts(of: atom)
            if node.kind == .operatorLeaf, var before = previous, before.kind == .operatorLeaf, before.limits == .display {
                closeUpBeforeParenthesis(&before, node: &node)
            }
            if node.kind == .operatorLeaf, !node.hasAttributes, isSign(node.text) {
                if let previous {
                    if previous.kind == .operatorLeaf, contains(tables.beforeUnary, previous) { closeUp(&node) }
                } else {
                    closeUp(&node)
                }
            }
            previous = node
            count += 1
        }
        return (count, previous)
    }

    /// Whether the token at `index` ends lists (`MathParser.terminator`).
    func endsList(at index: Int) -> Bool {
        switch source[index] {
        case UInt8(ascii: "}"), UInt8(ascii: "&"): return true
        case UInt8(ascii: "\\"):
            guard index + 1 < source.count else { return false }
            switch source[index + 1] {
            case UInt8(ascii: "\\"): return true
            case UInt8(ascii: "c"): return command("cr", at: index)
            case UInt8(ascii: "n"): return command("newline", at: index)
            case UInt8(ascii: "e"): return command("end", at: index)
            case UInt8(ascii: "r"): return command("right", at: index)
            case UInt8(ascii: "m"): return command("middle", at: index)
            default: return false
            }
        default: return false
        }
    }

    /// The attributes of the invisible function application before `atom`, the argument of a function
    /// name, as `MathParser.functionApplication` gives it; nil for none (before an operator).
    func functionApplication(before atom: Node) -> Attributes? {
        switch atom.kind {
        case .operatorLeaf: return contains(tables.openings, atom) ? tables.none : nil
        case .space: return nil
        default: return tables.spacedAfter
        }
    }

    /// Writes an operator leaf before `node`, which moves after it; returns the leaf.
    mutating func insertOperator(_ text: Text, _ attributes: Attributes, before node: inout Node) -> Node {
        let end = output.count
        var leaf = operatorLeaf(text, attributes)
        move(&leaf, before: &node, end: end)
        return leaf
    }

    mutating func insertThinSpace(before node: inout Node) -> Node {
        let end = output.count
        var leaf = space("0.1667em")
        move(&leaf, before: &node, end: end)
        return leaf
    }

    /// Moves `leaf`, written last, from `end` to before `node`, which ends at `end`.
    mutating func move(_ leaf: inout Node, before node: inout Node, end: Int) {
        let nodeLength = end - node.start
        let leafLength = output.count - end
        output.swap(node.start..<end, end..<output.count)
        leaf.start -= nodeLength
        leaf.text = (leaf.text.lowerBound - nodeLength)..<(leaf.text.upperBound - nodeLength)
        node.start += leafLength
        node.text = (node.text.lowerBound + leafLength)..<(node.text.upperBound + leafLength)
    }

    /// `MathParser.closeUpBeforeParentheses`: no space after `\max` and its kin (`before`) before an
    /// opening parenthesis (`node`).
    mutating func closeUpBeforeParenthesis(_ before: inout Node, node: inout Node) {
        guard contains(tables.parentheses, node), output.withBytes(before.text, { Self.scalarCount($0) > 1 }) else { return }
        var index = before.start
        let attribute: [UInt8] = Array(" rspace=\"".utf8)
        while index < before.text.lowerBound, !(0..<attribute.count).allSatisfy({ output[index + $0] == attribute[$0] }) { index += 1 }
        guard index < before.text.lowerBound else { return }
        let valueStart = index + attribute.count
        var valueEnd = valueStart
        while output[valueEnd] != UInt8(ascii: "\"") { valueEnd += 1 }
        let shift = output.replace(valueStart..<valueEnd, with: "0em")
        node.start += shift
        node.text = (node.text.lowerBound + shift)..<(node.text.upperBound + shift)
    }

    /// Whether `node` is a closing delimiter written as itself (`MathParser.isClosing`).
    func isClosing(_ node: Node) -> Bool {
        node.kind == .operatorLeaf && contains(tables.closings, node)
    }

    /// The nodes written from `start` as one: an `<mrow>` unless there is exactly one.
    mutating func wrapRow(from start: Int, count: Int) {
        guard count != 1 else { return }
        output.insert("<mrow>", at: start)
        output.append("</mrow>")
    }

    /// Adds `MathAttribute.closedUp` to the operator leaf `node`.
    mutating func closeUp(_ node: inout Node) {
        // The opening tag ends just before the text.
        let end = node.text.lowerBound - 1
        let added = tables.closedUp.text
        output.insert(added.start, count: added.count, at: end)
        node.text = (node.text.lowerBound + added.count)..<(node.text.upperBound + added.count)
        node.hasAttributes = true
        node.hasLeftSpace = true
    }

    /// Whether the escaped text `range` of the output is one of `MathParser.signs` (`−`, `+`, `±`, `∓`).
    func isSign(_ range: Range<Int>) -> Bool {
        // Most operators are not signs: `+` or a character reference, of at most eight bytes.
        guard !range.isEmpty, range.count <= 8 else { return false }
        let first = output[range.lowerBound]
        guard first == UInt8(ascii: "+") || first == UInt8(ascii: "&") else { return false }
        return output.withBytes(range) { tables.signs[$0] != nil }
    }

    /// Whether the text of the operator leaf `node` is in `table`.
    func contains(_ table: ByteKeyedTable<Void>, _ node: Node) -> Bool {
        output.withBytes(node.text) { table[$0] != nil }
    }

    /// How many scalars an escaped text holds (an entity or a character reference is one).
    static func scalarCount(_ text: UnsafeBufferPointer<UInt8>) -> Int {
        var count = 0
        var index = 0
        while index < text.count {
            count += 1
            if text[index] == UInt8(ascii: "&") {
                while index < text.count, text[index] != UInt8(ascii: ";") { index += 1 }
            }
            index += 1
        }
        return count
    }

    /// The scripts after `node`, if any: `<msub>`, `<msup>` or `<msubsup>` (under and over for a big
    /// operator), as `Nucleus.build` makes them.
    mutating func scripts(of node: Node) throws(Unsupported) -> Node {
        var lower: Range<Int>?
        var upper: Range<Int>?
        reading: while true {
            skipSpaces()
            guard position < source.count else { break }
            switch source[position] {
            case UInt8(ascii: "_"): try script(&lower)
            case UInt8(ascii: "^"): try script(&upper)
            case UInt8(ascii: "'"):
                throw Unsupported()
            case UInt8(ascii: "\\"):
                if position + 1 < source.count, source[position + 1] == UInt8(ascii: "l") || source[position + 1] == UInt8(ascii: "n"),
                   command("limits", at: position) || command("nolimits", at: position) {
                    throw Unsupported()
                }
                break reading
            default:
                break reading
            }
        }
        guard lower != nil || upper != nil else { return node }
        // Written in the order of the source; MathML wants the subscript first.
        if let lower, let upper, upper.lowerBound < lower.lowerBound { output.swap(upper, lower) }
        let underOver = node.limits == .display || node.limits == .always
        let element: MathElement = switch (lower != nil, upper != nil) {
        case (true, true): underOver ? .munderover : .msubsup
        case (true, false): underOver ? .munder : .msub
        default: underOver ? .mover : .msup
        }
        output.insert(element.openingTag, at: node.start)
        output.append(element.closingTag)
        return Node(start: node.start, kind: .element)
    }

    /// The script whose `_` or `^` is at `position`; where it was written goes in `range`, which a
    /// second script of the same kind (an error) would find set.
    mutating func script(_ range: inout Range<Int>?) throws(Unsupported) {
        guard range == nil else { throw Unsupported() }
        position += 1
        let start = output.count
        try scriptArgument()
        range = start..<output.count
    }

    /// The argument of `^` or `_`: one atom or a group, as `MathParser.parseScriptArgument` reads it.
    mutating func scriptArgument() throws(Unsupported) {
        skipSpaces()
        guard position < source.count else { throw Unsupported() }
        switch source[position] {
        case UInt8(ascii: "}"), UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "&"): throw Unsupported()
        default: break
        }
        try enter()
        let saved = font
        _ = try atom(single: true)
        font = saved
        depth -= 1
    }

    // MARK: Reading

    /// The name of the command whose backslash is at `index`: its letters, or the one character of a
    /// control symbol (`\,`); empty for a backslash at the end.
    func commandName(at index: Int) -> UnsafeBufferPointer<UInt8> {
        let first = index + 1
        guard first < source.count else { return UnsafeBufferPointer(rebasing: source[first..<first]) }
        var end = first + 1
        if TexLexer.isLetter(source[first]) {
            while end < source.count, TexLexer.isLetter(source[end]) { end += 1 }
        }
        return UnsafeBufferPointer(rebasing: source[first..<end])
    }

    /// Whether the command whose backslash is at `index` is `\name`.
    func command(_ name: StaticString, at index: Int) -> Bool {
        let found = commandName(at: index)
        return ByteKeyedTable<Void>.equal(found, UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
    }

    mutating func skipSpaces() {
        while position < source.count, TexLexer.isSpace(source[position]) { position += 1 }
    }

    mutating func enter() throws(Unsupported) {
        guard depth < Self.maximumDepth else { throw Unsupported() }
        depth += 1
    }

    static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
}
