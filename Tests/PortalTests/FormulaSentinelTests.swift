@testable import PortalMarkdown
import Testing

/// The sentinels that stand for formulas in the rendered HTML until their MathML is put in.
@Suite struct FormulaSentinelTests {
    @Test("A sentinel written as bytes is the one made as a string", arguments: [0, 7, 9, 10, 99, 100, 1_234, 40_000])
    func bytesMatchString(slot: Int) {
        var bytes: [UInt8] = [0x41]
        MarkdownRenderer.appendFormulaSentinel(slot, to: &bytes)
        #expect(bytes == [0x41] + Array(MarkdownRenderer.formulaSentinel(slot).utf8))
    }
}
