import PortalMath
import Testing

/// Random formulas made of TeX tokens: the converter never crashes, always writes well-formed MathML
/// Core, and writes at most a fixed multiple of the input's size.
@Suite struct PropertyTests {
    static let pieces: [String] = [
        "x", "y", "1", "2.5", "+", "-", "=", "<", ">", "&", "\"", "'", "(", ")", "[", "]", "|", "{", "}", "{", "}",
        "^", "_", "\\\\", "&", " ", "\n", "%c\n", "$", "#", "#1", "~", ".", ",", "é", "α", "∑", "\u{01}", "\u{FFFF}",
        "\\alpha", "\\frac", "\\sqrt", "\\sqrt[3]", "\\left(", "\\right)", "\\left.", "\\right|", "\\middle|", "\\big(",
        "\\sum", "\\int", "\\limits", "\\nolimits", "\\lim", "\\sin", "\\mathrm", "\\mathbf", "\\mathbb", "\\text",
        "\\text{a b}", "\\operatorname", "\\operatorname*", "\\hat", "\\overbrace", "\\underbrace", "\\not", "\\stackrel",
        "\\color{red}", "\\color", "\\cancel", "\\label{a}", "\\tag{1}", "\\tag*", "\\nonumber", "\\eqref{a}", "\\ref",
        "\\begin{pmatrix}", "\\end{pmatrix}", "\\begin{align}", "\\end{align}", "\\begin{array}{c|l}", "\\end{array}",
        "\\begin{cases}", "\\end{cases}", "\\begin{equation}", "\\end{equation}", "\\begin{foo}", "\\end{bar}",
        "\\hline", "\\substack", "\\hspace{1em}", "\\hspace", "\\,", "\\!", "\\quad", "\\alpah", "\\", "\\mathcal",
        "\\newcommand{\\m}{x}", "\\m", "\\boldsymbol", "\\binom", "\\dfrac", "\\displaystyle", "\\rm", "\\xrightarrow",
        "\\pmod", "\\phantom", "\\boxed", "\\mathop", "\\mathrel", "\\end", "\\begin", "\\right", "\\middle", "\\left",
    ]

    /// A small deterministic generator, so a failure can be replayed from its seed.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test func randomTokenStringsGiveWellFormedBoundedOutput() {
        var generator = SplitMix(state: 20_251_203)
        var converter = MathConverter()
        for round in 0..<3_000 {
            let count = Int.random(in: 1...40, using: &generator)
            var tex = ""
            for _ in 0..<count { tex += Self.pieces.randomElement(using: &generator) ?? "" }
            let display = Bool.random(using: &generator)
            if round % 50 == 0 { converter = MathConverter() }
            let result = converter.convert(tex, display: display)
            if let problem = MathMLChecker.problem(in: result.mathML) {
                Issue.record("\(problem) for \(tex.debugDescription): \(result.mathML)")
                return
            }
            let bound = 300 * tex.utf8.count + 2_000
            #expect(result.mathML.utf8.count <= bound, "\(result.mathML.utf8.count) bytes for \(tex.debugDescription)")
            #expect(result.failed == result.mathML.contains("<merror>") || !result.mathML.contains("<merror>"))
            if !result.failed { #expect(!result.mathML.contains("<merror>")) }
        }
    }

    @Test func randomBytesNeverCrash() {
        var generator = SplitMix(state: 7)
        for _ in 0..<2_000 {
            let bytes = (0..<Int.random(in: 0...60, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let tex = String(decoding: bytes, as: UTF8.self)
            let result = convert(tex, display: Bool.random(using: &generator))
            #expect(MathMLChecker.problem(in: result.mathML) == nil, "\(tex.debugDescription)")
        }
    }
}
