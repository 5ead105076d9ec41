import Foundation
@testable import PortalCore
import PortalTestSupport
import Testing

/// The resources index of a site whose `_index.md` lists `categories` (none when nil).
private func resourcesIndex(categories: [String]?) -> (String, String) {
    let list = categories.map { "categories:\n" + $0.map { "  - \($0)\n" }.joined() } ?? ""
    return ("content/resources/_index.md", "---\ntitle: Resources\nsummary: Every resource.\n\(list)---\n\nAbout the list.\n")
}

/// The ids of the category headings of the category page, in order, with their counts.
private func headings(_ html: String) -> [String] {
    let pattern = /<h[2-6] id="(category-[a-z0-9-]+)" class="category-heading">[^<]*<span class="count">\((\d+)\)<\/span>/
    return html.matches(of: pattern).map { "\($0.1) \($0.2)" }
}

@Suite("Resource categories")
struct ResourceCategoryTests {
    private func site(_ categories: [String]?, resources: [(String, String)], extra: [(String, String)] = []) throws -> TestSite {
        var files: [String: String] = .init(files: TestSite.breakout("agentic-ai"), resourcesIndex(categories: categories))
        for (id, category) in resources {
            let (path, text) = TestSite.resource(id, extra: category.isEmpty ? "" : "category: \(category)")
            files[path] = text
        }
        for (path, text) in extra { files[path] = text }
        return try TestSite(files, theme: try shippedTheme())
    }

    @Test("A category that is not a path of 1 to 4 short names is an error at its field, with a fix", arguments: [
        ("Classification//Jet images", "'Classification//Jet images' has an empty name between its '/'", "write 'Classification/Jet images'"),
        ("A/B/C/D/E", "'A/B/C/D/E' is 5 levels deep; a category may be at most 4", "write 'A/B/C/D', or merge two levels"),
        ("[Classification]", "'category' must be a category path such as 'Classification/Jet images': up to 4 names separated by '/'", nil),
        ("\"  \"", "the category is empty", "write a category path such as 'Classification/Jet images': up to 4 names separated by '/', or leave the field out"),
        ("/", "'/' has an empty name between its '/'", "write a category path such as 'Classification/Jet images': up to 4 names separated by '/'"),
        ("A/" + String(repeating: "x", count: 61), "the category name 'xxxxxxxxxxxxxxxxxxxxxxxx…' is 61 characters long; a name may be at most 60", "shorten it to a few words"),
    ])
    func badCategory(value: String, message: String, fix: String?) throws {
        let site = try site(nil, resources: [("a", value)])
        defer { site.cleanUp() }
        let report = site.build(output: nil)
        let error = try #require(report.only("frontmatter.bad-value"), "\(report.summary)")
        #expect(error.message == message)
        #expect(error.fix == fix)
        #expect((error.file, error.line, error.column) == ("content/resources/a.md", 7, 1))
    }

    @Test("A BibTeX entry's portal-category is checked as the field is, with the error at its value")
    func badBibCategory() throws {
        let bib = "@article{a,\n  title = {T}, doi = {10.1000/1}, portal-areas = {agentic-ai},\n  portal-category = {Classification/ /Jets},\n}\n"
        let site = try site(nil, resources: [], extra: [("content/resources/review.bib", bib)])
        defer { site.cleanUp() }
        let report = site.build(output: nil)
        let error = try #require(report.only("bibtex.bad-field"), "\(report.summary)")
        #expect(error.message == "'portal-category' is not a category path: 'Classification/ /Jets' has an empty name between its '/'")
        #expect(error.fix == "write 'Classification/Jets'")
        #expect((error.file, error.line, error.column) == ("content/resources/review.bib", 3, 22))
    }

    @Test("Names are trimmed, and the list's items are checked at their own line and column")
    func listItems() throws {
        let site = try site(["Classification", "Classification / Jet images", "A//B"], resources: [("a", "Classification/Jet images  ")])
        defer { site.cleanUp() }
        let report = site.build(output: nil)
        let error = try #require(report.only("frontmatter.bad-value"), "\(report.summary)")
        #expect(error.message == "'A//B' has an empty name between its '/'")
        #expect((error.file, error.line, error.column) == ("content/resources/_index.md", 7, 5))
        #expect(report.diagnostics("resource.unlisted-category").isEmpty, "'Classification / Jet images' is 'Classification/Jet images': \(report.summary)")
    }

