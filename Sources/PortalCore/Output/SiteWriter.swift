import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Stage 8: writes the site into a temporary folder beside the output and swaps it in only on success.
///
/// It refuses outputs that would overwrite sources, and it never deletes anything outside the
/// output folder and its own siblings. The previous output is kept beside the new one as
/// `.portal-cache-NAME` and becomes the next build's staging folder: files are overwritten in
/// place and only stale ones deleted, since deleting a 10,000-folder site costs seconds.
///
/// The new site goes in with one atomic exchange of the two folders, so a build killed at any
/// instant leaves the output holding either the whole previous site or the whole new one. Where
/// the system cannot exchange folders, the previous site waits as `.portal-swap-NAME` for the
/// instant between two renames, and the next build puts it back if that instant was interrupted.
/// Whatever a killed build leaves beside the output is reused or deleted by the next build.
struct SiteWriter: Sendable {
    /// The folder readers get.
    let output: URL
    /// The temporary sibling being written (the output itself for a preview rebuild).
    let staging: URL
    /// Whether files are replaced inside the live output (each by a rename, so a reader never sees half a file).
    var inPlace = false
    /// Whether the staging folder was created empty for this build (no earlier output to reuse):
    /// then no file is compared with an old one, and nothing needs pruning before the swap.
    var startsEmpty = false

    /// A file in every output folder, so a later build knows the folder is its own to replace.
    static let markerName = ".portal-site"
    private static let stagingPrefix = ".portal-build-"
    private static let cachePrefix = ".portal-cache-"
    private static let swapPrefix = ".portal-swap-"

