/// A node of a parsed formula: where it is in the formula's `MathTree`.
///
/// A handle and not the node itself, so that a tree is a few flat arrays built once and freed at once,
/// instead of a box and a list for every node, each counted and freed on its own.
enum MathNode: Equatable {
    /// `<mi>`, `<mn>`, `<mo>`, `<mtext>` or `<mspace>`: `MathTree.leaves[index]`.
    case leaf(Int32)
    /// Any other element: `MathTree.elements[index]`.
    case element(Int32)
    /// The text of `\ref`/`\eqref` number `index` of the formula, written as an `<mtext>` the result
    /// can fill in later.
    case reference(Int32)
    /// The lines of a display environment that may carry equation numbers: `MathTree.layouts[index]`.
    case equations(Int32)
}

/// The nodes of one formula, in the order they were made (children before their parent).
///
/// Leaves keep what the parser still needs to know about them (where a big operator puts its limits);
/// everything else is an element with its attributes and a run of `children`.
struct MathTree {
    /// An element: its name, attributes, and its children `children[childStart..<childStart + childCount]`.
    struct Element {
        var name: MathElement
        var attributes: [MathAttribute]
        var childStart: Int32
        var childCount: Int32
    }

    private(set) var leaves: [MathLeaf] = []
    private(set) var elements: [Element] = []
    private(set) var children: [MathNode] = []
    private(set) var layouts: [EquationLayout] = []

    /// A tree with room for about as many nodes as a formula of `sourceLength` bytes has bytes.
    init(sourceLength: Int) {
        leaves.reserveCapacity(sourceLength)
        elements.reserveCapacity(sourceLength / 2)
        children.reserveCapacity(sourceLength)
    }

    mutating func leaf(_ leaf: MathLeaf) -> MathNode {
        leaves.append(leaf)
        return .leaf(Int32(leaves.count - 1))
    }

    mutating func element(_ name: MathElement, _ attributes: [MathAttribute], _ nodes: [MathNode]) -> MathNode {
        let start = children.count
        children.append(contentsOf: nodes)
        return record(name, attributes, start)
    }

    /// An element of one child, without a list for it.
    mutating func element(_ name: MathElement, _ attributes: [MathAttribute], _ child: MathNode) -> MathNode {
        let start = children.count
        children.append(child)
        return record(name, attributes, start)
    }

    /// An element of two children (a fraction, a script), without a list for them.
    mutating func element(_ name: MathElement, _ attributes: [MathAttribute], _ first: MathNode, _ second: MathNode) -> MathNode {
        let start = children.count
        children.append(first)
        children.append(second)
        return record(name, attributes, start)
    }

    /// An element of three children (`<msubsup>`, `<munderover>`).
    mutating func element(_ name: MathElement, _ attributes: [MathAttribute], _ first: MathNode, _ second: MathNode, _ third: MathNode) -> MathNode {
        let start = children.count
        children.append(first)
        children.append(second)
        children.append(third)
        return record(name, attributes, start)
    }

    private mutating func record(_ name: MathElement, _ attributes: [MathAttribute], _ start: Int) -> MathNode {
        elements.append(Element(name: name, attributes: attributes, childStart: Int32(start), childCount: Int32(children.count - start)))
        return .element(Int32(elements.count - 1))
    }

    mutating func equations(_ layout: EquationLayout) -> MathNode {
        layouts.append(layout)
        return .equations(Int32(layouts.count - 1))
    }

    /// The leaf `node` is, if it is one.
    func leaf(of node: MathNode) -> MathLeaf? {
        if case .leaf(let index) = node { return leaves[Int(index)] }
        return nil
    }

    /// Where the leaf `node` is in `leaves`, if it is one: its fields are then read in place, where
    /// `leaf(of:)` copies the whole leaf with its text and attributes.
    func leafIndex(of node: MathNode) -> Int? {
        if case .leaf(let index) = node { return Int(index) }
        return nil
    }

    /// The limits of the leaf `node` is, `.none` for anything else.
    func limits(of node: MathNode) -> MathLeaf.Limits {
        if case .leaf(let index) = node { return leaves[Int(index)].limits }
        return .none
    }

    /// Changes the leaf `node` is (which must be one).
    mutating func update(_ node: MathNode, _ change: (inout MathLeaf) -> Void) {
        guard case .leaf(let index) = node else { return }
        change(&leaves[Int(index)])
    }

    /// The name of the element `node` is, if it is one.
    func name(of node: MathNode) -> MathElement? {
        if case .element(let index) = node { return elements[Int(index)].name }
        return nil
    }

