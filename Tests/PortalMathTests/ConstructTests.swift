import PortalMath
import Testing

@Suite struct ConstructTests {
    @Test func outputIsMathWithSemanticsAndEscapedAnnotation() {
        let result = convert("a<b & c", display: false)
        #expect(result.mathML.hasPrefix("<math><semantics><mrow>"))
        #expect(result.mathML.hasSuffix("<annotation encoding=\"application/x-tex\">a&lt;b &amp; c</annotation></semantics></math>"))
        #expect(convert("x", display: true).mathML.hasPrefix("<math display=\"block\"><semantics><mi>x</mi>"))
    }

    /// The MathML is ASCII: every other character is a hexadecimal character reference, in the
    /// leaves, in attribute values and in the annotation, on the direct path and on the parser's.
    @Test func charactersOutsideASCIIAreReferences() {
        #expect(convert("\\alpha").mathML == "<math><semantics><mi>&#x3B1;</mi><annotation encoding=\"application/x-tex\">\\alpha</annotation></semantics></math>")
        #expect(convert("\\mathbf{x} - 1").mathML.hasPrefix("<math><semantics><mrow><mi>&#x1D431;</mi><mo>&#x2212;</mo><mn>1</mn></mrow>"))
        #expect(convert("\\text{Schrödinger} ≤ x").mathML
            == "<math><semantics><mrow><mtext>Schr&#xF6;dinger</mtext><mo>&#x2264;</mo><mi>x</mi></mrow><annotation encoding=\"application/x-tex\">\\text{Schr&#xF6;dinger} &#x2264; x</annotation></semantics></math>")
        #expect(convert("\\not\\perp").mathML.contains("<mo>&#x22A5;&#x338;</mo>"))
        // A C1 control is reported and left out, not written as a reference (which HTML reads as another character).
        let control = convert("a\u{85}b")
        #expect(!control.errors.isEmpty)
        #expect(!control.mathML.contains("&#x85;") && !control.mathML.unicodeScalars.contains("\u{85}"))
    }

    @Test(arguments: [
        ("13.6", "<mn>13.6</mn>"),
        ("x", "<mi>x</mi>"),
        ("\\alpha", "<mi>α</mi>"),
        ("\\varepsilon", "<mi>ε</mi>"),
        ("\\vartheta", "<mi>ϑ</mi>"),
        ("\\varphi", "<mi>φ</mi>"),
        ("\\Gamma", "<mi mathvariant=\"normal\">Γ</mi>"),
        ("\\varGamma", "<mi>Γ</mi>"),
        ("\\nabla", "<mi mathvariant=\"normal\">∇</mi>"),
        ("\\mathrm{d}", "<mi mathvariant=\"normal\">d</mi>"),
        ("\\mathrm{TeV}", "<mi>TeV</mi>"),
        ("\\mathbf{x}", "<mi>𝐱</mi>"),
        ("\\mathbb{R}", "<mi>ℝ</mi>"),
        ("\\mathcal{L}", "<mi>ℒ</mi>"),
        ("\\mathfrak{g}", "<mi>𝔤</mi>"),
        ("\\mathsf{A}", "<mi>𝖠</mi>"),
        ("\\mathtt{x}", "<mi>𝚡</mi>"),
        ("\\boldsymbol{\\alpha}", "<mi>𝜶</mi>"),
        ("\\bm{x}", "<mi>𝒙</mi>"),
        ("\\mathit{h}", "<mi>ℎ</mi>"),
        ("\\text{GeV}", "<mtext>GeV</mtext>"),
        ("\\text{ if }", "<mtext>\u{A0}if\u{A0}</mtext>"),
        ("\\textbf{b}", "<mtext>𝐛</mtext>"),
        ("-", "<mo lspace=\"0em\" rspace=\"0em\">−</mo>"),
        ("a-b", "<mrow><mi>a</mi><mo>−</mo><mi>b</mi></mrow>"),
        ("n!-1", "<mrow><mi>n</mi><mo>!</mo><mo>−</mo><mn>1</mn></mrow>"),
        ("[-\\pi, -1)", "<mrow><mo stretchy=\"false\">[</mo><mo lspace=\"0em\" rspace=\"0em\">−</mo><mi>π</mi><mo>,</mo><mo lspace=\"0em\" rspace=\"0em\">−</mo><mn>1</mn><mo stretchy=\"false\">)</mo></mrow>"),
        ("\\leq", "<mo>≤</mo>"),
        ("\\not=", "<mo>≠</mo>"),
        ("\\not\\in", "<mo>∉</mo>"),
        ("\\not\\perp", "<mo>⊥\u{0338}</mo>"),
        ("\\,", "<mspace width=\"0.1667em\"></mspace>"),
        ("\\!", "<mspace width=\"-0.1667em\"></mspace>"),
        ("\\quad", "<mspace width=\"1em\"></mspace>"),
        ("\\hspace{3mu}", "<mspace width=\"0.1667em\"></mspace>"),
        ("\\hspace{2pt}", "<mspace width=\"2pt\"></mspace>"),
        ("(", "<mo stretchy=\"false\">(</mo>"),
        ("\\ldots", "<mo stretchy=\"false\" lspace=\"0em\" rspace=\"0em\">…</mo>"),
    ])
    func tokens(tex: String, expected: String) {
        #expect(presentation(tex) == expected)
        #expect(convert(tex).errors.isEmpty)
    }

    /// Letters in an alphabet that joins them, and the digits of a number, are read from the source
    /// in one run; what ends a run (a comment, a control character, a macro, a second point) must give
    /// what reading them one token at a time gives.
    @Test(arguments: [
        ("\\mathrm{GeV}", "<mi>GeV</mi>"),
        ("\\mathrm{Ge%note\nV}", "<mrow><mi>Ge</mi><mi mathvariant=\"normal\">V</mi></mrow>"),
        ("\\mathrm{Ge%note\n\\mathrm{V}}", "<mrow><mi>Ge</mi><mi mathvariant=\"normal\">V</mi></mrow>"),
        ("\\mathrm{Ge V}", "<mrow><mi>Ge</mi><mi mathvariant=\"normal\">V</mi></mrow>"),
        ("\\mathrm{Ge\\,V}", "<mrow><mi>Ge</mi><mspace width=\"0.1667em\"></mspace><mi mathvariant=\"normal\">V</mi></mrow>"),
        ("\\mathbf{xy}", "<mi>𝐱𝐲</mi>"),
        ("\\newcommand{\\V}{V}\\mathrm{Ge\\V}", "<mi>GeV</mi>"),
        ("12.5.3", "<mrow><mn>12.5</mn><mn>.3</mn></mrow>"),
        ("12.", "<mrow><mn>12</mn><mo>.</mo></mrow>"),
        (".5", "<mn>.5</mn>"),
        ("1%note\n2", "<mrow><mn>1</mn><mn>2</mn></mrow>"),
        ("1\u{7}2", "<mn>12</mn>"),
        ("\\mathrm{G\u{7}eV}", "<mi>GeV</mi>"),
        ("\\newcommand{\\five}{5}1.\\five", "<mn>1.5</mn>"),
        ("\\mathbf{12}", "<mn>𝟏𝟐</mn>"),
    ])
    func runs(tex: String, expected: String) {
        #expect(presentation(tex) == expected)
    }

    @Test func scriptsAndPrimes() {
        #expect(presentation("x_i^2") == "<msubsup><mi>x</mi><mi>i</mi><mn>2</mn></msubsup>")
        #expect(presentation("x'") == "<msup><mi>x</mi><mo>′</mo></msup>")
        #expect(presentation("x''") == "<msup><mi>x</mi><mo>″</mo></msup>")
        #expect(presentation("x'^2") == "<msup><mi>x</mi><mrow><mo>′</mo><mn>2</mn></mrow></msup>")
        #expect(presentation("x^12") == "<mrow><msup><mi>x</mi><mn>1</mn></msup><mn>2</mn></mrow>")
    }

    @Test func fractionsAndRoots() {
        #expect(presentation("\\frac12") == "<mfrac><mn>1</mn><mn>2</mn></mfrac>")
        #expect(presentation("\\dfrac{a}{b}") == "<mstyle displaystyle=\"true\" scriptlevel=\"0\"><mfrac><mi>a</mi><mi>b</mi></mfrac></mstyle>")
        #expect(presentation("\\tfrac{a}{b}") == "<mstyle displaystyle=\"false\"><mfrac><mi>a</mi><mi>b</mi></mfrac></mstyle>")
        #expect(presentation("\\binom{n}{k}").contains("<mfrac linethickness=\"0\"><mi>n</mi><mi>k</mi></mfrac>"))
        #expect(presentation("\\sqrt[n]{x}") == "<mroot><mi>x</mi><mi>n</mi></mroot>")
        #expect(presentation("\\sqrt{x}") == "<msqrt><mi>x</mi></msqrt>")
    }

    @Test func bigOperatorsAndLimits() {
        #expect(presentation("\\sum_{i}^{n}") == "<munderover><mo>∑</mo><mi>i</mi><mi>n</mi></munderover>")
        #expect(presentation("\\int_0^1") == "<msubsup><mo>∫</mo><mn>0</mn><mn>1</mn></msubsup>")
        #expect(presentation("\\int\\limits_0^1") == "<munderover><mo movablelimits=\"false\">∫</mo><mn>0</mn><mn>1</mn></munderover>")
        #expect(presentation("\\sum\\nolimits_i") == "<msub><mo>∑</mo><mi>i</mi></msub>")
        #expect(presentation("\\lim\\limits_x") == "<munder><mo lspace=\"0.1667em\" rspace=\"0.1667em\" movablelimits=\"false\">lim</mo><mi>x</mi></munder>")
        #expect(presentation("\\lim\\nolimits_x") == "<msub><mo lspace=\"0.1667em\" rspace=\"0.1667em\">lim</mo><mi>x</mi></msub>")
        #expect(presentation("\\lim_{x}").hasPrefix("<munder><mo movablelimits=\"true\" lspace=\"0.1667em\" rspace=\"0.1667em\">lim</mo>"))
        #expect(presentation("\\sin x") == "<mrow><mi>sin</mi><mo rspace=\"0.1667em\">\u{2061}</mo><mi>x</mi></mrow>")
        // A thin space after an ordinary symbol or a closing delimiter, as TeX spaces Ord–Op and Close–Op, not after an opening one.
        #expect(presentation("2\\ln x").hasPrefix("<mrow><mn>2</mn><mspace width=\"0.1667em\"></mspace><mi>ln</mi>"))
        #expect(presentation("(1-y)\\log p").contains("<mo stretchy=\"false\">)</mo><mspace width=\"0.1667em\"></mspace><mi>log</mi>"), "\(presentation("(1-y)\\log p"))")
        #expect(!presentation("(\\log p)").contains("<mspace"))
        #expect(presentation("\\operatorname{sgn}(x)").hasPrefix("<mrow><mi>sgn</mi><mo>\u{2061}</mo><mo stretchy=\"false\">(</mo>"))
        #expect(presentation("\\operatorname*{arg\\,max}_y").hasPrefix("<munder><mo movablelimits=\"true\" lspace=\"0.1667em\" rspace=\"0.1667em\">arg\u{2009}max</mo>"))
    }

    @Test func delimiters() {
        #expect(presentation("\\left( x \\right)") ==
            "<mrow><mo fence=\"true\" form=\"prefix\" stretchy=\"true\" symmetric=\"true\">(</mo><mi>x</mi><mo fence=\"true\" form=\"postfix\" stretchy=\"true\" symmetric=\"true\">)</mo></mrow>")
        #expect(presentation("\\left. x \\right|").hasPrefix("<mrow><mi>x</mi><mo fence=\"true\" form=\"postfix\""))
        #expect(presentation("\\left( a \\middle| b \\right)").contains("<mo fence=\"true\" stretchy=\"true\" symmetric=\"true\" lspace=\"0.05em\" rspace=\"0.05em\">|</mo>"))
        #expect(presentation("\\big(") == "<mo fence=\"false\" stretchy=\"true\" symmetric=\"true\" minsize=\"1.2em\" maxsize=\"1.2em\">(</mo>")
        #expect(presentation("\\Bigr]").contains("minsize=\"1.623em\""))
    }

    @Test func accentsAndBraces() {
        #expect(presentation("\\hat{x}") == "<mover accent=\"true\"><mi>x</mi><mo stretchy=\"false\">^</mo></mover>")
        #expect(presentation("\\widetilde{x}") == "<mover accent=\"true\"><mi>x</mi><mo stretchy=\"true\">~</mo></mover>")
        #expect(presentation("\\underline{x}") == "<munder accentunder=\"true\"><mi>x</mi><mo stretchy=\"true\">\u{0332}</mo></munder>")
        #expect(presentation("\\overbrace{x}^{n}") == "<mover><mover><mi>x</mi><mo stretchy=\"true\">⏞</mo></mover><mi>n</mi></mover>")
        #expect(presentation("\\underbrace{x}_{n}") == "<munder><munder><mi>x</mi><mo stretchy=\"true\">⏟</mo></munder><mi>n</mi></munder>")
        #expect(presentation("\\stackrel{!}{=}") == "<mover><mo>=</mo><mo>!</mo></mover>")
        #expect(presentation("\\underset{x}{y}") == "<munder><mi>y</mi><mi>x</mi></munder>")
    }

    @Test func colorCancelAndBoxes() {
        #expect(presentation("\\color{red} x + y") == "<mrow mathcolor=\"red\"><mi>x</mi><mo>+</mo><mi>y</mi></mrow>")
        #expect(presentation("{\\color{blue} a} b") == "<mrow><mrow mathcolor=\"blue\"><mi>a</mi></mrow><mi>b</mi></mrow>")
        #expect(presentation("\\textcolor{green}{x}") == "<mrow mathcolor=\"green\"><mi>x</mi></mrow>")
        #expect(presentation("\\cancel{x}") == "<mrow class=\"tex-cancel\"><mi>x</mi></mrow>")
    }

    @Test func environments() {
        let matrix = presentation("\\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix}")
        #expect(matrix.hasPrefix("<mrow><mo fence=\"true\" form=\"prefix\" stretchy=\"true\" symmetric=\"true\">(</mo><mtable displaystyle=\"false\"><mtr><mtd><mi>a</mi></mtd><mtd><mi>b</mi></mtd></mtr>"))
        let array = presentation("\\begin{array}{l|r} a & b \\\\ \\hline c & d \\end{array}")
        #expect(array.contains("<mtd class=\"tex-left tex-br\"><mi>a</mi></mtd>"))
        #expect(array.contains("<mtd class=\"tex-left tex-br tex-bt\"><mi>c</mi></mtd>"))
        let cases = presentation("\\begin{cases} 1 & x > 0 \\\\ 0 & x \\le 0 \\end{cases}")
        #expect(cases.hasPrefix("<mrow><mo fence=\"true\" form=\"prefix\" stretchy=\"true\" symmetric=\"true\">{</mo><mtable"))
        let aligned = presentation("\\begin{aligned} a &= b \\\\ c &= d \\end{aligned}")
        #expect(aligned.hasPrefix("<mtable displaystyle=\"true\"><mtr><mtd class=\"tex-right tex-pr0\"><mi>a</mi></mtd>"))
        for name in ["matrix", "bmatrix", "Bmatrix", "vmatrix", "Vmatrix", "smallmatrix", "gathered", "split"] {
            #expect(convert("\\begin{\(name)} a \\\\ b \\end{\(name)}").errors.isEmpty, "\(name)")
        }
        #expect(convert("x_{\\begin{subarray}{c} a \\\\ b \\end{subarray}}").errors.isEmpty)
        #expect(convert("\\sum_{\\substack{a \\\\ b}}").errors.isEmpty)
    }

    @Test func numberedDisplayFormulaIsATableWithANumberColumn() {
        let result = convert("\\begin{equation} E = mc^2 \\end{equation}", display: true)
        #expect(result.mathML.contains("<mtable displaystyle=\"true\" class=\"tex-numbered\"><mtr><mtd class=\"tex-eqpad\"></mtd><mtd>"))
        #expect(result.mathML.contains("<mtext>(1)</mtext></mtd></mtr></mtable>"))
        #expect(!convert("\\begin{equation*} E \\end{equation*}", display: true).mathML.contains("mtable"))
    }
}
