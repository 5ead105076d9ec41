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

    @Option(name: .customLong("progress-after"), help: "Report the progress of a rebuild that runs longer than this many seconds, here and in the browser.")
    var progressAfter = 1.0

    func validate() throws {
        guard progressAfter >= 0, progressAfter.isFinite else { throw ValidationError("--progress-after takes a number of seconds, 0 or more") }
    }

    func run() throws {
        let temporary = output == nil
        let folder = output ?? FileManager.default.temporaryDirectory.appendingPathComponent("portal-serve-\(getpid())").path
        var options = site.buildOptions(output: folder, drafts: !hideDrafts)
        guard let outputURL = options.outputDirectory else { throw ExitCode(2) }
        // A refused --output is a mistake on the command line: say so before serving anything.
        if let refusal = PreviewSession(options: options).outputRefusal() {
            print(site.format.format(refusal))
            throw ExitCode(2)
        }
        // From here on, Ctrl-C and SIGTERM stop the server at once, during a build too, and remove
        // its temporary folders (or, with --output, the unfinished first build's staging folder).
        SignalTrap.install { _ in
            if temporary {
                BuildInterruption.removeOutput(outputURL)
            } else {
                BuildInterruption.removeStaging(besides: outputURL)
            }
            _exit(0)
        }

        let server: PreviewServer
        do {
            server = try PreviewServer(site: outputURL, host: host, port: port)
        } catch .invalidAddress {
            throw ValidationError("cannot listen on \(host):\(port): '\(host)' is not an IPv4 or IPv6 address")
        } catch {
            FileHandle.standardError.write(Data("portal serve: cannot listen on \(host):\(port): \(error)\n".utf8))
            throw ExitCode(1)
        }
        server.start()
        let shownHost = host.contains(":") ? "[\(host)]" : host
        let address = "http://\(shownHost):\(server.port)/"
        if options.baseURL == nil { options.baseURL = address }
        options.progressDelay = progressAfter

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
        server.finished(first)
        report(first, format: format, first: true)

        let progress: @Sendable (BuildProgress) -> Void = { progress in
            FileHandle.standardError.write(Data(("Rebuilding: " + progress.line + "\n").utf8))
            server.progress(progress)
        }
        let thread = Thread {
            watcher.run { changed in
                // The pages browsers show are written before they are told to reload; the other
                // changed pages right after, and a request for one of those waits for them.
                let report = session.rebuild(changed: changed, viewing: server.pagesShown, log: stageLog, progress: progress)
                server.deferring(report.deferredPages)
                server.finished(report)
                self.report(report, format: format, first: false, changed: changed)
                if !report.deferredPages.isEmpty {
                    let start = DispatchTime.now()
                    let problem = session.writeDeferredPages(progress: { progress in
                        FileHandle.standardError.write(Data(("After the reload: " + progress.line + "\n").utf8))
                    })
                    server.deferredPagesWritten()
                    if let problem { print(format.format(problem)) }
                    let count = report.deferredPages.count
                    stageLog("After the reload: \(count) page\(count == 1 ? "" : "s") no browser shows written in " + String(format: "%.0f ms", Self.milliseconds(since: start)))
                }
                let start = DispatchTime.now()
                if let problem = session.finishDeferredWork() { print(format.format(problem)) }
                stageLog(String(format: "After the reload: reader files and llms-full.txt written in %.0f ms", Self.milliseconds(since: start)))
            }
        }
        thread.stackSize = 16 << 20
        thread.start()
        // The main thread waits here for ever, inside this function. `dispatchMain()` would end it
        // and leave its stack to the signal handler with this function's frames gone but, under
        // AddressSanitizer, still marked: the handler's first write aborted the process before
        // it removed the temporary output.
        while true { pause() }
    }

    private func report(_ report: BuildReport, format: DiagnosticFormat, first: Bool, changed: Set<String>? = nil) {
        for diagnostic in report.diagnostics { print(format.format(diagnostic)) }
        // Into a pipe (`portal serve | tee log`) standard output is block-buffered: without this,
        // the diagnostics would arrive when the server stops.
        fflush(nil)
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

    private static func milliseconds(since start: DispatchTime) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e6
    }

    private func say(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    private func display(_ url: URL) -> String { display(url.path) }

    private func display(_ path: String) -> String {
        let working = FileManager.default.currentDirectoryPath + "/"
        return path.hasPrefix(working) ? String(path.dropFirst(working.count)) : path
    }
}
