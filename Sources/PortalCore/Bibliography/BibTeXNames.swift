/// One person (or collaboration) of a name list, in BibTeX's four parts, TeX still in them.
struct BibTeXName: Sendable, Equatable {
    /// `Jean` of "Jean de La Fontaine".
    let first: String
    /// `de` of "Jean de La Fontaine": the words that start in lower case before the last name.
    let von: String
    /// `La Fontaine` of "Jean de La Fontaine"; `{ATLAS Collaboration}` of a collaboration, braces kept.
    let last: String
    /// `Jr` of "Doe, Jr, John".
    let jr: String

    /// The name as a page shows it, `First von Last, Jr`, with its TeX decoded (`BibTeXText`).
    func displayName() -> String {
        let name = [first, von, last].filter { !$0.isEmpty }.joined(separator: " ") + (jr.isEmpty ? "" : ", " + jr)
        return BibTeXText.decode(name).text
    }
}

/// An `author` or `editor` value split into names, as BibTeX splits it.
///
/// Names are separated by the word `and` (in any case) at brace level 0, so `{Barnes and Noble}` is
/// one name. Each name is read in one of BibTeX's three forms, `First von Last`, `von Last, First`
/// or `von Last, Jr, First`: the von part is the words that start with a lower-case letter (braces
/// hide a word's letters unless the group starts with a command, as `{\"u}ber` does; a letter
/// outside ASCII counts by its Unicode case, where BibTeX would pass over its bytes), and without a
/// comma the last name is at least the last word, with the words joined to it by hyphens. A final
/// `and others` is `hasOthers` ("et al."), not a name.
struct BibTeXNames: Sendable, Equatable {
    let names: [BibTeXName]
    /// Whether the list ends with `and others`.
    let hasOthers: Bool

    /// Splits `value` (a field value as `BibTeXReader` gives it) into names, in time linear in its length.
    static func parse(_ value: String) -> BibTeXNames {
        let bytes = Array(value.utf8)
        var names: [BibTeXName] = []
        var hasOthers = false
        let lists = nameWords(bytes)
        for (position, words) in lists.enumerated() {
            let parts = tokens(of: words, in: bytes)
            guard parts.contains(where: { !$0.isEmpty }) else { continue }
            if position == lists.count - 1, parts.count == 1, parts[0].count == 1,
               String(decoding: bytes[parts[0][0].range], as: UTF8.self).lowercased() == "others" {
                hasOthers = true
                continue
            }
            names.append(name(parts, in: bytes))
        }
        return BibTeXNames(names: names, hasOthers: hasOthers)
    }

    /// A word of a name, between separators: white space, `~` or `-` at brace level 0.
    struct Token {
        let range: Range<Int>
        /// The separator before the token: a space, `~` or `-`.
        let separator: UInt8
    }

    /// The words of each name: white-space-separated runs at brace level 0, split at the word `and`.
    private static func nameWords(_ bytes: [UInt8]) -> [[Range<Int>]] {
        var lists: [[Range<Int>]] = [[]]
        var depth = 0
        var wordStart: Int?
        for index in 0...bytes.count {
            let byte = index < bytes.count ? bytes[index] : 0x20
            if (depth == 0 || index == bytes.count) && BibTeXBytes.isWhitespace(byte) {
                guard let start = wordStart else { continue }
                wordStart = nil
                let word = start..<index
                if word.count == 3, String(decoding: bytes[word], as: UTF8.self).lowercased() == "and" {
                    lists.append([])
                } else {
                    lists[lists.count - 1].append(word)
                }
                continue
            }
            if wordStart == nil { wordStart = index }
            if byte == UInt8(ascii: "{") { depth += 1 } else if byte == UInt8(ascii: "}") { depth = max(0, depth - 1) }
        }
        return lists
    }

    /// The tokens of one name's words, in parts split at the commas at brace level 0.
    private static func tokens(of words: [Range<Int>], in bytes: [UInt8]) -> [[Token]] {
        var parts: [[Token]] = [[]]
        for word in words {
            var separator = UInt8(ascii: " ")
            var depth = 0
            var start = word.lowerBound
            for index in word.lowerBound...word.upperBound {
                let byte = index < word.upperBound ? bytes[index] : UInt8(ascii: " ")
                let ends = index == word.upperBound || (depth == 0 && [UInt8(ascii: ","), UInt8(ascii: "-"), UInt8(ascii: "~")].contains(byte))
                if ends {
                    if start < index {
                        parts[parts.count - 1].append(Token(range: start..<index, separator: separator))
                        separator = UInt8(ascii: " ")
                    }
                    if byte == UInt8(ascii: ",") {
                        parts.append([])
                    } else if index < word.upperBound {
                        separator = byte
                    }
                    start = index + 1
                    continue
                }
                if byte == UInt8(ascii: "{") { depth += 1 } else if byte == UInt8(ascii: "}") { depth = max(0, depth - 1) }
            }
        }
        return parts
    }

