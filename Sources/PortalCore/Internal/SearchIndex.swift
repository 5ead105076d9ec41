/// The sharded full-text index in `search/` (format in the README, "Search index format").
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
    private var postings: [String: [Int: Int]] = [:]
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
                for (term, score) in termScores { postings[term, default: [:]][documentID] = score }
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
                    postings[term, default: [:]][documentID] = score
                    dirtyShards.insert(shard)
                }
                for term in oldScores.keys where newScores[term] == nil {
                    let shard = Self.shard(of: term)
                    postings[term]?[documentID] = nil
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
        for name in dirtyShards.sorted() {
            guard let terms = termsByShard[name] else { continue }
            var shard: [String: JSONValue] = [:]
            for term in terms {
                let documentsOfTerm = postings[term] ?? [:]
                var flat: [JSONValue] = []
                for documentID in documentsOfTerm.keys.sorted() {
                    flat.append(.number(documentID))
                    flat.append(.number(documentsOfTerm[documentID] ?? 0))
                }
                shard[term] = .array(flat)
            }
            files.append(("search/terms-\(name).js", Self.script("terms-\(name)", .object(shard))))
        }
        for chunk in dirtyChunks.sorted() {
            let start = chunk * Self.chunk
            let slice = Array(rows[start..<min(start + Self.chunk, rows.count)])
            files.append(("search/docs-\(chunk).js", Self.script("docs-\(chunk)", .array(slice))))
        }
        paths = ["search/meta.js"] + shardNames.map { "search/terms-\($0).js" }
            + stride(from: 0, to: documents.count, by: Self.chunk).map { "search/docs-\($0 / Self.chunk).js" }
        return files
    }

    /// A document's term scores: title, headings, tags, summary and body, weighted in that order.
    private static func scores(of page: Page) -> [String: Int] {
        var scores: [String: Int] = [:]
        func add(_ text: String, weight: Int, cap: Int = Int.max) {
            var counts: [String: Int] = [:]
            for term in terms(in: text) { counts[term, default: 0] += 1 }
            for (term, count) in counts { scores[term, default: 0] += weight * min(count, cap) }
        }
        add(page.title, weight: 10)
        for heading in page.headings { add(heading.text, weight: 5) }
        for tag in page.frontMatter.list("tags") { add(tag.value.replacingOccurrences(of: "-", with: " "), weight: 4) }
        if let summary = page.summary { add(summary, weight: 3) }
        add(page.plainText, weight: 1, cap: 5)
        return scores
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

    /// The lower-cased words of two or more letters or digits, without stop words.
    static func terms(in text: String) -> [String] {
        var terms: [String] = []
        // The current word as UTF-8 bytes, and how many characters it has.
        var current: [UInt8] = []
        var characters = 0
        func flush() {
            if characters >= 2 {
                let term = String(decoding: current, as: UTF8.self)
                if !stopWords.contains(term) { terms.append(term) }
            }
            current.removeAll(keepingCapacity: true)
            characters = 0
        }
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x80 {
                // ASCII without Unicode property look-ups, which dominate otherwise.
                if (0x61...0x7A).contains(value) || (0x30...0x39).contains(value) {
                    current.append(UInt8(value))
                    characters += 1
                } else if (0x41...0x5A).contains(value) {
                    current.append(UInt8(value + 0x20))
                    characters += 1
                } else {
                    flush()
                }
            } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                for lower in scalar.properties.lowercaseMapping.unicodeScalars {
                    current.append(contentsOf: String(lower).utf8)
                    characters += 1
                }
            } else {
                flush()
            }
        }
        flush()
        return terms
    }

    /// The shard of a term: its first two characters, each an ASCII letter or digit or `_`.
    static func shard(of term: String) -> String {
        String(term.unicodeScalars.prefix(2).map { scalar -> Character in
            (scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar))) ? Character(scalar) : "_"
        })
    }
}
