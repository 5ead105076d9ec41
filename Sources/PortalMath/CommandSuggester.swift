/// Finds the known name closest to a mistyped one (`\alpah` → `\alpha`; also block names, `chalenge` → `challenge`).
public enum CommandSuggester {
    /// The candidate at the smallest edit distance (a swap of two neighbours counts as one edit), if it is
    /// close enough to be a typo: one edit for names of up to four letters, two beyond.
    public static func closest(to name: String, among candidates: [String]) -> String? {
        let target = Array(name.utf8)
        guard !target.isEmpty else { return nil }
        let limit = target.count <= 4 ? 1 : 2
        var best: (name: String, distance: Int)?
        for candidate in candidates where candidate != name {
            let bytes = Array(candidate.utf8)
            guard abs(bytes.count - target.count) <= limit else { continue }
            let distance = editDistance(target, bytes, limit: limit)
            guard distance <= limit else { continue }
            if let current = best, distance >= current.distance { continue }
            best = (candidate, distance)
        }
        return best?.name
    }

    /// Optimal string alignment distance, stopping early once every path exceeds `limit`.
    static func editDistance(_ a: [UInt8], _ b: [UInt8], limit: Int) -> Int {
        var previousPrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            var rowMinimum = i
            for j in 1...max(1, b.count) where j <= b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = min(value, previousPrevious[j - 2] + 1)
                }
                current[j] = value
                rowMinimum = min(rowMinimum, value)
            }
            if rowMinimum > limit { return limit + 1 }
            (previousPrevious, previous, current) = (previous, current, previousPrevious)
        }
        return previous[b.count]
    }
}
