/// The parts of the template context that show the resources' categories (`CategoryTree`): the
/// tree beside the resources index's filters, and the category page that holds every resource
/// under its category's heading.
extension PageContextBuilder {
    /// `section.category_tree` for a page of `layout` at `depth`: the categories nested as they
    /// are shown, each linking to its heading on the category page; nil when no resource has a
    /// category.
    func categoryTreeContext(_ layout: ListingLayout, depth: Int, onCategoryPage: Bool) -> TemplateValue? {
        guard let tree = layout.categories, !tree.isEmpty, let categoryPage = layout.categoryPage else { return nil }
        let pageURL = onCategoryPage ? "" : String(repeating: "../", count: depth) + pages[categoryPage].outputPath
        var next = 0
        // The nodes come parent first, each followed by the ones below it: a node's children are
        // the run of deeper nodes after it.
        func children(deeperThan level: Int) -> [TemplateValue] {
            var list: [TemplateValue] = []
            while next < tree.nodes.count, tree.nodes[next].depth > level {
                let node = tree.nodes[next]
                next += 1
                list.append(.record([
                    "name": .text(node.name), "path": .text(node.path), "anchor": .text(node.anchor), "token": .text(CategoryPath.token(of: node.path)),
                    "url": .text(pageURL + "#" + node.anchor), "count": .number(node.count),
                    "children": .list(children(deeperThan: node.depth)),
                ]))
            }
            return list
        }
        var record: TemplateRecord = ["nodes": .list(children(deeperThan: 0)), "count": .number(tree.nodes.reduce(0) { $0 + ($1.depth == 1 ? $1.count : 0) })]
        // The category page's own tree heading links nowhere: the page is where it would go.
        if !onCategoryPage { record["url"] = .text(pageURL) }
        if !tree.uncategorised.isEmpty {
            record["uncategorised"] = .record(["count": .number(tree.uncategorised.count), "url": .text(pageURL + "#" + CategoryTree.uncategorisedAnchor)])
        }
        return .record(record)
    }

    /// `section.category_groups` of the category page at `depth`: each category shown, in the
    /// tree's order, with the resources whose category it is, then the resources without one.
    func categoryGroupsContext(_ tree: CategoryTree, depth: Int) -> TemplateValue {
        var groups: [TemplateValue] = tree.nodes.map { node in
            .record([
                "name": .text(node.name), "path": .text(node.path), "anchor": .text(node.anchor), "count": .number(node.count),
                "path_label": .text(node.path.split(separator: "/").joined(separator: " › ")),
                "heading": .number(node.headingLevel), "items": refs(node.items, depth: depth),
            ])
        }
        if !tree.uncategorised.isEmpty {
            groups.append(.record([
                "name": .text(CategoryTree.uncategorisedName), "path": .text(""), "anchor": .text(CategoryTree.uncategorisedAnchor),
                "count": .number(tree.uncategorised.count), "path_label": .text(CategoryTree.uncategorisedName), "heading": .number(2),
                "items": refs(tree.uncategorised, depth: depth),
            ]))
        }
        return .list(groups)
    }

    /// `resource.category` of resource `position` at `depth`: its path, and the link to its
    /// heading on the category page; nil for a resource without a category.
    func resourceCategoryContext(_ position: Int, depth: Int) -> TemplateValue? {
        guard let path = pages[position].frontMatter.text("category"), let owner = sectionPositions["resources"], let layout = graph.listings[owner],
              let categoryPage = layout.categoryPage, let anchor = layout.categories?.anchors[path] else { return nil }
        return .record([
            "path": .text(path), "name": .text(CategoryPath.name(of: path)), "path_label": .text(path.split(separator: "/").joined(separator: " › ")),
            "url": .text(String(repeating: "../", count: depth) + pages[categoryPage].outputPath + "#" + anchor),
        ])
    }

    /// The `section` record of the category page `position`, a page of `layout`.
    func categoryPageContext(_ position: Int, layout: ListingLayout, depth: Int) -> TemplateValue {
        let owner = pages[layout.owner]
        var context: TemplateRecord = ["title": .text(pages[position].title), "index_url": .text("../index.html")]
        context.set("summary", owner.summary)
        if let tree = layout.categories {
            context["category_tree"] = categoryTreeContext(layout, depth: depth, onCategoryPage: true)
            context["category_groups"] = categoryGroupsContext(tree, depth: depth)
        }
        return .record(context)
    }
}
