import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A `portal` command running in the background, with what it prints collected as it comes, for
/// tests that signal it, talk to it, or wait for it to exit.
public final class RunningPortal: @unchecked Sendable {
    /// The running command (its status once it has exited).
    public let process = Process()
    private let lock = NSLock()
    private var errorText = ""
    private var outputText = ""
    /// Whether each pipe has reached its end: output printed just before the exit may still be in it.
    private var outputClosed = false
    private var errorsClosed = false

    /// Starts `portal` with `arguments` in `directory`, with `environment` added to the test's own.
    public init(_ arguments: [String], in directory: URL, environment: [String: String] = [:]) throws {
        process.executableURL = PortalExecutable.url
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let errors = Pipe(), output = Pipe()
        process.standardError = errors
        process.standardOutput = output
        errors.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard !data.isEmpty else {
                handle.readabilityHandler = nil
                self?.lock.withLock { self?.errorsClosed = true }
                return
            }
            guard let self else { return }
            self.lock.withLock { self.errorText += String(decoding: data, as: UTF8.self) }
        }
        output.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard !data.isEmpty else {
                handle.readabilityHandler = nil
                self?.lock.withLock { self?.outputClosed = true }
                return
            }
            guard let self else { return }
            self.lock.withLock { self.outputText += String(decoding: data, as: UTF8.self) }
        }
        try process.run()
    }

    /// Everything printed to standard error so far.
    public var stderr: String { lock.withLock { errorText } }
    /// Everything printed to standard output so far.
    public var stdout: String { lock.withLock { outputText } }

    /// Waits up to `seconds` until standard error satisfies `condition`; returns whether it did.
    @discardableResult
    public func waitForErrors(_ seconds: Double = 20, _ condition: (String) -> Bool) -> Bool {
        waitUntil(seconds) { condition(self.stderr) }
    }

    /// Waits up to `seconds` until the process has exited and everything it printed has been read
    /// (the pipes can still hold output after the exit); returns whether it has exited.
    @discardableResult
    public func waitForExit(_ seconds: Double = 20) -> Bool {
        let exited = waitUntil(seconds) { !self.process.isRunning }
        if exited { waitForPipesClosed() }
        return exited
    }

    /// Waits up to 5 s until both pipes have reached their end.
    private func waitForPipesClosed() {
        _ = waitUntil(5) { self.lock.withLock { self.outputClosed && self.errorsClosed } }
    }

    /// The port a `portal serve` announced, once it has (0 if it did not within 20 s).
    public func servedPort() -> UInt16 {
        var port: UInt16 = 0
        waitForErrors { text in
            guard let range = text.range(of: #"Serving http://[^ ]*:\d+/"#, options: .regularExpression) else { return false }
            port = UInt16(text[range].dropLast().split(separator: ":").last ?? "") ?? 0
            return true
        }
        return port
    }

    /// Sends `signal` to the process.
    public func send(_ signal: Int32) {
        kill(process.processIdentifier, signal)
    }

    /// Ends the process if it still runs (SIGKILL: a test that needs it gone whatever happened) and waits for it.
    public func stop() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        waitForPipesClosed()
    }

    private func waitUntil(_ seconds: Double, _ condition: () -> Bool) -> Bool {
        let end = Date(timeIntervalSinceNow: seconds)
        while Date() < end {
            if condition() { return true }
            usleep(20_000)
        }
        return condition()
    }
}
