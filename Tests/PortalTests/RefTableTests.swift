import Testing
@testable import PortalCore

@Suite("The refs a preview rebuild takes from the last build, by page identity")
struct RefTableTests {
    @Test("A table taken over keeps the refs of the identities marked, at every depth, lets go of the rest, and leaves the last table empty")
    func takeKeepsMarkedIdentities() {
        let last = RefTable(depths: 2, identities: 4)
        for identity in 0..<4 {
            for depth in 0..<2 { last.keep(.text("page \(identity) at \(depth)"), for: identity, depth: depth) }
        }
        // Identity 5 is a page new in this build; identity 3 a page gone; identity 1 a page whose ref changed.
        let table = RefTable(depths: 3, identities: 6)
        table.take(from: last, kept: [true, false, true, false, false, false])
        #expect(table.ref(0, depth: 0) == .text("page 0 at 0"))
        #expect(table.ref(2, depth: 1) == .text("page 2 at 1"))
        #expect(table.ref(1, depth: 0) == nil)
        #expect(table.ref(1, depth: 1) == nil)
        #expect(table.ref(3, depth: 0) == nil)
        #expect(table.ref(5, depth: 2) == nil)
        // The depth and the identity the last table did not have take refs like the others.
        table.keep(.text("page 5 at 2"), for: 5, depth: 2)
        #expect(table.ref(5, depth: 2) == .text("page 5 at 2"))
        #expect(last.ref(0, depth: 0) == nil)
    }

    @Test("A table taken over for fewer depths and identities drops the others")
    func takeTrims() {
        let last = RefTable(depths: 3, identities: 5)
        last.keep(.text("deep"), for: 4, depth: 2)
        last.keep(.text("kept"), for: 1, depth: 0)
        let table = RefTable(depths: 1, identities: 3)
        table.take(from: last, kept: [true, true, true, true, true])
        #expect(table.ref(1, depth: 0) == .text("kept"))
        #expect(table.ref(4, depth: 2) == nil)
        #expect(table.ref(4, depth: 0) == nil)
    }

    @Test("Forgetting identities lets go of their refs at every depth and keeps the others")
    func forget() {
        let table = RefTable(depths: 2, identities: 3)
        for identity in 0..<3 {
            for depth in 0..<2 { table.keep(.number(identity * 10 + depth), for: identity, depth: depth) }
        }
        table.forget([1])
        #expect(table.ref(1, depth: 0) == nil && table.ref(1, depth: 1) == nil)
        #expect(table.ref(2, depth: 1) == .number(21))
    }
}
