import ArgumentParser
import Foundation
import PortalCore

/// Runs a build, prints its stages, diagnostics and summary, and sets the exit code.
enum BuildRunner {
    static func run(_ options: BuildOptions, format: DiagnosticFormat, verb: String) throws {
        if let output = options.outputDirectory {
            // Ctrl-C or SIGTERM: the output keeps the previous site (or the new one, if it is
            // already in place), and the half-written copy beside it goes.
            SignalTrap.install { signal in
                BuildInterruption.removeStaging(besides: output)
                FileHandle.standardError.write(Data("Stopped by \(signal == SIGINT ? "SIGINT" : "SIGTERM"); the build's temporary folder is removed.\n".utf8))
                _exit(SignalTrap.status(for: signal))
            }
        }
        let report = SiteBuilder(options: options).run { line in
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
        for diagnostic in report.diagnostics {
            print(format.format(diagnostic))
        }
        let time = String(format: "%.2f s", report.seconds)
        let counts = "\(report.errorCount) error\(report.errorCount == 1 ? "" : "s"), \(report.warningCount) warning\(report.warningCount == 1 ? "" : "s")"
        if report.hasErrors {
            FileHandle.standardError.write(Data("Failed: \(counts) in \(time); nothing was written.\n".utf8))
            throw ExitCode(1)
        }
        let what = options.outputDirectory == nil ? "\(report.pageCount) pages" : "\(report.pageCount) pages, \(report.filesWritten) files"
        FileHandle.standardError.write(Data("Site \(verb): \(what), \(counts) in \(time).\n".utf8))
    }
}
