/// A persistent identifier a resource may carry: how each scheme is written, checked, compared and
/// linked. One list, so the front-matter, the page, its JSON-LD, its twin and the duplicate check
/// never disagree on which identifiers exist.
enum IdentifierScheme: String, CaseIterable, Sendable {
    case arxiv
    case doi
    case inspire
    case zenodo
    case isbn
    case softwareHeritage = "software_heritage"

    /// The front-matter field that holds it.
    var field: String { rawValue }

    /// How readers know it, as the page labels it and JSON-LD names it (`propertyID`).
    var label: String {
        switch self {
        case .doi: return "DOI"
        case .arxiv: return "arXiv"
        case .inspire: return "INSPIRE"
        case .zenodo: return "Zenodo"
        case .isbn: return "ISBN"
        case .softwareHeritage: return "SWHID"
        }
    }

    /// What the field must hold, for messages ("a DOI such as 10.1000/xyz123").
    var phrase: String {
        switch self {
        case .doi: return "a DOI such as 10.1000/xyz123"
        case .arxiv: return "an arXiv id such as 2602.17582"
        case .inspire: return "an INSPIRE record number such as 1718473, or a texkey such as Qu:2019gqs"
        case .zenodo: return "a Zenodo record number such as 6619768"
        case .isbn: return "an ISBN-10 or ISBN-13 with a correct check digit, such as 978-0-306-40615-7"
        case .softwareHeritage: return "a Software Heritage id such as swh:1:dir:followed by 40 hex digits"
        }
    }

    /// What to write instead, for the message of a value that is not the identifier.
    var fix: String {
        switch self {
        case .doi: return "write only the DOI, without 'https://doi.org/'"
        case .arxiv: return "write only the id, without 'arXiv:' or a URL"
        case .inspire: return "write the number at the end of the record's address (inspirehep.net/literature/NUMBER), or its texkey"
        case .zenodo: return "write the number at the end of the record's address (zenodo.org/records/NUMBER); a Zenodo DOI goes in 'doi'"
        case .isbn: return "copy the ISBN again from the book; hyphens and spaces may stay"
        case .softwareHeritage: return "copy the SWHID from the archive's permalink panel (swh:1:cnt|dir|rev|rel|snp:HASH, with ';qualifiers' if any)"
        }
    }

    /// Whether `text` is an identifier of this scheme.
    func isValid(_ text: String) -> Bool {
        switch self {
        case .doi: return Identifiers.isDOI(text)
        case .arxiv: return Identifiers.isArxiv(text)
        case .inspire: return Identifiers.isInspire(text)
        case .zenodo: return Identifiers.isRecordNumber(text)
        case .isbn: return Identifiers.isbn13(text) != nil
        case .softwareHeritage: return Identifiers.isSWHID(text)
        }
    }

    /// The form in which two written values are the same identifier: DOIs ignore case, an arXiv id its
    /// version, an ISBN its hyphens and its 10- or 13-digit form.
    func key(_ text: String) -> String {
        switch self {
        case .doi: return text.lowercased()
        case .arxiv: return Identifiers.arxivWithoutVersion(text).lowercased()
        case .inspire, .zenodo, .softwareHeritage: return text
        case .isbn: return Identifiers.isbn13(text) ?? text
        }
    }

    /// How the page shows it.
    func display(_ text: String) -> String {
        self == .arxiv ? "arXiv:\(text)" : text
    }

    /// Where it resolves. Every scheme has a resolver that is not a publisher's: doi.org, arxiv.org,
    /// inspirehep.net, zenodo.org, Open Library for books and the Software Heritage archive.
    func url(_ text: String) -> String {
        let value = Self.percentEncoded(text)
        switch self {
        case .doi: return "https://doi.org/\(value)"
        case .arxiv: return "https://arxiv.org/abs/\(value)"
        case .inspire:
            if Identifiers.isRecordNumber(text) { return "https://inspirehep.net/literature/\(text)" }
            return "https://inspirehep.net/literature?q=texkey%20\(Self.percentEncoded(text, keeping: []))"
        case .zenodo: return "https://zenodo.org/records/\(text)"
        case .isbn: return "https://openlibrary.org/isbn/\(Identifiers.isbn13(text) ?? value)"
        case .softwareHeritage: return "https://archive.softwareheritage.org/\(value)"
        }
    }

    /// `text` with what may not stand in a URL's path percent-encoded (a DOI may hold `#`, `?`, `<` or
    /// spaces' neighbours; the characters of `keeping` stay as written).
    static func percentEncoded(_ text: String, keeping: Set<UInt8> = pathCharacters) -> String {
        // Every identifier's address passes here: written as bytes, made a string once.
        var result: [UInt8] = []
        result.reserveCapacity(text.utf8.count + 8)
        for byte in text.utf8 {
            let isUnreserved = (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "~")
            if isUnreserved || keeping.contains(byte) {
                result.append(byte)
            } else {
                result.append(UInt8(ascii: "%"))
                result.append(hexDigits[Int(byte >> 4)])
                result.append(hexDigits[Int(byte & 0x0F)])
            }
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// The reserved characters an identifier's path keeps as they are.
    static let pathCharacters = Set(":/;=()[]@!$&'*+,".utf8)
    private static let hexDigits = Array("0123456789ABCDEF".utf8)
}

/// One identifier a resource carries, as written in its front-matter.
struct ResourceIdentifier: Sendable, Equatable {
    let scheme: IdentifierScheme
    let value: String

    var url: String { scheme.url(value) }

    /// The resource's identifiers, in the schemes' order.
    static func all(of matter: FrontMatter) -> [ResourceIdentifier] {
        IdentifierScheme.allCases.compactMap { scheme in matter.text(scheme.field).map { ResourceIdentifier(scheme: scheme, value: $0) } }
    }
}
