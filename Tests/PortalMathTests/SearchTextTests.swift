import PortalMath
import Testing

/// A formula's words for the search index: symbols, functions, macros and text stay; layout goes.
@Suite struct SearchTextTests {
    @Test(arguments: [
        ("\\chi^2/\\mathrm{ndf}", "\\chi^2/ {ndf}"),
        ("\\left[ y_i \\log \\hat{y}_i \\right]", " [ y_i \\log  {y}_i  ]"),
        ("\\frac{1}{N}\\sum_{i=1}^{N}", " {1}{N} _{i=1}^{N}"),
        ("p_\\mathrm{T} > 25\\,\\text{GeV}", "p_ {T} > 25  {GeV}"),
        ("\\begin{array}{c|c} a & b \\end{array}", "  a & b  "),
        ("\\begin{pmatrix} \\hbar \\\\ \\ell \\end{pmatrix}", "  \\hbar   \\ell  "),
        ("\\textcolor{red}{x} \\label{eq:one} \\eqref{eq:two}", " {x}    "),
        ("\\pT + \\unknown", "\\pT + \\unknown"),
        ("E = mc^2", "E = mc^2"),
    ] as [(String, String)])
    func layoutCommandsAreTakenOut(tex: String, words: String) {
        #expect(MathConverter.searchText(tex) == words)
        // Read in place from a page's bytes, as the renderer does: the formula is a slice of them.
        let page = Array(("Text $" + tex + "$ more.").utf8)
        let formula = 6..<(page.count - 7)
        #expect(page.withUnsafeBufferPointer { MathConverter.searchText(utf8: UnsafeBufferPointer(rebasing: $0[formula])) } == words)
    }

    @Test("A formula read in place from a page's bytes converts as the same formula given as a string", arguments: [
        ("p_\\mathrm{T} > 25\\,\\mathrm{GeV}", false), ("\\begin{aligned} a &= b \\\\ c &< d \\end{aligned}", true), ("\\text{é} \\& \\alpah", false),
    ])
    func convertsBytesInPlace(tex: String, display: Bool) {
        var fromString = MathConverter()
        let expected = fromString.convert(tex, display: display)
        let page = Array(("Text $" + tex + "$ more.").utf8)
        let formula = 6..<(page.count - 7)
        var fromBytes = MathConverter()
        let result = page.withUnsafeBufferPointer { fromBytes.convert(utf8: UnsafeBufferPointer(rebasing: $0[formula]), display: display) }
        #expect(result.mathML == expected.mathML)
        #expect(result.errors.map(\.description) == expected.errors.map(\.description))
        #expect(result.mathML.contains("<annotation encoding=\"application/x-tex\">"))
    }
}
