import Foundation
import Yams

/// The values only `site.yml` holds: the menu, math macros, video hosts, search synonyms and the
/// settings written as small mappings.
extension FrontMatterDecoder {
    func decodeNavigation(_ node: Node, field: FieldSpec, at key: (line: Int, column: Int), diagnostics: inout [Diagnostic]) -> FieldValue? {
        guard let nodes = items(node) else { return badValue("'\(field.name)' must be \(field.type.phrase)", at: key, &diagnostics) }
        var entries: [NavigationEntry] = []
        for item in nodes {
            guard let fields = mappingFields(item, allowed: ["title", "link"], context: field.name, diagnostics: &diagnostics) else { continue }
            guard let title = fields["title"], let link = fields["link"] else {
                let (line, column) = position(of: item)
                diagnostics.append(source.error("frontmatter.missing-field", "each entry of '\(field.name)' needs a 'title' and a 'link'", line: line, column: column))
                continue
            }
            entries.append(NavigationEntry(title: title.value, link: link))
        }
        return .navigation(entries)
    }

    /// `{macros: {name: TeX, …}}`: each macro's TeX, where it is written.
    func decodeMath(_ node: Node, field: FieldSpec, at key: (line: Int, column: Int), diagnostics: inout [Diagnostic]) -> FieldValue? {
        guard case .mapping(let mapping) = node else { return badValue("'\(field.name)' must be \(field.type.phrase)", at: key, &diagnostics) }
        var macros: [String: Located<String>] = [:]
        for (keyNode, valueNode) in mapping {
            let (keyLine, keyColumn) = position(of: keyNode)
            let name = scalarText(keyNode) ?? ""
            guard name == "macros" else {
                diagnostics.append(source.error("frontmatter.unknown-key", "unknown field '\(name)' in '\(field.name)'", line: keyLine, column: keyColumn,
                                                fix: Suggestion.didYouMean(name, in: ["macros"]) ?? "known fields: macros"))
                continue
            }
            guard case .mapping(let definitions) = valueNode else {
                diagnostics.append(source.error("frontmatter.bad-value", "'macros' in '\(field.name)' must map macro names to TeX, such as 'RR: \\mathbb{R}'",
                                                line: keyLine, column: keyColumn))
                continue
            }
            for (nameNode, bodyNode) in definitions {
                let (nameLine, nameColumn) = position(of: nameNode)
                guard let macro = scalarText(nameNode), let body = scalarText(bodyNode) else {
                    diagnostics.append(source.error("frontmatter.bad-value", "each macro in 'macros' is a name and its TeX, such as 'RR: \\mathbb{R}'",
                                                    line: nameLine, column: nameColumn))
                    continue
                }
                let (bodyLine, bodyColumn) = position(of: bodyNode)
                macros[macro] = Located(value: body, line: bodyLine, column: bodyColumn)
            }
        }
        return .macros(macros)
    }

    /// `{embed: [youtube, …]}`: the host names, each where it is written (`SiteSettings` checks them).
    func decodeVideo(_ node: Node, field: FieldSpec, at key: (line: Int, column: Int), diagnostics: inout [Diagnostic]) -> FieldValue? {
        guard case .mapping(let mapping) = node else {
            return badValue("'\(field.name)' must be \(field.type.phrase)", fix: "write it as '\(field.name): {embed: [youtube]}'", at: key, &diagnostics)
        }
        var hosts: [Located<String>] = []
        for (keyNode, valueNode) in mapping {
            let (keyLine, keyColumn) = position(of: keyNode)
            let name = scalarText(keyNode) ?? ""
            guard name == "embed" else {
                diagnostics.append(source.error("frontmatter.unknown-key", "unknown field '\(name)' in '\(field.name)'", line: keyLine, column: keyColumn,
                                                fix: Suggestion.didYouMean(name, in: ["embed"]) ?? "known fields: embed"))
                continue
            }
            guard case .list(let names) = decodeList(valueNode, field: FieldSpec(name: "embed", type: .textList, required: false),
                                                     at: (keyLine, keyColumn), diagnostics: &diagnostics) else { continue }
            hosts += names
        }
        return .list(hosts)
    }

