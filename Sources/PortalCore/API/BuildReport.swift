/// The outcome of one build or check.
public struct BuildReport: Sendable {
    /// Every diagnostic, sorted by file and position.
    public var diagnostics: [Diagnostic]
    /// How many HTML pages were rendered.
    public var pageCount: Int
    /// How many files were written or copied (0 for a check).
    public var filesWritten: Int
    /// Wall-clock seconds the build took.
    public var seconds: Double
    /// The output paths of the HTML pages rendered (every page, except in a preview rebuild).
    public var renderedPages: [String] = []

    /// Whether any diagnostic is an error.
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
    /// The number of errors.
    public var errorCount: Int { diagnostics.filter { $0.severity == .error }.count }
    /// The number of warnings.
    public var warningCount: Int { diagnostics.filter { $0.severity == .warning }.count }
}
