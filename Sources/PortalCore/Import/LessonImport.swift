import Foundation

/// `portal import`: reads a lesson in one of the supported formats and plans, or writes, its
/// tutorial series.
public enum LessonImport {
    /// Reads the lesson at `sourceDirectory` (in `format`, or the detected one) and works out its
    /// files; writes them unless `dryRun`. Throws `ImportFailure` when the lesson cannot be read or
    /// written; a plan with conflicts is returned unwritten.
    public static func run(format: ImportFormat?, sourceDirectory: URL, options: ImportWriteOptions, contentDirectory: URL, dryRun: Bool) throws -> ImportPlan {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: sourceDirectory.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw ImportFailure("the source '\(sourceDirectory.path)' is not a folder; give the lesson's folder (a clone of its repository)")
        }
        let source = ImportSource(root: sourceDirectory)
        guard let format = format ?? ImportFormat.detect(in: source) else {
            throw ImportFailure("the format of '\(sourceDirectory.path)' was not recognised: name it, one of \(ImportFormat.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var options = options
        options.format = format
        var lesson = try format.read(source, options: ImportOptions(series: options.series))
        // Checked here, once for every reader, because decoding a page never fails: it only replaces bytes.
        let textProblems = Set(lesson.episodes.map(\.sourcePath)).sorted().compactMap(source.textProblem)
        lesson.notes = source.skipped + textProblems + lesson.notes
        let plan = try ImportWriter.plan(lesson, source: source, options: options, contentDirectory: contentDirectory)
        if !dryRun, plan.conflicts.isEmpty { try ImportWriter.write(plan, contentDirectory: contentDirectory, source: source) }
        return plan
    }
}

extension ImportFormat {
    /// The reader of this format.
    func read(_ source: ImportSource, options: ImportOptions) throws -> ImportedLesson {
        switch self {
        case .carpentriesStyles: return try CarpentriesStylesReader.read(source, options: options)
        case .carpentriesWorkbench: return try CarpentriesWorkbenchReader.read(source, options: options)
        case .jupyterBook: return try JupyterBookReader.read(source, options: options)
        case .mkdocs: return try MkDocsReader.read(source, options: options)
        }
    }
}
