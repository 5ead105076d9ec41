/// The sharded full-text index in `search/` (format in docs/architecture.md, "Search index format").
///
/// Terms are sharded by their first two characters and documents by chunks, so a query loads
/// the shards of its terms and the chunks of its top results, not the whole index. The index is
/// kept between preview rebuilds: a changed page rewrites only the shards of the terms whose
/// scores changed and its own document chunk.
struct SearchIndex: Sendable {
    /// Documents per `docs-K.js` file.
    static let chunk = 10
    /// Characters of body text kept for snippets.
    static let excerptLength = 600

    static let stopWords: Set<String> = [
        "the", "and", "for", "are", "but", "not", "you", "all", "any", "can", "had", "her", "was", "one", "our", "out",
        "has", "his", "how", "its", "may", "new", "now", "see", "two", "who", "did", "get", "him", "let", "put", "say",
        "she", "too", "use", "that", "with", "have", "this", "will", "your", "from", "they", "been", "more", "when",
        "were", "what", "than", "then", "them", "these", "their", "there", "which", "would", "about", "into", "also",
        "each", "such", "only", "other", "some", "of", "to", "in", "is", "it", "on", "as", "at", "be", "by", "or", "an",
        "if", "so", "we", "do", "no", "up", "a", "i",
    ]

    /// The output path of each document, in document order.
    private var documents: [String] = []
    /// The position among the pages of each document.
    private var positions: [Int] = []
    /// Each document's term scores and its row in the document chunks.
    private var scores: [[String: Int]] = []
    private var rows: [JSONValue] = []
    /// Each term's documents and scores.
    private var postings: [String: PostingList] = [:]
    private var shardNames: [String] = []
    /// The terms of each shard.
    private var shardTerms: [String: Set<String>] = [:]
    /// Every file of the index, after the last update.
    private(set) var paths: [String] = []

    /// The pages searched: everything but the generated tag pages.
    static func documents(of pages: [Page]) -> [Int] {
        pages.indices.filter { pages[$0].kind != .tags && pages[$0].kind != .tag }
            .sorted { pages[$0].outputPath < pages[$1].outputPath }
    }

    /// Brings the index up to date with `pages` and returns the files that changed, as (path in the
    /// site, contents). `changed` names the pages whose text may differ since the last update (nil: all).
    /// With `sameDocuments`, the caller knows the list of pages is the one of the last update.
    mutating func update(pages: [Page], changed: Set<Int>?, sameDocuments: Bool = false) -> [(String, String)] {
        let documentPositions = sameDocuments ? positions : Self.documents(of: pages)
        let documentPaths = sameDocuments ? documents : documentPositions.map { pages[$0].outputPath }
        let rebuild = documentPaths != documents || changed == nil
        positions = documentPositions
        let targets = rebuild ? Array(documentPositions.indices) : documentPositions.indices.filter { changed?.contains(documentPositions[$0]) ?? true }
        let fresh = ParallelMap.map(targets) { documentID -> ([String: Int], JSONValue) in
            let page = pages[documentPositions[documentID]]
            return (Self.scores(of: page), Self.row(of: page))
        }
        var dirtyShards: Set<String> = []
        var dirtyChunks: Set<Int> = []
        if rebuild {
            documents = documentPaths
            scores = fresh.map(\.0)
            rows = fresh.map(\.1)
            postings = [:]
            for (documentID, termScores) in scores.enumerated() {
                for (term, score) in termScores { postings[term, default: PostingList()].set(documentID, score) }
            }
            shardTerms = [:]
            for term in postings.keys { shardTerms[Self.shard(of: term), default: []].insert(term) }
            dirtyShards = Set(shardTerms.keys)
            dirtyChunks = Set(stride(from: 0, to: documents.count, by: Self.chunk).map { $0 / Self.chunk })
        } else {
            for (slot, documentID) in targets.enumerated() {
                let (newScores, newRow) = fresh[slot]
                if newRow != rows[documentID] {
                    rows[documentID] = newRow
                    dirtyChunks.insert(documentID / Self.chunk)
                }
                let oldScores = scores[documentID]
                guard newScores != oldScores else { continue }
                for (term, score) in newScores where oldScores[term] != score {
                    let shard = Self.shard(of: term)
                    if postings[term] == nil { shardTerms[shard, default: []].insert(term) }
                    postings[term, default: PostingList()].set(documentID, score)
                    dirtyShards.insert(shard)
                }
                for term in oldScores.keys where newScores[term] == nil {
                    let shard = Self.shard(of: term)
                    postings[term]?.remove(documentID)
                    if postings[term]?.isEmpty == true {
                        postings[term] = nil
                        shardTerms[shard]?.remove(term)
                        if shardTerms[shard]?.isEmpty == true { shardTerms[shard] = nil }
                    }
                    dirtyShards.insert(shard)
                }
                scores[documentID] = newScores
            }
        }
        var termsByShard: [String: Set<String>] = [:]
        for shard in dirtyShards { termsByShard[shard] = shardTerms[shard] }
        var files: [(String, String)] = []
        var nameSet = rebuild ? [] : Set(shardNames)
        for name in dirtyShards {
            if termsByShard[name] != nil { nameSet.insert(name) } else { nameSet.remove(name) }
        }
        let names = nameSet.sorted()
        if rebuild || names != shardNames {
            shardNames = names
            files.append(("search/meta.js", Self.script("meta", [
                "version": 1, "documents": .number(documents.count), "chunk": .number(Self.chunk),
                "shards": .array(shardNames.map(JSONValue.string)),
                "stop": .array(Self.stopWords.sorted().map(JSONValue.string)),
            ])))
        }
        // Shards and chunks are written on all cores (a full build writes about a thousand of them).
        let index = self, shards = termsByShard
        files += ParallelMap.map(dirtyShards.sorted().filter { shards[$0] != nil }) { name in
            ("search/terms-\(name).js", index.shardScript(name, terms: shards[name] ?? []))
        }
        files += ParallelMap.map(dirtyChunks.sorted()) { chunk in
            let start = chunk * Self.chunk
            let slice = Array(index.rows[start..<min(start + Self.chunk, index.rows.count)])
            return ("search/docs-\(chunk).js", Self.script("docs-\(chunk)", .array(slice)))
        }
        paths = ["search/meta.js"] + shardNames.map { "search/terms-\($0).js" }
            + stride(from: 0, to: documents.count, by: Self.chunk).map { "search/docs-\($0 / Self.chunk).js" }
        return files
    }