    /// The children of the element `node` is, if it is one.
    func children(of node: MathNode) -> ArraySlice<MathNode>? {
        guard case .element(let index) = node else { return nil }
        let element = elements[Int(index)]
        return children[Int(element.childStart)..<Int(element.childStart + element.childCount)]
    }

    /// Whether `node` is an operator that can take limits (∑, ∫, lim), which `\limits` may follow.
    func isLimitsOperator(_ node: MathNode) -> Bool {
        leaf(of: node).map { $0.limits != .none } ?? false
    }
}

/// Making nodes, for the parser.
extension MathParser {
    /// The list as one node: itself when it holds one node, else an `<mrow>`.
    mutating func row(_ nodes: [MathNode]) -> MathNode {
        nodes.count == 1 ? nodes[0] : tree.element(.mrow, [], nodes)
    }

    mutating func mi(_ text: String, upright: Bool = false) -> MathNode {
        tree.leaf(MathLeaf(element: .mi, text: text, attributes: upright ? MathAttribute.upright : []))
    }

    mutating func mn(_ text: String) -> MathNode {
        tree.leaf(MathLeaf(element: .mn, text: text, attributes: []))
    }

    mutating func mo(_ text: String, _ attributes: [MathAttribute] = [], limits: MathLeaf.Limits = .none) -> MathNode {
        tree.leaf(MathLeaf(element: .mo, text: text, attributes: attributes, limits: limits))
    }

    mutating func mtext(_ text: String) -> MathNode {
        tree.leaf(MathLeaf(element: .mtext, text: text, attributes: []))
    }

    mutating func space(_ width: String) -> MathNode {
        tree.leaf(MathLeaf(element: .mspace, text: "", attributes: [MathAttribute(.width, width)]))
    }

    mutating func element(_ name: MathElement, _ attributes: [MathAttribute], _ nodes: [MathNode]) -> MathNode {
        tree.element(name, attributes, nodes)
    }

    mutating func element(_ name: MathElement, _ attributes: [MathAttribute], _ child: MathNode) -> MathNode {
        tree.element(name, attributes, child)
    }

    mutating func element(_ name: MathElement, _ attributes: [MathAttribute], _ first: MathNode, _ second: MathNode) -> MathNode {
        tree.element(name, attributes, first, second)
    }

    mutating func element(_ name: MathElement, _ attributes: [MathAttribute], _ first: MathNode, _ second: MathNode, _ third: MathNode) -> MathNode {
        tree.element(name, attributes, first, second, third)
    }
}

/// The MathML Core elements the converter writes. Names are a closed set, so the writer copies
/// each tag from a constant instead of a string built at run time.
enum MathElement: UInt8 {
    case mi, mn, mo, mtext, mspace
    case mrow, mfrac, msqrt, mroot, mstyle, merror, mpadded, mphantom
    case msub, msup, msubsup, munder, mover, munderover
    case mtable, mtr, mtd

    /// `<name>`: the opening tag of an element without attributes.
    var openingTag: StaticString {
        switch self {
        case .mi: "<mi>"
        case .mn: "<mn>"
        case .mo: "<mo>"
        case .mtext: "<mtext>"
        case .mspace: "<mspace>"
        case .mrow: "<mrow>"
        case .mfrac: "<mfrac>"
        case .msqrt: "<msqrt>"
        case .mroot: "<mroot>"
        case .mstyle: "<mstyle>"
        case .merror: "<merror>"
        case .mpadded: "<mpadded>"
        case .mphantom: "<mphantom>"
        case .msub: "<msub>"
        case .msup: "<msup>"
        case .msubsup: "<msubsup>"
        case .munder: "<munder>"
        case .mover: "<mover>"
        case .munderover: "<munderover>"
        case .mtable: "<mtable>"
        case .mtr: "<mtr>"
        case .mtd: "<mtd>"
        }
    }

    /// `<name`: the opening tag of an element with attributes, which follow.
    var openingTagStart: StaticString {
        switch self {
        case .mi: "<mi"
        case .mn: "<mn"
        case .mo: "<mo"
        case .mtext: "<mtext"
        case .mspace: "<mspace"
        case .mrow: "<mrow"
        case .mfrac: "<mfrac"
        case .msqrt: "<msqrt"
        case .mroot: "<mroot"
        case .mstyle: "<mstyle"
        case .merror: "<merror"
        case .mpadded: "<mpadded"
        case .mphantom: "<mphantom"
        case .msub: "<msub"
        case .msup: "<msup"
        case .msubsup: "<msubsup"
        case .munder: "<munder"
        case .mover: "<mover"
        case .munderover: "<munderover"
        case .mtable: "<mtable"
        case .mtr: "<mtr"
        case .mtd: "<mtd"
        }
    }

