import ArgumentParser
import Foundation
import PortalCore

/// `portal import [FORMAT] SOURCE --series ID`: brings a lesson written for another tool in as a
/// tutorial series.
struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import a Carpentries lesson, a Jupyter Book or a MkDocs site as a tutorial series.",
        discussion: "FORMAT is one of \(ImportFormat.allCases.map(\.rawValue).joined(separator: ", ")); without it the format is detected from the source's files."
    )

    @Argument(help: ArgumentHelp("The lesson's format (optional), then its folder.", valueName: "[format] source"))
    var arguments: [String]

    @Option(help: "The series id the lesson becomes (lower-case letters, digits and hyphens).")
    var series: String

    @Option(name: .customLong("area"), help: "A breakout id the lesson serves (repeat for more).")
    var areas: [String] = []

    @Option(help: "beginner, intermediate or advanced.")
    var level: String?

    @Flag(help: "Print the report and the files without writing anything.")
    var dryRun = false

    @Flag(help: "Replace files changed since the last import.")
    var overwrite = false

    @Option(help: "The report's format: text or json.")
    var format = "text"

    @Option(help: "The content folder.")
    var content = "content"

    func validate() throws {
        guard (1...2).contains(arguments.count) else { throw ValidationError("give the lesson's folder, optionally after its format: portal import [FORMAT] SOURCE --series ID") }
        if arguments.count == 2, ImportFormat(rawValue: arguments[0]) == nil {
            throw ValidationError("unknown format '\(arguments[0])'; use one of: \(ImportFormat.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard ["text", "json"].contains(format) else { throw ValidationError("--format must be text or json") }
        if let level, !["beginner", "intermediate", "advanced"].contains(level) {
            throw ValidationError("--level must be beginner, intermediate or advanced")
        }
    }

    func run() throws {
        let here = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let sourceFolder = URL(fileURLWithPath: arguments.last!, relativeTo: here).standardizedFileURL
        let contentFolder = URL(fileURLWithPath: content, relativeTo: here).standardizedFileURL
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        let named = arguments.count == 2 ? ImportFormat(rawValue: arguments[0]) : nil
        var options = ImportWriteOptions(series: series, format: named ?? .carpentriesStyles, today: formatter.string(from: Date()))
        options.areas = areas
        options.level = level
        options.overwrite = overwrite
        let plan: ImportPlan
        do {
            plan = try LessonImport.run(format: named, sourceDirectory: sourceFolder, options: options, contentDirectory: contentFolder, dryRun: dryRun)
        } catch let failure as ImportFailure {
            FileHandle.standardError.write(Data("error: \(failure.description)\n".utf8))
            throw ExitCode(1)
        } catch {
            FileHandle.standardError.write(Data("error: \(error.localizedDescription)\n".utf8))
            throw ExitCode(1)
        }
        print(format == "json" ? ImportReport.json(plan, dryRun: dryRun) : ImportReport.text(plan, dryRun: dryRun), terminator: "")
        if !plan.conflicts.isEmpty { throw ExitCode(1) }
    }
}
