@testable import PortalMath
import Testing

/// The direct path (`DirectConverter`) must write exactly what the full parser writes, for every
/// formula it takes, and take the plain formulas pages are full of.
@Suite struct DirectConverterTests {
    /// The direct path's MathML for `tex`, nil when it leaves the formula to the parser.
    static func direct(_ tex: String, display: Bool, macros: [String: MacroDefinition] = [:]) -> String? {
        var source = tex
        return source.withUTF8 { DirectConverter.mathML(of: $0, display: display, macros: macros) }
    }

    static func parsed(_ tex: String, display: Bool, macros: [String: MacroDefinition] = [:]) -> MathResult {
        var converter = MathConverter(macros: macros)
        var source = tex
        return source.withUTF8 { converter.convertByParsing(utf8: $0, display: display) }
    }

    /// Where the two differ, if they do, or where the direct path took a formula the parser reports.
    static func difference(_ tex: String, display: Bool, macros: [String: MacroDefinition] = [:]) -> String? {
        guard let direct = direct(tex, display: display, macros: macros) else { return nil }
        let parsed = parsed(tex, display: display, macros: macros)
        if !parsed.errors.isEmpty { return "\(tex): taken by the direct path, but the parser reports \(parsed.errors.map(\.message))" }
        if direct != parsed.mathML { return "\(tex) (\(display ? "display" : "inline")):\nparser \(parsed.mathML)\ndirect \(direct)" }
        return nil
    }

    @Test func writesWhatTheParserWritesForTheCorpus() throws {
        var differences: [String] = []
        var taken = 0
        for (display, tex) in try GoldenCorpusTests.corpus() {
            for mode in [display, !display] {
                if let difference = Self.difference(tex, display: mode) { differences.append(difference) }
                if Self.direct(tex, display: mode) != nil { taken += 1 }
            }
        }
        #expect(differences.isEmpty, "\(differences.prefix(20).joined(separator: "\n"))")
        // The corpus covers every construct, most of which the direct path leaves to the parser; a
        // good share of it is plain.
        #expect(taken > 200, "the direct path took only \(taken) of the corpus's formulas")
    }

    /// The plain formulas of physics pages are taken (the benchmark's, and the issue's classics).
    @Test(arguments: [
        "p_\\mathrm{T}", "\\eta", "x", "y_i", "\\sqrt{s}", "\\chi^2", "\\mathcal{L}", "\\hat{y}", "m_{\\ell\\ell}", "\\Delta R",
        "t\\bar{t}", "E_\\mathrm{T}^\\mathrm{miss}", "H \\to b\\bar{b}", "W^\\pm", "Z \\to \\mu\\mu", "\\langle \\psi | H | \\psi \\rangle",
        "p_\\mathrm{T} > 25\\,\\mathrm{GeV}", "|\\eta| < 2.5", "\\mathcal{L}_\\mathrm{int} = 140\\,\\mathrm{fb}^{-1}",
        "\\chi^2/\\mathrm{ndf} = 12/7", "\\sigma(pp \\to t\\bar{t}) = 830\\,\\mathrm{pb}", "\\sqrt{s} = 13.6\\,\\mathrm{TeV}",
        "\\hat{y}_{12} = \\sigma(z_{3})", "\\Delta R = \\sqrt{(\\eta_1 - \\eta_2)^2 + (\\phi_1 - \\phi_2)^2} < 0.4",
        "\\mathrm{softmax}(QK^T/\\sqrt{d_k})V", "L(\\mu) = \\prod_{b=1}^{N} \\frac{(\\mu s_b + b_b)^{n_b}}{n_b!} e^{-(\\mu s_b + b_b)}",
        "\\frac{\\mathrm{d}\\sigma}{\\mathrm{d}\\Omega}", "E = mc^2", "\\log x", "2\\sin\\theta", "\\max(a, b)", "\\lim_{n \\to \\infty} a_n",
        "\\mathcal{L} = -\\frac{1}{N}\\sum_{i=1}^{N} \\left[ y_i \\log \\hat{y}_i + (1 - y_i) \\log (1 - \\hat{y}_i) \\right]",
        "\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix} \\begin{pmatrix} x \\\\ y \\end{pmatrix}", "|x| = \\begin{cases} x & x \\geq 0 \\\\ -x & x < 0 \\end{cases}",
        "\\begin{aligned} a &= b + c \\\\ &= d \\\\ \\end{aligned}", "m_H = 125\\,\\text{GeV}", "\\left[ y_i + (1 - y_i) \\right]", "\\left\\langle x \\right\\rangle",
    ])
    func takesPlainFormulas(tex: String) {
        for display in [false, true] {
            #expect(Self.direct(tex, display: display) != nil, "\(tex) was left to the parser")
            #expect(Self.difference(tex, display: display) == nil, "\(Self.difference(tex, display: display) ?? "")")
        }
    }

