import Foundation

/// The works pages can cite with `[@key]`: every resource, by its id and, for an entry of a `.bib`
/// file, by the entry's key, whatever their case. Each is labelled once for the whole site in the
/// author-year style of docs/editing.md ("Citing from pages"), so a label means one work everywhere.
struct CitedWorks: Sendable {
    struct Work: Sendable {
        /// The resource's position in the list of pages.
        let page: Int
        /// Its page's address, which citations link to.
        let outputPath: String
        /// The key a citation of it is shown and anchored by: the `.bib` key, or the id.
        let key: String
        /// The authors as a citation names them (`Baldi et al.`), or the title when there are none.
        let label: String
        /// The year, with a letter when another work of the same label has the same year (`2019a`), or `n.d.`.
        var year: String
        let title: String
        /// The title as HTML, its formulas as MathML.
        let titleHTML: String
        /// The authors as the References list writes them (`Baldi, P., Sadowski, P. and Whiteson, D.`); empty when there are none.
        let authors: String
        /// The identifier the References list links: the DOI, else the arXiv number.
        let identifier: ResourceIdentifier?
        /// What the References list calls it (`Paper`, `Dataset`).
        let type: String

        /// Whether the work has no authors, and citations name it by its title.
        var isNamedByTitle: Bool { authors.isEmpty }
    }

    let works: [Work]
    private let byKey: [String: Int]
    /// What the citations' words and links depend on: a body that may cite takes it into its cache
    /// key, so a change to any work's label, year, title or address renders it again.
    let signature: Int

    init(pages: [Page]) {
        // Each work's names are parsed on all cores: a living review has thousands of author lists.
        let made = ParallelMap.map(pages.indices.filter { pages[$0].kind == .resource }) { position -> (work: Work, year: String?) in
            let page = pages[position], matter = page.frontMatter
            let authors = matter.list("authors").map(\.value)
            let identifiers = ResourceIdentifier.all(of: matter)
            let work = Work(page: position, outputPath: page.outputPath, key: page.bibliographyKey ?? page.id, label: Self.label(authors) ?? page.title,
                            year: "n.d.", title: page.title, titleHTML: page.titleHTML ?? HTMLEscaping.escape(page.title), authors: Self.referenceAuthors(authors),
                            identifier: identifiers.first { $0.scheme == .doi } ?? identifiers.first { $0.scheme == .arxiv },
                            type: Labels.resourceType(matter.text("type") ?? "paper"))
            return (work, matter.integer("year").map(String.init) ?? matter.text("date").map { String($0.prefix(4)) })
        }
        var works = made.map(\.work)
        let years = made.map(\.year)
        var byKey: [String: Int] = [:]
        for (index, work) in works.enumerated() {
            let page = pages[work.page]
            for key in [page.id] + (page.bibliographyKey.map { [$0.lowercased()] } ?? []) { byKey[key] = index }
        }
        // Works of one label and year are told apart by a letter, in the order of their keys.
        var groups: [String: [Int]] = [:]
        for (index, year) in years.enumerated() {
            guard let year else { continue }
            groups[works[index].label + "\u{0}" + year, default: []].append(index)
        }
        var letters: [Int: String] = [:]
        for members in groups.values where members.count > 1 {
            for (rank, index) in members.sorted(by: { works[$0].key < works[$1].key }).enumerated() {
                letters[index] = Self.letter(rank)
            }
        }
        for (index, year) in years.enumerated() {
            if let year { works[index].year = year + (letters[index] ?? "") }
        }
        self.works = works
        self.byKey = byKey
        var hasher = Hasher()
        for work in works {
            hasher.combine(work.key)
            hasher.combine(work.outputPath)
            hasher.combine(work.label)
            hasher.combine(work.year)
            hasher.combine(work.title)
            hasher.combine(work.authors)
            hasher.combine(work.identifier?.scheme.field)
            hasher.combine(work.identifier?.value)
            hasher.combine(work.type)
        }
        signature = hasher.finalize()
    }

    /// The works a body may cite: nil when it holds no `@`, and so cites nothing.
    static func citable(by body: Substring, pages: [Page]) -> CitedWorks? {
        mayCite(body) ? CitedWorks(pages: pages) : nil
    }

    /// Whether `body` holds an `@`: every body is asked, so its bytes are searched with memchr.
    static func mayCite(_ body: Substring) -> Bool {
        body.utf8.withContiguousStorageIfAvailable { ByteScan.first(UInt8(ascii: "@"), in: $0) != nil } ?? body.utf8.contains(UInt8(ascii: "@"))
    }

    /// The work a citation's key names.
    func work(forKey key: String) -> Work? {
        byKey[key.lowercased()].map { works[$0] }
    }

    /// Every key a citation may use, for suggestions.
    var keys: [String] { works.map(\.key) }

    // MARK: The author-year style

    /// `a`, `b`, … `z`, then `aa`, `ab`, …
    private static func letter(_ rank: Int) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz")
        return rank < 26 ? String(alphabet[rank]) : String(alphabet[rank / 26 - 1]) + String(alphabet[rank % 26])
    }

    /// `Baldi`; `Baldi and Whiteson`; `Baldi et al.` from three authors on, or when the list ends with `others`.
    static func label(_ authors: [String]) -> String? {
        let named = authors.filter { $0 != "others" }
        guard let first = named.first else { return nil }
        if named.count == 1, named.count == authors.count { return family(first) }
        if named.count == 2, authors.count == 2 { return family(first) + " and " + family(named[1]) }
        return family(first) + " et al."
    }

    /// A person's family name with its particles (`de Oliveira`), split as the citation files split
    /// it (`PersonName`); a body's, or a one-word name's, whole name.
    static func family(_ name: String) -> String {
        guard !Citation.isBody(name), let parts = PersonName(name) else { return name }
        return parts.particle.map { $0 + " " + parts.family } ?? parts.family
    }

    /// `Baldi, P.`: the family name, then the given names' initials (`J.-L.` for `Jean-Luc`), then a
    /// suffix (`Smith, J., Jr`); a body as it is.
    static func inverted(_ name: String) -> String {
        guard !Citation.isBody(name), let parts = PersonName(name) else { return name }
        let family = parts.particle.map { $0 + " " + parts.family } ?? parts.family
        let initials = parts.given.split(separator: " ").map { word in word.split(separator: "-").compactMap(\.first).map { "\($0)." }.joined(separator: "-") }
        return family + (initials.isEmpty ? "" : ", " + initials.joined(separator: " ")) + (parts.suffix.map { ", " + $0 } ?? "")
    }

    /// Every author, inverted, up to five; past five, or with `others`, the first and `et al.`
    static func referenceAuthors(_ authors: [String]) -> String {
        let named = authors.filter { $0 != "others" }
        guard let first = named.first else { return "" }
        if named.count > 5 || named.count < authors.count { return inverted(first) + " et al." }
        let names = named.map(inverted)
        return names.count == 1 ? names[0] : names.dropLast().joined(separator: ", ") + " and " + names[names.count - 1]
    }
}
