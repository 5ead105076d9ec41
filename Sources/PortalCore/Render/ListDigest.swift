/// A 64-bit digest of a list of integers (its length included), for the long lists a preview
/// render key holds: the identities of the pages a listing showed and of a tag's or a page's
/// relations. One full-width multiply an element (the mixing step of wyhash), where `Hasher`
/// runs SipHash rounds for each; the digest then goes into the key's `Hasher` once.
///
/// Not keyed and not meant to resist chosen collisions: a render key is compared only with the
/// key the same preview process made for the page before, and a collision would leave one page
/// of a local preview unrendered until its next change, not publish anything.
struct ListDigest {
    private var state: UInt64 = 0x243F_6A88_85A3_08D3
    private var count: UInt64 = 0

    mutating func add(_ element: Int) {
        state = Self.mix(UInt64(bitPattern: Int64(element)) ^ 0xA076_1D64_78BD_642F, state ^ 0xE703_7ED1_A0B4_28DB)
        count &+= 1
    }

    /// The digest of the elements added so far, in order.
    var value: UInt64 {
        Self.mix(state ^ 0x8EBC_6AF0_9C88_C6E3, count ^ 0x5899_65CC_7537_4CC3)
    }

    private static func mix(_ first: UInt64, _ second: UInt64) -> UInt64 {
        let product = first.multipliedFullWidth(by: second)
        return product.high ^ product.low
    }
}
