/// The sharded full-text index in `search/` (format in docs/architecture.md, "Search index format").
///
/// Each document has a number drawn from its address (`SearchIndex+Slots.swift`), and each term's
/// shard holds, per document, the score and first position ranking needs, so a query orders its
/// results from the shards and `meta.js` alone (which holds the documents' title order, for ties)
/// and loads the chunks of the results it shows, nothing more. Terms are sharded by their first two
/// characters, a shard that would pass `shardLimit` bytes by longer prefixes. The index is kept
/// between preview rebuilds: a changed page rewrites only the shards of the terms whose entries
/// changed, its own document chunk and the vocabulary files of those terms' first letters; a page
/// added or deleted also those of the few documents whose numbers it moves.
struct SearchIndex: Sendable {
    /// Numbers (places, taken or free) per `docs-K.js` file.
    static let chunk = 32
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

    /// The output path of each number ("" where no document has it).
    private var documents: [String] = []
    /// The position among the pages of each number's document (-1: none).
    private var positions: [Int] = []
    /// The places the numbers were drawn from (0 before the first update).
    private var tableSize = 0
    /// What the pages were sorted by, and the documents' numbers in title order.
    private var ordered: [DocumentOrder] = []
    private var titleOrder: [Int] = []
    /// Each number's kind label ("" where no document has it).
    private var kinds: [String] = []
    /// What each document was read from, its term entries and its row in the document chunks.
    private var sources: [DocumentSource?] = []
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

    /// Moves the documents of the pages at `retitled` (positions) to their places in title order.
    private mutating func reorder(retitled: Set<Int>, pages: [Page]) {
        let numbers = positions.indices.filter { positions[$0] >= 0 && retitled.contains(positions[$0]) }
        let moving = Set(numbers)
        titleOrder.removeAll { moving.contains($0) }
        func key(_ number: Int) -> (String, String, String) { Self.titleKey(of: pages[positions[number]]) }
        for number in numbers {
            let wanted = key(number)
            var low = 0
            var high = titleOrder.count
            while low < high {
                let middle = (low + high) / 2
                if key(titleOrder[middle]) < wanted { low = middle + 1 } else { high = middle }
            }
            titleOrder.insert(number, at: low)
        }
    }

