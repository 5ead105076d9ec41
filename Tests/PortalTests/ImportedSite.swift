import Foundation
import PortalCore
import PortalTestSupport

/// A site built from an imported lesson, as the import command's writer lays it out: the series file
/// `tutorials/SERIES/_series.md` and one bundle per episode, `tutorials/SERIES-SLUG/index.md` (or
/// `index.ipynb`, its fields in the notebook's `portal` metadata), with the fields the writer adds.
struct ImportedSite {
    let site: TestSite
    let report: BuildReport

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    init(_ lesson: ImportedLesson, series: String, source: ImportSource) throws {
        let site = try TestSite(.init(uniqueKeysWithValues: [TestSite.breakout("agentic-ai")]), theme: [:])
        self.site = site
        let introduction = "---\ntitle: \(Self.quoted(lesson.title))\nsummary: \(Self.quoted(lesson.summary ?? "An imported lesson."))\n---\n\n\(lesson.introduction)\n"
        try site.write(introduction, to: "content/tutorials/\(series)/_series.md")
        for file in lesson.introductionFiles {
            try Self.copy(file, from: source, to: site.root.appendingPathComponent("content/tutorials/\(series)"))
        }
        for (index, episode) in lesson.episodes.enumerated() {
            var fields: [(String, String)] = [("title", Self.quoted(episode.title)), ("level", "beginner"), ("areas", "[agentic-ai]"),
                                              ("authors", "[Test Author]"), ("date", "2026-06-01"), ("series", series), ("part", "\(index + 1)")]
            if episode.fields["summary"] == nil { fields.append(("summary", Self.quoted("Part \(index + 1) of the lesson."))) }
            if episode.fields["teaching"] == nil, episode.fields["duration"] == nil { fields.append(("duration", "30 min")) }
            for (key, value) in episode.fields.sorted(by: { $0.key < $1.key }) where key != "authors" {
                fields.append((key, Self.yaml(value)))
            }
            let folder = site.root.appendingPathComponent("content/tutorials/\(series)-\(episode.slug)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            switch episode.content {
            case .markdown(let text):
                let page = "---\n" + fields.map { "\($0.0): \($0.1)" }.joined(separator: "\n") + "\n---\n\n" + text + "\n"
                try Data(page.utf8).write(to: folder.appendingPathComponent("index.md"))
            case .notebook(let bytes):
                // The notebook's fields in its metadata, as JSON.
                var notebook = try require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
                var metadata = notebook["metadata"] as? [String: Any] ?? [:]
                var portal: [String: Any] = ["title": episode.title, "summary": "Part \(index + 1) of the lesson.", "level": "beginner",
                                             "areas": ["agentic-ai"], "authors": ["Test Author"], "date": "2026-06-01",
                                             "series": series, "part": index + 1, "duration": "30 min"]
                for (key, value) in episode.fields {
                    if case .list(let items) = value { portal[key] = items }
                    if case .text(let text) = value { portal[key] = text }
                }
                metadata["portal"] = portal
                notebook["metadata"] = metadata
                try JSONSerialization.data(withJSONObject: notebook, options: [.sortedKeys]).write(to: folder.appendingPathComponent("index.ipynb"))
            }
            for file in episode.files { try Self.copy(file, from: source, to: folder) }
        }
        var options = site.options()
        options.templatesDirectory = Self.packageRoot.appendingPathComponent("templates")
        report = SiteBuilder(options: options).run()
    }

    private static func copy(_ file: ImportedFile, from source: ImportSource, to folder: URL) throws {
        let target = folder.appendingPathComponent(file.destination)
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(try require(source.data(file.sourcePath))).write(to: target)
    }

    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    static func yaml(_ value: ImportValue) -> String {
        switch value {
        case .text(let text): quoted(text)
        case .list(let items): "[" + items.map(quoted).joined(separator: ", ") + "]"
        case .integer(let number): "\(number)"
        case .date(let date): date
        case .bool(let flag): flag ? "true" : "false"
        case .yaml(let text): "\n" + text.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n")
        }
    }

    /// The text of a built page.
    func page(_ path: String) throws -> String {
        try site.read(path)
    }
}

/// `#require` outside a test function, for the helper's throwing paths.
private func require<T>(_ value: T?, _ what: String = "a value") throws -> T {
    guard let value else { throw ImportedSiteError.missing(what) }
    return value
}

enum ImportedSiteError: Error {
    case missing(String)
}
