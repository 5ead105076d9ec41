import Foundation
import PortalCore
import PortalTestSupport
import Testing

private let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
private let importFixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/import")

/// A lesson source written from `[path: contents]` into a temporary folder.
struct LessonSource {
    let root: URL

    init(_ files: [String: String]) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("portal-import-\(UUID().uuidString)")
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
    }

    var source: ImportSource { ImportSource(root: root) }

    func cleanUp() { try? FileManager.default.removeItem(at: root) }
}

@Suite("Importing a Carpentries Jekyll (styles) lesson")
struct CarpentriesStylesImportTests {
    static let fixture = ImportSource(root: importFixtures.appendingPathComponent("carpentries-styles"))

    static func read() throws -> ImportedLesson {
        try CarpentriesStylesReader.read(fixture, options: ImportOptions(series: "jets"))
    }

    @Test("The fixture lesson imports and builds with no error and no warning, rendered as the Carpentries render it")
    func endToEnd() throws {
        let lesson = try Self.read()
        let built = try ImportedSite(lesson, series: "jets", from: Self.fixture)
        defer { built.site.cleanUp() }
        #expect(built.report.errorCount == 0 && built.report.warningCount == 0, "\(built.report.summary)")
        let first = try built.site.read("tutorials/jets-introduction/index.html")
        #expect(first.contains("<div class=\"callout callout-challenge\""), "\(first)")
        #expect(first.contains("<details class=\"callout callout-solution\""))
        #expect(first.contains("<div class=\"callout callout-callout\"") || first.contains("callout-callout"))
        #expect(first.contains("<code class=\"language-python\">"))
        #expect(first.contains("<code class=\"language-output\">"))
        #expect(first.contains("<math"))
        #expect(first.contains("src=\"fig/jet-images.png\""))
        #expect(built.site.exists("tutorials/jets-introduction/fig/jet-images.png"))
        #expect(built.site.exists("tutorials/jets-introduction/data/jets.csv"))
        #expect(built.site.exists("tutorials/jets-network/code/train.py"))
        #expect(!first.contains("page.root") && !first.contains("include links.md"), "Liquid left in the page")
        let second = try built.site.read("tutorials/jets-network/index.html")
        #expect(second.contains("callout-discussion") && second.contains("callout-checklist"))
        #expect(second.contains("https://www.youtube.com/watch?v=VIDEO-ID") || second.contains("youtube"), "\(second)")
        #expect(second.contains("href=\"https://pytorch.org/\""))
        let last = try built.site.read("tutorials/jets-evaluation/index.html")
        #expect(last.contains("<code class=\"language-r\">"))
        let series = try built.site.read("tutorials/jets/index.html")
        #expect(series.contains("callout-prereq") && series.contains("id=\"setup\""))
    }

