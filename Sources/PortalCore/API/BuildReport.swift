/// The outcome of one build or check.
public struct BuildReport: Sendable {
    /// The diagnostics to show, sorted by file and position: at most `DiagnosticLimit.perFileAndID`
    /// of one kind in one file, the rest counted in a last one of that kind.
    public var diagnostics: [Diagnostic]
    /// How many HTML pages were rendered.
    public var pageCount: Int
    /// How many files were written or copied (0 for a check).
    public var filesWritten: Int
    /// Wall-clock seconds the build took.
    public var seconds: Double
    /// The output paths of the HTML pages rendered (every page, except in a preview rebuild and in a
    /// build into an existing output, which keeps the pages whose key and file are unchanged).
    public var renderedPages: [String] = []
    /// The pages of `renderedPages` that a preview rebuild left to render and write after browsers
    /// are told to reload (`PreviewSession.writeDeferredPages`): those no browser shows.
    public var deferredPages: [String] = []
    /// Errors found but not listed in `diagnostics` (counted by its summary lines).
    public var unlistedErrors = 0
    /// Warnings found but not listed in `diagnostics`.
    public var unlistedWarnings = 0

    /// A report of `diagnostics` (sorted), listing at most a few of each kind per file.
    init(diagnostics: [Diagnostic], pageCount: Int, filesWritten: Int, seconds: Double, renderedPages: [String] = []) {
        let limited = DiagnosticLimit(diagnostics)
        self.diagnostics = limited.listed
        self.pageCount = pageCount
        self.filesWritten = filesWritten
        self.seconds = seconds
        self.renderedPages = renderedPages
        unlistedErrors = limited.unlistedErrors
        unlistedWarnings = limited.unlistedWarnings
    }

    /// Whether any diagnostic is an error.
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
    /// The number of errors, listed or not.
    public var errorCount: Int { diagnostics.filter { $0.severity == .error }.count + unlistedErrors }
    /// The number of warnings, listed or not.
    public var warningCount: Int { diagnostics.filter { $0.severity == .warning }.count + unlistedWarnings }
}
