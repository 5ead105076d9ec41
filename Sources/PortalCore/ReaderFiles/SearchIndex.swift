/// The sharded full-text index in `search/` (format in docs/architecture.md, "Search index format").
///
/// Documents are numbered in title order and each term's shard holds, per document, the score and
/// first position ranking needs, so a query orders its results from the shards alone and loads the
/// chunks of the results it shows, nothing more. Terms are sharded by their first two characters,
/// a shard that would pass `shardLimit` bytes by longer prefixes. The index is kept between preview
/// rebuilds: a changed page rewrites only the shards of the terms whose entries changed, its own
/// document chunk and the vocabulary files of those terms' first letters.
struct SearchIndex: Sendable {
    /// Documents per `docs-K.js` file.
    static let chunk = 10
    /// Characters of body text kept for snippets.
    static let excerptLength = 600
    /// The size past which a shard is split by a longer prefix.
    static let shardLimit = 100_000

    static let stopWords: Set<String> = [
        "the", "and", "for", "are", "but", "not", "you", "all", "any", "can", "had", "her", "was", "one", "our", "out",
        "has", "his", "how", "its", "may", "new", "now", "see", "two", "who", "did", "get", "him", "let", "put", "say",
        "she", "too", "use", "that", "with", "have", "this", "will", "your", "from", "they", "been", "more", "when",
        "were", "what", "than", "then", "them", "these", "their", "there", "which", "would", "about", "into", "also",
        "each", "such", "only", "other", "some", "of", "to", "in", "is", "it", "on", "as", "at", "be", "by", "or", "an",
        "if", "so", "we", "do", "no", "up", "a", "i",
    ]

    /// Groups of words a query treats as one (`search: synonyms:` in `site.yml`), each form as its terms.
    var synonyms: [[[String]]] = []

    /// The output path of each document, in document order.
    private var documents: [String] = []
    /// The position among the pages of each document, and what the pages were sorted by.
    private var positions: [Int] = []
    private var ordered: [DocumentOrder] = []
    /// Each document's kind label.
    private var kinds: [String] = []
    /// What each document was read from, its term entries and its row in the document chunks.
    private var sources: [DocumentSource] = []
    private var entries: [[String: TermEntry]] = []
    private var rows: [JSONValue] = []
    /// Each term's documents and entries.
    private(set) var postings: [String: PostingList] = [:]
    /// Each term's text in its shard (`"term":[…]`), kept to size and write shards.
    private(set) var encoded: [String: [UInt8]] = [:]
    /// The terms of each two-character family, sorted (kept in order as terms come and go, so that
    /// laying out a family does not sort it again), and how the family is split into shards.
    private var familyTerms: [String: [String]] = [:]
    private(set) var layouts: [String: [String: [String]]] = [:]
    private var shardNames: [String] = []
    /// The first characters that have a vocabulary file, and each file's text as last written.
    private var vocabularyNames: [String] = []
    private var vocabularyTexts: [String: String] = [:]
    /// `meta.js` as last written.
    private var writtenMeta = ""
    /// Every file of the index, after the last update.
    private(set) var paths: [String] = []

    /// The pages searched, in title order (the order that breaks ties between equal scores):
    /// everything but the generated tag pages.
    static func documents(of pages: [Page]) -> [Int] {
        let keys = pages.map { ($0.title.lowercased(), $0.kind.rawValue, $0.outputPath) }
        return pages.indices.filter { pages[$0].kind != .tags && pages[$0].kind != .tag }
            .sorted { keys[$0] < keys[$1] }
    }

