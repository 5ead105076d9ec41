import Foundation
import PortalCore
import PortalTestSupport
import Testing

private let importFixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/import")

@Suite("Importing a Carpentries Workbench lesson")
struct CarpentriesWorkbenchImportTests {
    static let fixture = ImportSource(root: importFixtures.appendingPathComponent("carpentries-workbench"))

    static func read() throws -> ImportedLesson {
        try CarpentriesWorkbenchReader.read(fixture, options: ImportOptions(series: "jets"))
    }

    @Test("The fixture lesson imports and builds with no error and no warning, rendered as the Workbench renders it")
    func endToEnd() throws {
        let lesson = try Self.read()
        let built = try ImportedSite(lesson, series: "jets", from: Self.fixture)
        defer { built.site.cleanUp() }
        #expect(built.report.errorCount == 0 && built.report.warningCount == 0, "\(built.report.summary)")
        let first = try built.site.read("tutorials/jets-introduction/index.html")
        #expect(first.contains("<div class=\"callout callout-challenge\""), "\(first)")
        #expect(first.contains("<details class=\"callout callout-solution\""))
        #expect(first.contains("<code class=\"language-python\">") && first.contains("<code class=\"language-output\">"))
        #expect(first.contains("<math"))
        #expect(first.contains("<img src=\"fig/jet-images.png\" alt=\"Two four-by-four pixel images, brighter at the centre for quark jets\" />\n<figcaption><span class=\"figure-number\">Figure 1</span> Average jet images for quark and gluon jets</figcaption>"), "\(first)")
        #expect(built.site.exists("tutorials/jets-introduction/fig/jet-images.png"))
        #expect(built.site.exists("tutorials/jets-introduction/data/jets.csv"))
        #expect(built.site.exists("tutorials/jets-network/files/train.py"))
        #expect(try built.site.read("tutorials/jets-network/index.html").contains("callout-instructor"))
        #expect(try built.site.read("tutorials/jets-evaluation/index.html").contains("<code class=\"language-r\">"))
        #expect(try built.site.read("tutorials/jets/index.html").contains("callout-prereq"))
    }

