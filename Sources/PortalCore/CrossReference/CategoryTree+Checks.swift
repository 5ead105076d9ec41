/// What stage 6 reports about categories: a resource's category the section's list does not
/// hold, a listed category no resource is in, a list on another section's index, and a resource
/// whose page would take the category page's address.
extension CategoryTree {
    /// Reports every problem of the categories of `pages`, the whole site's.
    static func check(pages: [Page], sink: DiagnosticSink) {
        var section: Page?
        var categorised: [Page] = []
        for page in pages where page.listingPart == nil {
            switch page.kind {
            case .section where page.id == "resources":
                section = page
            case .section, .tags, .tag:
                if let source = page.source, let field = page.frontMatter.values["categories"] {
                    sink.add(source.error("frontmatter.bad-value", "'categories' orders the resources' categories, so only resources/_index.md may list them",
                                          line: field.line, column: field.column, fix: "move the list to resources/_index.md, or remove it"))
                }
            case .resource where page.frontMatter.text("category") != nil:
                categorised.append(page)
            default:
                break
            }
        }
        if let clash = categorised.isEmpty ? nil : pages.first(where: { $0.kind == .resource && $0.id == folder }), let source = clash.source {
            let at = clash.frontMatter.position(of: "title")
            sink.add(source.error("resource.reserved-id", "the id '\(folder)' is the address of the category page (resources/\(folder)/), which resources with a category make",
                                  line: at.line, column: at.column, fix: "rename the file (or the BibTeX key) to give the resource another id"))
        }
        let listed = section?.frontMatter.list("categories") ?? []
        guard !listed.isEmpty else { return }
        let listedPaths = listed.map(\.value)
        let listedSet = Set(listedPaths)
        var used: Set<String> = []
        for page in categorised {
            guard let path = page.frontMatter.text("category"), let field = page.frontMatter.values["category"] else { continue }
            var ancestor: String? = path
            while let current = ancestor, used.insert(current).inserted { ancestor = CategoryPath.parent(of: current) }
            guard !listedSet.contains(path), let source = page.source else { continue }
            let fix = unlistedFix(path, listed: listedPaths)
            sink.add(source.diagnostic(.warning, "resource.unlisted-category", "the category '\(path)' is not in the list of categories of resources/_index.md, so it is shown after them",
                                       line: field.line, column: field.column, fix: fix))
        }
        guard let source = section?.source else { return }
        for item in listed where !used.contains(item.value) {
            sink.add(source.diagnostic(.warning, "resource.empty-category", "no resource is in the category '\(item.value)' or one below it, so it is not shown",
                                       line: item.line, column: item.column, fix: "give a resource 'category: \(item.value)', or remove it from the list"))
        }
    }

    /// The fix for a category `path` the section's list does not hold: the closest of the `listed`
    /// paths when one is near (a typo is the usual cause), else adding it to the list.
    static func unlistedFix(_ path: String, listed: [String]) -> String {
        Suggestion.closest(to: path, in: listed).map { "did you mean '\($0)'? Otherwise add '\(path)' to 'categories' in resources/_index.md" }
            ?? "add '\(path)' to 'categories' in resources/_index.md"
    }
}
