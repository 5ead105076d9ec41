/// A value in a template context: what the compiled renderer reads, with no dynamic casts.
enum TemplateValue: Sendable, Hashable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral {
    /// Text (escaped by `{{x}}`, written as is by `{{{x}}}`).
    case text(String)
    /// A whole number.
    case number(Int)
    /// A flag for sections.
    case flag(Bool)
    /// A list; a section over it renders once per item.
    case list([TemplateValue])
    /// A record with named members.
    case record([String: TemplateValue])

    /// The member of a listing item that names it for the renderer's fragment cache
    /// (`fragmentMark(page:depth:)`). No template can write this name, and an item changed after it
    /// was made must drop it.
    static let fragmentKey = "\u{0}fragment"

    /// The value of a listing item's `fragmentKey`: the listed page's identity and the folder depth
    /// the item's URLs are written for, as a list of two numbers, which the renderer reads for
    /// every card without a lookup by name.
    static func fragmentMark(page: Int, depth: Int) -> TemplateValue {
        .list([.number(page), .number(depth)])
    }

    /// What the `fragmentKey` member of a record names, when it is a listing item's mark.
    var fragmentMark: (page: Int, depth: Int)? {
        guard case .record(let members) = self, case .list(let mark)? = members[Self.fragmentKey], mark.count == 2,
              case .number(let page) = mark[0], case .number(let depth) = mark[1] else { return nil }
        return (page, depth)
    }

    init(stringLiteral value: String) { self = .text(value) }
    init(integerLiteral value: Int) { self = .number(value) }
    init(booleanLiteral value: Bool) { self = .flag(value) }

    /// The member `name` of a record.
    subscript(member name: String) -> TemplateValue? {
        if case .record(let members) = self { return members[name] }
        return nil
    }

    /// The value as swift-mustache sees it (`String`, `Int`, `Bool`, `[Any]`, `[String: Any]`), for tests comparing the two renderers.
    var foundationValue: Any {
        switch self {
        case .text(let text): return text
        case .number(let number): return number
        case .flag(let flag): return flag
        case .list(let items): return items.map(\.foundationValue)
        case .record(let members): return members.filter { $0.key != Self.fragmentKey }.mapValues(\.foundationValue)
        }
    }
}

/// A record being built for a template context.
typealias TemplateRecord = [String: TemplateValue]

extension Dictionary where Key == String, Value == TemplateValue {
    /// Sets `key` to the text, or leaves it out when there is none.
    mutating func set(_ key: String, _ text: String?) {
        if let text { self[key] = .text(text) }
    }

    /// Sets `key` to the number, or leaves it out when there is none.
    mutating func set(_ key: String, _ number: Int?) {
        if let number { self[key] = .number(number) }
    }
}
