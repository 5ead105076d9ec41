/// How the portal itself is cited (`citation:` in `site.yml`): the fields of a Citation File
/// Format 1.2.0 file, from which the build writes `CITATION.cff` and a BibTeX `@misc`
/// (`SiteCitationFiles`). Each value has been checked where it is written (`decodeCitation`).
struct SiteCitation: Sendable, Equatable {
    /// One author: a person (`given-names`, `family-names`) or a body (`name`), as CFF tells them apart.
    struct Author: Sendable, Equatable {
        var givenNames: String?
        var familyNames: String?
        /// An entity's name; nil for a person.
        var name: String?
        /// The ORCID as CFF writes it, `https://orcid.org/0000-0002-1825-0097`.
        var orcid: String?
        var affiliation: String?
    }

    /// The title; the site's title when nil.
    var title: String?
    var authors: [Author] = []
    /// `YYYY-MM-DD`.
    var dateReleased: String?
    var version: String?
    var doi: String?
    /// The address; the site's base URL when nil.
    var url: String?
    /// An SPDX license id.
    var license: String?
    var abstract: String?
    var keywords: [String] = []
    /// What a reader is asked (CFF requires one); a plain request when nil.
    var message: String?

    /// The field names the block accepts, as CFF spells them.
    static let fieldNames = ["title", "authors", "date-released", "version", "doi", "url", "license", "abstract", "keywords", "message"]
    /// The field names an author accepts.
    static let authorFieldNames = ["given-names", "family-names", "name", "orcid", "affiliation"]
    /// What CFF needs said when `message` is not.
    static let defaultMessage = "If you use this portal, please cite it as below."

    /// Whether `text` has the form of an SPDX license id (`CC-BY-4.0`, `MIT`, `GPL-3.0-or-later`).
    /// The list of ids grows, so the form is checked here, the id against the list by the export check.
    static func isLicenseID(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { byte in
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
                || byte == UInt8(ascii: "+")
        }
    }

    /// `text` as an ORCID address when it is an ORCID iD (bare or as its address) whose check
    /// character is right; nil otherwise.
    static func orcidAddress(_ text: String) -> String? {
        var id = Substring(text)
        for prefix in ["https://orcid.org/", "http://orcid.org/"] where id.hasPrefix(prefix) { id = id.dropFirst(prefix.count) }
        let groups = id.split(separator: "-", omittingEmptySubsequences: false)
        guard groups.count == 4, groups.allSatisfy({ $0.utf8.count == 4 }) else { return nil }
        let characters = Array(groups.joined().utf8)
        guard characters.dropLast().allSatisfy({ (0x30...0x39).contains($0) }), let last = characters.last else { return nil }
        // ISO 7064 MOD 11-2, as ORCID computes its last character.
        var total = 0
        for digit in characters.dropLast() { total = (total + Int(digit - 0x30)) * 2 }
        let check = (12 - total % 11) % 11
        let expected = check == 10 ? UInt8(ascii: "X") : UInt8(0x30 + check)
        return last == expected ? "https://orcid.org/" + id : nil
    }
}
