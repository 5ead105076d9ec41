/// Where each document of the search index lives: its number (slot), from its address alone.
///
/// A document's number is where its address hashes to in a table of twice as many places as there
/// are documents (rounded up to a power of two), or the next free place after documents that hash
/// earlier: the documents are placed in the order of (home place, address), each at its home or just
/// after the one before. The numbers are a function of the set of addresses, not of the order the
/// pages came in, so a full build and any sequence of edits reaching the same pages agree; and a page
/// added or deleted moves only the documents placed right after it in the same run of taken places,
/// so its shards and document chunks are the only ones written again. Title order, which breaks ties
/// between equal scores, is kept apart, in `meta.js` (`order`).
extension SearchIndex {
    /// Whether a page is searched: everything but the generated tag pages.
    static func isDocument(_ page: Page) -> Bool {
        page.kind != .tags && page.kind != .tag
    }

    /// The documents' numbers: for each number, the position of its page (-1: none) and its address.
    static func numbering(of pages: [Page]) -> (positions: [Int], paths: [String], size: Int) {
        let searched = pages.indices.filter { isDocument(pages[$0]) }
        let size = tableSize(for: searched.count)
        let numbers = slots(of: searched.map { pages[$0].outputPath }, size: size)
        let extent = (numbers.max() ?? -1) + 1
        var positions = [Int](repeating: -1, count: extent)
        var paths = [String](repeating: "", count: extent)
        for (document, number) in zip(searched, numbers) {
            positions[number] = document
            paths[number] = pages[document].outputPath
        }
        return (positions, paths, size)
    }

    /// The numbers of the documents at `positions` in title order (the order that breaks ties between
    /// equal scores).
    static func titleOrder(of pages: [Page], positions: [Int]) -> [Int] {
        let numbers = positions.indices.filter { positions[$0] >= 0 }
        let keys = numbers.map { titleKey(of: pages[positions[$0]]) }
        return numbers.indices.sorted { keys[$0] < keys[$1] }.map { numbers[$0] }
    }

    /// What title order sorts a document by: its title without case, kind, then address.
    static func titleKey(of page: Page) -> (String, String, String) {
        (page.title.lowercased(), page.kind.rawValue, page.outputPath)
    }

    /// The number of places for `count` documents: at least twice as many, a power of two.
    static func tableSize(for count: Int) -> Int {
        var size = 64
        while size < 2 * count { size *= 2 }
        return size
    }

    /// The number of each document, by address (`paths`, in any order), in a table of `size` places.
    static func slots(of paths: [String], size: Int) -> [Int] {
        let shift = UInt64(64 - size.trailingZeroBitCount)
        let homes = paths.map { Int(truncatingIfNeeded: mixed(fnv1a($0)) >> shift) }
        let order = paths.indices.sorted { homes[$0] != homes[$1] ? homes[$0] < homes[$1] : paths[$0] < paths[$1] }
        var slots = [Int](repeating: 0, count: paths.count)
        var next = 0
        for document in order {
            slots[document] = max(homes[document], next)
            next = slots[document] + 1
        }
        return slots
    }

    /// FNV-1a over the UTF-8 bytes: the same number on every machine and in every run (Swift's own
    /// hashing is seeded per process).
    private static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }

    /// SplitMix64's finaliser: spreads FNV-1a's bits so that the top ones, which pick the place, vary
    /// with every byte of the address.
    private static func mixed(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The base-36 digits each number of `order` takes in `meta.js`, for numbers below `extent`.
    static func orderWidth(extent: Int) -> Int {
        var width = 1
        var limit = 36
        while limit < extent {
            width += 1
            limit *= 36
        }
        return width
    }

    /// `numbers` as one string of base-36 numbers of `width` digits each, zero-padded.
    static func packed(_ numbers: [Int], width: Int) -> String {
        let digits = Array("0123456789abcdefghijklmnopqrstuvwxyz".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(numbers.count * width)
        for number in numbers {
            var place = width
            var rest = number
            var written = [UInt8](repeating: UInt8(ascii: "0"), count: width)
            while place > 0 {
                place -= 1
                written[place] = digits[rest % 36]
                rest /= 36
            }
            text += written
        }
        return String(decoding: text, as: UTF8.self)
    }
}
