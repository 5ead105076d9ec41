import Foundation

/// Every file the site will hold, checked for two sources claiming one path (also by letter case).
struct OutputPlan {
    let contentFiles: [String]
    let themeAssets: [String]
    /// The pages made from notebooks: each notebook is copied beside its page, with its output images.
    let notebooks: [(source: String, directory: String, notebook: NotebookPage)]
    /// The skills' downloads, built from their bundles' files.
    let archives: [SkillArchive]
    /// Every path the site will hold, relative to its root.
    let outputPaths: Set<String>
    /// How the content and templates folders are shown in diagnostics.
    private let contentDisplay: String
    private let templatesDisplay: String

    init(pages: [Page], contentFiles: [String], themeAssets: [String], readerFiles: [String], archives: [SkillArchive] = [],
         contentDisplay: String, templatesDisplay: String, sink: DiagnosticSink) {
        self.contentFiles = contentFiles
        self.archives = archives.sorted { $0.path < $1.path }
        self.themeAssets = themeAssets
        self.contentDisplay = contentDisplay
        self.templatesDisplay = templatesDisplay
        notebooks = pages.compactMap { page in
            guard let notebook = page.notebook, let source = page.sourcePath else { return nil }
            return (source, page.outputDirectory, notebook)
        }
        let notebooks = self.notebooks
        // Every path the site will hold, each with what claims it, in the order the first claim is named in.
        func claims(_ claim: (String, Owner) -> Void) {
            for (position, page) in pages.enumerated() { claim(page.outputPath, .page(position)) }
            for file in readerFiles { claim(file, .readerFile(file)) }
            for (source, directory, notebook) in notebooks {
                // Two outputs with the same bytes are one file.
                for name in [notebook.fileName] + Set(notebook.images.map(\.name)).sorted() {
                    claim(directory.isEmpty ? name : "\(directory)/\(name)", .content(source))
                }
            }
            for file in contentFiles { claim(SitePath.outputPath(ofContentFile: file), .content(file)) }
            for archive in archives { claim(archive.path, .archive(archive.folder)) }
            for asset in themeAssets { claim("\(TemplateSet.assetsFolder)/\(asset)", .asset(asset)) }
        }
        // Most builds have no collision: the paths are checked first, by the hashes of their
        // case-folded forms (a set of numbers, where a set of the paths retained each), and their
        // owners named only when two hashes are one: two paths, or a collision of the hashes, which
        // the second pass, by the paths, tells apart. The two sets are made on a core each (a
        // rebuild makes them whole).
        let (collides, outputPaths) = ParallelMap.both({
            var keys = Set<Int>(minimumCapacity: pages.count + readerFiles.count + contentFiles.count + themeAssets.count)
            var collides = false
            claims { path, _ in
                if !keys.insert(Self.caseFoldedHash(path)).inserted { collides = true }
            }
            return collides
        }, {
            var outputPaths = Set<String>(minimumCapacity: pages.count + contentFiles.count + themeAssets.count + archives.count)
            claims { path, owner in
                if case .readerFile = owner {} else { outputPaths.insert(path) }
            }
            return outputPaths
        })
        self.outputPaths = outputPaths
        guard collides else { return }
        var claimed: [String: Owner] = [:]
        claims { path, owner in
            let key = Self.caseFolded(path)
            guard let first = claimed[key] else {
                claimed[key] = owner
                return
            }
            let (name, firstName) = (owner.name(pages: pages, contentDisplay: contentDisplay, templatesDisplay: templatesDisplay),
                                     first.name(pages: pages, contentDisplay: contentDisplay, templatesDisplay: templatesDisplay))
            sink.add(Diagnostic(.error, "output.collision", "'\(name)' and '\(firstName)' would both be written to \(path)", file: name, fix: "rename one of them"))
        }
    }

    /// What claims a path of the site: a page, named by its file or as a generated page; a reader
    /// file; a content file or notebook, an archive of a skill's folder, or a theme asset.
    private enum Owner {
        case page(Int)
        case readerFile(String)
        case content(String)
        case archive(String)
        case asset(String)

        func name(pages: [Page], contentDisplay: String, templatesDisplay: String) -> String {
            switch self {
            case .page(let position):
                let page = pages[position]
                return page.source?.displayPath ?? "the generated \(page.kind.rawValue) page '\(page.id)'"
            case .readerFile(let path):
                return "the generated \(path)"
            case .content(let file):
                return "\(contentDisplay)/\(file)"
            case .archive(let folder):
                return "the download of \(contentDisplay)/\(folder)"
            case .asset(let asset):
                return "\(templatesDisplay)/\(TemplateSet.assetsFolder)/\(asset)"
            }
        }
    }

