import Foundation

/// What to build and where: the inputs of one `portal build` or `portal check`.
public struct BuildOptions: Sendable {
    /// The content folder (`content`).
    public var contentDirectory: URL
    /// The theme folder (`templates`).
    public var templatesDirectory: URL
    /// The output folder (`_site`); nil checks without writing.
    public var outputDirectory: URL?
    /// Whether pages marked `draft: true` are included.
    public var includeDrafts: Bool
    /// The folder the build was started from; diagnostics show paths relative to it.
    public var workingDirectory: URL
    /// The published address, overriding `base_url` in `site.yml` (for feeds and sitemaps).
    public var baseURL: String?
    /// Whether warnings count as errors (nothing is written when there is one).
    public var strict = false
    /// Today's date (`YYYY-MM-DD`) for review reminders; nil means the clock's.
    public var today: String?
    /// Whether a build into an output that has a valid manifest beside it keeps the pages that
    /// have not changed (`portal build --no-reuse` turns it off: every page is rendered, through a staging folder).
    public var reusesOutput = true
    /// How long a preview rebuild runs before it reports its progress (`PreviewSession.rebuild`), in seconds.
    public var progressDelay = 1.0

    /// Creates options; paths are resolved against `workingDirectory`.
    public init(
        contentDirectory: URL, templatesDirectory: URL, outputDirectory: URL?,
        includeDrafts: Bool = false,
        workingDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
        baseURL: String? = nil
    ) {
        self.baseURL = baseURL
        self.contentDirectory = contentDirectory
        self.templatesDirectory = templatesDirectory
        self.outputDirectory = outputDirectory
        self.includeDrafts = includeDrafts
        self.workingDirectory = workingDirectory
    }
}
