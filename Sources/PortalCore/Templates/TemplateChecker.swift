import Foundation
/// Checks templates against the context they will receive, before any page is rendered.
///
/// swift-mustache renders a missing variable, section or partial as nothing; this checker makes
/// each of them an error at the template's line and column, with the closest existing name.
struct TemplateChecker {
    /// The scanned tags and text of every template and partial, by name.
    let templates: [String: (tags: [TemplateTag], source: SourceText)]
    /// Partials by the name `{{> name}}` uses.
    let partialNames: Set<String>

    static let sequenceTransforms: Set<String> = ["first", "last", "index", "even", "odd"]
    /// Transforms of values: what they return, and whether they take a list (else text or a number).
    static let valueTransforms: [String: (result: ContextShape, takesList: Bool)] = [
        "count": (.text, true), "empty": (.flag, true), "uppercased": (.text, false), "lowercased": (.text, false),
        "capitalized": (.text, false), "plusone": (.text, false), "minusone": (.text, false), "equalzero": (.flag, false),
    ]

    private struct Scope {
        let shape: ContextShape
        let isListItem: Bool
    }

    /// Checks template `name` as rendered with a context of `shape`.
    ///
    /// Sequence transforms (`first()`) see the innermost list section only while no record
    /// section or partial stands between, as in swift-mustache and the compiled renderer.
    func check(_ name: String, shape: ContextShape, into diagnostics: inout [Diagnostic]) {
        walk(name, scopes: [Scope(shape: shape, isListItem: false)], chain: [name], diagnostics: &diagnostics)
    }

    private func walk(_ name: String, scopes initial: [Scope], chain: [String], diagnostics: inout [Diagnostic]) {
        guard let template = templates[name] else { return }
        let source = template.source
        var scopes = initial
        var open: [TemplateTag] = []
        for tag in template.tags {
            switch tag.kind {
            case .comment:
                continue
            case .unsupported(let sigil):
                diagnostics.append(source.error("template.unsupported", "'{{\(sigil)' is not supported by the portal's templates", line: tag.line, column: tag.column,
                                                fix: "use partials ({{> name}}) instead of inheritance, and the default {{ }} delimiters"))
            case .variable, .unescaped:
                guard let shape = lookup(tag.name, tag: tag, scopes: scopes, source: source, diagnostics: &diagnostics) else { continue }
                switch (tag.kind, shape) {
                case (.variable, .html):
                    diagnostics.append(source.error("template.escaped-html", "'\(tag.name)' is HTML; written with two braces its tags would show as text", line: tag.line, column: tag.column,
                                                    fix: "write {{{\(tag.name)}}}"))
                case (.unescaped, .text), (.unescaped, .flag):
                    diagnostics.append(source.error("template.unescaped", "'\(tag.name)' is plain text; writing it unescaped would let '<' in content become markup", line: tag.line, column: tag.column,
                                                    fix: "write {{\(tag.name)}}"))
                case (_, .object), (_, .list):
                    diagnostics.append(source.error("template.not-a-value", "'\(tag.name)' is a \(describe(shape)), not a value", line: tag.line, column: tag.column,
                                                    fix: "open it as a section: {{#\(tag.name)}} … {{/\(tag.name)}}"))
                default:
                    break
                }
            case .section, .inverted:
                open.append(tag)
                let shape = lookup(tag.name, tag: tag, scopes: scopes, source: source, diagnostics: &diagnostics) ?? .any
                let inList = scopes.last?.isListItem ?? false
                if tag.kind == .inverted {
                    scopes.append(Scope(shape: .object([:]), isListItem: inList))
                    continue
                }
                switch shape {
                case .list(let item): scopes.append(Scope(shape: item, isListItem: true))
                case .object, .any, .text, .html: scopes.append(Scope(shape: shape, isListItem: false))
                case .flag: scopes.append(Scope(shape: .object([:]), isListItem: inList))
                }
            case .close:
                guard let opener = open.last else {
                    diagnostics.append(source.error("template.syntax", "'{{/\(tag.name)}}' closes a section that was never opened", line: tag.line, column: tag.column))
                    continue
                }
                if opener.name != tag.name {
                    diagnostics.append(source.error("template.syntax", "'{{/\(tag.name)}}' does not match '{{\(opener.kind == .inverted ? "^" : "#")\(opener.name)}}' opened at line \(opener.line), column \(opener.column)",
                                                    line: tag.line, column: tag.column, fix: "close it with {{/\(opener.name)}}"))
                }
                open.removeLast()
                scopes.removeLast()
            case .partial:
                guard partialNames.contains(tag.name) else {
                    diagnostics.append(source.error("template.missing-partial", "there is no partial '\(tag.name)' (templates/partials/\(tag.name).mustache)", line: tag.line, column: tag.column,
                                                    fix: Suggestion.didYouMean(tag.name, in: partialNames)))
                    continue
                }
                if chain.contains(tag.name) {
                    diagnostics.append(source.error("template.recursive-partial", "the partial '\(tag.name)' includes itself (\((chain + [tag.name]).joined(separator: " → ")))", line: tag.line, column: tag.column))
                    continue
                }
                let partialScopes = scopes.map { Scope(shape: $0.shape, isListItem: false) }
                walk(tag.name, scopes: partialScopes, chain: chain + [tag.name], diagnostics: &diagnostics)
            }
        }
        for opener in open.reversed() {
            diagnostics.append(source.error("template.syntax", "the section '{{\(opener.kind == .inverted ? "^" : "#")\(opener.name)}}' is never closed", line: opener.line, column: opener.column,
                                            fix: "add {{/\(opener.name)}} where it ends"))
        }
    }

