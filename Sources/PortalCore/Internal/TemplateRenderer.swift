/// Renders compiled templates with typed values.
///
/// It follows swift-mustache's semantics (a test renders every page of the shipped site with
/// both and compares), but reads `TemplateValue`s directly: no dynamic casts, no name splitting
/// per lookup, one output buffer per page. See `TemplateRenderer+Values.swift` for lookups.
struct TemplateRenderer: Sendable {
    /// Compiled templates and partials by name.
    let templates: [String: CompiledTemplate]

    /// Where a section over a list stands, for `first()`, `last()`, `index()`.
    struct Position {
        var index: Int
        var isLast: Bool
    }

    /// Renders template `name` with `context`.
    func render(_ name: String, context: TemplateValue) -> String {
        guard let template = templates[name] else { return "" }
        var output = ""
        output.reserveCapacity(16 * 1024)
        var stack = [context]
        render(template.nodes, stack: &stack, position: nil, indentation: "", into: &output)
        return output
    }

    private func render(_ nodes: [TemplateNode], stack: inout [TemplateValue], position: Position?, indentation: String, into output: inout String) {
        if !indentation.isEmpty {
            // As swift-mustache does: before each piece that writes something, indent if the
            // text written so far at this level ends a line.
            // Template text counts line by line, as swift-mustache keeps one text token per line.
            var local = ""
            var atLineStart = false
            for node in nodes {
                if case .text(let text) = node {
                    var lineStart = text.utf8.startIndex
                    while lineStart < text.utf8.endIndex {
                        let newline = text.utf8[lineStart...].firstIndex(of: 0x0A)
                        let lineEnd = newline.map { text.utf8.index(after: $0) } ?? text.utf8.endIndex
                        if atLineStart { local += indentation }
                        local += text[lineStart..<lineEnd]
                        atLineStart = newline != nil
                        lineStart = lineEnd
                    }
                    continue
                }
                var piece = ""
                render(node, stack: &stack, position: position, indentation: indentation, into: &piece)
                guard !piece.isEmpty else { continue }
                if atLineStart { local += indentation }
                local += piece
                atLineStart = piece.utf8.last == 0x0A
            }
            output += local
            return
        }
        for node in nodes {
            render(node, stack: &stack, position: position, indentation: indentation, into: &output)
        }
    }

    private func render(_ node: TemplateNode, stack: inout [TemplateValue], position: Position?, indentation: String, into output: inout String) {
        switch node {
        case .text(let text):
            output += text
        case .variable(let name, let escaped):
            guard let value = resolve(name, stack: stack, position: position) else { return }
            write(value, escaped: escaped, into: &output)
        case .section(let name, let inverted, let body):
            let value = resolve(name, stack: stack, position: position)
            if inverted {
                renderInverted(value, body: body, stack: &stack, position: position, indentation: indentation, into: &output)
            } else {
                renderSection(value, body: body, stack: &stack, position: position, indentation: indentation, into: &output)
            }
        case .partial(let name, let partialIndentation):
            guard let partial = templates[name] else { return }
            render(partial.nodes, stack: &stack, position: nil, indentation: indentation + partialIndentation, into: &output)
        }
    }

    private func renderSection(_ value: TemplateValue?, body: [TemplateNode], stack: inout [TemplateValue], position: Position?, indentation: String, into output: inout String) {
        switch value {
        case nil:
            return
        case .flag(let flag)?:
            if flag { render(body, stack: &stack, position: position, indentation: indentation, into: &output) }
        case .list(let items)?:
            for (index, item) in items.enumerated() {
                stack.append(item)
                render(body, stack: &stack, position: Position(index: index, isLast: index == items.count - 1), indentation: indentation, into: &output)
                stack.removeLast()
            }
        case let other?:
            stack.append(other)
            render(body, stack: &stack, position: nil, indentation: indentation, into: &output)
            stack.removeLast()
        }
    }

    private func renderInverted(_ value: TemplateValue?, body: [TemplateNode], stack: inout [TemplateValue], position: Position?, indentation: String, into output: inout String) {
        switch value {
        case nil, .flag(false)?:
            render(body, stack: &stack, position: position, indentation: indentation, into: &output)
        case .list(let items)? where items.isEmpty:
            stack.append(.list(items))
            render(body, stack: &stack, position: nil, indentation: indentation, into: &output)
            stack.removeLast()
        default:
            return
        }
    }
}
