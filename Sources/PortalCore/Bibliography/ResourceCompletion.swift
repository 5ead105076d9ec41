/// Part of stage 2: a Markdown resource with the id of a `.bib` entry completes that entry's page
/// rather than clashing with it. The page is the Markdown file's (its address, its "edit this
/// page" link, its body); its fields are the entry's, each replaced by the Markdown file's own
/// field of the same name; its body is the Markdown file's, or the entry's abstract when the file
/// has no text; it is still cited by the entry's key.
///
/// Every field keeps pointing at the file it came from: the page's source is the Markdown file's
/// text with the entry's lines of the `.bib` file appended, and a `SourceMap` places those lines
/// in the `.bib` file (as it places a notebook's lines in its JSON), so a diagnostic made at an
/// entry's field, by any later stage, names the `.bib` file, its line and column, and shows its
/// line. No diagnostic needs to know which file a value came from.
enum ResourceCompletion {
    /// The pages `loaded` with each Markdown resource that has an entry's id merged with that entry
    /// (the entry's own page dropped), and `diagnostics` without the Markdown file's missing fields
    /// that the entry gives, with the merge's own problems added.
    static func apply(to loaded: LoadedPages, diagnostics: [Diagnostic]) -> (pages: LoadedPages, diagnostics: [Diagnostic]) {
        var entries: [String: Int] = [:]
        for (position, page) in loaded.pages.enumerated() where page.kind == .resource && page.sourcePath?.utf8.contains(UInt8(ascii: "#")) == true {
            if entries[page.id] == nil { entries[page.id] = position }
        }
        guard !entries.isEmpty else { return (loaded, diagnostics) }
        var merged: [Int: PageLoader.LoadedPage] = [:]
        var dropped: Set<Int> = []
        var completedFiles: Set<String> = []
        var problems: [Diagnostic] = []
        for (position, page) in loaded.pages.enumerated() where page.kind == .resource && page.sourcePath?.utf8.contains(UInt8(ascii: "#")) == false {
            // A second Markdown file with the same id stays the duplicate it always was.
            guard let entry = entries.removeValue(forKey: page.id), let markdownSource = loaded.bodies[position].source else { continue }
            let result = merge((page, loaded.bodies[position]), markdownSource: markdownSource, entry: (loaded.pages[entry], loaded.bodies[entry]))
            merged[position] = result.page
            problems += result.problems
            dropped.insert(entry)
            completedFiles.insert(markdownSource.displayPath)
        }
        guard !merged.isEmpty else { return (loaded, diagnostics) }
        var pages = LoadedPages()
        for position in loaded.pages.indices where !dropped.contains(position) {
            let page = merged[position] ?? (loaded.pages[position], loaded.bodies[position])
            pages.append(page.page, body: page.body)
        }
        // The Markdown file was checked for required fields on its own; the merged page is checked instead.
        let kept = diagnostics.filter { !($0.id == "frontmatter.missing-field" && completedFiles.contains($0.file)) }
        return (pages, kept + problems)
    }

    /// The page of `markdown` completing `entry`, and what is wrong with the pair.
    private static func merge(_ markdown: PageLoader.LoadedPage, markdownSource: SourceText, entry: PageLoader.LoadedPage) -> (page: PageLoader.LoadedPage, problems: [Diagnostic]) {
        let entrySource = entry.body.source ?? entry.page.source
        // The entry's lines: from its first placed value to the end of its abstract.
        let entryLines = entry.page.frontMatter.values.values.flatMap { value -> [Int] in
            if case .list(let items) = value.value { return [value.line] + items.map(\.line) }
            return [value.line]
        } + [entry.page.bodyFirstLine, entry.page.bodyFirstLine + max(entry.body.text.split(separator: "\n", omittingEmptySubsequences: false).count - 1, 0)]
        let first = entryLines.min() ?? 1, last = entryLines.max() ?? 1

        // The Markdown file's lines, then the entry's; a notebook's or an include's map is extended.
        var text = markdownSource.text
        if !text.isEmpty, !text.hasSuffix("\n") { text += "\n" }
        let ownLines = text.isEmpty ? 0 : text.utf8.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        var map = markdownSource.map ?? SourceMap(file: markdownSource)
        if markdownSource.map == nil || map.count < ownLines { map.appendFileLines(from: map.count + 1, count: ownLines - map.count) }
        let shift = ownLines + 1 - first
        if let entrySource {
            let file = map.add(file: entrySource)
            map.appendFileLines(from: first, count: last - first + 1, file: file)
            text += (first...last).map { entrySource.line($0).map(String.init) ?? "" }.joined(separator: "\n")
        }
        let source = SourceText(displayPath: markdownSource.displayPath, text: text, map: map, alwaysKeptFrom: ownLines + 1)

        var values = entry.page.frontMatter.values.mapValues { shifted($0, by: shift) }
        let own = markdown.page.frontMatter.values
        var problems: [Diagnostic] = []
        // An entry says "paper" when nothing says otherwise, which the file may correct; a dataset,
        // software or a `portal-type` is what the entry states, and two files must not disagree.
        var conflict = false
        if let type = own["type"], case .text(let mine) = type.value, case .text(let theirs)? = values["type"]?.value, theirs != "paper", mine != theirs {
            conflict = true
            problems.append(source.error("resource.completion-type", "'type: \(mine)' contradicts the entry '\(entry.page.bibliographyKey ?? entry.page.id)', which is \(Labels.resourceType(theirs).lowercased())",
                                         line: type.line, column: type.column, fix: "remove 'type' here, or change the entry's type (its '@' type or 'portal-type')"))
        }
        for (name, value) in own where !(conflict && name == "type") { values[name] = value }
        problems += FrontMatterDecoder.missingFields(of: .forKind(.resource), present: Set(values.keys), source: source, line: 1)

        let hasText = markdown.body.text.contains { !$0.isWhitespace }
        var page = Page(kind: .resource, id: markdown.page.id, sourcePath: markdown.page.sourcePath, source: source.keeping(firstLines: markdown.page.bodyFirstLine - 1, and: []),
                        outputDirectory: markdown.page.outputDirectory, frontMatter: FrontMatter(values: values),
                        bodyFirstLine: hasText ? markdown.page.bodyFirstLine : entry.page.bodyFirstLine + shift)
        page.completedEntry = entry.page.sourcePath
        page.notebook = markdown.page.notebook
        var body = PageBody(source: source, text: hasText ? markdown.body.text : entry.body.text)
        if hasText {
            body.codeCells = markdown.body.codeCells
            body.includes = markdown.body.includes
        }
        return ((page, body), problems)
    }

    /// A value of the entry placed `shift` lines later, where the merged page's text holds its line.
    private static func shifted(_ value: Located<FieldValue>, by shift: Int) -> Located<FieldValue> {
        var inner = value.value
        if case .list(let items) = inner { inner = .list(items.map { Located(value: $0.value, line: $0.line + shift, column: $0.column) }) }
        return Located(value: inner, line: value.line + shift, column: value.column)
    }
}
