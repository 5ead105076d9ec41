import Foundation
import PortalCore
import PortalTestSupport
import Testing

private let importFixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/import")

@Suite("Importing an MkDocs site")
struct ImportMkDocsTests {
    static let site = ImportSource(root: importFixtures.appendingPathComponent("mkdocs"))

    private func read() throws -> ImportedLesson {
        try MkDocsReader.read(Self.site, options: ImportOptions(series: "anomaly"))
    }

    /// A site of one page besides its home page, `docs/page.md`, read; the page's converted text.
    private func convert(_ page: String, extra: [String: String] = [:], config: String = "site_name: S\nnav:\n  - index.md\n  - page.md\n") throws -> (text: String, lesson: ImportedLesson) {
        let folder = try TemporarySource(["mkdocs.yml": config, "docs/index.md": "# S\n\nHome.\n", "docs/page.md": page].merging(extra) { $1 })
        defer { folder.cleanUp() }
        let lesson = try MkDocsReader.read(folder.source, options: ImportOptions(series: "s"))
        return (lesson.episodes.first?.markdown ?? "", lesson)
    }

    @Test("mkdocs.yml gives the title, summary, authors, repository and licence, though it holds !!python/name: tags")
    func configuration() throws {
        let lesson = try read()
        #expect(lesson.title == "Anomaly detection at the LHC")
        #expect(lesson.summary == "A short course on finding events that do not look like the rest.")
        #expect(lesson.authors == ["HEP ML Training Group"])
        #expect(lesson.origin == ImportOrigin(url: "https://example.org/hep-ml/anomaly-course", license: "CC-BY-4.0",
                                              licenseURL: "https://creativecommons.org/licenses/by/4.0/"))
        #expect(lesson.notes("configuration").isEmpty)
    }

    @Test("A config that is only a !!python/name: tag away from plain YAML reads")
    func pythonTags() throws {
        let (text, lesson) = try convert("# P\n\nText.\n", config: """
            site_name: S
            markdown_extensions:
              - pymdownx.emoji:
                  emoji_generator: !!python/name:material.extensions.emoji.to_svg
            nav:
              - index.md
              - page.md
            """)
        #expect(lesson.title == "S")
        #expect(text.contains("Text."))
    }

    @Test("nav gives the order, sections flattened; index.md is the introduction; an external entry is noted")
    func navigation() throws {
        let lesson = try read()
        #expect(lesson.episodes.map(\.slug) == ["data", "training", "evaluation"])
        #expect(lesson.episodes.map(\.title) == ["The data", "Training", "Evaluation"])
        #expect(lesson.introduction.contains("This course trains an autoencoder"))
        #expect(!lesson.introduction.contains("# Anomaly detection"))
        #expect(lesson.notes("external-entry") == [ImportNote(
            file: "mkdocs.yml", line: 37, column: 22, construct: "external-entry",
            message: "the nav links 'https://squidfunk.github.io/mkdocs-material/' (MkDocs Material), a page outside the site; it is not a part",
            fix: "link it from the series page or a part, or add it as a resource")])
    }

    @Test("Without nav, the pages of docs_dir are taken in order; a nav entry that names no page is noted")
    func withoutNav() throws {
        let folder = try TemporarySource(["mkdocs.yml": "site_name: S\ndocs_dir: src\n", "src/index.md": "Home.\n", "src/b.md": "# B\n", "src/a.md": "# A\n"])
        defer { folder.cleanUp() }
        let lesson = try MkDocsReader.read(folder.source, options: ImportOptions(series: "s"))
        #expect(lesson.episodes.map(\.title) == ["A", "B"])
        let top = try TemporarySource(["mkdocs.yml": "site_name: S\ndocs_dir: .\nnav:\n  - index.md\n  - a.md\n", "index.md": "Home.\n", "a.md": "# A\n"])
        defer { top.cleanUp() }
        #expect(try MkDocsReader.read(top.source, options: ImportOptions(series: "s")).episodes.map(\.sourcePath) == ["a.md"])
        let missing = try convert("Text.\n", config: "site_name: S\nnav:\n  - index.md\n  - Gone: gone.md\n").lesson
        #expect(missing.notes("missing-file").map { "\($0.line):\($0.column) \($0.message)" } == ["4:11 the nav names 'gone.md', which is not a file of docs/"])
    }

    @Test("Admonitions become blocks, nested ones inside with fewer colons; ??? is closed, ???+ open")
    func admonitions() throws {
        let data = try read().episodes[0].markdown
        #expect(data.contains("::: note\n\nThe sample holds $10^6$ background jets and 1,000 signal jets.\n\n:::"))
        #expect(data.contains("""
            :::: spoiler "Why so few signal jets?"

            An anomaly is rare by definition: the signal fraction is
            $$f = \\frac{N_s}{N_s + N_b} \\approx 10^{-3}.$$

            ::: tip

            Try a fraction ten times smaller later.

            :::

            ::::
            """))
        #expect(data.contains("::: warning \"Mind the units\"\n"))
        let training = try read().episodes[1].markdown
        #expect(training.contains(":::: exercise \"Exercise: a smaller latent space\""))
        #expect(training.contains("::: solution \"Solution\""))
    }

    @Test("Each admonition type becomes the block portal has for it", arguments: [
        ("note", "note"), ("abstract", "callout"), ("info", "note"), ("tip", "tip"), ("hint", "tip"), ("important", "important"),
        ("success", "callout"), ("question", "discussion"), ("warning", "warning"), ("caution", "caution"), ("failure", "caution"),
        ("danger", "caution"), ("bug", "caution"), ("example", "callout"), ("quote", "callout"),
    ])
    func admonitionTypes(type: String, block: String) throws {
        let text = try convert("!!! \(type)\n    Body.\n").text
        #expect(text == "::: \(block)\n\nBody.\n\n:::\n")
    }

    @Test("An admonition type MkDocs Material does not name is a callout, noted")
    func unknownAdmonition() throws {
        let (text, lesson) = try convert("Text.\n\n!!! physics \"Units\"\n    GeV.\n")
        #expect(text.contains("::: callout \"Units\""))
        #expect(lesson.notes("admonition") == [ImportNote(file: "docs/page.md", line: 3, column: 5, construct: "admonition",
                                                          message: "the admonition type 'physics' is not one of MkDocs Material's; it is shown as a callout",
                                                          fix: "pick the block that fits: note, tip, warning, caution, challenge, solution…")])
    }

    @Test("Consecutive content tabs are one tab block; ===! starts another")
    func tabs() throws {
        let training = try read().episodes[1].markdown
        #expect(training.contains("""
            ::::: tab-set
            :::: tab-item PyTorch


            ```python
            model = AutoEncoder(n_inputs=90, latent=8)
            loss = torch.nn.MSELoss()
            ```

            ::::
            :::: tab-item Keras
            """))
        let text = try convert("=== \"A\"\n    One.\n=== \"B\"\n    Two.\n\n===! \"C\"\n    Three.\n").text
        #expect(text == """
            ::::: tab-set
            :::: tab-item A

            One.

            ::::
            :::: tab-item B

            Two.

            ::::
            :::::

            ::::: tab-set
            :::: tab-item C

            Three.

            ::::
            :::::

            """)
    }

    @Test("A snippet is expanded from the snippets' base path; one that is not a file is noted and kept")
    func snippets() throws {
        let training = try read().episodes[1].markdown
        #expect(training.contains("```bash\npython -m venv .venv\nsource .venv/bin/activate\npip install torch numpy\n```"))
        let (text, lesson) = try convert("Text.\n\n    --8<-- \"nowhere.md\"\n")
        #expect(text.contains("--8<-- \"nowhere.md\""))
        #expect(lesson.notes("snippet") == [ImportNote(file: "docs/page.md", line: 3, column: 5, construct: "snippet",
                                                       message: "the snippet 'nowhere.md' is not a file of the site; the line is shown as written",
                                                       fix: "paste the text it stands for, or add the file to the source and import again")])
    }

    @Test("attr_list: an image keeps the attributes portal applies, in its spelling; a heading's and a lone list go, noted")
    func attributes() throws {
        let evaluation = try read().episodes[2].markdown
        #expect(evaluation.contains("![ROC curve of the anomaly score](img/roc.png){: width=\"300\"}"))
        let (text, lesson) = try convert("## Fit { #fit .wide }\n\n![a](https://example.org/a.png){ .center width=\"50%\" }\n\n- one\n\n{ .annotate }\n")
        #expect(text == "## Fit\n\n![a](https://example.org/a.png){: width=\"50%\"}\n\n- one\n\n")
        #expect(lesson.notes("attribute").map { "\($0.line):\($0.column) \($0.message)" } == [
            "1:8 the heading's attributes {#fit .wide} were taken out: portal gives a heading the id made from its text",
            "3:32 the attributes .center were taken out: portal applies width, height, alt and title only",
            "7:1 the attribute list { .annotate } was taken out: portal does not apply it",
        ])
    }

    @Test("A # H1 repeating the front-matter's title goes, with its attributes")
    func repeatedTitle() throws {
        let (text, lesson) = try convert("---\ntitle: Fit\ndescription: Fit the peak.\n---\n\n# Fit { #fit }\n\nText.\n")
        #expect(lesson.episodes.first?.title == "Fit")
        #expect(lesson.episodes.first?.fields == ["summary": .text("Fit the peak.")])
        #expect(!text.contains("# Fit"))
        #expect(lesson.notes.isEmpty)
    }

    @Test("<div markdown> is unwrapped; abbreviations and icons stay as written, noted")
    func extensions() throws {
        let lesson = try read()
        let evaluation = lesson.episodes[2].markdown
        #expect(evaluation.contains("for how it was split.\n\nScore the jets with `model(x)`.\n\n*[AUC]: Area under the curve"))
        #expect(!evaluation.contains("<div"))
        #expect(lesson.notes.filter { ["md-in-html", "abbreviation", "icon"].contains($0.construct) }.map { "\($0.construct) \($0.file):\($0.line):\($0.column) \($0.message)" } == [
            "icon docs/data.md:18:1 1 icon shortcode (:material-database:) is shown as written: portal has no icon set",
            "md-in-html docs/evaluation.md:8:1 the HTML wrapper <div markdown> was taken out; the Markdown inside it is kept, without the wrapper's layout",
            "abbreviation docs/evaluation.md:12:1 the abbreviation 'AUC' is shown as written: portal has no abbreviation list",
        ])
    }

    @Test("Links between pages lead to the parts, images are copied into the bundle")
    func links() throws {
        let lesson = try read()
        #expect(lesson.episodes[2].markdown.contains("see [the data](../anomaly-data/index.md)"))
        #expect(lesson.episodes[2].files == [ImportedFile(sourcePath: "docs/img/roc.png", destination: "img/roc.png")])
    }

    @Test("What was converted is counted")
    func counts() throws {
        var expected = ImportCounts()
        expected.figures = 1
        expected.blocks = 8
        expected.mathSpans = 7
        #expect(try read().counts == expected)
    }

    @Test("The imported site builds with no error and no warning: blocks, tabs, formulas and the figure rendered")
    func builds() throws {
        let lesson = try read()
        let built = try ImportedSite(lesson, series: "anomaly", source: Self.site)
        defer { built.site.cleanUp() }
        #expect(built.report.diagnostics.isEmpty, "\(built.report.summary)")
        let training = try built.page("tutorials/anomaly-training/index.html")
        #expect(training.contains("<div class=\"tab-set\""), "the content tabs are a tab block")
        let data = try built.page("tutorials/anomaly-data/index.html")
        #expect(data.contains("<details"))
        #expect(data.contains("<math"))
        #expect(built.site.exists("tutorials/anomaly-evaluation/img/roc.png"))
    }
}
