import Foundation
#if canImport(Glibc)
import Glibc
#endif
import PortalCore

/// The preview server: serves the built site over HTTP/1.1, adds the live-reload script to HTML
/// pages, and streams rebuild events to browsers.
///
/// It serves only `GET` and `HEAD` of files and one event stream, so it is its own small server on
/// POSIX sockets: one thread per connection, a bounded number of connections, and limits on what
/// and how slowly a client may send (`ServerLimits`). A request is read with a deadline and within
/// a size limit before anything else is done with it.
public final class PreviewServer: @unchecked Sendable {
    /// The folder served.
    public let paths: ServedPath
    /// The port listened on (the one chosen when 0 was asked for).
    public let port: UInt16
    /// The limits every connection is served within.
    public let limits: ServerLimits
    let hub = EventHub()
    let connections: ConnectionTable
    /// The pages a rebuild left to write after the reload: a request for one waits for them.
    private let deferred = DeferredPages()
    /// How long a request for a page still to be written waits at most before the file is served as it is.
    static let deferredWaitSeconds = 120.0
    private let listener: ListeningSocket

    /// Listens on `host` (an IPv4 or IPv6 address; loopback unless widened on purpose) and `port`
    /// (0: any free port); connections wait until `start`.
    public init(site: URL, host: String, port: UInt16, limits: ServerLimits = ServerLimits()) throws(ListenFailure) {
        paths = ServedPath(root: site)
        listener = try ListeningSocket(host: host, port: port)
        self.port = listener.port
        self.limits = limits
        connections = ConnectionTable(capacity: limits.connections)
    }

    /// Starts accepting connections, on a thread of its own.
    public func start() {
        let thread = Thread { [self] in
            while let descriptor = listener.accept() {
                guard let id = connections.admit(descriptor) else {
                    // Every connection is busy answering: say so rather than keep the client waiting.
                    let busy = PreviewResponse.text(503, "The preview server is busy; try again.", headers: [("Retry-After", "1")])
                    let socket = ClientSocket(descriptor: descriptor)
                    _ = socket.send(busy.head(closing: true) + busy.body, until: ClientSocket.deadline(in: 0.1))
                    close(descriptor)
                    continue
                }
                let connection = ClientConnection(socket: ClientSocket(descriptor: descriptor), id: id, server: self)
                let worker = Thread { connection.run() }
                worker.stackSize = 1 << 20
                worker.start()
            }
            close(listener.descriptor)
        }
        thread.start()
    }

    /// Tells browsers about a finished rebuild: reload, or show its errors.
    public func finished(_ report: BuildReport) {
        hub.finished(report)
    }

    /// Tells browsers how a long rebuild is going.
    public func progress(_ progress: BuildProgress) {
        hub.progress(progress)
    }

    /// The output paths of the pages the browsers listening for rebuilds show: a rebuild writes
    /// those before it tells browsers to reload (`PreviewSession.rebuild(viewing:)`).
    public var pagesShown: Set<String> { hub.pagesShown }

    /// Marks the pages (output paths) a rebuild left to write after the reload: until
    /// `deferredPagesWritten`, a request for one waits rather than get the page as it was.
    public func deferring(_ pages: [String]) {
        deferred.set(Set(pages))
    }

    /// The pages marked by `deferring` are written (or failed): requests waiting for them go on.
    public func deferredPagesWritten() {
        deferred.set([])
    }

    /// The output path of the page an event stream's query names (`page=` and the page's address
    /// on this server, as the live-reload script sends it), when it names one of the site.
    func pageShown(query: String) -> String? {
        for pair in query.split(separator: "&") where pair.hasPrefix("page=") {
            guard let address = String(pair.dropFirst(5)).removingPercentEncoding, case .file(let url) = paths.resolve(address) else { return nil }
            return paths.outputPath(of: url)
        }
        return nil
    }

    /// Stops listening, and closes every connection and event stream.
    public func stop() {
        listener.shutDown()
        hub.closeAll()
        connections.shutDownAll()
    }

    /// The response to a request: the live-reload script, a file of the site, a redirect, the 404
    /// page, or the page shown while there is no good build yet.
    func respond(to request: RequestHead) -> PreviewResponse {
        guard request.method == "GET" || request.method == "HEAD" else {
            return .text(405, "Only GET and HEAD.", headers: [("Allow", "GET, HEAD")])
        }
        if request.path == LiveReload.scriptPath {
            return PreviewResponse(status: 200, headers: [("Content-Type", "text/javascript; charset=utf-8"), ("Cache-Control", "no-store")],
                                   body: Data(LiveReload.script.utf8))
        }
        if let page = hub.pageWithoutSite {
            return PreviewResponse(status: 503, headers: [("Content-Type", "text/html; charset=utf-8"), ("Cache-Control", "no-store")], body: page)
        }
        switch paths.resolve(request.path) {
        case .file(let url):
            if let page = paths.outputPath(of: url) { deferred.wait(for: page, upTo: Self.deferredWaitSeconds) }
            return file(url, status: 200)
        case .redirect(let location):
            return PreviewResponse(status: 301, headers: [("Location", location)])
        case .forbidden:
            return .text(403, "Forbidden.")
        case .notFound:
            let notFound = paths.root.appendingPathComponent("404.html")
            if FileManager.default.fileExists(atPath: notFound.path) { return file(notFound, status: 404) }
            return .text(404, "Not found.")
        }
    }

    private func file(_ url: URL, status: Int) -> PreviewResponse {
        guard var data = try? Data(contentsOf: url) else { return .text(404, "Not found.") }
        let type = ServedPath.contentType(of: url)
        if type.hasPrefix("text/html") { data = LiveReload.inject(into: data) }
        return PreviewResponse(status: status, headers: [("Content-Type", type), ("Cache-Control", "no-store"), ("X-Content-Type-Options", "nosniff")],
                               body: data)
    }
}

/// The output paths of the pages a rebuild left to write after the reload, and the requests that
/// wait for them.
private final class DeferredPages: @unchecked Sendable {
    private let condition = NSCondition()
    private var pages: Set<String> = []

    func set(_ pages: Set<String>) {
        condition.withLock {
            self.pages = pages
            condition.broadcast()
        }
    }

    /// Waits while `page` is still to be written, at most `seconds`.
    func wait(for page: String, upTo seconds: Double) {
        condition.withLock {
            let deadline = Date(timeIntervalSinceNow: seconds)
            while pages.contains(page), condition.wait(until: deadline) {}
        }
    }
}