    /// Checks that `output` is a safe place to write, clears stale temporary folders, and creates the staging folder.
    static func prepare(output: URL, display: String, protected: [URL], workingDirectory: URL) -> Result<SiteWriter, Diagnostic> {
        let manager = FileManager.default
        let target = output.standardizedFileURL.resolvingSymlinksInPath()
        func refuse(_ message: String, fix: String? = nil) -> Result<SiteWriter, Diagnostic> {
            .failure(Diagnostic(.error, "output.refused", message, file: display, fix: fix))
        }
        let targetPath = target.path
        if targetPath == "/" || target.pathComponents.count < 2 {
            return refuse("refusing to write the site to '/'", fix: "choose an output folder such as _site")
        }
        let working = workingDirectory.standardizedFileURL.resolvingSymlinksInPath()
        if isSameOrInside(working, target) {
            return refuse("refusing to write the site over '\(targetPath)', which holds the project", fix: "choose a new folder such as _site")
        }
        for folder in protected {
            let protectedURL = folder.standardizedFileURL.resolvingSymlinksInPath()
            if isSameOrInside(target, protectedURL) || isSameOrInside(protectedURL, target) {
                return refuse("refusing to write the site into or over '\(protectedURL.path)', which holds sources", fix: "choose a separate folder such as _site")
            }
        }
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: targetPath, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { return refuse("'\(display)' exists and is a file, not a folder") }
            guard let entries = try? manager.contentsOfDirectory(atPath: targetPath) else {
                return refuse("'\(display)' exists but cannot be read, so the build cannot tell whether it may replace it", fix: "check its permissions")
            }
            if !entries.isEmpty, !entries.contains(markerName) {
                return refuse("'\(display)' already holds files that portal did not write; replacing it would delete them",
                              fix: "remove it yourself or choose another --output")
            }
        }
        let parent = target.deletingLastPathComponent()
        do {
            try manager.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            return .failure(Diagnostic(.error, "output.write-failed", "cannot create '\(parent.path)': \(error.localizedDescription)", file: display))
        }
        removeStaleSiblings(of: target)
        var startsEmpty = false
        let staging = parent.appendingPathComponent("\(stagingPrefix)\(target.lastPathComponent)-\(getpid())-\(UUID().uuidString.prefix(8))")
        do {
            let cache = cacheURL(of: target)
            if manager.fileExists(atPath: cache.path) {
                try manager.moveItem(at: cache, to: staging)
            } else {
                try manager.createDirectory(at: staging, withIntermediateDirectories: false)
                startsEmpty = true
            }
            FileOutput.spreadFolders(in: staging.path)
            try Data("Generated by portal. This folder is replaced on every build.\n".utf8).write(to: staging.appendingPathComponent(markerName))
        } catch {
            return .failure(Diagnostic(.error, "output.write-failed", "cannot write next to '\(display)': \(error.localizedDescription)", file: display,
                                       fix: "check that the folder is writable"))
        }
        return .success(SiteWriter(output: target, staging: staging, startsEmpty: startsEmpty))
    }

    /// Whether `inner` is `outer` or lies inside it.
    private static func isSameOrInside(_ inner: URL, _ outer: URL) -> Bool {
        let innerParts = inner.pathComponents
        let outerParts = outer.pathComponents
        return innerParts.count >= outerParts.count && Array(innerParts.prefix(outerParts.count)) == outerParts
    }

    /// Where the previous output of `output` is kept for the next build.
    private static func cacheURL(of output: URL) -> URL {
        output.deletingLastPathComponent().appendingPathComponent("\(cachePrefix)\(output.lastPathComponent)")
    }

    /// Where the previous output waits between two renames, on systems that cannot exchange folders.
    private static func swapURL(of output: URL) -> URL {
        output.deletingLastPathComponent().appendingPathComponent("\(swapPrefix)\(output.lastPathComponent)")
    }

    /// Puts back the previous site if a build was killed after moving it aside and before moving the new one in.
    ///
    /// Only the swap folder is ever put back: it is always a whole site, while the cache may hold
    /// the half-written files of a failed or killed build.
    static func recoverInterruptedSwap(of output: URL) {
        let manager = FileManager.default
        let target = output.standardizedFileURL
        let swap = swapURL(of: target)
        guard !manager.fileExists(atPath: target.path), manager.fileExists(atPath: swap.appendingPathComponent(markerName).path) else { return }
        try? manager.moveItem(at: swap, to: target)
    }

    /// Staging folders left by killed builds, and a swap folder left beside a complete output, become
    /// the cache (any content will do: the next build overwrites or prunes every file), or are deleted
    /// when a cache exists.
    private static func removeStaleSiblings(of target: URL) {
        let manager = FileManager.default
        let parent = target.deletingLastPathComponent()
        recoverInterruptedSwap(of: target)
        let swap = swapURL(of: target)
        if manager.fileExists(atPath: swap.path) { keepAsCache(swap, of: target) }
        guard let names = try? manager.contentsOfDirectory(atPath: parent.path) else { return }
        for name in names.sorted() {
            guard let pid = stagingProcess(named: name, of: target), pid != getpid(), kill(pid, 0) != 0, errno == ESRCH else { continue }
            keepAsCache(parent.appendingPathComponent(name), of: target)
        }
    }

    /// Makes the leftover folder `folder` the cache of `target`, or deletes it when there already is one.
    private static func keepAsCache(_ folder: URL, of target: URL) {
        let manager = FileManager.default
        let cache = cacheURL(of: target)
        if manager.fileExists(atPath: cache.path) || (try? manager.moveItem(at: folder, to: cache)) == nil {
            TreeRemoval.remove(folder.path)
        }
    }

    /// The process id in a staging folder's name `.portal-build-<output>-<pid>-<8 hex>`, if `name` is one for exactly `target`.
    private static func stagingProcess(named name: String, of target: URL) -> Int32? {
        guard name.hasPrefix(stagingPrefix) else { return nil }
        let parts = name.dropFirst(stagingPrefix.count).split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 3, parts[parts.count - 1].count == 8, let pid = Int32(parts[parts.count - 2]),
              parts.dropLast(2).joined(separator: "-") == target.lastPathComponent
        else { return nil }
        return pid
    }

    /// A writer that changes the output folder in place: the preview server's rebuilds, after its
    /// first build went through `prepare` and `commit`.
    static func inPlace(output: URL) -> SiteWriter {
        SiteWriter(output: output, staging: output, inPlace: true)
    }

    /// Writes `contents` to `relativePath` inside the staging folder.
    func write(_ contents: String, to relativePath: String) throws {
        var contents = contents
        try contents.withUTF8 { try FileOutput.write($0, to: relativePath, in: staging.path, replacing: inPlace, fresh: startsEmpty) }
    }

    /// Copies the file at `source` to `relativePath` inside the staging folder.
    func copy(_ source: URL, to relativePath: String) throws {
        let data = try TextFile.readBytes(source.path).get()
        try data.withUnsafeBytes { raw in try FileOutput.write(raw.bindMemory(to: UInt8.self), to: relativePath, in: staging.path, replacing: inPlace, fresh: startsEmpty) }
    }

    /// Deletes files a rebuild in place no longer writes, and the folders that leaves empty.
    func remove(_ relativePaths: Set<String>) {
        for path in relativePaths.sorted(by: >) {
            unlink(staging.path + "/" + path)
            var folder = SitePath.directory(of: path)
            while !folder.isEmpty, rmdir(staging.path + "/" + folder) == 0 {
                folder = SitePath.directory(of: folder)
            }
        }
    }

    /// Deletes what an earlier build left in the staging folder and this build did not write,
    /// then puts the staging folder in place of the output and keeps the old output as the cache.
    func commit(keeping written: Set<String>) throws {
        if startsEmpty {
            for folder in FileOutput.scratchFolders(in: staging.path) { rmdir(folder) }
        } else {
            TreeRemoval.prune(staging.path, keeping: written.union([Self.markerName]))
        }
        let manager = FileManager.default
        guard manager.fileExists(atPath: output.path) else {
            try manager.moveItem(at: staging, to: output)
            return
        }
        let cache = Self.cacheURL(of: output)
        if manager.fileExists(atPath: cache.path) { TreeRemoval.remove(cache.path) }
        if try FolderExchange.exchange(staging.path, output.path) {
            // The staging folder now holds the previous site. Should this rename not happen, the
            // next build finds the folder under this process's id and reuses it all the same.
            try? manager.moveItem(at: staging, to: cache)
            return
        }
        let swap = Self.swapURL(of: output)
        if manager.fileExists(atPath: swap.path) { TreeRemoval.remove(swap.path) }
        try manager.moveItem(at: output, to: swap)
        do {
            try manager.moveItem(at: staging, to: output)
        } catch {
            try? manager.moveItem(at: swap, to: output)
            throw error
        }
        try? manager.moveItem(at: swap, to: cache)
    }

    /// After a failed build, keeps the staging folder as the cache (or deletes it if there is one).
    func abandon(keepingAsCache: Bool = true) {
        let manager = FileManager.default
        let cache = Self.cacheURL(of: output)
        if !keepingAsCache || manager.fileExists(atPath: cache.path) || (try? manager.moveItem(at: staging, to: cache)) == nil {
            TreeRemoval.remove(staging.path)
        }
    }
}
