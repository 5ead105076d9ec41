import PortalMath
import Testing

/// Each error: its kind, its place in the formula (UTF-8 bytes, line and column), its message, and its
/// suggestion or fix; and that the conversion goes on after it.
@Suite struct ErrorTests {
    func onlyError(_ tex: String, display: Bool = false) -> MathError? {
        let result = convert(tex, display: display)
        #expect(result.errors.count == 1, "\(tex): \(result.errors.map(\.description))")
        #expect(result.failed)
        #expect(MathMLChecker.problem(in: result.mathML) == nil)
        return result.errors.first
    }

    @Test func unknownCommandSuggestsTheClosestKnownOne() throws {
        let error = try #require(onlyError("x + \\alpah"))
        #expect(error.kind == .unknownCommand)
        #expect(error.offset == 4)
        #expect(error.length == 6)
        #expect(error.message == "unknown command \\alpah")
        #expect(error.suggestion == "\\alpha")
        #expect(error.fix?.contains("math.macros in site.yml") == true)
        #expect(convert("x + \\alpah").mathML.contains("<merror><mtext>\\alpah</mtext></merror>"))
    }

    @Test func unknownCommandSuggestsAMacroOfThePage() throws {
        var converter = MathConverter()
        _ = converter.convert("\\newcommand{\\Lagr}{\\mathcal{L}}", display: false)
        let result = converter.convert("\\Lagrr", display: false)
        #expect(result.errors.first?.suggestion == "\\Lagr")
    }

    @Test func unknownCommandFarFromAnyHasNoSuggestion() throws {
        let error = try #require(onlyError("\\qwertyuiop"))
        #expect(error.suggestion == nil)
    }

    @Test func positionsCountBytesAndLineAndColumnCountCharacters() throws {
        let error = try #require(onlyError("é = 1\n  + \\bta"))
        #expect(error.offset == 11)
        #expect(error.line == 2)
        #expect(error.column == 5)
        #expect(error.suggestion == "\\beta")
    }

    @Test func unbalancedBraces() throws {
        let open = try #require(onlyError("x^{2"))
        #expect(open.kind == .unbalancedBrace)
        #expect(open.offset == 2)
        #expect(open.message == "this { is never closed")
        let close = try #require(onlyError("x}"))
        #expect(close.kind == .unbalancedBrace)
        #expect(close.offset == 1)
    }

    @Test func leftWithoutRight() throws {
        let error = try #require(onlyError("\\left( x"))
        #expect(error.kind == .missingRight)
        #expect(error.offset == 0)
        let right = try #require(onlyError("x \\right)"))
        #expect(right.kind == .unmatchedRight)
        #expect(right.offset == 2)
        let bad = try #require(onlyError("\\left x \\right)"))
        #expect(bad.kind == .badDelimiter)
    }

    @Test func unknownEnvironmentSuggestsAKnownOne() throws {
        let error = try #require(onlyError("\\begin{pmatirx} a \\end{pmatirx}"))
        #expect(error.kind == .unknownEnvironment)
        #expect(error.suggestion == "pmatrix")
        #expect(error.message == "unknown environment pmatirx")
    }

    @Test func badColumnSpecification() throws {
        let error = try #require(onlyError("\\begin{array}{lx} a & b \\end{array}"))
        #expect(error.kind == .badColumnSpec)
        #expect(error.offset == 14)
        let tooMany = try #require(onlyError("\\begin{array}{l} a & b \\end{array}"))
        #expect(tooMany.kind == .badColumnSpec)
    }

    @Test func beginEndMismatch() throws {
        let error = try #require(onlyError("\\begin{matrix} a \\end{pmatrix}"))
        #expect(error.kind == .environmentMismatch)
        #expect(error.offset == 17)
        #expect(error.message == "\\begin{matrix} is ended by \\end{pmatrix}")
        let never = try #require(onlyError("\\begin{matrix} a"))
        #expect(never.message == "\\begin{matrix} is never ended")
    }

    @Test func misplacedAlignmentAndRowBreak() throws {
        let ampersand = try #require(onlyError("a & b"))
        #expect(ampersand.kind == .misplacedAlignment)
        #expect(ampersand.offset == 2)
        let rowBreak = try #require(onlyError("a \\\\ b"))
        #expect(rowBreak.kind == .misplacedRowBreak)
        let inGather = try #require(onlyError("\\begin{gather*} a & b \\end{gather*}", display: true))
        #expect(inGather.kind == .misplacedAlignment)
    }

    @Test func severalErrorsAreReportedInOrder() {
        let result = convert("\\alpah + \\betta + {x")
        #expect(result.errors.map(\.kind) == [.unknownCommand, .unknownCommand, .unbalancedBrace])
        #expect(result.errors.map(\.offset) == [0, 9, 18])
        #expect(result.mathML.contains("<mi>x</mi>"))
    }

    @Test func manyErrorsAreCountedNotListed() {
        let result = convert(String(repeating: "\\alpah ", count: 5_000))
        #expect(result.errors.count == MathConverter.maximumErrors + 1)
        #expect(result.errors.last?.kind == .tooManyErrors)
        #expect(result.errors.last?.message == "4900 more errors in this formula are not listed")
    }

    @Test func controlCharactersAreRejectedAndLeftOut() throws {
        let result = convert("x\u{01}y\u{7F}")
        #expect(result.errors.map(\.kind) == [.controlCharacter, .controlCharacter])
        #expect(result.errors.first?.offset == 1)
        #expect(MathMLChecker.problem(in: result.mathML) == nil)
        #expect(!result.mathML.unicodeScalars.contains("\u{01}"))
    }

    @Test func otherErrors() throws {
        #expect(try #require(onlyError("\\frac{1}")).kind == .missingArgument)
        #expect(try #require(onlyError("x^a^b")).kind == .doubleScript)
        #expect(try #require(onlyError("\\color{chartreuse}{x}")).kind == .unknownColor)
        #expect(try #require(onlyError("\\color{rde} x")).suggestion == "red")
        #expect(try #require(onlyError("\\hspace{3 furlongs}")).kind == .badLength)
        #expect(try #require(onlyError("a $ b")).kind == .mathShift)
        #expect(try #require(onlyError("\\begin{align} a \\end{align}")).kind == .misplacedEnvironment)
        #expect(try #require(onlyError("x^\\begin{align} a \\end{align}", display: true)).kind == .misplacedEnvironment)
        #expect(try #require(onlyError("{\\begin{gather} a \\end{gather}}", display: true)).kind == .misplacedEnvironment)
        #expect(try #require(onlyError("\\label{x}")).kind == .badLabel)
        #expect(try #require(onlyError("x \\label{a}", display: true)).message == "\\label{a} is on a line without a number")
        #expect(try #require(onlyError("\\tag{1}")).kind == .badTag)
    }
}
