import Foundation
import PortalMarkdown

/// What the Markdown stage reads of a body besides rendering it (its lines, whether it names the
/// contents), and the problems it reports: a title the body repeats, ids and anchors.
extension MarkdownStage {
    /// How many line breaks `text` holds: counted with memchr, where a count through the string's
    /// UTF-8 view costs tens of instructions a byte.
    static func lineCount(of text: Substring) -> Int {
        let count = text.utf8.withContiguousStorageIfAvailable { bytes in
            var count = 0
            var next = 0
            while let found = ByteScan.first(0x0A, in: bytes, from: next) {
                count += 1
                next = found + 1
            }
            return count
        }
        return count ?? text.utf8.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
    }

    /// Whether `text` holds `{tableofcontents}` or `{toctree}`: looked for before any page list is made.
    static func mentionsContents(_ text: Substring) -> Bool {
        // Every body pays this scan, and pages of formulas hold a `{` every few bytes: memchr finds
        // them where an element-by-element search through the view would visit every byte.
        if let found = text.utf8.withContiguousStorageIfAvailable(mentionsContents(bytes:)) { return found }
        let utf8 = text.utf8
        var index = utf8.startIndex
        while let brace = utf8[index...].firstIndex(of: UInt8(ascii: "{")) {
            let rest = utf8[utf8.index(after: brace)...]
            if rest.starts(with: "tableofcontents}".utf8) || rest.starts(with: "toctree}".utf8) { return true }
            index = utf8.index(after: brace)
        }
        return false
    }

    private static func mentionsContents(bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var start = 0
        while let brace = ByteScan.first(UInt8(ascii: "{"), in: bytes, from: start) {
            let next = brace + 1
            start = next
            guard next < bytes.count, bytes[next] == UInt8(ascii: "t") else { continue }
            let rest = UnsafeBufferPointer(rebasing: bytes[next...])
            if rest.starts(with: "tableofcontents}".utf8) || rest.starts(with: "toctree}".utf8) { return true }
        }
        return false
    }

    /// The parts of the series `page` is, or is a part of, as the list a MyST `{tableofcontents}` shows; nil outside a series.
    static func seriesContents(of page: Page, pages: [Page]) -> String? {
        guard let series = page.kind == .series ? page.id : page.frontMatter.text("series") else { return nil }
        let parts = pages.filter { $0.kind == .tutorial && $0.frontMatter.text("series") == series }
            .sorted { ($0.frontMatter.integer("part") ?? .max, $0.title) < ($1.frontMatter.integer("part") ?? .max, $1.title) }
        guard !parts.isEmpty else { return nil }
        var html = "<nav class=\"contents\" aria-label=\"Parts of this series\">\n<ol class=\"series-parts\">\n"
        for part in parts {
            let title = HTMLEscaping.escape(part.title)
            html += part.outputPath == page.outputPath
                ? "<li class=\"is-current\"><span aria-current=\"page\">\(title)</span></li>\n"
                : "<li><a href=\"\(HTMLEscaping.escape(SitePath.relativeURL(from: page.outputDirectory, to: part.outputPath)))\">\(title)</a></li>\n"
        }
        return html + "</ol>\n</nav>\n"
    }

    /// A warning when the body starts with a heading that repeats the page's title, which the page
    /// shows already: MkDocs and Jupyter Book pages start so.
    static func repeatedTitle(_ rendered: RenderedMarkdown, page: Page, body: PageBody) -> Diagnostic? {
        guard let source = body.source, let first = rendered.headings.first else { return nil }
        // The line of the body's first character other than a space.
        var line = 1
        for byte in body.text.utf8 {
            if byte == 0x0A {
                line += 1
            } else if byte != 0x20, byte != 0x09, byte != 0x0D {
                break
            }
        }
        // A heading's text and a title have no spaces around them; Foundation's comparisons would bridge both strings.
        guard first.line == line, first.text.count == page.title.count, first.text.lowercased() == page.title.lowercased() else { return nil }
        return source.diagnostic(.warning, "markdown.repeated-title", "the heading \"\(first.text)\" repeats the page's title, which the page shows above it",
                                 line: page.bodyFirstLine + first.line - 1, column: 1, fix: "remove the heading: the title comes from the front-matter")
    }

    /// Anchors a page has besides its headings: the group headings the section templates write.
    static func generatedAnchors(of page: Page) -> [String] {
        guard page.kind == .section else { return [] }
        switch page.id {
        case "resources": return FrontMatterSchema.resourceTypes
        case "tutorials": return ["series"] + FrontMatterSchema.levels
        default: return []
        }
    }

    /// The problems the Markdown module found in a body, or its refusal to parse it, at their lines in the page's file.
    static func diagnostics(of rendered: RenderedMarkdown, source: SourceText?, bodyFirstLine: Int) -> [Diagnostic] {
        guard let source else { return [] }
        let problems = rendered.problems.map { problem in
            // Math problems carry their own family (`math.unknown-command`).
            source.diagnostic(problem.isWarning ? .warning : .error, problem.kind.contains(".") ? problem.kind : "markdown.\(problem.kind)", problem.message,
                              line: bodyFirstLine + problem.line - 1, column: problem.column, fix: problem.fix)
        }
        guard let refusal = rendered.refusal else { return problems }
        return [source.error(refusal.reason == .shape ? "markdown.too-complex" : "markdown.too-slow", refusal.message, line: bodyFirstLine + refusal.line - 1, column: refusal.column,
                             fix: refusal.fix)]
    }

    /// The diagnostics of every `#fragment` that is not an anchor of its target page.
    static func checkAnchors(_ checks: [AnchorCheck], pages: [Page]) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var anchorsByPage: [Int: Set<String>] = [:]
        // As for links: at most so many broken anchors listed per page, the rest counted.
        var listedByPage: [Int: Int] = [:]
        var unlistedByPage: [Int: (count: Int, line: Int)] = [:]
        for check in checks {
            let target = pages[check.target]
            let anchors = anchorsByPage[check.target] ?? {
                let set = Set(target.headings.map(\.id) + target.equationAnchors + generatedAnchors(of: target))
                anchorsByPage[check.target] = set
                return set
            }()
            let fragment = check.fragment.removingPercentEncoding ?? check.fragment
            guard !anchors.contains(fragment), let source = pages[check.from].source else { continue }
            guard listedByPage[check.from, default: 0] < LinkResolver.maximumListed else {
                let previous = unlistedByPage[check.from] ?? (count: 0, line: check.line)
                unlistedByPage[check.from] = (previous.count + 1, previous.line)
                continue
            }
            listedByPage[check.from, default: 0] += 1
            let where_ = check.from == check.target ? "this page" : (target.sourcePath ?? target.id)
            let closest = Suggestion.closest(to: fragment, in: anchors)
            diagnostics.append(source.error(
                "link.broken-anchor", "'#\(check.fragment)' is not a heading or a labelled equation on \(where_)",
                line: check.line, column: check.column,
                fix: closest.map { "did you mean '#\($0)'?" } ?? (anchors.isEmpty ? "that page has no headings" : nil)
            ))
        }
        for (position, unlisted) in unlistedByPage.sorted(by: { $0.key < $1.key }) {
            guard let source = pages[position].source else { continue }
            diagnostics.append(source.error("link.too-many", "\(unlisted.count) more broken anchors in this file are not listed", line: unlisted.line, column: 1,
                                            fix: "fix the ones listed and build again"))
        }
        return diagnostics
    }
}
