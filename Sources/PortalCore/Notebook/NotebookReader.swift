/// Reads an nbformat 4 notebook into value types, collecting every structural problem.
///
/// Reading goes on past a broken cell or output (it is left out), so one pass reports every
/// problem; only a file that is not JSON, not an object, or not format 4 stops it.
struct NotebookReader {
    /// What reading gave: the notebook (nil when its structure could not be read at all) and every problem.
    struct Outcome: Sendable {
        let notebook: Notebook?
        let problems: [NotebookProblem]
    }

    private var problems: [NotebookProblem] = []

    /// Reads the notebook in `bytes` (the file as written).
    static func read(_ bytes: [UInt8]) -> Outcome {
        let json = JSONReader.read(bytes)
        let jsonProblems = json.errors.map {
            NotebookProblem(id: "notebook.json", message: "the notebook is not valid JSON: \($0.message)", position: $0.position, fix: $0.fix)
        }
        guard let root = json.root else { return Outcome(notebook: nil, problems: jsonProblems) }
        let outcome = read(root)
        return Outcome(notebook: outcome.notebook, problems: jsonProblems + outcome.problems)
    }

    /// Reads a notebook from JSON already read.
    static func read(_ root: JSONNode) -> Outcome {
        var reader = NotebookReader()
        let notebook = reader.notebook(root)
        // In the order of the file, as a reader goes through them; a stable sort keeps a value's problems in order.
        let problems = reader.problems.enumerated().sorted { ($0.element.position.offset, $0.offset) < ($1.element.position.offset, $1.offset) }
        return Outcome(notebook: notebook, problems: problems.map(\.element))
    }

    private mutating func notebook(_ root: JSONNode) -> Notebook? {
        guard let object = root.object else {
            report("notebook.structure", "a notebook is a JSON object ({ … }), but this file holds \(root.typeName)", at: root,
                   fix: "save the notebook again from Jupyter")
            return nil
        }
        guard let formatNode = object["nbformat"] else {
            report("notebook.format", "the notebook has no 'nbformat' field, so its format is unknown", at: root,
                   fix: "save the notebook again from Jupyter, which writes \"nbformat\": 4")
            return nil
        }
        guard let format = formatNode.integer else {
            report("notebook.format", "'nbformat' must be a whole number, but it is \(formatNode.typeName)", at: formatNode, fix: "write \"nbformat\": 4")
            return nil
        }
        guard format == 4 else {
            report("notebook.format", "this notebook is in format \(format); portal reads format 4", at: formatNode,
                   fix: "convert it with `jupyter nbconvert --to notebook --nbformat 4`")
            return nil
        }
        var minor = 0
        if let minorNode = field("nbformat_minor", of: object, at: root, required: true, fix: "add \"nbformat_minor\": 5") {
            if let value = minorNode.integer { minor = value } else { wrongType(minorNode, "nbformat_minor", "a whole number") }
        }
        let metadata = notebookMetadata(field("metadata", of: object, at: root, required: true, fix: "add \"metadata\": {}"))
        var cells: [NotebookCell] = []
        if let cellsNode = field("cells", of: object, at: root, required: true, fix: "add \"cells\": [] with the notebook's cells") {
            if let items = cellsNode.array {
                cells = items.compactMap { cell($0) }
            } else {
                wrongType(cellsNode, "cells", "a list of cells")
            }
        }
        return Notebook(format: format, formatMinor: minor, metadata: metadata, cells: cells)
    }

    private mutating func notebookMetadata(_ node: JSONNode?) -> NotebookMetadata {
        guard let node else { return NotebookMetadata(kernelName: nil, kernelLanguage: nil, languageName: nil, portal: nil, raw: nil) }
        guard let object = node.object else {
            wrongType(node, "metadata", "an object")
            return NotebookMetadata(kernelName: nil, kernelLanguage: nil, languageName: nil, portal: nil, raw: node)
        }
        let kernel = object["kernelspec"]?.object
        return NotebookMetadata(
            kernelName: kernel?["name"]?.string?.value, kernelLanguage: kernel?["language"]?.string?.value,
            languageName: object["language_info"]?.object?["name"]?.string?.value, portal: object["portal"], raw: node)
    }