    /// Brings the index up to date with `pages` and returns the files whose text changed, as (path in
    /// the site, contents). `changed` names the pages whose text may differ since the last update (nil:
    /// all). With `sameDocuments`, the caller knows the list of pages is the one of the last update.
    ///
    /// A document is read again only when what it is made of (`DocumentSource`) changed. When the
    /// documents are numbered differently (a page came, went or moved in title order), each term's
    /// entries are encoded again and only the shards whose text changed are written.
    mutating func update(pages: [Page], changed: Set<Int>?, sameDocuments: Bool = false) -> [(String, String)] {
        var sameDocuments = sameDocuments
        if !sameDocuments {
            // Sorted again only when a page's title, kind or address changed.
            let order = pages.map { DocumentOrder(title: $0.title, kind: $0.kind, path: $0.outputPath) }
            sameDocuments = order == ordered
            ordered = order
        }
        let documentPositions = sameDocuments ? positions : Self.documents(of: pages)
        let documentPaths = sameDocuments ? documents : documentPositions.map { pages[$0].outputPath }
        let first = paths.isEmpty
        let renumbered = !first && (documentPaths != documents || changed == nil)
        positions = documentPositions
        var dirtyTerms: Set<String>?
        var removedTerms: Set<String> = []
        var dirtyChunks: Set<Int> = []
        if first || renumbered {
            let oldRows = rows
            let oldEncoded = encoded
            let candidates = renumber(pages: pages, positions: documentPositions, paths: documentPaths)
            if first {
                encoded = [:]
                familyTerms = [:]
                layouts = [:]
                dirtyChunks = Set(stride(from: 0, to: documents.count, by: Self.chunk).map { $0 / Self.chunk })
            } else {
                // Of the terms whose entries may read differently under the new numbers, those that do.
                let index = self
                let terms = Array(candidates.subtracting(candidates.filter { postings[$0] == nil }))
                removedTerms = candidates.filter { postings[$0] == nil }
                let texts = ParallelMap.map(terms) { index.entryText(of: $0) }
                var dirty: Set<String> = removedTerms
                for (term, text) in zip(terms, texts) where oldEncoded[term] != text {
                    dirty.insert(term)
                    encoded[term] = text
                }
                dirtyTerms = dirty
                for start in stride(from: 0, to: documents.count, by: Self.chunk) {
                    let old = start < oldRows.count ? Array(oldRows[start..<min(start + Self.chunk, oldRows.count)]) : []
                    if Array(rows[start..<min(start + Self.chunk, rows.count)]) != old { dirtyChunks.insert(start / Self.chunk) }
                }
            }
        } else {
            var dirty: Set<String> = []
            let targets = documentPositions.indices.filter { changed?.contains(documentPositions[$0]) ?? true }
            let index = self
            // A page rendered again because of what it shows (a card, a template) keeps its document.
            let fresh = ParallelMap.map(targets) { documentID -> (DocumentSource, [String: TermEntry], JSONValue)? in
                let page = pages[documentPositions[documentID]]
                let source = DocumentSource(page)
                guard source != index.sources[documentID] else { return nil }
                return (source, Self.entries(of: page), Self.row(of: page))
            }
            for (slot, documentID) in targets.enumerated() {
                guard let (source, newEntries, newRow) = fresh[slot] else { continue }
                sources[documentID] = source
                if newRow != rows[documentID] {
                    rows[documentID] = newRow
                    dirtyChunks.insert(documentID / Self.chunk)
                }
                let oldEntries = entries[documentID]
                guard newEntries != oldEntries else { continue }
                for (term, entry) in newEntries where oldEntries[term] != entry {
                    postings[term, default: PostingList()].set(documentID, entry)
                    dirty.insert(term)
                }
                for term in oldEntries.keys where newEntries[term] == nil {
                    postings[term]?.remove(documentID)
                    if postings[term]?.isEmpty == true {
                        postings[term] = nil
                        removedTerms.insert(term)
                    }
                    dirty.insert(term)
                }
                entries[documentID] = newEntries
            }
            dirtyTerms = dirty
        }
        let (written, dirtyShards, _) = relayout(dirtyTerms: dirtyTerms, removed: removedTerms, encoded: renumbered)
        // First characters are ASCII key bytes: marked in a table rather than hashed as Strings.
        var marked = [Bool](repeating: false, count: 128)
        for term in written { if let first = Self.vocabularyByte(of: term) { marked[Int(first)] = true } }
        for term in removedTerms { if let first = Self.vocabularyByte(of: term) { marked[Int(first)] = true } }
        let letters = Set(marked.indices.filter { marked[$0] }.map { String(decoding: [UInt8($0)], as: UTF8.self) })
        let vocabularies = vocabularyFiles(for: letters)
        var changedVocabularies: [(String, String)] = []
        for letter in letters { vocabularyTexts[letter] = nil }
        for (name, text) in vocabularies {
            if vocabularyTexts[name] != text { changedVocabularies.append(("search/vocab-\(name).js", text)) }
            vocabularyTexts[name] = text
        }
        vocabularyNames = vocabularyTexts.keys.sorted()
        var files: [(String, String)] = []
        let meta = metaScript()
        if meta != writtenMeta {
            writtenMeta = meta
            files.append(("search/meta.js", meta))
        }
        // Shards and chunks are written on all cores (a full build writes about a thousand of them).
        let index = self
        files += ParallelMap.map(dirtyShards.sorted()) { name in ("search/terms-\(name).js", index.shardScript(name)) }
        files += changedVocabularies
        files += ParallelMap.map(dirtyChunks.sorted()) { chunk in
            let start = chunk * Self.chunk
            let slice = Array(index.rows[start..<min(start + Self.chunk, index.rows.count)])
            return ("search/docs-\(chunk).js", Self.script("docs-\(chunk)", .array(slice)))
        }
        paths = ["search/meta.js"] + shardNames.map { "search/terms-\($0).js" } + vocabularyNames.map { "search/vocab-\($0).js" }
            + stride(from: 0, to: documents.count, by: Self.chunk).map { "search/docs-\($0 / Self.chunk).js" }
        return files
    }

