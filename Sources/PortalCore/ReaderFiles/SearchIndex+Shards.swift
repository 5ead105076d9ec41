/// How the search index's terms are laid out in files: shards by prefix, vocabularies by first letter.
extension SearchIndex {
    /// A term's characters as shard names spell them: each an ASCII letter or digit, or `_`.
    static func key(of term: String) -> [Character] {
        term.unicodeScalars.map { scalar -> Character in
            (scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar))) ? Character(scalar) : "_"
        }
    }

    /// The family of a term: the first two characters of its key. A family is one shard, or split
    /// into several when it would pass `shardLimit`.
    static func shard(of term: String) -> String {
        String(key(of: term).prefix(2))
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
                let key = key(of: term)
                if key.count <= depth { staying.append(term) } else { groups[String(key.prefix(depth + 1)), default: []].append(term) }
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
        text += JSONValue.string(term).text.utf8
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
        var text: [UInt8] = []
        text.reserveCapacity(terms.reduce(64) { $0 + (encoded[$1]?.count ?? 0) + 1 })
        text += "portalSearchLoaded(\"terms-\(name)\",{".utf8
        for (index, term) in terms.enumerated() {
            if index > 0 { text.append(UInt8(ascii: ",")) }
            text += encoded[term] ?? []
        }
        text += "});\n".utf8
        return String(decoding: text, as: UTF8.self)
    }

    /// The vocabulary file a term is listed in (by its first character), or nil for terms typo
    /// correction never offers: shorter than three characters, or holding digits.
    static func vocabularyName(of term: String) -> String? {
        let key = key(of: term)
        guard key.count >= 3, !term.unicodeScalars.contains(where: { ("0"..."9").contains($0) }), let first = key.first else { return nil }
        return String(first)
    }

    /// The vocabulary files of the first characters `names`: each the terms starting so, most
    /// documents first, which typo correction reads to find the closest known word.
    func vocabularyFiles(for names: Set<String>) -> [(name: String, text: String)] {
        guard !names.isEmpty else { return [] }
        var members: [String: [String]] = [:]
        for term in postings.keys {
            if let name = Self.vocabularyName(of: term), names.contains(name) { members[name, default: []].append(term) }
        }
        return members.keys.sorted().map { name in
            let terms = (members[name] ?? []).sorted {
                let (left, right) = (postings[$0]?.count ?? 0, postings[$1]?.count ?? 0)
                return left != right ? left > right : $0 < $1
            }
            return (name, Self.script("vocab-\(name)", .array(terms.map(JSONValue.string))))
        }
    }

    /// Appends `number` in decimal, as `String(number)` writes it.
    static func appendDecimal(_ number: Int, to text: inout [UInt8]) {
        guard number >= 0 else {
            text += String(number).utf8
            return
        }
        // The digits from the last, then turned around.
        let start = text.count
        var rest = number
        repeat {
            text.append(UInt8(ascii: "0") + UInt8(rest % 10))
            rest /= 10
        } while rest > 0
        text[start...].reverse()
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