    @Test("Episode front-matter becomes portal's fields; Jekyll's plumbing goes silently, other keys with a note")
    func fields() throws {
        let lesson = try Self.read()
        let first = try #require(lesson.episodes.first)
        #expect(first.title == "Jets as inputs" && first.slug == "introduction" && first.sourcePath == "_episodes/01-introduction.md")
        #expect(first.fields["teaching"] == .integer(10) && first.fields["exercises"] == .integer(5))
        #expect(first.fields["questions"] == .list(["What does a jet look like to a classifier?"]))
        #expect(first.fields["objectives"] == .list(["Describe a jet by its constituents' transverse momenta", "Load the jet sample with NumPy"]))
        #expect(first.fields["keypoints"] == .list(["A jet is a spray of particles; a classifier sees its summary features."]))
        #expect(first.fields["tags"] == .list(["jets", "jet-tagging"]))
        #expect(first.fields.count == 6)
        #expect(lesson.notes("front-matter-field") == [ImportNote(
            file: "_episodes/01-introduction.md", line: 14, column: 1, construct: "front-matter-field",
            message: "the field 'difficulty' has no portal equivalent; it was dropped", fix: "write what it says into the page's text if readers need it")])
    }

    @Test("An outline item with a relative link is a note at its field, as portal refuses it")
    func outlineLinks() throws {
        let source = try LessonSource(["_config.yml": "title: T\n", "_episodes/01-a.md": "---\ntitle: A\nkeypoints:\n- \"See [the setup](../setup/)\"\n- \"[Docs](https://example.org/)\"\n---\nText.\n"])
        defer { source.cleanUp() }
        let lesson = try CarpentriesStylesReader.read(source.source, options: ImportOptions(series: "s"))
        #expect(lesson.notes("outline-link") == [ImportNote(
            file: "_episodes/01-a.md", line: 3, column: 1, construct: "outline-link",
            message: "an item of 'keypoints' links relatively ('See [the setup](../setup/)'), which portal refuses in the outline",
            fix: "link a full https:// address, or move the link into the page's text")])
    }

    @Test("A break episode is a schedule break after the part before it, not a part")
    func breaks() throws {
        let lesson = try Self.read()
        #expect(lesson.episodes.map(\.slug) == ["introduction", "network", "evaluation"])
        #expect(lesson.breaks == [ScheduleBreak(afterPart: 2, minutes: 15, title: "Coffee")])
        // The break page's text has no place in the schedule: it is reported, not dropped silently.
        #expect(lesson.notes("break") == [ImportNote(file: "_episodes/03-break.md", line: 6, column: 1, construct: "break",
                                                     message: "the break's text ('Time for a coffee.') is not imported: a break is a row of the schedule",
                                                     fix: "put it in the series' introduction if learners need it")])
    }

    @Test("A quote followed by a block class becomes a ::: block, un-quoted, its heading the block's first line, outer fence longer")
    func blocks() throws {
        let text = try Self.read().markdown("introduction")
        #expect(text.contains("""
            :::::: challenge

            ## Quark or gluon?

            Gluon jets have more constituents than quark jets of the same $$p_T$$. Which
            column of `jets` would you look at to tell them apart?

            ::: solution

            ## Solution

            The third column, the number of constituents $$n_\\mathrm{const}$$.

            :::

            ::::::
            """), "\(text)")
        #expect(text.contains("::: callout\n\n## Units\n\nAll momenta in the sample are in GeV.\n\n:::"))
        #expect(!text.contains("{: ."))
        #expect(try Self.read().counts.blocks == 9)
    }

    @Test("A code block's kramdown class names its language on the fence: output and error as such")
    func codeLanguages() throws {
        let text = try Self.read().markdown("introduction")
        #expect(text.contains("~~~python\nimport numpy as np"))
        #expect(text.contains("~~~output\n(4, 4)\n~~~"))
        let source = try LessonSource(["_config.yml": "title: T\n", "_episodes/01-a.md": """
            ---
            title: A
            ---
            >## Permission issues
            >~~~
            >oops
            >~~~
            >{: .error}
            {: .callout}

            ```
            plain
            ```
            {: .source}

            ~~~bash
            ls
            ~~~
            {: .source}

            """])
        defer { source.cleanUp() }
        let lesson = try CarpentriesStylesReader.read(source.source, options: ImportOptions(series: "s"))
        #expect(lesson.markdown("a") == "::: callout\n\n## Permission issues\n~~~error\noops\n~~~\n\n:::\n\n```\nplain\n```\n\n~~~bash\nls\n~~~\n", "\(lesson.markdown("a"))")
    }

    @Test("Liquid resolves to relative links, settings and plain Markdown")
    func liquid() throws {
        let lesson = try Self.read()
        let first = lesson.markdown("introduction")
        #expect(first.contains("The [setup page](../jets/_series.md) lists"))
        #expect(first.contains("[next episode](../jets-network/index.md)"))
        #expect(first.contains("![Average jet images for quark and gluon jets](fig/jet-images.png)"))
        // The links include brings in only the definitions the page uses.
        #expect(first.hasSuffix("\n[numpy]: https://numpy.org/\n"), "\(first)")
        let second = lesson.markdown("network")
        #expect(second.contains("on the jet-images sample."))
        #expect(second.contains("```python\nimport torch\n"))
        #expect(second.contains("loss_fn = torch.nn.BCEWithLogitsLoss()\n```\n"))
        #expect(second.contains("[train.py](code/train.py)"))
        #expect(second.contains("~~~python\nprint(f\"{{loss}}\")\n~~~"))
        #expect(second.contains("[introduction](../jets-introduction/index.md)"))
        #expect(second.contains("[pytorch]: https://pytorch.org/\n[pytorch-bce]: https://pytorch.org"))
        #expect(!second.contains("{%") && !second.contains("[numpy]:"))
        #expect(lesson.counts.liquidTags == 15)
    }

    @Test("Every spelling of the lesson's top resolves: page.root, site.root, relative_root_path, site.baseurl, relative_url, absolute_url")
    func liquidRoots() throws {
        let body = """
            ![a]({{ site.baseurl }}/fig/x.png) ![b]({{ relative_root_path }}/fig/x.png) ![c]({{ 'fig/x.png' | absolute_url }})
            [home]({{ site.root }}/) [home]({{ page.root }}) [data]({{ "/02-data/" | relative_url }}) {{ page.title }}

            """
        let source = try LessonSource(["_config.yml": "title: T\n", "_episodes/01-a.md": "---\ntitle: Alpha\n---\n" + body,
                                       "_episodes/02-data.md": "---\ntitle: Data\n---\nText.\n", "fig/x.png": "png"])
        defer { source.cleanUp() }
        let lesson = try CarpentriesStylesReader.read(source.source, options: ImportOptions(series: "s"))
        #expect(lesson.markdown("a") == """
            ![a](fig/x.png) ![b](fig/x.png) ![c](fig/x.png)
            [home](../s/_series.md) [home](../s/_series.md) [data](../s-data/index.md) Alpha

            """, "\(lesson.markdown("a"))")
        #expect(lesson.notes.isEmpty, "\(lesson.notes)")
        #expect(lesson.episodes[0].files == [ImportedFile(sourcePath: "fig/x.png", destination: "fig/x.png")])
        #expect(lesson.counts.liquidTags == 7 && lesson.counts.figures == 3)
    }

    @Test("Liquid the import cannot resolve stays as written, with a note at its line and column")
    func liquidNotes() throws {
        let lesson = try Self.read()
        #expect(lesson.markdown("introduction").contains("{% if site.kind == \"lesson\" %}\nThis text only shows in the lesson build.\n{% endif %}"))
        let notes = lesson.notes("liquid-tag")
        #expect(notes.map { "\($0.file):\($0.line):\($0.column)" } == ["_episodes/01-introduction.md:56:1", "_episodes/01-introduction.md:58:1"])
        #expect(notes.first?.message == "the Liquid tag '{% if site.kind == \"lesson\" %}' was left as written: its result depends on Jekyll")
        #expect(notes.first?.fix == "write the text the tag produces (keep the branch that applies), or remove it")

        let source = try LessonSource(["_config.yml": "title: T\n", "_episodes/01-a.md": "---\ntitle: A\n---\nSee {{ site.nothing }} and {% include figure.html %}.\n"])
        defer { source.cleanUp() }
        let small = try CarpentriesStylesReader.read(source.source, options: ImportOptions(series: "s"))
        #expect(small.markdown("a") == "See {{ site.nothing }} and {% include figure.html %}.\n")
        #expect(small.notes("liquid-tag") == [
            ImportNote(file: "_episodes/01-a.md", line: 4, column: 5, construct: "liquid-tag",
                       message: "the Liquid value '{{ site.nothing }}' names nothing the import knows; it was left as written", fix: "write the value itself, or remove it"),
            ImportNote(file: "_episodes/01-a.md", line: 4, column: 28, construct: "liquid-tag",
                       message: "the include '{% include figure.html %}' has no equivalent in portal; it was left as written",
                       fix: "copy what the included file shows into the page, or remove the include"),
        ])
    }

    @Test("A Liquid comment becomes an HTML comment; an embedded video's iframe becomes a video block")
    func commentsAndVideos() throws {
        let body = """
            {% comment %} Not shown: {{ page.root }} {% endcomment %}

            <center>
            <iframe width="560" height="315" src="https://www.youtube.com/embed/VIDEO-ID?start=30&amp;rel=0" frameborder="0" allowfullscreen></iframe>
            </center>

            ~~~
            <iframe src="https://example.org/"></iframe>
            ~~~

            """
        let source = try LessonSource(["_config.yml": "title: T\n", "_episodes/01-a.md": "---\ntitle: A\n---\n" + body])
        defer { source.cleanUp() }
        let lesson = try CarpentriesStylesReader.read(source.source, options: ImportOptions(series: "s"))
        #expect(lesson.markdown("a") == """
            <!-- Not shown: {{ page.root }} -->

            ::: video https://www.youtube.com/embed/VIDEO-ID?start=30&rel=0
            :::

            ~~~
            <iframe src="https://example.org/"></iframe>
            ~~~

            """, "\(lesson.markdown("a"))")
        #expect(lesson.notes.isEmpty && lesson.counts.blocks == 1 && lesson.counts.liquidTags == 2)
    }

    @Test("The series introduction is index.md then setup.md under ## Setup, with their links to the setup made anchors")
    func introduction() throws {
        let lesson = try Self.read()
        #expect(lesson.introduction.hasPrefix("This lesson, Classifying jets with a small neural network, trains"))
        #expect(lesson.introduction.contains("::: prereq\n\n## Prerequisites\n\nPython and a little NumPy; see [the setup](#setup).\n\n:::"))
        #expect(lesson.introduction.contains("\n## Setup\n\nInstall [PyTorch][pytorch]"))
        #expect(lesson.introduction.contains("~~~bash\npip install torch scikit-learn\n~~~"))
        #expect(!lesson.introduction.contains("# Setup\n\n# "))
    }

    @Test("Title, authors, licence and repository come from the lesson's files")
    func lessonFacts() throws {
        let lesson = try Self.read()
        #expect(lesson.title == "Classifying jets with a small neural network")
        #expect(lesson.authors == ["Ada Example", "Bo Sample"])
        #expect(lesson.origin == ImportOrigin(url: "https://github.com/example/jet-classifier-lesson", license: "CC-BY-4.0",
                                              licenseURL: "https://creativecommons.org/licenses/by/4.0/"))
    }

    @Test("AUTHORS gives the authors when there is no CITATION.cff; MIT and CC0 are recognised by their text")
    func authorsAndLicences() throws {
        let source = try LessonSource(["_config.yml": "title: T\n", "_episodes/01-a.md": "A\n", "AUTHORS": "Ada Example <ada@example.org>\n\nBo Sample\n",
                                       "LICENSE.md": "MIT License\n\nPermission is hereby granted, free of charge, to any person\n"])
        defer { source.cleanUp() }
        let lesson = try CarpentriesStylesReader.read(source.source, options: ImportOptions(series: "s"))
        #expect(lesson.authors == ["Ada Example", "Bo Sample"])
        #expect(lesson.origin.license == "MIT" && lesson.origin.licenseURL == "https://opensource.org/licenses/MIT")
        try Data("To the extent possible under law, the authors have waived all rights (CC0 1.0 Universal Public Domain Dedication).\n".utf8)
            .write(to: source.root.appendingPathComponent("LICENSE.md"))
        let cc0 = try CarpentriesStylesReader.read(source.source, options: ImportOptions(series: "s"))
        #expect(cc0.origin.license == "CC0-1.0" && cc0.origin.licenseURL == "https://creativecommons.org/publicdomain/zero/1.0/")
    }

    @Test("Extra pages and the glossary are notes, not parts")
    func extras() throws {
        let notes = try Self.read().notes("extra-page")
        #expect(notes == [
            ImportNote(file: "_extras/guide.md", line: 0, column: 0, construct: "extra-page", message: "not imported: '_extras/guide.md' (an extra page of the Jekyll lesson)",
                       fix: "add it as a page or to the series introduction if readers need it"),
            ImportNote(file: "reference.md", line: 0, column: 0, construct: "extra-page", message: "not imported: 'reference.md' (the lesson's glossary)",
                       fix: "add it as a page or to the series introduction if readers need it"),
        ])
    }

    @Test("An R Markdown episode's chunks become fences of their language, with one note for the file")
    func rmdChunks() throws {
        let lesson = try Self.read()
        let text = lesson.markdown("evaluation")
        #expect(text.contains("```r\nscores <- read.csv"))
        #expect(text.contains("```r\nplot(scores$pt, scores$mass)\n```"))
        #expect(lesson.notes("rmd-chunk") == [ImportNote(
            file: "_episodes_rmd/04-evaluation.Rmd", line: 15, column: 1, construct: "rmd-chunk",
            message: "2 R Markdown chunks became code blocks; their outputs are not computed",
            fix: "run the lesson (knitr or sandpaper) and paste the outputs under the code as ```output blocks, or leave the code without them")])
    }

    @Test("Math spans and figures are counted")
    func counts() throws {
        let counts = try Self.read().counts
        #expect(counts.mathSpans == 7 && counts.figures == 1)
    }

    @Test("Quotes nested deeper than portal nests blocks stay quotes past the 16th level")
    func deepNesting() throws {
        let depth = 40
        var lines = [String(repeating: "> ", count: depth) + "Deep."]
        for level in stride(from: depth - 1, through: 0, by: -1) { lines.append(String(repeating: "> ", count: level) + "{: .callout}") }
        let source = try LessonSource(["_config.yml": "title: T\n", "_episodes/01-a.md": lines.joined(separator: "\n") + "\n"])
        defer { source.cleanUp() }
        let lesson = try CarpentriesStylesReader.read(source.source, options: ImportOptions(series: "s"))
        #expect(lesson.counts.blocks == 16)
        #expect(lesson.markdown("a").contains(String(repeating: "> ", count: depth - 16) + "Deep."))
    }

    @Test("A block class portal has no block for stays as written, with a note at the class line")
    func unknownBlock() throws {
        let source = try LessonSource(["_config.yml": "title: T\n", "_episodes/01-a.md": "---\ntitle: A\n---\nText.\n\n> ## Odd\n> Body.\n{: .sidebar}\n\n> A quote.\n{: .quotation}\n"])
        defer { source.cleanUp() }
        let lesson = try CarpentriesStylesReader.read(source.source, options: ImportOptions(series: "s"))
        #expect(lesson.markdown("a") == "Text.\n\n> ## Odd\n> Body.\n{: .sidebar}\n\n> A quote.\n")
        #expect(lesson.notes("unknown-block") == [ImportNote(
            file: "_episodes/01-a.md", line: 8, column: 1, construct: "unknown-block",
            message: "the block class '.sidebar' has no portal block; the quote and its class line were left as written",
            fix: "make it a `:::` block portal knows (callout, challenge, discussion…) or a plain quote")])
    }

    @Test("A link to nothing in the lesson is a note at its line and column; so is a bad minutes value")
    func brokenLinkAndMinutes() throws {
        let source = try LessonSource(["_config.yml": "title: T\n", "_episodes/01-a.md": "---\ntitle: A\nteaching: soon\n---\nSee [the glossary]({{ page.root }}/reference/).\n"])
        defer { source.cleanUp() }
        let lesson = try CarpentriesStylesReader.read(source.source, options: ImportOptions(series: "s"))
        #expect(lesson.notes("broken-link") == [ImportNote(
            file: "_episodes/01-a.md", line: 5, column: 20, construct: "broken-link",
            message: "the link '../reference/' names no file or episode of the lesson",
            fix: "link the page it means by its full https:// address, or remove the link")])
        #expect(lesson.notes("front-matter-field") == [ImportNote(
            file: "_episodes/01-a.md", line: 3, column: 1, construct: "front-matter-field",
            message: "'teaching: soon' is not a whole number of minutes; it was dropped", fix: "set 'teaching' to the minutes it takes, such as 20")])
    }

    @Test("Slugs repeat with -2; a first # H1 repeating the title goes; an episode without a title takes its H1")
    func slugsAndTitles() throws {
        let source = try LessonSource(["_config.yml": "title: T\n",
                                       "_episodes/01-intro.md": "---\ntitle: Intro\n---\n# Intro\n\nText.\n",
                                       "_episodes/02-intro.md": "# Second look\n\nMore.\n"])
        defer { source.cleanUp() }
        let lesson = try CarpentriesStylesReader.read(source.source, options: ImportOptions(series: "s"))
        #expect(lesson.episodes.map(\.slug) == ["intro", "intro-2"])
        #expect(lesson.episodes.map(\.title) == ["Intro", "Second look"])
        #expect(lesson.markdown("intro") == "Text.\n" && lesson.markdown("intro-2") == "More.\n")
    }

    @Test("A folder without _config.yml or without episodes is refused, saying why")
    func failures() throws {
        let empty = try LessonSource(["index.md": "Hello\n"])
        defer { empty.cleanUp() }
        #expect(throws: ImportFailure("'_config.yml' is missing: a Carpentries Jekyll lesson has one at its top")) {
            try CarpentriesStylesReader.read(empty.source, options: ImportOptions(series: "s"))
        }
        let noEpisodes = try LessonSource(["_config.yml": "title: T\n"])
        defer { noEpisodes.cleanUp() }
        #expect(throws: ImportFailure("the lesson has no episodes: '_episodes/' holds no Markdown file")) {
            try CarpentriesStylesReader.read(noEpisodes.source, options: ImportOptions(series: "s"))
        }
        let onlyBreaks = try LessonSource(["_config.yml": "title: T\n", "_episodes/01-break.md": "---\nlayout: break\nbreak: 10\n---\n"])
        defer { onlyBreaks.cleanUp() }
        #expect(throws: ImportFailure("the lesson has no episodes: every file of '_episodes/' is a break")) {
            try CarpentriesStylesReader.read(onlyBreaks.source, options: ImportOptions(series: "s"))
        }
    }
}
