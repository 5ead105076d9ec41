import Foundation
#if canImport(Glibc)
import Glibc
#endif
import PortalPreview
import PortalTestSupport
import Testing

/// A loopback client that sends exactly the bytes it is given, on 127.0.0.1 only.
struct LoopbackClient {
    let port: UInt16

    /// A connected socket (blocking, with a 10 s receive timeout).
    func connect() throws -> Int32 {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(socket >= 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        if result != 0 { close(socket) }
        try #require(result == 0, "cannot connect to 127.0.0.1:\(port)")
        return socket
    }

    /// Sends `bytes`, stopping quietly when the server closes the connection.
    func send(_ socket: Int32, _ bytes: [UInt8]) {
        var sent = 0
        while sent < bytes.count {
            let result = bytes[sent...].withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if result <= 0 { return }
            sent += result
        }
    }

    /// Reads until the server closes the connection, the 10 s timeout passes, or `enough` says so.
    func receive(_ socket: Int32, until enough: (String) -> Bool = { _ in false }) -> String {
        var data = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(socket, &buffer, buffer.count, 0)
            if count <= 0 { break }
            data += buffer[0..<count]
            if enough(String(decoding: data, as: UTF8.self)) { break }
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// Sends `request` from another thread (it may be too large to be read whole) and returns the
    /// status of the answer, 0 when none came, and how long it took.
    func status(of request: [UInt8]) throws -> (status: Int, seconds: Double) {
        let socket = try connect()
        defer { close(socket) }
        let start = Date()
        let sender = Thread { self.send(socket, request) }
        sender.start()
        let text = receive(socket) { $0.contains("\r\n") }
        return (Self.status(in: text), Date().timeIntervalSince(start))
    }

    /// A whole `GET path` on a fresh connection: the status, or 0.
    func get(_ path: String) throws -> Int {
        Self.status(in: try fetch(path))
    }

    /// The whole response to `GET path` on a fresh connection.
    func fetch(_ path: String) throws -> String {
        let socket = try connect()
        defer { close(socket) }
        send(socket, Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".utf8))
        return receive(socket)
    }

    static func status(in response: String) -> Int {
        guard response.hasPrefix("HTTP/1.1 ") else { return 0 }
        return Int(response.dropFirst(9).prefix(3)) ?? 0
    }
}

/// The processor time (user and system) a process has used, from /proc.
private func processorSeconds(of pid: Int32) -> Double {
    guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
          let close = text.lastIndex(of: ")") else { return 0 }
    let fields = text[text.index(after: close)...].split(separator: " ")
    // After the command name: state is field 3, utime 14 and stime 15 (counted from 1 with pid and name).
    guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
    return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
}

@Suite("Hostile clients of the preview server", .serialized)
struct HostileServerTests {
    private func site() throws -> TestSite {
        try TestSite(.init(files: TestSite.breakout("agentic-ai"), TestSite.tutorial("one")))
    }

    /// `portal serve` on a free port, after its first build.
    private func serve(_ site: TestSite) throws -> (RunningPortal, LoopbackClient) {
        let server = try RunningPortal(["serve", "--port", "0", "--output", site.root.appendingPathComponent("_preview").path], in: site.root)
        let port = server.servedPort()
        try #require(port != 0, "\(server.stderr)")
        try #require(server.waitForErrors { $0.contains("Built ") }, "\(server.stderr)")
        return (server, LoopbackClient(port: port))
    }

    static let oversized: [(String, [UInt8], Int)] = [
        ("a 60 KB request line", Array(("GET /" + String(repeating: "a", count: 60_000) + " HTTP/1.1\r\nHost: x\r\n\r\n").utf8), 414),
        ("a request line just over 8 KB", Array(("GET /" + String(repeating: "b", count: 8 * 1024) + " HTTP/1.1\r\nHost: x\r\n\r\n").utf8), 414),
        ("a request line of 1 MB without its end", Array(("GET /" + String(repeating: "c", count: 1 << 20)).utf8), 414),
        ("a 1 MB header", Array(("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + String(repeating: "d", count: 1 << 20) + "\r\n\r\n").utf8), 431),
        ("70 KB of small headers", Array(("GET / HTTP/1.1\r\n" + String(repeating: "X-Many: eeeeeeeeeeeeeeeeeeee\r\n", count: 2600) + "\r\n").utf8), 431),
    ]

    @Test("A request line over 8 KB gets 414 and headers over 64 KB get 431, at once; the server then answers others and goes idle", .tags(.slow), .skippedWhenAsked,
          arguments: oversized)
    func oversizedHeads(name: String, request: [UInt8], expected: Int) throws {
        let site = try site()
        defer { site.cleanUp() }
        let (server, client) = try serve(site)
        defer { server.stop() }
        let answer = try client.status(of: request)
        #expect(answer.status == expected, "\(name): \(answer.status)")
        // A deadline, not a measurement: FlyingFox never answered these.
        #expect(answer.seconds < 5, "\(name): answered after \(answer.seconds) s")
        #expect(try client.get("/index.html") == 200)
        // Nothing is left working on the request: over two idle seconds the server uses well under a core.
        let before = processorSeconds(of: server.process.processIdentifier)
        Thread.sleep(forTimeInterval: 2)
        let used = processorSeconds(of: server.process.processIdentifier) - before
        #expect(used < 1, "\(name): the server used \(used) s of processor time while idle")
    }

    @Test("A hundred slow clients (more than the connection limit) do not stop the server answering a normal one")
    func slowClients() throws {
        let site = try site()
        defer { site.cleanUp() }
        let (server, client) = try serve(site)
        defer { server.stop() }
        var slow: [Int32] = []
        defer { for socket in slow { close(socket) } }
        for number in 0..<100 {
            let socket = try client.connect()
            slow.append(socket)
            // Some send half a request and stop; some send nothing at all.
            if number.isMultiple(of: 2) { client.send(socket, Array("GET /index.html HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".utf8)) }
        }
        for _ in 0..<3 {
            let start = Date()
            #expect(try client.get("/tutorials/one/") == 200)
            #expect(Date().timeIntervalSince(start) < 5)
        }
        #expect(server.process.isRunning)
    }

    @Test("A head that does not arrive in time gets 408; a silent connection is closed; past the limit the oldest waiting one goes", .tags(.slow), .skippedWhenAsked)
    func deadlinesAndLimit() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("portal-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var limits = ServerLimits()
        limits.headSeconds = 0.5
        limits.idleSeconds = 1
        limits.connections = 4
        let server = try PreviewServer(site: folder, host: "127.0.0.1", port: 0, limits: limits)
        server.start()
        defer { server.stop() }
        let client = LoopbackClient(port: server.port)

        let partial = try client.connect()
        defer { close(partial) }
        client.send(partial, Array("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n".utf8))
        #expect(LoopbackClient.status(in: client.receive(partial)) == 408)

        let silent = try client.connect()
        defer { close(silent) }
        let start = Date()
        #expect(client.receive(silent).isEmpty, "a connection that never sends is closed without an answer")
        #expect(Date().timeIntervalSince(start) < 5)

        // Four connections fill the limit; a fifth client is still answered (503: there is no
        // build yet), and the first of the four is closed to make room.
        var waiting: [Int32] = []
        defer { for socket in waiting { close(socket) } }
        for _ in 0..<4 {
            waiting.append(try client.connect())
            usleep(20_000)
        }
        #expect(try client.get("/") == 503)
        #expect(client.receive(waiting[0]).isEmpty)
    }

    @Test("Event streams filling the connection limit give way to a new client: the oldest stream is closed")
    func eventStreamsGiveWay() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("portal-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var limits = ServerLimits()
        limits.connections = 3
        let server = try PreviewServer(site: folder, host: "127.0.0.1", port: 0, limits: limits)
        server.start()
        defer { server.stop() }
        let client = LoopbackClient(port: server.port)
        var streams: [Int32] = []
        defer { for socket in streams { close(socket) } }
        for _ in 0..<3 {
            let socket = try client.connect()
            streams.append(socket)
            client.send(socket, Array("GET \(LiveReload.eventsPath) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".utf8))
            #expect(client.receive(socket) { $0.contains("event: hello") }.contains("event: hello"))
        }
        let response = try client.fetch("/")
        #expect(response.contains("Building the site"), "answered with the page shown while there is no build, not turned away: \(response.prefix(200))")
        let start = Date()
        #expect(client.receive(streams[0]).isEmpty, "the oldest stream is closed")
        #expect(Date().timeIntervalSince(start) < 5)
    }

    @Test("Requests sent together on one connection are answered in order; a bare LF ends lines too")
    func pipelinedRequests() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("portal-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try PreviewServer(site: folder, host: "127.0.0.1", port: 0)
        server.start()
        defer { server.stop() }
        let client = LoopbackClient(port: server.port)
        let socket = try client.connect()
        defer { close(socket) }
        client.send(socket, Array(("GET \(LiveReload.scriptPath) HTTP/1.1\r\nHost: x\r\n\r\n" + "DELETE / HTTP/1.1\nHost: x\n\n"
                                   + "GET / HTTP/1.1\r\nHost: x\r\n\r\n" + "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"
                                   + "GET / HTTP/1.1\r\nHost: x\r\n\r\n").utf8))
        let text = client.receive(socket)
        let statuses = text.components(separatedBy: "HTTP/1.1 ").dropFirst().map { Int($0.prefix(3)) ?? 0 }
        // The POST's body is not read, so it could be taken for a request: its answer closes the connection.
        #expect(statuses == [200, 405, 503, 405], "\(text.prefix(300))")
        #expect(text.hasSuffix("Only GET and HEAD.\n"), "\(text.suffix(200))")
    }

    @Test("Malformed heads get 400 or 505, not a crash", arguments: [
        ("GET\r\n\r\n", 400), ("GET / HTTP/1.1 extra\r\n\r\n", 400), ("GET / HTTP/2.0\r\n\r\n", 505),
        ("GET / HTTP/1.1\r\n folded\r\n\r\n", 400), ("GET / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", 400),
        ("GET nowhere HTTP/1.1\r\n\r\n", 400),
    ])
    func malformedHeads(request: String, expected: Int) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("portal-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try PreviewServer(site: folder, host: "127.0.0.1", port: 0)
        server.start()
        defer { server.stop() }
        #expect(try LoopbackClient(port: server.port).status(of: Array(request.utf8)).status == expected)
    }
}
