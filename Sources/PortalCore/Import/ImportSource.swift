import Foundation

/// The formats `portal import` reads.
public enum ImportFormat: String, CaseIterable, Sendable {
    case carpentriesStyles = "carpentries-styles"
    case carpentriesWorkbench = "carpentries-workbench"
    case jupyterBook = "jupyter-book"
    case mkdocs

    /// The format a source folder is written in, from the files only that format has; nil when
    /// none matches.
    public static func detect(in source: ImportSource) -> ImportFormat? {
        if source.contains("mkdocs.yml") || source.contains("mkdocs.yaml") { return .mkdocs }
        if source.contains("_toc.yml") || source.contains("myst.yml") { return .jupyterBook }
        if source.contains("config.yaml"), source.files.contains(where: { $0.hasPrefix("episodes/") }) { return .carpentriesWorkbench }
        if source.contains("_config.yml"), source.files.contains(where: { $0.hasPrefix("_episodes/") || $0.hasPrefix("_episodes_rmd/") }) { return .carpentriesStyles }
        return nil
    }
}

/// A lesson's source folder, read only through paths that stay inside it.
///
/// A lesson can come from anyone, so it is read as content is: a symbolic link that leaves the
/// folder, a pipe or a device is not listed and never read (each is an `ImportNote`), and names
/// starting with `.` (`.git`, `.github`) are left out. Readers ask this value for files; they never
/// open paths themselves.
public struct ImportSource: Sendable {
    /// The folder, resolved.
    public let root: URL
    /// Every regular file reachable inside it, relative to it, sorted.
    public let files: [String]
    /// The entries left out, as notes for the report.
    public let skipped: [ImportNote]
    private let fileSet: Set<String>

    /// The largest source file read, in bytes: a lesson's text and figures are far smaller, and a
    /// bigger file is most likely data that does not belong in a page bundle.
    public static let maximumFileSize = 50 * 1024 * 1024

    public init(root: URL) {
        self.root = root.standardizedFileURL.resolvingSymlinksInPath()
        let tree = ContainedTree(root: self.root)
        files = tree.files
        fileSet = Set(tree.files)
        skipped = tree.problems.map { path, problem in
            let why: String
            switch problem {
            case .linkOutside(let target): why = "is a symbolic link to '\(target)', outside the lesson"
            case .brokenLink(let target): why = "is a symbolic link to '\(target)', which does not exist"
            case .loop: why = "is a folder that contains itself through a symbolic link"
            case .notARegularFile: why = "is not a regular file (a pipe, socket or device)"
            case .unreadable(let reason): why = "cannot be read: \(reason)"
            case .tooManyLinkedEntries: why = "is behind too many symbolic links to folders"
            }
            return ImportNote(file: path, line: 0, column: 0, construct: "skipped-file", message: "'\(path)' \(why); it was not read",
                              fix: "copy the file into the lesson if the lesson needs it")
        }
    }

    /// Whether `path` (relative, `/`-separated) is a file of the source.
    public func contains(_ path: String) -> Bool {
        fileSet.contains(Self.normalize(path) ?? "")
    }

    /// The bytes of the file at `path`, or nil when it is not a listed file or is too large.
    public func data(_ path: String) -> [UInt8]? {
        guard let path = Self.normalize(path), fileSet.contains(path) else { return nil }
        guard let handle = FileHandle(forReadingAtPath: root.path + "/" + path) else { return nil }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: Self.maximumFileSize + 1), data.count <= Self.maximumFileSize else { return nil }
        return [UInt8](data)
    }

    /// The text of the file at `path` (UTF-8; invalid bytes replaced), or nil when it is not a file.
    public func text(_ path: String) -> String? {
        guard let bytes = data(path) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The files under folder `folder` (relative), sorted.
    public func files(under folder: String) -> [String] {
        let prefix = folder.hasSuffix("/") ? folder : folder + "/"
        return files.filter { $0.hasPrefix(prefix) }
    }

    /// `path` with `.` and `..` segments resolved, relative to the source; nil when it climbs out of
    /// it or is absolute. (`fig/../fig/a.png` → `fig/a.png`; `../x` → nil.)
    public static func normalize(_ path: String) -> String? {
        guard !path.hasPrefix("/") else { return nil }
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
            } else {
                parts.append(part)
            }
        }
        return parts.isEmpty ? nil : parts.joined(separator: "/")
    }

    /// `relative` (a link in the file at `from`) as a path from the source's top, or nil when it
    /// leaves the source. `from` is a file's path; `relative` may start with `/` for the source's top.
    public static func resolve(_ relative: String, from: String) -> String? {
        if relative.hasPrefix("/") { return normalize(String(relative.dropFirst())) }
        let folder = from.split(separator: "/").dropLast().joined(separator: "/")
        return normalize(folder.isEmpty ? relative : folder + "/" + relative)
    }
}
