import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One Markdown file the build will turn into a page.
struct ContentFile: Sendable, Hashable {
    /// The path relative to the content folder (`tutorials/jet-tagging/index.md`).
    let relativePath: String
    /// What the file is.
    let kind: ContentKind
    /// The page id (file stem or bundle folder); the section folder for a section index.
    let id: String
    /// Whether the page is a folder holding `index.md` and its own files.
    let isBundle: Bool

    /// Whether the page is a Jupyter notebook (`.ipynb`) rather than Markdown.
    var isNotebook: Bool { relativePath.hasSuffix(Self.notebookExtension) }

    static let notebookExtension = ".ipynb"

    /// Whether the file is a BibTeX database (`resources/NAME.bib`), a page for each of its entries.
    var isBibliography: Bool { relativePath.hasSuffix(Self.bibliographyExtension) }

    static let bibliographyExtension = ".bib"
}

/// Everything found under the content folder.
struct ContentInventory: Sendable {
    /// `site.yml`, relative to the content folder, if present.
    var settingsFile: String?
    /// Markdown pages and section indexes, sorted by path.
    var files: [ContentFile] = []
    /// Every other file, relative to the content folder, sorted; copied to the same path in the site.
    var staticFiles: [String] = []
    /// Whether the scan followed a symbolic link inside the content folder.
    var followedLinks = false
}

/// Stage 1: walks `content/` and sorts each file into a page, a section index, a static file or a mistake.
struct ContentScanner {
    /// The content folder.
    let root: URL
    /// How the content folder is shown in diagnostics (`content`).
    let displayRoot: String
    /// Page folders (`tutorials/jets`) that hold an `index.md`.
    private var folderIndexes: Set<String> = []
    /// Series folders (`tutorials/SERIES/_series.md`), by series id.
    private var seriesFolders: Set<String> = []

    init(root: URL, displayRoot: String) {
        self.root = root
        self.displayRoot = displayRoot
    }

    static let settingsFileName = "site.yml"
    static let sectionIndexName = "_index.md"
    /// The file of a tutorial series, in a folder of `tutorials/` named by the series' id.
    static let seriesFileName = "_series.md"
    /// Page ids that would collide with generated folders.
    static let reservedPageIDs: Set<String> = Set(ContentKind.sectionFolders + ["pages", "tags", "assets"])

    mutating func scan(into sink: DiagnosticSink) -> ContentInventory {
        var inventory = ContentInventory()
        let tree = ContainedTree(root: root)
        for (path, problem) in tree.problems {
            if path.isEmpty, case .linkOutside(let target) = problem {
                sink.add(Diagnostic(.error, "content.symlink-outside", "the content folder is a symbolic link to '\(target)'; the build reads only a real folder, so nothing outside it can be published",
                                    file: displayRoot, fix: "replace the link with the folder itself"))
                continue
            }
            sink.add(Self.diagnostic(for: problem, file: display(path)))
        }
        let paths = tree.files
        inventory.followedLinks = tree.followedLinks
        seriesFolders = Set(paths.filter { $0.hasPrefix("tutorials/") && $0.hasSuffix("/" + Self.seriesFileName) && $0.split(separator: "/").count == 3 }
            .map { String($0.split(separator: "/")[1]) })
        folderIndexes = Set(paths.filter { ($0.hasSuffix("/index.md") || $0.hasSuffix("/index.ipynb")) && $0.split(separator: "/").count == 3 }
            .map { String($0[..<$0.range(of: "/index.", options: .backwards)!.lowerBound]) })
        for path in paths {
            classify(path, into: &inventory, sink: sink)
        }
        return inventory
    }

