import Foundation

/// A tool call's arguments, read against what the tool takes: every problem is a
/// `ToolArgumentError` naming the argument, so a caller learns which one to fix.
struct ToolArguments {
    let values: [String: KnowledgeValue]

    /// Checks that no argument is unknown to a tool taking `known`.
    init(_ values: [String: KnowledgeValue], known: [String]) throws(ToolArgumentError) {
        for name in values.keys.sorted() where !known.contains(name) {
            throw ToolArgumentError(argument: name, message: known.isEmpty ? "this tool takes no arguments" : "unknown argument; this tool takes \(known.joined(separator: ", "))",
                                    suggestion: Suggestion.closest(to: name, in: known))
        }
        self.values = values
    }

    /// A string argument (nil when absent or null); an empty string is refused.
    func string(_ name: String) throws(ToolArgumentError) -> String? {
        guard let value = values[name], value != .null else { return nil }
        guard case .string(let text) = value else { throw ToolArgumentError(argument: name, message: "must be a string") }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw ToolArgumentError(argument: name, message: "must not be empty") }
        return trimmed
    }

    /// A string argument the tool cannot do without.
    func requiredString(_ name: String) throws(ToolArgumentError) -> String {
        guard let text = try string(name) else { throw ToolArgumentError(argument: name, message: "is required") }
        return text
    }

    /// An integer argument within `range`.
    func integer(_ name: String, in range: ClosedRange<Int>) throws(ToolArgumentError) -> Int? {
        guard let value = values[name], value != .null else { return nil }
        let number: Int
        switch value {
        case .integer(let whole): number = whole
        case .double(let real) where real.rounded() == real && abs(real) < 1e15: number = Int(real)
        default: throw ToolArgumentError(argument: name, message: "must be a whole number")
        }
        guard range.contains(number) else {
            throw ToolArgumentError(argument: name, message: "must be between \(range.lowerBound) and \(range.upperBound), not \(number)")
        }
        return number
    }

    /// A string argument that must be one of `allowed`; otherwise the closest is suggested.
    func choice(_ name: String, among allowed: some Collection<String>) throws(ToolArgumentError) -> String? {
        guard let text = try string(name) else { return nil }
        if allowed.contains(text) { return text }
        let list = allowed.sorted()
        let shown = list.count > 12 ? list.prefix(12).joined(separator: ", ") + ", …" : list.joined(separator: ", ")
        throw ToolArgumentError(argument: name, message: "'\(text)' is not one of \(shown)", suggestion: Suggestion.closest(to: text, in: list))
    }
}
