/// A notebook output made safe to place in a page, and what was left out of it.
///
/// The removals are kept so that the cell can say what the reader will not see: one warning per
/// kind ("2 `<script>` elements were left out"), not one per element, and none for comments and the
/// other markup that never showed.
struct SanitizedOutput: Sendable, Equatable {
    /// The markup: every element closed in order, nothing in it that runs script, loads a frame or
    /// styles the page around it.
    let html: String
    /// What was left out, one entry per kind, in the order each kind was first met.
    let removals: [OutputRemoval]
}

/// One kind of markup left out of a notebook output, and how many times it was.
struct OutputRemoval: Sendable, Equatable {
    /// What was left out, in words a warning can use as they are: `<script>`, `the attribute onclick`,
    /// `the attribute style`, `a javascript: address`.
    let what: String
    let count: Int
}

/// Counts removals by kind, in the order each kind was first met.
///
/// A hostile output can hold thousands of made-up element and attribute names; past `kindLimit`
/// kinds the rest are counted together, so a cell gets a handful of warnings and not a flood.
struct RemovalTally {
    static let kindLimit = 32
    /// The kind that stands for every kind past the limit.
    static let otherKinds = "other markup"

    private var order: [String] = []
    private var counts: [String: Int] = [:]

    mutating func record(_ what: String) {
        var kind = what
        if counts[kind] == nil, order.count >= Self.kindLimit {
            kind = Self.otherKinds
        }
        if let count = counts[kind] {
            counts[kind] = count + 1
        } else {
            counts[kind] = 1
            order.append(kind)
        }
    }

    var removals: [OutputRemoval] {
        order.map { OutputRemoval(what: $0, count: counts[$0] ?? 0) }
    }
}