    /// `{synonyms: [[GNN, graph neural network], …]}`: each group, where it is written, with its
    /// forms (`SiteSettings` checks what they hold).
    func decodeSearch(_ node: Node, field: FieldSpec, at key: (line: Int, column: Int), diagnostics: inout [Diagnostic]) -> FieldValue? {
        guard case .mapping(let mapping) = node else {
            return badValue("'\(field.name)' must be \(field.type.phrase)", fix: "write it as '\(field.name): {synonyms: [[GNN, graph neural network]]}'", at: key, &diagnostics)
        }
        var groups: [Located<[Located<String>]>] = []
        for (keyNode, valueNode) in mapping {
            let (keyLine, keyColumn) = position(of: keyNode)
            let name = scalarText(keyNode) ?? ""
            guard name == "synonyms" else {
                diagnostics.append(source.error("frontmatter.unknown-key", "unknown field '\(name)' in '\(field.name)'", line: keyLine, column: keyColumn,
                                                fix: Suggestion.didYouMean(name, in: ["synonyms"]) ?? "known fields: synonyms"))
                continue
            }
            guard let nodes = items(valueNode) else {
                diagnostics.append(source.error("frontmatter.bad-value", "'synonyms' in '\(field.name)' must be a list of groups, each a list of words that mean the same",
                                                line: keyLine, column: keyColumn, fix: "write each group on its own line: '- [GNN, graph neural network]'"))
                continue
            }
            for groupNode in nodes {
                let (line, column) = position(of: groupNode)
                guard let formNodes = items(groupNode) else {
                    let written = scalarText(groupNode).map { "write it as a list: [\($0)]" }
                    diagnostics.append(source.error("frontmatter.bad-value", "each synonym group must be a list of the words that mean the same",
                                                    line: line, column: column, fix: written ?? "write it as '- [GNN, graph neural network]'"))
                    continue
                }
                var forms: [Located<String>] = []
                for formNode in formNodes {
                    let (formLine, formColumn) = position(of: formNode)
                    guard let text = scalarText(formNode), !text.isEmpty else {
                        diagnostics.append(source.error("frontmatter.bad-value", "each word of a synonym group must be text", line: formLine, column: formColumn))
                        continue
                    }
                    forms.append(Located(value: text, line: formLine, column: formColumn))
                }
                groups.append(Located(value: forms, line: line, column: column))
            }
        }
        return .synonyms(groups)
    }

    /// A mapping of settings in `site.yml` (`repository:`, `notebooks:`): the named texts and lists.
    func decodeSettings(_ node: Node, field: FieldSpec, texts: [String], lists listNames: [String], example: String, at key: (line: Int, column: Int),
                                diagnostics: inout [Diagnostic]) -> FieldValue? {
        guard case .mapping(let mapping) = node else {
            return badValue("'\(field.name)' must be \(field.type.phrase)", fix: "write it as '\(field.name): \(example)'", at: key, &diagnostics)
        }
        var values: [String: Located<String>] = [:]
        var lists: [String: [Located<String>]] = [:]
        for (keyNode, valueNode) in mapping {
            let (keyLine, keyColumn) = position(of: keyNode)
            let name = scalarText(keyNode) ?? ""
            if listNames.contains(name) {
                if case .list(let items) = decodeList(valueNode, field: FieldSpec(name: name, type: .textList, required: false),
                                                      at: (keyLine, keyColumn), diagnostics: &diagnostics) { lists[name] = items }
                continue
            }
            if let value = textField(name, of: field.name, known: texts, others: listNames, key: (keyLine, keyColumn), value: valueNode, diagnostics: &diagnostics) {
                values[name] = value
            }
        }
        return .fields(values, lists: lists)
    }

    /// The scalar fields of a small mapping such as `{name, affiliation}`, reporting unknown keys.
    func mappingFields(_ node: Node, allowed: [String], context: String, diagnostics: inout [Diagnostic]) -> [String: Located<String>]? {
        let (line, column) = position(of: node)
        guard case .mapping(let mapping) = node else {
            diagnostics.append(source.error("frontmatter.bad-value", "each item of '\(context)' must have the fields \(allowed.joined(separator: " and "))", line: line, column: column))
            return nil
        }
        var result: [String: Located<String>] = [:]
        for (keyNode, valueNode) in mapping {
            let key = scalarText(keyNode) ?? ""
            if let value = textField(key, of: context, known: allowed, key: position(of: keyNode), value: valueNode, diagnostics: &diagnostics) {
                result[key] = value
            }
        }
        return result
    }

    /// The text of field `name` of the mapping `context`, at `valueNode`; nil, with an error at the
    /// key, when the name is not among `known` (a field among `others` is suggested too) or the value
    /// is not text.
    private func textField(_ name: String, of context: String, known: [String], others: [String] = [], key: (line: Int, column: Int), value valueNode: Node,
                           diagnostics: inout [Diagnostic]) -> Located<String>? {
        guard known.contains(name) else {
            let fields = known + others
            diagnostics.append(source.error("frontmatter.unknown-key", "unknown field '\(name)' in '\(context)'", line: key.line, column: key.column,
                                            fix: Suggestion.didYouMean(name, in: fields) ?? "known fields: \(fields.joined(separator: ", "))"))
            return nil
        }
        guard let value = scalarText(valueNode), !value.isEmpty else {
            diagnostics.append(source.error("frontmatter.bad-value", "'\(name)' in '\(context)' must be text", line: key.line, column: key.column))
            return nil
        }
        let (line, column) = position(of: valueNode)
        return Located(value: value, line: line, column: column)
    }
}
