import Foundation

/// How a document scores for each of its terms: BM25F-style, with each field's uses weighted and
/// normalised by that field's length, so a page about a word outranks a long list that names it once.
extension SearchIndex {
    /// The parts of a document a term can be found in.
    enum Field: Int, CaseIterable {
        case title, heading, tag, summary, body

        /// How much a use here counts, against 1 for the body.
        var boost: Double {
            switch self {
            case .title: 10
            case .heading: 3
            case .tag: 5
            case .summary: 2
            case .body: 1
            }
        }

        /// How strongly the field's length scales its uses down (BM25's b).
        var lengthEffect: Double {
            switch self {
            case .title, .heading, .summary: 0.5
            case .tag: 0.3
            case .body: 0.75
            }
        }

        /// The length, in terms, at which a use counts as it is. A fixed reference rather than the
        /// site's average, so that a page's scores depend on that page alone and a preview edit
        /// rewrites only its own terms.
        var typicalLength: Double {
            switch self {
            case .title: 6
            case .heading: 20
            case .tag: 4
            case .summary: 20
            case .body: 300
            }
        }
    }

    /// A count for each field (stored fields, not an array: a document makes one per distinct term).
    struct FieldCounts: Equatable {
        private var title = 0, heading = 0, tag = 0, summary = 0, body = 0

        subscript(field: Field) -> Int {
            get {
                switch field {
                case .title: title
                case .heading: heading
                case .tag: tag
                case .summary: summary
                case .body: body
                }
            }
            set {
                switch field {
                case .title: title = newValue
                case .heading: heading = newValue
                case .tag: tag = newValue
                case .summary: summary = newValue
                case .body: body = newValue
                }
            }
        }

        mutating func add(_ other: FieldCounts) {
            for field in Field.allCases { self[field] += other[field] }
        }
    }

    /// What the index stores for a term in one document: its score (fields, boosts and lengths
    /// folded in, times 10, at least 1) and where the document's reading order (title, summary,
    /// body) first meets it, which tells phrases apart from scattered words.
    struct TermEntry: Equatable, Sendable {
        var score: Int
        var position: Int
    }

    /// BM25's term-frequency saturation (k1).
    static let saturation = 1.2

    /// A document's entries by term.
    static func entries(of page: Page) -> [String: TermEntry] {
        var reader = DocumentReader()
        reader.add(page.searchTitle, .title, reading: true)
        if let summary = page.summary { reader.add(summary, .summary, reading: true) }
        for heading in page.headings { reader.add(heading.text, .heading, reading: false) }
        // A tag's hyphens separate words as spaces do: the tokenizer splits at both alike.
        for tag in page.frontMatter.list("tags") { reader.add(tag.value, .tag, reading: false) }
        // A resource is also looked for by who wrote it and by its arXiv number or DOI, which name it
        // as exactly as a tag.
        for label in labels(of: page) { reader.add(label, .tag, reading: false) }
        reader.add(page.plainText, .body, reading: true)
        // A term met only in headings or tags is placed after the text.
        let (lengths, position) = (reader.lengths, reader.position)
        return reader.tally.tallies().mapValues { tally in
            TermEntry(score: score(uses: tally.uses, lengths: lengths), position: min(tally.first, position))
        }
    }

    /// A resource's authors and identifiers, which search finds it by as it does by its tags.
    static func labels(of page: Page) -> [String] {
        guard page.kind == .resource else { return [] }
        // An arXiv id is searched for without its version, an ISBN as its 13 digits.
        return page.frontMatter.list("authors").map(\.value) + ResourceIdentifier.all(of: page.frontMatter).map { identifier in
            switch identifier.scheme {
            case .arxiv: return String(Identifiers.arxivWithoutVersion(identifier.value))
            case .isbn: return identifier.scheme.key(identifier.value)
            default: return identifier.value
            }
        }
    }

    /// What reading a document's texts gathers: its term uses, each field's length and the length of
    /// its reading order.
    ///
    /// A struct with a mutating method rather than a nested function over local variables: a nested
    /// function's captured variables are boxed and every use of them is checked for exclusive access
    /// at run time, once for each use of a term.
    private struct DocumentReader {
        var tally = TermTally()
        var lengths = FieldCounts()
        var position = 0

        /// Counts the terms of `text` in `field`; `reading` when the text is in the reading order.
        mutating func add(_ text: String, _ field: Field, reading: Bool) {
            forEachTerm(in: text) { term in
                tally.add(term, field: field, position: reading ? position : Int.max)
                lengths[field] += 1
                if reading { position += 1 }
            }
        }
    }

    /// The stored score of a term used `uses` times in fields of `lengths` terms.
    static func score(uses: FieldCounts, lengths: FieldCounts) -> Int {
        var total = 0.0
        for field in Field.allCases where uses[field] > 0 {
            let frequency = Double(uses[field])
            let norm = 1 - field.lengthEffect + field.lengthEffect * Double(lengths[field]) / field.typicalLength
            total += field.boost * frequency * (saturation + 1) / (frequency + saturation * norm)
        }
        return max(1, Int((total * 10).rounded()))
    }
}
