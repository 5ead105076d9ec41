import Foundation

/// What a reference manager needs to cite a resource, and the resource written as BibTeX and as
/// CSL-JSON (the format of Zotero, pandoc and citeproc): the page's "Cite" block and the
/// catalogue's `resources.bib` and `resources.csl.json` are made here, from the resource's
/// front-matter alone.
struct Citation: Sendable, Equatable {
    let key: String
    /// The resource's `type` (`paper`, `dataset`, …).
    let type: String
    let title: String
    let authors: [String]
    /// `YYYY-MM-DD` from the resource's `date`, or `YYYY` from its `year`.
    let date: String?
    let url: String?
    let identifiers: [ResourceIdentifier]
    /// Where a page of this site was published (the site's title), for a tutorial.
    var publisher: String?

    init(_ page: Page) {
        let matter = page.frontMatter
        // An entry of a .bib file keeps its key, by which people already cite it.
        key = page.bibliographyKey ?? page.id
        type = matter.text("type") ?? "misc"
        title = page.title
        authors = matter.list("authors").map(\.value)
        date = matter.text("date") ?? matter.integer("year").map { String($0) }
        url = matter.text("url")
        identifiers = ResourceIdentifier.all(of: matter)
    }

    /// A tutorial of this site, published by `site` at `url` (its absolute address, when the site has one).
    init(tutorial page: Page, url: String?, site: String) {
        let matter = page.frontMatter
        key = page.id
        type = "tutorial"
        title = page.title
        authors = matter.list("authors").map(\.value)
        date = matter.text("date")
        self.url = url
        identifiers = []
        publisher = site
    }

    /// The catalogue's files beside the resources index.
    static let bibTeXPath = "resources/resources.bib"
    static let cslPath = "resources/resources.csl.json"

    private func identifier(_ scheme: IdentifierScheme) -> String? {
        identifiers.first { $0.scheme == scheme }?.value
    }

    /// A DOI that Zenodo minted names the deposit, not a journal article.
    private var journalDOI: String? {
        identifier(.doi).flatMap { $0.lowercased().hasPrefix("10.5281/zenodo.") ? nil : $0 }
    }

    // MARK: BibTeX

    /// The entry type: biblatex's `@dataset` and `@software` where they fit (BibTeX styles print
    /// unknown types as `@misc`), `@article` for a paper with a journal DOI, `@book` for an ISBN.
    var bibTeXType: String {
        if identifier(.isbn) != nil { return "book" }
        switch type {
        case "paper": return journalDOI != nil ? "article" : "misc"
        case "dataset", "benchmark": return "dataset"
        case "software", "agent": return "software"
        default: return "misc"
        }
    }

    /// The entry, fields aligned, one per line.
    var bibTeX: String {
        // Verbatim fields are marked, so that their values are written as they are.
        var fields: [(name: StaticString, value: String, verbatim: Bool)] = []
        if !authors.isEmpty { fields.append(("author", authors.map(Self.bibTeXName).joined(separator: " and "), false)) }
        // Double braces keep the title's capitals, which styles would otherwise lower.
        fields.append(("title", "{" + Self.bibTeXEscaped(title) + "}", false))
        if let date { fields.append(("year", String(date.prefix(4)), false)) }
        if let publisher { fields.append(("howpublished", "{" + Self.bibTeXEscaped(publisher) + "}", false)) }
        if let doi = identifier(.doi) { fields.append(("doi", doi, true)) }
        if let arxiv = identifier(.arxiv) {
            fields.append(("eprint", arxiv, true))
            fields.append(("archiveprefix", "arXiv", false))
        }
        if let isbn = identifier(.isbn) { fields.append(("isbn", isbn, true)) }
        if let swhid = identifier(.softwareHeritage) { fields.append(("swhid", swhid, true)) }
        if let url { fields.append(("url", url, true)) }
        let width = fields.reduce(0) { max($0, $1.name.utf8CodeUnitCount) }
        var text = "@"
        text.reserveCapacity(fields.reduce(64) { $0 + width + $1.value.utf8.count + 8 })
        text += bibTeXType
        text += "{"
        text += key
        text += ",\n"
        for field in fields {
            text += "  "
            text += field.name.description
            text += Self.spaces.prefix(width - field.name.utf8CodeUnitCount)
            text += " = {"
            text += field.verbatim ? Self.verbatim(field.value) : field.value
            text += "},\n"
        }
        text += "}\n"
        return text
    }

