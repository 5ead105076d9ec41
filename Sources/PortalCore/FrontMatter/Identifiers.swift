/// Checks for the identifier formats front-matter accepts.
enum Identifiers {
    /// A new-style arXiv id (`2602.17582`, optionally `v2`) or an old-style one (`hep-ex/0101001`).
    static func isArxiv(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        if parts.count == 2, parts[0].count == 4, parts[0].allSatisfy(\.isASCIIDigit) {
            let number = parts[1].split(separator: "v", maxSplits: 1, omittingEmptySubsequences: false)
            guard (4...5).contains(number[0].count), number[0].allSatisfy(\.isASCIIDigit) else { return false }
            return number.count == 1 || (!number[1].isEmpty && number[1].allSatisfy(\.isASCIIDigit))
        }
        let old = text.split(separator: "/", omittingEmptySubsequences: false)
        return old.count == 2 && old[1].count == 7 && old[1].allSatisfy(\.isASCIIDigit)
            && !old[0].isEmpty && old[0].allSatisfy { $0.isASCII && ($0.isLetter || $0 == "-" || $0 == ".") }
    }

    /// A DOI: `10.` then a registrant code of digits, a slash and a suffix without spaces.
    static func isDOI(_ text: String) -> Bool {
        guard text.hasPrefix("10."), let slash = text.firstIndex(of: "/") else { return false }
        let registrant = text[text.index(text.startIndex, offsetBy: 3)..<slash]
        let suffix = text[text.index(after: slash)...]
        return registrant.count >= 4 && registrant.allSatisfy { $0.isASCIIDigit || $0 == "." }
            && !suffix.isEmpty && !suffix.contains(where: \.isWhitespace)
    }

    /// A simple BCP 47 tag: `en`, `en-US`, `fr-CA`.
    static func isLanguageTag(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, (2...3).contains(first.count), first.allSatisfy({ $0.isASCII && $0.isLetter }) else { return false }
        return parts.dropFirst().allSatisfy { (1...8).contains($0.count) && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } }
    }
}

extension Character {
    /// Whether this is one of the ASCII digits 0-9.
    var isASCIIDigit: Bool { isASCII && isNumber }
}