    @Test("A category the list does not hold is a warning at it, with the closest listed one; a listed category no resource is in is a warning at the list")
    func unlistedAndEmpty() throws {
        let site = try site(["Classification", "Classification/Jet images", "Regression"], resources: [("a", "Classification/Jet imgaes"), ("b", "Classification")])
        defer { site.cleanUp() }
        let report = site.build(output: nil)
        #expect(!report.hasErrors, "\(report.summary)")
        let unlisted = try #require(report.only("resource.unlisted-category"), "\(report.summary)")
        #expect(unlisted.message == "the category 'Classification/Jet imgaes' is not in the list of categories of resources/_index.md, so it is shown after them")
        #expect(unlisted.fix == "did you mean 'Classification/Jet images'? Otherwise add 'Classification/Jet imgaes' to 'categories' in resources/_index.md")
        #expect((unlisted.file, unlisted.line, unlisted.column) == ("content/resources/a.md", 7, 1))
        let empty = report.diagnostics("resource.empty-category")
        #expect(empty.map(\.message) == ["no resource is in the category 'Classification/Jet images' or one below it, so it is not shown",
                                         "no resource is in the category 'Regression' or one below it, so it is not shown"])
        #expect(empty.map { "\($0.file):\($0.line):\($0.column)" } == ["content/resources/_index.md:6:5", "content/resources/_index.md:7:5"])
        #expect(report.diagnostics.count == 3, "\(report.summary)")
    }

    @Test("Only the resources section's index may list categories, and no resource may take the category page's id")
    func misplaced() throws {
        let tutorials = ("content/tutorials/_index.md", "---\ntitle: Tutorials\ncategories: [Classification]\n---\n")
        let site = try site(nil, resources: [("a", "Classification"), ("categories", "")], extra: [tutorials])
        defer { site.cleanUp() }
        let report = site.build(output: nil)
        let misplaced = try #require(report.only("frontmatter.bad-value"), "\(report.summary)")
        #expect(misplaced.message == "'categories' orders the resources' categories, so only resources/_index.md may list them")
        #expect((misplaced.file, misplaced.line, misplaced.column) == ("content/tutorials/_index.md", 3, 1))
        let reserved = try #require(report.only("resource.reserved-id"), "\(report.summary)")
        #expect((reserved.file, reserved.line) == ("content/resources/categories.md", 2))
    }

    @Test("The tree follows the list, then the unlisted categories by name; a parent counts the resources below it; the uncategorised come last")
    func treeOrderAndCounts() throws {
        let bib = """
            @article{Key:2020,
              title = {A bib paper}, doi = {10.1000/1}, portal-areas = {agentic-ai},
              portal-category = {Classification/Jet images},
            }

            """
        let site = try site(["Regression", "Classification/Jet images", "Classification", "Classification/Top"],
                            resources: [("a", "Classification/Jet images"), ("b", "Classification"), ("c", "Regression"), ("d", "Zeta/Sub"),
                                        ("e", "Anomaly detection"), ("f", ""), ("g", "Classification/Top")],
                            extra: [("content/resources/review.bib", bib)])
        defer { site.cleanUp() }
        let report = site.build()
        #expect(!report.hasErrors, "\(report.summary)")
        #expect(report.diagnostics("resource.unlisted-category").map(\.file) == ["content/resources/d.md", "content/resources/e.md"])
        let page = try site.read("resources/categories/index.html")
        // A child listed before its parent brings the parent to its place; unlisted ones follow by name.
        #expect(headings(page) == ["category-regression 1", "category-classification 4", "category-classification-jet-images 2",
                                   "category-classification-top 1", "category-anomaly-detection 1", "category-zeta 1", "category-zeta-sub 1", "category-none 1"])
        #expect(page.contains("<h3 id=\"category-classification-jet-images\"") && page.contains("<h2 id=\"category-zeta\""), "headings nest as the categories")
        #expect(page.contains("data-id=\"key-2020\""), "a BibTeX entry takes its portal-category")
        #expect(try site.read("resources/a/index.html").contains("<dd><a href=\"../../resources/categories/index.html#category-classification-jet-images\">Classification › Jet images</a></dd>"),
                "a resource's page links to its category's heading")
        let index = try site.read("resources/index.html")
        #expect(index.contains("<a href=\"../resources/categories/index.html#category-classification\">Classification <span class=\"count\">(4)</span></a>"))
        #expect(index.contains("data-id=\"a\" data-type=\"software\" data-areas=\"agentic-ai\" data-tags=\"\" data-categories=\"classification classification/jet-images\""),
                "a card carries its category and its parents for the filter")
        #expect(index.contains("<li data-category=\"classification/jet-images\"><a href="), "the tree gives the filter its names and order")
        #expect(index.contains("data-filters=\"type area category tag kind transport q\""))
        #expect(index.contains("<a href=\"../resources/categories/index.html#category-none\">Not yet in a category <span class=\"count\">(1)</span></a>"))
    }

    @Test("Every link of the tree leads to a heading of the category page, and both pages are sound HTML with no script of their own")
    func anchorsAndMarkup() throws {
        let site = try site(["Classification", "Classification/Jet images/Boosted", "Classification/Jet images/Boosted/Top"],
                            resources: [("a", "Classification/Jet images/Boosted/Top"), ("b", "Tools"), ("c", "Classification/Jet images")])
        defer { site.cleanUp() }
        let report = site.build()
        #expect(!report.hasErrors, "\(report.summary)")
        let index = try site.read("resources/index.html")
        let page = try site.read("resources/categories/index.html")
        let ids = page.matches(of: #/ id="([^"]+)"/#).map { String($0.1) }
        #expect(Set(ids).count == ids.count, "no id repeats: \(ids)")
        for html in [index, page] {
            let targets = html.matches(of: /href="(?:\.\.\/resources\/categories\/index\.html)?#(category-[a-z0-9-]+)"/).map { String($0.1) }
            #expect(targets.count == 5, "one link to each category: \(targets)")
            #expect(Set(targets).isSubset(of: Set(ids)), "\(targets) in \(ids)")
            #expect(MarkupAudit(html: html).problems.isEmpty)
            for tag in ["ul", "li", "nav", "section"] {
                #expect(html.matches(of: try Regex("<\(tag)[ >]")).count == html.matches(of: try Regex("</\(tag)>")).count, "<\(tag)> balanced")
            }
        }
        // Four levels nest as four lists, inside the tree's own.
        #expect(index.contains("#category-classification-jet-images-boosted-top\">Top <span class=\"count\">(1)</span></a></li>"))
        #expect(page.contains("<h5 id=\"category-classification-jet-images-boosted-top\""))
    }

    @Test("Two paths that make the same words get numbered anchors, and each resource page links to its own")
    func anchorClash() throws {
        let site = try site(nil, resources: [("a", "Jet images"), ("b", "Jet-images"), ("c", "Jet images/Top")])
        defer { site.cleanUp() }
        let report = site.build()
        #expect(!report.hasErrors, "\(report.summary)")
        #expect(headings(try site.read("resources/categories/index.html")) == ["category-jet-images 2", "category-jet-images-top 1", "category-jet-images-2 1"])
        #expect(try site.read("resources/b/index.html").contains("index.html#category-jet-images-2\">Jet-images</a>"))
    }

    @Test("Without categories there is no tree and no category page")
    func noCategories() throws {
        let site = try site(nil, resources: [("a", ""), ("b", "")])
        defer { site.cleanUp() }
        let report = site.build()
        #expect(!report.hasErrors && report.diagnostics.isEmpty, "\(report.summary)")
        #expect(!site.exists("resources/categories/index.html"))
        #expect(!(try site.read("resources/index.html")).contains("category-tree"))
    }

    @Test("The preview writes again what shows a category when a resource's category or the list changes, as a whole build would")
    func preview() throws {
        let site = try site(["Classification", "Regression"], resources: [("a", "Classification"), ("b", "Regression"), ("c", "")])
        defer { site.cleanUp() }
        let previewed = PreviewedSite(site)
        #expect(!previewed.first.hasErrors, "\(previewed.first.summary)")
        let (indexPath, indexText) = resourcesIndex(categories: ["Regression", "Classification"])
        let reordered = try previewed.save(indexText, as: indexPath)
        #expect(reordered.renderedPages.contains("resources/categories/index.html"), "\(reordered.renderedPages)")
        #expect(headings(try site.read("resources/categories/index.html", output: "_preview")) == ["category-regression 1", "category-classification 1", "category-none 1"])
        do {
            let fresh = previewed.freshBuild()
            #expect(fresh.comparison.isEmpty, "\(fresh.comparison)")
        }
        let (path, text) = TestSite.resource("a", extra: "category: Regression")
        let moved = try previewed.save(text, as: path)
        #expect(!moved.hasErrors, "\(moved.summary)")
        #expect(moved.renderedPages.contains("resources/categories/index.html") && moved.renderedPages.contains("resources/index.html"))
        #expect(headings(try site.read("resources/categories/index.html", output: "_preview")) == ["category-regression 2", "category-none 1"])
        do {
            let fresh = previewed.freshBuild()
            #expect(fresh.comparison.isEmpty, "\(fresh.comparison)")
        }
        // A new title (the preview's quick path for card edits) moves the resource in its category's list.
        let (bPath, bText) = TestSite.resource("b", extra: "category: Regression")
        let retitled = try previewed.save(bText.replacingOccurrences(of: "title: Resource b", with: "title: A first resource"), as: bPath)
        #expect(retitled.renderedPages.contains("resources/categories/index.html"), "\(retitled.renderedPages)")
        let page = try site.read("resources/categories/index.html", output: "_preview")
        #expect((page.range(of: "A first resource")?.lowerBound).map { $0 < (page.range(of: "Resource a")?.lowerBound ?? page.startIndex) } == true)
        do {
            let fresh = previewed.freshBuild()
            #expect(fresh.comparison.isEmpty, "\(fresh.comparison)")
        }
        let (cPath, cText) = TestSite.resource("c", extra: "category: Classification")
        #expect(!(try previewed.save(cText, as: cPath)).hasErrors)
        let fresh = previewed.freshBuild()
        #expect(fresh.comparison.isEmpty, "\(fresh.comparison)")
    }
}