    private static let spaces = String(repeating: " ", count: 16)

    /// Fields biblatex reads verbatim (an underscore in a DOI is an underscore) are written as they
    /// are, but for braces, which would end the field early and which resolvers read percent-encoded.
    static func verbatim(_ value: String) -> String {
        guard value.utf8.contains(where: { $0 == UInt8(ascii: "{") || $0 == UInt8(ascii: "}") }) else { return value }
        return value.replacingOccurrences(of: "{", with: "%7B").replacingOccurrences(of: "}", with: "%7D")
    }

    /// Words that make an author a body rather than a person, which BibTeX must not split into
    /// first and last names.
    private static let bodyWords: Set<String> = ["collaboration", "consortium", "foundation", "team", "group", "project", "initiative",
                                                  "community", "organization", "organisation", "institute", "university", "laboratory", "collective", "editors"]

    static func isBody(_ name: String) -> Bool {
        // Asked of every author of every entry, twice: the words are found in the UTF-8 and
        // compared in place, ignoring ASCII case, with the body words of the same length.
        var name = name
        return name.withUTF8 { bytes in
            var start = 0
            for end in 0...bytes.count where end == bytes.count || bytes[end] == UInt8(ascii: " ") || bytes[end] == UInt8(ascii: "-") {
                defer { start = end + 1 }
                let length = end - start
                guard length < bodyWordsByLength.count else { continue }
                for word in bodyWordsByLength[length] where word.indices.allSatisfy({ bytes[start + $0] | 0x20 == word[$0] }) { return true }
            }
            return false
        }
    }

    /// The body words' bytes, by their length.
    private static let bodyWordsByLength: [[[UInt8]]] = {
        var table = Array(repeating: [[UInt8]](), count: (bodyWords.map(\.utf8.count).max() ?? 0) + 1)
        for word in bodyWords.sorted() { table[word.utf8.count].append(Array(word.utf8)) }
        return table
    }()

    /// A name as BibTeX reads it: a person as written (`First Last`, which BibTeX splits at the last
    /// word) when BibTeX splits it as `PersonName` does, else as `von Last, Jr, First`; a body, a
    /// name holding " and " and one `PersonName` cannot split in braces, so that it stays whole.
    static func bibTeXName(_ name: String) -> String {
        let escaped = bibTeXEscaped(name)
        let hasComma = name.utf8.contains(UInt8(ascii: ","))
        if isBody(name) || holdsAnd(name) { return "{" + escaped + "}" }
        guard let parts = PersonName(name) else { return hasComma ? "{" + escaped + "}" : escaped }
        if parts.readsAsWritten && !hasComma { return escaped }
        // Before the first comma, BibTeX reads lower-case words as the particle and the rest, however many words, as the family name.
        let family = [parts.particle, parts.family].compactMap { $0 }.joined(separator: " ")
        return bibTeXEscaped(family) + (parts.suffix.map { ", " + bibTeXEscaped($0) } ?? "") + ", " + bibTeXEscaped(parts.given)
    }

