/// The portal's own citation, from `citation:` in `site.yml`: `CITATION.cff` at the site's root
/// (the Citation File Format 1.2.0, which GitHub, Zenodo and reference managers read) and the
/// same work as a BibTeX `@misc` in `CITATION.bib`, both linked from every page's footer.
struct SiteCitationFiles: Sendable {
    let citation: SiteCitation
    /// The site's title, the citation's title unless it names one.
    let siteTitle: String
    /// The site's base URL, the citation's address unless it names one.
    let baseURL: String?

    static let cffPath = "CITATION.cff"
    static let bibTeXPath = "CITATION.bib"

    /// The paths written for a site whose settings have `citation:`.
    static func paths(_ settings: SiteSettings) -> [String] {
        settings.citation == nil ? [] : [cffPath, bibTeXPath]
    }

    /// The two files, or none when the site has no `citation:`.
    static func files(_ settings: SiteSettings, address: SiteAddress) -> [(String, String)] {
        guard let citation = settings.citation else { return [] }
        let files = SiteCitationFiles(citation: citation, siteTitle: settings.title, baseURL: address.base)
        return [(cffPath, files.cff), (bibTeXPath, files.bibTeX)]
    }

    var title: String { citation.title ?? siteTitle }
    var url: String? { citation.url ?? baseURL }

    // MARK: CITATION.cff

    /// The CFF file. Every text is double-quoted, so that no value (a title with `: `, a version
    /// such as `1.10`, a date) is read back as anything but the text it is.
    var cff: String {
        var lines = ["# How to cite this portal: the Citation File Format, https://citation-file-format.github.io/", "cff-version: 1.2.0"]
        lines.append("message: " + Self.quoted(citation.message ?? SiteCitation.defaultMessage))
        // CFF 1.2.0 knows two types, software (its default) and dataset: a portal's pages are content, not code.
        lines.append("type: dataset")
        lines.append("title: " + Self.quoted(title))
        lines.append("authors:")
        for author in citation.authors {
            var fields: [(String, String)] = []
            if let name = author.name { fields.append(("name", name)) }
            if let family = author.familyNames { fields.append(("family-names", family)) }
            if let given = author.givenNames { fields.append(("given-names", given)) }
            if let affiliation = author.affiliation { fields.append(("affiliation", affiliation)) }
            if let orcid = author.orcid { fields.append(("orcid", orcid)) }
            for (index, field) in fields.enumerated() {
                lines.append((index == 0 ? "  - " : "    ") + field.0 + ": " + Self.quoted(field.1))
            }
        }
        for (name, value) in [("date-released", citation.dateReleased), ("version", citation.version), ("doi", citation.doi), ("url", url),
                              ("license", citation.license), ("abstract", citation.abstract)] {
            if let value { lines.append(name + ": " + Self.quoted(value)) }
        }
        if !citation.keywords.isEmpty {
            lines.append("keywords:")
            lines += citation.keywords.map { "  - " + Self.quoted($0) }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `text` as a YAML double-quoted scalar: backslashes, quotes and control characters escaped,
    /// and line breaks as `\n`, so each value stays on its line.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "\"": result += "\\\""
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            default:
                // C0, DEL, C1 and the line and paragraph separators YAML would break a line at.
                if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029 || scalar.value == 0xFEFF {
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    result += "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }

    // MARK: CITATION.bib

    /// The citation key: the title made an id (`ai-for-experimental-particle-physics`).
    var bibTeXKey: String {
        let key = PageID.suggest(from: title)
        return key.isEmpty ? "portal" : key
    }

    /// A person as `Family, Given` (BibTeX's unambiguous form, whatever the family name holds); a
    /// body in braces, so that BibTeX keeps it whole.
    static func bibTeXName(_ author: SiteCitation.Author) -> String {
        if let name = author.name { return "{" + Citation.bibTeXEscaped(name) + "}" }
        let family = "{" + Citation.bibTeXEscaped(author.familyNames ?? "") + "}"
        guard let given = author.givenNames else { return family }
        return family + ", " + Citation.bibTeXEscaped(given)
    }

    /// The `@misc` entry, fields aligned as the resources' entries are.
    var bibTeX: String {
        var fields: [(name: String, value: String)] = []
        if !citation.authors.isEmpty { fields.append(("author", citation.authors.map(Self.bibTeXName).joined(separator: " and "))) }
        fields.append(("title", "{" + Citation.bibTeXEscaped(title) + "}"))
        if let date = citation.dateReleased {
            fields.append(("year", String(date.prefix(4))))
            fields.append(("date", date))
        }
        if let version = citation.version { fields.append(("version", Citation.bibTeXEscaped(version))) }
        if let doi = citation.doi { fields.append(("doi", Citation.verbatim(doi))) }
        if let url { fields.append(("url", Citation.verbatim(url))) }
        if let abstract = citation.abstract { fields.append(("abstract", Citation.bibTeXEscaped(abstract))) }
        if !citation.keywords.isEmpty { fields.append(("keywords", Citation.bibTeXEscaped(citation.keywords.joined(separator: ", ")))) }
        if let license = citation.license { fields.append(("note", "License: " + Citation.bibTeXEscaped(license))) }
        let width = fields.reduce(0) { max($0, $1.name.count) }
        var text = "@misc{" + bibTeXKey + ",\n"
        for field in fields {
            text += "  " + field.name + String(repeating: " ", count: width - field.name.count) + " = {" + field.value + "},\n"
        }
        return text + "}\n"
    }
}
