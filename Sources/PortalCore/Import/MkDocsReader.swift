import Foundation
import Yams

/// Reads an MkDocs site (MkDocs Material's extensions included) into a lesson: `mkdocs.yml` gives
/// the title (`site_name`), summary (`site_description`), authors (`site_author`), origin
/// (`repo_url`) and licence (`copyright`, else the `LICENSE` file), and its `nav` the order of the
/// pages (sections flattened in order); without a `nav`, the pages of `docs_dir` sorted. The site's
/// `index.md` (else its first page) is the series' introduction, every other page a part.
public enum MkDocsReader: LessonReader {
    public static func read(_ source: ImportSource, options: ImportOptions) throws -> ImportedLesson {
        let configFile = source.contains("mkdocs.yml") ? "mkdocs.yml" : "mkdocs.yaml"
        guard let text = source.text(configFile) else { throw ImportFailure("the source has no mkdocs.yml") }
        var notes: [ImportNote] = []
        guard let config = ImportYAML.node(text, file: configFile, notes: &notes) else {
            throw ImportFailure("\(configFile) does not read as YAML: \(notes.first?.message ?? "")")
        }
        // `docs_dir: .` is the site's top folder: "" here.
        let docs = config["docs_dir"]?.string.map { ImportSource.normalize($0) ?? "" } ?? "docs"
        var pages: [(path: String, title: String?)] = []
        if let nav = config["nav"]?.sequence {
            readNav(Array(nav), docs: docs, configFile: configFile, source: source, into: &pages, notes: &notes)
        } else {
            let files = (docs.isEmpty ? source.files : source.files(under: docs)).filter { JupyterBookTOC.pathExtension($0) == "md" && $0.lowercased() != "readme.md" }
            pages = files.map { ($0, nil) }
        }
        var seen = Set<String>()
        pages = pages.filter { seen.insert($0.path).inserted }
        guard !pages.isEmpty else { throw ImportFailure("the site has no pages in \(docs)/") }
        let rootIndex = pages.firstIndex { $0.path == Self.inDocs("index.md", docs) || $0.path == Self.inDocs("README.md", docs) } ?? 0

        var lesson = ImportedLesson(title: config["site_name"]?.string ?? "Imported site")
        lesson.summary = config["site_description"]?.string
        lesson.authors = JupyterBookSource.names(config["site_author"])
        lesson.origin.url = config["repo_url"]?.string
        if let known = config["copyright"]?.string.flatMap(JupyterBookSource.license(named:)) ?? JupyterBookSource.license(in: source) {
            lesson.origin.license = known.id
            lesson.origin.licenseURL = known.url
        }
        let snippetFolders = snippetBasePaths(config) + (docs.isEmpty ? [] : [docs])

        // Titles and slugs first: links between pages need every page's part.
        var usedSlugs = Set<String>()
        var links: [String: String] = [:]
        var slugs: [String] = []
        for (index, page) in pages.enumerated() {
            let stem = JupyterBookMyST.stem(page.path)
            if index == rootIndex {
                links[stem] = JupyterBookReader.seriesLink(options)
                slugs.append("")
            } else {
                let slug = JupyterBookReader.unique(ImportedEpisode.slug(for: page.path), in: &usedSlugs)
                links[stem] = JupyterBookReader.partLink(options, slug: slug, notebook: false)
                slugs.append(slug)
            }
        }
        let rewriter = ImportLinks(episodes: links, source: source)
        for (index, page) in pages.enumerated() {
            guard let text = source.text(page.path) else { continue }
            let split = JupyterBookSource.frontMatter(FrontMatterSplitter.normalise(text))
            var fields = JupyterBookFields()
            if let yaml = split.yaml { fields = JupyterBookFields(yaml: yaml, file: page.path, notes: &notes) }
            var body = split.body
            var title = fields.title
            if let heading = JupyterBookSource.takeTitle(&body).map(Self.withoutAttributes), title == nil || title == heading {
                title = title ?? heading
            } else {
                body = split.body
            }
            var converter = MkDocsPage(file: page.path, source: source, snippetFolders: snippetFolders)
            let converted = converter.convert(body, lineOffset: split.bodyLineOffset)
            let rewritten = rewriter.rewrite(converted, file: page.path, lineOffset: split.bodyLineOffset)
            lesson.counts.blocks += converter.blocks
            lesson.counts.mathSpans += converter.mathSpans + JupyterBookMath.displayed(in: converted)
            lesson.counts.figures += rewritten.figures
            notes += converter.notes + rewritten.notes
            let pageTitle = title ?? page.title ?? ImportedEpisode.slug(for: page.path).split(separator: "-").joined(separator: " ").capitalized
            if index == rootIndex {
                lesson.introduction = rewritten.text
                lesson.introductionFiles = rewritten.files
            } else {
                var episode = ImportedEpisode(slug: slugs[index], sourcePath: page.path, title: pageTitle, content: .markdown(rewritten.text))
                episode.fields = fields.fields
                episode.files = rewritten.files
                lesson.episodes.append(episode)
            }
        }
        lesson.notes = notes
        return lesson
    }

