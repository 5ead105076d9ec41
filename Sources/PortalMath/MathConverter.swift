/// Converts the LaTeX math of one page to MathML Core, formula by formula.
///
/// Use one converter per page and convert the page's formulas in order: a `\newcommand` in one formula
/// applies to the formulas after it, and display lines are numbered from 1 across the page. After the
/// last formula, `labelNumbers` holds every label of the page, for `MathResult.resolvingReferences`.
///
/// The output is a `<math>` element (`display="block"` for display math) holding `<semantics>`: the
/// presentation, then `<annotation encoding="application/x-tex">` with the source. It uses only MathML
/// Core's elements and attributes, and never an inline `style` (the theme's Content-Security-Policy
/// forbids them): what Core leaves to CSS is a class the theme styles:
/// - equation numbers: a numbered display formula is an `<mtable class="tex-numbered">` (full width)
///   whose rows start with an empty `<mtd class="tex-eqpad">` and end with an `<mtd class="tex-eqno">`
///   holding `<mtext>(n)</mtext>` (each half of what the content leaves, the number right-aligned), so
///   the number sits at the right margin and the content stays centred;
/// - column alignment and lines of tables, since MathML Core has no `columnalign`: `tex-left`,
///   `tex-right`, `tex-center`, the paddings of `align` and `cases` (`tex-pl0`, `tex-pr0`, `tex-pl1`,
///   `tex-pl2`) and the rules (`tex-bl`, `tex-br`, `tex-bt`, `tex-bb`) on `<mtd>`;
/// - `\cancel`, `\bcancel`, `\xcancel`: `<mrow class="tex-cancel">` (`tex-bcancel`, `tex-xcancel`), which
///   the theme draws with a diagonal gradient, since `<menclose>` is not in MathML Core;
/// - `\boxed`: `<mrow class="tex-boxed">`;
/// - `\bar`: `<mo class="tex-bar">`, which the theme draws thicker: the macron of math fonts is a
///   hairline that vanishes at text sizes and in scripts;
/// - `\color{name}`, `\textcolor`, `\colorbox`: `<mrow mathcolor="name">` (`mathbackground` for
///   `\colorbox`), MathML Core attributes that set CSS `color` and `background-color`, for a fixed list
///   of names: black, white, red, green, blue, cyan, magenta, yellow, gray, grey, darkgray, lightgray,
///   orange, purple, brown, teal, olive, navy, maroon, lime, pink, violet; any other name is an error,
///   so nothing a page writes reaches CSS.
///
/// A numbered formula must be laid out in normal block flow: inside a flex or grid item, Chromium does
/// not resolve the table's full width and the number sits next to the content.
public struct MathConverter {
    /// At most this many errors are listed for one formula, then one error counts the rest.
    public static let maximumErrors = 100

    /// The macros in force for the next formula: the site's, then those the page defined so far.
    public private(set) var macros: [String: MacroDefinition]
    /// How many lines of the page have had an automatic number so far.
    public var equationCount = 0
    /// The number shown for each label of the page so far (`3`, or a `\tag`'s text).
    public private(set) var labelNumbers: [String: String] = [:]

    /// A converter for one page, with the site's macros (see `parseMacros`).
    public init(macros: [String: MacroDefinition] = [:]) {
        self.macros = macros
    }

    /// Converts one formula (without its `$` delimiters); `display` for display math.
    public mutating func convert(_ tex: String, display: Bool) -> MathResult {
        // The lexer reads the string's own bytes: no array is copied for each formula.
        var source = tex
        return source.withUTF8 { convert(utf8: $0, display: display) }
    }

    /// Converts one formula given as its UTF-8 bytes, which must be valid UTF-8 (a page's text read in
    /// place, without a `String` for each formula).
    public mutating func convert(utf8 bytes: UnsafeBufferPointer<UInt8>, display: Bool) -> MathResult {
        // Most formulas are plain enough to be written without the parser's tokens and tree.
        if let mathML = DirectConverter.mathML(of: bytes, display: display, macros: macros) {
            return MathResult(mathML: mathML, errors: [], equations: [], references: [])
        }
        return convertByParsing(utf8: bytes, display: display)
    }

