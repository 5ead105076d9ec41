/// What the preview knows of each page's last render, by the page's identity
/// (`PageContextBuilder.identities`): its render key, and the identities of the pages its context
/// showed. Identities are small and dense, so the records are an array, read without hashing a path.
///
/// A page with no key is rendered again by the next full rebuild; one with no record at all is too,
/// and a card edit renders it whatever it showed.
struct RenderRecords {
    private struct Record {
        var key: Int?
        var shown: [Int]
    }

    private var records: [Record?] = []

    /// The page's render key when it was last written, if it is trusted.
    func key(of identity: Int) -> Int? {
        records.indices.contains(identity) ? records[identity]?.key : nil
    }

    /// The identities of the pages the page's context showed when it was last rendered.
    func shown(by identity: Int) -> [Int]? {
        records.indices.contains(identity) ? records[identity]?.shown : nil
    }

    /// Records a render of the page: what it showed and its key (nil where the key cannot be trusted).
    mutating func record(key: Int?, shown: [Int], for identity: Int) {
        if identity >= records.count { records.append(contentsOf: repeatElement(nil, count: identity - records.count + 1)) }
        records[identity] = Record(key: key, shown: shown)
    }

    /// Forgets a page that is gone.
    mutating func forget(_ identity: Int) {
        if records.indices.contains(identity) { records[identity] = nil }
    }

    /// Forgets every key, keeping what each page showed: the next full rebuild renders every page.
    mutating func forgetKeys() {
        for identity in records.indices { records[identity]?.key = nil }
    }
}