    /// A document's term scores: title, headings, tags, summary and body, weighted in that order.
    ///
    /// A term scores its weight for each use in the title (10), a heading (5), a tag (4) or the
    /// summary (3), and 1 for each use in the body, up to 5.
    private static func scores(of page: Page) -> [String: Int] {
        var tally = TermTally()
        func add(_ text: String, weight: Int) {
            forEachTerm(in: text) { tally.add($0, weight: weight) }
        }
        add(page.title, weight: 10)
        for heading in page.headings { add(heading.text, weight: 5) }
        // A tag's hyphens separate words as spaces do: the tokenizer splits at both alike, so the tag is
        // read as it is. (This used to replace "-" with " " first through Foundation, which leaves a "-"
        // followed by a combining mark as it is and changes nothing else: the terms are the same.)
        for tag in page.frontMatter.list("tags") { add(tag.value, weight: 4) }
        if let summary = page.summary { add(summary, weight: 3) }
        forEachTerm(in: page.plainText) { tally.addBodyUse($0) }
        return tally.scores(bodyCap: 5)
    }

    /// A document's row in its chunk: title, address, kind, summary and the start of its text.
    private static func row(of page: Page) -> JSONValue {
        [.string(page.title), .string(page.outputPath), .string(page.kind.label), .optional(page.summary),
         .string(String(page.plainText.prefix(excerptLength)))]
    }

    /// The file text handing `data` to the search script.
    private static func script(_ name: String, _ data: JSONValue) -> String {
        "portalSearchLoaded(\"\(name)\"," + data.text + ");\n"
    }

    /// The file text of shard `name`: an object from each term to its documents and scores, flat as
    /// `[document, score, document, score, ...]` in document order.
    ///
    /// The same text as `script` of the equivalent `JSONValue` (keys sorted), but written straight into
    /// bytes: shards are most of the index, and the intermediate values cost more than the writing.
    private func shardScript(_ name: String, terms: Set<String>) -> String {
        let sortedTerms = terms.sorted()
        var text: [UInt8] = []
        text.reserveCapacity(sortedTerms.reduce(64) { $0 + $1.utf8.count + 8 + 12 * (postings[$1]?.count ?? 0) })
        text += "portalSearchLoaded(\"terms-\(name)\",{".utf8
        for (index, term) in sortedTerms.enumerated() {
            if index > 0 { text.append(UInt8(ascii: ",")) }
            text += JSONValue.string(term).text.utf8
            text += ":[".utf8
            for (slot, posting) in (postings[term]?.entries ?? []).enumerated() {
                if slot > 0 { text.append(UInt8(ascii: ",")) }
                Self.appendDecimal(posting.document, to: &text)
                text.append(UInt8(ascii: ","))
                Self.appendDecimal(posting.score, to: &text)
            }
            text.append(UInt8(ascii: "]"))
        }
        text += "});\n".utf8
        return String(decoding: text, as: UTF8.self)
    }

    /// Appends `number` in decimal, as `String(number)` writes it.
    private static func appendDecimal(_ number: Int, to text: inout [UInt8]) {
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

    /// The shard of a term: its first two characters, each an ASCII letter or digit or `_`.
    static func shard(of term: String) -> String {
        String(term.unicodeScalars.prefix(2).map { scalar -> Character in
            (scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar))) ? Character(scalar) : "_"
        })
    }

    /// A term's documents and scores, in document order.
    struct PostingList: Sendable {
        private(set) var entries: [(document: Int, score: Int)] = []

        var count: Int { entries.count }
        var isEmpty: Bool { entries.isEmpty }

        /// Sets the score of `document`, adding it in its place if it is new.
        mutating func set(_ document: Int, _ score: Int) {
            // A full rebuild adds documents in order: append without searching.
            if entries.last.map({ $0.document < document }) ?? true {
                entries.append((document, score))
                return
            }
            let slot = slot(of: document)
            if slot < entries.count && entries[slot].document == document {
                entries[slot].score = score
            } else {
                entries.insert((document, score), at: slot)
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
