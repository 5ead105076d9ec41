import Foundation

/// What INSPIRE-HEP said about the resources' papers: written by `portal inspire`, which alone
/// uses the network, into a file committed beside the content (`inspire.json`), and read by
/// `portal check --resources-report`, which never does. Its JSON is sorted and indented, so that a
/// new lookup shows in review as the lines that changed.
public struct InspireCache: Codable, Sendable, Equatable {
    /// One literature record, with what the report compares.
    public struct Record: Codable, Sendable, Equatable {
        /// INSPIRE's record number (`control_number`).
        public var recid: Int
        public var texkey: String?
        public var title: String?
        /// The arXiv number without its version.
        public var arxiv: String?
        public var dois: [String]
        /// Where it was published (`JHEP 07 (2016) 069`).
        public var journal: String?
        public var citations: Int?
    }

    /// The day of the lookup (`YYYY-MM-DD`).
    public var fetched: String
    /// The records found, by record number.
    public var records: [Record]
    /// The identifiers looked up that matched no record (`arxiv:1902.08570`), sorted.
    public var notFound: [String]

    public init(fetched: String, records: [Record], notFound: [String]) {
        self.fetched = fetched
        self.records = records.sorted { $0.recid < $1.recid }
        self.notFound = notFound.sorted()
    }

    /// The file's text.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self) + Data("\n".utf8)
    }

    /// The cache a file holds.
    public static func decode(_ data: Data) throws -> InspireCache {
        try JSONDecoder().decode(InspireCache.self, from: data)
    }

    /// The records by each identifier they answer to, so that a catalogue of thousands of papers
    /// is matched in one pass over its resources rather than a pass over the records for each.
    struct Lookup {
        private var byTerm: [InspireTerm: Int] = [:]
        private let records: [Record]

        init(_ cache: InspireCache) {
            records = cache.records
            // The first record wins, as in `record(for:)`: the records are in record-number order.
            for (index, record) in records.enumerated() {
                var terms = [InspireTerm(kind: .recid, value: String(record.recid))]
                if let texkey = record.texkey { terms.append(InspireTerm(kind: .texkey, value: texkey)) }
                if let arxiv = record.arxiv { terms.append(InspireTerm(kind: .arxiv, value: arxiv)) }
                terms += record.dois.map { InspireTerm(kind: .doi, value: $0.lowercased()) }
                for term in terms where byTerm[term] == nil { byTerm[term] = index }
            }
        }

        /// The record the first of `terms` that any record answers to names (DOIs without regard to case).
        func record(for terms: [InspireTerm]) -> Record? {
            for term in terms {
                let key = term.kind == .doi ? InspireTerm(kind: .doi, value: term.value.lowercased()) : term
                if let index = byTerm[key] { return records[index] }
            }
            return nil
        }
    }
}

/// One identifier of a resource as INSPIRE is asked for it.
struct InspireTerm: Sendable, Hashable {
    enum Kind: String, Sendable {
        case recid, texkey, arxiv, doi
    }

    let kind: Kind
    let value: String

    /// How the cache lists it when no record matched.
    var name: String { "\(kind.rawValue):\(value)" }

    /// The search that finds it, in INSPIRE's literature syntax.
    var query: String {
        switch kind {
        case .recid: "recid:\(value)"
        case .texkey: "texkey \"\(value)\""
        case .arxiv: "arxiv:\(value)"
        case .doi: "doi:\"\(value)\""
        }
    }

    /// What INSPIRE can be asked about a resource, most specific first: its INSPIRE record, its arXiv
    /// number (without version) and its DOI (not Zenodo's, which INSPIRE does not hold for papers).
    static func terms(of matter: FrontMatter) -> [InspireTerm] {
        var terms: [InspireTerm] = []
        if let inspire = matter.text("inspire") {
            terms.append(InspireTerm(kind: Identifiers.isRecordNumber(inspire) ? .recid : .texkey, value: inspire))
        }
        if let arxiv = matter.text("arxiv") { terms.append(InspireTerm(kind: .arxiv, value: String(Identifiers.arxivWithoutVersion(arxiv)))) }
        if let doi = matter.text("doi"), !doi.lowercased().hasPrefix("10.5281/zenodo.") { terms.append(InspireTerm(kind: .doi, value: doi)) }
        return terms
    }
}