    /// `previous` (a scan of this folder that found nothing wrong) after files were added or deleted
    /// directly in its top folders (`tutorials/new-page.md`, `resources/figure.png`), or nil when
    /// a change needs a new scan: anything deeper, which a page folder's `index.md` or a series
    /// decides about; a folder, link or other non-regular file; `site.yml`; a folder the last scan
    /// did not find; a file that would be reported; a scan that followed links, which a deleted file
    /// may break. Edits of known files keep the scan as it is. The result is what `scan` would give.
    func updating(_ previous: ContentInventory, changes: Set<String>) -> ContentInventory? {
        guard !previous.followedLinks else { return nil }
        var inventory = previous
        for path in changes.sorted() {
            let parts = path.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts.contains(where: { $0.isEmpty || $0.hasPrefix(".") }) else { return nil }
            var status = stat()
            let exists = lstat(root.appendingPathComponent(path).path, &status) == 0
            // A file is gone only when the system says it does not exist: any other failure is
            // for a new scan to report.
            guard exists ? status.st_mode & S_IFMT == S_IFREG : errno == ENOENT else { return nil }
            let fileIndex = Self.insertionIndex(of: path, in: inventory.files) { $0.relativePath }
            let known = fileIndex < inventory.files.count && inventory.files[fileIndex].relativePath == path
            let staticIndex = Self.insertionIndex(of: path, in: inventory.staticFiles) { $0 }
            let knownStatic = staticIndex < inventory.staticFiles.count && inventory.staticFiles[staticIndex] == path
            switch (exists, known || knownStatic) {
            case (true, true):
                continue
            case (false, true):
                if known { inventory.files.remove(at: fileIndex) } else { inventory.staticFiles.remove(at: staticIndex) }
            case (false, false):
                // A folder deleted, or a file that was never found.
                return nil
            case (true, false):
                let folder = String(parts[0]) + "/"
                let inFiles = Self.insertionIndex(of: folder, in: previous.files) { $0.relativePath }
                let inStatic = Self.insertionIndex(of: folder, in: previous.staticFiles) { $0 }
                guard inFiles < previous.files.count && previous.files[inFiles].relativePath.hasPrefix(folder)
                        || inStatic < previous.staticFiles.count && previous.staticFiles[inStatic].hasPrefix(folder) else { return nil }
                var found = ContentInventory()
                let sink = DiagnosticSink()
                classify(path, into: &found, sink: sink)
                guard sink.sorted.isEmpty, found.settingsFile == nil else { return nil }
                if let file = found.files.first { inventory.files.insert(file, at: fileIndex) }
                if let file = found.staticFiles.first { inventory.staticFiles.insert(file, at: staticIndex) }
            }
        }
        return inventory
    }

    /// Where `path` is or would go in `list`, sorted by `name`.
    private static func insertionIndex<Element>(of path: String, in list: [Element], name: (Element) -> String) -> Int {
        var low = 0, high = list.count
        while low < high {
            let middle = (low + high) / 2
            if name(list[middle]) < path { low = middle + 1 } else { high = middle }
        }
        return low
    }

    private func display(_ relative: String) -> String {
        displayRoot.isEmpty ? relative : "\(displayRoot)/\(relative)"
    }

    /// The diagnostic for an entry of the content folder that is left out.
    static func diagnostic(for problem: ContainedTree.Problem, file: String) -> Diagnostic {
        switch problem {
        case .linkOutside(let target):
            return Diagnostic(.error, "content.symlink-outside", "symbolic link to '\(target)', which is outside the content folder; nothing behind it is read or published",
                              file: file, fix: "replace the link with a copy of the file, or point it at a file inside the content folder")
        case .brokenLink(let target):
            return Diagnostic(.error, "content.broken-symlink", "symbolic link to '\(target)', which does not exist", file: file, fix: "remove the link or point it at an existing file")
        case .loop:
            return Diagnostic(.error, "content.symlink-loop", "symbolic link loop: this folder contains itself", file: file, fix: "remove the link")
        case .notARegularFile:
            return TextFile.Problem.notARegularFile.diagnostic(displayPath: file)
        case .unreadable(let reason):
            return Diagnostic(.error, "content.unreadable", "cannot read this folder: \(reason)", file: file)
        case .tooManyLinkedEntries:
            return Diagnostic(.error, "content.symlink-expansion",
                              "folders reached through symbolic links hold more than \(ContainedTree.maximumLinkedEntries.grouped) entries by here; links to folders that hold links to folders multiply",
                              file: file, fix: "link the files you need, not folders of links")
        }
    }

