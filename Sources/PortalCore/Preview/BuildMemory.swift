import Foundation
#if canImport(Glibc)
import Glibc
#endif
import PortalMarkdown

/// What one build keeps for the next in the same process, so that a preview rebuild redoes only
/// what changed: decoded files, rendered bodies, each page's render key and dependencies, the
/// Markdown twins and the search index. `portal build` runs without it and does everything once.
final class BuildMemory: @unchecked Sendable {
    /// A content file as last read.
    struct LoadedFile {
        var stamp: FileStamp?
        var page: Page?
        var diagnostics: [Diagnostic]
        /// A hash of the file's text.
        var sourceHash: Int
    }

    /// Everything the last successful build knew, for the quick path of a body-only edit.
    /// (The pages and the graph are the contexts'.)
    struct Snapshot {
        var index: SiteIndex
        var contexts: PageContextBuilder
        var templates: TemplateSet
        var writer: SiteWriter
        var diagnostics: [Diagnostic]
    }

    var inventory: ContentInventory?
    var scanDiagnostics: [Diagnostic] = []
    var files: [String: LoadedFile] = [:]
    var bodies: [String: BodyCache.Entry] = [:]
    var gitDates: [String: String]?
    var templates: (set: TemplateSet, needed: Set<String>, diagnostics: [Diagnostic])?
    /// Each page's ref inputs and card hash in the last build, by position.
    var refInputs: [Int] = []
    var cardHashes: [Int] = []
    /// The cards the last render kept, and the templates they were rendered with: reused for the
    /// pages whose refs are unchanged while the templates are.
    var fragments: (cache: FragmentCache, templates: [String: Int])?
    /// The last build's contexts, whose refs a rebuild reuses where a page's ref inputs are unchanged.
    var contexts: PageContextBuilder?
    /// Each page's catalog entry (with the hash of what it was made from), by position, and the pages it was made for.
    var catalogEntries: [Int: (key: Int, text: String)] = [:]
    var catalogPages: [String] = []
    /// Each page's render key when it was last written, by output path.
    var renderKeys: [String: Int] = [:]
    /// The positions of the pages each page's context showed at its last render, by output path
    /// (positions stay valid while the list of pages is unchanged, which the render keys include).
    var dependencies: [String: [Int]] = [:]
    /// Each page's Markdown twin as last written, by output path.
    var twins: [String: String] = [:]
    var search = SearchIndex()
    /// Every path the last build wrote, for deleting what a rebuild no longer writes.
    var written: Set<String> = []
    /// Theme assets and content files as last copied.
    var copied: [String: FileStamp] = [:]
    var snapshot: Snapshot?
    /// Whether `llms-full.txt` waits to be rewritten after a quick rebuild.
    var llmsFullIsStale = false
    /// Whether the output folder has been written by this memory at least once.
    var hasWritten = false
}

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
        let known = Set(inventory.files.map(\.relativePath) + inventory.staticFiles + [inventory.settingsFile].compactMap { $0 })
        // A regular file still, not a link: a file replaced by a symbolic link needs the scan, which
        // decides whether the link may be followed.
        return content.allSatisfy { path in
            var status = stat()
            return known.contains(path) && lstat(contentRoot.appendingPathComponent(path).path, &status) == 0 && status.st_mode & S_IFMT == S_IFREG
        }
    }
}