    /// `</name>`.
    var closingTag: StaticString {
        switch self {
        case .mi: "</mi>"
        case .mn: "</mn>"
        case .mo: "</mo>"
        case .mtext: "</mtext>"
        case .mspace: "</mspace>"
        case .mrow: "</mrow>"
        case .mfrac: "</mfrac>"
        case .msqrt: "</msqrt>"
        case .mroot: "</mroot>"
        case .mstyle: "</mstyle>"
        case .merror: "</merror>"
        case .mpadded: "</mpadded>"
        case .mphantom: "</mphantom>"
        case .msub: "</msub>"
        case .msup: "</msup>"
        case .msubsup: "</msubsup>"
        case .munder: "</munder>"
        case .mover: "</mover>"
        case .munderover: "</munderover>"
        case .mtable: "</mtable>"
        case .mtr: "</mtr>"
        case .mtd: "</mtd>"
        }
    }
}

/// One attribute; values are escaped when written.
struct MathAttribute: Equatable {
    /// The MathML Core attributes the converter writes.
    enum Name: UInt8 {
        case accent, accentunder, className, depth, displaystyle, fence, form, height, linethickness, lspace
        case mathbackground, mathcolor, mathvariant, maxsize, minsize, movablelimits, rspace, scriptlevel
        case stretchy, symmetric, width

        /// ` name="`: what is written before the attribute's value.
        var opening: StaticString {
            switch self {
            case .accent: " accent=\""
            case .accentunder: " accentunder=\""
            case .className: " class=\""
            case .depth: " depth=\""
            case .displaystyle: " displaystyle=\""
            case .fence: " fence=\""
            case .form: " form=\""
            case .height: " height=\""
            case .linethickness: " linethickness=\""
            case .lspace: " lspace=\""
            case .mathbackground: " mathbackground=\""
            case .mathcolor: " mathcolor=\""
            case .mathvariant: " mathvariant=\""
            case .maxsize: " maxsize=\""
            case .minsize: " minsize=\""
            case .movablelimits: " movablelimits=\""
            case .rspace: " rspace=\""
            case .scriptlevel: " scriptlevel=\""
            case .stretchy: " stretchy=\""
            case .symmetric: " symmetric=\""
            case .width: " width=\""
            }
        }
    }

    let name: Name
    let value: String

    // Lists that many leaves carry, made once and shared (an array is copied only when changed).
    /// An upright identifier (`\mathrm`, a function name).
    static let upright = [MathAttribute(.mathvariant, "normal")]
    /// A delimiter at its natural size.
    static let unstretched = [MathAttribute(.stretchy, "false")]
    /// An operator spaced as an ordinary symbol.
    static let unspaced = [MathAttribute(.stretchy, "false"), MathAttribute(.lspace, "0em"), MathAttribute(.rspace, "0em")]
    /// An operator with no space on either side (a unary sign, a braced operator).
    static let closedUp = [MathAttribute(.lspace, "0em"), MathAttribute(.rspace, "0em")]
    /// A big operator or function name with limits (`\lim`, `\max`).
    static let movableLimits = [MathAttribute(.movablelimits, "true"), MathAttribute(.lspace, "0.1667em"), MathAttribute(.rspace, "0.1667em")]

    init(_ name: Name, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// A token element and what the parser knows of it.
struct MathLeaf {

    /// Where the scripts of a big operator go.
    enum Limits: UInt8 {
        /// Not an operator that takes limits.
        case none
        /// Under and over in display style, at the side in text style (∑, lim): `<munderover>`, which
        /// MathML Core's `movablelimits` turns into scripts at the side outside display style.
        case display
        /// Always at the side (∫ unless `\limits`).
        case side
        /// Always under and over (`\limits`).
        case always
    }

    /// `mi`, `mn`, `mo`, `mtext` or `mspace`.
    var element: MathElement
    var text: String
    var attributes: [MathAttribute]
    var limits: Limits = .none
}

/// The lines of `equation`, `align` or `gather` (or a display formula with a `\tag`), whose numbers are
/// known only once the formula is parsed.
///
/// When a line shows a number, the table gets a first empty column and a last column holding the
/// number, both half the width of the line, so the content stays centred and the number sits at the
/// right margin: plain MathML Core table cells with the classes the theme sizes (`tex-eqpad`, `tex-eqno`).
struct EquationLayout {
    /// The cells of each line.
    var rows: [[MathNode]]
    /// The classes of each content column (alignment, padding), nil for the default.
    var columnStyles: [String?]
    /// Index in the result's `equations` of the first line.
    var firstEquation: Int
    /// Whether this is a single line with no table of its own (`equation`, a plain display formula).
    var isSingleLine: Bool
}
