/// What a built-in command does, looked up once per command in a table built once.
enum CommandKind {
    /// Which TeX atom class `\mathrel` and its kin give their argument.
    enum AtomClass { case ordinary, largeOperator, binary, relation, open, close, punctuation, inner }
    /// `\phantom` and its one-dimensional variants.
    enum Phantom { case full, horizontal, vertical }
    /// `\stackrel`, `\overset`, `\underset`.
    enum Stack { case over, under }

    case symbol(MathSymbol)
    /// A named function such as `\sin` (`limits` false) or `\lim` (`limits` true).
    case function(String, limits: Bool)
    case fraction(displayStyle: Bool?)
    case continuedFraction
    case binomial(displayStyle: Bool?)
    case sqrt
    /// `\mathbf{…}` and its kin: a font for the argument.
    case font(MathFont)
    /// `\bf` and its kin: a font for the rest of the group.
    case fontSwitch(MathFont)
    /// `\text{…}` and its kin: text mode in a font.
    case text(MathFont)
    case operatorName(limits: Bool)
    /// An accent over (`\hat`) or under (`\underline`) its argument.
    case accent(String, stretchy: Bool, over: Bool)
    /// `\overbrace`, `\underbrace`: the brace, and a `^`/`_` label beyond it.
    case brace(String, over: Bool)
    case left, right, middle
    /// `\big(` and its kin; `spacing` is the lspace/rspace of `\bigm`.
    case big(size: String, spacing: String?)
    case space(String)
    case hspace
    case not
    case stack(Stack)
    case cancel(String)
    case color
    case textColor
    case colorBox
    case label, tag, noNumber
    case reference(MathReference.Kind)
    case begin, end
    case limits(Bool)
    case mathStyle(display: Bool, level: Int)
    case phantom(Phantom)
    case smash
    case boxed
    case atomClass(AtomClass)
    case extensibleArrow(String)
    /// `\bmod`, `\pmod`, `\mod`, `\pod`.
    case modulo(String)
    /// `\iff`, `\implies`, `\impliedby`: a relation with TeX's extra thick spaces.
    case spacedRelation(String)
    case rowBreak
    case hline
    case substack
    /// `\nonscript`, `\relax`, `\displaylimits`, `\allowbreak`…: accepted and ignored.
    case ignored
}

