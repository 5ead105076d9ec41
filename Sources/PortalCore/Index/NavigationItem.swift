/// A menu entry resolved to a page.
struct NavigationItem: Sendable {
    let title: String
    /// The target's HTML path relative to the site root.
    let outputPath: String
    /// The first folder of the target's output path, to mark the menu item of the current section.
    let section: String

    /// Resolves the menu of `settings` against the site, reporting links that lead nowhere.
    static func resolve(_ settings: SiteSettings, pages: [Page], index: SiteIndex, sink: DiagnosticSink) -> [NavigationItem] {
        var items: [NavigationItem] = []
        for entry in settings.navigation {
            let link = entry.link.value
            let folder = link.hasSuffix("/") ? String(link.dropLast()) : link
            var target: Int?
            if link.hasSuffix(".md") {
                target = index.pageBySource[link]
            } else if ContentKind.sectionFolders.contains(folder) {
                target = index.page(kind: .section, id: folder)
            } else if folder == "tags" {
                target = index.page(kind: .tags, id: "tags")
            }
            guard let position = target else {
                if let source = settings.source {
                    let candidates = index.pageBySource.keys.map { $0 } + ContentKind.sectionFolders.map { "\($0)/" } + ["tags/"]
                    sink.add(source.error("settings.bad-link", "the menu link '\(link)' leads to no page", line: entry.link.line, column: entry.link.column,
                                          fix: Suggestion.didYouMean(link, in: candidates) ?? "use a content path such as 'pages/about.md' or a section such as 'tutorials/'"))
                }
                continue
            }
            let page = pages[position]
            let section = page.outputDirectory.split(separator: "/").first.map(String.init) ?? ""
            items.append(NavigationItem(title: entry.title, outputPath: page.outputPath, section: section))
        }
        return items
    }
}
