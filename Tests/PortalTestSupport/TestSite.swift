import Foundation
import PortalCore

/// A small site written into a temporary folder from `[path: contents]`, for end-to-end tests.
///
/// Paths starting with `content/` or `templates/` land in those folders; the minimal theme and
/// site settings below are added unless the test supplies its own.
public struct TestSite {
    /// The temporary project folder (holding `content/`, `templates/` and `_site/`).
    public let root: URL

    /// Writes `files` (plus the default theme and settings where not overridden) into a new temporary folder.
    public init(_ files: [String: String], theme: [String: String] = TestSite.minimalTheme, settings: String? = TestSite.defaultSettings) throws {
        root = TemporaryFolders.make("portal-test")
        var all: [String: String] = [:]
        for (name, text) in theme { all["templates/\(name)"] = text }
        if let settings { all["content/site.yml"] = settings }
        all["content/pages/index.md"] = "---\ntitle: Home\n---\n\nWelcome.\n"
        for (path, text) in files { all[path] = text }
        for (path, text) in all {
            try write(text, to: path)
        }
    }

    /// Writes or replaces one file of the project.
    public func write(_ text: String, to path: String) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    /// Removes one file of the project.
    public func remove(_ path: String) throws {
        try FileManager.default.removeItem(at: root.appendingPathComponent(path))
    }

    /// The options for building this site into `output` (nil: check only).
    public func options(output: String? = "_site", drafts: Bool = false) -> BuildOptions {
        BuildOptions(
            contentDirectory: root.appendingPathComponent("content"),
            templatesDirectory: root.appendingPathComponent("templates"),
            outputDirectory: output.map { root.appendingPathComponent($0) },
            includeDrafts: drafts,
            workingDirectory: root
        )
    }

    /// Builds the site (into `_site/` unless `output` is nil) and returns the report.
    @discardableResult
    public func build(output: String? = "_site", drafts: Bool = false) -> BuildReport {
        SiteBuilder(options: options(output: output, drafts: drafts)).run()
    }

    /// The text of a file of the built site.
    public func read(_ path: String, output: String = "_site") throws -> String {
        try String(contentsOf: root.appendingPathComponent(output).appendingPathComponent(path), encoding: .utf8)
    }

    /// Whether the built site holds `path`.
    public func exists(_ path: String, output: String = "_site") -> Bool {
        FileManager.default.fileExists(atPath: root.appendingPathComponent(output).appendingPathComponent(path).path)
    }

    /// Deletes the temporary folder.
    public func cleanUp() {
        try? FileManager.default.removeItem(at: root)
    }
}

extension TestSite {
    /// Every file under `folder` of the project with its bytes, by path relative to `folder`.
    public func snapshot(_ folder: String = "_site") throws -> [String: Data] {
        let root = self.root.appendingPathComponent(folder).resolvingSymlinksInPath()
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = enumerator?.nextObject() as? URL {
            guard try url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true else { continue }
            files[String(url.path.dropFirst(root.path.count))] = try Data(contentsOf: url)
        }
        return files
    }

    /// The temporary folders a build leaves beside its output (`.portal-build-…`, `.portal-cache-…`, `.portal-swap-…`).
    public func temporaryFolders(in folder: String = "") throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(folder).path)
            .filter { $0.hasPrefix(".portal-") && !$0.hasPrefix(".portal-manifest-") }.sorted()
    }
}