    private func classify(_ path: String, into inventory: inout ContentInventory, sink: DiagnosticSink) {
        let parts = path.split(separator: "/").map(String.init)
        if parts == [Self.settingsFileName] {
            inventory.settingsFile = path
            return
        }
        let lower = path.lowercased()
        if !path.hasSuffix(".md"), lower.hasSuffix(".md") || lower.hasSuffix(".markdown"), parts.count >= 2, ContentKind.forFolder(parts[0]) != nil {
            let stem = String(parts[parts.count - 1].prefix { $0 != "." })
            sink.add(Diagnostic(.error, "content.misplaced", "'\(parts[parts.count - 1])' is not read as a page: pages end in '.md' (lower case)", file: display(path),
                                fix: "rename it to '\(stem).md'"))
            return
        }
        // A BibTeX file in the resources folder holds resources, one per entry; anywhere else it is a file.
        if parts.count == 2, parts[0] == ContentKind.resource.folder, path.hasSuffix(ContentFile.bibliographyExtension) {
            inventory.files.append(ContentFile(relativePath: path, kind: .resource, id: String(parts[1].dropLast(ContentFile.bibliographyExtension.count)), isBundle: false))
            return
        }
        // A notebook is a page where a Markdown file would be one: alone in a section folder or as a
        // bundle's index; anywhere else it is a file (a notebook a page offers for download).
        let isNotebook = path.hasSuffix(ContentFile.notebookExtension) && parts.count >= 2 && ContentKind.forFolder(parts[0]) != nil
            && (parts.count == 2 || (parts.count == 3 && parts[2] == "index.ipynb"))
        guard path.hasSuffix(".md") || isNotebook else {
            inventory.staticFiles.append(path)
            return
        }
        guard parts.count >= 2, let folderKind = ContentKind.forFolder(parts[0]) else {
            if parts.count >= 3, ContentKind.forFolder(parts[0]) != nil {
                inventory.staticFiles.append(path)
                return
            }
            sink.add(Diagnostic(
                .error, "content.misplaced",
                "Markdown file outside the content folders; it would not be published",
                file: display(path),
                fix: "move it into one of pages/, \(ContentKind.sectionFolders.joined(separator: "/, "))/"
            ))
            return
        }
        let fileName = parts[parts.count - 1]
        if parts.count == 2 {
            if fileName == Self.sectionIndexName {
                if folderKind == .page {
                    sink.add(Diagnostic(.error, "content.misplaced", "pages/ has no section index; the home page is pages/index.md", file: display(path)))
                } else {
                    inventory.files.append(ContentFile(relativePath: path, kind: .section, id: parts[0], isBundle: false))
                }
                return
            }
            let stem = String(fileName.dropLast(isNotebook ? ContentFile.notebookExtension.count : 3))
            if folderKind == .page, stem == "index" {
                inventory.files.append(ContentFile(relativePath: path, kind: .home, id: "index", isBundle: false))
                return
            }
            if validate(id: stem, path: path, sink: sink, kind: folderKind) {
                inventory.files.append(ContentFile(relativePath: path, kind: folderKind, id: stem, isBundle: false))
            }
            return
        }
        if parts.count == 3, fileName == "index.md" || fileName == "index.ipynb" {
            if validate(id: parts[1], path: path, sink: sink, kind: folderKind) {
                inventory.files.append(ContentFile(relativePath: path, kind: folderKind, id: parts[1], isBundle: true))
            }
            return
        }
        if parts.count == 3, folderKind == .tutorial, fileName == Self.seriesFileName {
            if validate(id: parts[1], path: path, sink: sink, kind: .series) {
                inventory.files.append(ContentFile(relativePath: path, kind: .series, id: parts[1], isBundle: true))
            }
            return
        }
        if parts.count == 3, folderKind == .tutorial, seriesFolders.contains(parts[1]) {
            // A series' folder is not a page: its other Markdown would be a tutorial of its own.
            sink.add(Diagnostic(.error, "content.misplaced", "'\(parts[1])/' is the folder of a series, so '\(fileName)' in it is not a page", file: display(path),
                                fix: "move it to 'tutorials/\(fileName)' to make it a tutorial of the series ('series: \(parts[1])')"))
            return
        }
        if parts.count == 3, !folderIndexes.contains("\(parts[0])/\(parts[1])") {
            sink.add(Diagnostic(.error, "content.misplaced", "'\(parts[1])/' has no index.md, so '\(fileName)' is not a page", file: display(path),
                                fix: "rename it to '\(parts[0])/\(parts[1])/index.md' to make the folder a page"))
            return
        }
        // Other Markdown inside a page folder is one of that page's files.
        inventory.staticFiles.append(path)
    }

    private func validate(id: String, path: String, sink: DiagnosticSink, kind: ContentKind) -> Bool {
        guard PageID.isValid(id) else {
            let suggestion = PageID.suggest(from: id)
            sink.add(Diagnostic(
                .error, "content.bad-id",
                "'\(id)' is not a valid page id: use lower-case letters, digits and single hyphens",
                file: display(path),
                fix: suggestion.isEmpty ? nil : "rename it to '\(suggestion)'"
            ))
            return false
        }
        if kind == .page, Self.reservedPageIDs.contains(id) {
            sink.add(Diagnostic(.error, "content.reserved-id", "'\(id)' is used by a generated section; a page cannot take it", file: display(path), fix: "rename the page"))
            return false
        }
        return true
    }
}
