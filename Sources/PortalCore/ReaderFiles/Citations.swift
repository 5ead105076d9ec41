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
        // Asked of every author of every entry, twice: the words are split in the UTF-8, not as
        // characters, and only those as long as a body word are compared.
        name.utf8.split(whereSeparator: { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "-") }).contains { word in
            bodyWordLengths.contains(word.count) && bodyWords.contains(String(decoding: word, as: UTF8.self).lowercased())
        }
    }

    private static let bodyWordLengths = Set(bodyWords.map(\.utf8.count))

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
        let bytes = Array(name.utf8)
        guard bytes.count >= 5 else { return false }
        for index in 0..<(bytes.count - 4) where bytes[index] == 0x20 && bytes[index + 4] == 0x20 {
            if bytes[index + 1] | 0x20 == UInt8(ascii: "a"), bytes[index + 2] | 0x20 == UInt8(ascii: "n"), bytes[index + 3] | 0x20 == UInt8(ascii: "d") { return true }
        }
        return false
    }

    /// `text` with TeX's special characters escaped, so a title such as "R&D" or "100% of p_T" reads back as written.
    /// Formulas between dollars (`$t\bar{t}$`, as physics titles hold them) are TeX already and are
    /// kept as written, when the dollars pair up; a lone dollar is a dollar.
    static func bibTeXEscaped(_ text: String) -> String {
        // Most titles and names hold none of them: checked byte by byte, and kept whole.
        guard text.utf8.contains(where: { specialBytes.contains($0) }) else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count)
        let pairedDollars = text.utf8.reduce(0) { $0 + ($1 == UInt8(ascii: "$") ? 1 : 0) } % 2 == 0
        var inMath = false
        for character in text {
            if pairedDollars, character == "$" {
                inMath.toggle()
                result.append(character)
                continue
            }
            if inMath {
                result.append(character)
                continue
            }
            switch character {
            case "\\": result += "\\textbackslash{}"
            case "{", "}", "&", "%", "$", "#", "_": result += "\\" + String(character)
            case "~": result += "\\textasciitilde{}"
            case "^": result += "\\textasciicircum{}"
            default: result.append(character)
            }
        }
        return result
    }

    private static let specialBytes = Set("\\{}&%$#_~^".utf8)

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
    /// resource's own entry beside its page; nothing when the site has no resources.
    static func catalogueFiles(_ pages: [Page]) -> [(String, String)] {
        let resources = pages.filter { $0.kind == .resource }.sorted { $0.id < $1.id }
        guard !resources.isEmpty else { return [] }
        let citations = resources.map(Citation.init)
        let entries = citations.map(\.bibTeX)
        let bib = entries.joined(separator: "\n")
        var csl = "[\n"
        for (index, citation) in citations.enumerated() {
            if index > 0 { csl += ",\n" }
            citation.csl.write(into: &csl)
        }
        return [(bibTeXPath, bib), (cslPath, csl + "\n]\n")] + zip(resources, entries).map { (entryPath(of: $0), $1) }
    }
}
