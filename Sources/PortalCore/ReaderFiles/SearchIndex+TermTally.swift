extension SearchIndex {
    /// One document's term uses while its texts are read, kept by the terms' bytes.
    ///
    /// A document uses few distinct terms many times over (about 50 and 12 times each in the benchmark
    /// site). Finding a term's bytes in this small open-addressed table costs far less than making a
    /// String and hashing it with SipHash for each use; Strings are made once per distinct term, at the
    /// end.
    struct TermTally {
        /// A distinct term: its bytes in `bytes`, its hash, its uses in each field, and where the
        /// document's reading order first meets it.
        private struct Entry {
            var start: Int
            var end: Int
            var hash: UInt64
            var uses = FieldCounts()
            var first = Int.max
        }

        /// The bytes of the distinct terms, one after another.
        private var bytes: [UInt8] = []
        /// The distinct terms, in the order first met.
        private var entries: [Entry] = []
        /// Indices into `entries`, or -1 where empty; the count is a power of two, at least twice
        /// the number of entries.
        private var slots = [Int](repeating: -1, count: 128)

        /// Counts a use of a term in `field`, met at `position` in the document's reading order.
        mutating func add(_ term: UnsafeBufferPointer<UInt8>, field: Field, position: Int) {
            let index = entry(of: term)
            entries[index].uses[field] += 1
            entries[index].first = min(entries[index].first, position)
        }

        /// Each term's uses by field and first position.
        ///
        /// Byte-different terms can be equal Strings (canonically equivalent, such as a precomposed
        /// syllable and its jamo): they merge here, under the form met first.
        func tallies() -> [String: (uses: FieldCounts, first: Int)] {
            var merged: [String: (uses: FieldCounts, first: Int)] = .init(minimumCapacity: entries.count)
            for entry in entries {
                let term = bytes[entry.start..<entry.end].withUnsafeBufferPointer { String(decoding: $0, as: UTF8.self) }
                // Changed in place: one look-up of the term, not one to read and one to write.
                Self.merge(entry, into: &merged[term, default: (FieldCounts(), Int.max)])
            }
            return merged
        }

        /// Adds the uses of `entry` to `tally`.
        private static func merge(_ entry: Entry, into tally: inout (uses: FieldCounts, first: Int)) {
            tally.uses.add(entry.uses)
            tally.first = min(tally.first, entry.first)
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
