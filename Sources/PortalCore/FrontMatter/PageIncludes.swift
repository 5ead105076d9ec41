import PortalMarkdown

/// MyST's `{include}`, as Jupyter Book pages share text between pages (a setup section, a README):
///
///     ```{include} setup.md
///     :start-after: <!-- start -->
///     ```
///
/// The directive is replaced, in the page's text, by the lines of a file of the page's own folder,
/// read in stage 2; the page's `SourceMap` places each of those lines in the file it came from, so
/// every diagnostic about included text points at that file. The included text is the page's from
/// then on (its headings, links and formulas), as in Sphinx: its relative links start from the page.
/// An included file's own `{include}` is not followed.
enum PageIncludes {
    /// What expanding gave: the page's new text and map, the files read, and the problems.
    struct Expansion {
        var text: String
        var map: SourceMap
        var files: [String]
        var diagnostics: [Diagnostic]
    }

    /// The options an include takes.
    static let options: Set<String> = ["start-after", "end-before", "literal", "code"]

    /// Expands the includes in `text` (the file of `page` at `source`), reading each from `read`
    /// (content path to text, nil when it is not a file of the content); nil when the text has none.
    static func expand(_ text: String, source: SourceText, page: ContentFile, bodyFirstLine: Int, read: (String) -> Result<SourceText, Diagnostic>?) -> Expansion? {
        guard mentionsInclude(text) else { return nil }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var expansion = Expansion(text: "", map: SourceMap(file: source), files: [], diagnostics: [])
        var code: (character: Character, length: Int)?
        var found = false
        var index = 0
        func keep(_ number: Int) {
            expansion.text += lines[number]
            expansion.text += "\n"
            expansion.map.appendFileLines(from: number + 1, count: 1)
        }
        while index < lines.count {
            guard index + 1 >= bodyFirstLine, let fence = MySTDirective.fence(lines[index]) else {
                keep(index)
                index += 1
                continue
            }
            if let open = code {
                if fence.character == open.character, fence.length >= open.length, fence.info.isEmpty { code = nil }
                keep(index)
                index += 1
                continue
            }
            guard fence.info.hasPrefix("{include}") else {
                if !fence.info.hasPrefix("{") || MySTDirective.holdsCode(fence.info) { code = (fence.character, fence.length) }
                keep(index)
                index += 1
                continue
            }
            found = true
            var end = index + 1
            while end < lines.count {
                if let closing = MySTDirective.fence(lines[end]), closing.character == fence.character, closing.length >= fence.length, closing.info.isEmpty { break }
                end += 1
            }
            var values: [String: String] = [:]
            for line in (index + 1)..<min(end, lines.count) {
                guard let option = MySTDirective.option(lines[line]) else { continue }
                if options.contains(option.name) {
                    values[option.name] = option.value
                } else {
                    expansion.diagnostics.append(source.diagnostic(.warning, "attribute.not-applied", "portal does not apply the option :\(option.name): of {include}; it is left out",
                                                                   line: line + 1, column: 1, fix: "remove it: {include} takes :start-after:, :end-before:, :literal: and :code:"))
                }
            }
            let path = fence.info.dropFirst("{include}".count).trimmingCharacters(in: .whitespaces)
            let column = (lines[index].range(of: path).map { lines[index].distance(from: lines[index].startIndex, to: $0.lowerBound) } ?? 0) + 1
            if let included = include(path, page: page, read: read, at: (index + 1, column), source: source, expansion: &expansion) {
                insert(included, values: values, directiveLine: index + 1, into: &expansion, source: source)
            }
            index = end + 1
        }
        return found ? expansion : nil
    }

    /// The file `path` names, read, or nil with an error at the directive.
    private static func include(_ path: String, page: ContentFile, read: (String) -> Result<SourceText, Diagnostic>?, at place: (line: Int, column: Int),
                                source: SourceText, expansion: inout Expansion) -> SourceText? {
        func fail(_ message: String, fix: String) -> SourceText? {
            expansion.diagnostics.append(source.error("block.bad-include", message, line: place.line, column: place.column, fix: fix))
            return nil
        }
        guard page.isBundle else {
            return fail("{include} brings in a file of the page's own folder, and this page has none",
                        fix: "make the page a folder (\(page.kind.folder ?? "pages")/\(page.id)/index.md) with the file beside it, or put the text in the page")
        }
        let folder = String(page.relativePath[..<(page.relativePath.lastIndex(of: "/") ?? page.relativePath.startIndex)])
        guard !path.isEmpty else { return fail("{include} names no file", fix: "write the file after it: ```{include} setup.md") }
        guard !path.hasPrefix("/"), let resolved = SitePath.resolve(path, against: folder), resolved.hasPrefix(folder + "/") else {
            return fail("'\(path)' is not in the page's folder; {include} brings in only the page's own files", fix: "copy the file into \(folder)/")
        }
        guard resolved.hasSuffix(".md") || resolved.hasSuffix(".txt") else {
            return fail("'\(path)' is not Markdown or text; {include} brings in Markdown", fix: "link to it instead: [the file](\(path))")
        }
        switch read(resolved) {
        case .success(let text)?:
            expansion.files.append(resolved)
            return text
        case .failure(let diagnostic)?:
            expansion.diagnostics.append(diagnostic)
            return nil
        case nil:
            return fail("'\(path)' does not exist in the page's folder", fix: "check the file's name")
        }
    }

    /// Adds the lines of `file` (between the markers, as a code block when asked) to the expansion.
    private static func insert(_ file: SourceText, values: [String: String], directiveLine: Int, into expansion: inout Expansion, source: SourceText) {
        let lines = file.text.split(separator: "\n", omittingEmptySubsequences: false)
        var first = 0
        var last = lines.count
        if lines.last?.isEmpty == true { last -= 1 }
        if let marker = values["start-after"], let found = lines.firstIndex(where: { $0.contains(marker) }) { first = found + 1 }
        if let marker = values["end-before"], let found = lines[first...].firstIndex(where: { $0.contains(marker) }) { last = min(last, found) }
        let index = expansion.map.add(file: file)
        let asCode = values["code"] != nil || values["literal"] != nil
        let fence = String(repeating: "`", count: max(3, lines.map { $0.prefix { $0 == "`" }.count }.max().map { $0 + 1 } ?? 3))
        if asCode {
            expansion.text += fence + (values["code"] ?? "") + "\n"
            expansion.map.appendFileLines(from: directiveLine, count: 1)
        }
        for number in first..<max(first, last) {
            expansion.text += lines[number]
            expansion.text += "\n"
            expansion.map.appendFileLines(from: number + 1, count: 1, file: index)
        }
        if asCode {
            expansion.text += fence + "\n"
            expansion.map.appendFileLines(from: directiveLine, count: 1)
        }
    }

    /// Whether `{include}` occurs in the text at all: most pages have none, and are not read line by line.
    static func mentionsInclude(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            var start = 0
            while let brace = ByteScan.first(UInt8(ascii: "{"), in: bytes, from: start) {
                if UnsafeBufferPointer(rebasing: bytes[(brace + 1)...]).starts(with: "include}".utf8) { return true }
                start = brace + 1
            }
            return false
        }
    }
}
