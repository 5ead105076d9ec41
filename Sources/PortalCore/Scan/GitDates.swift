import Foundation

/// Last-modified dates of content files from git history, read with one `git log` for the whole site.
///
/// Outside a git checkout, or without git, there are simply no dates.
enum GitDates {
    /// The commit date (`YYYY-MM-DD`) of the newest commit touching each file, by path relative to `contentRoot`.
    static func lastModified(contentRoot: URL) -> [String: String] {
        guard let top = run(["rev-parse", "--show-toplevel"], in: contentRoot)?.trimmingCharacters(in: .whitespacesAndNewlines),
              !top.isEmpty,
              let log = run(["log", "--format=%x00%cs", "--name-only", "--no-renames", "--", "."], in: contentRoot)
        else { return [:] }
        let contentPath = contentRoot.resolvingSymlinksInPath().path
        let topPath = URL(fileURLWithPath: top).resolvingSymlinksInPath().path
        guard contentPath == topPath || contentPath.hasPrefix(topPath + "/") else { return [:] }
        return firstDates(in: log, prefix: contentPath == topPath ? "" : String(contentPath.dropFirst(topPath.count + 1)) + "/")
    }

    /// The date of each file's first appearance in `log` (`--format=%x00DATE --name-only`), by its
    /// path under `prefix`: git's order decides which commit that is.
    private static func firstDates(in log: String, prefix: String) -> [String: String] {
        var dates: [String: String] = [:]
        var current = ""
        for line in log.split(separator: "\n", omittingEmptySubsequences: true) {
            if line.hasPrefix("\u{0}") {
                current = String(line.dropFirst())
            } else if line.hasPrefix(prefix) {
                let path = String(line.dropFirst(prefix.count))
                if dates[path] == nil { dates[path] = current }
            }
        }
        return dates
    }

    /// `lastModified(contentRoot:)` run on a thread of its own, so that the build scans and reads
    /// the content meanwhile: the time goes to starting git and waiting for it, not to work on the
    /// cores.
    final class Pending: @unchecked Sendable {
        private let done = DispatchSemaphore(value: 0)
        private var dates: [String: String] = [:]

        init(contentRoot: URL) {
            let thread = Thread { [self] in
                dates = GitDates.lastModified(contentRoot: contentRoot)
                done.signal()
            }
            thread.start()
        }

        /// The dates, once git has answered.
        func wait() -> [String: String] {
            done.wait()
            done.signal()
            return dates
        }
    }

    /// The date (`YYYY-MM-DD`) of the first commit that added each file, by path relative to
    /// `root`, for the files of a work tree being imported (`date` of a part), and the commit
    /// checked out.
    static func firstAdded(root: URL) -> (dates: [String: String], head: String?, remote: String?) {
        guard let top = run(["rev-parse", "--show-toplevel"], in: root)?.trimmingCharacters(in: .whitespacesAndNewlines), !top.isEmpty,
              let log = run(["log", "--reverse", "--diff-filter=A", "--format=%x00%as", "--name-only", "--no-renames", "--", "."], in: root)
        else { return ([:], nil, nil) }
        let rootPath = root.resolvingSymlinksInPath().path
        let topPath = URL(fileURLWithPath: top).resolvingSymlinksInPath().path
        guard rootPath == topPath || rootPath.hasPrefix(topPath + "/") else { return ([:], nil, nil) }
        let dates = firstDates(in: log, prefix: rootPath == topPath ? "" : String(rootPath.dropFirst(topPath.count + 1)) + "/")
        // The commit and remote name the lesson only when the lesson is the whole repository; a
        // lesson kept inside another one (a course's monorepo, a test fixture) is dated, not credited.
        guard rootPath == topPath else { return (dates, nil, nil) }
        let head = run(["rev-parse", "HEAD"], in: root)?.trimmingCharacters(in: .whitespacesAndNewlines)
        let remote = run(["config", "--get", "remote.origin.url"], in: root)?.trimmingCharacters(in: .whitespacesAndNewlines)
        return (dates, head?.isEmpty == false ? head : nil, remote?.isEmpty == false ? remote : nil)
    }

    /// The output of `git ARGUMENTS` run in `directory`, or nil when git fails or is missing.
    ///
    /// A repository's own configuration can name programs for git to run (`core.fsmonitor`), and a
    /// lesson being imported comes from someone else: those settings are overridden.
    static func run(_ arguments: [String], in directory: URL) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-c", "core.quotepath=off", "-c", "core.fsmonitor=false", "-c", "core.hooksPath=/dev/null"] + arguments
        process.currentDirectoryURL = directory
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return nil
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}
