/// A character command such as `\alpha` or `\leq`: the text it stands for and how it is written in MathML.
struct MathSymbol: Equatable {
    /// How the symbol is written, which also decides its TeX spacing in MathML Core's operator dictionary.
    enum Kind: Equatable {
        /// `<mi>`, italic when it is one letter (Latin or lowercase Greek).
        case identifier
        /// `<mi mathvariant="normal">`: uppercase Greek and the few symbols TeX sets upright but
        /// MathML Core's automatic italic would slant (∇).
        case uprightIdentifier
        /// `<mo>`, spaced by the operator dictionary (binary operators, relations, punctuation, ∀).
        case spacedOperator
        /// `<mo stretchy="false">`: an opening or closing delimiter, which in TeX does not grow unless
        /// written with `\left`, `\right` or `\big`.
        case fence
        /// `<mo stretchy="false" lspace="0em" rspace="0em">`: a bar or an ellipsis, which TeX spaces as an
        /// ordinary symbol but the dictionary would space as an operator between two operands.
        case unspaced
        /// `<mo>` with limits under and over in display style (∑, ∏, ⋃).
        case largeOperator
        /// `<mo>` with its limits at the side unless `\limits` says otherwise (∫).
        case integral
    }

    let text: String
    let kind: Kind
}

/// The symbol commands, built once.
enum SymbolTable {
    static let symbols: [String: MathSymbol] = {
        var table: [String: MathSymbol] = [:]
        table.reserveCapacity(512)
        func add(_ kind: MathSymbol.Kind, _ pairs: [(String, String)]) {
            for (name, text) in pairs { table[name] = MathSymbol(text: text, kind: kind) }
        }
        add(.identifier, greekLowercase)
        add(.uprightIdentifier, greekUppercase)
        add(.identifier, greekUppercase.map { ("var" + $0.0, $0.1) })
        add(.identifier, ordinary)
        add(.uprightIdentifier, [("nabla", "∇")])
        add(.spacedOperator, binaryOperators)
        add(.spacedOperator, relations)
        add(.spacedOperator, arrows)
        add(.spacedOperator, punctuation)
        add(.fence, fences)
        add(.unspaced, bars)
        add(.unspaced, ellipses)
        add(.largeOperator, largeOperators)
        add(.integral, integrals)
        return table
    }()

    /// The kind of a character typed as itself (`+`, `≤`, `∑`), found from the commands' table.
    static let characterKinds: [Unicode.Scalar: MathSymbol.Kind] = {
        var kinds: [Unicode.Scalar: MathSymbol.Kind] = [:]
        for symbol in symbols.values where symbol.kind != .identifier && symbol.kind != .uprightIdentifier {
            let scalars = symbol.text.unicodeScalars
            if scalars.count == 1, let scalar = scalars.first { kinds[scalar] = symbol.kind }
        }
        for scalar in "+=<>!,;:?*/.∗−".unicodeScalars { kinds[scalar] = .spacedOperator }
        for scalar in "()[]".unicodeScalars { kinds[scalar] = .fence }
        kinds["|"] = .unspaced
        kinds["∇"] = nil
        return kinds
    }()

    static let greekLowercase: [(String, String)] = [
        ("alpha", "α"), ("beta", "β"), ("gamma", "γ"), ("delta", "δ"), ("epsilon", "ϵ"), ("varepsilon", "ε"),
        ("zeta", "ζ"), ("eta", "η"), ("theta", "θ"), ("vartheta", "ϑ"), ("iota", "ι"), ("kappa", "κ"),
        ("varkappa", "ϰ"), ("lambda", "λ"), ("mu", "μ"), ("nu", "ν"), ("xi", "ξ"), ("omicron", "ο"), ("pi", "π"),
        ("varpi", "ϖ"), ("rho", "ρ"), ("varrho", "ϱ"), ("sigma", "σ"), ("varsigma", "ς"), ("tau", "τ"),
        ("upsilon", "υ"), ("phi", "ϕ"), ("varphi", "φ"), ("chi", "χ"), ("psi", "ψ"), ("omega", "ω"),
        ("digamma", "ϝ"),
    ]

    static let greekUppercase: [(String, String)] = [
        ("Gamma", "Γ"), ("Delta", "Δ"), ("Theta", "Θ"), ("Lambda", "Λ"), ("Xi", "Ξ"), ("Pi", "Π"),
        ("Sigma", "Σ"), ("Upsilon", "Υ"), ("Phi", "Φ"), ("Psi", "Ψ"), ("Omega", "Ω"),
    ]

