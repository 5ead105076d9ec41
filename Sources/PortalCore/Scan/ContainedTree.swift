import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The regular files under a folder, reached only through paths that stay inside it.
///
/// Content comes in pull requests from strangers, and a symbolic link in one could point at the
/// runner's secrets (`/etc/passwd`, `~/.ssh`, the checkout's `.git`). A link is followed only when
/// the file or folder it resolves to is inside the same top folder; any other link is a problem
/// naming the link and its target, and nothing behind it is listed, read or published. Links that
/// stay inside are followed so that an editor can share one figure between two page folders.
struct ContainedTree: Sendable {
    /// Why an entry under the folder is not listed.
    enum Problem: Sendable, Equatable {
        /// A symbolic link whose target is outside the top folder (the resolved target).
        case linkOutside(target: String)
        /// A symbolic link whose target does not exist.
        case brokenLink(target: String)
        /// A folder reached again through a symbolic link: it contains itself.
        case loop
        /// A named pipe, socket or device: reading it could wait forever or never end.
        case notARegularFile
        /// The folder cannot be listed (the system's reason).
        case unreadable(String)
        /// Folders reached through links hold more than `maximumLinkedEntries` entries: links to
        /// folders holding links to folders multiply, and a few dozen can stand for billions of paths.
        case tooManyLinkedEntries
    }

    /// The most entries listed inside folders reached through symbolic links.
    static let maximumLinkedEntries = 100_000

    /// Files, relative to the top folder (`tutorials/jets/index.md`), sorted.
    var files: [String] = []
    /// Entries left out, relative to the top folder, with why.
    var problems: [(path: String, problem: Problem)] = []
    /// Whether a symbolic link inside the folder was followed: a file deleted or added may then
    /// change what another path reaches.
    private(set) var followedLinks = false
    /// Entries listed so far inside folders reached through links.
    private var linkedEntries = 0

    /// Walks `root`, leaving out names that start with `.`.
    ///
    /// The top folder itself must not be a link: a pull request can replace `content/` with a link
    /// to `/`, and everything would be inside it. (Folders above it may be links: the path the
    /// build was given is resolved first.)
    init(root: URL) {
        let rootPath = root.standardizedFileURL.path
        var status = stat()
        if lstat(rootPath, &status) == 0, status.st_mode & S_IFMT == S_IFLNK {
            problems.append(("", .linkOutside(target: Self.realPath(rootPath) ?? Self.linkText(rootPath))))
            return
        }
        let resolvedRoot = Self.realPath(rootPath) ?? rootPath
        walk(path: rootPath, relative: "", resolvedRoot: resolvedRoot, visited: [resolvedRoot], throughLink: false)
        files.sort()
    }

    private mutating func walk(path: String, relative: String, resolvedRoot: String, visited: Set<String>, throughLink: Bool) {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: path)
        } catch {
            problems.append((relative, .unreadable(error.localizedDescription)))
            return
        }
        for name in names.sorted() where !name.hasPrefix(".") {
            let childPath = path + "/" + name
            let childRelative = relative.isEmpty ? name : "\(relative)/\(name)"
            if throughLink {
                guard linkedEntries < Self.maximumLinkedEntries else {
                    if linkedEntries == Self.maximumLinkedEntries {
                        problems.append((childRelative, .tooManyLinkedEntries))
                        linkedEntries += 1
                    }
                    return
                }
                linkedEntries += 1
            }
            var status = stat()
            guard lstat(childPath, &status) == 0 else {
                problems.append((childRelative, .unreadable(String(cString: strerror(errno)))))
                continue
            }
            let isLink = status.st_mode & S_IFMT == S_IFLNK
            if isLink {
                let written = Self.linkText(childPath)
                guard let target = Self.realPath(childPath) else {
                    problems.append((childRelative, .brokenLink(target: written)))
                    continue
                }
                guard Self.isInside(target, root: resolvedRoot) else {
                    problems.append((childRelative, .linkOutside(target: target)))
                    continue
                }
                guard stat(target, &status) == 0 else {
                    problems.append((childRelative, .brokenLink(target: written)))
                    continue
                }
                followedLinks = true
            }
            switch status.st_mode & S_IFMT {
            case S_IFDIR:
                let key = Self.realPath(childPath) ?? childPath
                if visited.contains(key) {
                    problems.append((childRelative, .loop))
                } else {
                    walk(path: childPath, relative: childRelative, resolvedRoot: resolvedRoot, visited: visited.union([key]), throughLink: throughLink || isLink)
                }
            case S_IFREG:
                files.append(childRelative)
            default:
                problems.append((childRelative, .notARegularFile))
            }
        }
    }

    /// Whether `path` is `root` or below it (both resolved, without a trailing slash).
    static func isInside(_ path: String, root: String) -> Bool {
        if root == "/" { return true }
        return path == root || path.hasPrefix(root + "/")
    }

    /// The absolute path with every symbolic link resolved, or nil when something on it is missing.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// What a symbolic link says, as written.
    private static func linkText(_ path: String) -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink(path, &buffer, Int(PATH_MAX))
        guard count > 0 else { return "" }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
