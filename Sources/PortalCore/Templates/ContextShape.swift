/// The shape of a value in a template context, for checking templates before any page is rendered.
indirect enum ContextShape: Sendable {
    /// Text or a number, escaped when written.
    case text
    /// Trusted HTML, written with `{{{triple}}}`.
    case html
    /// A true/false flag for sections.
    case flag
    /// A record with named members.
    case object([String: ContextShape])
    /// A list; sections over it see each item.
    case list(ContextShape)
    /// Anything: used after an error so one mistake is reported once.
    case any

    /// The member `name` of an object shape.
    func member(_ name: String) -> ContextShape? {
        switch self {
        case .object(let members): return members[name]
        case .any: return .any
        default: return nil
        }
    }

    /// The member names, for suggestions.
    var memberNames: [String] {
        if case .object(let members) = self { return members.keys.sorted() }
        return []
    }
}
