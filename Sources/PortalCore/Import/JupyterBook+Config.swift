import Foundation
import Yams

/// What a Jupyter Book's configuration says about the book: `_config.yml` (version 1: `title`,
/// `author`, `repository: url`, `bibtex_bibfiles`) or `myst.yml` (version 2: `project:` `title`,
/// `authors`, `description`, `license`, `github`, `bibliography`), and the `LICENSE` file.
struct JupyterBookConfig {
    var title: String?
    var summary: String?
    var authors: [String] = []
    var origin = ImportOrigin()
    /// The BibTeX files the book cites from.
    var bibliographies: [String] = []
    /// MyST's substitutions for every page (`parse: myst_substitutions:`), by key.
    var substitutions: [String: String] = [:]

    init(_ source: ImportSource, notes: inout [ImportNote]) {
        if let text = source.text("_config.yml"), let node = ImportYAML.node(text, file: "_config.yml", notes: &notes) {
            title = node["title"]?.string
            summary = node["description"]?.string
            authors = JupyterBookSource.names(node["author"])
            origin.url = node["repository"]?["url"]?.string
            bibliographies = node["bibtex_bibfiles"]?.sequence?.compactMap(\.string) ?? []
            substitutions = JupyterBookFields.substitutions(node["parse"]?["myst_substitutions"])
        }
        if let text = source.text("myst.yml"), let node = ImportYAML.node(text, file: "myst.yml", notes: &notes), let project = node["project"] {
            title = title ?? project["title"]?.string
            summary = summary ?? project["description"]?.string ?? project["subtitle"]?.string
            if authors.isEmpty { authors = JupyterBookSource.names(project["authors"]) }
            if origin.url == nil, let github = project["github"]?.string {
                origin.url = github.hasPrefix("https://") ? github : "https://github.com/\(github)"
            }
            // `license: CC-BY-4.0`, or `license: {content: CC-BY-4.0, code: MIT}`: the text's licence is the lesson's.
            if let license = project["license"]?.string ?? project["license"]?["content"]?.string,
               let known = JupyterBookSource.license(named: license) {
                origin.license = known.id
                origin.licenseURL = known.url
            }
            if bibliographies.isEmpty { bibliographies = project["bibliography"]?.sequence?.compactMap(\.string) ?? [] }
        }
        if origin.license == nil, let known = JupyterBookSource.license(in: source) {
            origin.license = known.id
            origin.licenseURL = known.url
        }
        if bibliographies.isEmpty, source.contains("references.bib") { bibliographies = ["references.bib"] }
        var kept: [String] = []
        for path in bibliographies {
            let normalized = ImportSource.normalize(path) ?? path
            if source.contains(normalized) {
                kept.append(normalized)
            } else {
                notes.append(ImportNote(file: source.contains("_config.yml") ? "_config.yml" : "myst.yml", line: 0, column: 0, construct: "bibliography",
                                        message: "the bibliography '\(path)' is not a file of the book", fix: "add the file, or remove it from the configuration"))
            }
        }
        bibliographies = kept
    }
}
