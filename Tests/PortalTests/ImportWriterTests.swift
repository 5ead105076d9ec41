import Foundation
@testable import PortalCore
import PortalTestSupport
import Testing

private let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A lesson's source folder written from `[path: contents]`, optionally as a git work tree with
/// one commit dated 2025-03-14.
private func sourceFolder(_ files: [String: [UInt8]], git: Bool = false) throws -> URL {
    let root = TemporaryFolders.make("portal-import-source")
    for (path, bytes) in files {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
    }
    if git {
        for arguments in [["init", "-q"], ["add", "-A"], ["-c", "user.name=Lesson Author", "-c", "user.email=a@example.org", "commit", "-q", "-m", "Lesson"],
                          ["remote", "add", "origin", "git@github.com:example-org/jet-lesson.git"]] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["git"] + arguments
            process.currentDirectoryURL = root
            process.environment = ["GIT_AUTHOR_DATE": "2025-03-14T12:00:00Z", "GIT_COMMITTER_DATE": "2025-03-14T12:00:00Z", "HOME": root.path, "PATH": "/usr/bin:/bin"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
        }
    }
    return root
}

private let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0,
                            0x1F, 0x15, 0xC4, 0x89, 0, 0, 0, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0xF0, 0x1F, 0, 0x05,
                            0x00, 0x01, 0xFF, 0x89, 0x99, 0x3D, 0x1D, 0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82]

private let notebook = """
    {
     "cells": [
      {
       "cell_type": "markdown",
       "metadata": {},
       "source": ["Histogram the dimuon mass, $m_{\\\\mu\\\\mu}$.\\n", "\\n", "The peak near 91 GeV is the Z boson."]
      },
      {
       "cell_type": "code",
       "execution_count": 1,
       "metadata": {},
       "outputs": [{"name": "stdout", "output_type": "stream", "text": ["0.1\\n"]}],
       "source": ["print(0.1)"]
      }
     ],
     "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}, "language_info": {"name": "python"}},
     "nbformat": 4,
     "nbformat_minor": 5
    }
    """

/// A lesson as a reader would return it: two episodes (Markdown with an outline and a figure, and a
/// notebook), a break, and its origin.
private func lesson() -> ImportedLesson {
    var lesson = ImportedLesson(title: "Jets with small networks")
    lesson.summary = "Classify quark and gluon jets with a small neural network."
    lesson.authors = ["Ada Analyst", "Bo Builder"]
    lesson.introduction = "The lesson trains a classifier on jet images.\n\n## Setup\n\nInstall Python 3.11.\n"
    var first = ImportedEpisode(slug: "introduction", sourcePath: "_episodes/01-introduction.md", title: "Why classify jets?",
                                content: .markdown("What makes a jet a jet.\n\n![A jet image](fig/jet.png)\n\nNext: [the data](../jets-data/index.md).\n"))
    first.fields = ["teaching": .integer(10), "exercises": .integer(5), "objectives": .list(["Explain what a jet is in a detector"]),
                    "questions": .list(["What is a jet?"]), "keypoints": .list(["Jets are sprays of hadrons"])]
    first.files = [ImportedFile(sourcePath: "fig/jet.png", destination: "fig/jet.png")]
    var second = ImportedEpisode(slug: "data", sourcePath: "_episodes/02-data.ipynb", title: "The data", content: .notebook(Array(notebook.utf8)))
    second.fields = ["teaching": .integer(20), "exercises": .integer(10)]
    lesson.episodes = [first, second]
    lesson.breaks = [ScheduleBreak(afterPart: 1, minutes: 15)]
    lesson.origin = ImportOrigin(license: "CC BY 4.0", licenseURL: "https://creativecommons.org/licenses/by/4.0/")
    lesson.notes = [ImportNote(file: "_episodes/01-introduction.md", line: 12, column: 3, construct: "liquid-tag", message: "'{% if x %}' is Liquid logic",
                               fix: "rewrite the passage without it")]
    lesson.counts.figures = 1
    lesson.counts.blocks = 2
    lesson.counts.mathSpans = 1
    lesson.counts.notebooks = 1
    return lesson
}

