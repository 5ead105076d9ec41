import Foundation
import Yams

/// `citation:` in `site.yml`: how the portal itself is cited, in the Citation File Format's
/// field names. Every value is checked where it is written, because the build publishes them in
/// `CITATION.cff` and BibTeX, which other tools read without a person looking.
extension FrontMatterDecoder {
    private static let citationExample = "{authors: [{name: The Collaboration}], date-released: 2026-05-18}"

    func decodeCitation(_ node: Node, field: FieldSpec, at key: (line: Int, column: Int), diagnostics: inout [Diagnostic]) -> FieldValue? {
        guard case .mapping(let mapping) = node else {
            return badValue("'\(field.name)' must be \(field.type.phrase)", fix: "write it as '\(field.name): \(Self.citationExample)'", at: key, &diagnostics)
        }
        var citation = SiteCitation()
        var hasAuthors = false
        for (keyNode, valueNode) in mapping {
            let (keyLine, keyColumn) = position(of: keyNode)
            let name = scalarText(keyNode) ?? ""
            guard SiteCitation.fieldNames.contains(name) else {
                diagnostics.append(source.error("frontmatter.unknown-key", "unknown field '\(name)' in '\(field.name)'", line: keyLine, column: keyColumn,
                                                fix: Suggestion.didYouMean(name, in: SiteCitation.fieldNames) ?? "known fields: \(SiteCitation.fieldNames.joined(separator: ", "))"))
                continue
            }
            switch name {
            case "authors":
                hasAuthors = true
                citation.authors = citationAuthors(valueNode, context: field.name, at: (keyLine, keyColumn), diagnostics: &diagnostics)
            case "keywords":
                if case .list(let words) = decodeList(valueNode, field: FieldSpec(name: "keywords", type: .textList, required: false),
                                                      at: (keyLine, keyColumn), diagnostics: &diagnostics) { citation.keywords = words.map(\.value) }
            default:
                guard let value = citationText(name, of: field.name, valueNode, at: (keyLine, keyColumn), diagnostics: &diagnostics) else { continue }
                switch name {
                case "title": citation.title = value
                case "date-released": citation.dateReleased = value
                case "version": citation.version = value
                case "doi": citation.doi = value
                case "url": citation.url = value
                case "license": citation.license = value
                case "abstract": citation.abstract = value
                default: citation.message = value
                }
            }
        }
        if !hasAuthors {
            diagnostics.append(source.error("frontmatter.missing-field", "'\(field.name)' needs 'authors': a citation names who made the work",
                                            line: key.line, column: key.column,
                                            fix: "add 'authors:' with people ({given-names, family-names}) or the collaboration itself ({name: …})"))
        }
        return .citation(citation)
    }

    /// The text of one field of the block, checked for its kind; nil, with an error at the value, when it does not fit.
    private func citationText(_ name: String, of context: String, _ node: Node, at key: (line: Int, column: Int), diagnostics: inout [Diagnostic]) -> String? {
        guard let text = scalarText(node), !text.isEmpty else {
            diagnostics.append(source.error("frontmatter.bad-value", "'\(name)' in '\(context)' must be text", line: key.line, column: key.column))
            return nil
        }
        let (line, column) = position(of: node)
        func refuse(_ message: String, fix: String) -> String? {
            diagnostics.append(source.error("frontmatter.bad-value", message, line: line, column: column, fix: fix))
            return nil
        }
        switch name {
        case "date-released":
            guard CalendarDate(text) != nil else { return refuse("'\(text)' is not a valid date for '\(name)' in '\(context)'", fix: "write it as YYYY-MM-DD, e.g. 2026-05-18") }
        case "doi":
            guard IdentifierScheme.doi.isValid(text) else { return refuse("'\(name)' in '\(context)' must be \(IdentifierScheme.doi.phrase)", fix: IdentifierScheme.doi.fix) }
        case "url":
            guard WebAddress.isValid(text) else { return refuse("'\(text)' is not a valid address for '\(name)' in '\(context)'", fix: "use a full http:// or https:// address") }
        case "license":
            guard SiteCitation.isLicenseID(text) else {
                return refuse("'\(text)' is not an SPDX license id for '\(name)' in '\(context)'", fix: "write the license's SPDX id, such as CC-BY-4.0 or MIT")
            }
        default:
            break
        }
        return text
    }

    /// `authors:` of the block: each a person or an entity, with an error at each that is neither, or both.
    private func citationAuthors(_ node: Node, context: String, at key: (line: Int, column: Int), diagnostics: inout [Diagnostic]) -> [SiteCitation.Author] {
        guard let nodes = items(node), !nodes.isEmpty else {
            diagnostics.append(source.error("frontmatter.bad-value", "'authors' in '\(context)' must be a list of people and bodies",
                                            line: key.line, column: key.column,
                                            fix: "write each on its own line: '- {given-names: Ada, family-names: Lovelace}' or '- {name: The Collaboration}'"))
            return []
        }
        var authors: [SiteCitation.Author] = []
        for item in nodes {
            guard let fields = mappingFields(item, allowed: SiteCitation.authorFieldNames, context: "authors", diagnostics: &diagnostics) else { continue }
            let (line, column) = position(of: item)
            let person = fields["family-names"] != nil || fields["given-names"] != nil
            if person == (fields["name"] != nil) {
                let message = person ? "an author is a person (given-names, family-names) or a body (name), not both"
                    : "each author needs 'family-names' (a person) or 'name' (a body, such as the collaboration)"
                diagnostics.append(source.error(person ? "frontmatter.bad-value" : "frontmatter.missing-field", message, line: line, column: column,
                                                fix: "write '- {given-names: Ada, family-names: Lovelace}' or '- {name: The Collaboration}'"))
                continue
            }
            if person, fields["family-names"] == nil {
                diagnostics.append(source.error("frontmatter.missing-field", "the author '\(fields["given-names"]?.value ?? "")' needs 'family-names'", line: line, column: column,
                                                fix: "add 'family-names:', the name a citation lists them by"))
                continue
            }
            var author = SiteCitation.Author(givenNames: fields["given-names"]?.value, familyNames: fields["family-names"]?.value, name: fields["name"]?.value,
                                             affiliation: fields["affiliation"]?.value)
            if let orcid = fields["orcid"] {
                guard let address = SiteCitation.orcidAddress(orcid.value) else {
                    diagnostics.append(source.error("frontmatter.bad-value", "'\(orcid.value)' is not an ORCID iD", line: orcid.line, column: orcid.column,
                                                    fix: "copy it from the person's ORCID record: four groups of four digits (the last may be X), such as 0000-0002-1825-0097"))
                    continue
                }
                author.orcid = address
            }
            authors.append(author)
        }
        return authors
    }
}

extension FrontMatter {
    /// The `citation:` block of `site.yml`, if present and a mapping.
    func citation(_ name: String) -> SiteCitation? {
        if case .citation(let citation) = values[name]?.value { return citation }
        return nil
    }
}
