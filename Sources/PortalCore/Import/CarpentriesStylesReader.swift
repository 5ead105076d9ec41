import Foundation
import Yams

/// Reads a lesson written with the Carpentries' Jekyll template ("styles"): `_config.yml`,
/// `_episodes/*.md` (and `_episodes_rmd/*.Rmd`), `index.md`, `setup.md`, `_includes/links.md`,
/// `fig/`, `code/`, `data/`, `AUTHORS`, `CITATION.cff`, `LICENSE.md`.
///
/// Each episode's Liquid is resolved as Jekyll would for that page, its kramdown blocks become
/// `:::` blocks, its code blocks name their language on the fence, and its links lead to the
/// parts and to the files copied into its bundle. Break episodes are the series' schedule breaks.
public enum CarpentriesStylesReader: LessonReader {
    /// Front-matter keys that only serve Jekyll's layout: dropped without a note.
    static let plumbingKeys: Set<String> = ["layout", "root", "permalink", "redirect_from", "break", "start", "math", "source", "minutes"]

    public static func read(_ source: ImportSource, options: ImportOptions) throws -> ImportedLesson {
        guard let configText = source.text("_config.yml") else {
            throw ImportFailure("'_config.yml' is missing: a Carpentries Jekyll lesson has one at its top")
        }
        var configNotes: [ImportNote] = []
        let config = ImportYAML.node(configText, file: "_config.yml", notes: &configNotes)
        let paths = episodePaths(source)
        guard !paths.isEmpty else {
            throw ImportFailure("the lesson has no episodes: '_episodes/' holds no Markdown file")
        }
        var lesson = ImportedLesson(title: config?["title"]?.scalar?.string ?? "Untitled lesson")
        // Without the configuration the lesson's title and settings are not imported: the note says where it failed.
        lesson.notes += configNotes
        let seriesLink = CarpentriesLessonFacts.seriesPage(options)

        // Episodes and breaks, in the order of their file names.
        let pages = paths.compactMap { path in source.text(path).map { CarpentriesPage(path: path, text: $0) } }
        var parts: [CarpentriesPage] = []
        for page in pages {
            if page.text("layout") == "break" || page.frontMatter?["break"] != nil {
                let minutes = page.integer("break") ?? page.integer("teaching") ?? 15
                lesson.breaks.append(ScheduleBreak(afterPart: parts.count, minutes: minutes, title: page.text("title") ?? "Break"))
                // A break is a row of the schedule, which has no room for text: what the page says is reported, not dropped silently.
                if let first = page.lines.first(where: { !$0.text.allSatisfy(\.isWhitespace) }) {
                    let words = page.lines.map(\.text).joined(separator: " ").split(whereSeparator: \.isWhitespace).joined(separator: " ")
                    lesson.notes.append(ImportNote(file: page.path, line: first.line, column: 1, construct: "break",
                                                   message: "the break's text ('\(words.count > 80 ? String(words.prefix(80)) + "…" : words)') is not imported: a break is a row of the schedule",
                                                   fix: "put it in the series' introduction if learners need it"))
                }
            } else {
                parts.append(page)
            }
        }
        guard !parts.isEmpty else {
            throw ImportFailure("the lesson has no episodes: every file of '_episodes/' is a break")
        }
        let slugs = CarpentriesLessonFacts.slugs(for: parts.map(\.path))
        var published: [String: String] = ["index": seriesLink, "setup": seriesLink]
        for (page, slug) in zip(parts, slugs) {
            let stem = stemOf(page.path)
            published[stem] = CarpentriesLessonFacts.partPage(options, slug: slug)
            // Jekyll publishes `_episodes/02-data.md` at `/02-data/`, where `{{ page.root }}` links lead.
            published[String(stem.split(separator: "/").last ?? "")] = CarpentriesLessonFacts.partPage(options, slug: slug)
        }
        let links = ImportLinks(episodes: published, source: source)
        let definitions = source.text("_includes/links.md").map { CarpentriesLiquid.definitions(in: $0, file: "_includes/links.md") } ?? []

        for (page, slug) in zip(parts, slugs) {
            if let problem = page.problem { lesson.notes.append(problem) }
            let title = page.text("title") ?? firstH1(page.lines) ?? slug
            let context = CarpentriesLiquidContext(root: "..", site: config, page: page.frontMatter, linkDefinitions: definitions)
            let converted = convert(page.lines, page: page, context: context, links: links, lesson: &lesson)
            let body = CarpentriesPage.removingRepeatedTitle(converted.lines, title: title)
            let text = CarpentriesPage.joined(body)
            lesson.counts.mathSpans += CarpentriesText.mathSpans(text)
            var episode = ImportedEpisode(slug: slug, sourcePath: page.path, title: title, content: .markdown(text))
            episode.files = converted.files
            episode.fields = page.portalFields(plumbing: plumbingKeys, notes: &lesson.notes)
            lesson.episodes.append(episode)
        }

        // The series page: the lesson's home page, then its setup.
        var introductionLinks = links
        introductionLinks.episodes["setup"] = "#setup"
        var sections: [String] = []
        var introductionFiles = Set<String>()
        for (path, heading) in [("index.md", nil), ("setup.md", "## Setup")] as [(String, String?)] {
            guard let text = source.text(path) else { continue }
            let page = CarpentriesPage(path: path, text: text)
            if let problem = page.problem { lesson.notes.append(problem) }
            let context = CarpentriesLiquidContext(root: ".", site: config, page: page.frontMatter, linkDefinitions: definitions)
            let converted = convert(page.lines, page: page, context: context, links: introductionLinks, lesson: &lesson)
            let body = CarpentriesPage.removingRepeatedTitle(converted.lines, title: page.text("title") ?? firstH1(converted.lines) ?? "")
            let section = CarpentriesPage.joined(body)
            lesson.counts.mathSpans += CarpentriesText.mathSpans(section)
            guard !section.isEmpty else { continue }
            sections.append(heading.map { "\($0)\n\n\(section)" } ?? section)
            for file in converted.files where introductionFiles.insert(file.sourcePath).inserted { lesson.introductionFiles.append(file) }
        }
        lesson.introduction = sections.joined(separator: "\n")

        lesson.authors = CarpentriesLessonFacts.authors(in: source)
        if let licence = CarpentriesLessonFacts.licence(in: source, configured: config?["license"]?.scalar?.string) {
            lesson.origin.license = licence.id
            lesson.origin.licenseURL = licence.url
        }
        lesson.origin.url = ["repository", "github", "repo", "source"].lazy.compactMap { CarpentriesLessonFacts.repositoryURL(config?[$0]?.scalar?.string) }.first
        if let description = config?["description"]?.scalar?.string, !description.isEmpty { lesson.summary = description }
        for extra in source.files(under: "_extras") where extra.hasSuffix(".md") {
            lesson.notes.append(CarpentriesLessonFacts.notImported(extra, what: "an extra page of the Jekyll lesson"))
        }
        // Written in two parts: the test that docs/theme.md lists every diagnostic id reads a quoted
        // `reference.` as one.
        let glossary = "reference" + ".md"
        if source.contains(glossary) {
            lesson.notes.append(CarpentriesLessonFacts.notImported(glossary, what: "the lesson's glossary"))
        }
        return lesson
    }

