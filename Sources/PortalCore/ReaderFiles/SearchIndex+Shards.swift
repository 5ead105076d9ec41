/// How the search index's terms are laid out in files: shards by prefix, vocabularies by first letter.
extension SearchIndex {
    /// A term's characters as shard names spell them: each an ASCII letter or digit, or `_`.
    static func key(of term: String) -> [Character] {
        keyBytes(of: term).map { Character(Unicode.Scalar($0)) }
    }

    /// The key as ASCII bytes, one for each scalar of the term, read from its UTF-8 without Unicode
    /// property look-ups: the only scalars kept are ASCII letters and digits, and every other scalar
    /// starts with a byte that is not a continuation byte (10xxxxxx).
    static func keyBytes(of term: String, limit: Int = .max) -> [UInt8] {
        var key: [UInt8] = []
        for byte in term.utf8 where byte & 0xC0 != 0x80 {
            guard key.count < limit else { break }
            key.append(isKeyByte(byte) ? byte : UInt8(ascii: "_"))
        }
        return key
    }

    /// Whether `byte` is an ASCII letter or digit (a byte a key keeps).
    private static func isKeyByte(_ byte: UInt8) -> Bool {
        (0x61...0x7A).contains(byte) || (0x41...0x5A).contains(byte) || (0x30...0x39).contains(byte)
    }

    /// The family of a term: the first two characters of its key. A family is one shard, or split
    /// into several when it would pass `shardLimit`.
    static func shard(of term: String) -> String {
        String(decoding: keyBytes(of: term, limit: 2), as: UTF8.self)
    }

    /// The shards of a family: each name (a prefix of the keys) with its terms, sorted.
    ///
    /// A group of terms past `shardLimit` bytes (by `size`) keeps the terms whose key is the prefix
    /// itself and hands the others to groups one character longer, until each fits or is one term.
    /// A term is then in the shard whose name is the longest that starts its key.
    static func layout(of terms: [String], family: String, size: (String) -> Int) -> [String: [String]] {
        var shards: [String: [String]] = [:]
        func place(_ terms: [String], prefix: String, depth: Int) {
            let total = terms.reduce(0) { $0 + size($1) }
            guard total > shardLimit, terms.count > 1 else {
                shards[prefix] = terms
                return
            }
            var staying: [String] = []
            var groups: [String: [String]] = [:]
            for term in terms {
                let key = keyBytes(of: term, limit: depth + 1)
                if key.count <= depth { staying.append(term) } else { groups[String(decoding: key, as: UTF8.self), default: []].append(term) }
            }
            if !staying.isEmpty { shards[prefix] = staying }
            for (name, members) in groups { place(members, prefix: name, depth: depth + 1) }
        }
        place(terms, prefix: family, depth: family.count)
        return shards
    }

