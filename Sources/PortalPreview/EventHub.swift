import FlyingFox
import FlyingSocks
import Foundation
import PortalCore

/// The preview's state as browsers see it: the latest rebuild's outcome, and the open event streams.
actor EventHub {
    /// A random id per server run, so a browser reconnecting after a restart reloads.
    let serverID = UUID().uuidString
    /// How many good builds there have been.
    private(set) var generation = 0
    /// The diagnostics of the latest build when it failed; nil when it succeeded.
    private(set) var failure: [Diagnostic]?
    /// Whether a build has ever succeeded (there is a site to serve).
    private(set) var hasSite = false
    private var streams: [UUID: AsyncStream<[UInt8]>.Continuation] = [:]

    /// Records a rebuild and tells every browser.
    func finished(_ report: BuildReport) {
        if report.hasErrors {
            failure = report.diagnostics
            broadcast(LiveReload.event("errors", LiveReload.errorsData(report.diagnostics)))
        } else {
            failure = nil
            hasSite = true
            generation += 1
            let pages = "[" + report.renderedPages.map { JSONText.string($0) }.joined(separator: ",") + "]"
            broadcast(LiveReload.event("reload", "{\"generation\":\(generation),\"pages\":\(pages)}"))
        }
    }

    /// A new event stream: it starts with `hello` and, while the site has errors, `errors`.
    func subscribe() -> AsyncStream<[UInt8]> {
        let id = UUID()
        let (stream, continuation) = AsyncStream<[UInt8]>.makeStream(bufferingPolicy: .bufferingNewest(64))
        continuation.yield(LiveReload.event("hello", "{\"server\":\"\(serverID)\",\"generation\":\(generation)}"))
        if let failure { continuation.yield(LiveReload.event("errors", LiveReload.errorsData(failure))) }
        continuation.onTermination = { _ in Task { await self.unsubscribe(id) } }
        streams[id] = continuation
        return stream
    }

    /// Sends a comment to every stream, so idle connections stay open and dead ones are noticed.
    func heartbeat() {
        broadcast(Array(": keep-alive\n\n".utf8))
    }

    /// Closes every stream (the server is stopping).
    func closeAll() {
        for continuation in streams.values { continuation.finish() }
        streams = [:]
    }

    var subscriberCount: Int { streams.count }

    private func unsubscribe(_ id: UUID) {
        streams[id] = nil
    }

    private func broadcast(_ bytes: [UInt8]) {
        for continuation in streams.values { continuation.yield(bytes) }
    }
}

/// An event stream as a response body: each event is sent as one chunk when it happens.
struct EventBody: AsyncBufferedSequence {
    typealias Element = UInt8
    let stream: AsyncStream<[UInt8]>

    func makeAsyncIterator() -> Iterator { Iterator(base: stream.makeAsyncIterator()) }

    struct Iterator: AsyncBufferedIteratorProtocol {
        var base: AsyncStream<[UInt8]>.Iterator
        var pending: [UInt8] = []

        mutating func next() async -> UInt8? {
            if pending.isEmpty {
                guard let chunk = await base.next() else { return nil }
                pending = chunk
            }
            return pending.isEmpty ? nil : pending.removeFirst()
        }

        mutating func nextBuffer(suggested count: Int) async -> [UInt8]? {
            if !pending.isEmpty {
                defer { pending = [] }
                return pending
            }
            return await base.next()
        }
    }
}
