import Foundation
@testable import PortalCore
@testable import PortalMarkdown
import PortalTestSupport
import Testing

private let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A resolver that changes nothing.
private struct UnchangedTabLinks: MarkdownLinkResolving {
    mutating func resolve(_ link: MarkdownLink) -> String? { nil }
}

private func render(_ source: String) -> RenderedMarkdown {
    var resolver = UnchangedTabLinks()
    return MarkdownRenderer(options: MarkdownOptions(rendersMarkdown: true)).render(source, resolver: &resolver)
}

/// Two tabs, as the MkDocs reader writes MkDocs Material's `=== "Python"` content tabs.
private let twoTabs = """
    ## Install

    ::::: tab-set
    :::: tab-item Python
    Use `pip`:

    ```python
    import uproot
    ```
    ::::
    :::: tab-item C++ {#cpp}
    ### With ROOT
    Use `root-config`.
    ::::
    :::::

    After.
    """

/// The HTML of the two tabs above, as the renderer writes it.
private let twoTabsHTML = """
    <div class="tab-set" id="tabs">
    <div class="tab-item" id="python" role="group" aria-labelledby="python-label" data-tab="Python">
    <p class="tab-label" id="python-label">Python</p>
    <div class="tab-body">
    <p>Use <code>pip</code>:</p>
    """