    /// The four parts of a name from its tokens, by BibTeX's rules for each form.
    private static func name(_ parts: [[Token]], in bytes: [UInt8]) -> BibTeXName {
        func text(_ tokens: ArraySlice<Token>) -> String {
            var result: [UInt8] = []
            for token in tokens {
                if !result.isEmpty { result.append(token.separator) }
                result += bytes[token.range]
            }
            return String(decoding: result, as: UTF8.self)
        }
        func isVon(_ token: Token) -> Bool { startsLowerCase(bytes[token.range]) }
        let main = parts[0]
        guard parts.count > 1 else {
            // First von Last: von runs from the first lower-case word to the last one before the final word.
            let count = main.count
            if let vonStart = main.dropLast().firstIndex(where: isVon) {
                var vonEnd = count - 1
                while vonEnd > vonStart, !isVon(main[vonEnd - 1]) { vonEnd -= 1 }
                return BibTeXName(first: text(main[..<vonStart]), von: text(main[vonStart..<vonEnd]), last: text(main[vonEnd...]), jr: "")
            }
            // No von: the last name takes the words hyphenated to the final one.
            var lastStart = max(0, count - 1)
            while lastStart > 0, main[lastStart].separator == UInt8(ascii: "-") { lastStart -= 1 }
            return BibTeXName(first: text(main[..<lastStart]), von: "", last: text(main[lastStart...]), jr: "")
        }
        // von Last, [Jr,] First: von is every word up to the last lower-case one before the final word.
        var vonEnd = max(0, main.count - 1)
        while vonEnd > 0, !isVon(main[vonEnd - 1]) { vonEnd -= 1 }
        let jr = parts.count > 2 ? text(parts[1][...]) : ""
        // Past the second comma BibTeX reads on as the first name, the further commas dropped.
        let first = parts.count > 2 ? text(parts[2...].flatMap { $0 }[...]) : text(parts[1][...])
        return BibTeXName(first: first, von: text(main[..<vonEnd]), last: text(main[vonEnd...]), jr: jr)
    }

    /// Whether a word counts as lower case for the von part: its first letter at brace level 0 decides;
    /// a group that starts with a command (`{\"u}`, `{\ae}`) stands for the letter it makes.
    static func startsLowerCase(_ word: ArraySlice<UInt8>) -> Bool {
        var index = word.startIndex
        while index < word.endIndex {
            let byte = word[index]
            if byte == UInt8(ascii: "{") {
                guard index + 1 < word.endIndex, word[index + 1] == UInt8(ascii: "\\") else {
                    index = groupEnd(word, from: index)
                    continue
                }
                var nameEnd = index + 2
                while nameEnd < word.endIndex, BibTeXBytes.isLetter(word[nameEnd]) { nameEnd += 1 }
                let command = String(decoding: word[(index + 2)..<nameEnd], as: UTF8.self)
                if ["OE", "AE", "AA", "O", "L"].contains(command) { return false }
                if ["i", "j", "oe", "ae", "aa", "o", "l", "ss"].contains(command) { return true }
                let end = groupEnd(word, from: index)
                return firstLetterCase(word[nameEnd..<end]) ?? false
            }
            let width = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1
            let end = min(index + width, word.endIndex)
            if let isLower = firstLetterCase(word[index..<end], stopAtNonLetter: true) { return isLower }
            index = end
        }
        return false
    }

    /// The case of the first letter in `bytes` (true for lower case), or nil if it has none; with
    /// `stopAtNonLetter`, only the first character is looked at.
    private static func firstLetterCase(_ bytes: ArraySlice<UInt8>, stopAtNonLetter: Bool = false) -> Bool? {
        for scalar in String(decoding: bytes, as: UTF8.self).unicodeScalars {
            if scalar.properties.isLowercase { return true }
            if scalar.properties.isUppercase { return false }
            if stopAtNonLetter { return nil }
        }
        return nil
    }

    /// The offset after the brace group opening at `start` (or the end of the word).
    private static func groupEnd(_ word: ArraySlice<UInt8>, from start: Int) -> Int {
        var depth = 0
        var index = start
        while index < word.endIndex {
            if word[index] == UInt8(ascii: "{") { depth += 1 }
            if word[index] == UInt8(ascii: "}") {
                depth -= 1
                if depth == 0 { return index + 1 }
            }
            index += 1
        }
        return index
    }
}
