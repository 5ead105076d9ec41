/// The data script of a listing split into pages: every card of the whole listing, grouped as
/// the listing is, rendered with the theme's `card` partial, in parts of `ListingLayout.dataPartSize`
/// cards (`LISTING/listing.js`, then `LISTING/listing-2.js`, …), so that a card edited is written
/// again with its part only. The filters load the parts as scripts (which works from disk, where
/// `fetch` does not) to filter the whole listing rather than the page in view; each calls
/// `window.portalListingLoaded({"version": 2, "part": P, "parts": N, "total": T, "page_size": K, "root": "../../../", "groups": [{"id", "label", "cards": [HTML, …]}, …]})`
/// with the groups its cards are in (a group split between parts is in both, its cards in order).
///
/// The cards are written for the folder of the listing's later pages (`LISTING/page/K/`), whose
/// cards the build keeps anyway, so that the script adds no card of its own to the fragment cache
/// but the first page's; `root` is the way from there to the site root, which starts each
/// relative link of a card, and which a page showing them replaces with its own.
enum ListingData {
    /// The file name of part `number` (from 1) of a data script, beside the listing's first page.
    static func fileName(part number: Int) -> String {
        number == 1 ? "listing.js" : "listing-\(number).js"
    }

    /// Part `part` of the script for `layout`; the cards come from `fragments` where the pages already rendered them.
    static func script(_ layout: ListingLayout, part: Int, contexts: PageContextBuilder, templates: TemplateSet, fragments: FragmentCache) -> String {
        let depth = PageContextBuilder.depth(of: contexts.pages[layout.owner].outputDirectory) + 2
        let value = JSONValue.object([
            "version": .number(2),
            "part": .number(part),
            "parts": .number(layout.dataPartCount),
            "total": .number(layout.items.count),
            "page_size": .number(layout.pageSize),
            "root": .string(String(repeating: "../", count: depth)),
            "groups": .array(layout.groups(ofDataPart: part).map { group in
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
