import Foundation

/// One page of the plan: its front-matter blocks, which of them the source set, and its body.
struct PagePlan {
    var id: String
    var path: String
    var folder: String
    var sourcePath: String?
    /// The front-matter, one top-level key a block, in order.
    var blocks: [(key: String, text: String)] = []
    /// The keys whose value came from the source or the command line: a new import replaces them.
    var sourceKeys: Set<String> = []
    /// The keys holding placeholders, with why.
    var placeholders: [String: String] = [:]
    var body: EpisodeContent = .markdown("")
    var merged = false
    var origin = ImportOrigin()
    var lessonTitle = ""
    var lessonAuthors: [String] = []

    init(id: String, path: String, folder: String, sourcePath: String?) {
        self.id = id
        self.path = path
        self.folder = folder
        self.sourcePath = sourcePath
    }

    mutating func set(_ key: String, _ value: ImportValue) {
        raw(key, ImportYAML.block(key, value))
    }

    mutating func raw(_ key: String, _ text: String) {
        blocks.removeAll { $0.key == key }
        blocks.append((key, text))
        sourceKeys.insert(key)
        placeholders[key] = nil
    }

    mutating func placeholder(_ key: String, _ value: ImportValue, why: String) {
        blocks.removeAll { $0.key == key }
        blocks.append((key, ImportYAML.block(key, value, comment: ImportWriter.placeholder)))
        placeholders[key] = why
    }

    mutating func setOrigin(commit: String, remote: String?, lesson: ImportedLesson) {
        origin.commit = commit
        if origin.url == nil, let remote { origin.url = Self.webAddress(ofRemote: remote) }
        writeOrigin()
    }

    /// `based_on:`, when the source's address is known (the credit needs somewhere to point).
    mutating func writeOrigin() {
        guard let url = origin.url else { return }
        var lines = ["based_on:", "  title: \(ImportYAML.scalar(lessonTitle))", "  url: \(ImportYAML.scalar(url))"]
        if let commit = origin.commit { lines.append("  commit: \(commit)") }
        if let license = origin.license { lines.append("  license: \(ImportYAML.scalar(license))") }
        if let licenseURL = origin.licenseURL { lines.append("  license_url: \(ImportYAML.scalar(licenseURL))") }
        if !lessonAuthors.isEmpty { lines.append("  authors: [" + lessonAuthors.map(ImportYAML.scalar).joined(separator: ", ") + "]") }
        raw("based_on", lines.joined(separator: "\n"))
    }

    /// A git remote as a web address: `git@github.com:owner/lesson.git` → `https://github.com/owner/lesson`.
    static func webAddress(ofRemote remote: String) -> String? {
        var text = remote
        if text.hasPrefix("git@"), let colon = text.firstIndex(of: ":") {
            text = "https://" + text[text.index(text.startIndex, offsetBy: 4)..<colon] + "/" + text[text.index(after: colon)...]
        }
        if text.hasPrefix("http://") || text.hasPrefix("https://") {
            if text.hasSuffix(".git") { text.removeLast(4) }
            // Credentials in an address are never published.
            if let at = text.firstIndex(of: "@"), let scheme = text.range(of: "://"), at > scheme.upperBound, !text[scheme.upperBound..<at].contains("/") {
                text = String(text[..<scheme.upperBound]) + text[text.index(after: at)...]
            }
            return WebAddress.isValid(text) ? text : nil
        }
        return nil
    }

    var holdsPlaceholder: Bool {
        blocks.contains { $0.text.contains(ImportWriter.placeholder) }
    }

    mutating func setDraft(_ isDraft: Bool) {
        if isDraft {
            if !blocks.contains(where: { $0.key == "draft" }) { blocks.insert(("draft", "draft: true  # until every \(ImportWriter.placeholder) is replaced in this series"), at: min(2, blocks.count)) }
        } else if let index = blocks.firstIndex(where: { $0.key == "draft" }), blocks[index].text.contains(ImportWriter.placeholder) {
            blocks.remove(at: index)
        }
    }

    /// Keeps the editor's changes from the last import: the values of keys the source does not
    /// set, and keys the editor added; a changed body is a conflict.
    mutating func merge(existing file: URL, manifest: ImportWriter.Manifest, overwrite: Bool, conflicts: inout [String]) {
        guard let data = try? Data(contentsOf: file) else { return }
        let bytes = Array(data)
        guard let entry = manifest.files[path] else {
            if !overwrite { conflicts.append(path) }
            return
        }
        if entry.sha256 == ImportWriter.Manifest.hash(bytes) || overwrite { return }
        guard case .markdown = body, let parts = ImportYAML.split(String(decoding: bytes, as: UTF8.self)),
              entry.body == ImportWriter.Manifest.bodyHash(bytes) else {
            conflicts.append(path)
            return
        }
        let theirs = ImportYAML.blocks(of: parts.frontMatter)
        let theirKeys = Set(theirs.map(\.key))
        var result: [(key: String, text: String)] = []
        for block in blocks {
            if sourceKeys.contains(block.key) {
                result.append(block)
            } else if let kept = theirs.first(where: { $0.key == block.key }) {
                result.append(kept)
                placeholders[block.key] = kept.text.contains(ImportWriter.placeholder) ? placeholders[block.key] : nil
            } else {
                // The editor deleted a placeholder field (a draft flag, a duration given as teaching time).
                placeholders[block.key] = nil
            }
        }
        for block in theirs where !sourceKeys.contains(block.key) && !result.contains(where: { $0.key == block.key }) {
            result.append(block)
        }
        if !theirKeys.contains("draft") { result.removeAll { $0.key == "draft" } }
        blocks = result
        merged = true
    }

    /// Notes for the report: each placeholder left, at its line in the written file.
    func placeholderNotes() -> [ImportNote] {
        var notes: [ImportNote] = []
        var line = 2
        for block in blocks {
            if let why = placeholders[block.key], block.text.contains(ImportWriter.placeholder) {
                let isNotebook: Bool
                if case .notebook = body { isNotebook = true } else { isNotebook = false }
                notes.append(ImportNote(file: "content/" + path, line: isNotebook ? line - 1 + ImportedNotebook.frontMatterLine : line,
                                        column: isNotebook ? ImportedNotebook.frontMatterColumn : 1, construct: "placeholder",
                                        message: "'\(block.key)' is a placeholder: \(why)", fix: "write the real value and delete the '# \(ImportWriter.placeholder)' mark"))
            }
            line += block.text.split(separator: "\n", omittingEmptySubsequences: false).count
        }
        return notes
    }

    func bytes() -> [UInt8] {
        switch body {
        case .markdown(let text):
            var output = "---\n"
            for block in blocks { output += block.text + "\n" }
            output += "---\n"
            if !text.isEmpty { output += "\n" + text + (text.hasSuffix("\n") ? "" : "\n") }
            return Array(output.utf8)
        case .notebook(let bytes):
            return ImportedNotebook.setting(portal: blocks, in: bytes)
        }
    }
}
