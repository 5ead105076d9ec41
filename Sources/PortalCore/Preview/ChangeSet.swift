import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The files a preview rebuild was told about, sorted into content and theme.
struct ChangeSet {
    /// Changed paths under the content folder, relative to it.
    var content: Set<String> = []
    /// Whether anything under the templates folder changed.
    var templates = false

    init(_ paths: Set<String>, contentRoot: URL, templatesRoot: URL) {
        let contentPrefix = contentRoot.standardizedFileURL.path + "/"
        let templatesPrefix = templatesRoot.standardizedFileURL.path + "/"
        for path in paths {
            let standard = URL(fileURLWithPath: path).standardizedFileURL.path
            if standard.hasPrefix(contentPrefix) { content.insert(String(standard.dropFirst(contentPrefix.count))) }
            if standard.hasPrefix(templatesPrefix) || standard + "/" == templatesPrefix { templates = true }
        }
    }

    /// Whether every change edits a file the last scan found and that still exists, so the scan stands.
    func onlyEdits(_ inventory: ContentInventory, contentRoot: URL) -> Bool {
        // A few paths are looked for along the lists; a set of every path costs more to make and free.
        let isKnown: (String) -> Bool
        if content.count <= Self.pathsLookedForInTheLists {
            isKnown = { path in
                path == inventory.settingsFile || inventory.files.contains { $0.relativePath == path } || inventory.staticFiles.contains(path)
            }
        } else {
            let known = Set(inventory.files.map(\.relativePath) + inventory.staticFiles + [inventory.settingsFile].compactMap { $0 })
            isKnown = known.contains
        }
        // A regular file still, not a link: a file replaced by a symbolic link needs the scan, which
        // decides whether the link may be followed.
        return content.allSatisfy { path in
            var status = stat()
            return isKnown(path) && lstat(contentRoot.appendingPathComponent(path).path, &status) == 0 && status.st_mode & S_IFMT == S_IFREG
        }
    }

    /// Up to how many changed paths `onlyEdits` looks for in the scan's lists rather than in a set of them.
    static let pathsLookedForInTheLists = 8
}