    static let ordinary: [(String, String)] = [
        ("infty", "∞"), ("partial", "∂"), ("hbar", "ℏ"), ("hslash", "ℏ"), ("ell", "ℓ"), ("emptyset", "∅"),
        ("varnothing", "∅"), ("Re", "ℜ"), ("Im", "ℑ"), ("prime", "′"), ("aleph", "ℵ"), ("beth", "ℶ"),
        ("gimel", "ℷ"), ("wp", "℘"), ("angle", "∠"), ("measuredangle", "∡"), ("triangle", "△"), ("top", "⊤"),
        ("bot", "⊥"), ("surd", "√"), ("flat", "♭"), ("natural", "♮"), ("sharp", "♯"), ("clubsuit", "♣"),
        ("diamondsuit", "♢"), ("heartsuit", "♡"), ("spadesuit", "♠"), ("checkmark", "✓"), ("degree", "°"),
        ("mho", "℧"), ("complement", "∁"), ("square", "□"), ("Box", "□"), ("blacksquare", "■"),
        ("imath", "ı"), ("jmath", "ȷ"), ("eth", "ð"), ("S", "§"), ("P", "¶"), ("copyright", "©"),
        ("pounds", "£"), ("yen", "¥"), ("$", "$"), ("%", "%"), ("&", "&"), ("#", "#"), ("_", "_"),
        ("backprime", "‵"), ("diagup", "╱"), ("diagdown", "╲"), ("Bbbk", "𝕜"),
    ]

    static let binaryOperators: [(String, String)] = [
        ("pm", "±"), ("mp", "∓"), ("times", "×"), ("div", "÷"), ("cdot", "⋅"), ("ast", "∗"), ("star", "⋆"),
        ("circ", "∘"), ("bullet", "∙"), ("oplus", "⊕"), ("ominus", "⊖"), ("otimes", "⊗"), ("oslash", "⊘"),
        ("odot", "⊙"), ("dagger", "†"), ("ddagger", "‡"), ("dag", "†"), ("ddag", "‡"), ("cup", "∪"), ("cap", "∩"),
        ("sqcup", "⊔"), ("sqcap", "⊓"), ("vee", "∨"), ("wedge", "∧"), ("lor", "∨"), ("land", "∧"),
        ("setminus", "∖"), ("smallsetminus", "∖"), ("wr", "≀"), ("diamond", "⋄"), ("bigtriangleup", "△"),
        ("bigtriangledown", "▽"), ("triangleleft", "◁"), ("triangleright", "▷"), ("uplus", "⊎"),
        ("amalg", "⨿"), ("ltimes", "⋉"), ("rtimes", "⋊"), ("bigcirc", "◯"), ("centerdot", "⋅"),
        ("dotplus", "∔"), ("boxplus", "⊞"), ("boxtimes", "⊠"), ("boxminus", "⊟"), ("boxdot", "⊡"),
        ("intercal", "⊺"), ("forall", "∀"), ("exists", "∃"), ("nexists", "∄"), ("neg", "¬"), ("lnot", "¬"),
        ("therefore", "∴"),
        ("because", "∵"),
    ]

    static let relations: [(String, String)] = [
        ("leq", "≤"), ("le", "≤"), ("geq", "≥"), ("ge", "≥"), ("neq", "≠"), ("ne", "≠"), ("equiv", "≡"),
        ("sim", "∼"), ("simeq", "≃"), ("approx", "≈"), ("cong", "≅"), ("propto", "∝"), ("ll", "≪"), ("gg", "≫"),
        ("lll", "⋘"), ("ggg", "⋙"), ("in", "∈"), ("notin", "∉"), ("ni", "∋"), ("owns", "∋"), ("subset", "⊂"),
        ("supset", "⊃"), ("subseteq", "⊆"), ("supseteq", "⊇"), ("subsetneq", "⊊"), ("supsetneq", "⊋"),
        ("nsubseteq", "⊈"), ("nsupseteq", "⊉"), ("sqsubset", "⊏"), ("sqsupset", "⊐"), ("sqsubseteq", "⊑"),
        ("sqsupseteq", "⊒"), ("perp", "⊥"), ("parallel", "∥"), ("nparallel", "∦"), ("mid", "∣"), ("nmid", "∤"),
        ("vdash", "⊢"), ("dashv", "⊣"), ("models", "⊨"), ("vDash", "⊨"), ("Vdash", "⊩"), ("prec", "≺"),
        ("succ", "≻"), ("preceq", "⪯"), ("succeq", "⪰"), ("asymp", "≍"), ("doteq", "≐"), ("leqslant", "⩽"),
        ("geqslant", "⩾"), ("lesssim", "≲"), ("gtrsim", "≳"), ("approxeq", "≊"), ("coloneqq", "≔"),
        ("eqqcolon", "≕"), ("triangleq", "≜"), ("bowtie", "⋈"), ("smile", "⌣"), ("frown", "⌢"),
        ("nleq", "≰"), ("ngeq", "≱"), ("nless", "≮"), ("ngtr", "≯"), ("nsim", "≁"), ("ncong", "≇"),
        ("lneq", "⪇"), ("gneq", "⪈"), ("leqq", "≦"), ("geqq", "≧"), ("lessgtr", "≶"), ("gtrless", "≷"),
        ("sqsubsetneq", "⊏"), ("between", "≬"), ("pitchfork", "⋔"), ("vartriangleleft", "⊲"),
        ("vartriangleright", "⊳"), ("trianglelefteq", "⊴"), ("trianglerighteq", "⊵"), ("Join", "⨝"),
        ("bumpeq", "≏"), ("Bumpeq", "≎"), ("circeq", "≗"), ("eqsim", "≂"), ("fallingdotseq", "≒"),
        ("risingdotseq", "≓"), ("thicksim", "∼"), ("thickapprox", "≈"), ("varpropto", "∝"), ("lt", "<"), ("gt", ">"),
    ]

