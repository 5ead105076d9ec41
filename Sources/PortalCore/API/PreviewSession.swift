import Foundation

/// A site kept built between rebuilds, for the preview server: each rebuild reads, renders and
/// writes only what changed since the last one, into the same output folder.
///
/// The first rebuild is a full build (through a staging folder, like `portal build`). Later ones
/// write in place, and only when the site has no errors, so a broken edit leaves the last good
/// site being served.
public final class PreviewSession: @unchecked Sendable {
    /// The inputs; `outputDirectory` must be set.
    public let options: BuildOptions
    private let build: PreviewBuild
    private let lock = NSLock()

    /// Creates a session; nothing is built until `rebuild`.
    public init(options: BuildOptions) {
        self.options = options
        build = PreviewBuild(options: options)
    }

    /// The error that the first build would end with because the output folder is not a safe place
    /// to write (see `portal build --output`), or nil when it is: the server checks before it starts.
    public func outputRefusal() -> Diagnostic? {
        guard let output = options.outputDirectory else { return nil }
        let path = output.standardizedFileURL.path
        let base = options.workingDirectory.standardizedFileURL.path
        let display = path == base ? "." : path.hasPrefix(base + "/") ? String(path.dropFirst(base.count + 1)) : path
        return SiteWriter.refusal(of: output, display: display, protected: [options.contentDirectory, options.templatesDirectory],
                                  workingDirectory: options.workingDirectory)
    }

    /// Brings the output up to date. `changed` holds the absolute paths of files created, edited or
    /// deleted since the last call; nil means unknown, so every file is compared with what was read.
    /// A rebuild still running after `options.progressDelay` seconds tells `progress` how it goes.
    ///
    /// With `viewing` (the output paths of the pages browsers show), a rebuild in place renders the
    /// changed pages among those before it returns, and leaves the other changed pages
    /// (`BuildReport.deferredPages`) to `writeDeferredPages`, which the server calls once browsers
    /// are told to reload; nil renders every changed page first.
    public func rebuild(changed: Set<String>? = nil, viewing: Set<String>? = nil, log: @escaping (String) -> Void = { _ in },
                        progress: (@Sendable (BuildProgress) -> Void)? = nil) -> BuildReport {
        lock.withLock { build.rebuild(changed: changed, viewing: viewing, log: log, progress: progress) }
    }

    /// Renders and writes the pages the last rebuild left for after the reload (its
    /// `deferredPages`); reports how it goes to `progress` when it takes longer than
    /// `options.progressDelay`. Returns why a page could not be written, if one could not (the next
    /// rebuild then renders every page). A rebuild started first does this before its own work.
    @discardableResult
    public func writeDeferredPages(progress: (@Sendable (BuildProgress) -> Void)? = nil) -> Diagnostic? {
        lock.withLock { build.writePendingPages(progress: progress) }
    }

    /// Writes the files a rebuild in place leaves until browsers have been told to reload: the
    /// pages no browser showed (when `writeDeferredPages` was not called), the reader files
    /// (Markdown twins, search files, catalogue, `llms.txt`, feed), which no page a browser reloads
    /// shows, then `llms-full.txt`, every page's twin in one file. A rebuild started
    /// first does this work before its own. Returns why a file could not be written, if one could not
    /// (the next rebuild then makes every reader file again).
    @discardableResult
    public func finishDeferredWork() -> Diagnostic? {
        lock.withLock { build.finishDeferredWork() }
    }
}