    /// The path as two paths that differ only in letter case share it: lower-cased, and the path
    /// itself when it has no upper-case ASCII letter and is all ASCII, as generated paths are.
    static func caseFolded(_ path: String) -> String {
        var path = path
        let plain = path.withUTF8 { bytes in !bytes.contains { $0 >= 0x80 || (0x41...0x5A).contains($0) } }
        return plain ? path : path.lowercased()
    }

    /// A hash of `caseFolded(path)`, read from the path's bytes in place: equal for two paths that
    /// fold to one.
    static func caseFoldedHash(_ path: String) -> Int {
        var folded = caseFolded(path)
        return folded.withUTF8 { bytes in
            var hasher = Hasher()
            hasher.combine(bytes: UnsafeRawBufferPointer(bytes))
            return hasher.finalize()
        }
    }

    /// Copies content files and theme assets into the staging folder; returns how many were copied.
    func copy(contentRoot: URL, templatesRoot: URL, writer: SiteWriter, sink: DiagnosticSink) -> Int {
        var unused: [String: FileStamp]?
        return copy(contentRoot: contentRoot, templatesRoot: templatesRoot, writer: writer, copied: &unused, sink: sink)
    }

    /// Copies content files and theme assets; with `copied` (the preview's stamps of what it copied
    /// last, by output path), only files whose stamp changed since are copied, and `copied` is
    /// brought up to date.
    func copy(contentRoot: URL, templatesRoot: URL, writer: SiteWriter, copied: inout [String: FileStamp]?, sink: DiagnosticSink) -> Int {
        let assets = TemplateSet.assetsFolder
        // A notebook's images are one job, named by a path no file has, and redone when the notebook changes.
        var jobs = contentFiles.map { (contentRoot.appendingPathComponent($0), SitePath.outputPath(ofContentFile: $0), "\(contentDisplay)/\($0)", NotebookPage?.none) }
            + themeAssets.map { (templatesRoot.appendingPathComponent(assets).appendingPathComponent($0), "\(assets)/\($0)", "\(templatesDisplay)/\(assets)/\($0)", NotebookPage?.none) }
            + notebooks.flatMap { source, directory, notebook in
                let url = contentRoot.appendingPathComponent(source)
                let prefix = directory.isEmpty ? "" : directory + "/"
                return [(url, prefix + notebook.fileName, "\(contentDisplay)/\(source)", NotebookPage?.none),
                        (url, prefix + Self.imagesJobName, "\(contentDisplay)/\(source)", notebook)]
            }
        var archives = self.archives
        if let previous = copied {
            let all = jobs
            let stamps = all.map { FileStamp(path: $0.0.path) }
            jobs = zip(all, stamps).filter { job, stamp in stamp == nil || previous[job.1] != stamp }.map(\.0)
            // An archive is packed again when any of its files changed, or the list of them did.
            let archiveStamps = archives.map { archive in FileStamp(combining: archive.files.map { FileStamp(path: contentRoot.appendingPathComponent($0).path) }) }
            archives = zip(archives, archiveStamps).filter { archive, stamp in stamp == nil || previous[archive.path] != stamp }.map(\.0)
            copied = Dictionary(zip(all.map(\.1), stamps).compactMap { path, stamp in stamp.map { (path, $0) } } + zip(self.archives.map(\.path), archiveStamps).compactMap { path, stamp in stamp.map { (path, $0) } },
                                uniquingKeysWith: { first, _ in first })
        }
        let results = ParallelMap.map(jobs) { job -> (count: Int, diagnostics: [Diagnostic]) in
            if let notebook = job.3 {
                let directory = String(job.1.dropLast(Self.imagesJobName.count))
                return NotebookImageWriter.write(notebook.images, from: job.0, display: job.2, to: directory, writer: writer)
            }
            do {
                try writer.copy(job.0, to: job.1)
                return (1, [])
            } catch {
                return (0, [Diagnostic(.error, "output.write-failed", "cannot copy \(job.1): \(error.localizedDescription)", file: job.2)])
            }
        }
        let packed = ParallelMap.map(archives) { $0.write(contentRoot: contentRoot, display: contentDisplay, writer: writer) }
        sink.add(contentsOf: results.flatMap(\.diagnostics) + packed.joined())
        return results.reduce(0) { $0 + $1.count } + packed.filter(\.isEmpty).count
    }

    /// The name of a notebook's images' job, which no file of the site has.
    static let imagesJobName = "#notebook-images"
}