    static let arrows: [(String, String)] = [
        ("to", "→"), ("rightarrow", "→"), ("leftarrow", "←"), ("gets", "←"), ("leftrightarrow", "↔"),
        ("Rightarrow", "⇒"), ("Leftarrow", "⇐"), ("Leftrightarrow", "⇔"), ("mapsto", "↦"), ("longmapsto", "⟼"),
        ("longrightarrow", "⟶"), ("longleftarrow", "⟵"), ("longleftrightarrow", "⟷"), ("Longrightarrow", "⟹"),
        ("Longleftarrow", "⟸"), ("Longleftrightarrow", "⟺"), ("uparrow", "↑"), ("downarrow", "↓"),
        ("updownarrow", "↕"), ("Uparrow", "⇑"), ("Downarrow", "⇓"), ("Updownarrow", "⇕"), ("nearrow", "↗"),
        ("searrow", "↘"), ("swarrow", "↙"), ("nwarrow", "↖"), ("hookrightarrow", "↪"), ("hookleftarrow", "↩"),
        ("rightharpoonup", "⇀"), ("rightharpoondown", "⇁"), ("leftharpoonup", "↼"), ("leftharpoondown", "↽"),
        ("rightleftharpoons", "⇌"), ("leftrightharpoons", "⇋"), ("leadsto", "⇝"), ("rightsquigarrow", "⇝"),
        ("twoheadrightarrow", "↠"), ("twoheadleftarrow", "↞"), ("rightrightarrows", "⇉"),
        ("leftleftarrows", "⇇"), ("rightleftarrows", "⇄"), ("leftrightarrows", "⇆"), ("curvearrowright", "↷"),
        ("curvearrowleft", "↶"), ("circlearrowright", "↻"), ("circlearrowleft", "↺"), ("nrightarrow", "↛"),
        ("nleftarrow", "↚"), ("nRightarrow", "⇏"), ("nLeftarrow", "⇍"), ("nleftrightarrow", "↮"),
        ("nLeftrightarrow", "⇎"), ("upuparrows", "⇈"), ("downdownarrows", "⇊"), ("restriction", "↾"),
        ("Lsh", "↰"), ("Rsh", "↱"), ("multimap", "⊸"), ("rightarrowtail", "↣"), ("leftarrowtail", "↢"),
        ("longleftrightarrows", "⟷"),
    ]

    static let punctuation: [(String, String)] = [
        ("colon", ":"), ("ldotp", "."), ("cdotp", "⋅"), ("lbrack", "["), ("rbrack", "]"),
    ]

    static let fences: [(String, String)] = [
        ("{", "{"), ("}", "}"), ("lbrace", "{"), ("rbrace", "}"), ("langle", "⟨"), ("rangle", "⟩"),
        ("lfloor", "⌊"), ("rfloor", "⌋"), ("lceil", "⌈"), ("rceil", "⌉"), ("lgroup", "⟮"), ("rgroup", "⟯"),
        ("llbracket", "⟦"), ("rrbracket", "⟧"), ("ulcorner", "┌"), ("urcorner", "┐"), ("llcorner", "└"),
        ("lrcorner", "┘"), ("backslash", "\\"),
    ]

    static let bars: [(String, String)] = [
        ("|", "‖"), ("vert", "|"), ("Vert", "‖"), ("lvert", "|"), ("rvert", "|"), ("lVert", "‖"), ("rVert", "‖"),
    ]

    static let ellipses: [(String, String)] = [
        ("ldots", "…"), ("cdots", "⋯"), ("dots", "…"), ("dotsc", "…"), ("dotsb", "⋯"), ("dotsm", "⋯"),
        ("dotsi", "⋯"), ("dotso", "…"), ("vdots", "⋮"), ("ddots", "⋱"), ("iddots", "⋰"),
    ]

    static let largeOperators: [(String, String)] = [
        ("sum", "∑"), ("prod", "∏"), ("coprod", "∐"), ("bigcup", "⋃"), ("bigcap", "⋂"), ("bigoplus", "⨁"),
        ("bigotimes", "⨂"), ("bigodot", "⨀"), ("biguplus", "⨄"), ("bigsqcup", "⨆"), ("bigvee", "⋁"),
        ("bigwedge", "⋀"),
    ]

    static let integrals: [(String, String)] = [
        ("int", "∫"), ("iint", "∬"), ("iiint", "∭"), ("iiiint", "⨌"), ("oint", "∮"), ("oiint", "∯"),
        ("oiiint", "∰"), ("intop", "∫"), ("smallint", "∫"),
    ]
}
