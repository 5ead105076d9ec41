import Foundation
import PortalCore
import PortalTestSupport
import Testing

private let importFixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/import")

/// A source folder written from `[path: contents]` into a temporary folder.
struct TemporarySource {
    let root: URL
    let source: ImportSource

    init(_ files: [String: String]) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("portal-import-\(UUID().uuidString)")
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        source = ImportSource(root: root)
    }

    func cleanUp() {
        try? FileManager.default.removeItem(at: root)
    }
}

extension ImportedEpisode {
    /// The converted Markdown, or "" for a notebook.
    var markdown: String {
        if case .markdown(let text) = content { return text }
        return ""
    }
}

@Suite("Importing a Jupyter Book")
struct ImportJupyterBookTests {
    static let book = ImportSource(root: importFixtures.appendingPathComponent("jupyter-book"))
    static let bookV2 = ImportSource(root: importFixtures.appendingPathComponent("jupyter-book-v2"))

    private func read(_ source: ImportSource = book, series: String = "peak") throws -> ImportedLesson {
        try JupyterBookReader.read(source, options: ImportOptions(series: series))
    }

    /// A one-chapter book around `chapter` (`chapters/a.md`), read.
    private func readChapter(_ chapter: String, extra: [String: String] = [:]) throws -> ImportedLesson {
        let folder = try TemporarySource(["_toc.yml": "format: jb-book\nroot: intro\nchapters:\n  - file: chapters/a\n",
                                          "intro.md": "# Book\n\nText.\n", "chapters/a.md": chapter].merging(extra) { $1 })
        defer { folder.cleanUp() }
        return try JupyterBookReader.read(folder.source, options: ImportOptions(series: "s"))
    }

