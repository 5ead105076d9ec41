import Foundation

/// The site's search, answered in memory. The documents are the search index's: the same pages,
/// each term's score and first position from `SearchIndex.entries(of:)`, so each term weighs what
/// it weighs in `search/terms-*.js`. A query is ranked as `rankQuery` in `templates/assets/search.js`
/// ranks it (its constants are named alike here): clauses from synonyms, every clause required,
/// the last word also a prefix, idf × score / 10, the phrase boost, a word found nowhere corrected
/// from the vocabulary, ties in title order. A change to one ranking must be made to the other;
/// `KnowledgeSearchTests` holds both to the same expectations as `Tests/Browser/relevance.json`.
struct KnowledgeSearch: Sendable {
    /// How much a phrase (query words at consecutive positions) adds (search.js: PHRASE_BOOST).
    static let phraseBoost = 0.5
    /// How much a word the last query word only starts counts (search.js: PREFIX_WEIGHT).
    static let prefixWeight = 0.8

    /// One document: its catalog key and place in title order.
    struct Document: Sendable {
        let key: String
        let kind: String
        let titleRank: Int
    }

    /// A term's entries: (document, score × 10, first position).
    typealias Posting = (document: Int, entry: SearchIndex.TermEntry)

    let documents: [Document]
    private let postings: [String: [Posting]]
    /// The terms in sorted order, for the words a prefix starts.
    private let sortedTerms: [String]
    let synonyms: [[[String]]]

    init(pages: [Page], synonyms: [[[String]]]) {
        let searched = pages.filter(SearchIndex.isDocument)
        let ranks = searched.indices.sorted { SearchIndex.titleKey(of: searched[$0]) < SearchIndex.titleKey(of: searched[$1]) }
        var rankOf = [Int](repeating: 0, count: searched.count)
        for (rank, document) in ranks.enumerated() { rankOf[document] = rank }
        let entries = ParallelMap.map(searched) { SearchIndex.entries(of: $0) }
        var postings: [String: [Posting]] = [:]
        for (document, terms) in entries.enumerated() {
            for (term, entry) in terms { postings[term, default: []].append((document, entry)) }
        }
        self.init(documents: searched.indices.map { Document(key: "\(searched[$0].kind.rawValue)/\(searched[$0].id)", kind: searched[$0].kind.rawValue, titleRank: rankOf[$0]) },
                  postings: postings, synonyms: synonyms)
    }

    /// A search over documents and term entries already made (read from a built site's `search/`).
    init(documents: [Document], postings: [String: [Posting]], synonyms: [[[String]]]) {
        self.documents = documents
        self.postings = postings
        sortedTerms = postings.keys.sorted()
        self.synonyms = synonyms
    }

    /// A ranked result: the document and its value.
    struct Hit: Sendable {
        let document: Int
        let value: Double
    }

    /// The documents matching `query`, best first, and the query as corrected (nil when no word was).
    func rank(_ query: String) -> (hits: [Hit], corrected: String?, words: [String]) {
        let all = Self.queryWords(query)
        guard !all.isEmpty else { return ([], nil, []) }
        // Stop words are not in the index; a last word still being typed stays as a prefix.
        var words = all.enumerated().filter { $0.offset == all.count - 1 || !SearchIndex.stopWords.contains($0.element) }.map(\.element)
        let optionalLast = words.count > 1 && SearchIndex.stopWords.contains(words[words.count - 1])
        var clauses = clausesOf(words)
        var results = clauses.map(clauseHits)
        for place in clauses.indices where !results[place].found && !clauses[place].synonym && !(optionalLast && place == clauses.count - 1) {
            guard let word = correction(clauses[place].words[0]) else { continue }
            clauses[place] = Clause(words: [word], forms: [[word]], synonym: false, prefix: false, corrected: true)
            results[place] = clauseHits(clauses[place])
        }
        var lists = results.map(\.hits)
        var totals = combine(lists)
        if optionalLast && totals.isEmpty {
            clauses.removeLast()
            lists.removeLast()
            totals = combine(lists)
        }
        let hits = totals.map { Hit(document: $0.key, value: $0.value.value) }.sorted {
            $0.value != $1.value ? $0.value > $1.value : documents[$0.document].titleRank < documents[$1.document].titleRank
        }
        let corrected = !hits.isEmpty && clauses.contains(where: \.corrected) ? clauses.map { $0.words.joined(separator: " ") }.joined(separator: " ") : nil
        words = clauses.flatMap { $0.forms.flatMap { $0 } }
        return (hits, corrected, words)
    }

