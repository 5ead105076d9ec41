import Foundation
import Yams

/// Reads a Jupyter Book (version 1, `_toc.yml` and `_config.yml`; or version 2, MyST's `myst.yml`)
/// into a lesson: the root page is the series' introduction, every other page of the table of
/// contents a part, in its order.
///
/// MyST pages keep what portal renders (directives in backticks, `:::` blocks, ```` ```{math} ````,
/// figures, code cells, `+++` cell breaks with jupytext's settings); roles and options portal has
/// an equivalent for are rewritten (`JupyterBookMyST`), the rest noted. A notebook is kept as it is,
/// but for its first `# H1`, which becomes the part's title.
public enum JupyterBookReader: LessonReader {
    /// One page of the book, read but not yet converted.
    private struct Page {
        var path: String
        var slug: String
        var title: String
        var fields: [String: ImportValue] = [:]
        var body = ""
        var bodyLineOffset = 0
        var notebook: JupyterBookNotebook.Chapter?
        var substitutions: [String: String] = [:]
    }

    public static func read(_ source: ImportSource, options: ImportOptions) throws -> ImportedLesson {
        let toc = try JupyterBookTOC.read(source)
        var notes = toc.notes
        let config = JupyterBookConfig(source, notes: &notes)
        guard !toc.chapters.isEmpty || toc.root != nil else {
            throw ImportFailure("the table of contents names no page of the book")
        }

        // Every page read first: references between pages need every page's title and labels.
        var usedSlugs = Set<String>()
        var root: Page?
        var chapters: [Page] = []
        var labels = JupyterBookLabels()
        for (index, entry) in ([toc.root.map { JupyterBookTOC.Entry(path: $0, title: nil) }].compactMap { $0 } + toc.chapters).enumerated() {
            guard var page = readPage(entry, source: source, notes: &notes) else { continue }
            page.substitutions = config.substitutions.merging(page.substitutions) { $1 }
            if index == 0, toc.root != nil {
                root = page
            } else {
                page.slug = unique(ImportedEpisode.slug(for: page.path), in: &usedSlugs)
                chapters.append(page)
            }
            if page.notebook == nil { labels.add(page.body, file: page.path) }
        }

        var lesson = ImportedLesson(title: config.title ?? root?.title ?? chapters.first?.title ?? "Imported book")
        lesson.summary = config.summary
        lesson.authors = config.authors
        lesson.origin = config.origin
        var episodeLinks: [String: String] = [:]
        var pages: [String: (path: String, title: String)] = [:]
        if let root {
            episodeLinks[JupyterBookMyST.stem(root.path)] = seriesLink(options)
            pages[JupyterBookMyST.stem(root.path)] = (root.path, lesson.title)
        }
        for chapter in chapters {
            episodeLinks[JupyterBookMyST.stem(chapter.path)] = partLink(options, slug: chapter.slug, notebook: chapter.notebook != nil)
            pages[JupyterBookMyST.stem(chapter.path)] = (chapter.path, chapter.title)
        }
        let links = ImportLinks(episodes: episodeLinks, source: source)

        if let root {
            let converted = convert(root, labels: labels, pages: pages, links: links, source: source, counts: &lesson.counts, notes: &notes)
            lesson.introduction = converted.text
            lesson.introductionFiles = converted.files
            if root.notebook != nil {
                notes.append(ImportNote(file: root.path, line: 0, column: 0, construct: "notebook-introduction",
                                        message: "the book's first page is a notebook; the series page is Markdown, so only its title was taken",
                                        fix: "write the series' introduction in its _series.md"))
            }
        }
        for chapter in chapters {
            var episode: ImportedEpisode
            if let notebook = chapter.notebook {
                episode = ImportedEpisode(slug: chapter.slug, sourcePath: chapter.path, title: chapter.title, content: .notebook(notebook.bytes))
                lesson.counts.notebooks += 1
                for (cell, text) in notebook.markdown.enumerated() {
                    for line in text.split(separator: "\n") { lesson.counts.mathSpans += JupyterBookMath.count(in: String(line)) }
                    lesson.counts.mathSpans += JupyterBookMath.displayed(in: text)
                    episode.files += cellLinks(text, cell: cell + 1, chapter: chapter.path, links: links, counts: &lesson.counts, notes: &notes)
                        .filter { !episode.files.contains($0) }
                }
            } else {
                let converted = convert(chapter, labels: labels, pages: pages, links: links, source: source, counts: &lesson.counts, notes: &notes)
                episode = ImportedEpisode(slug: chapter.slug, sourcePath: chapter.path, title: chapter.title, content: .markdown(converted.text))
                episode.files = converted.files
            }
            episode.fields = chapter.fields
            lesson.episodes.append(episode)
        }

        for bibliography in config.bibliographies {
            let name = String(bibliography.split(separator: "/").last ?? Substring(bibliography))
            guard !lesson.introductionFiles.contains(where: { $0.destination == name }) else { continue }
            lesson.introductionFiles.append(ImportedFile(sourcePath: bibliography, destination: name))
            notes.append(ImportNote(file: bibliography, line: 0, column: 0, construct: "bibliography",
                                    message: "'\(bibliography)' was copied beside the series page as '\(name)'; citations render when the citations issue lands",
                                    fix: "until then, write the references a part cites in its text"))
        }
        lesson.notes = notes
        return lesson
    }

