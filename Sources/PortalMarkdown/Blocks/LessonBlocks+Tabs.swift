/// Tabs: a `tab-set` block holding `tab-item` blocks, each labelled on its fence, as sphinx-design
/// writes them (`:::{tab-item} Python`) and as MkDocs Material's content tabs (`=== "Python"`)
/// are imported.
///
/// Without JavaScript a set is its items one after the other, each under its label, so nothing is
/// hidden from a reader, a search engine or a printer; `assets/tabs.js` makes the labels a tab list.
/// The set's structure is checked here, where the fences are known: an item stands directly in a
/// set, a set holds items and blank lines only (text between items would belong to no tab), an
/// item has a label, and a set has an item.
extension LessonBlocks {
    /// Reads a tab's MyST option: an item's `:sync: key` and `:selected:`, a set's `:sync-group: name`.
    /// False for any other, which is reported as an option not applied.
    static func readTabOption(_ name: String, value: String, kind: LessonBlockKind, into opening: inout Opening?) -> Bool {
        switch (kind, name) {
        case (.tabItem, "sync"), (.tabSet, "sync-group"):
            guard !value.isEmpty else { return false }
            opening?.sync = value
        case (.tabItem, "selected"):
            opening?.selected = true
        default:
            return false
        }
        return true
    }

    /// Reports the problems of the tab sets and items among the fences of `bytes`.
    mutating func checkTabs(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard fences.contains(where: { $0.opening?.kind?.isTab == true }) else { return }
        // The block each fence stands directly in: closing fences close the innermost open block.
        var parents = [Int?](repeating: nil, count: fences.count)
        var open: [Int] = []
        for (index, fence) in fences.enumerated() {
            if fence.opening != nil {
                parents[index] = open.last
                open.append(index)
            } else if let opening = fence.partner, let position = open.lastIndex(of: opening) {
                open.removeSubrange(position...)
            }
        }
        for (index, fence) in fences.enumerated() {
            guard let opening = fence.opening, let kind = opening.kind else { continue }
            let parentKind = parents[index].flatMap { fences[$0].opening?.kind }
            if kind == .tabItem {
                if parentKind != .tabSet {
                    problems.append(MarkdownProblem(kind: "tabs.item-outside-set", line: fence.line, column: opening.column,
                                                    message: "this tab-item is not inside a tab-set, so it has no tabs to sit among",
                                                    fix: "put it, with the other tabs, between a tab-set line and its closing line (::::: tab-set … :::::)"))
                }
                if opening.title?.isEmpty ?? true {
                    problems.append(MarkdownProblem(kind: "tabs.no-label", line: fence.line, column: opening.column,
                                                    message: "this tab-item has no label for its tab",
                                                    fix: "write the label after the name: :::: tab-item Python"))
                }
            } else if parentKind == .tabSet {
                problems.append(MarkdownProblem(kind: "tabs.stray-content", line: fence.line, column: opening.column,
                                                message: "a tab-set holds only tab items, but this \(opening.name) block is outside them",
                                                fix: "move it into a tab item (:::: tab-item Label … ::::), or out of the tab set"))
            }
            if kind == .tabSet, let closing = fence.partner {
                checkSetContents(index, closing: closing, parents: parents, bytes)
            }
        }
    }

    /// Reports an empty set, and the first line of text in set `index` outside its items.
    private mutating func checkSetContents(_ index: Int, closing: Int, parents: [Int?], _ bytes: UnsafeBufferPointer<UInt8>) {
        let set = fences[index]
        // The lines the set's blocks take, from their opening line to their closing line.
        let children = fences.indices.filter { parents[$0] == index && fences[$0].opening != nil }
        let taken = children.map { child in fences[child].line...(fences[child].partner.map { fences[$0].line } ?? Int.max) }
        guard !children.isEmpty else {
            problems.append(MarkdownProblem(kind: "tabs.empty", line: set.line, column: set.opening?.column ?? set.column,
                                            message: "this tab-set holds no tab items",
                                            fix: "add its tabs inside it (:::: tab-item Python … ::::), or remove it"))
            return
        }
        // From the line after the set's opening fence to its closing fence.
        var start = set.range.upperBound
        while start < bytes.count, bytes[start] != 0x0A { start += 1 }
        start += 1
        var line = set.line + 1
        let end = fences[closing].range.lowerBound
        while start < end {
            var stop = start
            while stop < bytes.count, bytes[stop] != 0x0A { stop += 1 }
            defer {
                start = stop + 1
                line += 1
            }
            guard !taken.contains(where: { $0.contains(line) }), !optionLines.contains(where: { $0.overlaps(start..<stop) }) else { continue }
            var first = start
            while first < stop, bytes[first] == 0x20 || bytes[first] == 0x09 || bytes[first] == 0x0D { first += 1 }
            guard first < stop else { continue }
            problems.append(MarkdownProblem(kind: "tabs.stray-content", line: line, column: first - start + 1,
                                            message: "a tab-set holds only tab items, but this line is outside them, in no tab",
                                            fix: "move the line into a tab item (:::: tab-item Label … ::::), or out of the tab set"))
            return
        }
    }

    /// The markup of a tab set or item.
    ///
    /// A set is `<div class="tab-set">` (its title, if written on the fence, first); an item is a
    /// group labelled by its label, `<p class="tab-label">`, followed by its content. `data-tab`
    /// holds the key the tabs of one label share across sets (the item's `:sync:`, else its label),
    /// `data-sync-group` a set's `:sync-group:`, `data-selected` the tab shown first.
    static func tabMarkup(opening: Opening, id: String, title: String?) -> Markup {
        let escape = MarkdownRenderer.escapedHTML
        guard opening.kind == .tabItem else {
            var open = "<div class=\"tab-set\" id=\"\(id)\"" + (opening.sync.map { " data-sync-group=\"\(escape($0))\"" } ?? "") + ">\n"
            if let title { open += "<p class=\"tab-set-title\" id=\"\(id)-title\">\(escape(title))</p>\n" }
            return Markup(open: open, close: "</div>\n", headOpen: "", headClose: "")
        }
        let label = title ?? ""
        var open = "<div class=\"tab-item\" id=\"\(id)\" role=\"group\" aria-labelledby=\"\(id)-label\" data-tab=\"\(escape(opening.sync ?? label))\""
        if opening.selected { open += " data-selected" }
        open += ">\n<p class=\"tab-label\" id=\"\(id)-label\">\(escape(label))</p>\n<div class=\"tab-body\">\n"
        return Markup(open: open, close: "</div>\n</div>\n", headOpen: "", headClose: "")
    }
}