    private mutating func cell(_ node: JSONNode) -> NotebookCell? {
        guard let object = node.object else {
            report("notebook.cell", "a cell must be an object, but this is \(node.typeName)", at: node, fix: "remove it, or save the notebook again from Jupyter")
            return nil
        }
        guard let typeNode = field("cell_type", of: object, at: node, required: true, fix: "add \"cell_type\": \"markdown\", \"code\" or \"raw\"") else {
            return nil
        }
        guard let typeName = typeNode.string?.value else {
            wrongType(typeNode, "cell_type", "a string")
            return nil
        }
        guard let kind = NotebookCell.Kind(rawValue: typeName) else {
            report("notebook.cell-type", "unknown cell type \"\(typeName)\"", at: typeNode, fix: "use \"markdown\", \"code\" or \"raw\"")
            return nil
        }
        let sourceNode = field("source", of: object, at: node, required: true, fix: "add \"source\": \"\" (the cell's text)")
        let source = sourceNode.flatMap { multilineText($0, "source") }
        var id: String?
        if let idNode = object["id"] {
            if let value = idNode.string?.value { id = value } else { wrongType(idNode, "id", "a string") }
        }
        let (tags, metadata) = cellMetadata(object["metadata"])
        var attachments: [NotebookAttachment] = []
        if kind != .code, let attachmentsNode = object["attachments"] {
            attachments = self.attachments(attachmentsNode)
        }
        var executionCount: Int?
        var outputs: [NotebookOutput] = []
        if kind == .code {
            executionCount = self.executionCount(object["execution_count"])
            if let outputsNode = field("outputs", of: object, at: node, required: true, fix: "add \"outputs\": [] (a code cell lists its outputs, even none)") {
                if let items = outputsNode.array {
                    outputs = items.compactMap { output($0) }
                } else {
                    wrongType(outputsNode, "outputs", "a list of outputs")
                }
            }
        }
        guard let source else { return nil }
        return NotebookCell(kind: kind, position: node.position, id: id, tags: tags, metadata: metadata, source: source,
                            attachments: attachments, executionCount: executionCount, outputs: outputs)
    }

    private mutating func cellMetadata(_ node: JSONNode?) -> ([String], JSONNode?) {
        guard let node else { return ([], nil) }
        guard let object = node.object else {
            wrongType(node, "metadata", "an object")
            return ([], node)
        }
        guard let tagsNode = object["tags"] else { return ([], node) }
        guard let items = tagsNode.array else {
            wrongType(tagsNode, "tags", "a list of strings")
            return ([], node)
        }
        var tags: [String] = []
        for item in items {
            if let tag = item.string?.value { tags.append(tag) } else { wrongType(item, "a tag", "a string") }
        }
        return (tags, node)
    }

    private mutating func attachments(_ node: JSONNode) -> [NotebookAttachment] {
        guard let object = node.object else {
            wrongType(node, "attachments", "an object of attached files")
            return []
        }
        return object.members.compactMap { member in
            mimeBundle(member.value, metadata: nil, "attachment \"\(member.key.value)\"").map {
                NotebookAttachment(name: member.key.value, position: member.value.position, bundle: $0)
            }
        }
    }

    private mutating func executionCount(_ node: JSONNode?) -> Int? {
        guard let node else { return nil }
        if case .null = node.kind { return nil }
        guard let count = node.integer else {
            wrongType(node, "execution_count", "a whole number or null")
            return nil
        }
        return count
    }

    // MARK: Shared checks

    /// The member `name` of `object`; reports a required one that is missing at `owner`.
    mutating func field(_ name: String, of object: JSONObject, at owner: JSONNode, required: Bool, fix: String) -> JSONNode? {
        if let value = object[name] { return value }
        if required {
            // The fields asked for tell what the object is meant to be, even when its own type field is missing.
            let what = ["cell_type", "source", "outputs"].contains(name) ? "cell"
                : ["output_type", "name", "text", "data", "execution_count", "ename", "evalue", "traceback"].contains(name)
                    || (name == "metadata" && object["output_type"] != nil) ? "output" : "notebook"
            report("notebook.missing", "this \(what) has no '\(name)' field", at: owner, fix: fix)
        }
        return nil
    }

    /// A string or a list of strings, joined; reports anything else at the offending value.
    mutating func multilineText(_ node: JSONNode, _ name: String) -> NotebookText? {
        if let string = node.string { return NotebookText([string]) }
        guard let items = node.array else {
            wrongType(node, name, "a string or a list of strings")
            return nil
        }
        var strings: [JSONString] = []
        var broken = false
        for item in items {
            if let string = item.string {
                strings.append(string)
            } else {
                report("notebook.type", "each line of '\(name)' must be a string, but this is \(item.typeName)", at: item,
                       fix: "write the line in double quotes")
                broken = true
            }
        }
        return broken ? nil : NotebookText(strings)
    }

    mutating func wrongType(_ node: JSONNode, _ name: String, _ expected: String) {
        let label = name.hasPrefix("a") && name.contains(" ") ? name : "'\(name)'"
        report("notebook.type", "\(label) must be \(expected), but it is \(node.typeName)", at: node, fix: nil)
    }

    mutating func report(_ id: String, _ message: String, at node: JSONNode, fix: String?) {
        problems.append(NotebookProblem(id: id, message: message, position: node.position, fix: fix))
    }
}