    /// The words of a query as search.js splits them: lower-cased runs of letters or digits, two
    /// characters or more, stop words kept (the ranking drops them).
    static func queryWords(_ query: String) -> [String] {
        var words: [String] = []
        var current = ""
        for scalar in query.lowercased().unicodeScalars {
            if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                current.unicodeScalars.append(scalar)
            } else {
                if current.unicodeScalars.count >= 2 { words.append(current) }
                current = ""
            }
        }
        if current.unicodeScalars.count >= 2 { words.append(current) }
        return words
    }

    private struct Clause {
        var words: [String]
        var forms: [[String]]
        var synonym: Bool
        var prefix: Bool
        var corrected = false
    }

    /// A document's running total while clauses are intersected.
    private struct Total {
        var value: Double
        var position: Int
        var first: Int
        var adjacent: Int
    }

    /// The query as clauses: runs of words spelling a synonym's form are one clause whose forms are
    /// alternatives; every other word is a clause, the last one also a prefix.
    private func clausesOf(_ words: [String]) -> [Clause] {
        var clauses: [Clause] = []
        var place = 0
        while place < words.count {
            var best: (length: Int, group: [[String]])?
            for group in synonyms {
                for form in group where !form.isEmpty && form.count > (best?.length ?? 0) && place + form.count <= words.count
                    && Array(words[place..<place + form.count]) == form {
                    best = (form.count, group)
                }
            }
            if let best {
                clauses.append(Clause(words: Array(words[place..<place + best.length]), forms: best.group, synonym: true, prefix: false))
                place += best.length
            } else {
                clauses.append(Clause(words: [words[place]], forms: [[words[place]]], synonym: false, prefix: place == words.count - 1))
                place += 1
            }
        }
        return clauses
    }

    private func inverseFrequency(_ count: Int) -> Double {
        let total = Double(max(documents.count, count))
        return log(1 + (total - Double(count) + 0.5) / (Double(count) + 0.5))
    }

    /// The documents holding `term` (as a prefix: the words it starts too, each document's best).
    private func termHits(_ term: String, prefix: Bool) -> (hits: [Int: (value: Double, position: Int)], found: Bool) {
        var words = postings[term] == nil ? [] : [term]
        if prefix {
            var low = 0
            var high = sortedTerms.count
            while low < high {
                let middle = (low + high) / 2
                if sortedTerms[middle] < term { low = middle + 1 } else { high = middle }
            }
            while low < sortedTerms.count && sortedTerms[low].hasPrefix(term) {
                if sortedTerms[low] != term { words.append(sortedTerms[low]) }
                low += 1
            }
        }
        var hits: [Int: (value: Double, position: Int)] = [:]
        for word in words {
            let entries = postings[word] ?? []
            let weight = inverseFrequency(entries.count) * (word == term ? 1 : Self.prefixWeight)
            for (document, entry) in entries {
                let value = weight * Double(entry.score) / 10
                if let hit = hits[document], hit.value >= value { continue }
                hits[document] = (value, entry.position)
            }
        }
        return (hits, !words.isEmpty)
    }

    /// Intersects lists of hits, summing values; words at consecutive positions score more.
    private func combine(_ lists: [[Int: (value: Double, position: Int)]]) -> [Int: Total] {
        var totals: [Int: Total]?
        for hits in lists {
            var next: [Int: Total] = [:]
            for (document, hit) in hits {
                guard let totalsSoFar = totals else {
                    next[document] = Total(value: hit.value, position: hit.position, first: hit.position, adjacent: 0)
                    continue
                }
                guard let before = totalsSoFar[document] else { continue }
                next[document] = Total(value: before.value + hit.value, position: hit.position, first: before.first,
                                       adjacent: before.adjacent + (hit.position == before.position + 1 ? 1 : 0))
            }
            totals = next
        }
        let pairs = Double(lists.count - 1)
        return (totals ?? [:]).mapValues { total in
            var boosted = total
            if pairs > 0 { boosted.value = total.value * (1 + Self.phraseBoost * Double(total.adjacent) / pairs) }
            return boosted
        }
    }

    private func formHits(_ terms: [String], prefixLast: Bool) -> (hits: [Int: (value: Double, position: Int)], found: Bool) {
        let lists = terms.enumerated().map { termHits($0.element, prefix: prefixLast && $0.offset == terms.count - 1) }
        let combined = combine(lists.map(\.hits)).mapValues { (value: $0.value, position: $0.first) }
        return (combined, lists.allSatisfy(\.found))
    }

    private func clauseHits(_ clause: Clause) -> (hits: [Int: (value: Double, position: Int)], found: Bool) {
        var hits: [Int: (value: Double, position: Int)] = [:]
        var found = false
        for form in clause.forms {
            let result = formHits(form, prefixLast: clause.prefix)
            found = found || result.found
            for (document, hit) in result.hits where (hits[document]?.value ?? -1) < hit.value { hits[document] = hit }
        }
        return (hits, found)
    }

    /// A word the index lacks (4+ letters, no digits), replaced by the first word of its vocabulary
    /// (three or more letters, same first character) nearest to it within one edit, two for words
    /// of 8+ letters, the most widely used among equals: as search.js corrects from `vocab-C.js`.
    private func correction(_ word: String) -> String? {
        let scalars = Array(word.unicodeScalars)
        guard scalars.count >= 4, !scalars.contains(where: { $0.properties.numericType != nil }), let first = scalars.first else { return nil }
        let limit = scalars.count >= 8 ? 2 : 1
        let candidates = postings.filter { term, _ in
            term.unicodeScalars.first == first && term.unicodeScalars.count >= 3 && !term.unicodeScalars.contains { $0.properties.numericType != nil }
        }.sorted { $0.value.count != $1.value.count ? $0.value.count > $1.value.count : $0.key < $1.key }
        // The nearest word, the most widely used among equals.
        var best: (term: String, distance: Int)?
        for (term, _) in candidates {
            let distance = Suggestion.editDistance(scalars, Array(term.unicodeScalars))
            if distance <= limit && distance < (best?.distance ?? limit + 1) { best = (term, distance) }
            if (best?.distance ?? limit + 1) <= 1 { break }
        }
        return best?.term
    }
}