    /// Whether `name` holds the word `and` between spaces, in any case, which BibTeX would read as
    /// two names: every author of every entry is asked, so its bytes are read, not its characters.
    static func holdsAnd(_ name: String) -> Bool {
        var name = name
        return name.withUTF8 { bytes in
            guard bytes.count >= 5 else { return false }
            for index in 0..<(bytes.count - 4) where bytes[index] == 0x20 && bytes[index + 4] == 0x20 {
                if bytes[index + 1] | 0x20 == UInt8(ascii: "a"), bytes[index + 2] | 0x20 == UInt8(ascii: "n"), bytes[index + 3] | 0x20 == UInt8(ascii: "d") { return true }
            }
            return false
        }
    }

    /// `text` with TeX's special characters escaped, so a title such as "R&D" or "100% of p_T" reads back as written.
    /// Formulas between dollars (`$t\bar{t}$`, as physics titles hold them) are TeX already and are
    /// kept as written, when the dollars pair up; a lone dollar is a dollar.
    static func bibTeXEscaped(_ text: String) -> String {
        // Most titles and names hold none of them: checked byte by byte, and kept whole.
        guard text.utf8.contains(where: { specialBytes[Int($0)] }) else { return text }
        // Every special character is ASCII, so it is found among the bytes, and the runs between
        // them are copied as they are (valid UTF-8, not checked again).
        var text = text
        let escapes = text.withUTF8 { bytes -> [(offset: Int, escape: StaticString)] in
            let pairedDollars = bytes.reduce(0) { $0 + ($1 == UInt8(ascii: "$") ? 1 : 0) } % 2 == 0
            var escapes: [(offset: Int, escape: StaticString)] = []
            var inMath = false
            for (offset, byte) in bytes.enumerated() where specialBytes[Int(byte)] {
                if pairedDollars, byte == UInt8(ascii: "$") {
                    inMath.toggle()
                    continue
                }
                if inMath { continue }
                switch byte {
                case UInt8(ascii: "\\"): escapes.append((offset, "\\textbackslash{}"))
                case UInt8(ascii: "~"): escapes.append((offset, "\\textasciitilde{}"))
                case UInt8(ascii: "^"): escapes.append((offset, "\\textasciicircum{}"))
                case UInt8(ascii: "{"): escapes.append((offset, "\\{"))
                case UInt8(ascii: "}"): escapes.append((offset, "\\}"))
                case UInt8(ascii: "&"): escapes.append((offset, "\\&"))
                case UInt8(ascii: "%"): escapes.append((offset, "\\%"))
                case UInt8(ascii: "$"): escapes.append((offset, "\\$"))
                case UInt8(ascii: "#"): escapes.append((offset, "\\#"))
                default: escapes.append((offset, "\\_"))
                }
            }
            return escapes
        }
        var result = ""
        result.reserveCapacity(text.utf8.count + escapes.count * 16)
        let utf8 = text.utf8
        var runStart = utf8.startIndex
        for (offset, escape) in escapes {
            let special = utf8.index(utf8.startIndex, offsetBy: offset)
            result += text[runStart..<special]
            result += escape.description
            runStart = utf8.index(after: special)
        }
        result += text[runStart...]
        return result
    }

    /// TeX's special characters, by byte: every byte of every name and title is looked up.
    private static let specialBytes: [Bool] = (0..<256).map { "\\{}&%$#_~^".utf8.contains(UInt8($0)) }

    // MARK: CSL-JSON

    /// The CSL item type (CSL 1.0.2's list).
    var cslType: String {
        if identifier(.isbn) != nil { return "book" }
        switch type {
        case "paper": return journalDOI != nil ? "article-journal" : "article"
        case "dataset", "benchmark": return "dataset"
        case "software", "agent": return "software"
        case "event": return "event"
        default: return "webpage"
        }
    }