    /// Brings the index up to date with `pages` and returns the files whose text changed, as (path in
    /// the site, contents). `changed` names the pages whose text may differ since the last update (nil:
    /// all). With `sameDocuments`, the caller knows the list of pages is the one of the last update.
    ///
    /// A document is read again only when what it is made of (`DocumentSource`) changed. When pages
    /// came or went, the documents whose numbers moved are taken out of their terms' entries and put
    /// back under their new numbers, and only the shards whose text changed are written.
    mutating func update(pages: [Page], changed: Set<Int>?, sameDocuments: Bool = false) -> [(String, String)] {
        var sameDocuments = sameDocuments
        var retitled: [Int] = []
        if !sameDocuments {
            // Numbered again only when a page came, went or changed its kind or address; sorted again
            // when a title changed too.
            if let changed, pages.count == ordered.count, !positions.isEmpty,
               pages.indices.allSatisfy({ pages[$0].outputPath == ordered[$0].path }) {
                // The same pages at the same places: only a page among `changed` can have another
                // title or kind.
                let moved = changed.filter { $0 < pages.count && DocumentOrder(title: pages[$0].title, kind: pages[$0].kind, path: pages[$0].outputPath) != ordered[$0] }
                sameDocuments = moved.allSatisfy { pages[$0].kind == ordered[$0].kind }
                if sameDocuments {
                    retitled = moved.sorted()
                    for position in retitled { ordered[position] = DocumentOrder(title: pages[position].title, kind: pages[position].kind, path: pages[position].outputPath) }
                }
            }
            if !sameDocuments {
                let order = pages.map { DocumentOrder(title: $0.title, kind: $0.kind, path: $0.outputPath) }
                if order.count == ordered.count, !positions.isEmpty {
                    retitled = order.indices.filter { order[$0] != ordered[$0] }
                    sameDocuments = retitled.allSatisfy { order[$0].kind == ordered[$0].kind && order[$0].path == ordered[$0].path }
                    if !sameDocuments { retitled = [] }
                }
                ordered = order
            }
        }
        let numbering = sameDocuments ? (positions: positions, paths: documents, size: tableSize) : Self.numbering(of: pages)
        if !sameDocuments {
            titleOrder = Self.titleOrder(of: pages, positions: numbering.positions)
        } else if !retitled.isEmpty {
            reorder(retitled: Set(retitled), pages: pages)
        }
        if numbering.size != tableSize {
            // Every number is drawn again from a table of another size: start afresh.
            let kept = (synonyms, ordered, titleOrder, writtenMeta)
            self = SearchIndex()
            (synonyms, ordered, titleOrder, writtenMeta) = kept
            tableSize = numbering.size
        }
        let first = paths.isEmpty
        let renumbered = !first && (numbering.paths != documents || changed == nil)
        positions = numbering.positions
        var dirtyTerms: Set<String>?
        var removedTerms: Set<String> = []
        var dirtyChunks: Set<Int> = []
        if first || renumbered {
            let oldEncoded = encoded
            let (candidates, moved) = renumber(pages: pages, positions: numbering.positions, paths: numbering.paths, changed: changed)
            if first {
                encoded = [:]
                familyTerms = [:]
                layouts = [:]
                dirtyChunks = Set(rows.indices.filter { rows[$0] != .null }.map { $0 / Self.chunk })
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
                dirtyChunks = moved
            }
        } else {
            var dirty: Set<String> = []
            let targets = numbering.positions.indices.filter { numbering.positions[$0] >= 0 && changed?.contains(numbering.positions[$0]) ?? true }
            let index = self
            // A page rendered again because of what it shows (a card, a template) keeps its document.
            let fresh = ParallelMap.map(targets) { number -> (DocumentSource, [String: TermEntry], JSONValue)? in
                let page = pages[numbering.positions[number]]
                let source = DocumentSource(page)
                guard source != index.sources[number] else { return nil }
                return (source, Self.entries(of: page), Self.row(of: page))
            }
            for (slot, number) in targets.enumerated() {
                guard let (source, newEntries, newRow) = fresh[slot] else { continue }
                sources[number] = source
                kinds[number] = source.kind
                if newRow != rows[number] {
                    rows[number] = newRow
                    dirtyChunks.insert(number / Self.chunk)
                }
                let oldEntries = entries[number]
                guard newEntries != oldEntries else { continue }
                for (term, entry) in newEntries where oldEntries[term] != entry {
                    postings[term, default: PostingList()].set(number, entry)
                    dirty.insert(term)
                }
                for term in oldEntries.keys where newEntries[term] == nil {
                    postings[term]?.remove(number)
                    if postings[term]?.isEmpty == true {
                        postings[term] = nil
                        removedTerms.insert(term)
                    }
                    dirty.insert(term)
                }
                entries[number] = newEntries
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
        let chunks = chunkNumbers()
        files += ParallelMap.map(dirtyChunks.filter { chunks.contains($0) }.sorted()) { chunk in
            ("search/docs-\(chunk).js", index.chunkScript(chunk))
        }
        paths = ["search/meta.js"] + shardNames.map { "search/terms-\($0).js" } + vocabularyNames.map { "search/vocab-\($0).js" }
            + chunks.sorted().map { "search/docs-\($0).js" }
        return files
    }

    /// The chunks holding at least one document.
    private func chunkNumbers() -> Set<Int> {
        Set(rows.indices.filter { rows[$0] != .null }.map { $0 / Self.chunk })
    }

    /// `docs-K.js`: the rows of numbers K·chunk up to (K+1)·chunk, null where no document has one.
    private func chunkScript(_ chunk: Int) -> String {
        let start = chunk * Self.chunk
        let slice = Array(rows[start..<min(start + Self.chunk, rows.count)])
        return Self.script("docs-\(chunk)", .array(slice))
    }

    /// Gives the documents their numbers (the address of each number in `paths`, its page's position in
    /// `positions`) and moves the term entries of those whose number changed; a document whose page is
    /// not among `changed` (nil: all may have changed) or whose source is unchanged keeps its entries and
    /// row. Returns the terms whose entries may have changed (those left without entries among them;
    /// none on the first update, where every term is new) and the chunks whose rows changed.
    private mutating func renumber(pages: [Page], positions: [Int], paths: [String], changed: Set<Int>?) -> (Set<String>, Set<Int>) {
        let first = documents.isEmpty && postings.isEmpty
        let previous = Dictionary(documents.indices.filter { !documents[$0].isEmpty }.map { (documents[$0], $0) }, uniquingKeysWith: { first, _ in first })
        let index = self
        let taken = positions.indices.filter { positions[$0] >= 0 }
        let kept = ParallelMap.map(taken) { number -> (DocumentSource?, Int?) in
            let position = positions[number]
            guard let old = previous[paths[number]] else { return (nil, nil) }
            if let changed, !changed.contains(position) { return (index.sources[old], old) }
            let source = DocumentSource(pages[position])
            return index.sources[old] == source ? (source, old) : (source, nil)
        }
        let readAgain = taken.indices.filter { kept[$0].1 == nil }
        let read = ParallelMap.map(readAgain) { slot -> (DocumentSource, [String: TermEntry], JSONValue) in
            let page = pages[positions[taken[slot]]]
            return (kept[slot].0 ?? DocumentSource(page), Self.entries(of: page), Self.row(of: page))
        }
        var newSources = [DocumentSource?](repeating: nil, count: positions.count)
        var newEntries = [[String: TermEntry]](repeating: [:], count: positions.count)
        var newRows = [JSONValue](repeating: .null, count: positions.count)
        // The old numbers whose document stays where it is.
        var staying = [Bool](repeating: false, count: documents.count)
        for (slot, number) in taken.enumerated() {
            guard let old = kept[slot].1 else { continue }
            newSources[number] = kept[slot].0
            newEntries[number] = entries[old]
            newRows[number] = rows[old]
            if old == number { staying[old] = true }
        }
        for (slot, readSlot) in readAgain.enumerated() {
            let number = taken[readSlot]
            (newSources[number], newEntries[number], newRows[number]) = read[slot]
        }
        var candidates: Set<String> = []
        var moved: Set<Int> = []
        if first {
            // Every document's terms go in, on all cores; every term is new, so none is a candidate.
            postings = Self.postings(of: newEntries, numbers: taken)
            for number in taken { moved.insert(number / Self.chunk) }
        } else {
            // Out of their terms' entries first, then in under the new numbers: a document may move
            // to a number another one has just left.
            for old in documents.indices where !documents[old].isEmpty && !staying[old] {
                moved.insert(old / Self.chunk)
                for term in entries[old].keys {
                    postings[term]?.remove(old)
                    candidates.insert(term)
                }
            }
            for number in taken where number >= staying.count || !staying[number] {
                moved.insert(number / Self.chunk)
                for (term, entry) in newEntries[number] {
                    postings[term, default: PostingList()].set(number, entry)
                    candidates.insert(term)
                }
            }
        }
        for term in candidates where postings[term]?.isEmpty == true { postings[term] = nil }
        // A chunk is written again when its rows read differently (not when a document only left
        // and came back to the same number with the same row).
        let changedChunks = moved.filter { chunk in
            let range = chunk * Self.chunk..<(chunk + 1) * Self.chunk
            let old = rows[min(range.lowerBound, rows.count)..<min(range.upperBound, rows.count)]
            let new = newRows[min(range.lowerBound, newRows.count)..<min(range.upperBound, newRows.count)]
            return !old.elementsEqual(new)
        }
        documents = paths
        kinds = positions.map { $0 >= 0 ? pages[$0].kind.label : "" }
        sources = newSources
        entries = newEntries
        rows = newRows
        return (candidates, changedChunks)
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

    /// The file text handing `data` to the search script.
    static func script(_ name: String, _ data: JSONValue) -> String {
        "portalSearchLoaded(\"\(name)\"," + data.text + ");\n"
    }

    /// `meta.js`: the counts, the shards and vocabularies there are, the stop words, the documents'
    /// numbers in title order (`order`, for ties), each document's kind in that order (for the results
    /// page's filters and counts) and the synonyms.
    private func metaScript() -> String {
        let labels = titleOrder.map { kinds[$0] }
        let kindNames = Array(Set(labels)).sorted()
        let kindIndex = Dictionary(uniqueKeysWithValues: kindNames.enumerated().map { ($1, $0) })
        // One character per document: its kind's place in `kinds`, in base 36.
        let digits = Array("0123456789abcdefghijklmnopqrstuvwxyz")
        let kindOf = String(labels.map { digits[min(kindIndex[$0] ?? 0, digits.count - 1)] })
        let width = Self.orderWidth(extent: documents.count)
        return Self.script("meta", [
            "version": 3, "documents": .number(titleOrder.count), "numbers": .number(documents.count),
            "chunk": .number(Self.chunk), "width": .number(width), "order": .string(Self.packed(titleOrder, width: width)),
            "shards": .array(shardNames.map(JSONValue.string)),
            "vocabulary": .array(vocabularyNames.map(JSONValue.string)),
            "stop": .array(Self.stopWords.sorted().map(JSONValue.string)),
            "kinds": .array(kindNames.map(JSONValue.string)), "kindOf": .string(kindOf),
            "synonyms": .array(synonyms.map { group in .array(group.map { form in .array(form.map(JSONValue.string)) }) }),
        ])
    }
}