    /// What the direct path does not handle, every error among it, is left to the parser (whose
    /// messages and places `ErrorTests` check through `convert`).
    @Test(arguments: [
        "\\alpah", "x^2^3", "x_", "{x", "x}", "\\frac{a}", "f'(x)", "\\sum\\limits_i", "a % comment", "a & b", "a \\\\ b",
        "\\sqrt[3]{x}", "\\left( x", "x \\right)", "é", "\\label{eq:a} x", "\\text{a \\& b}",
        "\\begin{align} a \\end{align}", "\\begin{array}{cc} a \\end{array}", "\\begin{pmatrix} a \\\\[2pt] b \\end{pmatrix}",
        "\\begin{matrix} \\hline a \\end{matrix}", "\\begin{matrix} a \\end{pmatrix}", "\\begin{cases} a", "a & b \\end{matrix}",
        "\\newcommand{\\v}{x} \\v", "\\color{red} x", "\\middle|", "\\mathbf x \\bf y", "$x$", "#1",
    ])
    func leavesTheRestToTheParser(tex: String) {
        #expect(Self.direct(tex, display: false) == nil, "\(tex) was taken by the direct path")
    }

    /// A macro of the site or the page, even one named as a built-in command, is the parser's to expand.
    @Test func leavesMacrosToTheParser() {
        let (macros, problems) = MathConverter.parseMacros(["GeV": "\\mathrm{GeV}", "hat": "\\widehat"])
        #expect(problems.isEmpty)
        #expect(Self.direct("25\\,\\GeV", display: false, macros: macros) == nil)
        #expect(Self.direct("\\hat{y}", display: false, macros: macros) == nil)
        #expect(Self.direct("\\bar{y}", display: false, macros: macros) != nil)
        var converter = MathConverter(macros: macros)
        #expect(converter.convert("\\hat{y}", display: false).mathML.contains("stretchy=\"true\""))
    }

    /// Formulas drawn at random from the constructs the direct path handles and a few it does not:
    /// wherever it takes one, it writes what the parser writes.
    @Test func writesWhatTheParserWritesForGeneratedFormulas() {
        var generator = FormulaGenerator(seed: 20_261_206)
        var differences: [String] = []
        var taken = 0
        let count = 20_000
        for index in 0..<count {
            let tex = generator.formula()
            let display = index % 3 == 0
            if let difference = Self.difference(tex, display: display) { differences.append(difference) }
            if Self.direct(tex, display: display) != nil { taken += 1 }
        }
        #expect(differences.isEmpty, "\(differences.prefix(10).joined(separator: "\n"))")
        #expect(taken > count / 4, "the direct path took only \(taken) of \(count) generated formulas")
    }
}

extension DirectConverterTests {
    /// The corpus's formulas with bytes cut, doubled or swapped at random: broken TeX must be left
    /// to the parser, and whatever the direct path still takes must match.
    @Test func writesWhatTheParserWritesForMutatedCorpusFormulas() throws {
        var generator = FormulaGenerator(seed: 7)
        var differences: [String] = []
        let pieces: [[UInt8]] = ["{", "}", "_", "^", "\\", "&", "\\\\", " ", "-", "(", "\\right)", "\\left(", "'", "\\end{pmatrix}", "é"].map { Array($0.utf8) }
        for (display, tex) in try GoldenCorpusTests.corpus() {
            for _ in 0..<6 {
                var bytes = Array(tex.utf8)
                let at = generator.index(bytes.count + 1)
                switch generator.index(3) {
                case 0 where !bytes.isEmpty: bytes.remove(at: min(at, bytes.count - 1))
                case 1: bytes.insert(contentsOf: pieces[generator.index(pieces.count)], at: at)
                default: bytes.insert(contentsOf: bytes[at...].prefix(3), at: at)
                }
                let mutated = String(decoding: bytes, as: UTF8.self)
                if let difference = Self.difference(mutated, display: display) { differences.append(difference) }
            }
        }
        #expect(differences.isEmpty, "\(differences.prefix(10).joined(separator: "\n"))")
    }
}

