import Foundation
import Yams

/// What a Carpentries lesson's top-level files say about it: its authors and its licence.
enum CarpentriesLessonFacts {
    /// `CITATION.cff` read as YAML, within the build's limits; nil when it does not read (the
    /// authors then come from `AUTHORS`, and missing ones are a placeholder the report names).
    private static func citation(_ text: String) -> Node? {
        var ignored: [ImportNote] = []
        return ImportYAML.node(text, file: "CITATION.cff", notes: &ignored)
    }

    /// The authors from `CITATION.cff` (`given-names family-names`, or `name`), else `AUTHORS`
    /// (one a line, an e-mail address in `<…>` left out).
    static func authors(in source: ImportSource) -> [String] {
        if let text = source.text("CITATION.cff"), let node = citation(text), let people = node["authors"]?.sequence {
            let names = people.compactMap { person -> String? in
                let given = person["given-names"]?.scalar?.string ?? ""
                let family = person["family-names"]?.scalar?.string ?? ""
                let full = [given, family].filter { !$0.isEmpty }.joined(separator: " ")
                return full.isEmpty ? person["name"]?.scalar?.string : full
            }
            if !names.isEmpty { return names }
        }
        for file in ["AUTHORS", "AUTHORS.md", "AUTHORS.txt"] {
            guard let text = source.text(file) else { continue }
            let names = text.split(separator: "\n").compactMap { line -> String? in
                var name = line.trimmingCharacters(in: .whitespaces)
                if let angle = name.firstIndex(of: "<") { name = String(name[..<angle]) }
                name = name.trimmingCharacters(in: CharacterSet(charactersIn: " -*\t"))
                return name.isEmpty || name.hasPrefix("#") || name.lowercased().hasPrefix("authors") ? nil : name
            }
            if !names.isEmpty { return names }
        }
        return []
    }

    /// The licences the import recognises: SPDX id, address, and words only its text holds.
    private static let licences: [(id: String, url: String, spdx: [String], phrases: [String])] = [
        ("CC-BY-4.0", "https://creativecommons.org/licenses/by/4.0/", ["cc-by-4.0", "cc-by 4.0", "cc by 4.0"],
         ["creative commons attribution 4.0", "cc by 4.0", "licenses/by/4.0"]),
        ("CC-BY-SA-4.0", "https://creativecommons.org/licenses/by-sa/4.0/", ["cc-by-sa-4.0", "cc-by-sa 4.0"],
         ["attribution-sharealike 4.0", "licenses/by-sa/4.0"]),
        ("CC0-1.0", "https://creativecommons.org/publicdomain/zero/1.0/", ["cc0-1.0", "cc0"],
         ["cc0 1.0", "publicdomain/zero/1.0", "public domain dedication"]),
        ("MIT", "https://opensource.org/licenses/MIT", ["mit"],
         ["mit license", "permission is hereby granted, free of charge"]),
    ]

    /// The licence named by an SPDX id or the way a config writes it (`CC-BY 4.0`).
    static func licence(named name: String) -> (id: String, url: String)? {
        let key = name.trimmingCharacters(in: .whitespaces).lowercased()
        return licences.first(where: { $0.spdx.contains(key) || $0.id.lowercased() == key }).map { ($0.id, $0.url) }
    }

    /// The licence from `LICENSE.md`'s text (the first recognised, as the Carpentries' file names
    /// the lesson's licence before the code's), else from `CITATION.cff`'s `license`.
    static func licence(in source: ImportSource, configured: String? = nil) -> (id: String, url: String?)? {
        for file in ["LICENSE.md", "LICENSE", "LICENSE.txt"] {
            guard let text = source.text(file)?.lowercased() else { continue }
            let found = licences.compactMap { licence -> (String.Index, String, String)? in
                let first = licence.phrases.compactMap { text.range(of: $0)?.lowerBound }.min()
                return first.map { ($0, licence.id, licence.url) }
            }.min(by: { $0.0 < $1.0 })
            if let found { return (found.1, found.2) }
        }
        if let text = source.text("CITATION.cff"), let node = citation(text), let name = node["license"]?.scalar?.string {
            return licence(named: name).map { ($0.id, $0.url) } ?? (name, nil)
        }
        if let configured, !configured.isEmpty {
            return licence(named: configured).map { ($0.id, $0.url) } ?? (configured, nil)
        }
        return nil
    }

    /// A repository's web address from what a config writes: a full address, or `owner/name` on GitHub.
    static func repositoryURL(_ value: String?) -> String? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        if value.hasPrefix("https://") || value.hasPrefix("http://") { return value }
        let parts = value.split(separator: "/")
        if parts.count == 2, parts.allSatisfy({ $0.allSatisfy { $0.isLetter || $0.isNumber || "-_.".contains($0) } }) {
            return "https://github.com/\(value)"
        }
        return nil
    }

    /// Unique slugs for `paths`, in order: a repeated one gets `-2`, `-3`.
    static func slugs(for paths: [String]) -> [String] {
        var seen: [String: Int] = [:]
        return paths.map { path in
            let slug = ImportedEpisode.slug(for: path)
            let count = (seen[slug] ?? 0) + 1
            seen[slug] = count
            return count == 1 ? slug : "\(slug)-\(count)"
        }
    }

    /// A link from a part (or the series page) to the part made from the episode with `slug`: to
    /// its `index.md`, as portal's link checker takes links to pages by their file. (`partLink`
    /// names the file on main since the writer landed; this branch's names the folder.)
    static func partPage(_ options: ImportOptions, slug: String) -> String {
        let link = options.partLink(slug: slug)
        return link.hasSuffix("/") ? link + "index.md" : link
    }

    /// A link from a part to the series page, by its file.
    static func seriesPage(_ options: ImportOptions) -> String {
        "../\(options.series)/_series.md"
    }

    /// A note for a page of the lesson the import does not bring in.
    static func notImported(_ path: String, what: String) -> ImportNote {
        ImportNote(file: path, line: 0, column: 0, construct: "extra-page",
                   message: "not imported: '\(path)' (\(what))",
                   fix: "add it as a page or to the series introduction if readers need it")
    }
}
