import Foundation
@testable import PortalCore
import PortalTestSupport
import Testing

private let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/notebooks")

/// Notebooks (`.ipynb`) as pages: read, made into Markdown with a map back to the JSON, rendered
/// with their outputs, and published with their images and a download copy.
@Suite("Notebook pages")
struct NotebookPageTests {
    private static func fixture(_ name: String) throws -> String {
        try String(contentsOf: fixtures.appendingPathComponent(name), encoding: .utf8)
    }

    /// The theme of the tests, with the notebook bar of the real one.
    private static let theme: [String: String] = {
        var theme = TestSite.minimalTheme
        theme["tutorial.mustache"] = (theme["tutorial.mustache"] ?? "")
            + "{{#page.notebook}}<a class=\"download\" href=\"{{download}}\">{{language}}</a>{{#launch}}<a class=\"launch\" href=\"{{url}}\">{{label}}</a>{{/launch}}{{/page.notebook}}"
        return theme
    }()

    /// A site holding the notebook `text` at `path`, the breakouts of `areas`, and the theme above.
    private static func site(_ path: String, _ text: String, areas: [String] = ["open-data"], settings: String = TestSite.defaultSettings) throws -> TestSite {
        var files = [path: text]
        for (number, area) in areas.enumerated() {
            let breakout = TestSite.breakout(area, number: number + 1)
            files[breakout.0] = breakout.1
        }
        return try TestSite(files, theme: theme, settings: settings)
    }

    /// The 1-based line and column at which `needle` starts in `text`.
    private static func position(of needle: String, in text: String) throws -> (line: Int, column: Int) {
        let range = try #require(text.range(of: needle), "'\(needle)' is not in the text")
        let before = text[..<range.lowerBound]
        let line = before.count(where: { $0 == "\n" }) + 1
        let column = before.count - (before.lastIndex(of: "\n").map { before.distance(from: before.startIndex, to: $0) + 1 } ?? 0) + 1
        return (line, column)
    }

