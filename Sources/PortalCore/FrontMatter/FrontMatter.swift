/// A value together with the line and column it was written at.
struct Located<Value: Sendable>: Sendable {
    let value: Value
    let line: Int
    let column: Int
}

extension Located: Equatable where Value: Equatable {}

/// A person named in front-matter.
struct Person: Sendable, Hashable {
    let name: String
    let affiliation: String?
}

/// A break in a series' schedule, after part `after`; `line` and `column` are where the entry is written.
struct ScheduleBreakEntry: Sendable, Hashable {
    let after: Int
    let minutes: Int
    let title: String
    let line: Int
    let column: Int
}

/// One tool an agent, skill or MCP server offers (`tools:` of an agent resource); `line` and
/// `column` are where its entry is written.
struct AgentTool: Sendable, Hashable {
    let name: String
    let description: String
    let line: Int
    let column: Int
}

/// One entry of the site menu, as written in `site.yml`.
struct NavigationEntry: Sendable, Equatable {
    let title: String
    let link: Located<String>
}

/// A decoded front-matter value.
enum FieldValue: Sendable, Equatable {
    case text(String)
    case integer(Int)
    case boolean(Bool)
    case date(String)
    case duration(minutes: Int)
    case list([Located<String>])
    case people([Person])
    case navigation([NavigationEntry])
    /// Math macros by name, each with where its TeX is written.
    case macros([String: Located<String>])
    /// Groups of synonyms (`search: synonyms:` in `site.yml`): each group where it is written, with its forms.
    case synonyms([Located<[Located<String>]>])
    /// A mapping accepted for other tools and not read (`jupytext`).
    case kept
    /// A mapping of texts and lists of texts, each with where it is written (`repository:` in `site.yml`).
    case fields([String: Located<String>], lists: [String: [Located<String>]])
    /// A series' schedule breaks, in the order written.
    case breaks([ScheduleBreakEntry])
    /// How the site itself is cited (`citation:` in `site.yml`).
    case citation(SiteCitation)
    /// The tools of an agent resource, in the order written.
    case tools([AgentTool])
}

/// Decoded front-matter: each field's value and where its key was written.
struct FrontMatter: Sendable {
    var values: [String: Located<FieldValue>] = [:]

    /// The fields that only a page's card and its own files show: no relation between pages is
    /// made from them, so the preview re-renders only what shows the card when just these change.
    static let cardFields = ["title", "summary"]

    /// Whether `other` holds the same fields, with the same values written at the same places,
    /// but for the card fields.
    func differsOnlyInCard(from other: FrontMatter) -> Bool {
        for (name, value) in values where !Self.cardFields.contains(name) {
            guard other.values[name] == value else { return false }
        }
        return other.values.keys.allSatisfy { values[$0] != nil || Self.cardFields.contains($0) }
    }

    /// The text of field `name`, if present (also for dates, choices, URLs and ids).
    func text(_ name: String) -> String? {
        switch values[name]?.value {
        case .text(let value), .date(let value): return value
        default: return nil
        }
    }

    /// The whole number in field `name`.
    func integer(_ name: String) -> Int? {
        if case .integer(let value) = values[name]?.value { return value }
        return nil
    }

    /// The boolean in field `name`.
    func boolean(_ name: String) -> Bool? {
        if case .boolean(let value) = values[name]?.value { return value }
        return nil
    }

    /// The minutes of a duration field.
    func minutes(_ name: String) -> Int? {
        if case .duration(let minutes) = values[name]?.value { return minutes }
        return nil
    }

    /// How long a tutorial takes: its `duration`, or else the sum of its `teaching` and `exercises` times.
    var tutorialMinutes: Int? {
        if let duration = minutes("duration") { return duration }
        let teaching = minutes("teaching")
        let exercises = minutes("exercises")
        guard teaching != nil || exercises != nil else { return nil }
        let total = (teaching ?? 0) + (exercises ?? 0)
        return total > 0 ? total : nil
    }

    /// The items of a list field, with positions; empty when absent.
    func list(_ name: String) -> [Located<String>] {
        if case .list(let items) = values[name]?.value { return items }
        return []
    }

    /// The schedule breaks in field `name`; empty when absent.
    func breaks(_ name: String) -> [ScheduleBreakEntry] {
        if case .breaks(let entries) = values[name]?.value { return entries }
        return []
    }

    /// The people in field `name`; empty when absent.
    func people(_ name: String) -> [Person] {
        if case .people(let people) = values[name]?.value { return people }
        return []
    }

    /// The tools in field `name` (an agent resource's `tools`); empty when absent.
    func tools(_ name: String) -> [AgentTool] {
        if case .tools(let tools) = values[name]?.value { return tools }
        return []
    }

    /// The menu entries in field `name`; empty when absent.
    func navigation(_ name: String) -> [NavigationEntry] {
        if case .navigation(let entries) = values[name]?.value { return entries }
        return []
    }
    /// The math macros of field `name` (`site.yml`'s `math`), if present.
    /// Where the key of field `name` is written, if the field is present.
    func keyPosition(_ name: String) -> (line: Int, column: Int)? {
        values[name].map { ($0.line, $0.column) }
    }

    func fields(_ name: String) -> (texts: [String: Located<String>], lists: [String: [Located<String>]]) {
        if case .fields(let texts, let lists) = values[name]?.value { return (texts, lists) }
        return ([:], [:])
    }

    /// The synonym groups of field `name` (`site.yml`'s `search`); empty when absent.
    func synonyms(_ name: String) -> [Located<[Located<String>]>] {
        if case .synonyms(let groups) = values[name]?.value { return groups }
        return []
    }

    func macros(_ name: String) -> [String: Located<String>] {
        if case .macros(let macros) = values[name]?.value { return macros }
        return [:]
    }


    /// Where the key of field `name` was written, or the top of the file.
    func position(of name: String) -> (line: Int, column: Int) {
        guard let value = values[name] else { return (1, 1) }
        return (value.line, value.column)
    }
}
