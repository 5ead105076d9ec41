extension NotebookReader {
    /// The output types nbformat 4 defines.
    static let outputTypes = ["stream", "display_data", "execute_result", "error"]

    /// Reads one output of a code cell; reports and leaves out a broken one.
    mutating func output(_ node: JSONNode) -> NotebookOutput? {
        guard let object = node.object else {
            report("notebook.output", "an output must be an object, but this is \(node.typeName)", at: node, fix: "remove it, or clear the cell's outputs in Jupyter")
            return nil
        }
        guard let typeNode = field("output_type", of: object, at: node, required: true,
                                   fix: "add \"output_type\": one of \(Self.outputTypes.map { "\"\($0)\"" }.joined(separator: ", "))") else {
            return nil
        }
        guard let type = typeNode.string?.value else {
            wrongType(typeNode, "output_type", "a string")
            return nil
        }
        let kind: NotebookOutput.Kind
        switch type {
        case "stream":
            let name = requiredString("name", of: object, at: node, fix: "add \"name\": \"stdout\" or \"stderr\"")
            if let name, name.value != "stdout", name.value != "stderr", let nameNode = object["name"] {
                report("notebook.stream", "a stream is named \"stdout\" or \"stderr\", not \"\(name.value)\"", at: nameNode, fix: "use \"stdout\" or \"stderr\"")
            }
            let text = field("text", of: object, at: node, required: true, fix: "add \"text\": \"\"").flatMap { multilineText($0, "text") }
            guard let name, let text else { return nil }
            kind = .stream(name: name.value, text: text)
        case "display_data", "execute_result":
            let metadata = field("metadata", of: object, at: node, required: true, fix: "add \"metadata\": {}")
            if let metadata, metadata.object == nil { wrongType(metadata, "metadata", "an object") }
            guard let dataNode = field("data", of: object, at: node, required: true, fix: "add \"data\": {\"text/plain\": \"…\"}"),
                  let bundle = mimeBundle(dataNode, metadata: metadata, "data") else { return nil }
            if type == "display_data" {
                kind = .displayData(bundle)
            } else {
                var count: Int?
                if let countNode = field("execution_count", of: object, at: node, required: true, fix: "add \"execution_count\": null") {
                    if case .null = countNode.kind {} else if let value = countNode.integer { count = value } else {
                        wrongType(countNode, "execution_count", "a whole number or null")
                    }
                }
                kind = .executeResult(bundle, executionCount: count)
            }
        case "error":
            let name = requiredString("ename", of: object, at: node, fix: "add \"ename\": the exception's class")
            let value = requiredString("evalue", of: object, at: node, fix: "add \"evalue\": the exception's message")
            var traceback: [String]?
            if let tracebackNode = field("traceback", of: object, at: node, required: true, fix: "add \"traceback\": []") {
                if let items = tracebackNode.array {
                    traceback = items.compactMap { item in
                        if let line = item.string { return line.value }
                        wrongType(item, "a traceback line", "a string")
                        return nil
                    }
                } else {
                    wrongType(tracebackNode, "traceback", "a list of strings")
                }
            }
            guard let name, let value, let traceback else { return nil }
            kind = .error(name: name.value, value: value.value, traceback: traceback)
        default:
            report("notebook.output-type", "unknown output type \"\(type)\"", at: typeNode,
                   fix: "nbformat 4 knows \(Self.outputTypes.map { "\"\($0)\"" }.joined(separator: ", "))")
            return nil
        }
        return NotebookOutput(kind: kind, position: node.position)
    }

    /// Reads a MIME bundle: an object of MIME types, each a string, a list of strings, or (for JSON types) any JSON.
    mutating func mimeBundle(_ node: JSONNode, metadata: JSONNode?, _ name: String) -> MIMEBundle? {
        guard let object = node.object else {
            wrongType(node, name, "an object of MIME types")
            return nil
        }
        var entries: [MIMEBundle.Entry] = []
        for member in object.members {
            let type = member.key.value
            let isJSON = type == "application/json" || type.hasSuffix("+json")
            guard !isJSON else {
                entries.append(MIMEBundle.Entry(type: type, value: member.value))
                continue
            }
            // Text types are a string or a list of strings; checking the list here keeps `Entry.text` total.
            if member.value.string != nil || member.value.array.map({ $0.allSatisfy { $0.string != nil } }) == true {
                entries.append(MIMEBundle.Entry(type: type, value: member.value))
            } else if let items = member.value.array, let bad = items.first(where: { $0.string == nil }) {
                report("notebook.type", "each line of '\(type)' must be a string, but this is \(bad.typeName)", at: bad, fix: "write the line in double quotes")
            } else {
                wrongType(member.value, type, "a string or a list of strings")
            }
        }
        return MIMEBundle(entries: entries, metadata: metadata)
    }

    /// The string member `name`; reports it missing at `owner`, or of the wrong type at itself.
    private mutating func requiredString(_ name: String, of object: JSONObject, at owner: JSONNode, fix: String) -> JSONString? {
        guard let node = field(name, of: object, at: owner, required: true, fix: fix) else { return nil }
        guard let string = node.string else {
            wrongType(node, name, "a string")
            return nil
        }
        return string
    }
}
