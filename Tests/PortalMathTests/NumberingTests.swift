import PortalMath
import Testing

@Suite struct NumberingTests {
    @Test func alignNumbersItsLinesAcrossThePageAndSkipsNonumber() {
        var converter = MathConverter()
        let first = converter.convert("\\begin{align} a &= b \\label{eq:a} \\\\ c &= d \\nonumber \\\\ e &= f \\notag \\\\ g &= h \\end{align}", display: true)
        #expect(first.errors.isEmpty)
        #expect(first.equations.map(\.numbered) == [true, false, false, true])
        #expect(first.equations.map(\.number) == [1, nil, nil, 2])
        #expect(first.equations[0].labels.map(\.name) == ["eq:a"])
        #expect(first.equations[0].labels.first?.offset == 21)
        let second = converter.convert("\\begin{equation} x \\end{equation}", display: true)
        #expect(second.equations.map(\.shownNumber) == ["(3)"])
        #expect(converter.equationCount == 3)
        #expect(converter.labelNumbers == ["eq:a": "1"])
    }

    @Test func starredEnvironmentsAreNotNumbered() {
        let result = convert("\\begin{gather*} a \\\\ b \\end{gather*}", display: true)
        #expect(result.equations.map(\.numbered) == [false, false])
        #expect(!result.mathML.contains("width:50%"))
    }

    @Test func tagsReplaceNumbers() {
        var converter = MathConverter()
        let tagged = converter.convert("x = 1 \\tag{A} \\label{eq:x}", display: true)
        #expect(tagged.errors.isEmpty)
        #expect(tagged.equations.first?.tag == "A")
        #expect(tagged.equations.first?.shownNumber == "(A)")
        #expect(tagged.mathML.contains("<mtext>(A)</mtext>"))
        let starred = converter.convert("\\begin{equation} y \\tag*{[*]} \\end{equation}", display: true)
        #expect(starred.equations.first?.shownNumber == "[*]")
        #expect(converter.equationCount == 0)
        #expect(converter.labelNumbers["eq:x"] == "A")
    }

    @Test func plainDisplayMathIsNotNumbered() {
        #expect(convert("x", display: true).equations.isEmpty)
        #expect(convert("x", display: false).equations.isEmpty)
    }

    @Test func referencesResolveBackwardAtOnceAndForwardLater() {
        var converter = MathConverter()
        let earlier = converter.convert("\\text{see } \\eqref{eq:later}", display: false)
        #expect(earlier.references.map(\.resolved) == [false])
        #expect(earlier.mathML.contains("<mtext>(??)</mtext>"))
        _ = converter.convert("\\begin{equation} x \\label{eq:later} \\end{equation}", display: true)
        let after = converter.convert("\\ref{eq:later}", display: false)
        #expect(after.references.first?.resolved == true)
        #expect(after.mathML.contains("<mtext>1</mtext>"))
        let resolved = earlier.resolvingReferences { converter.labelNumbers[$0] }
        #expect(resolved.contains("<mtext>(1)</mtext>"))
        #expect(!resolved.contains("??"))
        #expect(earlier.resolvingReferences { _ in "<&>" }.contains("<mtext>(&lt;&amp;&gt;)</mtext>"))
    }

    @Test func duplicateLabelOnAPageIsAnError() {
        var converter = MathConverter()
        _ = converter.convert("\\begin{equation} x \\label{a} \\end{equation}", display: true)
        let second = converter.convert("\\begin{equation} y \\label{a} \\end{equation}", display: true)
        #expect(second.errors.map(\.kind) == [.badLabel])
        #expect(second.errors.first?.message == "the label a is already used on this page")
    }

    @Test func multlineNumbersItsLastLineOnly() {
        let result = convert("\\begin{multline} a \\\\ b \\end{multline}", display: true)
        #expect(result.equations.map(\.numbered) == [false, true])
    }
}
