/// The data script of a listing split into pages (`LISTING/listing.js`): every card of the whole
/// listing, grouped as the listing is, rendered with the theme's `card` partial for the listing's
/// first page. The filters load it as a script (which works from disk, where `fetch` does not)
/// to filter the whole listing rather than the page in view; it calls
/// `window.portalListingLoaded({"version": 1, "total": N, "page_size": K, "groups": [{"id", "label", "cards": [HTML, …]}, …]})`.
enum ListingData {
    /// The data script's name, beside the listing's first page.
    static let fileName = "listing.js"

    /// The script for `layout`; the cards come from `fragments` where the pages already rendered them.
    static func script(_ layout: ListingLayout, contexts: PageContextBuilder, templates: TemplateSet, fragments: FragmentCache) -> String {
        let depth = PageContextBuilder.depth(of: contexts.pages[layout.owner].outputDirectory)
        let groups = layout.groups.isEmpty ? [ListingLayout.Group(id: "", label: "", items: layout.items)] : layout.groups
        let value = JSONValue.object([
            "version": .number(1),
            "total": .number(layout.items.count),
            "page_size": .number(layout.pageSize),
            "groups": .array(groups.map { group in
                .object([
                    "id": .string(group.id), "label": .string(group.label),
                    "cards": .array(group.items.map { item in
                        .string(templates.renderer.render(partial: "card", over: contexts.ref(item, depth: depth), fragments: fragments))
                    }),
                ])
            }),
        ])
        var text = "window.portalListingLoaded("
        value.write(into: &text)
        text += ");\n"
        return text
    }
}