/// The built-in commands, built once.
enum CommandTable {
    static let commands: [String: CommandKind] = {
        var table: [String: CommandKind] = [:]
        table.reserveCapacity(800)
        for (name, symbol) in SymbolTable.symbols { table[name] = .symbol(symbol) }
        for name in ["sin", "cos", "tan", "cot", "sec", "csc", "arcsin", "arccos", "arctan", "arccot", "sinh", "cosh",
                     "tanh", "coth", "sech", "csch", "arg", "deg", "dim", "exp", "hom", "ker", "lg", "ln", "log", "sgn", "tr", "Tr"] {
            table[name] = .function(name, limits: false)
        }
        for name in ["det", "gcd", "inf", "lim", "max", "min", "Pr", "sup"] { table[name] = .function(name, limits: true) }
        table["liminf"] = .function("lim\u{2009}inf", limits: true)
        table["limsup"] = .function("lim\u{2009}sup", limits: true)
        table["injlim"] = .function("inj\u{2009}lim", limits: true)
        table["projlim"] = .function("proj\u{2009}lim", limits: true)
        table["argmax"] = .function("arg\u{2009}max", limits: true)
        table["argmin"] = .function("arg\u{2009}min", limits: true)

        table["frac"] = .fraction(displayStyle: nil)
        table["dfrac"] = .fraction(displayStyle: true)
        table["tfrac"] = .fraction(displayStyle: false)
        table["cfrac"] = .continuedFraction
        table["binom"] = .binomial(displayStyle: nil)
        table["dbinom"] = .binomial(displayStyle: true)
        table["tbinom"] = .binomial(displayStyle: false)
        table["sqrt"] = .sqrt

        let fonts: [(String, MathFont)] = [
            ("mathrm", .roman), ("mathbf", .bold), ("mathit", .italic), ("mathcal", .script), ("mathscr", .script),
            ("mathbb", .doubleStruck), ("mathfrak", .fraktur), ("mathsf", .sansSerif), ("mathtt", .monospace),
            ("boldsymbol", .boldItalic), ("bm", .boldItalic), ("mathbfit", .boldItalic), ("mathnormal", .normal),
            ("mathup", .roman), ("mathsfit", .sansSerifItalic), ("mathbfsf", .sansSerifBold), ("mathbffrak", .boldFraktur),
            ("mathbfcal", .boldScript), ("pmb", .boldItalic),
        ]
        for (name, font) in fonts { table[name] = .font(font) }
        let switches: [(String, MathFont)] = [
            ("rm", .roman), ("bf", .bold), ("it", .italic), ("cal", .script), ("sf", .sansSerif), ("tt", .monospace),
            ("mit", .normal), ("boldmath", .boldItalic), ("unboldmath", .normal),
        ]
        for (name, font) in switches { table[name] = .fontSwitch(font) }
        let texts: [(String, MathFont)] = [
            ("text", .normal), ("textrm", .roman), ("textnormal", .normal), ("textup", .roman), ("textbf", .bold),
            ("textit", .italic), ("textsf", .sansSerif), ("texttt", .monospace), ("mbox", .normal), ("hbox", .normal),
            ("emph", .italic), ("textmd", .normal),
        ]
        for (name, font) in texts { table[name] = .text(font) }
        table["operatorname"] = .operatorName(limits: false)
        table["operatornamewithlimits"] = .operatorName(limits: true)

        let accents: [(String, String, Bool, Bool)] = [
            ("hat", "^", false, true), ("widehat", "^", true, true), ("check", "ˇ", false, true),
            ("widecheck", "ˇ", true, true), ("breve", "˘", false, true), ("acute", "´", false, true),
            ("grave", "`", false, true), ("tilde", "~", false, true), ("widetilde", "~", true, true),
            ("bar", "¯", false, true), ("vec", "→", false, true), ("dot", "˙", false, true), ("ddot", "¨", false, true),
            ("dddot", "⃛", false, true), ("mathring", "˚", false, true), ("overline", "\u{0332}", true, true),
            ("overrightarrow", "→", true, true), ("overleftarrow", "←", true, true),
            ("overleftrightarrow", "↔", true, true), ("underline", "\u{0332}", true, false),
            ("underrightarrow", "→", true, false), ("underleftarrow", "←", true, false),
            ("underleftrightarrow", "↔", true, false),
        ]
        // Over- and underlines are U+0332 (combining low line): the one rule that math fonts (Latin Modern
        // Math, DejaVu Math) stretch across a whole base in Chromium, where U+203E and U+005F stay short.
        for (name, mark, stretchy, over) in accents { table[name] = .accent(mark, stretchy: stretchy, over: over) }
        table["overbrace"] = .brace("⏞", over: true)
        table["underbrace"] = .brace("⏟", over: false)
        table["overparen"] = .brace("⏜", over: true)
        table["underparen"] = .brace("⏝", over: false)
        table["overbracket"] = .brace("⎴", over: true)
        table["underbracket"] = .brace("⎵", over: false)

        table["left"] = .left
        table["right"] = .right
        table["middle"] = .middle
        for (stem, size) in [("big", "1.2em"), ("Big", "1.623em"), ("bigg", "2.047em"), ("Bigg", "2.470em")] {
            table[stem] = .big(size: size, spacing: nil)
            table[stem + "l"] = .big(size: size, spacing: nil)
            table[stem + "r"] = .big(size: size, spacing: nil)
            table[stem + "m"] = .big(size: size, spacing: "0.2778em")
        }

        let spaces: [(String, String)] = [
            (",", "0.1667em"), ("thinspace", "0.1667em"), (":", "0.2222em"), (">", "0.2222em"), ("medspace", "0.2222em"),
            (";", "0.2778em"), ("thickspace", "0.2778em"), ("!", "-0.1667em"), ("negthinspace", "-0.1667em"),
            ("negmedspace", "-0.2222em"), ("negthickspace", "-0.2778em"), ("quad", "1em"), ("qquad", "2em"),
            ("enspace", "0.5em"), (" ", "0.3333em"), ("space", "0.3333em"), ("nobreakspace", "0.3333em"),
        ]
        for (name, width) in spaces { table[name] = .space(width) }
        table["hspace"] = .hspace
        table["hskip"] = .hspace
        table["kern"] = .hspace
        table["mkern"] = .hspace
        table["mskip"] = .hspace

        table["not"] = .not
        table["stackrel"] = .stack(.over)
        table["overset"] = .stack(.over)
        table["underset"] = .stack(.under)
        table["cancel"] = .cancel("tex-cancel")
        table["bcancel"] = .cancel("tex-bcancel")
        table["xcancel"] = .cancel("tex-xcancel")
        table["color"] = .color
        table["textcolor"] = .textColor
        table["colorbox"] = .colorBox
        table["label"] = .label
        table["tag"] = .tag
        table["nonumber"] = .noNumber
        table["notag"] = .noNumber
        table["ref"] = .reference(.ref)
        table["eqref"] = .reference(.eqref)
        table["begin"] = .begin
        table["end"] = .end
        table["limits"] = .limits(true)
        table["nolimits"] = .limits(false)
        table["displaystyle"] = .mathStyle(display: true, level: 0)
        table["textstyle"] = .mathStyle(display: false, level: 0)
        table["scriptstyle"] = .mathStyle(display: false, level: 1)
        table["scriptscriptstyle"] = .mathStyle(display: false, level: 2)
        table["phantom"] = .phantom(.full)
        table["hphantom"] = .phantom(.horizontal)
        table["vphantom"] = .phantom(.vertical)
        table["smash"] = .smash
        table["boxed"] = .boxed
        table["fbox"] = .boxed
        let classes: [(String, CommandKind.AtomClass)] = [
            ("mathord", .ordinary), ("mathop", .largeOperator), ("mathbin", .binary), ("mathrel", .relation),
            ("mathopen", .open), ("mathclose", .close), ("mathpunct", .punctuation), ("mathinner", .inner),
        ]
        for (name, atomClass) in classes { table[name] = .atomClass(atomClass) }
        table["xrightarrow"] = .extensibleArrow("→")
        table["xleftarrow"] = .extensibleArrow("←")
        table["xleftrightarrow"] = .extensibleArrow("↔")
        table["xRightarrow"] = .extensibleArrow("⇒")
        table["xLeftarrow"] = .extensibleArrow("⇐")
        table["xLeftrightarrow"] = .extensibleArrow("⇔")
        table["xmapsto"] = .extensibleArrow("↦")
        table["bmod"] = .modulo("bmod")
        table["pmod"] = .modulo("pmod")
        table["mod"] = .modulo("mod")
        table["pod"] = .modulo("pod")
        table["iff"] = .spacedRelation("⟺")
        table["implies"] = .spacedRelation("⟹")
        table["impliedby"] = .spacedRelation("⟸")
        table["\\"] = .rowBreak
        table["cr"] = .rowBreak
        table["newline"] = .rowBreak
        table["hline"] = .hline
        table["hdashline"] = .hline
        table["substack"] = .substack
        for name in ["relax", "nonscript", "displaylimits", "allowbreak", "nobreak", "strut", "mathstrut", "nolinebreak", "ensuremath"] {
            table[name] = .ignored
        }
        return table
    }()

    /// Whether `name` is a built-in command or one the token stream handles (`\newcommand`, `\def`).
    static func isBuiltin(_ name: String) -> Bool {
        commands[name] != nil || ["newcommand", "renewcommand", "providecommand", "def"].contains(name)
    }

    /// The names to suggest from when a command is unknown: letters only, as authors type them.
    static let suggestable: [String] = commands.keys.filter { $0.utf8.allSatisfy(TexLexer.isLetter) }.sorted()
}
