import Foundation
import PortalMarkdown

/// A link from one page to another, found in a body or in front-matter.
struct PageReference: Sendable, Hashable {
    let from: Int
    let to: Int
}

/// A `#fragment` to check once every page's headings are known.
struct AnchorCheck: Sendable {
    let from: Int
    let target: Int
    let fragment: String
    let line: Int
    let column: Int
}

/// Resolves the links of one page body: rewrites `.md` paths to relative URLs and checks every target.
struct LinkResolver: MarkdownLinkResolving {
    let pageIndex: Int
    let page: Page
    let index: SiteIndex
    let pages: [Page]
    /// The page's file, which the diagnostics show lines of.
    let source: SourceText?

    /// At most this many problems are listed per page; the rest are counted. A page with thousands
    /// of broken links would otherwise spend minutes on suggestions and fill the terminal.
    static let maximumListed = DiagnosticLimit.perFileAndID

    private(set) var listed: [Diagnostic] = []
    /// Problems found after the limit: how many, the first one's line, and whether any is an error.
    private var unlisted: (count: Int, line: Int, hasErrors: Bool)?
    /// Every link and citation to another page (citations add to the cited resource's backlinks).
    var references: [PageReference] = []
    private(set) var anchorChecks: [AnchorCheck] = []
    /// Content files (not pages) the body links to, so a cached rendering can tell when one disappears.
    private(set) var staticTargets: [String] = []
    /// HTML destinations this resolver pointed at pages, whose Markdown twins the twin should link instead.
    private var pageDestinations: Set<String> = []
    /// The works citations may name; nil when the body cites nothing (it holds no `@`).
    let works: CitedWorks?
    /// The works cited, in the order first cited: the page's References list.
    var cited: [CitedWorks.Work] = []
    var citedPages: Set<Int> = []

    init(pageIndex: Int, pages: [Page], index: SiteIndex, source: SourceText?, works: CitedWorks? = nil) {
        self.pageIndex = pageIndex
        self.page = pages[pageIndex]
        self.index = index
        self.pages = pages
        self.source = source
        self.works = works
    }

    /// The problems found, with one more that counts those past the limit.
    var diagnostics: [Diagnostic] {
        guard let unlisted, let source else { return listed }
        return listed + [source.diagnostic(
            unlisted.hasErrors ? .error : .warning, "link.too-many", "\(unlisted.count) more link problems in this file are not listed",
            line: unlisted.line, column: 1, fix: "fix the ones listed and build again"
        )]
    }