    /// Numbers the documents at `positions` (with output `paths`) anew and gathers each term's
    /// entries under the new numbers; a document whose source is unchanged keeps its entries and row.
    /// Returns the terms whose entries may have changed, those left without entries among them
    /// (none on the first update, where every term is new).
    private mutating func renumber(pages: [Page], positions: [Int], paths: [String]) -> Set<String> {
        let previous = Dictionary(documents.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let index = self
        let kept = ParallelMap.map(Array(positions.indices)) { documentID -> (DocumentSource, Int?) in
            let source = DocumentSource(pages[positions[documentID]])
            guard let old = previous[paths[documentID]], index.sources[old] == source else { return (source, nil) }
            return (source, old)
        }
        let readAgain = kept.indices.filter { kept[$0].1 == nil }
        let read = ParallelMap.map(readAgain) { documentID -> ([String: TermEntry], JSONValue) in
            let page = pages[positions[documentID]]
            return (Self.entries(of: page), Self.row(of: page))
        }
        // Each old document's new number (-1: gone, or read again). Documents kept are in the same
        // order as before (their titles, kinds and addresses are), so each list stays sorted.
        var newNumber = [Int](repeating: -1, count: documents.count)
        for (documentID, (_, old)) in kept.enumerated() { if let old { newNumber[old] = documentID } }
        var newEntries = kept.map { $0.1.map { entries[$0] } ?? [:] }
        var newRows = kept.map { $0.1.map { rows[$0] } ?? .null }
        for (slot, documentID) in readAgain.enumerated() { (newEntries[documentID], newRows[documentID]) = read[slot] }
        var candidates: Set<String> = []
        if documents.isEmpty {
            postings = [:]
        } else {
            // Renumbered where they are, without looking a term up.
            for slot in postings.indices where postings.values[slot].renumber(newNumber) { candidates.insert(postings.keys[slot]) }
        }
        let first = documents.isEmpty
        for documentID in readAgain {
            for (term, entry) in newEntries[documentID] {
                postings[term, default: PostingList()].set(documentID, entry)
                if !first { candidates.insert(term) }
            }
        }
        for term in candidates where postings[term]?.isEmpty == true { postings[term] = nil }
        documents = paths
        kinds = positions.map { pages[$0].kind.label }
        sources = kept.map(\.0)
        entries = newEntries
        rows = newRows
        return candidates
    }

    /// Encodes the dirty terms again (nil: all, in a full build; not when already `encoded`) and
    /// lays out the families they belong to; returns the dirty terms still in the index (sorted), the
    /// shards to write and whether the list of shards changed.
    private mutating func relayout(dirtyTerms: Set<String>?, removed: Set<String>, encoded alreadyEncoded: Bool = false) -> ([String], Set<String>, Bool) {
        let index = self
        let sortedTerms: [String]
        if let dirtyTerms {
            sortedTerms = Self.sortedTerms(removed.isEmpty ? dirtyTerms : dirtyTerms.subtracting(removed))
        } else {
            sortedTerms = Self.sortedTerms(postings.keys)
        }
        if !alreadyEncoded {
            let texts = ParallelMap.map(sortedTerms) { index.entryText(of: $0) }
            encoded.reserveCapacity(encoded.count + sortedTerms.count)
            for (term, text) in zip(sortedTerms, texts) { encoded[term] = text }
        }
        var dirtyFamilies: Set<String> = []
        // In sorted order, a term new to its family mostly goes at the end (always so in a full build).
        for term in sortedTerms {
            let family = Self.shard(of: term)
            dirtyFamilies.insert(family)
            Self.insert(term, into: &familyTerms[family, default: []])
        }
        for term in removed {
            let family = Self.shard(of: term)
            dirtyFamilies.insert(family)
            encoded[term] = nil
            Self.remove(term, from: &familyTerms[family, default: []])
        }
        var dirtyShards: Set<String> = []
        var changed = false
        for family in dirtyFamilies {
            let old = layouts[family] ?? [:]
            let terms = familyTerms[family] ?? []
            let new = terms.isEmpty ? [:] : Self.layout(of: terms, family: family) { encoded[$0]?.count ?? 0 }
            layouts[family] = new.isEmpty ? nil : new
            if terms.isEmpty { familyTerms[family] = nil }
            if Set(old.keys) != Set(new.keys) { changed = true }
            for (name, members) in new where old[name] != members || members.contains(where: { dirtyTerms?.contains($0) ?? true }) {
                dirtyShards.insert(name)
            }
        }
        if changed || shardNames.isEmpty {
            shardNames = layouts.values.flatMap(\.keys).sorted()
            changed = true
        }
        return (sortedTerms, dirtyShards, changed)
    }

    /// Inserts `term` into the sorted `terms`, unless it is there.
    private static func insert(_ term: String, into terms: inout [String]) {
        if terms.last.map({ $0 < term }) ?? true {
            terms.append(term)
            return
        }
        let slot = slot(of: term, in: terms)
        if slot == terms.count || terms[slot] != term { terms.insert(term, at: slot) }
    }

    /// Removes `term` from the sorted `terms`, if it is there.
    private static func remove(_ term: String, from terms: inout [String]) {
        let slot = slot(of: term, in: terms)
        if slot < terms.count && terms[slot] == term { terms.remove(at: slot) }
    }

    /// The first position in the sorted `terms` whose term is not before `term` (binary search).
    private static func slot(of term: String, in terms: [String]) -> Int {
        var low = 0
        var high = terms.count
        while low < high {
            let middle = (low + high) / 2
            if terms[middle] < term { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// A document's row in its chunk: title, address, kind, summary and the start of its text.
    private static func row(of page: Page) -> JSONValue {
        [.string(page.title), .string(page.outputPath), .string(page.kind.label), .optional(page.summary),
         .string(String(page.plainText.prefix(excerptLength)))]
    }

    /// The file text handing `data` to the search script.
    static func script(_ name: String, _ data: JSONValue) -> String {
        "portalSearchLoaded(\"\(name)\"," + data.text + ");\n"
    }

    /// `meta.js`: the counts, the shards and vocabularies there are, the stop words, each document's
    /// kind (for the results page's filters and counts) and the synonyms.
    private func metaScript() -> String {
        let kindNames = Array(Set(kinds)).sorted()
        let kindIndex = Dictionary(uniqueKeysWithValues: kindNames.enumerated().map { ($1, $0) })
        // One character per document: its kind's place in `kinds`, in base 36.
        let digits = Array("0123456789abcdefghijklmnopqrstuvwxyz")
        let kindOf = String(kinds.map { digits[min(kindIndex[$0] ?? 0, digits.count - 1)] })
        return Self.script("meta", [
            "version": 2, "documents": .number(documents.count), "chunk": .number(Self.chunk),
            "shards": .array(shardNames.map(JSONValue.string)),
            "vocabulary": .array(vocabularyNames.map(JSONValue.string)),
            "stop": .array(Self.stopWords.sorted().map(JSONValue.string)),
            "kinds": .array(kindNames.map(JSONValue.string)), "kindOf": .string(kindOf),
            "synonyms": .array(synonyms.map { group in .array(group.map { form in .array(form.map(JSONValue.string)) }) }),
        ])
    }
}
