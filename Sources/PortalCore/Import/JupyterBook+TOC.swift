import Foundation
import Yams

/// A Jupyter Book's order of pages: the root page (the series' introduction) and the chapters after
/// it, from `_toc.yml` (Jupyter Book 1) or `myst.yml`'s `project: toc:` (Jupyter Book 2, MyST).
struct JupyterBookTOC {
    /// One page of the book, as the table of contents names it.
    struct Entry: Equatable {
        /// The file, relative to the source, with its extension.
        var path: String
        /// The title the table of contents gives it, if any.
        var title: String?
    }

    var root: String?
    var chapters: [Entry] = []
    var notes: [ImportNote] = []

    /// The extensions a chapter's file may have, in the order a name without one is looked up.
    static let extensions = ["md", "ipynb", "myst", "markdown", "rst", "tex"]

    /// Reads the table of contents of `source`, which holds `_toc.yml` or `myst.yml`.
    static func read(_ source: ImportSource) throws -> JupyterBookTOC {
        var toc = JupyterBookTOC()
        if let text = source.text("_toc.yml") {
            guard let node = ImportYAML.node(text, file: "_toc.yml", notes: &toc.notes) else {
                throw ImportFailure("_toc.yml does not read as YAML: \(toc.notes.first?.message ?? "")")
            }
            toc.readVersion1(node, source: source)
        } else if let text = source.text("myst.yml") {
            guard let node = ImportYAML.node(text, file: "myst.yml", notes: &toc.notes) else {
                throw ImportFailure("myst.yml does not read as YAML: \(toc.notes.first?.message ?? "")")
            }
            if let entries = node["project"]?["toc"]?.sequence {
                var pages: [Entry] = []
                toc.readVersion2(Array(entries), source: source, into: &pages)
                toc.root = pages.first?.path
                toc.chapters = Array(pages.dropFirst())
            } else {
                // Without a toc, MyST takes every page in the folder, `index.md` first.
                let pages = source.files.filter { path in
                    !path.contains("/_build/") && !path.hasPrefix("_build/") && ["md", "ipynb"].contains(Self.pathExtension(path))
                        && !["readme.md", "license.md", "licence.md", "contributing.md", "code_of_conduct.md"].contains(path.lowercased())
                }
                let root = pages.first { $0 == "index.md" } ?? pages.first
                toc.root = root
                toc.chapters = pages.filter { $0 != root }.map { Entry(path: $0, title: nil) }
            }
        } else {
            throw ImportFailure("the source has neither _toc.yml nor myst.yml, so the order of its chapters is unknown")
        }
        // A page named twice is imported once, where it first appears.
        var seen = Set(toc.root.map { [$0] } ?? [])
        toc.chapters = toc.chapters.filter { seen.insert($0.path).inserted }
        return toc
    }

    /// `_toc.yml`: `root:` and `parts:` → `chapters:` → `sections:` (jb-book), or `sections:` (jb-article).
    private mutating func readVersion1(_ node: Node, source: ImportSource) {
        if let root = node["root"]?.string {
            self.root = file(root, line: node["root"]?.mark?.line ?? 1, tocFile: "_toc.yml", source: source)
        }
        var pages: [Entry] = []
        if let parts = node["parts"]?.sequence {
            for part in parts {
                readVersion1Entries(part["chapters"]?.sequence.map(Array.init) ?? [], source: source, into: &pages)
            }
        }
        readVersion1Entries(node["chapters"]?.sequence.map(Array.init) ?? [], source: source, into: &pages)
        readVersion1Entries(node["sections"]?.sequence.map(Array.init) ?? [], source: source, into: &pages)
        chapters = pages
    }

    private mutating func readVersion1Entries(_ entries: [Node], source: ImportSource, into pages: inout [Entry]) {
        for entry in entries {
            readEntry(entry, tocFile: "_toc.yml", source: source, into: &pages)
            readVersion1Entries(entry["sections"]?.sequence.map(Array.init) ?? [], source: source, into: &pages)
            // A part or chapter may hold its own chapters and parts (nested books).
            readVersion1Entries(entry["chapters"]?.sequence.map(Array.init) ?? [], source: source, into: &pages)
            for part in entry["parts"]?.sequence.map(Array.init) ?? [] {
                readVersion1Entries(part["chapters"]?.sequence.map(Array.init) ?? [], source: source, into: &pages)
            }
        }
    }

