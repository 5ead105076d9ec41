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

    /// A note when the file at `path`, read as text, is not UTF-8 text: a NUL byte (a binary file
    /// named `.md`) or bytes that are not UTF-8. Its text is still imported, with U+FFFD in place of
    /// each bad byte, so the note says where the first one is.
    public func textProblem(_ path: String) -> ImportNote? {
        guard let bytes = data(path) else { return nil }
        var line = 1
        var lineStart = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0 {
                return ImportNote(file: path, line: line, column: String(decoding: bytes[lineStart..<index], as: UTF8.self).count + 1, construct: "unreadable-file",
                                  message: "'\(path)' holds a NUL byte: it is a binary file, not text, and what was imported from it is garbage",
                                  fix: "delete the part made from it, or replace the file in the source with its text and import again")
            }
            if byte == 0x0A {
                line += 1
                lineStart = index + 1
            }
            let length = Self.utf8SequenceLength(bytes, at: index)
            if length == 0 {
                let column = String(decoding: bytes[lineStart..<index], as: UTF8.self).count + 1
                return ImportNote(file: path, line: line, column: column, construct: "unreadable-file",
                                  message: "'\(path)' is not UTF-8 text: its bytes here and any others that are not UTF-8 were imported as '\u{FFFD}'",
                                  fix: "save the file as UTF-8 in the source and import again, or correct the characters by hand")
            }
            index += length
        }
        return nil
    }

    /// The length of the well-formed UTF-8 sequence at `index`, or 0 when there is none there.
    private static func utf8SequenceLength(_ bytes: [UInt8], at index: Int) -> Int {
        let first = bytes[index]
        if first < 0x80 { return 1 }
        let length: Int
        var low: UInt8 = 0x80, high: UInt8 = 0xBF
        switch first {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; high = 0x9F
        case 0xF0: length = 4; low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; high = 0x8F
        default: return 0
        }
        guard index + length <= bytes.count, (low...high).contains(bytes[index + 1]) else { return 0 }
        for offset in 2..<length where !(0x80...0xBF).contains(bytes[index + offset]) { return 0 }
        return length
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
