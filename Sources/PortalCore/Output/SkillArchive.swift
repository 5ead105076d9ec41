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
              let source = page.sourcePath else { return nil }
        return bundleFolder(ofIndex: source)
    }

    /// The folder of the page bundle whose index is at `path` (`…resources/ID/index.md` or
    /// `index.ipynb`), or nil for a page of one file: `resources/index.md` is the resource `index`,
    /// not a bundle of the whole section.
    static func bundleFolder(ofIndex path: String) -> String? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count >= 3, parts[parts.count - 1] == "index.md" || parts[parts.count - 1] == "index.ipynb",
              parts[parts.count - 3] == Substring(ContentKind.resource.folder ?? "resources") else { return nil }
        return parts.dropLast().joined(separator: "/")
    }

    /// The files' names in the archive (`ID/SKILL.md`, `ID/scripts/run.py`).
    var entryNames: [String] {
        files.map { name + "/" + $0.dropFirst(folder.count + 1) }
    }

    /// Packs the files read from `contentRoot` and writes the archive with `writer`; an error, at the
    /// bundle's page, when a file cannot be read or the files are too many or too large for one
    /// archive (`limits`, the format's by default). The sizes are checked before any file is read,
    /// so a huge file in a stranger's skill costs a `stat`, not the memory to hold it.
    func write(contentRoot: URL, display: String, writer: SiteWriter,
               limits: (entries: Int, bytes: Int) = (ZipArchive.maximumEntries, ZipArchive.maximumBytes)) -> [Diagnostic] {
        let page = "\(display)/\(folder)/index.md"
        func tooLarge(_ message: String) -> [Diagnostic] {
            [Diagnostic(.error, "resource.skill-too-large", message, file: page, line: 1, column: 1,
                        fix: "keep the files the skill needs, and link to a repository or a data record for the rest")]
        }
        guard files.count <= limits.entries else {
            return tooLarge("the skill's folder holds \(files.count) files, more than one download may hold (\(limits.entries))")
        }
        let urls = files.map { contentRoot.appendingPathComponent($0) }
        let stated = urls.reduce(0) { $0 + (FileStamp(path: $1.path)?.size ?? 0) }
        let tooMany = "the skill's files add up to more than \(limits.bytes / 1024 / 1024) MB, more than one download may hold"
        guard stated <= limits.bytes else { return tooLarge(tooMany) }
        var entries: [ZipArchive.Entry] = []
        var total = 0
        for ((file, url), entryName) in zip(zip(files, urls), entryNames) {
            guard let data = FileManager.default.contents(atPath: url.path) else {
                return [Diagnostic(.error, "output.write-failed", "cannot read \(display)/\(file) to pack it into \(path)", file: "\(display)/\(file)")]
            }
            // A file that grew since it was measured is caught here.
            total += data.count
            guard total <= limits.bytes else { return tooLarge(tooMany) }
            entries.append(ZipArchive.Entry(name: entryName, bytes: [UInt8](data), executable: FileManager.default.isExecutableFile(atPath: url.path)))
        }
        do {
            try writer.write(bytes: ZipArchive.bytes(of: entries), to: path)
            return []
        } catch {
            return [Diagnostic(.error, "output.write-failed", "cannot write \(path): \(error)", file: page)]
        }
    }
}
