/// Checks for the identifier formats front-matter accepts.
enum Identifiers {
    /// A new-style arXiv id (`2602.17582`: year and month, then a number of 4 digits until 2014 and 5
    /// since) or an old-style one (`hep-ph/0603175`, `math.GT/0309136`), either with a version (`v2`).
    static func isArxiv(_ text: String) -> Bool {
        let id = arxivWithoutVersion(text)
        let parts = id.split(separator: ".", omittingEmptySubsequences: false)
        if parts.count == 2, parts[0].count == 4, parts[0].allSatisfy(\.isASCIIDigit) {
            guard let month = Int(parts[0].suffix(2)), (1...12).contains(month) else { return false }
            return (4...5).contains(parts[1].count) && parts[1].allSatisfy(\.isASCIIDigit)
        }
        let old = id.split(separator: "/", omittingEmptySubsequences: false)
        guard old.count == 2, old[1].count == 7, old[1].allSatisfy(\.isASCIIDigit), let month = Int(old[1].dropFirst(2).prefix(2)), (1...12).contains(month) else { return false }
        // The archive, with a subject class after a dot in the old math and cs archives.
        let archive = old[0].split(separator: ".", omittingEmptySubsequences: false)
        return (1...2).contains(archive.count) && archive.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0 == "-") } }
    }

    /// An arXiv id without its version (`2602.17582v2` is `2602.17582`); anything else as it is.
    static func arxivWithoutVersion(_ text: String) -> Substring {
        guard let v = text.lastIndex(of: "v") else { return Substring(text) }
        let digits = text[text.index(after: v)...]
        return !digits.isEmpty && digits.allSatisfy(\.isASCIIDigit) ? text[..<v] : Substring(text)
    }

    /// A record number: digits, not starting with 0 (INSPIRE's and Zenodo's records).
    static func isRecordNumber(_ text: String) -> Bool {
        (1...12).contains(text.count) && text.allSatisfy(\.isASCIIDigit) && !text.hasPrefix("0")
    }

    /// An INSPIRE record number, or an INSPIRE texkey: a name, a colon, a year and two or three
    /// lower-case letters (`Qu:2019gqs`, `ATLAS:2012yve`).
    static func isInspire(_ text: String) -> Bool {
        if isRecordNumber(text) { return true }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let first = parts[0].first, first.isASCII, first.isLetter,
              parts[0].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "." || $0 == "'" || $0 == "_") }) else { return false }
        let year = parts[1].prefix(4)
        let letters = parts[1].dropFirst(4)
        return year.count == 4 && year.allSatisfy(\.isASCIIDigit) && (2...3).contains(letters.count) && letters.allSatisfy { $0.isASCII && $0.isLowercase }
    }

    /// The ISBN-13 digits of an ISBN-10 or ISBN-13 (hyphens and spaces allowed) whose check digit is
    /// right; nil for anything else.
    static func isbn13(_ text: String) -> String? {
        let characters = text.filter { $0 != "-" && $0 != " " }
        guard characters.count == 10 || characters.count == 13 else { return nil }
        if characters.count == 13 {
            guard characters.allSatisfy(\.isASCIIDigit), characters.hasPrefix("978") || characters.hasPrefix("979") else { return nil }
            let digits = characters.compactMap(\.wholeNumberValue)
            let sum = digits.enumerated().reduce(0) { $0 + $1.element * ($1.offset % 2 == 0 ? 1 : 3) }
            return sum % 10 == 0 ? characters : nil
        }
        guard characters.prefix(9).allSatisfy(\.isASCIIDigit), let last = characters.last, last.isASCIIDigit || last == "X" || last == "x" else { return nil }
        let digits = characters.prefix(9).compactMap(\.wholeNumberValue) + [last.wholeNumberValue ?? 10]
        let sum = digits.enumerated().reduce(0) { $0 + $1.element * (10 - $1.offset) }
        guard sum % 11 == 0 else { return nil }
        let body = "978" + characters.prefix(9)
        let weighted = body.compactMap(\.wholeNumberValue).enumerated().reduce(0) { $0 + $1.element * ($1.offset % 2 == 0 ? 1 : 3) }
        return body + String((10 - weighted % 10) % 10)
    }

    /// A Software Heritage id: `swh:1:`, an object type, a colon and 40 lower-case hex digits, then any
    /// `;qualifier=value` (origin, visit, anchor, path, lines).
    static func isSWHID(_ text: String) -> Bool {
        let parts = text.split(separator: ";", omittingEmptySubsequences: false)
        let core = parts[0].split(separator: ":", omittingEmptySubsequences: false)
        guard core.count == 4, core[0] == "swh", core[1] == "1", ["cnt", "dir", "rev", "rel", "snp"].contains(core[2]),
              core[3].count == 40, core[3].allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else { return false }
        return parts.dropFirst().allSatisfy { qualifier in
            let pair = qualifier.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return pair.count == 2 && ["origin", "visit", "anchor", "path", "lines"].contains(pair[0])
                && !pair[1].isEmpty && !pair[1].contains(where: \.isWhitespace)
        }
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
