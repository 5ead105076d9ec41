/// The parsed formula: a tree of MathML Core elements, written out by `MathMLWriter`.
///
/// Leaves keep what the parser still needs to know about them (where a big operator puts its limits);
/// everything else is a plain element with its attributes.
indirect enum MathNode {
    /// `<mi>`, `<mn>`, `<mo>`, `<mtext>` or `<mspace>`.
    case leaf(MathLeaf)
    /// Any other element, with its attributes in the order they are written.
    case element(MathElement, [MathAttribute], [MathNode])
    /// The text of `\ref`/`\eqref` number `index` of the formula, written as an `<mtext>` the result
    /// can fill in later.
    case reference(Int)
    /// The lines of a display environment that may carry equation numbers (see `EquationLayout`).
    case equations(EquationLayout)

    static func row(_ children: [MathNode]) -> MathNode {
        children.count == 1 ? children[0] : .element(.mrow, [], children)
    }

    static func mi(_ text: String, upright: Bool = false) -> MathNode {
        .leaf(MathLeaf(element: .mi, text: text, attributes: upright ? MathAttribute.upright : []))
    }

    static func mo(_ text: String, _ attributes: [MathAttribute] = []) -> MathNode {
        .leaf(MathLeaf(element: .mo, text: text, attributes: attributes))
    }

    static func mtext(_ text: String) -> MathNode {
        .leaf(MathLeaf(element: .mtext, text: text, attributes: []))
    }

    static func space(_ width: String) -> MathNode {
        .leaf(MathLeaf(element: .mspace, text: "", attributes: [MathAttribute(.width, width)]))
    }

    /// The leaf, if this node is one.
    var leaf: MathLeaf? {
        if case .leaf(let leaf) = self { return leaf }
        return nil
    }

    /// Whether this is an operator that can take limits (∑, ∫, lim), which `\limits` may follow.
    var isLimitsOperator: Bool {
        if case .leaf(let leaf) = self { return leaf.limits != .none }
        return false
    }
}

/// The MathML Core elements the converter writes. Names are a closed set, so the writer copies
/// each tag from a constant instead of a string built at run time.
enum MathElement: UInt8 {
    case mi, mn, mo, mtext, mspace
    case mrow, mfrac, msqrt, mroot, mstyle, merror, mpadded, mphantom
    case msub, msup, msubsup, munder, mover, munderover
    case mtable, mtr, mtd

    /// The element's name.
    var name: StaticString {
        switch self {
        case .mi: "mi"
        case .mn: "mn"
        case .mo: "mo"
        case .mtext: "mtext"
        case .mspace: "mspace"
        case .mrow: "mrow"
        case .mfrac: "mfrac"
        case .msqrt: "msqrt"
        case .mroot: "mroot"
        case .mstyle: "mstyle"
        case .merror: "merror"
        case .mpadded: "mpadded"
        case .mphantom: "mphantom"
        case .msub: "msub"
        case .msup: "msup"
        case .msubsup: "msubsup"
        case .munder: "munder"
        case .mover: "mover"
        case .munderover: "munderover"
        case .mtable: "mtable"
        case .mtr: "mtr"
        case .mtd: "mtd"
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

        /// The attribute's name as written.
        var name: StaticString {
            switch self {
            case .accent: "accent"
            case .accentunder: "accentunder"
            case .className: "class"
            case .depth: "depth"
            case .displaystyle: "displaystyle"
            case .fence: "fence"
            case .form: "form"
            case .height: "height"
            case .linethickness: "linethickness"
            case .lspace: "lspace"
            case .mathbackground: "mathbackground"
            case .mathcolor: "mathcolor"
            case .mathvariant: "mathvariant"
            case .maxsize: "maxsize"
            case .minsize: "minsize"
            case .movablelimits: "movablelimits"
            case .rspace: "rspace"
            case .scriptlevel: "scriptlevel"
            case .stretchy: "stretchy"
            case .symmetric: "symmetric"
            case .width: "width"
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
    enum Limits: Equatable {
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
