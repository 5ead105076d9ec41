import ArgumentParser
import Dispatch
import Foundation
import PortalCore
import PortalPreview

/// `portal serve`: builds the site, serves it on loopback, and rebuilds what changed on every save.
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Preview the site: build it, serve it on 127.0.0.1, and rebuild on every save.",
        discussion: """
            Drafts are included (pass --hide-drafts to see the site as 'portal build' makes it). Browsers reload by \
            themselves after each rebuild; a build error is shown over the page, and the last good site stays served.
            """
    )

    @OptionGroup var site: SiteOptions

    @Option(help: "The port to listen on (0 picks a free one).")
    var port: UInt16 = 8000

    @Option(help: "The address to listen on. The default serves only this computer; '0.0.0.0' or '::' shows the preview to your network.")
    var host = "127.0.0.1"

    @Option(help: "Where to write the preview site (default: a temporary folder, deleted when the server stops).")
    var output: String?

    @Flag(name: .customLong("hide-drafts"), help: "Leave out pages marked 'draft: true', as 'portal build' does.")
    var hideDrafts = false

    @Flag(help: "Print the time each stage of every rebuild takes, as 'portal build' does.")
    var verbose = false

    func run() throws {
        let temporary = output == nil
        let folder = output ?? FileManager.default.temporaryDirectory.appendingPathComponent("portal-serve-\(getpid())").path
        var options = site.buildOptions(output: folder, drafts: !hideDrafts)
        guard let outputURL = options.outputDirectory else { throw ExitCode(2) }

        let server: PreviewServer
        do {
            server = try PreviewServer(site: outputURL, host: host, port: port)
        } catch {
            throw ValidationError("cannot listen on \(host):\(port): \(error)")
        }
        let listening = DispatchSemaphore(value: 0)
        let boundPort = Box<UInt16>(0)
        let failure = Box<String?>(nil)
        Task {
            do {
                try await withThrowingTaskGroup(of: UInt16?.self) { group in
                    group.addTask {
                        try await server.run()
                        return nil
                    }
                    group.addTask { try await server.waitUntilListening() }
                    // The first to finish: the port, or the reason the server could not start.
                    if let port = try await group.next() ?? nil {
                        boundPort.value = port
                        listening.signal()
                    }
                    while try await group.next() != nil {}
                }
            } catch {
                failure.value = "\(error)"
                listening.signal()
            }
        }
        listening.wait()
        if let message = failure.value {
            FileHandle.standardError.write(Data("portal serve: cannot listen on \(host):\(port): \(message)\n".utf8))
            throw ExitCode(1)
        }
        let shownHost = host.contains(":") ? "[\(host)]" : host
        let address = "http://\(shownHost):\(boundPort.value)/"
        if options.baseURL == nil { options.baseURL = address }
        Self.stopOnSignals(removing: temporary ? outputURL : nil, server: server)

        let session = PreviewSession(options: options)
        let format = site.format
        // Watch before the first build, so an edit saved while it runs is not missed.
        let watcher = FileWatcher(roots: [options.contentDirectory, options.templatesDirectory])
        say("Serving \(address) (\(hideDrafts ? "drafts hidden" : "drafts included")); watching \(display(options.contentDirectory)) and \(display(options.templatesDirectory)). Ctrl-C stops.")
        let verbose = self.verbose
        let stageLog: @Sendable (String) -> Void = { line in
            if verbose { FileHandle.standardError.write(Data((line + "\n").utf8)) }
        }
        let first = session.rebuild(log: stageLog)
        Self.notify(server, of: first)
        report(first, format: format, first: true)

        let thread = Thread {
            watcher.run { changed in
                let report = session.rebuild(changed: changed, log: stageLog)
                Self.notify(server, of: report)
                self.report(report, format: format, first: false, changed: changed)
                if let problem = session.finishDeferredWork() { print(format.format(problem)) }
            }
        }
        thread.stackSize = 16 << 20
        thread.start()
        dispatchMain()
    }

    private static func notify(_ server: PreviewServer, of report: BuildReport) {
        let done = DispatchSemaphore(value: 0)
        Task {
            await server.finished(report)
            done.signal()
        }
        done.wait()
    }

    private func report(_ report: BuildReport, format: DiagnosticFormat, first: Bool, changed: Set<String>? = nil) {
        for diagnostic in report.diagnostics { print(format.format(diagnostic)) }
        let time = report.seconds < 1 ? String(format: "%.0f ms", report.seconds * 1000) : String(format: "%.2f s", report.seconds)
        if report.hasErrors {
            say("\(first ? "Build" : "Rebuild") failed with \(report.errorCount) error\(report.errorCount == 1 ? "" : "s") in \(time); "
                + (first ? "nothing to serve yet: fix them and save." : "the browser shows them, and the last good site stays served."))
            return
        }
        let count = report.renderedPages.count
        var line = "\(first ? "Built" : "Rebuilt") \(count) page\(count == 1 ? "" : "s") in \(time)"
        if let changed, !changed.isEmpty {
            let names = changed.sorted().prefix(3).map(display(_:))
            line += " (changed: \(names.joined(separator: ", "))\(changed.count > 3 ? ", …" : ""))"
        }
        if !first, (1...3).contains(count) { line += ": " + report.renderedPages.joined(separator: ", ") }
        say(line + ".")
    }

    private func say(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    private func display(_ url: URL) -> String { display(url.path) }

    private func display(_ path: String) -> String {
        let working = FileManager.default.currentDirectoryPath + "/"
        return path.hasPrefix(working) ? String(path.dropFirst(working.count)) : path
    }

    /// Ctrl-C and SIGTERM stop the server and delete the temporary preview folder.
    private static func stopOnSignals(removing folder: URL?, server: PreviewServer) {
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .main)
            source.setEventHandler {
                if let folder {
                    try? FileManager.default.removeItem(at: folder)
                    let cache = folder.deletingLastPathComponent().appendingPathComponent(".portal-cache-" + folder.lastPathComponent)
                    try? FileManager.default.removeItem(at: cache)
                }
                Foundation.exit(0)
            }
            source.resume()
            signalSources.append(source)
        }
    }

    nonisolated(unsafe) private static var signalSources: [any DispatchSourceSignal] = []
}

/// A value handed between the server task and the command's thread.
final class Box<Value>: @unchecked Sendable {
    var value: Value
    init(_ value: Value) { self.value = value }
}
