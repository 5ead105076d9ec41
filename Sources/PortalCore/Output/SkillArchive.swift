import Foundation

/// A skill's files, offered as one download beside its page (`resources/ID/ID.zip`): a resource of
/// type `agent` and kind `skill` written as a page bundle (`resources/ID/index.md`) ships the other
/// files of its folder (a `SKILL.md`, its scripts), which are also copied one by one as any
/// bundle's are. In the archive they sit in a folder named by the skill's id, as skills are unpacked.
struct SkillArchive: Sendable, Hashable {
    /// The archive's path in the site.
    let path: String
    /// The skill's id: the folder the files are in, in the archive.
    let name: String
    /// The bundle's folder, relative to the content folder (`resources/ID`).
    let folder: String
    /// The files to pack, relative to the content folder, sorted.
    let files: [String]

    /// The archive of resource `page`, whose bundle folder holds `staticFiles` (among others), if it
    /// is a skill written as a bundle with files of its own.
    static func of(_ page: Page, staticFiles: Set<String>) -> SkillArchive? {
        guard let folder = bundleFolder(ofSkill: page) else { return nil }
        let files = staticFiles.filter { $0.hasPrefix(folder + "/") }.sorted()
        guard !files.isEmpty else { return nil }
        return SkillArchive(path: "\(page.outputDirectory)/\(page.id).zip", name: page.id, folder: folder, files: files)
    }

    /// The folder of `page`, relative to the content folder, if it is a skill written as a page bundle.
    static func bundleFolder(ofSkill page: Page) -> String? {
        guard page.kind == .resource, page.frontMatter.text("type") == "agent", page.frontMatter.text("kind") == "skill",
              let source = page.sourcePath, let slash = source.lastIndex(of: "/"), source[source.index(after: slash)...].hasPrefix("index.") else { return nil }
        return String(source[..<slash])
    }

    /// The files' names in the archive (`ID/SKILL.md`, `ID/scripts/run.py`).
    var entryNames: [String] {
        files.map { name + "/" + $0.dropFirst(folder.count + 1) }
    }

    /// Packs the files read from `contentRoot` and writes the archive with `writer`; an error, at the
    /// bundle's page, when a file cannot be read or the files are too many or too large for one archive.
    func write(contentRoot: URL, display: String, writer: SiteWriter) -> [Diagnostic] {
        let page = "\(display)/\(folder)/index.md"
        guard files.count <= ZipArchive.maximumEntries else {
            return [Diagnostic(.error, "resource.skill-too-large", "the skill's folder holds \(files.count) files, more than one download may hold (\(ZipArchive.maximumEntries))",
                               file: page, fix: "keep the files the skill needs, and link to a repository for the rest")]
        }
        var entries: [ZipArchive.Entry] = []
        var total = 0
        for (file, entryName) in zip(files, entryNames) {
            let url = contentRoot.appendingPathComponent(file)
            guard let data = FileManager.default.contents(atPath: url.path) else {
                return [Diagnostic(.error, "output.write-failed", "cannot read \(display)/\(file) to pack it into \(path)", file: "\(display)/\(file)")]
            }
            total += data.count
            guard total <= ZipArchive.maximumBytes else {
                return [Diagnostic(.error, "resource.skill-too-large", "the skill's files add up to more than \(ZipArchive.maximumBytes / 1024 / 1024) MB, more than one download may hold",
                                   file: page, fix: "keep the files the skill needs, and link to a repository or a data record for the large ones")]
            }
            let executable = FileManager.default.isExecutableFile(atPath: url.path)
            entries.append(ZipArchive.Entry(name: entryName, bytes: [UInt8](data), executable: executable))
        }
        do {
            try writer.write(bytes: ZipArchive.bytes(of: entries), to: path)
            return []
        } catch {
            return [Diagnostic(.error, "output.write-failed", "cannot write \(path): \(error)", file: page)]
        }
    }
}
