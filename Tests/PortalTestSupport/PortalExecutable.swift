import Foundation

/// The built `portal` command, for tests that run it as editors and CI do.
public enum PortalExecutable {
    /// The executable: the test runner sits in the build folder next to it.
    public static var url: URL {
        let runner = URL(fileURLWithPath: ProcessInfo.processInfo.arguments[0]).resolvingSymlinksInPath()
        return runner.deletingLastPathComponent().appendingPathComponent("portal")
    }

    /// What one run printed and how it ended.
    public struct Outcome: Sendable {
        /// The exit status, or the signal when `crashed`.
        public let status: Int32
        /// Whether the process was ended by a signal (a crash) instead of exiting.
        public let crashed: Bool
        public let output: String
        public let errors: String
    }

    /// Runs `portal` with `arguments` in `directory` and waits for it to end.
    public static func run(_ arguments: [String], in directory: URL) throws -> Outcome {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Standard output first: the stage log and summary on standard error are far smaller than a pipe's buffer.
        let outData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, crashed: process.terminationReason == .uncaughtSignal,
                       output: String(decoding: outData, as: UTF8.self), errors: String(decoding: errorData, as: UTF8.self))
    }
}
