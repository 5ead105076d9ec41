import Yams

/// Stage 3: decodes front-matter YAML strictly against a schema, reporting every problem at its key.
struct FrontMatterDecoder {
    let schema: FrontMatterSchema
    let source: SourceText
    /// The file line holding the YAML's first line.
    let firstLine: Int

    /// Decodes `yaml`; problems are appended to `diagnostics`.
    func decode(_ yaml: String, diagnostics: inout [Diagnostic]) -> FrontMatter {
        var frontMatter = FrontMatter()
        if let problem = FrontMatterLimits.check(yaml, source: source, firstLine: firstLine) {
            diagnostics.append(problem)
            return frontMatter
        }
        let root: Node?
        do {
            // The basic resolver tags every plain scalar as a string: values are interpreted by the schema,
            // and Yams' default resolver spends most of its time matching each scalar against patterns.
            root = try Yams.compose(yaml: yaml, .basic, .default, .utf8)
        } catch let error as YamlError {
            diagnostics.append(diagnostic(for: error))
            return frontMatter
        } catch {
            diagnostics.append(source.error("frontmatter.syntax", "the front-matter is not valid YAML: \(error)", line: firstLine, column: 1))
            return frontMatter
        }
        guard let root else {
            reportMissing(present: [], diagnostics: &diagnostics)
            return frontMatter
        }
        guard case .mapping(let mapping) = root else {
            let (line, column) = position(of: root)
            diagnostics.append(source.error("frontmatter.not-a-mapping", "front-matter must be a list of 'field: value' lines", line: line, column: column))
            return frontMatter
        }
        reportControlCharacters(in: root, diagnostics: &diagnostics)
        var present: Set<String> = []
        for (keyNode, valueNode) in mapping {
            let (line, column) = position(of: keyNode)
            guard case .scalar(let keyScalar) = keyNode else {
                diagnostics.append(source.error("frontmatter.bad-key", "a field name must be a plain word", line: line, column: column))
                continue
            }
            let key = keyScalar.string
            present.insert(key)
            guard let field = schema.field(named: key) else {
                let names = schema.fields.map(\.name)
                diagnostics.append(source.error(
                    "frontmatter.unknown-key", "unknown field '\(key)' for a \(schema.subject)",
                    line: line, column: column,
                    fix: Suggestion.didYouMean(key, in: names) ?? "known fields: \(names.joined(separator: ", "))"
                ))
                continue
            }
            if case .scalar(let scalar) = valueNode, scalar.style == .plain, ["", "~", "null", "Null", "NULL"].contains(scalar.string) {
                if field.required {
                    diagnostics.append(source.error("frontmatter.empty", "'\(key)' is empty; it must be \(field.type.phrase)", line: line, column: column))
                }
                continue
            }
            if let value = decodeValue(valueNode, field: field, keyLine: line, keyColumn: column, diagnostics: &diagnostics) {
                frontMatter.values[key] = Located(value: value, line: line, column: column)
            }
        }
        reportMissing(present: present.union(impliedFields(of: frontMatter)), diagnostics: &diagnostics)
        return frontMatter
    }

    /// Required fields that something else stands for: a skill written as a page bundle lives on
    /// its own page, which offers its files, so it needs no `url` (`CrossReferenceStage` asks for
    /// one when the folder holds no files).
    private func impliedFields(of frontMatter: FrontMatter) -> Set<String> {
        guard schema.subject == "resource", frontMatter.text("type") == "agent", frontMatter.text("kind") == "skill",
              SkillArchive.bundleFolder(ofIndex: source.displayPath) != nil else { return [] }
        return ["url"]
    }

    private func reportMissing(present: Set<String>, diagnostics: inout [Diagnostic]) {
        diagnostics += Self.missingFields(of: schema, present: present, source: source, line: max(1, firstLine - 1))
    }