    /// `convert(utf8:display:)` through the full parser, for any formula.
    mutating func convertByParsing(utf8 bytes: UnsafeBufferPointer<UInt8>, display: Bool) -> MathResult {
        var parser = MathParser(stream: TokenStream(bytes: bytes, macros: macros), display: display)
        var nodes = parser.parseFormula()
        macros = parser.stream.macros

        if display && parser.equations.isEmpty && !parser.looseLine.isEmpty {
            parser.equations = [parser.looseLine]
            let line = parser.row(nodes)
            nodes = [parser.tree.equations(EquationLayout(rows: [[line]], columnStyles: [], firstEquation: 0, isSingleLine: true))]
        } else if !parser.looseLine.isEmpty {
            for label in parser.looseLine.labels {
                parser.errors.append(MathError(kind: .badLabel, offset: label.offset, length: label.length,
                                               message: "\\label{\(label.name)} is outside the numbered lines", fix: "move it into a line of the environment"))
            }
        }
        var errors = parser.stream.errors
        if !parser.errors.isEmpty { errors += parser.errors }
        let equations = number(parser.equations, errors: &errors)

        var referenceTexts: [String] = []
        var resolved: [Bool] = []
        for reference in parser.references {
            let number = labelNumbers[reference.label]
            resolved.append(number != nil)
            let shown = number ?? "??"
            referenceTexts.append(reference.kind == .eqref ? "(\(shown))" : shown)
        }

        for offset in parser.stream.controlCharacterOffsets {
            errors.append(MathError(kind: .controlCharacter, offset: offset, length: 1,
                                    message: "a control character is not allowed in a formula", fix: "remove it"))
        }
        // Sorting makes the array unique, which for the empty array of most formulas means allocating one.
        if errors.count > 1 { errors.sort { $0.offset < $1.offset } }
        if errors.count > Self.maximumErrors {
            let rest = errors.count - Self.maximumErrors
            let first = errors[Self.maximumErrors]
            errors.removeLast(rest)
            errors.append(MathError(kind: .tooManyErrors, offset: first.offset, length: first.length,
                                    message: "\(rest) more error\(rest == 1 ? "" : "s") in this formula \(rest == 1 ? "is" : "are") not listed"))
        }
        for index in errors.indices { errors[index].locate(in: bytes) }

        var writer = MathMLWriter(tree: parser.tree, equations: equations, referenceTexts: referenceTexts, capacity: bytes.count * 12 + 128)
        writer.writeMath(nodes, display: display, source: bytes)
        var references: [MathReference] = []
        for (index, reference) in parser.references.enumerated() where index < writer.referenceRanges.count {
            references.append(MathReference(label: reference.label, kind: reference.kind, offset: reference.offset, length: reference.length,
                                            outputRange: writer.referenceRanges[index], resolved: resolved[index]))
        }
        return MathResult(mathML: writer.output, errors: errors, equations: equations, references: references)
    }

    /// Converts one formula given as part of a page's text.
    public mutating func convert(_ tex: Substring, display: Bool) -> MathResult {
        convert(String(tex), display: display)
    }

    /// Gives each line its number and registers its labels for the page.
    private mutating func number(_ lines: [ParsedEquation], errors: inout [MathError]) -> [MathEquation] {
        var equations: [MathEquation] = []
        for line in lines {
            var equation = MathEquation(numbered: line.numbered, tag: line.tag, tagIsStarred: line.tagIsStarred, number: nil, shownNumber: nil, labels: line.labels)
            var labelText: String?
            if let tag = line.tag {
                equation.shownNumber = line.tagIsStarred ? tag : "(\(tag))"
                labelText = tag
            } else if line.numbered {
                equationCount += 1
                equation.number = equationCount
                equation.shownNumber = "(\(equationCount))"
                labelText = String(equationCount)
            }
            for (index, label) in line.labels.enumerated() {
                if index > 0 {
                    errors.append(MathError(kind: .badLabel, offset: label.offset, length: label.length,
                                            message: "a line can have only one \\label", fix: "remove \\label{\(label.name)}"))
                    continue
                }
                guard let labelText else {
                    errors.append(MathError(kind: .badLabel, offset: label.offset, length: label.length,
                                            message: "\\label{\(label.name)} is on a line without a number",
                                            fix: "number the line (equation, align or gather without *, or \\tag), or remove the label"))
                    continue
                }
                if labelNumbers[label.name] != nil {
                    errors.append(MathError(kind: .badLabel, offset: label.offset, length: label.length,
                                            message: "the label \(label.name) is already used on this page", fix: "give this line another label"))
                    continue
                }
                labelNumbers[label.name] = labelText
            }
            equations.append(equation)
        }
        return equations
    }
}