    /// `myst.yml`'s `toc:`: `file:`, `children:` (a section, with or without a page of its own),
    /// `url:` and `pattern:`.
    private mutating func readVersion2(_ entries: [Node], source: ImportSource, into pages: inout [Entry]) {
        for entry in entries {
            if let pattern = entry["pattern"]?.string {
                for path in glob(pattern, source: source) { pages.append(Entry(path: path, title: nil)) }
            }
            readEntry(entry, tocFile: "myst.yml", source: source, into: &pages)
            readVersion2(entry["children"]?.sequence.map(Array.init) ?? [], source: source, into: &pages)
        }
    }

    /// One `file:`, `url:` or `glob:` entry.
    private mutating func readEntry(_ entry: Node, tocFile: String, source: ImportSource, into pages: inout [Entry]) {
        let title = entry["title"]?.string
        if let name = entry["file"]?.string {
            if let path = file(name, line: entry["file"]?.mark?.line ?? 1, tocFile: tocFile, source: source) {
                pages.append(Entry(path: path, title: title))
            }
        } else if let url = entry["url"]?.string {
            let mark = entry["url"]?.mark
            notes.append(ImportNote(file: tocFile, line: mark?.line ?? 1, column: mark?.column ?? 1, construct: "external-entry",
                                    message: "the table of contents links '\(url)'\(title.map { " (\($0))" } ?? ""), a page outside the book; it is not a part",
                                    fix: "link it from the series page or a part, or add it as a resource"))
        } else if let pattern = entry["glob"]?.string {
            for path in glob(pattern, source: source) { pages.append(Entry(path: path, title: nil)) }
        }
    }

    /// The file a table-of-contents name stands for (`chapters/fitting` → `chapters/fitting.md`);
    /// nil, with a note, when there is none or it is a format portal does not read.
    private mutating func file(_ name: String, line: Int, tocFile: String, source: ImportSource) -> String? {
        let name = name.hasPrefix("./") ? String(name.dropFirst(2)) : name
        let candidates = Self.extensions.contains(Self.pathExtension(name)) ? [name] : Self.extensions.map { "\(name).\($0)" }
        guard let path = candidates.first(where: source.contains) else {
            notes.append(ImportNote(file: tocFile, line: line, column: 1, construct: "missing-file",
                                    message: "the table of contents names '\(name)', which is not a file of the book",
                                    fix: "correct the name in \(tocFile), or remove the entry"))
            return nil
        }
        switch Self.pathExtension(path) {
        case "md", "ipynb", "myst", "markdown":
            return path
        default:
            notes.append(ImportNote(file: path, line: 0, column: 0, construct: "unsupported-chapter",
                                    message: "'\(path)' is \(Self.pathExtension(path) == "rst" ? "reStructuredText" : "LaTeX"), which portal does not read; it was not imported",
                                    fix: "convert it to Markdown (pandoc -f rst -t gfm) and add it to the series as a part"))
            return nil
        }
    }

    /// The chapters a `glob:` pattern matches (`chapters/*`), sorted; `*` stays within a folder and
    /// `**` crosses folders.
    private func glob(_ pattern: String, source: ImportSource) -> [String] {
        source.files.filter { path in
            let ext = Self.pathExtension(path)
            guard ["md", "ipynb", "myst", "markdown"].contains(ext) else { return false }
            let stem = String(path.dropLast(ext.count + 1))
            return Self.matches(Array(pattern), Array(stem)) || Self.matches(Array(pattern), Array(path))
        }.sorted()
    }

    /// Whether `text` matches the glob `pattern` (`*`, `**` and `?`).
    static func matches(_ pattern: [Character], _ text: [Character]) -> Bool {
        guard let first = pattern.first else { return text.isEmpty }
        if first == "*" {
            let crossesFolders = pattern.count > 1 && pattern[1] == "*"
            let rest = Array(pattern.dropFirst(crossesFolders ? 2 : 1))
            var index = 0
            while true {
                if matches(rest, Array(text[index...])) { return true }
                guard index < text.count, crossesFolders || text[index] != "/" else { return false }
                index += 1
            }
        }
        guard let character = text.first else { return false }
        if first == "?" ? character != "/" : first == character { return matches(Array(pattern.dropFirst()), Array(text.dropFirst())) }
        return false
    }

    /// A path's extension, lower-cased, without the dot.
    static func pathExtension(_ path: String) -> String {
        let name = path.split(separator: "/").last ?? ""
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        return name[name.index(after: dot)...].lowercased()
    }
}