/// Asks INSPIRE's literature search about every resource that has a paper's identifier, a batch of
/// identifiers per request, within the API's rate limit, and makes the cache from the answers.
public struct InspireLookup: Sendable {
    /// The API's address (`https://inspirehep.net/api`); tests and mirrors give their own.
    public var api: String
    /// Identifiers per request: a search joins them with `or`, and its address must stay short.
    public var batchSize: Int
    /// What INSPIRE allows: so many requests in so many seconds from one address.
    static let requestsPerWindow = 15
    static let window = 5.0
    static let fields = "control_number,texkeys,titles.title,arxiv_eprints.value,dois.value,publication_info,citation_count"

    public init(api: String = "https://inspirehep.net/api", batchSize: Int = 20) {
        self.api = api.hasSuffix("/") ? String(api.dropLast()) : api
        self.batchSize = max(1, min(batchSize, 50))
    }

    /// What went wrong talking to INSPIRE.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String

        public init(description: String) {
            self.description = description
        }
    }

    /// The searches for `terms`, in order, each an address.
    func requests(for terms: [InspireTerm]) -> [(url: String, terms: [InspireTerm])] {
        stride(from: 0, to: terms.count, by: batchSize).map { start in
            let batch = Array(terms[start..<min(start + batchSize, terms.count)])
            let query = batch.map(\.query).joined(separator: " or ")
            var allowed = CharacterSet.urlQueryAllowed
            allowed.remove(charactersIn: "&+=?#\"")
            let q = query.addingPercentEncoding(withAllowedCharacters: allowed) ?? query
            return ("\(api)/literature?q=\(q)&size=\(batch.count * 2)&fields=\(Self.fields)", batch)
        }
    }

    /// Looks up `terms` with `fetch` (an address to an HTTP status and body), pausing with `pause`
    /// (seconds) to stay within the rate limit and after a 429, on `today`.
    func run(_ terms: [InspireTerm], today: String, fetch: (String) throws -> (status: Int, body: Data), pause: (Double) -> Void) throws -> InspireCache {
        var records: [Int: InspireCache.Record] = [:]
        var sent: [Date] = []
        for request in requests(for: terms) {
            var attempts = 0
            while true {
                // At most so many requests in any window: wait until the oldest leaves it.
                if sent.count >= Self.requestsPerWindow {
                    let wait = Self.window - Date().timeIntervalSince(sent[sent.count - Self.requestsPerWindow])
                    if wait > 0 { pause(wait) }
                }
                sent.append(Date())
                let (status, body) = try fetch(request.url)
                if status == 429, attempts < 3 {
                    attempts += 1
                    pause(Self.window)
                    continue
                }
                guard status == 200 else {
                    throw Failure(description: "INSPIRE answered HTTP \(status) to \(request.url)")
                }
                for record in try Self.records(in: body) { records[record.recid] = record }
                break
            }
        }
        let cache = InspireCache(fetched: today, records: Array(records.values), notFound: [])
        let lookup = InspireCache.Lookup(cache)
        let missing = terms.filter { lookup.record(for: [$0]) == nil }.map(\.name)
        return InspireCache(fetched: today, records: cache.records, notFound: Array(Set(missing)))
    }

    /// The records of a search's answer (`hits.hits[].metadata`, INSPIRE's `hep` schema).
    static func records(in body: Data) throws -> [InspireCache.Record] {
        guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any],
              let hits = (object["hits"] as? [String: Any])?["hits"] as? [[String: Any]] else {
            throw Failure(description: "INSPIRE's answer is not a search result (no hits.hits)")
        }
        return hits.compactMap { hit in
            guard let metadata = hit["metadata"] as? [String: Any], let recid = metadata["control_number"] as? Int else { return nil }
            func values(_ key: String, _ field: String) -> [String] {
                (metadata[key] as? [[String: Any]] ?? []).compactMap { $0[field] as? String }
            }
            let publication = (metadata["publication_info"] as? [[String: Any]] ?? []).first { $0["journal_title"] != nil }
            let journal = publication.map { info in
                [info["journal_title"] as? String, info["journal_volume"] as? String,
                 (info["year"] as? Int).map { "(\($0))" }, (info["artid"] as? String) ?? (info["page_start"] as? String)]
                    .compactMap { $0 }.joined(separator: " ")
            }
            return InspireCache.Record(recid: recid, texkey: (metadata["texkeys"] as? [String])?.first, title: values("titles", "title").first,
                                       arxiv: values("arxiv_eprints", "value").first, dois: values("dois", "value"), journal: journal,
                                       citations: metadata["citation_count"] as? Int)
        }
    }
}
