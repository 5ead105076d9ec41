/// Start tags in HTML: the allowlist, and the elements a browser would close or move by itself,
/// closed here first so that the page reads the output as the sanitizer wrote it.
extension SanitizedFragmentWriter {
    mutating func startHTML(_ tag: MarkupTokenizer.StartTag) {
        let name = tag.name
        if HTMLPolicy.rawTextElements.contains(name) || name == "plaintext" || HTMLPolicy.droppedWithContent.contains(name) {
            tally.record(Self.elementKind(name))
            return skipElement(tag, holdsHTML: name != "math", in: .html)
        }
        if name == "svg" {
            guard !isInTableContext, !isTooDeep else {
                tally.record("<svg>")
                return skipElement(tag, holdsHTML: false, in: .svg)
            }
            return openSVG(tag, isRoot: true)
        }
        guard HTMLPolicy.elements.contains(name) else {
            if !HTMLPolicy.unwrappedSilently.contains(name) { tally.record(Self.elementKind(name)) }
            return
        }
        guard prepareContext(for: name) else { return tally.record(Self.elementKind(name)) }
        let isVoid = HTMLPolicy.voidElements.contains(name)
        guard isVoid || !isTooDeep else { return recordTooDeep() }
        guard let attributes = htmlAttributes(of: name, tag) else { return }
        writeStartTag(name, attributes)
        if !isVoid { open(OpenElement(key: name, name: name, namespace: .html)) }
        if name == "pre" {
            // A browser drops a line break right after `<pre>`: this one is for it to drop, and
            // one in the input is dropped here, so the text is what it was either way.
            write("\n")
            dropsLineBreak = true
        }
    }

    /// Inside an SVG `<title>` or `<desc>`, which a browser reads as HTML: text only.
    mutating func startInSVGText(_ tag: MarkupTokenizer.StartTag) {
        let name = tag.name
        tally.record(Self.elementKind(SVGPolicy.displayName(name)))
        if HTMLPolicy.rawTextElements.contains(name) || name == "plaintext" || HTMLPolicy.droppedWithContent.contains(name)
            || SVGPolicy.droppedWithContent.contains(name) {
            skipElement(tag, holdsHTML: name != "math" && name != "svg", in: .html)
        }
    }

    private var isInTableContext: Bool {
        guard let top = stack.last, top.namespace == .html else { return false }
        return HTMLPolicy.tableContexts.contains(top.key)
    }

    /// Closes what a browser would close before it opens `name`; false when `name` cannot stand
    /// here (a cell outside a row, a list item outside a list), and is left out with its text kept.
    private mutating func prepareContext(for name: String) -> Bool {
        if let parents = HTMLPolicy.tableParents[name] {
            return openTableParent(for: name, parents)
        }
        if isInTableContext { return false }
        switch name {
        case "li":
            closeOpenItem(["li"])
            closeParagraph()
            return ["ul", "ol"].contains(stack.last?.key)
        case "dd", "dt":
            closeOpenItem(["dd", "dt"])
            closeParagraph()
            return stack.last?.key == "dl"
        default:
            break
        }
        if HTMLPolicy.closesParagraph.contains(name) { closeParagraph() }
        if HTMLPolicy.headings.contains(name), let top = stack.last, HTMLPolicy.headings.contains(top.key) {
            closeElements(downTo: stack.count - 1)
        }
        if name == "a", let index = openIndex(of: "a", stoppingAt: ["td", "th", "caption"]) {
            closeElements(downTo: index)
        }
        return true
    }

    /// Closes what stands between a table part and its parent, and opens the parents a browser would
    /// open by itself (a `<tbody>` around a row, a row around a cell, a `<colgroup>` around a column);
    /// false outside a table.
    private mutating func openTableParent(for name: String, _ parents: Set<String>) -> Bool {
        guard isOpen("table") else { return false }
        var index = stack.count - 1
        while index >= 0 {
            let key = stack[index].key
            if parents.contains(key) {
                closeElements(downTo: index + 1)
                return true
            }
            if key == "table" || (["thead", "tbody", "tfoot"].contains(key) && (name == "td" || name == "th")) { break }
            index -= 1
        }
        guard index >= 0 else { return false }
        closeElements(downTo: index + 1)
        let implied: [String]
        switch (name, stack[index].key) {
        case ("td", "table"), ("th", "table"): implied = ["tbody", "tr"]
        case ("td", _), ("th", _): implied = ["tr"]
        case ("tr", _): implied = ["tbody"]
        case ("col", _): implied = ["colgroup"]
        default: return false
        }
        guard stack.count + implied.count < NotebookHTMLSanitizer.depthLimit else { return false }
        for parent in implied {
            writeStartTag(parent, [])
            open(OpenElement(key: parent, name: parent, namespace: .html))
        }
        return true
    }

    /// Closes an open list item (or definition) the new one ends, as a browser does.
    private mutating func closeOpenItem(_ names: Set<String>) {
        guard names.contains(where: isOpen) else { return }
        var index = stack.count - 1
        while index >= 0 {
            let key = stack[index].key
            if names.contains(key) { return closeElements(downTo: index) }
            if HTMLPolicy.special.contains(key) { return }
            index -= 1
        }
    }

    /// Closes an open `<p>` that a block start tag ends.
    private mutating func closeParagraph() {
        if let index = openIndex(of: "p", stoppingAt: ["table", "td", "th", "caption"]) { closeElements(downTo: index) }
    }

    private func openIndex(of name: String, stoppingAt boundaries: Set<String>) -> Int? {
        guard isOpen(name) else { return nil }
        var index = stack.count - 1
        while index >= 0 {
            let key = stack[index].key
            if key == name { return index }
            if boundaries.contains(key) { return nil }
            index -= 1
        }
        return nil
    }

    /// The attributes kept on `element`, decoded, or nil when the element is left out for want of
    /// one (an image without an address it may load).
    private mutating func htmlAttributes(of element: String, _ tag: MarkupTokenizer.StartTag) -> [(String, String)]? {
        var kept: [(String, String)] = []
        for attribute in tag.attributes {
            let name = attribute.name
            if name.hasPrefix("on") || name == "style" {
                tally.record(Self.attributeKind(name))
                continue
            }
            guard let rule = HTMLPolicy.rule(for: name, on: element) else {
                if !HTMLPolicy.droppedSilently.contains(name), !name.hasPrefix("xmlns:") { tally.record(Self.attributeKind(name)) }
                continue
            }
            let value = CharacterReference.decode(tokenizer.bytes[attribute.value], in: tokenizer.bytes)
            switch HTMLPolicy.check(value, rule) {
            case .keep(let written): kept.append((name, written))
            case .dropSilently: break
            case .refuse(let kind): tally.record(kind)
            }
        }
        if element == "img", !kept.contains(where: { $0.0 == "src" }) { return nil }
        return kept
    }
}
