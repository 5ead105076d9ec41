import Foundation
@testable import PortalCore
import PortalTestSupport
import Testing

/// Long listings split into pages: `listings: {page_size}` in site.yml, the pages' addresses and
/// context, the data script the filters load, and the reader files that stay whole.
@Suite("Paginated listings")
struct PaginationTests {
    /// The minimal theme, with the tutorials and tag listings, `<title>` and the pagination bar
    /// written as tests look for them, and the `card` partial the data script renders.
    static let theme: [String: String] = {
        var theme = TestSite.minimalTheme
        let bar = "{{#page.pagination}}<nav class=\"pages\" data-total=\"{{total}}\" data-range=\"{{first_item}}-{{last_item}}\">"
            + "{{#previous}}<a rel=\"prev\" href=\"{{url}}\">previous</a>{{/previous}}"
            + "{{#pages}}{{#gap}}<span class=\"gap\">…</span>{{/gap}}{{^gap}}<a class=\"number\" href=\"{{url}}\"{{#current}} aria-current=\"page\"{{/current}}>{{number}}</a>{{/gap}}{{/pages}}"
            + "{{#next}}<a rel=\"next\" href=\"{{url}}\">next</a>{{/next}}"
            + "{{#data_url}}<a class=\"data\" href=\"{{data_url}}\">data</a>{{/data_url}}</nav>{{/page.pagination}}"
        theme["base.mustache"] = (theme["base.mustache"] ?? "")
            .replacingOccurrences(of: "<title>{{page.title}}", with: "<title>{{page.title}}{{#page.pagination}} (page {{number}} of {{count}}){{/page.pagination}}")
            .replacingOccurrences(of: "</head>", with: "<link rel=\"alternate\" type=\"text/markdown\" href=\"{{page.markdown_url}}\">"
                                                    + "{{#page.canonical_url}}<link rel=\"canonical\" href=\"{{page.canonical_url}}\">{{/page.canonical_url}}</head>")
        theme["tutorials.mustache"] = "{{#section.groups}}<h2 id=\"{{id}}\"{{#continued}} class=\"continued\"{{/continued}}>{{label}} ({{count}})</h2>"
            + "{{#items}}{{> item}}{{/items}}{{/section.groups}}{{#section.group_links}}<a class=\"group\" href=\"{{url}}\">{{label}}</a>{{/section.group_links}}" + bar
        theme["tag.mustache"] = "{{#tag.groups}}<h2>{{label}}</h2>{{#items}}{{> item}}{{/items}}{{/tag.groups}}" + bar
        theme["partials/card.mustache"] = "<li class=\"card\" data-id=\"{{id}}\"><a href=\"{{url}}\">{{title}}</a></li>"
        return theme
    }()

    /// A site of `beginners` beginner and `advanced` advanced tutorials (titles `Tutorial b01`, …,
    /// `Tutorial b02`, …, so beginners come first within their level), all tagged `shared`.
    static func site(beginners: Int, advanced: Int = 0, pageSize: Int? = 5) throws -> TestSite {
        var files: [String: String] = Dictionary(files: TestSite.breakout("agentic-ai"))
        for number in 1...beginners {
            let (path, text) = TestSite.tutorial(String(format: "b%02d", number), extra: "tags: [shared]")
            files[path] = text
        }
        for number in stride(from: 1, through: advanced, by: 1) {
            let (path, text) = TestSite.tutorial(String(format: "a%02d", number), extra: "tags: [shared]")
            files[path] = text.replacingOccurrences(of: "level: beginner", with: "level: advanced")
        }
        let settings = TestSite.defaultSettings + (pageSize.map { "listings:\n  page_size: \($0)\n" } ?? "")
        return try TestSite(files, theme: theme, settings: settings)
    }

    /// The ids the items of a built listing page show, in order.
    static func items(_ html: String) -> [String] {
        html.components(separatedBy: "class=\"item\" href=\"").dropFirst().compactMap { $0.prefix { $0 != "\"" }.split(separator: "/").dropLast().last.map(String.init) }
    }

