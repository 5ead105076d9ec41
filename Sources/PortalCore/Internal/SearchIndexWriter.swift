/// The sharded full-text index in `search/` (format in the README, "Search index format").
///
/// Terms are sharded by their first two characters and documents by chunks, so a query loads
/// the shards of its terms and the chunks of its top results, not the whole index.
struct SearchIndexWriter {
    let pages: [Page]
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

    /// The pages searched: everything but the generated tag pages.
    var documents: [Int] {
        pages.indices.filter { pages[$0].kind != .tags && pages[$0].kind != .tag }
            .sorted { pages[$0].outputPath < pages[$1].outputPath }
    }

    /// Every file of the index, as (path in the site, contents).
    func files() -> [(String, String)] {
        let documents = self.documents
        let pages = self.pages
        // Each document's term scores on all cores, then merged in document order.
        let perDocument = ParallelMap.map(documents) { position -> [String: Int] in
            let page = pages[position]
            var scores: [String: Int] = [:]
            func add(_ text: String, weight: Int, cap: Int = Int.max) {
                var counts: [String: Int] = [:]
                for term in Self.terms(in: text) { counts[term, default: 0] += 1 }
                for (term, count) in counts { scores[term, default: 0] += weight * min(count, cap) }
            }
            add(page.title, weight: 10)
            for heading in page.headings { add(heading.text, weight: 5) }
            for tag in page.frontMatter.list("tags") { add(tag.value.replacingOccurrences(of: "-", with: " "), weight: 4) }
            if let summary = page.summary { add(summary, weight: 3) }
            add(page.plainText, weight: 1, cap: 5)
            return scores
        }
        var postings: [String: [Int: Int]] = [:]
        for (documentID, scores) in perDocument.enumerated() {
            for (term, score) in scores { postings[term, default: [:]][documentID] = score }
        }
        var shards: [String: [String: JSONValue]] = [:]
        for (term, documentsOfTerm) in postings {
            var flat: [JSONValue] = []
            for documentID in documentsOfTerm.keys.sorted() {
                flat.append(.number(documentID))
                flat.append(.number(documentsOfTerm[documentID] ?? 0))
            }
            shards[Self.shard(of: term), default: [:]][term] = .array(flat)
        }
        var files: [(String, String)] = []
        let shardNames = shards.keys.sorted()
        files.append(("search/meta.js", Self.script("meta", [
            "version": 1, "documents": .number(documents.count), "chunk": .number(Self.chunk),
            "shards": .array(shardNames.map(JSONValue.string)),
            "stop": .array(Self.stopWords.sorted().map(JSONValue.string)),
        ])))
        for name in shardNames {
            files.append(("search/terms-\(name).js", Self.script("terms-\(name)", .object(shards[name] ?? [:]))))
        }
        for start in stride(from: 0, to: documents.count, by: Self.chunk) {
            let rows = documents[start..<min(start + Self.chunk, documents.count)].map { position -> JSONValue in
                let page = pages[position]
                return [.string(page.title), .string(page.outputPath), .string(page.kind.label), .optional(page.summary),
                        .string(String(page.plainText.prefix(Self.excerptLength)))]
            }
            files.append(("search/docs-\(start / Self.chunk).js", Self.script("docs-\(start / Self.chunk)", .array(rows))))
        }
        return files
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
