import Foundation
import PortalMarkdown

/// Citations (`[@key]`, `@key`) in the author-year style of docs/editing.md, linking to the cited
/// resource's page, and the References list they give the page.
extension LinkResolver {
    mutating func resolve(_ citation: MarkdownCitation) -> CitationRendering? {
        guard let works else { return nil }
        var found: [(item: MarkdownCitation.Item, work: CitedWorks.Work)] = []
        var unknown = false
        for item in citation.items {
            if let work = works.work(forKey: item.key) {
                found.append((item, work))
                continue
            }
            // `@name` that names no work is text: a handle, or an address the scan did not take for one.
            guard !citation.isNarrative else { return nil }
            unknown = true
            let written = TextSearch.range(of: "@" + item.key, in: citation.text).map { citation.text.distance(from: citation.text.startIndex, to: $0.lowerBound) } ?? 0
            let closest = listed.count < Self.maximumListed ? Suggestion.closest(to: item.key, in: works.keys) : nil
            report(.error, "citation.unknown-key", "'@\(item.key)' is not the key of any resource, so this citation cannot link to it",
                   line: page.bodyFirstLine + citation.line - 1, column: citation.column + written,
                   fix: closest.map { "did you mean '@\($0)'?" } ?? "add the work to content/resources/ (a Markdown file or a .bib entry), or correct the key")
        }
        guard !unknown else { return nil }
        for entry in found {
            references.append(PageReference(from: pageIndex, to: entry.work.page))
            if citedPages.insert(entry.work.page).inserted { cited.append(entry.work) }
        }
        var html = "", markdown = "", plain = ""
        func add(_ text: String) {
            html += HTMLEscaping.escape(text)
            markdown += MarkdownEscaping.inline(text)
            plain += text
        }
        func link(_ text: String, to work: CitedWorks.Work) {
            let url = SitePath.relativeURL(from: page.outputDirectory, to: work.outputPath)
            // A work without authors is named by its title, whose formulas show as math.
            let shown = work.isNamedByTitle && text.hasPrefix(work.title) ? work.titleHTML + HTMLEscaping.escape(String(text.dropFirst(work.title.count))) : HTMLEscaping.escape(text)
            html += "<a class=\"citation\" href=\"\(HTMLEscaping.escape(url))\" title=\"\(HTMLEscaping.escape(work.title))\">\(shown)</a>"
            markdown += "[\(MarkdownEscaping.inline(text))](\(Self.twinURL(url)))"
            plain += text
        }
        if citation.isNarrative, let (item, work) = found.first {
            link(work.label, to: work)
            add(" (" + work.year + Self.locator(item.suffix) + ")")
        } else {
            add("(")
            for (position, entry) in found.enumerated() {
                if position > 0 { add("; ") }
                if !entry.item.prefix.isEmpty { add(entry.item.prefix + " ") }
                link(entry.item.suppressesAuthor ? entry.work.year : entry.work.label + " " + entry.work.year, to: entry.work)
                add(Self.locator(entry.item.suffix))
            }
            add(")")
        }
        return CitationRendering(html: html, markdown: markdown, plainText: plain)
    }


    /// The text after a key: `, p. 3` as written, and `p. 3` after a comma.
    private static func locator(_ suffix: String) -> String {
        guard let first = suffix.unicodeScalars.first else { return "" }
        return CharacterSet.punctuationCharacters.contains(first) ? suffix : ", " + suffix
    }

    /// A page's address as its Markdown twin's.
    static func twinURL(_ url: String) -> String {
        url.hasSuffix("index.html") ? String(url.dropLast("index.html".count)) + "index.md" : url
    }

    /// The page's References list: each cited work in the order first cited, as HTML and as
    /// Markdown, under a heading with the id `references` (or `references-list` when a heading of the
    /// body has it already).
    func referenceList(headings: [MarkdownHeading], anchorLabel: String, line: @autoclosure () -> Int) -> (html: String, markdown: String, heading: MarkdownHeading)? {
        guard !cited.isEmpty else { return nil }
        let id = headings.contains { $0.id == "references" } ? "references-list" : "references"
        var html = "<section class=\"references\" aria-labelledby=\"\(id)\">\n<h2 id=\"\(id)\">References <a class=\"anchor\" href=\"#\(id)\" aria-label=\"\(HTMLEscaping.escape(anchorLabel))\">#</a></h2>\n<ol class=\"reference-list\">\n"
        var markdown = "\n\n## References\n\n"
        for (number, work) in cited.enumerated() {
            let target = pages[work.page]
            let url = SitePath.relativeURL(from: page.outputDirectory, to: target.outputPath)
            let lead = work.authors.isEmpty ? "" : work.authors + " "
            html += "<li id=\"ref-\(target.id)\">\(HTMLEscaping.escape(lead))(\(HTMLEscaping.escape(work.year))). <a href=\"\(HTMLEscaping.escape(url))\">\(work.titleHTML)</a>. \(work.type)."
            markdown += "\(number + 1). \(MarkdownEscaping.inline(lead))(\(work.year)). [\(MarkdownEscaping.inline(work.title))](\(Self.twinURL(url))). \(work.type)."
            if let identifier = work.identifier {
                let shown = (identifier.scheme == .doi ? "doi:" : "arXiv:") + identifier.value
                html += " <a href=\"\(HTMLEscaping.escape(identifier.url))\">\(HTMLEscaping.escape(shown))</a>"
                markdown += " [\(MarkdownEscaping.inline(shown))](<\(identifier.url)>)"
            }
            html += "</li>\n"
            markdown += "\n"
        }
        html += "</ol>\n</section>\n"
        return (html, markdown, MarkdownHeading(level: 2, text: "References", id: id, line: line()))
    }
}