/// Random TeX from the pieces of plain formulas, with a few pieces the direct path leaves to the parser.
struct FormulaGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    private mutating func next(_ bound: Int) -> Int {
        // SplitMix64: the same formulas on every run and platform.
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        value ^= value >> 31
        return Int(value % UInt64(bound))
    }

    /// A number below `bound`.
    mutating func index(_ bound: Int) -> Int {
        next(bound)
    }

    private mutating func pick(_ choices: [String]) -> String {
        choices[next(choices.count)]
    }

    static let atoms = [
        "x", "y", "ab", "Q", "12", "3.5", ".5", "1.2.3", "0", "+", "-", "=", "<", ">", "/", "*", "(", ")", "[", "]", "|", ",", ";", ":",
        "!", "?", ".", "~", "@", "\"", "\\alpha", "\\Delta", "\\nabla", "\\ell", "\\to", "\\pm", "\\mp", "\\times", "\\cdot", "\\sum",
        "\\prod", "\\int", "\\oint", "\\langle", "\\rangle", "\\{", "\\}", "\\|", "\\,", "\\;", "\\quad", "\\!", "\\infty", "\\partial",
        "\\leq", "\\in", "\\ldots", "\\&", "\\%", "\\_", "\\lbrace", "\\varepsilon", "\\Gamma", "\\hbar",
        "\\log", "\\sin", "\\exp", "\\max", "\\lim", "\\det", "\\argmax", "\\Pr",
    ]
    /// Pieces the direct path leaves to the parser.
    static let rare = ["\\begin{align}x\\end{align}", "'", "\\limits", "\\sqrt[3]{x}", "\\alpah", "é", "\\middle|", "\\operatorname{tr}", "%c\n", "\\bf", "\\\\", "&", "\\end{matrix}", "\\hline"]
    static let fonts = ["\\mathrm", "\\mathbf", "\\mathcal", "\\mathbb", "\\mathit", "\\mathsf", "\\mathtt", "\\boldsymbol", "\\mathfrak"]
    static let accents = ["\\hat", "\\bar", "\\vec", "\\tilde", "\\dot", "\\overline", "\\underline", "\\widehat"]
    static let texts = ["\\text{GeV}", "\\text{ if }", "\\text{a  b }", "\\text{}", "\\textbf{x1}", "\\textit{ab}", "\\text{ }", "\\text{<\"}", "\\mathrm{d}"]
    static let environments = ["matrix", "pmatrix", "bmatrix", "Bmatrix", "vmatrix", "Vmatrix", "smallmatrix", "cases", "dcases", "rcases", "aligned", "split", "gathered"]
    static let delimiters = ["(", ")", "[", "]", "|", ".", "<", ">", "/", "\\{", "\\}", "\\langle", "\\rangle", "\\|", "\\lVert", "\\lfloor"]

    mutating func formula() -> String {
        list(depth: 0)
    }

    private mutating func list(depth: Int) -> String {
        var pieces: [String] = []
        for _ in 0..<(1 + next(depth == 0 ? 6 : 3)) { pieces.append(item(depth: depth)) }
        return pieces.joined(separator: next(3) == 0 ? " " : "")
    }

    private mutating func item(depth: Int) -> String {
        var base = atom(depth: depth)
        switch next(depth == 0 ? 6 : 12) {
        case 0: base += "_" + script(depth: depth)
        case 1: base += "^" + script(depth: depth)
        case 2: base += (next(2) == 0 ? "_" + script(depth: depth) + "^" : "^" + script(depth: depth) + "_") + script(depth: depth)
        default: break
        }
        return base
    }

    private mutating func environment(depth: Int) -> String {
        let name = pick(Self.environments)
        var rows: [String] = []
        for _ in 0..<(1 + next(3)) {
            var cells: [String] = []
            for _ in 0..<(1 + next(3)) { cells.append(next(5) == 0 ? "" : list(depth: depth + 1)) }
            rows.append(cells.joined(separator: next(2) == 0 ? " & " : "&"))
        }
        let ending = next(3) == 0 ? " \\\\ " : " "
        return "\\begin{" + name + "}" + rows.joined(separator: " \\\\ ") + ending + "\\end{" + name + "}"
    }

    private mutating func script(depth: Int) -> String {
        next(depth < 2 ? 3 : 6) == 0 ? "{" + list(depth: depth + 1) + "}" : pick(["i", "2", "12", "\\alpha", "-", "+", "\\pm", "\\mathrm{T}", "*", "\\prime"])
    }

    private mutating func atom(depth: Int) -> String {
        let deeper = depth < 2
        switch next(deeper ? 15 : 8) {
        case 0, 1, 2, 3: return pick(Self.atoms)
        case 4: return next(8) == 0 ? pick(Self.rare) : pick(Self.atoms)
        case 5: return pick(Self.texts)
        case 6: return "{" + pick(["-", "+", ",", "=", "(", "|", "\\sum", "\\pm", "x", ""]) + "}"
        case 7: return pick(["\\frac12", "\\sqrt x", "\\hat a", "\\mathrm d", "{}"])
        case 8: return pick(Self.fonts) + "{" + list(depth: depth + 1) + "}"
        case 9: return pick(Self.accents) + "{" + list(depth: depth + 1) + "}"
        case 10: return pick(["\\frac", "\\dfrac", "\\tfrac"]) + "{" + list(depth: depth + 1) + "}{" + list(depth: depth + 1) + "}"
        case 11: return "\\sqrt{" + list(depth: depth + 1) + "}"
        case 12: return "\\left" + pick(Self.delimiters) + " " + list(depth: depth + 1) + " \\right" + pick(Self.delimiters)
        case 13: return environment(depth: depth)
        default: return "{" + list(depth: depth + 1) + "}"
        }
    }
}