    @Test("A page size that is not a whole number from 5 to 1000 is an error at its value, with the range and the default in the fix")
    func pageSizeErrors() throws {
        for value in ["0", "many", "4", "1001", "12.5"] {
            let settings = TestSite.defaultSettings + "listings:\n  page_size: \(value)\n"
            let site = try TestSite([:], settings: settings)
            defer { site.cleanUp() }
            let report = site.build(output: nil)
            let error = try #require(report.only("settings.bad-page-size"), "\(value): \(report.summary)")
            #expect(error.message == "'\(value)' is not a page size: 'page_size' in 'listings' is how many items a page of a listing shows")
            #expect(error.fix == "write a whole number from 5 to 1000, such as 50 (the default)")
            let line = settings.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("page_size:") }.map { $0 + 1 }
            #expect(error.file.hasSuffix("content/site.yml"))
            #expect((error.line, error.column) == (line, 14))
        }
        let misspelt = try TestSite([:], settings: TestSite.defaultSettings + "listings:\n  page_sise: 20\n")
        defer { misspelt.cleanUp() }
        let unknown = try #require(misspelt.build(output: nil).only("frontmatter.unknown-key"))
        #expect(unknown.message == "unknown field 'page_sise' in 'listings'")
        #expect(unknown.fix == "did you mean 'page_size'?")
    }

    @Test("A page shows its run of the listing; a group split between pages is continued on the next, and each group says where it starts")
    func slicing() {
        let layout = ListingLayout(owner: 0, groups: [.init(id: "a", label: "A", items: [1, 2, 3]), .init(id: "b", label: "B", items: [4, 5, 6, 7, 8])],
                                   items: [], pageSize: 3)
        #expect(layout.items == [1, 2, 3, 4, 5, 6, 7, 8])
        #expect(layout.pageCount == 3)
        let second = layout.contents(ofPage: 2)
        #expect(second.items == [4, 5, 6])
        #expect(second.groups.map(\.group.id) == ["b"])
        #expect(second.groups.map(\.continued) == [false])
        let third = layout.contents(ofPage: 3)
        #expect(third.items == [7, 8])
        #expect(third.groups.map(\.continued) == [true])
        #expect(third.groups.map(\.firstPage) == [2])
        #expect(ListingLayout(owner: 0, groups: [], items: [], pageSize: 3).pageCount == 1)
    }

    @Test("The bar links the first and last pages and the current one's neighbours; a gap stands for two or more numbers, a single number is shown",
          arguments: [(1, 1, "1"), (1, 10, "1 2 … 10"), (5, 10, "1 … 4 5 6 … 10"), (3, 10, "1 2 3 4 … 10"), (10, 10, "1 … 9 10"), (4, 7, "1 2 3 4 5 6 7")])
    func shownNumbers(current: Int, count: Int, expected: String) {
        let shown = PageContextBuilder.shownPageNumbers(current: current, count: count).map { $0.map(String.init) ?? "…" }
        #expect(shown.joined(separator: " ") == expected)
    }

    @Test("Pages after the first are at LISTING/page/K/, each with its slice, its title, canonical address, previous and next, and the listing's twin")
    func addresses() throws {
        let site = try Self.site(beginners: 12)
        defer { site.cleanUp() }
        let report = site.build()
        #expect(!report.hasErrors, "\(report.summary)")
        let first = try site.read("tutorials/index.html")
        #expect(Self.items(first) == ["b01", "b02", "b03", "b04", "b05"])
        #expect(first.contains("<title>Tutorials (page 1 of 3) · Test portal</title>"))
        #expect(first.contains("<a rel=\"next\" href=\"../tutorials/page/2/index.html\">"))
        #expect(!first.contains("rel=\"prev\""))
        let second = try site.read("tutorials/page/2/index.html")
        #expect(Self.items(second) == ["b06", "b07", "b08", "b09", "b10"])
        #expect(second.contains("<title>Tutorials (page 2 of 3) · Test portal</title>"))
        #expect(second.contains("<link rel=\"canonical\" href=\"https://portal.example.org/tutorials/page/2/\">"))
        #expect(second.contains("<link rel=\"alternate\" type=\"text/markdown\" href=\"../../index.md\">"))
        #expect(second.contains("<a rel=\"prev\" href=\"../../../tutorials/index.html\">"))
        #expect(second.contains("<a rel=\"next\" href=\"../../../tutorials/page/3/index.html\">"))
        #expect(second.contains("<a class=\"number\" href=\"../../../tutorials/page/2/index.html\" aria-current=\"page\">2</a>"))
        #expect(second.contains("data-total=\"12\" data-range=\"6-10\""))
        #expect(second.contains("<a class=\"data\" href=\"../../../tutorials/listing.js\">"))
        // The group began on page 1; its count is the whole listing's.
        #expect(second.contains("<h2 id=\"beginner\" class=\"continued\">Beginner (12)</h2>"))
        #expect(Self.items(try site.read("tutorials/page/3/index.html")) == ["b11", "b12"])
        #expect(!site.exists("tutorials/page/4/index.html"))
        #expect(!site.exists("tutorials/page/1/index.html"))
    }

    @Test("A group's link leads to the page it starts on, or within the page when it is on it")
    func groupLinks() throws {
        let site = try Self.site(beginners: 7, advanced: 2)
        defer { site.cleanUp() }
        #expect(!site.build().hasErrors)
        let first = try site.read("tutorials/index.html")
        #expect(first.contains("<a class=\"group\" href=\"#beginner\">Beginner</a><a class=\"group\" href=\"../tutorials/page/2/index.html#advanced\">Advanced</a>"))
        let second = try site.read("tutorials/page/2/index.html")
        #expect(second.contains("<a class=\"group\" href=\"#beginner\">Beginner</a><a class=\"group\" href=\"#advanced\">Advanced</a>"))
    }

    @Test("Tag pages are split the same way, without a data script; a listing within one page has no bar and no extra files")
    func tagsAndShortListings() throws {
        let site = try Self.site(beginners: 7)
        defer { site.cleanUp() }
        #expect(!site.build().hasErrors)
        #expect(Self.items(try site.read("tags/shared/page/2/index.html")) == ["b06", "b07"])
        #expect(!(try site.read("tags/shared/page/2/index.html")).contains("class=\"data\""))
        #expect(!site.exists("tags/shared/listing.js"))

        let short = try Self.site(beginners: 7, pageSize: nil)
        defer { short.cleanUp() }
        #expect(!short.build().hasErrors)
        let whole = try short.read("tutorials/index.html")
        #expect(Self.items(whole).count == 7)
        #expect(!whole.contains("class=\"pages\"") && !whole.contains("(page "))
        #expect(!short.exists("tutorials/page/2/index.html") && !short.exists("tutorials/listing.js"))
    }

    @Test("A breakout's gathered tutorials, steps and resources are split the same way; its later pages are in no listing of breakouts")
    func breakoutLists() throws {
        let site = try Self.site(beginners: 7)
        defer { site.cleanUp() }
        #expect(!site.build().hasErrors)
        let first = try site.read("breakouts/agentic-ai/index.html")
        #expect(first.components(separatedBy: "class=\"tutorial\"").count - 1 == 5)
        let second = try site.read("breakouts/agentic-ai/page/2/index.html")
        #expect(second.contains("<title>Breakout agentic-ai (page 2 of 2) · Test portal</title>"))
        #expect(second.components(separatedBy: "class=\"tutorial\"").count - 1 == 2)
        #expect(second.contains("b07/index.html"))
        #expect(Self.items(try site.read("breakouts/index.html")) == ["agentic-ai"])
        #expect(!(try site.read("index.html")).contains("page/2"))
    }

    /// The object a part of a data script hands to `portalListingLoaded`.
    static func dataPart(_ script: String) throws -> [String: Any] {
        #expect(script.hasPrefix("window.portalListingLoaded({") && script.hasSuffix(");\n"))
        return try #require(JSONSerialization.jsonObject(with: Data(script.dropFirst("window.portalListingLoaded(".count).dropLast(3).utf8)) as? [String: Any])
    }

    @Test("A data script of more cards than a part holds is split into parts; a group split between two is in both; a card edit writes its part only")
    func dataScriptParts() throws {
        let site = try Self.site(beginners: 498, advanced: 5, pageSize: 50)
        defer { site.cleanUp() }
        #expect(!site.build().hasErrors)
        let first = try Self.dataPart(try site.read("tutorials/listing.js"))
        let second = try Self.dataPart(try site.read("tutorials/listing-2.js"))
        #expect(!site.exists("tutorials/listing-3.js"))
        #expect((first["part"] as? Int, first["parts"] as? Int, second["part"] as? Int, second["parts"] as? Int) == (1, 2, 2, 2))
        #expect((first["total"] as? Int, second["total"] as? Int) == (503, 503))
        let groups = { (part: [String: Any]) in ((part["groups"] as? [[String: Any]]) ?? []).map { ($0["id"] as? String ?? "", ($0["cards"] as? [String])?.count ?? 0) } }
        #expect(groups(first).map(\.0) == ["beginner", "advanced"] && groups(first).map(\.1) == [498, 2])
        #expect(groups(second).map(\.0) == ["advanced"] && groups(second).map(\.1) == [3])

        let preview = PreviewedSite(site)
        let edited = TestSite.tutorial("a04", extra: "tags: [shared]").1.replacingOccurrences(of: "level: beginner", with: "level: advanced")
            .replacingOccurrences(of: "summary: Learn a04.", with: "summary: Learn a04, again.")
        let report = try preview.save(edited, as: "content/tutorials/a04.md")
        #expect(report.renderedPages.contains("tutorials/listing-2.js") && !report.renderedPages.contains("tutorials/listing.js"), "\(report.renderedPages)")
        let fresh = preview.freshBuild()
        #expect(fresh.comparison.isEmpty, "\(fresh.comparison)")
    }

    @Test("The data script holds every card of the listing, grouped, rendered for its later pages' folder, whose way to the root it names")
    func dataScript() throws {
        let site = try Self.site(beginners: 7, advanced: 2)
        defer { site.cleanUp() }
        #expect(!site.build().hasErrors)
        let script = try site.read("tutorials/listing.js")
        #expect(script.hasPrefix("window.portalListingLoaded({") && script.hasSuffix(");\n"))
        let json = try #require(JSONSerialization.jsonObject(with: Data(script.dropFirst("window.portalListingLoaded(".count).dropLast(3).utf8)) as? [String: Any])
        #expect(json["total"] as? Int == 9)
        #expect(json["page_size"] as? Int == 5)
        #expect(json["root"] as? String == "../../../")
        let groups = try #require(json["groups"] as? [[String: Any]])
        #expect(groups.map { $0["id"] as? String } == ["beginner", "advanced"])
        let cards = (groups.first?["cards"] as? [String]) ?? []
        #expect(cards.count == 7)
        #expect(cards.first == "<li class=\"card\" data-id=\"b01\"><a href=\"../../../tutorials/b01/index.html\">Tutorial b01</a></li>")
    }

    @Test("The sitemap lists every page of a listing; the twin, catalog, search index and llms.txt describe the listing once, whole")
    func readerFilesStayWhole() throws {
        let site = try Self.site(beginners: 12)
        defer { site.cleanUp() }
        #expect(!site.build().hasErrors)
        let sitemap = try site.read("sitemap.xml")
        for page in ["tutorials/", "tutorials/page/2/", "tutorials/page/3/", "tags/shared/page/3/"] {
            #expect(sitemap.contains("<loc>https://portal.example.org/\(page)</loc>"), "\(page)")
        }
        #expect(!sitemap.contains("listing.js"))
        let twin = try site.read("tutorials/index.md")
        #expect((1...12).allSatisfy { twin.contains(String(format: "[Tutorial b%02d](b%02d/index.md)", $0, $0)) })
        #expect(!site.exists("tutorials/page/2/index.md"))
        #expect(!(try site.read("catalog.json")).contains("tutorials/page/"))
        #expect(!(try site.read("llms.txt")).contains("page/2"))
        #expect(!(try site.read("llms-full.txt")).contains("page/2"))

        let unsplit = try Self.site(beginners: 12, pageSize: 100)
        defer { unsplit.cleanUp() }
        #expect(!unsplit.build().hasErrors)
        #expect(try site.read("search/meta.js") == unsplit.read("search/meta.js"))
        #expect(try site.read("catalog.json") == unsplit.read("catalog.json"))
    }

    @Test("Stage 6's title order, which stage 7 takes instead of sorting again, is the order of every page it leaves, tag pages and later listing pages included")
    func stageSixOrderCoversEveryPage() throws {
        let site = try Self.site(beginners: 12, advanced: 4)
        defer { site.cleanUp() }
        let preview = PreviewBuild(options: site.options(output: "_preview"))
        let report = preview.rebuild(changed: nil, log: { _ in })
        #expect(!report.hasErrors, "\(report.summary)")
        let contexts = try #require(preview.contexts)
        #expect(contexts.pages.contains { $0.listingPart != nil } && contexts.pages.contains { $0.kind == .tag })
        #expect(contexts.order.pages.count == contexts.pages.count)
        #expect(contexts.order.allByTitle == PageOrder(pages: contexts.pages).allByTitle)
    }

    @Test("A page's place in its listing is in its render key: a new order that moves items between pages changes the key of each page it changes")
    func listingInRenderKeys() {
        func key(_ position: Int, _ layout: ListingLayout) -> Int {
            var graph = SiteGraph()
            graph.listings[layout.owner] = layout
            var hasher = Hasher()
            RenderKeys.combineListing(of: position, graph: graph, identities: Array(0...9), into: &hasher)
            return hasher.finalize()
        }
        let before = ListingLayout(owner: 0, groups: [], items: Array(1...9), pageSize: 3)
        let moved = ListingLayout(owner: 0, groups: [], items: [2, 3, 4, 5, 6, 1, 7, 8, 9], pageSize: 3)
        let within = ListingLayout(owner: 0, groups: [], items: [1, 2, 3, 5, 4, 6, 7, 8, 9], pageSize: 3)
        #expect(key(0, before) != key(0, moved))
        #expect(key(0, before) == key(0, within))
    }
}
