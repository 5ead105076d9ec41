import PortalMath
import Testing

@Suite struct MacroTests {
    @Test func newcommandWithArgumentsAndOptionalDefault() {
        #expect(presentation("\\newcommand{\\pd}[2]{\\frac{\\partial #1}{\\partial #2}} \\pd{f}{x}") ==
            "<mfrac><mrow><mi>∂</mi><mi>f</mi></mrow><mrow><mi>∂</mi><mi>x</mi></mrow></mfrac>")
        #expect(presentation("\\newcommand{\\e}[1][x]{e^{#1}} \\e") == "<msup><mi>e</mi><mi>x</mi></msup>")
        #expect(presentation("\\newcommand{\\e}[1][x]{e^{#1}} \\e[y]") == "<msup><mi>e</mi><mi>y</mi></msup>")
        #expect(presentation("\\def\\ab#1#2{#2#1} \\ab xy") == "<mrow><mi>y</mi><mi>x</mi></mrow>")
    }

    @Test func aPageMacroAppliesToLaterFormulasOfThePage() {
        var converter = MathConverter()
        #expect(converter.convert("\\newcommand{\\RR}{\\mathbb{R}}", display: false).errors.isEmpty)
        #expect(readable(converter.convert("\\RR", display: false).mathML).contains("<mi>ℝ</mi>"))
        #expect(MathConverter().macros["RR"] == nil)
    }

    @Test func siteMacrosFromTheConfiguration() {
        let (macros, errors) = MathConverter.parseMacros(["\\RR": "\\mathbb{R}", "norm": "\\left\\|#1\\right\\|", "bad name": "x", "\\open": "{x"])
        #expect(macros["RR"] != nil)
        #expect(macros["norm"]?.parameterCount == 1)
        #expect(errors.map(\.name).sorted() == ["\\open", "bad name"])
        #expect(errors.first { $0.name == "\\open" }?.error.kind == .unbalancedBrace)
        var converter = MathConverter(macros: macros)
        #expect(converter.convert("\\norm{x} \\in \\RR", display: false).errors.isEmpty)
    }

    @Test func renewcommandOverridesABuiltinAndNewcommandRefusesOne() {
        #expect(presentation("\\renewcommand{\\vec}[1]{\\mathbf{#1}} \\vec{v}") == "<mi>𝐯</mi>")
        let result = convert("\\newcommand{\\sum}{x}")
        #expect(result.errors.first?.kind == .badMacro)
        #expect(result.errors.first?.suggestion == "\\renewcommand")
    }

    @Test(arguments: ["\\def\\a{\\a\\a}\\a", "\\def\\a{\\a}\\a", "\\newcommand{\\a}{\\a x}\\a", "\\def\\a#1{#1#1#1#1}\\a{\\a{\\a{\\a{\\a{\\a{\\a{\\a{\\a{\\a{\\a{\\a{x}}}}}}}}}}}}"])
    func selfReferenceEndsWithAnErrorAndBoundedOutput(tex: String) {
        let result = convert(tex)
        #expect(result.errors.contains { $0.kind == .macroExpansionLimit })
        #expect(result.mathML.utf8.count < 2_000_000)
        #expect(MathMLChecker.problem(in: result.mathML) == nil)
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let tex = String(repeating: "{", count: 5_000) + "x" + String(repeating: "}", count: 5_000)
        let result = convert(tex)
        #expect(result.errors.contains { $0.kind == .nestingLimit })
        #expect(MathMLChecker.problem(in: result.mathML) == nil)
        let fractions = String(repeating: "\\frac{1}{", count: 3_000) + String(repeating: "}", count: 3_000)
        #expect(MathMLChecker.problem(in: convert(fractions).mathML) == nil)
        for chain in ["\\sqrt", "\\hat", "\\mathbf", "\\color{red}", "\\displaystyle", "\\frac1", "x^{", "x^\\hat ", "\\text{", "\\left(",
                      "\\begin{matrix}", "\\overbrace", "\\operatorname", "\\sqrt[", "\\xrightarrow"] {
            let result = convert(String(repeating: chain, count: 20_000) + " x")
            // The nesting error may be past the listed ones when every level is unclosed (`\text{`).
            #expect(result.errors.contains { $0.kind == .nestingLimit || $0.kind == .tooManyErrors } || chain == "x^\\hat ", "\(chain)")
            #expect(result.errors.count <= MathConverter.maximumErrors + 1, "\(chain)")
            #expect(MathMLChecker.problem(in: result.mathML) == nil, "\(chain)")
        }
    }
}