    /// The episodes' files: `_episodes/*.md`, and the `_episodes_rmd/*.Rmd` whose knitted Markdown
    /// is not in `_episodes/` (the knitted file holds the outputs, so it is the one read).
    static func episodePaths(_ source: ImportSource) -> [String] {
        let markdown = source.files(under: "_episodes").filter { isDirect($0, in: "_episodes") && ($0.hasSuffix(".md") || $0.hasSuffix(".markdown")) }
        let knitted = Set(markdown.map { String(stemOf($0).dropFirst("_episodes/".count)) })
        let rmd = source.files(under: "_episodes_rmd").filter {
            isDirect($0, in: "_episodes_rmd") && $0.lowercased().hasSuffix(".rmd") && !knitted.contains(String(stemOf($0).dropFirst("_episodes_rmd/".count)))
        }
        return (markdown + rmd).sorted { ($0.split(separator: "/").last ?? "") < ($1.split(separator: "/").last ?? "") }
    }

    private static func isDirect(_ path: String, in folder: String) -> Bool {
        !path.dropFirst(folder.count + 1).contains("/")
    }

    /// A path without its extension.
    static func stemOf(_ path: String) -> String {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return path }
        return String(path[..<dot])
    }

    static func firstH1(_ lines: [CarpentriesLine]) -> String? {
        lines.first(where: { !$0.text.trimmingCharacters(in: .whitespaces).isEmpty }).flatMap { CarpentriesPage.h1($0.text) }
    }

    /// A page's body converted: Liquid resolved, code languages on fences, R chunks as fences,
    /// links rewritten, kramdown blocks as `:::` blocks.
    static func convert(_ body: [CarpentriesLine], page: CarpentriesPage, context: CarpentriesLiquidContext, links: ImportLinks,
                        lesson: inout ImportedLesson) -> (lines: [CarpentriesLine], files: [ImportedFile]) {
        lesson.notes += CarpentriesText.attributeListNotes(body)
        var liquid = CarpentriesLiquid(context: context)
        var lines = liquid.resolve(body)
        lesson.notes += liquid.notes
        lesson.counts.liquidTags += liquid.converted
        var blocks = CarpentriesBlocks()
        lines = blocks.codeLanguages(lines)
        let videos = CarpentriesText.videos(lines)
        lines = videos.lines
        lesson.counts.blocks += videos.count
        if page.path.lowercased().hasSuffix(".rmd") {
            let chunks = CarpentriesText.rmdChunks(lines)
            lines = chunks.lines
            if let first = chunks.first { lesson.notes.append(CarpentriesText.rmdNote(count: chunks.count, first: first)) }
        }
        let rewritten = CarpentriesLinkRewriting(links: links, page: page.path).rewrite(lines)
        lesson.notes += rewritten.notes
        lesson.counts.figures += rewritten.figures
        lines = blocks.quoteBlocks(rewritten.lines).lines
        lesson.notes += blocks.notes
        lesson.counts.blocks += blocks.blocks
        return (lines, rewritten.files)
    }
}