private func site() throws -> TestSite {
    try TestSite([String: String](files: TestSite.breakout("agentic-ai"), TestSite.breakout("machine-learning", number: 2)))
}

private func buildWithShippedTheme(_ site: TestSite, drafts: Bool = false) -> BuildReport {
    var options = site.options(drafts: drafts)
    options.templatesDirectory = packageRoot.appendingPathComponent("templates")
    return SiteBuilder(options: options).run()
}

private func writeOptions(areas: [String] = ["machine-learning"], level: String? = "intermediate") -> ImportWriteOptions {
    var options = ImportWriteOptions(series: "jets", format: .carpentriesStyles, today: "2026-12-04")
    options.areas = areas
    options.level = level
    return options
}

@Suite("Import: writing a series")
struct ImportWriterTests {
    @Test("a lesson from a git work tree becomes a published series: fields, breaks, credit, figures and a notebook's front-matter cell")
    func writesSeries() throws {
        let source = try sourceFolder(["fig/jet.png": png, "_episodes/01-introduction.md": Array("x".utf8), "_episodes/02-data.ipynb": Array(notebook.utf8)], git: true)
        let site = try site()
        let content = site.root.appendingPathComponent("content")
        let plan = try ImportWriter.plan(lesson(), source: ImportSource(root: source), options: writeOptions(), contentDirectory: content)
        #expect(plan.conflicts.isEmpty)
        #expect(!plan.isDraft)
        #expect(plan.files.map(\.path) == ["tutorials/jets/_series.md", "tutorials/jets-introduction/index.md", "tutorials/jets-data/index.ipynb",
                                           "tutorials/jets-introduction/fig/jet.png"])
        try ImportWriter.write(plan, contentDirectory: content, source: ImportSource(root: source))

        let part = try String(contentsOf: content.appendingPathComponent("tutorials/jets-introduction/index.md"), encoding: .utf8)
        #expect(part.hasPrefix("""
            ---
            title: Why classify jets?
            summary: Explain what a jet is in a detector
            level: intermediate
            areas:
              - machine-learning
            authors:
              - Ada Analyst
              - Bo Builder
            date: 2025-03-14
            series: jets
            part: 1
            teaching: 10
            exercises: 5
            questions:
              - What is a jet?
            """))
        #expect(!part.contains("draft"))
        let series = try String(contentsOf: content.appendingPathComponent("tutorials/jets/_series.md"), encoding: .utf8)
        #expect(series.contains("breaks:\n  - {after: 1, minutes: 15, title: Break}\n"))
        #expect(series.contains("based_on:\n  title: Jets with small networks\n  url: https://github.com/example-org/jet-lesson\n  commit: "))
        #expect(series.contains("  license: CC BY 4.0\n  license_url: https://creativecommons.org/licenses/by/4.0/\n"))
        let written = try Data(contentsOf: content.appendingPathComponent("tutorials/jets-data/index.ipynb"))
        let text = String(decoding: written, as: UTF8.self)
        // The front-matter is a raw first cell; every other byte of the notebook is as the source wrote it.
        #expect(text.contains("\"cells\": [\n  {\n   \"cell_type\": \"raw\",\n   \"metadata\": {},\n   \"source\": [\n    \"---\\n\",\n    \"title: The data\\n\",\n"))
        #expect(text.replacingOccurrences(of: #"\n  \{\n   "cell_type": "raw",[^]]*\]\n  \},"#, with: "", options: .regularExpression) == notebook)
        #expect(try Data(contentsOf: content.appendingPathComponent("tutorials/jets-introduction/fig/jet.png")) == Data(png))

        let report = buildWithShippedTheme(site)
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics)")
        let page = try site.read("tutorials/jets/index.html")
        #expect(page.contains("<tr class=\"schedule-break\">"))
        #expect(page.contains("<a href=\"https://creativecommons.org/licenses/by/4.0/\" rel=\"license\">CC BY 4.0</a>"))
        #expect(page.contains("\"isBasedOn\""))
        #expect(try site.read("tutorials/jets-data/index.html").contains("The data"))
    }

    @Test("what the source and the command line do not give is a marked placeholder, and the whole series is a draft")
    func placeholders() throws {
        let source = try sourceFolder(["fig/jet.png": png])
        let site = try site()
        let content = site.root.appendingPathComponent("content")
        var bare = lesson()
        bare.authors = []
        bare.summary = nil
        bare.introduction = "## Setup\n\n```\npython -m pip install torch\n```\n"
        bare.episodes[0].fields = [:]
        let plan = try ImportWriter.plan(bare, source: ImportSource(root: source), options: writeOptions(areas: [], level: nil), contentDirectory: content)
        #expect(plan.isDraft)
        try ImportWriter.write(plan, contentDirectory: content, source: ImportSource(root: source))
        let part = try String(contentsOf: content.appendingPathComponent("tutorials/jets-introduction/index.md"), encoding: .utf8)
        #expect(part.hasPrefix("""
            ---
            title: Why classify jets?
            summary: What makes a jet a jet.
            draft: true  # until every CHANGE ME is replaced in this series
            level: beginner  # CHANGE ME
            areas:  # CHANGE ME
              - agentic-ai
            authors:  # CHANGE ME
              - CHANGE ME
            date: 2026-12-04  # CHANGE ME
            duration: 30 min  # CHANGE ME
            series: jets
            part: 1
            ---

            ![A jet image](fig/jet.png)
            """), "the opening paragraph is the summary, not repeated below it")
        let series = try String(contentsOf: content.appendingPathComponent("tutorials/jets/_series.md"), encoding: .utf8)
        #expect(series.contains("summary: \"CHANGE ME: one or two plain sentences about the lesson, for listings and search\"  # CHANGE ME\n"))
        #expect(series.contains("draft: true"))
        let placeholders = plan.notes.filter { $0.construct == "placeholder" && $0.file == "content/tutorials/jets-introduction/index.md" }
        #expect(placeholders.map(\.line) == [5, 6, 8, 10, 11])
        #expect(placeholders.first?.message == "'level' is a placeholder: the source gives no level; pass --level or choose beginner, intermediate or advanced")
        #expect(placeholders.first?.fix == "write the real value and delete the '# CHANGE ME' mark")

        // Published: nothing of it, and no diagnostic; with drafts: every page, without errors.
        #expect(buildWithShippedTheme(site).diagnostics.isEmpty)
        #expect(!site.exists("tutorials/jets/index.html"))
        let drafts = buildWithShippedTheme(site, drafts: true)
        #expect(!drafts.hasErrors, "\(drafts.diagnostics)")
        #expect(site.exists("tutorials/jets-introduction/index.html"))
    }

    @Test("importing again keeps the fields the editor filled in, and refuses to replace a text the editor changed")
    func reimport() throws {
        let source = try sourceFolder(["fig/jet.png": png])
        let site = try site()
        let content = site.root.appendingPathComponent("content")
        let imported = ImportSource(root: source)
        let options = writeOptions(areas: [], level: nil)
        try ImportWriter.write(try ImportWriter.plan(lesson(), source: imported, options: options, contentDirectory: content), contentDirectory: content, source: imported)
        let path = content.appendingPathComponent("tutorials/jets-introduction/index.md")
        var text = try String(contentsOf: path, encoding: .utf8)
        text = text.replacingOccurrences(of: "level: beginner  # CHANGE ME", with: "level: advanced")
            .replacingOccurrences(of: "areas:  # CHANGE ME\n  - agentic-ai", with: "areas: [machine-learning]")
            .replacingOccurrences(of: "series: jets\n", with: "series: jets\ntags: [jets]\n")
        try Data(text.utf8).write(to: path)

        // The source changed the episode's title: the title is updated, the editor's fields stay.
        var changed = lesson()
        changed.episodes[0].title = "Why classify jets at all?"
        let again = try ImportWriter.plan(changed, source: imported, options: options, contentDirectory: content)
        #expect(again.conflicts.isEmpty)
        #expect(again.files.first { $0.path == "tutorials/jets-introduction/index.md" }?.state == .merged)
        #expect(again.files.first { $0.path == "tutorials/jets-introduction/fig/jet.png" }?.state == .unchanged)
        try ImportWriter.write(again, contentDirectory: content, source: imported)
        let merged = try String(contentsOf: path, encoding: .utf8)
        #expect(merged.contains("title: Why classify jets at all?\n"))
        #expect(merged.contains("level: advanced\n"))
        #expect(merged.contains("areas: [machine-learning]\n"))
        #expect(merged.contains("tags: [jets]\n"))
        #expect(merged.contains("draft: true"), "the series still has placeholders (date, authors in the other part)")

        // A changed text is the editor's work: the import writes nothing and names the file.
        try Data((merged + "\nA paragraph the editor added.\n").utf8).write(to: path)
        let conflicting = try ImportWriter.plan(changed, source: imported, options: options, contentDirectory: content)
        #expect(conflicting.conflicts == ["tutorials/jets-introduction/index.md"])
        #expect(throws: ImportFailure("the editor changed 1 file since the last import, or they were not written by it: tutorials/jets-introduction/index.md; nothing was written (import with --overwrite to replace them)")) {
            try ImportWriter.write(conflicting, contentDirectory: content, source: imported)
        }
        #expect(ImportReport.text(conflicting, dryRun: false).contains("Changed since the last import, or not written by it; nothing was written (import with --overwrite to replace them):\n  content/tutorials/jets-introduction/index.md\n"))
        var overwrite = options
        overwrite.overwrite = true
        let replaced = try ImportWriter.plan(changed, source: imported, options: overwrite, contentDirectory: content)
        #expect(replaced.conflicts.isEmpty)
    }

    @Test("a break before the first part or after the last is left out of the schedule, with a note")
    func breaksOutside() throws {
        let source = try sourceFolder(["fig/jet.png": png])
        let site = try site()
        var lesson = lesson()
        lesson.breaks = [ScheduleBreak(afterPart: 0, minutes: 10, title: "Welcome"), ScheduleBreak(afterPart: 1, minutes: 15), ScheduleBreak(afterPart: 2, minutes: 60, title: "Lunch")]
        let plan = try ImportWriter.plan(lesson, source: ImportSource(root: source), options: writeOptions(), contentDirectory: site.root.appendingPathComponent("content"))
        #expect(plan.breaks == 1)
        #expect(plan.notes.filter { $0.construct == "break" }.map(\.message) == [
            "the break 'Welcome' (10 min) comes before the first part, so it is not in the schedule",
            "the break 'Lunch' (60 min) comes after the last part, so it is not in the schedule",
        ])
        let series = String(decoding: try #require(plan.files.first).bytes, as: UTF8.self)
        #expect(series.contains("breaks:\n  - {after: 1, minutes: 15, title: Break}\n---"))
    }

    @Test("a page written by hand under a part's name is a conflict")
    func handWrittenPage() throws {
        let source = try sourceFolder(["fig/jet.png": png])
        let site = try TestSite([String: String](files: TestSite.breakout("machine-learning"), TestSite.tutorial("jets-introduction")))
        let plan = try ImportWriter.plan(lesson(), source: ImportSource(root: source), options: writeOptions(), contentDirectory: site.root.appendingPathComponent("content"))
        #expect(plan.conflicts == ["tutorials/jets-introduction.md"])
    }

    @Test("the import refuses a source inside the content folder, an unknown breakout, a bad series id and links on the way")
    func refusals() throws {
        let site = try site()
        let content = site.root.appendingPathComponent("content")
        try site.write("x", to: "content/tutorials/lesson/_config.yml")
        #expect(throws: ImportFailure("the source '\(content.path)/tutorials/lesson' is inside the content folder; copy the lesson somewhere else (a clone next to the project) and import from there")) {
            try ImportWriter.plan(lesson(), source: ImportSource(root: content.appendingPathComponent("tutorials/lesson")), options: writeOptions(), contentDirectory: content)
        }
        let source = ImportSource(root: try sourceFolder(["fig/jet.png": png]))
        #expect(throws: ImportFailure("'--area machine-learnin' names no breakout (did you mean 'machine-learning'?); the breakouts are: agentic-ai, machine-learning")) {
            try ImportWriter.plan(lesson(), source: source, options: writeOptions(areas: ["machine-learnin"]), contentDirectory: content)
        }
        var badID = writeOptions()
        badID.series = "Jets Lesson"
        #expect(throws: ImportFailure("'Jets Lesson' is not a valid series id: use lower-case letters, digits and single hyphens, such as 'jets-lesson'")) {
            try ImportWriter.plan(lesson(), source: source, options: badID, contentDirectory: content)
        }
        badID.series = "."
        #expect(throws: ImportFailure("'.' is not a valid series id: use lower-case letters, digits and single hyphens, such as 'jet-tagging'")) {
            try ImportWriter.plan(lesson(), source: source, options: badID, contentDirectory: content)
        }
        // A symbolic link in the content folder could send the write anywhere.
        let outside = TemporaryFolders.make("portal-outside")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: content.appendingPathComponent("tutorials/jets-introduction"), withDestinationURL: outside)
        var overwrite = writeOptions()
        overwrite.overwrite = true
        let plan = try ImportWriter.plan(lesson(), source: source, options: overwrite, contentDirectory: content)
        #expect(throws: ImportFailure("refusing to write through the symbolic link '\(content.resolvingSymlinksInPath().path)/tutorials/jets-introduction'")) {
            try ImportWriter.write(plan, contentDirectory: content, source: source)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside.path).isEmpty)
    }

    @Test("the report groups what is left by construct, at file:line:column, and ends with the summary line; JSON for scripts")
    func report() throws {
        let source = try sourceFolder(["fig/jet.png": png])
        let site = try site()
        let plan = try ImportWriter.plan(lesson(), source: ImportSource(root: source), options: writeOptions(), contentDirectory: site.root.appendingPathComponent("content"))
        let text = ImportReport.text(plan, dryRun: true)
        #expect(text.hasPrefix("Would import 'Jets with small networks' (carpentries-styles) as the series 'jets': 2 parts, 1 break, as drafts until the placeholders are replaced.\n"))
        #expect(text.contains("  tutorials/jets-introduction/index.md  (new)\n"))
        #expect(text.contains("""
              placeholder (2)
                'date' is a placeholder: the source is not a git work tree, so the date the episode was first written is unknown, in 2 places:
                  content/tutorials/jets-data/index.ipynb:17:6
                  content/tutorials/jets-introduction/index.md:11:1
                  fix: write the real value and delete the '# CHANGE ME' mark
            """))
        #expect(text.contains("""
              liquid-tag (1)
                _episodes/01-introduction.md:12:3: '{% if x %}' is Liquid logic
                  fix: rewrite the passage without it
            """))
        #expect(text.hasSuffix("2 episodes, 1 break, 1 figure, 2 blocks, 1 math span, 1 notebook, 3 left for you\n"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(ImportReport.json(plan, dryRun: true).utf8)) as? [String: Any])
        #expect(json["summary"] as? String == "2 episodes, 1 break, 1 figure, 2 blocks, 1 math span, 1 notebook, 3 left for you")
        #expect((json["notes"] as? [[String: Any]])?.count == 3)
        #expect((json["files"] as? [[String: Any]])?.last?["copied_from"] as? String == "fig/jet.png")
    }
}

@Suite("Import: links and text")
struct ImportLinksTests {
    @Test("figures, files and episode links are rewritten to the bundle; code is left alone; a missing target is a note at its position")
    func rewrite() throws {
        let root = try sourceFolder(["fig/jet.png": png, "code/train.py": Array("print()".utf8), "_episodes/01-a.md": [], "_episodes/02-b.md": []])
        let links = ImportLinks(episodes: ["_episodes/02-b": "../jets-b/index.md"], source: ImportSource(root: root))
        let result = links.rewrite("""
            ![Jet](../fig/jet.png "A jet") and [the script](../code/train.py), [next](02-b.md#data), [site](https://example.org/x).
            `![not](../fig/none.png)`
            ```
            ![code](../fig/none.png)
            ```
            <img src="../fig/jet.png" alt="again">
            [missing](../fig/none.png)
            [ref]: ../code/train.py
            """, file: "_episodes/01-a.md", lineOffset: 5)
        #expect(result.text == """
            ![Jet](fig/jet.png "A jet") and [the script](code/train.py), [next](../jets-b/index.md#data), [site](https://example.org/x).
            `![not](../fig/none.png)`
            ```
            ![code](../fig/none.png)
            ```
            <img src="fig/jet.png" alt="again">
            [missing](../fig/none.png)
            [ref]: code/train.py
            """)
        #expect(result.files == [ImportedFile(sourcePath: "fig/jet.png", destination: "fig/jet.png"), ImportedFile(sourcePath: "code/train.py", destination: "code/train.py")])
        #expect(result.figures == 2)
        #expect(result.notes == [ImportNote(file: "_episodes/01-a.md", line: 12, column: 11, construct: "broken-link", message: "the link '../fig/none.png' names no file or episode of the lesson",
                                            fix: "link the page it means by its full https:// address, or remove the link")])
        let outside = links.rewrite("[x](../../etc/passwd)", file: "_episodes/01-a.md")
        #expect(outside.notes.first?.message == "the link '../../etc/passwd' leads out of the lesson")
    }

    @Test("a link out of the source folder is never followed")
    func linkOutOfSource() throws {
        let root = try sourceFolder(["fig/jet.png": png])
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("fig/secret.txt").path, withDestinationPath: "/etc/hostname")
        let source = ImportSource(root: root)
        #expect(!source.contains("fig/secret.txt"))
        #expect(source.data("fig/secret.txt") == nil)
        #expect(source.skipped.map(\.message) == ["'fig/secret.txt' is a symbolic link to '/etc/hostname', outside the lesson; it was not read"])
    }

    @Test("a summary is the first paragraph of prose, as plain text")
    func summary() {
        #expect(ImportText.summary(of: "# Title\n\n::: callout\nAside.\n:::\n\n> quoted\n\nThe [jet](x.md) `pT` is *large* for p_T cuts.\nSecond line.\n\nNext.") ==
                "The jet pT is large for p_T cuts. Second line.")
        #expect(ImportText.summary(of: "```\ncode\n```\n") == nil)
        // An opening paragraph of plain prose becomes the summary and leaves the text, so the page shows it once.
        let lead = ImportText.openingParagraph(of: "\nJets are sprays of hadrons.\nThey are everywhere.\n\n## Next\n\nMore.\n")
        #expect(lead?.summary == "Jets are sprays of hadrons. They are everywhere.")
        #expect(lead?.rest == "## Next\n\nMore.\n")
        // One with a link, code or a formula stays in the text, which plain text would lose.
        #expect(ImportText.openingParagraph(of: "See [the data](x.md).\n\nMore.") == nil)
        #expect(ImportText.openingParagraph(of: "Use `uproot`.\n") == nil)
        #expect(ImportText.openingParagraph(of: "The mass $m$.\n") == nil)
        #expect(ImportText.openingParagraph(of: "# Title\n\nText.\n") == nil)
        let long = String(repeating: "A long sentence about jets. ", count: 20)
        #expect(ImportText.summary(of: long)!.count <= ImportText.summaryLimit)
        #expect(ImportText.summary(of: long)!.hasSuffix("jets."))
    }

    @Test("episode slugs drop the ordering number and extension")
    func slugs() {
        #expect(ImportedEpisode.slug(for: "_episodes/01-introduction.md") == "introduction")
        #expect(ImportedEpisode.slug(for: "episodes/02_Data-Prep.Rmd") == "data-prep")
        #expect(ImportedEpisode.slug(for: "chapters/fitting/index.ipynb") == "fitting")
        #expect(ImportedEpisode.slug(for: "03.md") == "03")
    }

    @Test("YAML scalars are quoted only when YAML would read them otherwise")
    func yaml() {
        #expect(ImportYAML.scalar("Why classify jets?") == "Why classify jets?")
        #expect(ImportYAML.scalar("Loss: cross-entropy") == "\"Loss: cross-entropy\"")
        #expect(ImportYAML.scalar("`BCELoss` vs `CrossEntropyLoss`") == "\"`BCELoss` vs `CrossEntropyLoss`\"")
        #expect(ImportYAML.scalar("yes") == "\"yes\"")
        #expect(ImportYAML.scalar("2024-01-01") == "\"2024-01-01\"")
        #expect(ImportYAML.scalar("say \"hi\"\n") == "\"say \\\"hi\\\"\\n\"")
    }
}