    /// The shape `name` refers to from `scopes`, or nil after reporting why it does not exist.
    private func lookup(_ name: String, tag: TemplateTag, scopes: [Scope], source: SourceText, diagnostics: inout [Diagnostic]) -> ContextShape? {
        if name == "." { return scopes.last?.shape ?? .any }
        if let open = name.firstIndex(of: "("), name.hasSuffix(")") {
            let function = String(name[..<open])
            let argument = String(name[name.index(after: open)..<name.index(before: name.endIndex)]).trimmingCharacters(in: .whitespaces)
            if argument.isEmpty {
                guard Self.sequenceTransforms.contains(function) else {
                    diagnostics.append(source.error("template.unknown-transform", "'\(function)()' is not a known transform", line: tag.line, column: tag.column,
                                                    fix: Suggestion.didYouMean(function, in: Self.sequenceTransforms)))
                    return nil
                }
                guard scopes.last?.isListItem == true else {
                    diagnostics.append(source.error("template.unknown-transform", "'\(function)()' only works directly inside a section over a list (not inside a record section or a partial)", line: tag.line, column: tag.column))
                    return nil
                }
                return function == "index" ? .text : .flag
            }
            guard let argumentShape = lookup(argument, tag: tag, scopes: scopes, source: source, diagnostics: &diagnostics) else { return nil }
            if function == "first" || function == "last" || function == "reversed" {
                if case .list(let item) = argumentShape { return function == "reversed" ? argumentShape : item }
            }
            guard let transform = Self.valueTransforms[function] else {
                diagnostics.append(source.error("template.unknown-transform", "'\(function)(…)' is not a known transform", line: tag.line, column: tag.column,
                                                fix: Suggestion.didYouMean(function, in: Self.valueTransforms.keys)))
                return nil
            }
            let isList: Bool
            switch argumentShape {
            case .list: isList = true
            case .any: return transform.result
            default: isList = false
            }
            guard isList == transform.takesList else {
                diagnostics.append(source.error("template.unknown-transform", "'\(function)(…)' needs a \(transform.takesList ? "list" : "text value"), and '\(argument)' is a \(describe(argumentShape))",
                                                line: tag.line, column: tag.column))
                return nil
            }
            return transform.result
        }
        let parts = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard let first = parts.first, !first.isEmpty else { return scopes.last?.shape }
        var found: ContextShape?
        for scope in scopes.reversed() {
            if let shape = scope.shape.member(first) {
                found = shape
                break
            }
        }
        guard var shape = found else {
            let visible = Set(scopes.flatMap { $0.shape.memberNames })
            diagnostics.append(source.error("template.unknown-name", "'\(first)' is not in the context of this template", line: tag.line, column: tag.column,
                                            fix: Suggestion.didYouMean(first, in: visible) ?? "see \"Template context\" in docs/theme.md"))
            return nil
        }
        var path = first
        for part in parts.dropFirst() {
            guard let next = shape.member(part) else {
                diagnostics.append(source.error("template.unknown-name", "'\(path)' has no member '\(part)'", line: tag.line, column: tag.column,
                                                fix: Suggestion.didYouMean(part, in: shape.memberNames) ?? (shape.memberNames.isEmpty ? nil : "it has: \(shape.memberNames.joined(separator: ", "))")))
                return nil
            }
            shape = next
            path += ".\(part)"
        }
        return shape
    }

    private func describe(_ shape: ContextShape) -> String {
        switch shape {
        case .list: return "list"
        case .object: return "record"
        default: return "value"
        }
    }
}
