/// The data script of a listing split into pages (`LISTING/listing.js`): every card of the whole
/// listing, grouped as the listing is, rendered with the theme's `card` partial. The filters load
/// it as a script (which works from disk, where `fetch` does not) to filter the whole listing
/// rather than the page in view; it calls
/// `window.portalListingLoaded({"version": 1, "total": N, "page_size": K, "root": "../../../", "groups": [{"id", "label", "cards": [HTML, …]}, …]})`.
///
/// The cards are written for the folder of the listing's later pages (`LISTING/page/K/`), whose
/// cards the build keeps anyway, so that the script adds no card of its own to the fragment cache
/// but the first page's; `root` is the way from there to the site root, which starts each
/// relative link of a card, and which a page showing them replaces with its own.
enum ListingData {
    /// The data script's name, beside the listing's first page.
    static let fileName = "listing.js"

    /// The script for `layout`; the cards come from `fragments` where the pages already rendered them.
    static func script(_ layout: ListingLayout, contexts: PageContextBuilder, templates: TemplateSet, fragments: FragmentCache) -> String {
        let depth = PageContextBuilder.depth(of: contexts.pages[layout.owner].outputDirectory) + 2
        let groups = layout.groups.isEmpty ? [ListingLayout.Group(id: "", label: "", items: layout.items)] : layout.groups
        let value = JSONValue.object([
            "version": .number(1),
            "total": .number(layout.items.count),
            "page_size": .number(layout.pageSize),
            "root": .string(String(repeating: "../", count: depth)),
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