    mutating func resolve(_ link: MarkdownLink) -> String? {
        let line = page.bodyFirstLine + link.line - 1
        let column = link.column
        let destination = link.destination
        guard !destination.isEmpty else {
            report(.error, "link.empty", "this \(noun(link)) has no destination", line: line, column: column)
            return nil
        }
        // In raw HTML, an `<img>` has its alt text in `alt` (checked once, at its `src`); `<video>`, `<source>`, … have none.
        if link.kind == .image, link.htmlAttribute.map({ $0.element == "img" && $0.name == "src" }) ?? true, link.text.trimmingCharacters(in: .whitespaces).isEmpty {
            report(.warning, "image.no-alt", "the image '\(destination)' has no alt text, so screen-reader users cannot know what it shows",
                   line: line, column: column,
                   fix: link.htmlAttribute == nil ? "describe it between the brackets: ![what it shows](\(destination))" : "describe it in the tag: <img alt=\"what it shows\" …>")
        }
        if TextSearch.contains("\\", in: destination) {
            report(.error, "link.backslash", "'\(destination)' uses '\\'; links use '/' on every system", line: line, column: column,
                   fix: "write '\(destination.replacingOccurrences(of: "\\", with: "/"))'")
            return nil
        }
        if let scheme = ScriptURL.refusedScheme(in: destination) {
            report(.error, "link.unsafe-url", "this \(noun(link)) is a '\(scheme):' address, which could run code in the reader's browser; it is removed",
                   line: line, column: column,
                   fix: link.kind == .image ? "copy the image into content/ and link to it relatively" : "link to an http:// or https:// address instead")
            return nil
        }
        if destination.hasPrefix("//") {
            // Protocol-relative: the reader's scheme decides, and from disk that is `file://host/…`,
            // which opens nothing. Naming the scheme keeps the link working wherever the site is read.
            let host = destination.dropFirst(2).prefix { $0 != "/" && $0 != "?" && $0 != "#" }
            report(.error, "link.protocol-relative", "'\(destination)' has no scheme, so it breaks when the site is opened from disk", line: line, column: column,
                   fix: host.isEmpty ? "write a full https:// address" : "write 'https:\(destination)'")
            return nil
        }
        // A notebook's markdown cell shows the images attached to it as `attachment:NAME`.
        if let notebook = page.notebook, destination.hasPrefix("attachment:") {
            let name = String(destination.dropFirst("attachment:".count))
            if let file = notebook.attachment(name.removingPercentEncoding ?? name, line: line) { return file }
            report(.error, "link.broken", "this cell has no attachment named '\(name)'", line: line, column: column,
                   fix: "attach the image to the cell again (drag it into the cell in Jupyter), or save it beside the notebook and link it")
            return nil
        }
        if WebAddress.isExternal(destination) {
            let scheme = destination.prefix { $0 != ":" }.lowercased()
            if scheme.count == 1 || scheme == "file" {
                report(.error, "link.local-file", "'\(destination)' points into your own computer, which readers cannot open", line: line, column: column,
                       fix: "copy the file into content/ and link to it relatively")
            }
            return nil
        }

        var path = destination
        var fragment: String?
        var fragmentColumn = column
        if let hash = path.firstIndex(of: "#") {
            fragment = String(path[path.index(after: hash)...])
            fragmentColumn = column + path.distance(from: path.startIndex, to: hash)
            path = String(path[..<hash])
        }
        var query = ""
        if let question = path.firstIndex(of: "?") {
            query = String(path[question...])
            path = String(path[..<question])
        }
        let decodedPath = TextSearch.contains("%", in: path) ? (path.removingPercentEncoding ?? path) : path

        if decodedPath.isEmpty {
            if let fragment, !fragment.isEmpty {
                anchorChecks.append(AnchorCheck(from: pageIndex, target: pageIndex, fragment: fragment, line: line, column: fragmentColumn))
            }
            return nil
        }
        if decodedPath.hasPrefix("/") {
            let relative = SitePath.resolve(String(decodedPath.dropFirst()), against: "").map { relativeSourcePath(to: $0) }
            report(.error, "link.absolute", "'\(destination)' starts with '/', which breaks when the site is served under a sub-path or opened from disk",
                   line: line, column: column, fix: relative.map { "link relative to this file, e.g. '\($0)'" })
            return nil
        }
        guard let target = SitePath.resolve(decodedPath, against: page.sourceDirectory) else {
            report(.error, "link.outside-content", "'\(destination)' points outside the content folder", line: line, column: column)
            return nil
        }
        let suffix = query + (fragment.map { "#\($0)" } ?? "")

        if let targetIndex = index.pageBySource[target] {
            references.append(PageReference(from: pageIndex, to: targetIndex))
            if let fragment, !fragment.isEmpty {
                anchorChecks.append(AnchorCheck(from: pageIndex, target: targetIndex, fragment: fragment, line: line, column: fragmentColumn))
            }
            if link.kind == .image {
                report(.error, "link.image-is-page", "the image '\(destination)' is a page, not an image file", line: line, column: column)
            }
            let url = SitePath.relativeURL(from: page.outputDirectory, to: pages[targetIndex].outputPath) + suffix
            pageDestinations.insert(url)
            return url
        }
        if index.staticFiles.contains(target) {
            staticTargets.append(target)
            return SitePath.relativeURL(from: page.outputDirectory, to: SitePath.outputPath(ofContentFile: target)) + suffix
        }
        if index.draftSources.contains(target) {
            report(.error, "link.draft", "'\(destination)' is a draft and is left out of this build", line: line, column: column,
                   fix: "publish it (remove 'draft: true'), remove the link, or build with --drafts")
            return nil
        }
        let folder = target.hasSuffix("/") ? String(target.dropLast()) : target
        if ContentKind.sectionFolders.contains(folder), let section = index.page(kind: .section, id: folder) {
            references.append(PageReference(from: pageIndex, to: section))
            return SitePath.relativeURL(from: page.outputDirectory, to: pages[section].outputPath) + suffix
        }
        if index.directories.contains(folder) {
            let candidates = ["\(folder)/index.md", "\(folder)/_index.md"].filter { index.pageBySource[$0] != nil }
            report(.error, "link.directory", "'\(destination)' is a folder, not a page or a file", line: line, column: column,
                   fix: candidates.first.map { "link to '\(relativeSourcePath(to: $0))'" })
            return nil
        }
        if !decodedPath.hasSuffix(".md"), index.pageBySource[target + ".md"] != nil {
            report(.error, "link.broken", "'\(destination)' does not exist", line: line, column: column,
                   fix: "link to the Markdown file: '\(relativeSourcePath(to: target + ".md"))'")
            return nil
        }
        // Suggestions cost a comparison with every target: none once the list is full.
        let closest = listed.count < Self.maximumListed ? Suggestion.closest(to: target, in: index.linkTargets) : nil
        report(.error, "link.broken", "'\(destination)' does not exist", line: line, column: column,
               fix: closest.map { "did you mean '\(relativeSourcePath(to: $0))'?" })
        return nil
    }

    /// In the Markdown twin, a link to a page goes to that page's twin (`index.md`).
    func markdownDestination(for link: MarkdownLink, htmlDestination: String) -> String {
        guard pageDestinations.contains(htmlDestination), let range = TextSearch.range(of: "index.html", in: htmlDestination) else { return htmlDestination }
        var destination = htmlDestination
        destination.replaceSubrange(range, with: "index.md")
        return destination
    }

    private func noun(_ link: MarkdownLink) -> String {
        if let html = link.htmlAttribute { return "<\(html.element) \(html.name)>" }
        return link.kind == .image ? "image" : "link"
    }

    /// `target` (a content path) written relative to this page's source folder.
    private func relativeSourcePath(to target: String) -> String {
        let fromParts = page.sourceDirectory.isEmpty ? [] : page.sourceDirectory.split(separator: "/")
        let toParts = target.split(separator: "/")
        var common = 0
        while common < fromParts.count, common < toParts.count - 1, fromParts[common] == toParts[common] {
            common += 1
        }
        return String(repeating: "../", count: fromParts.count - common) + toParts[common...].joined(separator: "/")
    }

    /// Lists a problem, or only counts it past the limit.
    mutating func report(_ severity: Diagnostic.Severity, _ id: String, _ message: String, line: Int, column: Int, fix: String? = nil) {
        guard let source else { return }
        guard listed.count < Self.maximumListed else {
            let previous = unlisted ?? (count: 0, line: line, hasErrors: false)
            unlisted = (previous.count + 1, previous.line, previous.hasErrors || severity == .error)
            return
        }
        listed.append(source.diagnostic(severity, id, message, line: line, column: column, fix: fix))
    }
}
