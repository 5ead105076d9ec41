/// Makes GitHub-style heading anchors: lower-case, punctuation dropped, spaces to hyphens, unique.
public struct HeadingSlugger: Sendable {
    private var used: [String: Int]

    /// Creates a slugger that treats `reserved` as already taken.
    public init(reserved: Set<String> = []) {
        used = Dictionary(uniqueKeysWithValues: reserved.map { ($0, 0) })
    }

    /// The GitHub-style slug of `text`, without de-duplication.
    public static func slug(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.lowercased().unicodeScalars {
            let properties = scalar.properties
            if scalar == " " {
                result.append("-")
            } else if scalar == "-" || scalar == "_" || properties.isAlphabetic
                || properties.generalCategory == .decimalNumber
                || properties.generalCategory == .nonspacingMark
                || properties.generalCategory == .spacingMark
                || properties.generalCategory == .letterNumber
                || properties.generalCategory == .otherNumber
            {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// Returns a slug for `text` that this slugger has not returned before (`setup`, `setup-1`, ...).
    public mutating func uniqueSlug(_ text: String) -> String {
        let base = Self.slug(text)
        var candidate = base.isEmpty ? "section" : base
        if let count = used[candidate] {
            var next = count + 1
            while used["\(candidate)-\(next)"] != nil { next += 1 }
            used[candidate] = next
            candidate = "\(candidate)-\(next)"
        }
        used[candidate] = 0
        return candidate
    }

    /// Takes `id` as it is written (an id its author chose); false when a slug so far is the same.
    public mutating func claim(_ id: String) -> Bool {
        guard used[id] == nil else { return false }
        used[id] = 0
        return true
    }
}