    /// The CSL-JSON item.
    var csl: JSONValue {
        var item: [String: JSONValue] = ["id": .string(key), "type": .string(cslType), "title": .string(title)]
        // CSL has no name for "and others": a style abbreviates long lists itself.
        let named = authors.filter { $0 != "others" }
        if !named.isEmpty { item["author"] = .array(named.map(Self.cslName)) }
        if let date {
            let parts = date.split(separator: "-").compactMap { Int($0) }
            item["issued"] = ["date-parts": .array([.array(parts.map { .number($0) })])]
        }
        if let doi = identifier(.doi) { item["DOI"] = .string(doi) }
        if let isbn = identifier(.isbn) { item["ISBN"] = .string(isbn) }
        if let arxiv = identifier(.arxiv) {
            // As Zotero writes a preprint: the server as publisher, the id as its number.
            item["number"] = .string("arXiv:\(arxiv)")
            if journalDOI == nil { item["publisher"] = "arXiv" }
        }
        if let url { item["URL"] = .string(url) }
        if let publisher { item["container-title"] = .string(publisher) }
        return .object(item)
    }

    /// A name split as CSL wants it (`PersonName`): a body, or a name of one word, as a literal.
    static func cslName(_ name: String) -> JSONValue {
        guard !isBody(name), let parts = PersonName(name) else { return ["literal": .string(name)] }
        var result: [String: JSONValue] = ["family": .string(parts.family), "given": .string(parts.given)]
        if let particle = parts.particle { result["non-dropping-particle"] = .string(particle) }
        if let suffix = parts.suffix { result["suffix"] = .string(suffix) }
        return .object(result)
    }

    // MARK: The catalogue

    /// A resource's own entry, beside its page (`resources/particlenet/particlenet.bib`).
    static func entryPath(of page: Page) -> String {
        "\(page.outputDirectory)/\(page.id).bib"
    }

    /// Every path `catalogueFiles` writes for `pages`.
    static func paths(_ pages: [Page]) -> [String] {
        let resources = pages.filter { $0.kind == .resource }
        return resources.isEmpty ? [] : [bibTeXPath, cslPath] + resources.map(entryPath(of:))
    }

    /// `resources.bib` and `resources.csl.json` for the resources among `pages`, by id, and each
    /// resource's own entry beside its page; nothing when the site has no resources. The entries
    /// the pages' Cite blocks made are taken from `entries`.
    static func catalogueFiles(_ pages: [Page], entries made: CitationEntries) -> [(String, String)] {
        let resources = pages.indices.filter { pages[$0].kind == .resource }.sorted { pages[$0].id < pages[$1].id }
        guard !resources.isEmpty else { return [] }
        // A living review holds thousands of entries, each with its names to split: made on all cores.
        let items = ParallelMap.map(resources) { position -> (entry: String, csl: String) in
            let citation = Citation(pages[position])
            return (made.entry(of: citation, at: position), citation.csl.text)
        }
        let bib = items.map(\.entry).joined(separator: "\n")
        var csl = "[\n"
        csl.reserveCapacity(items.reduce(8) { $0 + $1.csl.utf8.count + 2 })
        for (index, item) in items.enumerated() {
            if index > 0 { csl += ",\n" }
            csl += item.csl
        }
        return [(bibTeXPath, bib), (cslPath, csl + "\n]\n")] + zip(resources, items).map { (entryPath(of: pages[$0]), $1.entry) }
    }
}

/// Each resource's BibTeX entry, made once in a build for both its page's Cite block and the
/// catalogue's files, by page position. An entry is kept with the citation it was made from and
/// given only for an equal one, so a page the preview server changed since gets a new entry.
final class CitationEntries: @unchecked Sendable {
    private let lock = NSLock()
    private var made: [Int: (citation: Citation, entry: String)] = [:]

    /// The entry of `page`, at `position` among the builder's pages.
    func entry(at position: Int, of page: Page) -> String {
        entry(of: Citation(page), at: position)
    }

    /// The entry of `citation`, made from the page at `position`.
    func entry(of citation: Citation, at position: Int) -> String {
        if let kept = lock.withLock({ made[position] }), kept.citation == citation { return kept.entry }
        let entry = citation.bibTeX
        lock.withLock { made[position] = (citation, entry) }
        return entry
    }
}