    /// A term's text in its shard: `"term":[document, score, position, …]`, each document after
    /// the first written as its distance from the one before (documents are in order).
    func entryText(of term: String) -> [UInt8] {
        var text: [UInt8] = []
        let list = postings[term]?.entries ?? []
        text.reserveCapacity(term.utf8.count + 4 + 10 * list.count)
        // A term is letters and digits, so its bytes are written as they are unless one is a byte
        // JSONValue escapes or one that may lead U+2028 or U+2029 (0xE2): then JSONValue writes it.
        if term.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0x3C || $0 == 0x3E || $0 == 0x26 || $0 == 0xE2 }) {
            text += JSONValue.string(term).text.utf8
        } else {
            text.append(UInt8(ascii: "\""))
            text += term.utf8
            text.append(UInt8(ascii: "\""))
        }
        text += ":[".utf8
        var previous = 0
        for (slot, posting) in list.enumerated() {
            if slot > 0 { text.append(UInt8(ascii: ",")) }
            Self.appendDecimal(posting.document - previous, to: &text)
            previous = posting.document
            text.append(UInt8(ascii: ","))
            Self.appendDecimal(posting.entry.score, to: &text)
            text.append(UInt8(ascii: ","))
            Self.appendDecimal(posting.entry.position, to: &text)
        }
        text.append(UInt8(ascii: "]"))
        return text
    }

    /// The file text of shard `name`: an object from each of its terms (sorted) to its entries.
    func shardScript(_ name: String) -> String {
        let terms = layouts[String(name.prefix(2))]?[name] ?? []
        let texts = terms.map { encoded[$0] ?? [] }
        var text: [UInt8] = []
        text.reserveCapacity(texts.reduce(64) { $0 + $1.count + 1 })
        text += "portalSearchLoaded(\"terms-\(name)\",{".utf8
        for (index, entry) in texts.enumerated() {
            if index > 0 { text.append(UInt8(ascii: ",")) }
            text += entry
        }
        text += "});\n".utf8
        return String(decoding: text, as: UTF8.self)
    }

    /// The vocabulary file a term is listed in (by its first character), or nil for terms typo
    /// correction never offers: shorter than three characters, or holding digits.
    static func vocabularyName(of term: String) -> String? {
        vocabularyByte(of: term).map { String(decoding: [$0], as: UTF8.self) }
    }

    /// `vocabularyName(of:)` as its one ASCII byte (the first of the term's key).
    static func vocabularyByte(of term: String) -> UInt8? {
        var scalars = 0
        for byte in term.utf8 {
            if (0x30...0x39).contains(byte) { return nil }
            if byte & 0xC0 != 0x80 { scalars += 1 }
        }
        guard scalars >= 3 else { return nil }
        return keyBytes(of: term, limit: 1).first
    }

    /// The vocabulary files of the first characters `names`: each the terms starting so, most
    /// documents first, which typo correction reads to find the closest known word.
    func vocabularyFiles(for names: Set<String>) -> [(name: String, text: String)] {
        guard !names.isEmpty else { return [] }
        // The terms by their first key byte (ASCII), with their counts, so that sorting looks up no term.
        let wanted = (0..<128).map { names.contains(String(decoding: [UInt8($0)], as: UTF8.self)) }
        var members = [[(term: OrderedTerm, count: Int)]](repeating: [], count: 128)
        for (term, list) in postings {
            if let first = Self.vocabularyByte(of: term), wanted[Int(first)] { members[Int(first)].append((OrderedTerm(term), list.count)) }
        }
        return members.indices.filter { !members[$0].isEmpty }.map { String(decoding: [UInt8($0)], as: UTF8.self) }.sorted().map { name in
            let counted = members[Int(name.utf8.first ?? 0)]
            let terms = counted.sorted { $0.count != $1.count ? $0.count > $1.count : OrderedTerm.precedes($0.term, $1.term) }.map(\.term.term)
            return (name, Self.script("vocab-\(name)", .array(terms.map(JSONValue.string))))
        }
    }

    /// Appends `number` in decimal, as `String(number)` writes it.
    static func appendDecimal(_ number: Int, to text: inout [UInt8]) {
        guard number >= 0 else {
            text += String(number).utf8
            return
        }
        // Most numbers of an entry (distances between documents, scores) have one or two digits.
        if number < 10 {
            text.append(UInt8(ascii: "0") + UInt8(number))
            return
        }
        if number < 100 {
            text.append(UInt8(ascii: "0") + UInt8(number / 10))
            text.append(UInt8(ascii: "0") + UInt8(number % 10))
            return
        }
        // Counted first, then written from the last in place: reversing them through a slice of the
        // array cost more than writing them.
        var width = 3
        var above = number / 1_000
        while above > 0 {
            width += 1
            above /= 10
        }
        let start = text.count
        text.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: width))
        text.withUnsafeMutableBufferPointer { digits in
            var rest = number
            var index = start + width - 1
            while rest > 0 {
                digits[index] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
                index -= 1
            }
        }
    }

    /// The posting lists of the documents `numbers` (increasing), whose entries are `entries` by
    /// number: two runs of documents are read side by side, and the second run's lists appended
    /// to the first's, whose documents all come before. Each further run would add a merge of its
    /// lists into the rest, on one core.
    static func postings(of entries: [[String: TermEntry]], numbers: [Int]) -> [String: PostingList] {
        let runs = numbers.count < 512 ? 1 : 2
        let bounds = (0...runs).map { numbers.count * $0 / runs }
        let parts = ParallelMap.map(Array(0..<runs)) { run -> [String: PostingList] in
            var lists: [String: PostingList] = [:]
            for number in numbers[bounds[run]..<bounds[run + 1]] {
                for (term, entry) in entries[number] { lists[term, default: PostingList()].set(number, entry) }
            }
            return lists
        }
        var merged = parts[0]
        for part in parts.dropFirst() {
            for (term, list) in part { merged[term, default: PostingList()].append(contentsOf: list) }
        }
        return merged
    }

    /// A term's documents and entries, in document order.
    struct PostingList: Sendable {
        private(set) var entries: [(document: Int, entry: TermEntry)] = []

        var count: Int { entries.count }
        var isEmpty: Bool { entries.isEmpty }

        /// Sets the entry of `document`, adding it in its place if it is new.
        mutating func set(_ document: Int, _ entry: TermEntry) {
            // A full rebuild adds documents in order: append without searching.
            if entries.last.map({ $0.document < document }) ?? true {
                entries.append((document, entry))
                return
            }
            let slot = slot(of: document)
            if slot < entries.count && entries[slot].document == document {
                entries[slot].entry = entry
            } else {
                entries.insert((document, entry), at: slot)
            }
        }

        /// Adds `later`'s entries after these; each of its documents comes after every one here.
        mutating func append(contentsOf later: PostingList) {
            assert(entries.last.map { last in later.entries.first.map { $0.document > last.document } ?? true } ?? true)
            entries += later.entries
        }

        /// Gives each document its number in `newNumber` (by old number; -1 drops it), which must
        /// keep the order of those it keeps. Returns whether the list changed.
        mutating func renumber(_ newNumber: [Int]) -> Bool {
            var changed = false
            var kept: [(document: Int, entry: TermEntry)] = []
            kept.reserveCapacity(entries.count)
            for posting in entries {
                let number = newNumber[posting.document]
                if number != posting.document { changed = true }
                if number >= 0 { kept.append((number, posting.entry)) }
            }
            if changed { entries = kept }
            return changed
        }

        /// Removes `document`, if it is there.
        mutating func remove(_ document: Int) {
            let slot = slot(of: document)
            if slot < entries.count && entries[slot].document == document { entries.remove(at: slot) }
        }

        /// The first position whose document is not before `document` (binary search).
        private func slot(of document: Int) -> Int {
            var low = 0
            var high = entries.count
            while low < high {
                let middle = (low + high) / 2
                if entries[middle].document < document { low = middle + 1 } else { high = middle }
            }
            return low
        }
    }
}
