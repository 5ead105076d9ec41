extension SearchIndex {
    /// A term with what orders it quickly: its first eight UTF-8 bytes as one integer, first byte
    /// highest, when the term is ASCII.
    struct OrderedTerm {
        let term: String
        /// The first eight bytes, zero-filled after a shorter term (terms hold no zero byte, so a term
        /// that is a prefix of another comes first, as in String order); nil when the term is not ASCII.
        let prefix: UInt64?

        init(_ term: String) {
            self.term = term
            var packed: UInt64 = 0
            var count = 0
            var ascii = true
            for byte in term.utf8 {
                if byte >= 0x80 {
                    ascii = false
                    break
                }
                if count < 8 { packed |= UInt64(byte) << (56 - 8 * count) }
                count += 1
            }
            prefix = ascii ? packed : nil
        }

        /// String order. For ASCII, String order is byte order, so two terms whose first eight bytes
        /// differ are ordered by the integers alone; any other pair is compared as Strings (a term
        /// that is not ASCII may be compared after normalisation, where bytes would mislead).
        static func precedes(_ left: OrderedTerm, _ right: OrderedTerm) -> Bool {
            if let leftPrefix = left.prefix, let rightPrefix = right.prefix, leftPrefix != rightPrefix {
                return leftPrefix < rightPrefix
            }
            return left.term < right.term
        }
    }

    /// `terms` sorted in String order, with few String comparisons (`OrderedTerm`).
    static func sortedTerms<Terms: Sequence>(_ terms: Terms) -> [String] where Terms.Element == String {
        terms.map(OrderedTerm.init).sorted(by: OrderedTerm.precedes).map(\.term)
    }

    /// Inserts `term` into the sorted `terms`, unless it is there.
    static func insert(_ term: String, into terms: inout [String]) {
        if terms.last.map({ $0 < term }) ?? true {
            terms.append(term)
            return
        }
        let slot = slot(of: term, in: terms)
        if slot == terms.count || terms[slot] != term { terms.insert(term, at: slot) }
    }

    /// Removes `term` from the sorted `terms`, if it is there.
    static func remove(_ term: String, from terms: inout [String]) {
        let slot = slot(of: term, in: terms)
        if slot < terms.count && terms[slot] == term { terms.remove(at: slot) }
    }

    /// The first position in the sorted `terms` whose term is not before `term` (binary search).
    static func slot(of term: String, in terms: [String]) -> Int {
        var low = 0
        var high = terms.count
        while low < high {
            let middle = (low + high) / 2
            if terms[middle] < term { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