    /// A page's text, front-matter and title; nil (with a note) when it cannot be read.
    private static func readPage(_ entry: JupyterBookTOC.Entry, source: ImportSource, notes: inout [ImportNote]) -> Page? {
        let fallback = entry.title ?? ImportedEpisode.slug(for: entry.path).split(separator: "-").joined(separator: " ").capitalized
        if JupyterBookTOC.pathExtension(entry.path) == "ipynb" {
            guard let bytes = source.data(entry.path), let notebook = JupyterBookNotebook.read(bytes) else {
                notes.append(ImportNote(file: entry.path, line: 1, column: 1, construct: "unreadable-notebook",
                                        message: "'\(entry.path)' is not a notebook portal can read; it was not imported",
                                        fix: "open it in Jupyter and save it again, then import again"))
                return nil
            }
            var page = Page(path: entry.path, slug: "", title: notebook.title ?? fallback)
            page.notebook = notebook
            return page
        }
        guard let text = source.text(entry.path) else { return nil }
        let split = JupyterBookSource.frontMatter(FrontMatterSplitter.normalise(text))
        var page = Page(path: entry.path, slug: "", title: fallback)
        page.body = split.body
        page.bodyLineOffset = split.bodyLineOffset
        var frontTitle: String?
        if let yaml = split.yaml {
            let fields = JupyterBookFields(yaml: yaml, file: entry.path, notes: &notes)
            page.fields = fields.fields
            page.substitutions = fields.substitutions
            frontTitle = fields.title
        }
        // The first `# H1` is the title when the front-matter has none, and goes when it repeats it.
        var body = page.body
        if let heading = JupyterBookSource.takeTitle(&body), frontTitle == nil || frontTitle == heading {
            page.body = body
            frontTitle = frontTitle ?? heading
        }
        page.title = frontTitle ?? fallback
        return page
    }

    /// A Markdown page converted: MyST's roles and options, then its links and figures.
    private static func convert(_ page: Page, labels: JupyterBookLabels, pages: [String: (path: String, title: String)], links: ImportLinks,
                                source: ImportSource, counts: inout ImportCounts, notes: inout [ImportNote]) -> (text: String, files: [ImportedFile]) {
        var myst = JupyterBookMyST(file: page.path, lineOffset: page.bodyLineOffset, labels: labels, pages: pages, source: source)
        myst.substitutions = page.substitutions
        let text = myst.convert(page.body)
        let rewritten = links.rewrite(text, file: page.path, lineOffset: page.bodyLineOffset)
        counts.blocks += myst.blocks
        counts.mathSpans += myst.mathSpans + JupyterBookMath.displayed(in: text)
        counts.figures += myst.figures + rewritten.figures
        notes += myst.notes + rewritten.notes
        var files = myst.files
        for file in rewritten.files where !files.contains(file) { files.append(file) }
        return (rewritten.text, files)
    }

    /// The files a notebook's Markdown cell links to, to copy into the bundle. The cell's text is not
    /// rewritten (the notebook is kept byte for byte): a link that would have to change is noted.
    private static func cellLinks(_ text: String, cell: Int, chapter: String, links: ImportLinks, counts: inout ImportCounts, notes: inout [ImportNote]) -> [ImportedFile] {
        let result = links.rewrite(text, file: chapter)
        counts.figures += result.figures
        let before = text.split(separator: "\n", omittingEmptySubsequences: false)
        let after = result.text.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, (old, new)) in zip(before, after).enumerated() where old != new {
            notes.append(ImportNote(file: chapter, line: 0, column: 0, construct: "notebook-link",
                                    message: "line \(index + 1) of the notebook's Markdown cell \(cell) links a file or chapter that is at another place in the series; the notebook was not changed",
                                    fix: "open the notebook and change the line to: \(new)"))
        }
        for note in result.notes {
            notes.append(ImportNote(file: chapter, line: 0, column: 0, construct: note.construct,
                                    message: "in the notebook's Markdown cell \(cell), line \(note.line): \(note.message)", fix: note.fix))
        }
        return result.files
    }

    /// A link from a part (or the series page) to the part made of episode `slug`: the page's file
    /// in its bundle, as portal checks links to files (a link to the folder, `../ID/`, is refused).
    static func partLink(_ options: ImportOptions, slug: String, notebook: Bool) -> String {
        "../\(options.partID(slug: slug))/index.\(notebook ? "ipynb" : "md")"
    }

    /// A link from a part to the series page.
    static func seriesLink(_ options: ImportOptions) -> String {
        "../\(options.series)/_series.md"
    }

    /// `slug`, or `slug-2`, `slug-3`… when a page before took it.
    static func unique(_ slug: String, in used: inout Set<String>) -> String {
        var candidate = slug
        var number = 2
        while !used.insert(candidate).inserted {
            candidate = "\(slug)-\(number)"
            number += 1
        }
        return candidate
    }
}
