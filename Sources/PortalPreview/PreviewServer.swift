import FlyingFox
import FlyingSocks
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import PortalCore

/// The preview server: serves the built site over HTTP with FlyingFox, adds the live-reload script
/// to HTML pages, and streams rebuild events to browsers.
public final class PreviewServer: Sendable {
    /// The folder served.
    public let paths: ServedPath
    let hub = EventHub()
    private let server: HTTPServer

    /// A server for `site` on `host` (an IPv4 or IPv6 address; loopback unless widened on purpose) and `port` (0: any free port).
    public init(site: URL, host: String, port: UInt16) throws {
        paths = ServedPath(root: site)
        let address: any SocketAddress = host.contains(":") ? try sockaddr_in6.inet6(ip6: host, port: port) : try sockaddr_in.inet(ip4: host, port: port)
        server = HTTPServer(config: .init(address: address, timeout: 30, pool: NoDelayPool(base: HTTPServer.defaultPool()), logger: .disabled))
    }

    /// Starts listening and serves until the task is cancelled.
    public func run() async throws {
        let paths = self.paths
        let hub = self.hub
        await server.appendRoute(HTTPRoute("GET \(LiveReload.scriptPath)")) { _ in
            HTTPResponse(statusCode: .ok, headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "no-store"],
                         body: Data(LiveReload.script.utf8))
        }
        await server.appendRoute(HTTPRoute("GET \(LiveReload.eventsPath)")) { _ in
            let stream = await hub.subscribe()
            return HTTPResponse(statusCode: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-store"],
                                body: HTTPBodySequence(from: EventBody(stream: stream), suggestedBufferSize: 4096))
        }
        await server.appendRoute("*") { request in
            await Self.respond(to: request, paths: paths, hub: hub)
        }
        let heartbeat = Task {
            while !Task.isCancelled {
                try? await Task.sleep(nanoseconds: 10_000_000_000)
                await hub.heartbeat()
            }
        }
        defer { heartbeat.cancel() }
        try await server.run()
    }

    /// Waits until the server accepts connections; returns the port it listens on.
    public func waitUntilListening() async throws -> UInt16 {
        try await server.waitUntilListening()
        guard case .ip4(_, let port)? = await server.listeningAddress else {
            if case .ip6(_, let port)? = await server.listeningAddress { return port }
            return 0
        }
        return port
    }

    /// Tells browsers about a finished rebuild: reload, or show its errors.
    public func finished(_ report: BuildReport) async {
        await hub.finished(report)
    }

    /// Stops listening and closes the event streams.
    public func stop() async {
        await hub.closeAll()
        await server.stop(timeout: 1)
    }

    /// Serves a file of the site, the 404 page, or the error page while there is no good build yet.
    static func respond(to request: HTTPRequest, paths: ServedPath, hub: EventHub) async -> HTTPResponse {
        guard request.method == .GET || request.method == .HEAD else {
            return HTTPResponse(statusCode: .methodNotAllowed, headers: [HTTPHeader("Allow"): "GET, HEAD"], body: Data("Only GET and HEAD.\n".utf8))
        }
        guard await hub.hasSite else {
            let page = await hub.failure == nil ? LiveReload.buildingPage : LiveReload.failedFirstBuildPage
            return HTTPResponse(statusCode: .serviceUnavailable, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                                body: page)
        }
        switch paths.resolve(request.target.path(percentEncoded: true)) {
        case .file(let url):
            return file(url, status: .ok, method: request.method)
        case .redirect(let location):
            return HTTPResponse(statusCode: .movedPermanently, headers: [.location: location], body: Data())
        case .forbidden:
            return HTTPResponse(statusCode: .forbidden, headers: [.contentType: "text/plain; charset=utf-8"], body: Data("Forbidden.\n".utf8))
        case .notFound:
            let notFound = paths.root.appendingPathComponent("404.html")
            if FileManager.default.fileExists(atPath: notFound.path) { return file(notFound, status: .notFound, method: request.method) }
            return HTTPResponse(statusCode: .notFound, headers: [.contentType: "text/plain; charset=utf-8"], body: Data("Not found.\n".utf8))
        }
    }

    private static func file(_ url: URL, status: HTTPStatusCode, method: HTTPMethod) -> HTTPResponse {
        guard var data = try? Data(contentsOf: url) else {
            return HTTPResponse(statusCode: .notFound, headers: [.contentType: "text/plain; charset=utf-8"], body: Data("Not found.\n".utf8))
        }
        let type = ServedPath.contentType(of: url)
        if type.hasPrefix("text/html") { data = LiveReload.inject(into: data) }
        var headers: HTTPHeaders = [.contentType: type, .cacheControl: "no-store", HTTPHeader("X-Content-Type-Options"): "nosniff"]
        if method == .HEAD {
            headers[.contentLength] = String(data.count)
            return HTTPResponse(statusCode: status, headers: headers, body: Data())
        }
        return HTTPResponse(statusCode: status, headers: headers, body: HTTPBodySequence(data: data, suggestedBufferSize: 64 * 1024))
    }
}

/// FlyingFox's socket pool with Nagle's algorithm turned off on every socket it waits on (the
/// listening one first, whose setting accepted connections inherit on Linux). FlyingFox writes a
/// response's head and body separately, and with Nagle on, each response then waited ~40 ms for
/// the client's delayed acknowledgement: 23 requests a second on one connection.
struct NoDelayPool<Base: AsyncSocketPool>: AsyncSocketPool {
    let base: Base

    func prepare() async throws { try await base.prepare() }

    func run() async throws { try await base.run() }

    func suspendSocket(_ socket: Socket, untilReadyFor events: Socket.Events) async throws {
        var on: Int32 = 1
        _ = setsockopt(socket.file.rawValue, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
        try await base.suspendSocket(socket, untilReadyFor: events)
    }
}