    @Test("_toc.yml gives the order: the root is the introduction, sections follow their chapter, an external entry is noted")
    func tableOfContents() throws {
        let lesson = try read()
        #expect(lesson.episodes.map(\.sourcePath) == ["chapters/fitting.md", "chapters/peak.ipynb", "chapters/anomaly.md"])
        #expect(lesson.episodes.map(\.slug) == ["fitting", "peak", "anomaly"])
        #expect(lesson.introduction.contains("This book fits the $Z$ boson's mass peak"))
        #expect(!lesson.introduction.contains("# Fitting a mass peak"))
        #expect(lesson.introduction.contains("You need Python 3.11 with"))
        #expect(lesson.introductionFiles.contains(ImportedFile(sourcePath: "images/zpeak.png", destination: "images/zpeak.png")))
        #expect(lesson.notes("external-entry") == [ImportNote(
            file: "_toc.yml", line: 12, column: 14, construct: "external-entry",
            message: "the table of contents links 'https://jupyterbook.org' (Jupyter Book's own guide), a page outside the book; it is not a part",
            fix: "link it from the series page or a part, or add it as a resource")])
    }

    @Test("_config.yml and LICENSE.md give the title, authors, repository and licence")
    func configuration() throws {
        let lesson = try read()
        #expect(lesson.title == "Fitting a mass peak")
        #expect(lesson.authors == ["HEP ML Training Group"])
        #expect(lesson.origin == ImportOrigin(url: "https://example.org/hep-ml/mass-peak-book", license: "CC-BY-4.0",
                                              licenseURL: "https://creativecommons.org/licenses/by/4.0/"))
    }

    @Test("Titles: the front-matter's, else the first # H1 (taken out of the body); front-matter fields portal has are kept")
    func titles() throws {
        let lesson = try read()
        #expect(lesson.episodes.map(\.title) == ["Fitting the Z peak", "The peak in a notebook", "A quick look at anomaly detection"])
        #expect(!lesson.episodes[2].markdown.contains("# A quick look"))
        #expect(lesson.episodes[0].fields == ["tags": .list(["fitting", "statistics"])])
    }

    @Test("A notebook keeps its bytes but for its first Markdown cell's # H1 line")
    func notebookTitle() throws {
        let original = try #require(Self.book.data("chapters/peak.ipynb"))
        let lesson = try read()
        guard case .notebook(let bytes) = lesson.episodes[1].content else {
            Issue.record("the notebook is not a notebook")
            return
        }
        let removed = "\"# The peak in a notebook\\n\",\n    \"\\n\",\n    "
        #expect(String(decoding: bytes, as: UTF8.self) == String(decoding: original, as: UTF8.self).replacingOccurrences(of: removed, with: ""))
        #expect(lesson.counts.notebooks == 1)
    }

    @Test("A notebook whose cell source is one string loses its title line too")
    func notebookStringSource() throws {
        let notebook = ##"{"cells": [{"cell_type": "markdown", "metadata": {}, "source": "# Jets\n\nText with \"quotes\"."}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}"##
        let folder = try TemporarySource(["_toc.yml": "format: jb-book\nroot: intro\nchapters:\n  - file: jets\n", "intro.md": "Intro.\n", "jets.ipynb": notebook])
        defer { folder.cleanUp() }
        let lesson = try JupyterBookReader.read(folder.source, options: ImportOptions(series: "s"))
        #expect(lesson.episodes.first?.title == "Jets")
        guard case .notebook(let bytes) = lesson.episodes.first?.content else { return }
        #expect(String(decoding: bytes, as: UTF8.self) == notebook.replacingOccurrences(of: ##""# Jets\n\nText"##, with: #""Text"#))
    }

    @Test("A notebook's Markdown cells' images are copied into its bundle; a link the bundle would break is noted, the notebook unchanged")
    func notebookLinks() throws {
        #expect(try read().episodes[1].files == [ImportedFile(sourcePath: "chapters/peak-sketch.png", destination: "peak-sketch.png")])
        let cell = #"{"cell_type": "markdown", "metadata": {}, "source": ["See [the fit](fit.md).\n", "![A plot](../fig/a.png)"]}"#
        let notebook = #"{"cells": ["# + "\(cell)" + #"], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}"#
        let folder = try TemporarySource(["_toc.yml": "format: jb-book\nroot: intro\nchapters:\n  - file: nb/jets\n  - file: nb/fit\n", "intro.md": "Intro.\n",
                                          "nb/jets.ipynb": notebook, "nb/fit.md": "# Fit\n", "fig/a.png": "PNG"])
        defer { folder.cleanUp() }
        let lesson = try JupyterBookReader.read(folder.source, options: ImportOptions(series: "s"))
        #expect(lesson.episodes[0].files == [ImportedFile(sourcePath: "fig/a.png", destination: "fig/a.png")])
        #expect(lesson.notes("notebook-link").map(\.fix) == ["open the notebook and change the line to: See [the fit](../s-fit/index.md).",
                                                              "open the notebook and change the line to: ![A plot](fig/a.png)"])
        #expect(lesson.notes("notebook-link").first?.message
            == "line 1 of the notebook's Markdown cell 1 links a file or chapter that is at another place in the series; the notebook was not changed")
        guard case .notebook(let bytes) = lesson.episodes[0].content else { return }
        #expect(String(decoding: bytes, as: UTF8.self) == notebook)
    }

    @Test("MyST roles: {math} becomes $…$, {ref}, {numref}, {eq} and {doc} become links, and (label)= targets go")
    func roles() throws {
        let fitting = try read().episodes[0].markdown
        #expect(fitting.contains("a Breit-Wigner of mass $m_Z$ and width"))
        #expect(fitting.contains("of [](#eq-bw) over the bins, as [The model](#the-model) describes;"))
        #expect(fitting.contains("[](#fig-zpeak) shows the result, and [A quick look at anomaly detection](../peak-anomaly/index.md) goes further."))
        #expect(!fitting.contains("(model)="))
        #expect(fitting.contains("$$\n\\begin{equation} b(m) = B \\, e^{-m / \\lambda} \\label{eq-background} \\end{equation}\n$$\n"))
        #expect(fitting.contains("fixed, [](#eq-background) has one free parameter"))
        let anomaly = try read().episodes[2].markdown
        #expect(anomaly.contains("See [the model](../peak-fitting/index.md#the-model) for the"))
        #expect(anomaly.contains("[the introduction](../peak/_series.md)"))
    }

    @Test("An admonition's :class: naming a block makes it that block; a figure's path is the bundle's; {margin} is a note")
    func directives() throws {
        let lesson = try read()
        let fitting = lesson.episodes[0].markdown
        #expect(fitting.contains("````{tip} Challenge: fix the background\n\n"))
        #expect(!fitting.contains(":class:"))
        #expect(fitting.contains("```{solution} Solution\nBy less than its uncertainty"))
        #expect(fitting.contains("```{figure} images/zpeak.png\n:alt: The Z peak above a falling background\n:name: fig-zpeak"))
        #expect(lesson.episodes[0].files == [ImportedFile(sourcePath: "images/zpeak.png", destination: "images/zpeak.png")])
        #expect(lesson.episodes[2].markdown.contains("```{note}\nAutoencoders were used"))
        #expect(lesson.notes("margin") == [ImportNote(file: "chapters/anomaly.md", line: 21, column: 4, construct: "margin",
                                                      message: "the {margin} aside is shown as a note in the text: portal has no margin",
                                                      fix: "check that the note reads well where it stands, or fold it into the text")])
    }

    @Test("Citations and glued values stay as written, each noted where it is")
    func citationsAndGlue() throws {
        let lesson = try read()
        #expect(lesson.episodes[0].markdown.contains("as in {cite}`james2006`."))
        #expect(lesson.notes("citation") == [ImportNote(file: "chapters/fitting.md", line: 11, column: 41, construct: "citation",
                                                        message: "the citation {cite}`james2006` is shown as written: portal does not render citations yet",
                                                        fix: "write the reference in the text (James 2006) until the citations issue lands")])
        #expect(lesson.notes("glue") == [ImportNote(file: "chapters/fitting.md", line: 44, column: 20, construct: "glue",
                                                    message: "the glued value {glue:}`fitted_mass` is shown as written: portal does not run notebooks",
                                                    fix: "write the value in the text")])
    }

    @Test("references.bib is copied beside the series page, and noted")
    func bibliography() throws {
        let lesson = try read()
        #expect(lesson.introductionFiles.contains(ImportedFile(sourcePath: "references.bib", destination: "references.bib")))
        #expect(lesson.notes("bibliography") == [ImportNote(
            file: "references.bib", line: 0, column: 0, construct: "bibliography",
            message: "'references.bib' was copied beside the series page as 'references.bib'; citations render when the citations issue lands",
            fix: "until then, write the references a part cites in its text")])
    }

    @Test("What was converted is counted")
    func counts() throws {
        var expected = ImportCounts()
        expected.figures = 3
        expected.blocks = 6
        expected.mathSpans = 11
        expected.notebooks = 1
        #expect(try read().counts == expected)
    }

    @Test("Notes for what portal has no equivalent of, each at its line and column")
    func unconvertible() throws {
        let lesson = try readChapter("""
            # A
            Before.

            (lonely)=
            Text with {sub}`2` and {ref}`nowhere`.

            ```{glossary}
            AUC
              Area under the curve.
            ```

            ```{note}
            :class: dropdown
            Closed in MyST.
            ```

            ```{figure} missing.png
            :align: center
            ```
            """)
        #expect(lesson.notes.map { "\($0.construct) \($0.line):\($0.column)" } == [
            "label 4:1", "role 5:11", "reference 5:24", "directive 7:4", "directive-option 13:1", "broken-link 17:13", "directive-option 18:1",
        ])
        #expect(lesson.notes("role").first?.message == "portal does not render the MyST role {sub}: {sub}`2` is shown as written")
        #expect(lesson.notes("reference").first?.message == "the reference {ref}`nowhere` names no label of the book")
        #expect(lesson.notes("directive").first?.message == "portal does not render the MyST directive {glossary}: it is shown as code")
        #expect(lesson.notes("directive").first?.fix == "write the terms as a list, or as a ::: callout block")
        #expect(lesson.notes("directive-option").first?.message == "portal does not apply the option :class: of {note}; it was left out")
        #expect(lesson.notes("directive-option").first?.fix == "make it a ```{dropdown} block if it should be closed until opened")
        #expect(lesson.notes("label").first?.message == "the target (lonely)= stands before no heading; links to it lead to the page")
        #expect(lesson.notes("broken-link").first?.message == "the path 'missing.png' names no file of the book")
        // Text portal cannot convert stays.
        #expect(lesson.episodes[0].markdown.contains("Text with {sub}`2` and {ref}`nowhere`."))
        #expect(lesson.episodes[0].markdown.contains("```{glossary}\nAUC"))
    }

    @Test("MyST's tab sets are portal's tab block; {include} and {download} name the bundle's copies of their files")
    func tabsIncludesDownloads() throws {
        let lesson = try readChapter("""
            # A

            ````{tab-set}
            ```{tab-item} Python
            Text.
            ```
            ````

            :::{tab-set}
            Colons.
            :::

            ```{include} ../snippets/setup.md
            ```

            Get {download}`the data <../data/peaks.csv>` and {download}`../data/peaks.csv`.
            """, extra: ["snippets/setup.md": "Install.\n", "data/peaks.csv": "m\n91\n"])
        let text = lesson.episodes[0].markdown
        #expect(text.contains("::::: tab-set\n:::: tab-item Python\nText.\n::::\n:::::"))
        #expect(text.contains("::: tab-set\nColons.\n:::"))
        #expect(text.contains("```{include} snippets/setup.md\n```"))
        #expect(text.contains("Get [the data](data/peaks.csv) and [peaks.csv](data/peaks.csv)."))
        #expect(Set(lesson.episodes[0].files) == [ImportedFile(sourcePath: "snippets/setup.md", destination: "snippets/setup.md"),
                                                  ImportedFile(sourcePath: "data/peaks.csv", destination: "data/peaks.csv")])
    }

    @Test("MyST substitutions: the page's and the book's are written in; an unknown one is noted")
    func substitutions() throws {
        let lesson = try readChapter("---\ntitle: A\nsubstitutions:\n  energy: 13.6 TeV\n---\n\nAt {{ energy }}, see {{nowhere}}; `{{ energy }}` is code.\n")
        #expect(lesson.episodes[0].markdown.contains("At 13.6 TeV, see {{nowhere}}; `{{ energy }}` is code."))
        #expect(lesson.notes == [ImportNote(file: "chapters/a.md", line: 7, column: 22, construct: "substitution",
                                            message: "the substitution {{ nowhere }} is defined neither in _config.yml nor in the page; it is shown as written",
                                            fix: "write the text it stands for")])
    }

    @Test("A labelled formula on one line is a numbered equation")
    func labelledFormulaOnOneLine() throws {
        let text = try readChapter("# A\n\n$$ E = mc^2 $$ (eq:energy)\n\nSee {eq}`eq:energy`.\n").episodes[0].markdown
        #expect(text.contains("$$\\begin{equation} E = mc^2 \\label{eq:energy} \\end{equation}$$"))
        #expect(text.contains("See [](#eq-energy)."))
    }

    @Test("Front-matter fields portal has no place for are noted at their line; jupytext's settings are kept")
    func frontMatter() throws {
        let lesson = try readChapter("""
            ---
            title: A
            description: What A is about.
            numbering: false
            license: MIT
            jupytext:
              text_representation:
                format_name: myst
            kernelspec:
              name: python3
            ---

            +++

            Text.
            """)
        let fields = try #require(lesson.episodes.first?.fields)
        #expect(fields["summary"] == .text("What A is about."))
        #expect(fields["kernelspec"] == .yaml("name: python3\n"))
        #expect(fields["jupytext"] == .yaml("text_representation:\n  format_name: myst\n"))
        #expect(lesson.notes("front-matter") == [ImportNote(file: "chapters/a.md", line: 5, column: 1, construct: "front-matter",
                                                            message: "the field 'license' has no place in portal's front-matter; it was left out",
                                                            fix: "set it by hand in the part's front-matter if it matters")])
    }

    @Test("A missing chapter and a reStructuredText one are noted; glob entries expand sorted; slugs are made unique")
    func tocEntries() throws {
        let folder = try TemporarySource([
            "_toc.yml": "format: jb-article\nroot: index\nsections:\n  - file: gone\n  - file: old\n  - glob: parts/*\n",
            "index.md": "Intro.\n", "old.rst": "Old\n===\n", "parts/02-intro.md": "# Two\n", "parts/01-intro.md": "# One\n",
        ])
        defer { folder.cleanUp() }
        let lesson = try JupyterBookReader.read(folder.source, options: ImportOptions(series: "s"))
        #expect(lesson.episodes.map(\.slug) == ["intro", "intro-2"])
        #expect(lesson.episodes.map(\.title) == ["One", "Two"])
        #expect(lesson.notes.map { "\($0.construct) \($0.file):\($0.line)" } == ["missing-file _toc.yml:4", "unsupported-chapter old.rst:0"])
        #expect(lesson.notes("missing-file").first?.message == "the table of contents names 'gone', which is not a file of the book")
    }

    @Test("myst.yml (Jupyter Book 2) gives the order, title, authors, licence and repository")
    func version2() throws {
        let lesson = try read(Self.bookV2, series: "tagging")
        #expect(lesson.title == "Tagging jets with a small network")
        #expect(lesson.authors == ["Ada Example", "Ben Example"])
        #expect(lesson.origin == ImportOrigin(url: "https://github.com/example/jet-tagging-book", license: "CC-BY-4.0",
                                              licenseURL: "https://creativecommons.org/licenses/by/4.0/"))
        #expect(lesson.episodes.map(\.slug) == ["train", "evaluate"])
        #expect(lesson.episodes.map(\.title) == ["Train the tagger", "Evaluate the tagger"])
        #expect(lesson.episodes[0].markdown.contains("cross-entropy $-\\log p$ of"))
        #expect(lesson.episodes[0].fields["kernelspec"] == .yaml("display_name: Python 3\nlanguage: python\nname: python3\n"))
        #expect(lesson.episodes[0].markdown.contains("\n+++\n"))
        #expect(lesson.episodes[1].markdown.contains("[the training page](../tagging-train/index.md)"))
        #expect(lesson.episodes[1].files == [ImportedFile(sourcePath: "roc.png", destination: "roc.png")])
    }

    @Test("The imported Jupyter Book builds with no error and no warning, its figure, blocks and formulas rendered")
    func buildsVersion1() throws {
        let lesson = try read()
        let built = try ImportedSite(lesson, series: "peak", source: Self.book)
        defer { built.site.cleanUp() }
        #expect(built.report.diagnostics.isEmpty, "\(built.report.summary)")
        let fitting = try built.page("tutorials/peak-fitting/index.html")
        #expect(fitting.contains("<figure class=\"figure\" id=\"fig-zpeak\">"))
        #expect(fitting.contains("<math"))
        #expect(built.site.exists("tutorials/peak-fitting/images/zpeak.png"))
        #expect(built.site.exists("tutorials/peak-peak/index.html"))
        #expect(built.site.exists("tutorials/peak/references.bib"))
    }

    @Test("The imported Jupyter Book 2 builds with no error and no warning")
    func buildsVersion2() throws {
        let lesson = try read(Self.bookV2, series: "tagging")
        let built = try ImportedSite(lesson, series: "tagging", source: Self.bookV2)
        defer { built.site.cleanUp() }
        #expect(built.report.diagnostics.isEmpty, "\(built.report.summary)")
    }

    @Test("A MyST figure after a Markdown directive is a figure (its closing fence opens no code)")
    func figureAfterDirective() throws {
        let site = try TestSite(.init(uniqueKeysWithValues: [TestSite.breakout("agentic-ai"), TestSite.tutorial("fig", body: """
            ```{note}
            A note.
            ```

            ```{figure} https://example.org/z.png
            :alt: The Z peak

            The caption.
            ```
            """)]))
        defer { site.cleanUp() }
        let report = site.build()
        #expect(report.diagnostics.isEmpty, "\(report.summary)")
        #expect(try site.read("tutorials/fig/index.html").contains("<figcaption>"))
    }
}