    /// The required fields of `schema` that `present` lacks, each an error at `line` (the opening
    /// `---`): also for the fields of a Markdown resource merged with the `.bib` entry it completes.
    static func missingFields(of schema: FrontMatterSchema, present: Set<String>, source: SourceText, line: Int) -> [Diagnostic] {
        schema.fields.filter { $0.required && !present.contains($0.name) && !$0.unlessAny.contains(where: present.contains) }.map { field in
            let others = field.unlessAny.map { "'\($0):'" }.joined(separator: " and ")
            return source.error(
                "frontmatter.missing-field", "missing required field '\(field.name)' for a \(schema.subject)", line: line, column: 1,
                fix: "add '\(field.name):' with \(field.type.phrase)" + (others.isEmpty ? "" : ", or \(others) with minutes")
            )
        }
    }

    /// Reports every scalar holding a control character that a quoted escape (`"\e"`, `"\x1b"`) put
    /// there; raw ones were refused before parsing, at their own position.
    private func reportControlCharacters(in node: Node, diagnostics: inout [Diagnostic]) {
        switch node {
        case .scalar(let scalar):
            guard let (_, character) = ControlCharacters.first(in: scalar.string) else { return }
            let (line, column) = position(of: node)
            diagnostics.append(source.error(
                "frontmatter.control-character", "this value holds the control character \(ControlCharacters.name(character)), which no field may contain",
                line: line, column: column, fix: "remove the escape sequence that writes it"
            ))
        case .mapping(let mapping):
            for (key, value) in mapping {
                reportControlCharacters(in: key, diagnostics: &diagnostics)
                reportControlCharacters(in: value, diagnostics: &diagnostics)
            }
        case .sequence(let sequence):
            for item in sequence { reportControlCharacters(in: item, diagnostics: &diagnostics) }
        case .alias:
            return
        }
    }

    func position(of node: Node) -> (Int, Int) {
        guard let mark = node.mark else { return (firstLine, 1) }
        return (mark.line + firstLine - 1, mark.column)
    }

    private func diagnostic(for error: YamlError) -> Diagnostic {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _), .composer(let context, let problem, let mark, _):
            let line = mark.line + firstLine - 1
            if problem.hasPrefix("Maximum nesting level") {
                // libyaml stops at 1,000 levels, before deep nesting can exhaust the stack.
                return source.error("frontmatter.too-deep", "lists or mappings are nested too deeply here (more than 1,000 levels)", line: line, column: mark.column,
                                    fix: "front-matter fields need at most a list of mappings; remove the extra brackets or indentation")
            }
            var detail = problem
            if let context {
                detail += " \(context.text) that starts at line \(context.mark.line + firstLine - 1), column \(context.mark.column)"
            }
            let text = source.line(line) ?? ""
            if text.prefix(while: { $0 == " " || $0 == "\t" }).contains("\t") {
                return source.error("frontmatter.tab", "a tab is used for indentation; YAML allows only spaces", line: line, column: 1, fix: "replace the tab with spaces")
            }
            return source.error("frontmatter.syntax", "the front-matter is not valid YAML: \(detail)", line: line, column: mark.column,
                                fix: "check the quoting and indentation; quote values that contain ': ' or start with a special character")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let name = duplicates.first ?? ""
            let line = duplicateLine(of: name, after: context.mark.line + firstLine - 1) ?? context.mark.line + firstLine - 1
            return source.error("frontmatter.duplicate-key", "the field '\(name)' is written twice", line: line, column: 1, fix: "keep one of the two")
        default:
            return source.error("frontmatter.syntax", "the front-matter is not valid YAML: \(error)", line: firstLine, column: 1)
        }
    }

    /// The line of the second `name:` key at the same indentation as the first, if any.
    private func duplicateLine(of name: String, after firstLine: Int) -> Int? {
        let lines = source.lines
        guard firstLine >= 1, firstLine <= lines.count else { return nil }
        let first = lines[firstLine - 1]
        let indent = first.prefix(while: { $0 == " " })
        for index in firstLine..<lines.count {
            let line = lines[index]
            if line.hasPrefix(indent + name + ":") || line.hasPrefix(indent + "\"" + name + "\":") {
                return index + 1
            }
        }
        return nil
    }
}
