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
    }
}
