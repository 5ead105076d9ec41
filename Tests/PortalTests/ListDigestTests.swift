import Testing
@testable import PortalCore

@Suite("The digest of a render key's lists")
struct ListDigestTests {
    private func digest(_ list: [Int]) -> UInt64 {
        var digest = ListDigest()
        for element in list { digest.add(element) }
        return digest.value
    }

    @Test("Equal lists give equal digests; a list with an element changed, moved, added or removed gives another")
    func tellsListsApart() {
        var generator = SystemRandomNumberGenerator()
        var seen: [UInt64: [Int]] = [:]
        for length in 0..<40 {
            for _ in 0..<25 {
                let list = (0..<length).map { _ in Int.random(in: -3...300, using: &generator) }
                #expect(digest(list) == digest(list))
                var variants: [[Int]] = [list + [0], list + [-1]]
                if !list.isEmpty {
                    variants.append(Array(list.dropLast()))
                    variants.append(Array(list.dropFirst()))
                    var changed = list
                    changed[length / 2] += 1
                    variants.append(changed)
                    if list.count > 1, list[0] != list[1] {
                        variants.append([list[1], list[0]] + list.dropFirst(2))
                    }
                }
                for variant in variants { #expect(digest(variant) != digest(list), "\(variant) and \(list)") }
                if let other = seen[digest(list)] { #expect(other == list) }
                seen[digest(list)] = list
            }
        }
        // Lists of zeros differ by their length alone.
        #expect(Set((0..<50).map { digest(Array(repeating: 0, count: $0)) }).count == 50)
    }
}
