import Foundation
#if canImport(Glibc)
import Glibc
#endif
@testable import PortalCore
import PortalPreview
import Testing

/// The preview server's side of pages written after the reload: it learns from each event stream
/// which page its browser shows, and holds a request for a page still to be written until it is.
@Suite("Pages written after the reload")
struct DeferredPagesTests {
    /// A served folder holding `files` (path: text), with a good build recorded so pages are served.
    private func servedFolder(_ files: [String: String]) throws -> (URL, PreviewServer) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("portal-deferred-\(UUID().uuidString)")
        for (path, text) in files {
            let url = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        let server = try PreviewServer(site: folder, host: "127.0.0.1", port: 0)
        server.start()
        server.finished(BuildReport(diagnostics: [], pageCount: files.count, filesWritten: files.count, seconds: 0))
        return (folder, server)
    }

    @Test("A request for a page left for after the reload waits until it is written; other pages are served at once")
    func requestWaits() throws {
        let (folder, server) = try servedFolder(["a/index.html": "<p>old a</p>", "b/index.html": "<p>b</p>"])
        defer { server.stop(); try? FileManager.default.removeItem(at: folder) }
        let client = LoopbackClient(port: server.port)
        server.deferring(["a/index.html"])
        let answer = Answer()
        let request = Thread { answer.set((try? client.fetch("/a/")) ?? "") }
        request.start()
        let start = Date()
        #expect(try client.fetch("/b/").contains("<p>b</p>"))
        #expect(Date().timeIntervalSince(start) < 5, "a page not left for later is not held")
        usleep(300_000)
        #expect(answer.value == nil, "the request waits while the page is still to be written")
        try Data("<p>new a</p>".utf8).write(to: folder.appendingPathComponent("a/index.html"))
        server.deferredPagesWritten()
        for _ in 0..<200 where answer.value == nil { usleep(25_000) }
        #expect(answer.value?.contains("<p>new a</p>") == true, "\(answer.value ?? "no answer")")
    }

    @Test("An event stream names the page its browser shows; one that names no page of the site counts for none")
    func pagesShown() throws {
        let (folder, server) = try servedFolder(["tutorials/one/index.html": "<p>one</p>", "index.html": "<p>home</p>"])
        defer { server.stop(); try? FileManager.default.removeItem(at: folder) }
        let client = LoopbackClient(port: server.port)
        var streams: [Int32] = []
        defer { for socket in streams { close(socket) } }
        // As the live-reload script sends it: the page's address, percent-encoded as a query value.
        for query in ["?page=%2Ftutorials%2Fone%2F", "?page=%2F", "?page=%2Fnowhere%2F", "?page=%2F..%2F..%2Fetc%2Fpasswd", ""] {
            let socket = try client.connect()
            streams.append(socket)
            client.send(socket, Array("GET \(LiveReload.eventsPath)\(query) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".utf8))
            #expect(client.receive(socket) { $0.contains("event: hello") }.contains("event: hello"))
        }
        #expect(server.pagesShown == ["tutorials/one/index.html", "index.html"])
        #expect(try client.fetch(LiveReload.scriptPath).contains("\(LiveReload.eventsPath)?page=\" + encodeURIComponent(location.pathname)"), "the script names its page")
    }
}

/// A value set by one thread and read by another.
private final class Answer: @unchecked Sendable {
    private let lock = NSLock()
    private var text: String?

    var value: String? { lock.withLock { text } }

    func set(_ value: String) { lock.withLock { text = value } }
}
