extension SearchIndex {
    /// One document's term scores while its texts are read, kept by the terms' bytes.
    ///
    /// A document uses few distinct terms many times over (about 50 and 12 times each in the benchmark
    /// site). Finding a term's bytes in this small open-addressed table costs far less than making a
    /// String and hashing it with SipHash for each use; Strings are made once per distinct term, at the
    /// end.
    struct TermTally {
        /// A distinct term: its bytes in `bytes`, its hash, its weighted score from the fields other
        /// than the body, and how often the body uses it.
        private struct Entry {
            var start: Int
            var end: Int
            var hash: UInt64
            var score = 0
            var bodyUses = 0
        }

        /// The bytes of the distinct terms, one after another.
        private var bytes: [UInt8] = []
        /// The distinct terms, in the order first met.
        private var entries: [Entry] = []
        /// Indices into `entries`, or -1 where empty; the count is a power of two, at least twice
        /// the number of entries.
        private var slots = [Int](repeating: -1, count: 128)

        /// Adds `weight` to the score of a term from a field other than the body.
        mutating func add(_ term: UnsafeBufferPointer<UInt8>, weight: Int) {
            entries[entry(of: term)].score += weight
        }

        /// Counts a use of a term in the body.
        mutating func addBodyUse(_ term: UnsafeBufferPointer<UInt8>) {
            entries[entry(of: term)].bodyUses += 1
        }

        /// The scores by term: the weighted score plus the body's uses up to `bodyCap`.
        ///
        /// Byte-different terms can be equal Strings (canonically equivalent, such as a precomposed
        /// syllable and its jamo): they merge here, capped together, under the form met first, as
        /// they did when each use went through a `[String: Int]`.
        func scores(bodyCap: Int) -> [String: Int] {
            var merged: [String: (score: Int, bodyUses: Int)] = .init(minimumCapacity: entries.count)
            for entry in entries {
                let term = bytes[entry.start..<entry.end].withUnsafeBufferPointer { String(decoding: $0, as: UTF8.self) }
                merged[term, default: (0, 0)].score += entry.score
                merged[term, default: (0, 0)].bodyUses += entry.bodyUses
            }
            return merged.mapValues { $0.score + min($0.bodyUses, bodyCap) }
        }

        /// The index in `entries` of a term, added if new.
        private mutating func entry(of term: UnsafeBufferPointer<UInt8>) -> Int {
            // FNV-1a: quick on short keys, and the table is private to one document.
            var hash: UInt64 = 0xCBF2_9CE4_8422_2325
            for byte in term { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
            let mask = slots.count - 1
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] >= 0 {
                let index = slots[slot]
                let entry = entries[index]
                if entry.hash == hash && spells(entry, term) { return index }
                slot = (slot + 1) & mask
            }
            let index = entries.count
            let start = bytes.count
            bytes.append(contentsOf: term)
            entries.append(Entry(start: start, end: bytes.count, hash: hash))
            slots[slot] = index
            if entries.count * 2 > slots.count { grow() }
            return index
        }

        /// Whether `entry` is the term `term`. (A plain loop: `elementsEqual` on a slice costs
        /// several times more.)
        private func spells(_ entry: Entry, _ term: UnsafeBufferPointer<UInt8>) -> Bool {
            guard entry.end - entry.start == term.count else { return false }
            return bytes.withUnsafeBufferPointer { stored in
                for offset in 0..<term.count where stored[entry.start + offset] != term[offset] { return false }
                return true
            }
        }

        /// Doubles the table and places every entry again.
        private mutating func grow() {
            slots = [Int](repeating: -1, count: slots.count * 2)
            let mask = slots.count - 1
            for (index, entry) in entries.enumerated() {
                var slot = Int(truncatingIfNeeded: entry.hash) & mask
                while slots[slot] >= 0 { slot = (slot + 1) & mask }
                slots[slot] = index
            }
        }
    }
}
