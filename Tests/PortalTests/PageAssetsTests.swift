import Foundation
@testable import PortalCore
import PortalTestSupport
import Testing

private let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The theme's files a built page loads, by name (`highlight.css`, `copy.js`, …).
private func assets(_ site: TestSite, _ path: String) throws -> Set<String> {
    let html = try site.read(path)
    let head = String(html[..<(html.range(of: "</head>")?.lowerBound ?? html.endIndex)])
    var names: Set<String> = []
    for name in ["style.css", "highlight.css", "search.js", "filters.js", "progress.js", "copy.js", "tabs.js"] where head.contains("assets/\(name)\"") {
        names.insert(name)
    }
    return names
}

@Suite("Each page loads only the scripts and styles it uses")
struct PageAssetsTests {
    @Test("With the shipped theme: code loads highlighting and copying, listings with filters the filters, steps the progress, tabs the tabs")
    func shippedTheme() throws {
        let site = try TestSite(.init(files:
            TestSite.breakout("agentic-ai"),
            TestSite.tutorial("coded", body: "Run this:\n\n```python\nprint(1)\n```\n"),
            TestSite.tutorial("plain", body: "A plain `<pre><code>` and `data-filters=\"type\"` as text, and `class=\"hl-k\"` and `<div class=\"tab-set\"`.\n"),
            TestSite.tutorial("tabbed", body: "::::: tab-set\n:::: tab-item conda\nText.\n::::\n:::: tab-item pip\nText.\n::::\n:::::\n"),
            TestSite.step("start", number: 1),
            TestSite.resource("mcp")
        ), theme: [:])
        defer { site.cleanUp() }
        var options = site.options()
        options.templatesDirectory = packageRoot.appendingPathComponent("templates")
        let report = SiteBuilder(options: options).run()
        #expect(!report.hasErrors, "\(report.summary)")
        let everywhere: Set<String> = ["style.css", "search.js"]
        #expect(try assets(site, "tutorials/coded/index.html") == everywhere.union(["highlight.css", "copy.js"]))
        // Every tutorial ends with its citation, which can be copied.
        #expect(try assets(site, "tutorials/plain/index.html") == everywhere.union(["copy.js"]), "text about code or filters is not code or filters")
        #expect(try assets(site, "tutorials/tabbed/index.html") == everywhere.union(["tabs.js", "copy.js"]))
        #expect(try assets(site, "resources/mcp/index.html") == everywhere.union(["copy.js"]), "the Cite block's entry can be copied")
        #expect(try assets(site, "tutorials/index.html") == everywhere.union(["filters.js"]))
        #expect(try assets(site, "resources/index.html") == everywhere.union(["filters.js"]))
        #expect(try assets(site, "breakouts/index.html") == everywhere, "a listing without filters")
        #expect(try assets(site, "starter-kit/start/index.html") == everywhere.union(["progress.js"]))
        #expect(try assets(site, "starter-kit/index.html") == everywhere.union(["progress.js"]))
        #expect(try assets(site, "tags/index.html") == everywhere)
        #expect(try assets(site, "404.html") == everywhere)
    }

    @Test("Marks are found in markup only", arguments: [
        ("<pre><code class=\"language-python\"><span class=\"hl-k\">def</span></code></pre>", PageAssets(highlight: true, copy: true)),
        ("<pre tabindex=\"0\"><code>plain</code></pre>", PageAssets(copy: true)),
        ("<pre class=\"nb-output nb-stream\" tabindex=\"0\">out</pre>", PageAssets()),
        ("<code class=\"lines\"><span class=\"line\" data-line=\"1\">x</span></code>", PageAssets(highlight: true)),
        ("<div class=\"index\" data-filters=\"type q\">", PageAssets(filters: true)),
        ("<li class=\"path-step\" data-step-id=\"start\">", PageAssets(progress: true)),
        ("<div class=\"tab-set\" id=\"tabs\">", PageAssets(tabs: true)),
        ("<p>&lt;pre&gt;&lt;code&gt; data-filters=&quot;x&quot; data-step-id=&quot;y&quot; class=&quot;hl-k&quot;</p>", PageAssets()),
        ("", PageAssets()),
    ])
    func marks(_ html: String, _ expected: PageAssets) {
        #expect(PageAssets(html: html) == expected)
    }
}