    /// A path of the docs folder `docs` ("" for the site's top).
    private static func inDocs(_ name: String, _ docs: String) -> String {
        docs.isEmpty ? name : "\(docs)/\(name)"
    }

    /// A heading's text without an `attr_list` list at its end (`Evaluation { #evaluation }`).
    private static func withoutAttributes(_ heading: String) -> String {
        guard heading.hasSuffix("}"), let open = heading.lastIndex(of: "{"),
              MkDocsPage.isAttributeList(String(heading[open...]).replacingOccurrences(of: "{:", with: "{")) else { return heading }
        return heading[..<open].trimmingCharacters(in: .whitespaces)
    }

    /// `nav:` entries: `page.md`, `Title: page.md`, `Section: [entries]`, `Title: https://…`.
    private static func readNav(_ entries: [Node], docs: String, configFile: String, source: ImportSource,
                                into pages: inout [(path: String, title: String?)], notes: inout [ImportNote]) {
        for entry in entries {
            if let name = entry.scalar?.string {
                add(name, title: nil, mark: entry.mark, docs: docs, configFile: configFile, source: source, into: &pages, notes: &notes)
            } else if let mapping = entry.mapping {
                for (key, value) in mapping {
                    let title = key.string
                    if let name = value.scalar?.string {
                        add(name, title: title, mark: value.mark, docs: docs, configFile: configFile, source: source, into: &pages, notes: &notes)
                    } else if let children = value.sequence {
                        readNav(Array(children), docs: docs, configFile: configFile, source: source, into: &pages, notes: &notes)
                    }
                }
            }
        }
    }

    private static func add(_ name: String, title: String?, mark: Mark?, docs: String, configFile: String, source: ImportSource,
                            into pages: inout [(path: String, title: String?)], notes: inout [ImportNote]) {
        if ImportLinks.hasScheme(name) || name.hasPrefix("//") {
            notes.append(ImportNote(file: configFile, line: mark?.line ?? 1, column: mark?.column ?? 1, construct: "external-entry",
                                    message: "the nav links '\(name)'\(title.map { " (\($0))" } ?? ""), a page outside the site; it is not a part",
                                    fix: "link it from the series page or a part, or add it as a resource"))
            return
        }
        guard let path = ImportSource.normalize(inDocs(name, docs)), source.contains(path) else {
            notes.append(ImportNote(file: configFile, line: mark?.line ?? 1, column: mark?.column ?? 1, construct: "missing-file",
                                    message: "the nav names '\(name)', which is not a file of \(docs.isEmpty ? "the site" : docs + "/")", fix: "correct the name in \(configFile), or remove the entry"))
            return
        }
        guard JupyterBookTOC.pathExtension(path) == "md" else {
            notes.append(ImportNote(file: configFile, line: mark?.line ?? 1, column: mark?.column ?? 1, construct: "unsupported-chapter",
                                    message: "the nav names '\(name)', which is not a Markdown page; it was not imported", fix: "link it from a part instead"))
            return
        }
        pages.append((path, title))
    }

    /// `pymdownx.snippets`' `base_path` (a folder or a list of them), relative to the site's top.
    private static func snippetBasePaths(_ config: Node) -> [String] {
        guard let extensions = config["markdown_extensions"]?.sequence else { return [""] }
        for entry in extensions {
            guard let settings = entry["pymdownx.snippets"] else { continue }
            let base = settings["base_path"]
            let paths = base?.sequence.map { $0.compactMap(\.string) } ?? base?.string.map { [$0] } ?? []
            return (paths.isEmpty ? ["."] : paths).map { $0 == "." ? "" : $0 }
        }
        return [""]
    }
}
