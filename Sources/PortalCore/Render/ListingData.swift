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
    ///
    /// Written as `JSONValue` writes an object (keys sorted, strings escaped alike), but each card's
    /// JSON string is the one `FragmentCache.json(for:)` keeps with the card: a part written again
    /// escapes only the cards rendered again, where the whole part was escaped each time.
    static func script(_ layout: ListingLayout, part: Int, contexts: PageContextBuilder, templates: TemplateSet, fragments: FragmentCache) -> String {
        let depth = PageContextBuilder.depth(of: contexts.pages[layout.owner].outputDirectory) + 2
        var text = "window.portalListingLoaded({\"groups\":["
        for (index, group) in layout.groups(ofDataPart: part).enumerated() {
            if index > 0 { text += "," }
            text += "{\"cards\":["
            for (place, item) in group.items.enumerated() {
                if place > 0 { text += "," }
                let ref = contexts.ref(item, depth: depth)
                let key = FragmentCache.Key(partial: "card", item: ref)
                if let key, let json = fragments.json(for: key) {
                    text += json
                    continue
                }
                let card = templates.renderer.render(partial: "card", over: ref, fragments: fragments)
                text += key.flatMap { fragments.json(for: $0) } ?? JSONValue.string(card).text
            }
            text += "],\"id\":" + JSONValue.string(group.id).text + ",\"label\":" + JSONValue.string(group.label).text + "}"
        }
        text += "],\"page_size\":\(layout.pageSize),\"part\":\(part),\"parts\":\(layout.dataPartCount),"
        text += "\"root\":" + JSONValue.string(String(repeating: "../", count: depth)).text + ",\"total\":\(layout.items.count),\"version\":2});\n"
        return text
    }
}