@Suite("Tab blocks")
struct TabBlockTests {
    @Test("Without JavaScript a tab set is its items one after the other, each under its label; their headings are not the page's sections")
    func stackedSections() throws {
        let rendered = render(twoTabs)
        #expect(rendered.problems.isEmpty, "\(rendered.problems)")
        let html = rendered.html
        #expect(html.contains(twoTabsHTML), "\(html)")
        #expect(html.contains("<div class=\"tab-item\" id=\"cpp\" role=\"group\" aria-labelledby=\"cpp-label\" data-tab=\"C++\">\n"
            + "<p class=\"tab-label\" id=\"cpp-label\">C++</p>\n<div class=\"tab-body\">\n<h3>With ROOT</h3>\n<p>Use <code>root-config</code>.</p>\n</div>\n</div>\n</div>\n<p>After.</p>"), "\(html)")
        // Code in a tab is code, highlighted with its language.
        #expect(html.contains("<code class=\"language-python\"><span class=\"hl-k\">import</span> uproot"), "\(html)")
        #expect(rendered.headings.map(\.text) == ["Install"], "a heading in a tab is the tab's")
        #expect(rendered.anchors == ["tabs", "python", "cpp"])
        #expect(!html.contains(":::") && !html.contains("<!--"), "\(html)")
    }

    @Test("MyST's colon fences and sphinx-design's backtick directives make the same tabs, their options read", arguments: [
        ":::::{tab-set}\n:sync-group: lang\n\n::::{tab-item} Python\n:sync: py\nPy.\n::::\n::::{tab-item} R\n:sync: r\n:selected:\nR.\n::::\n:::::\n",
        "````{tab-set}\n:sync-group: lang\n\n```{tab-item} Python\n:sync: py\nPy.\n```\n```{tab-item} R\n:sync: r\n:selected:\nR.\n```\n````\n",
    ])
    func mystSpellings(source: String) {
        let rendered = render(source)
        #expect(rendered.problems.isEmpty, "\(rendered.problems)")
        let html = rendered.html
        #expect(html.contains("<div class=\"tab-set\" id=\"tabs\" data-sync-group=\"lang\">\n"
            + "<div class=\"tab-item\" id=\"python\" role=\"group\" aria-labelledby=\"python-label\" data-tab=\"py\">\n"
            + "<p class=\"tab-label\" id=\"python-label\">Python</p>\n<div class=\"tab-body\">\n<p>Py.</p>\n</div>\n</div>\n"
            + "<div class=\"tab-item\" id=\"r\" role=\"group\" aria-labelledby=\"r-label\" data-tab=\"r\" data-selected>\n"), "\(html)")
        #expect(!html.contains(":sync") && !html.contains("{tab"), "\(html)")
    }

    @Test("A set's title, written on its fence, labels it; the ids tabs.js and the labels use are kept from headings")
    func setTitleAndIDs() {
        let rendered = render("::::: tab-set \"Install uproot\"\n:::: tab-item conda\nText.\n::::\n:::::\n\n## Install uproot title\n\n## conda tab\n\n## conda label\n")
        #expect(rendered.problems.isEmpty, "\(rendered.problems)")
        #expect(rendered.html.contains("<div class=\"tab-set\" id=\"install-uproot\">\n<p class=\"tab-set-title\" id=\"install-uproot-title\">Install uproot</p>\n"
            + "<div class=\"tab-item\" id=\"conda\" role=\"group\" aria-labelledby=\"conda-label\""), "\(rendered.html)")
        #expect(rendered.headings.map(\.id) == ["install-uproot-title-1", "conda-tab-1", "conda-label-1"])
    }

    @Test("An option tabs do not take is a warning that names the ones they do")
    func unknownOption() throws {
        let rendered = render(":::{tab-set}\n:class: wide\n::::{tab-item} A\nText.\n::::\n:::\n")
        let problem = try #require(rendered.problems.first { $0.kind == "attribute.not-applied" }, "\(rendered.problems)")
        #expect((problem.line, problem.column, problem.isWarning) == (2, 1, true), "\(problem)")
        #expect(problem.fix.contains(":sync:") && problem.fix.contains(":sync-group:"), "\(problem.fix)")
    }

    @Test("Tabs nest with other blocks: a challenge in a tab, tabs in a challenge's solution, tabs in a tab")
    func nesting() throws {
        let source = """
            ::::::: tab-set
            :::::: tab-item Python
            ::::: challenge
            ## Count the jets
            Text.
            :::: solution
            ::: tab-set
            ::: tab-item awkward
            `ak.num(jets)`
            :::
            :::
            ::::
            :::::
            ::::::
            :::::: tab-item Julia
            Text.
            ::::::
            :::::::
            """
        let rendered = render(source)
        #expect(rendered.problems.isEmpty, "\(rendered.problems)")
        let html = rendered.html
        let outer = try #require(html.range(of: "id=\"python\""))
        let challenge = try #require(html.range(of: "callout-challenge"))
        let solution = try #require(html.range(of: "callout-solution"))
        let inner = try #require(html.range(of: "id=\"awkward\""))
        let julia = try #require(html.range(of: "<div class=\"tab-item\" id=\"julia\""))
        #expect(outer.lowerBound < challenge.lowerBound && challenge.lowerBound < solution.lowerBound && solution.lowerBound < inner.lowerBound && inner.lowerBound < julia.lowerBound)
        // Every element opened in the first tab is closed before the second: only the set is open.
        let beforeJulia = String(html[..<julia.lowerBound])
        #expect(beforeJulia.components(separatedBy: "<div").count - beforeJulia.components(separatedBy: "</div>").count == 1, "\(html)")
        #expect(rendered.anchors.contains("count-the-jets"))
    }

    @Test("Each mistake in a tab set is an error at its line and column, with the fix", arguments: [
        ("Text.\n\n:::: tab-item Python\nText.\n::::", "tabs.item-outside-set", 3, 6, "this tab-item is not inside a tab-set", "between a tab-set line and its closing line"),
        ("::::: challenge\n:::: tab-item Python\nText.\n::::\n:::::", "tabs.item-outside-set", 2, 6, "this tab-item is not inside a tab-set", "::::: tab-set"),
        ("::::: tab-set\n:::: tab-item A\nA.\n::::\nStray text.\n:::: tab-item B\nB.\n::::\n:::::", "tabs.stray-content", 5, 1, "a tab-set holds only tab items, but this line is outside them", "move the line into a tab item"),
        ("::::: tab-set\n\n  Before the tabs.\n:::: tab-item A\nA.\n::::\n:::::", "tabs.stray-content", 3, 3, "a tab-set holds only tab items, but this line is outside them", "out of the tab set"),
        ("::::: tab-set\n:::: note\nA.\n::::\n:::::", "tabs.stray-content", 2, 6, "a tab-set holds only tab items, but this note block is outside them", "move it into a tab item"),
        ("::::: tab-set\n:::: tab-item\nA.\n::::\n:::::", "tabs.no-label", 2, 6, "this tab-item has no label for its tab", ":::: tab-item Python"),
        ("````{tab-set}\n```{tab-item}\nA.\n```\n````", "tabs.no-label", 2, 4, "this tab-item has no label for its tab", ":::: tab-item Python"),
        ("Text.\n\n::::: tab-set\n\n:::::", "tabs.empty", 3, 7, "this tab-set holds no tab items", "add its tabs inside it"),
        ("::::: tab-sett\n:::::", "block.unknown", 1, 7, "there is no block called tab-sett", "did you mean tab-set?"),
    ] as [(String, String, Int, Int, String, String)])
    func structureErrors(source: String, kind: String, line: Int, column: Int, message: String, fix: String) throws {
        let rendered = render(source)
        let problem = try #require(rendered.problems.first { $0.kind == kind }, "\(rendered.problems)")
        #expect((problem.line, problem.column) == (line, column), "\(problem)")
        #expect(problem.message.hasPrefix(message), "\(problem.message)")
        #expect(problem.fix.contains(fix), "\(problem.fix)")
        #expect(!problem.isWarning)
        #expect(rendered.problems.filter { !$0.isWarning }.count == 1, "one mistake, one error: \(rendered.problems)")
    }

    @Test("A quote's attribute line cannot make a tab: a tab needs its set and its label")
    func kramdownAttributeIsNotATab() throws {
        let rendered = render("> Text.\n{: .tab-item}\n")
        #expect(!rendered.html.contains("tab-item"), "\(rendered.html)")
        #expect(rendered.problems.map(\.kind) == ["attribute.not-applied"], "\(rendered.problems)")
    }

    @Test("The Markdown twin keeps the author's tab lines; the labels and contents are the page's text, for search")
    func twinAndText() {
        let rendered = render(twoTabs)
        #expect(rendered.markdown == twoTabs)
        for text in ["Python", "C++", "Use pip", "import uproot", "With ROOT", "Use root-config", "After."] {
            #expect(rendered.plainText.contains(text), "\(text) in \(rendered.plainText)")
        }
        #expect(rendered.plainText.range(of: "Python")?.lowerBound ?? rendered.plainText.endIndex < rendered.plainText.range(of: "Use pip")?.lowerBound ?? rendered.plainText.startIndex)
    }

    @Test("In a site: a page with tabs loads tabs.js, its labels are in search and llms-full.txt, and a mistake stops the build at the page's line")
    func site() throws {
        let page = "---\ntitle: Setup\n---\n\n::::: tab-set\n:::: tab-item Quokkabuild\nRun quokkabuild.\n::::\n:::: tab-item Wombatmake\nRun it.\n::::\n:::::\n"
        let site = try TestSite(["content/pages/setup.md": page, "content/pages/plain.md": "---\ntitle: Plain\n---\n\nNo tabs, only the words `<div class=\"tab-set\"`.\n"])
        defer { site.cleanUp() }
        var options = site.options()
        options.templatesDirectory = packageRoot.appendingPathComponent("templates")
        let report = SiteBuilder(options: options).run()
        #expect(!report.hasErrors, "\(report.summary)")
        let html = try site.read("setup/index.html")
        #expect(html.contains("<script src=\"../assets/tabs.js\" defer></script>"))
        #expect(!(try site.read("plain/index.html")).contains("tabs.js"), "text about tabs is not tabs")
        #expect(site.exists("assets/tabs.js"))
        #expect(try site.read("llms-full.txt").contains(":::: tab-item Wombatmake\nRun it."))
        #expect(try site.read("search/terms-wo.js").contains("\"wombatmake\":["))

        let broken = try TestSite(["content/pages/setup.md": "---\ntitle: Setup\n---\n\nText.\n\n:::: tab-item Python\nText.\n::::\n"])
        defer { broken.cleanUp() }
        let problem = try #require(broken.build().only("tabs.item-outside-set"))
        #expect((problem.file, problem.line, problem.column) == ("content/pages/setup.md", 7, 6), "\(problem)")
    }
}
