import Foundation
import PortalMarkdown
import Yams

/// Reads a lesson written for the Carpentries Workbench (sandpaper): `config.yaml`,
/// `episodes/*.md|Rmd` with their `fig/`, `files/` and `data/`, `index.md`, `learners/setup.md`,
/// `links.md`, `AUTHORS`, `CITATION.cff`, `LICENSE.md`.
///
/// The Workbench writes portal's own `:::` blocks, so an episode's text is kept; its R chunks
/// become fences, the reference links of `links.md` it uses are added, and its links lead to the
/// parts and to the files copied into its bundle.
public enum CarpentriesWorkbenchReader: LessonReader {
    /// Front-matter keys that only serve sandpaper: dropped without a note.
    static let plumbingKeys: Set<String> = ["source", "permalink", "layout"]

    public static func read(_ source: ImportSource, options: ImportOptions) throws -> ImportedLesson {
        guard let configText = source.text("config.yaml") else {
            throw ImportFailure("'config.yaml' is missing: a Carpentries Workbench lesson has one at its top")
        }
        var lesson = ImportedLesson(title: "Untitled lesson")
        // Without the configuration the lesson's title, order and settings are not imported: the note says where it failed.
        let config = ImportYAML.node(configText, file: "config.yaml", notes: &lesson.notes)
        if let title = config?["title"]?.scalar?.string { lesson.title = title }
        let paths = episodePaths(source, config: config, notes: &lesson.notes)
        guard !paths.isEmpty else {
            throw ImportFailure("the lesson has no episodes: 'episodes/' holds no Markdown or R Markdown file")
        }
        let seriesLink = CarpentriesLessonFacts.seriesPage(options)
        let slugs = CarpentriesLessonFacts.slugs(for: paths)
        var published: [String: String] = ["index": seriesLink, "setup": seriesLink, "learners/setup": seriesLink]
        for (path, slug) in zip(paths, slugs) {
            let stem = CarpentriesStylesReader.stemOf(path)
            published[stem] = CarpentriesLessonFacts.partPage(options, slug: slug)
            // sandpaper publishes `episodes/data.md` at `data.html`, at the lesson's top.
            published[String(stem.dropFirst("episodes/".count))] = CarpentriesLessonFacts.partPage(options, slug: slug)
        }
        let links = ImportLinks(episodes: published, source: source)
        let definitions = source.text("links.md").map { CarpentriesLiquid.definitions(in: $0, file: "links.md") } ?? []

        for (path, slug) in zip(paths, slugs) {
            guard let text = source.text(path) else { continue }
            let page = CarpentriesPage(path: path, text: text)
            if let problem = page.problem { lesson.notes.append(problem) }
            let title = page.text("title") ?? CarpentriesStylesReader.firstH1(page.lines) ?? slug
            let converted = convert(page, links: links, definitions: definitions, lesson: &lesson)
            let body = CarpentriesPage.joined(CarpentriesPage.removingRepeatedTitle(converted.lines, title: title))
            lesson.counts.mathSpans += CarpentriesText.mathSpans(body)
            var episode = ImportedEpisode(slug: slug, sourcePath: path, title: title, content: .markdown(body))
            episode.files = converted.files
            episode.fields = page.portalFields(plumbing: plumbingKeys, notes: &lesson.notes)
            lesson.episodes.append(episode)
        }

        // The series page: the lesson's home page, then the learners' setup.
        var introductionLinks = links
        introductionLinks.episodes["setup"] = "#setup"
        introductionLinks.episodes["learners/setup"] = "#setup"
        var sections: [String] = []
        var introductionFiles = Set<String>()
        for (path, heading) in [("index.md", nil), ("learners/setup.md", "## Setup")] as [(String, String?)] {
            guard let text = source.text(path) else { continue }
            let page = CarpentriesPage(path: path, text: text)
            if let problem = page.problem { lesson.notes.append(problem) }
            let converted = convert(page, links: introductionLinks, definitions: definitions, lesson: &lesson)
            let section = CarpentriesPage.joined(CarpentriesPage.removingRepeatedTitle(converted.lines, title: page.text("title") ?? CarpentriesStylesReader.firstH1(converted.lines) ?? ""))
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
        lesson.origin.url = CarpentriesLessonFacts.repositoryURL(config?["source"]?.scalar?.string)
        for folder in ["instructors", "learners", "profiles"] {
            for file in source.files(under: folder) where file.hasSuffix(".md") && file != "learners/setup.md" {
                lesson.notes.append(CarpentriesLessonFacts.notImported(file, what: "a page of the Workbench lesson's \(folder) section"))
            }
        }
        return lesson
    }

    /// The episodes' files in the order `config.yaml`'s `episodes:` gives, else by name; a listed
    /// file that does not exist is a note.
    static func episodePaths(_ source: ImportSource, config: Node?, notes: inout [ImportNote]) -> [String] {
        if let listed = config?["episodes"]?.sequence, !listed.isEmpty {
            return listed.compactMap { item -> String? in
                guard let name = item.scalar?.string else { return nil }
                let path = "episodes/" + name
                if source.contains(path) { return path }
                notes.append(ImportNote(file: "config.yaml", line: item.mark?.line ?? 0, column: item.mark?.column ?? 0, construct: "missing-episode",
                                        message: "the episode '\(name)' listed in config.yaml is not in 'episodes/'; it was left out",
                                        fix: "correct the name in config.yaml, or add the file"))
                return nil
            }
        }
        return source.files(under: "episodes").filter { path in
            let lower = path.lowercased()
            return !path.dropFirst("episodes/".count).contains("/") && (lower.hasSuffix(".md") || lower.hasSuffix(".rmd"))
        }
    }

    /// A page's body converted: R chunks as fences, the reference definitions it uses from
    /// `links.md` added, links rewritten; its `:::` blocks are kept, and counted.
    static func convert(_ page: CarpentriesPage, links: ImportLinks, definitions: [(label: String, line: CarpentriesLine)],
                        lesson: inout ImportedLesson) -> (lines: [CarpentriesLine], files: [ImportedFile]) {
        var lines = page.lines
        if page.path.lowercased().hasSuffix(".rmd") {
            let chunks = CarpentriesText.rmdChunks(lines)
            lines = chunks.lines
            if let first = chunks.first { lesson.notes.append(CarpentriesText.rmdNote(count: chunks.count, first: first)) }
        }
        lines = figures(lines, notes: &lesson.notes)
        let videos = CarpentriesText.videos(lines)
        lines = videos.lines
        let labels = Set(lines.flatMap { CarpentriesLiquid.bracketTexts($0.text) })
        let used = definitions.filter { labels.contains($0.label) }.map(\.line)
        if !used.isEmpty, let last = lines.last {
            lines += [last.added("")] + used
        }
        let rewritten = CarpentriesLinkRewriting(links: links, page: page.path).rewrite(lines)
        lesson.notes += rewritten.notes
        lesson.counts.figures += rewritten.figures
        lesson.counts.blocks += blockCount(rewritten.lines, notes: &lesson.notes)
        return (rewritten.lines, rewritten.files)
    }

    /// How many `:::` blocks open in `lines`, outside code; a block whose name portal does not know
    /// is a note (the build stops at it).
    static func blockCount(_ lines: [CarpentriesLine], notes: inout [ImportNote]) -> Int {
        var count = 0
        var fence = CarpentriesFence()
        for line in lines {
            if fence.isCode(Substring(line.text)) { continue }
            let trimmed = line.text.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix(":::") else { continue }
            let rest = trimmed.drop(while: { $0 == ":" }).trimmingCharacters(in: .whitespaces)
            guard !rest.isEmpty else { continue }
            count += 1
            let name = blockName(rest)
            if LessonBlockKind(name: name) == nil {
                let column = line.text.count - line.text.drop(while: { $0 == " " || $0 == ":" }).count + 1
                notes.append(ImportNote(file: line.file, line: line.line, column: column, construct: "unknown-block",
                                        message: "the block name '\(name)' is not one portal knows; the build stops at it",
                                        fix: "name it callout, challenge, discussion, instructor… or make its first line a heading of a callout"))
            }
        }
        return count
    }

    /// The name of a block from what follows its colons: `challenge`, `{.challenge}`, `{note} Title`.
    static func blockName(_ rest: String) -> String {
        let word = rest.split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map(String.init) ?? rest
        if word.hasPrefix("{"), let dot = rest.firstIndex(of: ".") {
            return String(rest[rest.index(after: dot)...].prefix(while: { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }))
        }
        return word.trimmingCharacters(in: CharacterSet(charactersIn: "{}"))
    }

    /// The Workbench's figures, `![caption](fig/a.png){alt='what it shows'}` (pandoc's attribute,
    /// which portal does not read), as portal's figure: `![what it shows](fig/a.png "caption")`,
    /// shown as sandpaper shows it, the image above its caption. An image whose braces hold more
    /// than `alt` stays as written, with a note.
    static func figures(_ lines: [CarpentriesLine], notes: inout [ImportNote]) -> [CarpentriesLine] {
        var out = joiningWrappedAttributes(lines)
        var fence = CarpentriesFence()
        for index in out.indices {
            let text = out[index].text
            if fence.isCode(Substring(text)) { continue }
            guard text.contains("){") else { continue }
            let range = NSRange(text.startIndex..., in: text)
            var rewritten = text
            for match in (imageWithAttributes?.matches(in: text, range: range) ?? []).reversed() {
                guard let whole = Range(match.range, in: text), let captionRange = Range(match.range(at: 1), in: text),
                      let target = Range(match.range(at: 2), in: text), let braces = Range(match.range(at: 3), in: text) else { continue }
                let attributes = String(text[braces])
                guard let alt = onlyAlt(attributes) else {
                    notes.append(ImportNote(file: out[index].file, line: out[index].line, column: text.distance(from: text.startIndex, to: braces.lowerBound) + 1,
                                            construct: "image-attributes", message: "the image attributes '\(attributes)' were left as written: portal reads only `alt` here",
                                            fix: "write the alt text in the brackets and the caption as the image's title: ![alt](path \"caption\")"))
                    continue
                }
                let caption = String(text[captionRange]).replacingOccurrences(of: "\"", with: "\\\"")
                let image = "![\(alt)](\(text[target]) \"\(caption)\")"
                let wholeInRewritten = rewritten.index(rewritten.startIndex, offsetBy: text.distance(from: text.startIndex, to: whole.lowerBound))
                let endInRewritten = rewritten.index(wholeInRewritten, offsetBy: text.distance(from: whole.lowerBound, to: whole.upperBound))
                rewritten.replaceSubrange(wholeInRewritten..<endInRewritten, with: image)
            }
            out[index].text = rewritten
        }
        return out
    }

    // Matched outside code only; the caption holds no `]`, the path no space or `)`.
    private static let imageWithAttributes = try? NSRegularExpression(pattern: #"!\[([^\]]*)\]\(([^)\s]+)\)(\{[^}]*\})"#)

    /// `lines` with an image's `{alt='…'}` that wraps onto the next lines joined onto one line (a
    /// paragraph's line breaks are spaces), so that it reads as one image.
    static func joiningWrappedAttributes(_ lines: [CarpentriesLine]) -> [CarpentriesLine] {
        var out: [CarpentriesLine] = []
        var fence = CarpentriesFence()
        var index = 0
        while index < lines.count {
            var line = lines[index]
            index += 1
            guard !fence.isCode(Substring(line.text)), let start = line.text.range(of: "){alt="), !line.text[start.upperBound...].contains("}") else {
                out.append(line)
                continue
            }
            var joined = 0
            while index < lines.count, joined < 5, !lines[index].text.trimmingCharacters(in: .whitespaces).isEmpty {
                line.text += " " + lines[index].text.trimmingCharacters(in: .whitespaces)
                index += 1
                joined += 1
                if line.text[start.upperBound...].contains("}") { break }
            }
            out.append(line)
        }
        return out
    }

    /// The alt text of braces holding only `alt='…'` or `alt="…"`.
    static func onlyAlt(_ braces: String) -> String? {
        let inner = braces.dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
        guard inner.hasPrefix("alt="), let quote = inner.dropFirst(4).first, quote == "'" || quote == "\"" else { return nil }
        let value = inner.dropFirst(5)
        guard value.last == quote, !value.dropLast().contains(quote) else { return nil }
        return String(value.dropLast())
    }
}
