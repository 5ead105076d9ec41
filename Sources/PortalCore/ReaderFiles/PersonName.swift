/// A person's name in the parts citation formats keep apart: given names, a particle that goes
/// with the family name (`van der`, `de`), the family name and a suffix (`Jr`). BibTeX and
/// CSL-JSON must split a name the same way, or a reference manager lists one author under two
/// names; both are written from these parts.
struct PersonName: Equatable {
    var given: String
    var particle: String?
    var family: String
    var suffix: String?

    /// Particles that belong to the family name (`van der Meer`, `de Oliveira`).
    static let particles: Set<String> = ["van", "von", "der", "den", "de", "del", "della", "di", "da", "dos", "du", "la", "le", "ter", "ten"]
    /// Words after a name that are no part of the family name.
    static let suffixes: Set<String> = ["Jr", "Jr.", "Sr", "Sr.", "II", "III", "IV"]

    /// The parts of `name`, or nil for a single word, or a name with more than two commas.
    /// `Family, Given` and `Family, Suffix, Given` are BibTeX's forms, which some editors write;
    /// otherwise the last word is the family name, after any lower-case particles, and a trailing
    /// `Jr`, `Sr`, `II`, `III` or `IV` (also after a comma, `John Smith, Jr`) is the suffix.
    init?(_ name: String) {
        // Most names are two words, `Given Family`: read in place, with no list of words made.
        if let (given, family) = Self.twoWords(name) {
            self.given = given
            self.family = family
            return
        }
        // Split at ASCII bytes rather than characters: every author of every entry passes here.
        var sections = name.utf8.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
            .map { $0.split(separator: UInt8(ascii: " ")).map { String(decoding: $0, as: UTF8.self) } }
        // `John Smith, Jr` (as names read from a .bib file are shown): the suffix after the name as written.
        if sections.count == 2, sections[1].count == 1, Self.suffixes.contains(sections[1][0]), sections[0].count > 1 {
            sections = [sections[0] + sections[1]]
        }
        switch sections.count {
        case 1:
            var words = sections[0]
            if words.count > 2, let last = words.last, Self.suffixes.contains(last) {
                suffix = last
                words.removeLast()
            }
            guard words.count > 1 else { return nil }
            var start = words.count - 1
            while start > 1, Self.particles.contains(words[start - 1]) { start -= 1 }
            given = words[..<start].joined(separator: " ")
            particle = start < words.count - 1 ? words[start..<(words.count - 1)].joined(separator: " ") : nil
            family = words[words.count - 1]
        case 2, 3:
            guard !sections.contains(where: \.isEmpty) else { return nil }
            var familyWords = sections[0]
            var particleWords: [String] = []
            while familyWords.count > 1, let first = familyWords.first, Self.particles.contains(first) { particleWords.append(familyWords.removeFirst()) }
            family = familyWords.joined(separator: " ")
            particle = particleWords.isEmpty ? nil : particleWords.joined(separator: " ")
            given = sections[sections.count - 1].joined(separator: " ")
            suffix = sections.count == 3 ? sections[1].joined(separator: " ") : nil
        default:
            return nil
        }
    }

    /// The two words of a name that is two words separated by one space, with no comma: what the
    /// general reading gives it (the given name, then the family name; a particle or a suffix needs three words).
    private static func twoWords(_ name: String) -> (String, String)? {
        var name = name
        return name.withUTF8 { bytes in
            // One pass over the bytes: the first space, and whether another space or a comma follows.
            var space = -1
            for (offset, byte) in bytes.enumerated() {
                if byte == UInt8(ascii: ",") { return nil }
                if byte == UInt8(ascii: " ") {
                    guard space < 0 else { return nil }
                    space = offset
                }
            }
            guard space > 0, space + 1 < bytes.count else { return nil }
            // From the bytes, as the general reading makes its words: a slice of the string itself
            // would round a split inside a character (a space before a combining mark) down.
            return (String(decoding: UnsafeBufferPointer(rebasing: bytes[..<space]), as: UTF8.self),
                    String(decoding: UnsafeBufferPointer(rebasing: bytes[(space + 1)...]), as: UTF8.self))
        }
    }

    /// Whether BibTeX would split the name as written (`First von Last`) into these same parts:
    /// only when there is no suffix and the family name is one word.
    var readsAsWritten: Bool { suffix == nil && !family.utf8.contains(UInt8(ascii: " ")) }
}
