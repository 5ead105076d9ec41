@testable import PortalCore
import Testing

@Suite("The body cache's text comparison")
struct BodyCacheTextTests {
    @Test("A body that is the same bytes in memory is known equal without reading it; other bodies are compared byte by byte")
    func sameBytes() {
        let file = "---\ntitle: A\n---\nA body about muons.\n"
        let body = file[file.index(file.startIndex, offsetBy: 17)...]
        let kept = BodyCache.Text(body)
        // The same slice of the same string, as a file the preview did not read again gives.
        #expect(kept.isStored(with: BodyCache.Text(body)))
        #expect(kept == BodyCache.Text(body))
        // The same text in other memory: equal, but not the same bytes.
        let copied = Substring(String(body))
        #expect(!kept.isStored(with: BodyCache.Text(copied)))
        #expect(kept == BodyCache.Text(copied))
        // Another text of the same length, and a shorter slice of the same string.
        #expect(kept != BodyCache.Text(Substring("A body about pions.\n")))
        #expect(!kept.isStored(with: BodyCache.Text(body.dropLast())))
        #expect(kept != BodyCache.Text(body.dropLast()))
    }
}