    /// A notebook in nbformat's layout (one JSON string a line) with `cells`, each `(type, lines, extra members)`.
    static func notebook(_ cells: [(type: String, lines: [String], extra: String)], metadata: String = "{\"kernelspec\": {\"language\": \"python\", \"name\": \"python3\"}}") -> String {
        func string(_ text: String) -> String {
            var out = "\""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                default: out.unicodeScalars.append(scalar)
                }
            }
            return out + "\""
        }
        let written = cells.map { cell in
            let source = cell.lines.enumerated().map { index, line in
                "    " + string(index + 1 < cell.lines.count ? line + "\n" : line)
            }.joined(separator: ",\n")
            let code = cell.type == "code" && !cell.extra.contains("\"outputs\"") ? ",\n   \"execution_count\": 1,\n   \"outputs\": []" : ""
            return "  {\n   \"cell_type\": \"\(cell.type)\",\n   \"metadata\": {},\n   \"source\": [\n\(source)\n   ]\(code)\(cell.extra.isEmpty ? "" : ",\n   " + cell.extra)\n  }"
        }
        return "{\n \"cells\": [\n\(written.joined(separator: ",\n"))\n ],\n \"metadata\": \(metadata),\n \"nbformat\": 4,\n \"nbformat_minor\": 5\n}\n"
    }

    private static let frontMatter = (type: "raw", lines: ["---", "title: Fit a peak", "summary: Fit the Z peak.", "level: beginner", "duration: 30 min",
                                                           "areas: [open-data]", "authors: [Test Author]", "date: 2026-12-01", "---"], extra: "")

    @Test("A notebook in a section is a page of it: front-matter from its raw cell, cells in order, outputs as stored, images beside the page by hash, and the notebook to download")
    func histogramPage() throws {
        let site = try Self.site("content/tutorials/histogram.ipynb", try Self.fixture("histogram.ipynb"))
        defer { site.cleanUp() }
        let report = site.build()
        #expect(!report.hasErrors, "\(report.summary)")
        let html = try site.read("tutorials/histogram/index.html")
        #expect(html.contains("<h1>A first look at dimuon invariant masses</h1>"))
        // Markdown cells: headings with ids, math, links.
        #expect(html.contains("<h2 id=\"make-a-sample\">") && html.contains("<math") && html.contains("href=\"https://opendata.cern.ch/\""))
        // Code cells: highlighted Python with the execution count.
        #expect(html.contains("<div class=\"nb-cell\">\n<div class=\"nb-input\">\n<p class=\"nb-count\"><span class=\"visually-hidden\">Input </span>[1]</p>"))
        #expect(html.contains("<code class=\"language-python\"><span class=\"hl-k\">import</span>"))
        // Outputs: stdout, and stderr apart.
        #expect(html.contains("<pre class=\"nb-output nb-stream\" tabindex=\"0\">Generated 4708 muon pairs between 60 and 120 GeV"))
        #expect(html.contains("<pre class=\"nb-output nb-stream nb-stderr\" tabindex=\"0\">warning: dropped 1410 pairs"))
        // The DataFrame's table survives; its <style> does not.
        #expect(html.contains("<div class=\"nb-output nb-html\" tabindex=\"0\">") && html.contains("<table") && !html.contains("<style"))
        // pandas' corner cell is no column header; pandas' own styling is no warning.
        #expect(!html.contains("<th></th>") && report.diagnostics("notebook.unsafe-output").isEmpty, "\(report.summary)")
        // The PNG and the SVG are files named by their bytes' hash; nothing is inlined.
        let images = html.ranges(of: /src="(output-[0-9a-f]{16}\.(png|svg))"/).map { String(html[$0]).dropFirst(5).dropLast() }
        #expect(images.count == 2, "\(images)")
        for name in images {
            let bytes = try Data(contentsOf: site.root.appendingPathComponent("_site/tutorials/histogram/\(name)"))
            #expect(name.hasPrefix("output-\(NotebookOutputRenderer.hash(Array(bytes)))."))
        }
        #expect(!html.contains("base64"))
        // The notebook is copied beside the page, and the page links to it.
        #expect(site.exists("tutorials/histogram/histogram.ipynb"))
        #expect(html.contains("<a class=\"download\" href=\"histogram.ipynb\">Python</a>"))
        // Each image without alt text is a warning at its output.
        let noAlt = report.diagnostics("image.no-alt")
        #expect(noAlt.count == 2 && noAlt.allSatisfy { $0.file.hasSuffix("histogram.ipynb") && $0.severity == .warning })
    }

    @Test("The Markdown twin is the notebook as Markdown: cells, text outputs as text blocks, image links; search holds the outputs' text")
    func twinAndSearch() throws {
        let site = try Self.site("content/tutorials/histogram.ipynb", try Self.fixture("histogram.ipynb"))
        defer { site.cleanUp() }
        site.build()
        let twin = try site.read("tutorials/histogram/index.md")
        #expect(twin.contains("## Make a sample"))
        #expect(twin.contains("```python\nimport io\n"))
        #expect(twin.contains("```\n\n```text\nGenerated 4708 muon pairs between 60 and 120 GeV\n```\n"), "\(twin)")
        #expect(twin.contains("](output-") && twin.contains(".png)"))
        let full = try site.read("llms-full.txt")
        #expect(full.contains("Generated 4708 muon pairs"))
        let search = try String(decoding: site.snapshot().filter { $0.key.hasPrefix("/search") }.values.flatMap { $0 }, as: UTF8.self)
        #expect(search.contains("4708") || search.contains("muon"), "the search files hold no output text")
    }

    @Test("Front-matter may be the notebook metadata's 'portal' object; an error in it points into the notebook")
    func metadataFrontMatter() throws {
        let metadata = """
            {
              "kernelspec": {"language": "python", "name": "python3"},
              "portal": {"title": "Metadata", "summary": "From metadata.", "level": "expert", "duration": "30 min",
                         "areas": ["open-data"], "authors": ["Test Author"], "date": "2026-12-01"}
             }
            """
        let text = Self.notebook([("markdown", ["Some text."], "")], metadata: metadata)
        let site = try Self.site("content/tutorials/meta.ipynb", text)
        defer { site.cleanUp() }
        let report = site.build()
        let level = try #require(report.diagnostics.first { $0.message.contains("'expert'") }, "\(report.summary)")
        let expected = try Self.position(of: "\"level\"", in: text)
        #expect(level.message == "'expert' is not a valid level; it must be one of beginner, intermediate, advanced")
        #expect(level.file.hasSuffix("content/tutorials/meta.ipynb"))
        #expect((level.line, level.column) == (expected.line, expected.column), "\(level)")
        #expect(level.sourceLine?.contains("\"level\": \"expert\"") == true)
    }

    @Test("A broken link in a markdown cell is reported at its character inside the JSON string, escapes counted")
    func linkPosition() throws {
        let text = Self.notebook([Self.frontMatter, ("markdown", ["Intro.", "A \"quoted\" word and [a link](missing.md) here."], "")])
        let site = try Self.site("content/tutorials/links.ipynb", text)
        defer { site.cleanUp() }
        let report = site.build()
        let broken = try #require(report.diagnostics.first { $0.id.hasPrefix("link.") }, "\(report.summary)")
        // At its destination, as in a Markdown page.
        let expected = try Self.position(of: "missing.md", in: text)
        #expect(broken.file.hasSuffix("links.ipynb"))
        #expect((broken.line, broken.column) == (expected.line, expected.column), "\(broken)")
    }

    @Test("A front-matter field the schema does not know is reported at its key in the raw cell")
    func rawCellField() throws {
        var cell = Self.frontMatter
        cell.lines.insert("levle: beginner", at: 3)
        let text = Self.notebook([cell, ("markdown", ["Text."], "")])
        let site = try Self.site("content/tutorials/field.ipynb", text)
        defer { site.cleanUp() }
        let report = site.build()
        let unknown = try #require(report.only("frontmatter.unknown-key"), "\(report.summary)")
        let expected = try Self.position(of: "levle", in: text)
        #expect((unknown.line, unknown.column) == (expected.line, expected.column), "\(unknown)")
        #expect(unknown.message.contains("levle"))
    }

    @Test("Broken notebooks are errors where they break: JSON, format, structure, YAML in the raw cell, no front-matter")
    func brokenNotebooks() throws {
        let site = try TestSite([
            "content/tutorials/not-json.ipynb": try Self.fixture("broken/not-json.ipynb"),
            "content/tutorials/nbformat3.ipynb": try Self.fixture("broken/nbformat3.ipynb"),
            "content/tutorials/bad-cell.ipynb": try Self.fixture("broken/bad-cell.ipynb"),
            "content/tutorials/bad-front-matter.ipynb": try Self.fixture("broken/bad-front-matter.ipynb"),
            "content/tutorials/bare.ipynb": Self.notebook([("markdown", ["No front-matter."], "")]),
        ], theme: Self.theme)
        defer { site.cleanUp() }
        let report = site.build()
        func at(_ file: String) throws -> Diagnostic {
            try #require(report.diagnostics.first { $0.file.hasSuffix("/\(file)") && $0.severity == .error }, "\(file): \(report.summary)")
        }
        let json = try at("not-json.ipynb")
        #expect((json.id, json.line, json.column) == ("notebook.json", 7, 4))
        #expect(json.message == "the notebook is not valid JSON: expected ',' or '}' after a member, found '\"'")
        let format = try at("nbformat3.ipynb")
        #expect((format.id, format.line, format.column) == ("notebook.format", 6, 14))
        #expect(format.fix == "convert it with `jupyter nbconvert --to notebook --nbformat 4`")
        let cell = try at("bad-cell.ipynb")
        #expect((cell.id, cell.line, cell.column, cell.message) == ("notebook.missing", 13, 3, "this cell has no 'outputs' field"))
        let yaml = try at("bad-front-matter.ipynb")
        #expect((yaml.id, yaml.line, yaml.column) == ("frontmatter.syntax", 9, 27))
        #expect(yaml.sourceLine?.contains("title: Dimuon spectra: a second look") == true)
        let bare = try at("bare.ipynb")
        #expect((bare.id, bare.line, bare.column) == ("notebook.no-frontmatter", 1, 1))
        #expect(bare.message == "the notebook has no front-matter, so the page has no title")
        #expect(!site.exists("tutorials/not-json/index.html"))
    }

    @Test("Cell tags: remove-cell, remove-input, hide-input, remove-output and hide-output")
    func tags() throws {
        func code(_ line: String, tags: [String]) -> (type: String, lines: [String], extra: String) {
            let tagList = tags.map { "\"\($0)\"" }.joined(separator: ", ")
            return ("code", [line], "\"execution_count\": 3,\n   \"outputs\": [{\"name\": \"stdout\", \"output_type\": \"stream\", \"text\": [\"out-\(tags.first ?? "none")\\n\"]}],\n   \"metadata_tags\": [\(tagList)]")
        }
        var cells = [Self.frontMatter]
        for tag in ["remove-cell", "remove-input", "hide-input", "remove-output", "hide-output"] {
            cells.append(code("print('in-\(tag)')", tags: [tag]))
        }
        // The helper writes "metadata": {} first; the tags go into it here.
        let text = Self.notebook(cells).replacingOccurrences(of: "\"metadata\": {},\n   \"source\": [\n    \"print('in-", with: "\"metadata\": {\"tags\": TAGS},\n   \"source\": [\n    \"print('in-")
        var tagged = text
        for tag in ["remove-cell", "remove-input", "hide-input", "remove-output", "hide-output"] {
            if let range = tagged.range(of: "TAGS") { tagged.replaceSubrange(range, with: "[\"\(tag)\"]") }
        }
        tagged = tagged.replacingOccurrences(of: #"(,\n   "metadata_tags": \[[^\]]*\])"#, with: "", options: .regularExpression)
        let site = try Self.site("content/tutorials/tags.ipynb", tagged)
        defer { site.cleanUp() }
        let report = site.build()
        #expect(!report.hasErrors, "\(report.summary)")
        let html = try site.read("tutorials/tags/index.html")
        #expect(!html.contains("in-remove-cell") && !html.contains("out-remove-cell"))
        #expect(!html.contains("in-remove-input") && html.contains("out-remove-input"))
        #expect(html.contains("<details class=\"code-hidden\">\n<summary>Show code</summary>\n<pre><code class=\"language-python\"><span class=\"hl-f\">print</span>(<span class=\"hl-s\">&#39;in-hide-input")
            || html.contains("<summary>Show code</summary>"), "\(html)")
        #expect(html.contains("in-remove-output") && !html.contains("out-remove-output"))
        #expect(html.contains("<details class=\"output-hidden\">\n<summary>Show output</summary>\n<div class=\"nb-outputs\">\n<pre class=\"nb-output nb-stream\" tabindex=\"0\">out-hide-output"))
    }

    @Test("Launch links come from site.yml: Binder, Colab, SWAN and a JupyterHub template, with the notebook's path in the repository")
    func launchLinks() throws {
        let settings = TestSite.defaultSettings + """
            repository:
              url: https://github.com/example-org/portal
              branch: main
            notebooks:
              launch: [binder, colab, swan]
              jupyterhub: https://hub.example.org/hub/user-redirect/git-pull?repo={repository}&branch={branch}&urlpath=lab/tree/{name}/{path}

            """
        let site = try Self.site("content/tutorials/fit.ipynb", Self.notebook([Self.frontMatter, ("markdown", ["Text."], "")]), settings: settings)
        defer { site.cleanUp() }
        let report = site.build()
        #expect(!report.hasErrors, "\(report.summary)")
        let html = try site.read("tutorials/fit/index.html")
        #expect(html.contains("<a class=\"launch\" href=\"https://mybinder.org/v2/gh/example-org/portal/main?labpath=content%2Ftutorials%2Ffit.ipynb\">Binder</a>"), "\(html)")
        #expect(html.contains("<a class=\"launch\" href=\"https://colab.research.google.com/github/example-org/portal/blob/main/content/tutorials/fit.ipynb\">Google Colab</a>"))
        #expect(html.contains("href=\"https://swan-k8s.cern.ch/user-redirect/download?projurl=https%3A%2F%2Fraw.githubusercontent.com%2Fexample-org%2Fportal%2Fmain%2Fcontent%2Ftutorials%2Ffit.ipynb\">CERN SWAN</a>"))
        #expect(html.contains("href=\"https://hub.example.org/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2Fexample-org%2Fportal&amp;branch=main&amp;urlpath=lab/tree/portal/content/tutorials/fit.ipynb\">JupyterHub</a>"))
    }

    @Test("The repository and notebook settings in site.yml are checked: a repository not on GitHub or GitLab, an unknown service, launch links without a repository, a JupyterHub address without {path}")
    func launchSettingsErrors() throws {
        let settings = TestSite.defaultSettings + """
            repository:
              url: https://git.example.org/org/portal
            notebooks:
              launch: [bindr]
              jupyterhub: https://hub.example.org/hub

            """
        let site = try TestSite([:], theme: Self.theme, settings: settings)
        defer { site.cleanUp() }
        let report = site.build(output: nil)
        let lines = settings.split(separator: "\n", omittingEmptySubsequences: false)
        func line(_ text: String) -> Int { (lines.firstIndex { $0.contains(text) } ?? -1) + 1 }
        let repository = try #require(report.only("settings.bad-repository"), "\(report.summary)")
        #expect(repository.message == "'https://git.example.org/org/portal' is not the address of a repository on GitHub or GitLab")
        #expect((repository.line, repository.column) == (line("git.example.org"), 8))
        let service = try #require(report.only("settings.unknown-launch"))
        #expect(service.message == "'bindr' is not a service portal can open notebooks in" && service.fix == "did you mean 'binder'?")
        #expect((service.line, service.column) == (line("bindr"), 12))
        let hub = try #require(report.only("settings.bad-jupyterhub"))
        #expect((hub.line, hub.column) == (line("hub.example.org/hub"), 15))
        let missing = try #require(report.only("settings.notebook-repository"))
        #expect(missing.message == "launch links open notebooks from the site's repository, which site.yml does not name")
        #expect((missing.line, missing.column) == (line("notebooks:"), 1))
    }

    @Test("Building twice leaves the images as they were: their names are their bytes' hash, and unchanged files are not rewritten")
    func imagesNotRewritten() throws {
        let site = try Self.site("content/tutorials/histogram.ipynb", try Self.fixture("histogram.ipynb"))
        defer { site.cleanUp() }
        site.build()
        let first = try site.snapshot().filter { $0.key.contains("/output-") }
        #expect(first.count == 2)
        site.build()
        let second = try site.snapshot().filter { $0.key.contains("/output-") }
        #expect(first == second)
    }

    @Test("Every kind of output, as stored: tracebacks and streams with their colours as classes, JPEG with MyST-NB's alt and caption, hostile HTML and SVG cut down with one warning each, widgets and scripts as a note")
    func everyOutput() throws {
        let site = try Self.site("content/tutorials/outputs.ipynb", try Self.fixture("outputs.ipynb"), areas: ["open-data", "computing-resources"])
        defer { site.cleanUp() }
        let report = site.build()
        #expect(!report.hasErrors, "\(report.summary)")
        let html = try site.read("tutorials/outputs/index.html")
        #expect(html.contains("<pre class=\"nb-output nb-error\" tabindex=\"0\">") && html.contains("class=\"ansi-"), "\(html)")
        #expect(!html.contains("\u{1B}["))
        #expect(html.contains("<figcaption>"))
        #expect(html.contains("This output is interactive: it needs a running Jupyter kernel."))
        // In the page's tags (the code that made the corpus is text, escaped): no element or attribute that runs or loads anything.
        for tag in html.matches(of: /<[a-zA-Z][^>]*>/).map({ String(html[$0.range]).lowercased() }) {
            let name = String(tag.dropFirst().prefix { $0.isLetter || $0.isNumber })
            #expect(!["script", "iframe", "style", "base", "form", "meta", "object", "embed", "input"].contains(name), "\(tag) reached the page")
            #expect(tag.firstMatch(of: /\son[a-z]+\s*=/) == nil && !tag.contains("javascript:"), "\(tag) reached the page")
        }
        let svgs = try site.snapshot().filter { $0.key.hasPrefix("/tutorials/outputs/output-") && $0.key.hasSuffix(".svg") }
        #expect(!svgs.isEmpty)
        for (_, data) in svgs {
            let svg = String(decoding: data, as: UTF8.self).lowercased()
            #expect(!svg.contains("<script") && !svg.contains("onload") && !svg.contains("javascript:") && !svg.contains("foreignobject") && svg.contains("<polyline"))
        }
        let unsafe = report.diagnostics("notebook.unsafe-output").sorted { $0.line < $1.line }
        #expect(unsafe.map { "\($0.line):\($0.column)" } == ["233:5", "290:5"], "\(report.summary)")
        #expect(unsafe.allSatisfy { $0.severity == .warning })
        #expect(unsafe[0].message.hasPrefix("left out of this HTML output, as pages show only what cannot run code or load from elsewhere: <script>, the attribute onerror, a javascript: address (2 times)"))
        #expect(unsafe[1].message.hasPrefix("left out of this SVG output, as pages show only what cannot run code or load from elsewhere: "))
        #expect(unsafe[0].fix == "nothing to do if the output reads well without it; docs/notebook-outputs.md lists what is kept")
        // An image attached to a markdown cell is a file beside the page, as outputs are, and the twin links it too.
        #expect(report.diagnostics("notebook.attachment").isEmpty)
        let attached = try #require(html.firstMatch(of: /<img src="(output-[0-9a-f]{16}\.png)" alt="Drell-Yan production/)?.output.1, "\(html)")
        #expect(site.exists("tutorials/outputs/\(attached)"))
        #expect(try site.read("tutorials/outputs/index.md").contains("](\(attached))"))
    }

    @Test("A raw cell that is not the front-matter, an output of a type no page can show, LaTeX that does not convert and a Markdown output with problems are warnings at their place")
    func outputWarnings() throws {
        let outputs = #"""
            "outputs": [
                {"output_type": "display_data", "metadata": {}, "data": {"application/vnd.plotly.v1+json": {"data": []}}},
                {"output_type": "execute_result", "execution_count": 1, "metadata": {}, "data": {"text/latex": "$\\frac{1}{$", "text/plain": "1/"}},
                {"output_type": "display_data", "metadata": {}, "data": {"text/markdown": "Mass $\\sqrt{$ here"}}
               ]
            """#
        let text = Self.notebook([Self.frontMatter, ("raw", ["<b>for LaTeX</b>"], ""), ("code", ["x"], outputs)])
        let site = try Self.site("content/tutorials/warn.ipynb", text)
        defer { site.cleanUp() }
        let report = site.build()
        #expect(!report.hasErrors, "\(report.summary)")
        let raw = try #require(report.only("notebook.raw-cell"))
        let rawPlace = try Self.position(of: "{\n   \"cell_type\": \"raw\",\n   \"metadata\": {},\n   \"source\": [\n    \"<b>", in: text)
        #expect((raw.line, raw.column) == rawPlace && raw.message == "a raw cell is not shown on the page; its text is left out")
        let type = try #require(report.only("notebook.output-type"))
        #expect((type.line, type.column) == (try Self.position(of: "{\"output_type\": \"display_data\"", in: text)))
        #expect(type.message == "an output of type 'application/vnd.plotly.v1+json' cannot be shown; a note stands in its place")
        let math = try #require(report.only("math.output"))
        #expect((math.line, math.column) == (try Self.position(of: "{\"output_type\": \"execute_result\"", in: text)))
        #expect(math.message.hasPrefix("this LaTeX output cannot be shown as a formula: "))
        let markdown = try #require(report.only("notebook.output-markdown"), "\(report.summary)")
        #expect((markdown.line, markdown.column) == (try Self.position(of: "{\"output_type\": \"display_data\", \"metadata\": {}, \"data\": {\"text/markdown\"", in: text)))
        #expect(markdown.message.hasPrefix("this Markdown output is not shown as written: "), "\(markdown.message)")
        let html = try site.read("tutorials/warn/index.html")
        #expect(html.contains("cannot be shown on a web page") && html.contains("<pre class=\"nb-output nb-result\" tabindex=\"0\">1/</pre>"), "\(html)")
        #expect(!html.contains("for LaTeX"))
    }

    @Test("A link to an attachment the cell does not have is an error at it; an attachment that is no image is a warning at it")
    func attachmentProblems() throws {
        let attachments = #""attachments": {"notes.pdf": {"application/pdf": "JVBERi0="}}"#
        let text = Self.notebook([Self.frontMatter, ("markdown", ["See ![the plot](attachment:plot.png)."], attachments)])
        let site = try Self.site("content/tutorials/attached.ipynb", text)
        defer { site.cleanUp() }
        let report = site.build(output: nil)
        let broken = try #require(report.only("link.broken"), "\(report.summary)")
        #expect((broken.line, broken.column) == (try Self.position(of: "attachment:plot.png", in: text)))
        #expect(broken.message == "this cell has no attachment named 'plot.png'")
        let warning = try #require(report.only("notebook.attachment"))
        #expect((warning.line, warning.column) == (try Self.position(of: "{\"application/pdf\"", in: text)))
        #expect(warning.message == "the file 'notes.pdf' attached to this cell ('application/pdf') is no image a page can show; it is left out")
    }

    @Test("A notebook may be a bundle's index.ipynb, with its files beside it, and a part of a series")
    func bundleAndSeries() throws {
        var cell = Self.frontMatter
        cell.lines.insert(contentsOf: ["series: basics", "part: 1"], at: 5)
        let text = Self.notebook([cell, ("markdown", ["See ![the detector](detector.png) and [part two](../second.md)."], "")])
        var files = [String: String](files: TestSite.breakout("open-data"), TestSite.tutorial("second", areas: ["open-data"], extra: "series: basics\npart: 2"))
        files["content/tutorials/fit/index.ipynb"] = text
        files["content/tutorials/fit/detector.png"] = "not read: a linked file need only exist"
        files["content/tutorials/basics/_series.md"] = "---\ntitle: Basics\nsummary: The basics.\nlevel: beginner\n---\n"
        let site = try TestSite(files, theme: Self.theme)
        defer { site.cleanUp() }
        let report = site.build()
        #expect(!report.hasErrors, "\(report.summary)")
        let page = try site.read("tutorials/fit/index.html")
        #expect(page.contains("<img src=\"detector.png\"") && page.contains("href=\"../second/index.html\""), "\(page)")
        #expect(page.contains("<a class=\"download\" href=\"index.ipynb\">Python</a>"))
        #expect(site.exists("tutorials/fit/index.ipynb") && site.exists("tutorials/fit/detector.png"))
        let series = try site.read("tutorials/basics/index.html")
        #expect(series.contains("href=\"../../tutorials/fit/index.html\">Fit a peak</a>"), "\(series)")
    }

    @Test("A byte that is not UTF-8 is an error at its place in the notebook")
    func invalidUTF8() throws {
        let text = Self.notebook([Self.frontMatter, ("markdown", ["Caf\u{FFFD} au lait."], "")])
        let site = try Self.site("content/tutorials/bytes.ipynb", "")
        defer { site.cleanUp() }
        // The replacement character stands where the invalid byte goes.
        var bytes = Array(text.utf8)
        let marker = Array("\u{FFFD}".utf8)
        let at = try #require((0...(bytes.count - marker.count)).first { Array(bytes[$0..<($0 + marker.count)]) == marker })
        bytes.replaceSubrange(at..<(at + marker.count), with: [0xE9])
        try Data(bytes).write(to: site.root.appendingPathComponent("content/tutorials/bytes.ipynb"))
        let report = site.build(output: nil)
        let error = try #require(report.diagnostics.first { $0.file.hasSuffix("bytes.ipynb") && $0.severity == .error }, "\(report.summary)")
        let expected = try Self.position(of: "Caf", in: text)
        #expect((error.id, error.line, error.column) == ("notebook.json", expected.line, expected.column + 3), "\(error)")
        #expect(error.message.contains("not valid UTF-8"), "\(error.message)")
    }
}
