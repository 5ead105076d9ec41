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

    /// Runs `portal` (or another copy of it, `executable`) with `arguments` in `directory` and waits for it to end.
    public static func run(_ arguments: [String], in directory: URL, executable: URL = url) throws -> Outcome {
        // A copy of the executable just written can be refused for a moment ("text file busy"): a
        // process another test started meanwhile may hold its write descriptor until it execs.
        for _ in 0..<20 {
            do {
                return try runOnce(arguments, in: directory, executable: executable)
            } catch let error as NSError where (error.userInfo[NSUnderlyingErrorKey] as? NSError)?.code == Int(ETXTBSY) {
                Thread.sleep(forTimeInterval: 0.05)
            }
        }
        return try runOnce(arguments, in: directory, executable: executable)
    }

    private static func runOnce(_ arguments: [String], in directory: URL, executable: URL) throws -> Outcome {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        // Standard error goes to a file: with two pipes read one after the other, a child that fills the
        // second (64 KB, e.g. a sanitizer's report) before closing the first would wait for ever.
        let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("portal-stderr-\(UUID().uuidString)")
        try Data().write(to: errorFile)
        defer { try? FileManager.default.removeItem(at: errorFile) }
        let errors = try FileHandle(forWritingTo: errorFile)
        let output = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let outData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try errors.close()
        let errorData = try Data(contentsOf: errorFile)
        return Outcome(status: process.terminationStatus, crashed: process.terminationReason == .uncaughtSignal,
                       output: String(decoding: outData, as: UTF8.self), errors: String(decoding: errorData, as: UTF8.self))
    }
}