    @Test("config.yaml's episodes list gives the order; the front-matter gives title and minutes")
    func episodes() throws {
        let lesson = try Self.read()
        #expect(lesson.episodes.map(\.sourcePath) == ["episodes/introduction.md", "episodes/network.md", "episodes/evaluation.Rmd"])
        #expect(lesson.episodes.map(\.title) == ["Jets as inputs", "A small network", "Evaluating the classifier"])
        let first = try #require(lesson.episodes.first)
        // Not `created`, the lesson's: the writer dates each part by its file's first commit.
        #expect(first.fields == ["teaching": .integer(10), "exercises": .integer(5)])
        #expect(lesson.notes("front-matter-field") == [ImportNote(
            file: "episodes/network.md", line: 5, column: 1, construct: "front-matter-field",
            message: "the field 'editor' has no portal equivalent; it was dropped", fix: "write what it says into the page's text if readers need it")])
    }

    @Test("The ::: blocks are kept and counted; links lead to parts, the series page and bundle files; links.md's definitions are added")
    func body() throws {
        let lesson = try Self.read()
        let text = lesson.markdown("introduction")
        #expect(text.hasPrefix(":::::::::::::::::::::::::::::::::::::: questions\n\n- What does a jet look like to a classifier?"))
        #expect(text.contains("The [setup](../jets/_series.md) lists"))
        #expect(text.contains("[next episode](../jets-network/index.md) builds"))
        // sandpaper's figure: the caption in brackets, the alt text in braces; portal's: the other way round.
        #expect(text.contains("![Two four-by-four pixel images, brighter at the centre for quark jets](fig/jet-images.png \"Average jet images for quark and gluon jets\")\n"))
        #expect(text.contains("[the jets](data/jets.csv)"))
        #expect(text.hasSuffix("::::::::::::::::::::::::::::::::::::::::::::::::\n\n[numpy]: https://numpy.org/\n"), "\(text)")
        #expect(lesson.episodes[0].files == [ImportedFile(sourcePath: "episodes/fig/jet-images.png", destination: "fig/jet-images.png"),
                                             ImportedFile(sourcePath: "episodes/data/jets.csv", destination: "data/jets.csv")])
        #expect(lesson.markdown("network").contains("[introduction](../jets-introduction/index.md)"))
        #expect(lesson.counts.blocks == 10, "\(lesson.counts)")
        #expect(lesson.counts.figures == 1 && lesson.counts.mathSpans == 7, "\(lesson.counts)")
    }

    @Test("An R Markdown episode's chunks become r fences, with one note for the file")
    func rmd() throws {
        let lesson = try Self.read()
        #expect(lesson.markdown("evaluation").contains("```r\nscores <- read.csv(\"data/jets.csv\")\nsummary(scores)\n```\n\n```r\nplot("))
        #expect(lesson.notes("rmd-chunk") == [ImportNote(
            file: "episodes/evaluation.Rmd", line: 9, column: 1, construct: "rmd-chunk",
            message: "2 R Markdown chunks became code blocks; their outputs are not computed",
            fix: "run the lesson (knitr or sandpaper) and paste the outputs under the code as ```output blocks, or leave the code without them")])
    }

    @Test("The introduction is index.md then learners/setup.md under ## Setup; the lesson's facts come from its files")
    func lessonFacts() throws {
        let lesson = try Self.read()
        #expect(lesson.title == "Classifying jets with a small neural network")
        #expect(lesson.introduction.hasPrefix("This lesson trains a small neural network to tell quark jets from gluon\njets. It takes about an hour; see the [setup](#setup) first."))
        #expect(lesson.introduction.contains("\n## Setup\n\nInstall [PyTorch][pytorch]:\n\n```bash\npip install torch\n```\n\n[pytorch]: https://pytorch.org/\n"))
        #expect(lesson.authors == ["Ada Example", "Bo Sample"])
        #expect(lesson.origin == ImportOrigin(url: "https://github.com/example/jet-classifier-workbench", license: "CC-BY-4.0",
                                              licenseURL: "https://creativecommons.org/licenses/by/4.0/"))
    }

    @Test("Instructor, learner and profile pages are notes, not parts")
    func extras() throws {
        let notes = try Self.read().notes("extra-page")
        #expect(notes.map(\.file) == ["instructors/instructor-notes.md", "learners/reference.md", "profiles/learner-profiles.md"])
        #expect(notes.first?.message == "not imported: 'instructors/instructor-notes.md' (a page of the Workbench lesson's instructors section)")
    }

    @Test("Without an episodes list the files go by name; a listed episode that is missing is a note at its line in config.yaml")
    func order() throws {
        let unlisted = try LessonSource(["config.yaml": "title: T\nlicense: CC0\n", "episodes/02-b.md": "B\n", "episodes/01-a.md": "A\n", "episodes/fig/x.md": "no\n"])
        defer { unlisted.cleanUp() }
        let lesson = try CarpentriesWorkbenchReader.read(unlisted.source, options: ImportOptions(series: "s"))
        #expect(lesson.episodes.map(\.slug) == ["a", "b"])
        #expect(lesson.origin.license == "CC0-1.0")
        let listed = try LessonSource(["config.yaml": "title: T\nepisodes:\n- a.md\n- gone.md\n", "episodes/a.md": "A\n"])
        defer { listed.cleanUp() }
        let short = try CarpentriesWorkbenchReader.read(listed.source, options: ImportOptions(series: "s"))
        #expect(short.episodes.map(\.slug) == ["a"])
        #expect(short.notes("missing-episode") == [ImportNote(
            file: "config.yaml", line: 4, column: 3, construct: "missing-episode",
            message: "the episode 'gone.md' listed in config.yaml is not in 'episodes/'; it was left out", fix: "correct the name in config.yaml, or add the file")])
    }

    @Test("An image whose braces hold more than alt stays as written, with a note at the braces")
    func imageAttributes() throws {
        let source = try LessonSource(["config.yaml": "title: T\n", "episodes/a.md": "---\ntitle: A\n---\n\n![Loss](fig/x.png){alt='The loss' width='50%'}\n", "episodes/fig/x.png": "png"])
        defer { source.cleanUp() }
        let lesson = try CarpentriesWorkbenchReader.read(source.source, options: ImportOptions(series: "s"))
        #expect(lesson.markdown("a") == "![Loss](fig/x.png){alt='The loss' width='50%'}\n")
        #expect(lesson.notes("image-attributes") == [ImportNote(
            file: "episodes/a.md", line: 5, column: 19, construct: "image-attributes",
            message: "the image attributes '{alt='The loss' width='50%'}' were left as written: portal reads only `alt` here",
            fix: "write the alt text in the brackets and the caption as the image's title: ![alt](path \"caption\")")])
    }

    @Test("An alt text that wraps onto the next line is read whole")
    func wrappedAlt() throws {
        let source = try LessonSource(["config.yaml": "title: T\n", "episodes/a.md": "![Logo](fig/x.png){alt='Blue hex\nlogo with no text.'}\n", "episodes/fig/x.png": "png"])
        defer { source.cleanUp() }
        let lesson = try CarpentriesWorkbenchReader.read(source.source, options: ImportOptions(series: "s"))
        #expect(lesson.markdown("a") == "![Blue hex logo with no text.](fig/x.png \"Logo\")\n")
    }

    @Test("A block name portal does not know is a note at the name")
    func unknownBlockName() throws {
        let source = try LessonSource(["config.yaml": "title: T\n", "episodes/a.md": """
            ---
            title: A
            ---

            ::::::::: Good Data Management:

            - Promotes the integrity of your research

            :::::::::

            ::: {.callout}
            Fine.
            :::

            """])
        defer { source.cleanUp() }
        let lesson = try CarpentriesWorkbenchReader.read(source.source, options: ImportOptions(series: "s"))
        #expect(lesson.notes("unknown-block") == [ImportNote(
            file: "episodes/a.md", line: 5, column: 11, construct: "unknown-block",
            message: "the block name 'Good' is not one portal knows; the build stops at it",
            fix: "name it callout, challenge, discussion, instructor… or make its first line a heading of a callout")])
        #expect(lesson.counts.blocks == 2)
    }

    @Test("A folder without config.yaml or without episodes is refused, saying why")
    func failures() throws {
        let empty = try LessonSource(["index.md": "Hello\n"])
        defer { empty.cleanUp() }
        #expect(throws: ImportFailure("'config.yaml' is missing: a Carpentries Workbench lesson has one at its top")) {
            try CarpentriesWorkbenchReader.read(empty.source, options: ImportOptions(series: "s"))
        }
        let noEpisodes = try LessonSource(["config.yaml": "title: T\n"])
        defer { noEpisodes.cleanUp() }
        #expect(throws: ImportFailure("the lesson has no episodes: 'episodes/' holds no Markdown or R Markdown file")) {
            try CarpentriesWorkbenchReader.read(noEpisodes.source, options: ImportOptions(series: "s"))
        }
    }
}
