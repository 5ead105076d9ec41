import Foundation
#if canImport(Glibc)
import Glibc
#endif
import PortalPreview
import PortalTestSupport
import Testing

/// `portal serve` running as a subprocess on a free loopback port.
private final class ServeProcess: @unchecked Sendable {
    let process = Process()
    private let lock = NSLock()
    private var errorText = ""
    private(set) var port: UInt16 = 0

    init(in directory: URL, arguments: [String] = []) throws {
        let runner = URL(fileURLWithPath: ProcessInfo.processInfo.arguments[0]).resolvingSymlinksInPath()
        process.executableURL = runner.deletingLastPathComponent().appendingPathComponent("portal")
        process.arguments = ["serve", "--port", "0", "--output", directory.appendingPathComponent("_preview").path] + arguments
        process.currentDirectoryURL = directory
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = Pipe()
        errors.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self, !data.isEmpty else { return }
            self.lock.withLock { self.errorText += String(decoding: data, as: UTF8.self) }
        }
        try process.run()
        let line = try waitFor { $0.range(of: #"Serving http://127\.0\.0\.1:(\d+)/"#, options: .regularExpression) != nil }
        let match = line.range(of: #"127\.0\.0\.1:\d+"#, options: .regularExpression).map { String(line[$0]) } ?? ""
        port = UInt16(match.split(separator: ":").last ?? "") ?? 0
        _ = try waitFor { $0.contains("Built ") || $0.contains("failed") }
    }

    /// Everything the server printed to standard error.
    var stderr: String { lock.withLock { errorText } }

    /// Waits (up to 20 s) until the printed text satisfies `condition`; returns it.
    @discardableResult
    func waitFor(_ condition: (String) -> Bool) throws -> String {
        for _ in 0..<400 {
            let text = stderr
            if condition(text) { return text }
            usleep(50_000)
        }
        throw ServeTestError.timeout(stderr)
    }

    func stop() {
        process.interrupt()
        process.waitUntilExit()
    }
}

private enum ServeTestError: Error {
    case timeout(String)
    case connection
}

/// A raw HTTP/1.1 client over a socket, so tests can send paths no URL library would send.
private struct RawHTTP {
    let port: UInt16

    func connect() throws -> Int32 {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw ServeTestError.connection }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            close(socket)
            throw ServeTestError.connection
        }
        return socket
    }

    func send(_ socket: Int32, _ text: String) {
        var bytes = Array(text.utf8)
        _ = Glibc.send(socket, &bytes, bytes.count, Int32(MSG_NOSIGNAL))
    }

    /// Sends `GET path` and returns the status, the headers (lower-cased names) and the body.
    func get(_ path: String, method: String = "GET") throws -> (status: Int, headers: [String: String], body: String) {
        let socket = try connect()
        defer { close(socket) }
        send(socket, "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        var data = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(socket, &buffer, buffer.count, 0)
            if count <= 0 { break }
            data += buffer[0..<count]
        }
        let text = String(decoding: data, as: UTF8.self)
        guard let split = text.range(of: "\r\n\r\n") else { return (0, [:], text) }
        let head = text[..<split.lowerBound].components(separatedBy: "\r\n")
        let status = Int(head.first?.split(separator: " ").dropFirst().first ?? "") ?? 0
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return (status, headers, String(text[split.upperBound...]))
    }
}

/// An open event stream, read on a background thread.
private final class EventStreamReader: @unchecked Sendable {
    private let lock = NSLock()
    private var text = ""
    private let socket: Int32

    init(port: UInt16) throws {
        let http = RawHTTP(port: port)
        socket = try http.connect()
        http.send(socket, "GET \(LiveReload.eventsPath) HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
        let socket = self.socket
        Thread.detachNewThread { [weak self] in
            var buffer = [UInt8](repeating: 0, count: 8192)
            while true {
                let count = recv(socket, &buffer, buffer.count, 0)
                if count == 0 || (count < 0 && errno != EAGAIN && errno != EINTR) { return }
                guard count > 0, let self else { continue }
                let chunk = String(decoding: buffer[0..<count], as: UTF8.self)
                self.lock.withLock { self.text += chunk }
            }
        }
    }

    /// The data lines of every `name` event received so far.
    func events(_ name: String) -> [String] {
        let all = lock.withLock { text }
        var found: [String] = []
        for block in all.components(separatedBy: "\n\n") where block.contains("event: \(name)\n") {
            found.append(block.components(separatedBy: "\n").filter { $0.hasPrefix("data: ") }.map { String($0.dropFirst(6)) }.joined(separator: "\n"))
        }
        return found
    }

    /// How many `name` events have arrived.
    func count(_ name: String) -> Int { events(name).count }

    /// Waits (up to 20 s) for the `count`-th `name` event and returns its data.
    func wait(for name: String, count: Int = 1) throws -> String {
        for _ in 0..<400 {
            let found = events(name)
            if found.count >= count { return found[count - 1] }
            usleep(50_000)
        }
        throw ServeTestError.timeout(lock.withLock { text })
    }

    func close() { Glibc.shutdown(socket, Int32(SHUT_RDWR)) }
}

@Suite("Preview server", .serialized)
struct PreviewServerTests {
    private func site() throws -> TestSite {
        try TestSite(.init(files: TestSite.breakout("agentic-ai"), TestSite.tutorial("one", body: "First version.\n"),
                           TestSite.tutorial("two", body: "See [one](one.md).\n")))
    }

    @Test("An edit rebuilds only its page, browsers get a reload event, and the page is served with the reload script")
    func editReloads() throws {
        let site = try site()
        defer { site.cleanUp() }
        let server = try ServeProcess(in: site.root)
        defer { server.stop() }
        let http = RawHTTP(port: server.port)
        let events = try EventStreamReader(port: server.port)
        defer { events.close() }
        _ = try events.wait(for: "hello")

        let page = try http.get("/tutorials/one/index.html")
        #expect(page.status == 200)
        #expect(page.body.contains("First version."))
        #expect(page.body.contains("<script src=\"\(LiveReload.scriptPath)\" defer></script></head>"), "the reload script goes into served HTML")
        #expect(!(try site.read("tutorials/one/index.html", output: "_preview")).contains(LiveReload.scriptPath), "but never into the files")

        let reloads = events.count("reload")
        try site.write(TestSite.tutorial("one", body: "Second version.\n").1, to: "content/tutorials/one.md")
        let reload = try events.wait(for: "reload", count: reloads + 1)
        #expect(reload.contains("\"pages\":[\"tutorials/one/index.html\"]"), "\(reload)")
        #expect(try http.get("/tutorials/one/").body.contains("Second version."))
        try server.waitFor { $0.contains("Rebuilt 1 page in") }
        #expect(try http.get(LiveReload.scriptPath).headers["content-type"]?.hasPrefix("text/javascript") == true)
    }

    @Test("A rebuild longer than --progress-after reports each stage and the pages rendered, in the terminal and to browsers")
    func progressReports() throws {
        let site = try site()
        defer { site.cleanUp() }
        let server = try ServeProcess(in: site.root, arguments: ["--progress-after", "0"])
        defer { server.stop() }
        let events = try EventStreamReader(port: server.port)
        defer { events.close() }
        _ = try events.wait(for: "hello")
        #expect(!server.stderr.contains("Rebuilding:"), "the first build is not a rebuild")
        // A new level changes how the listings group the page, so the rebuild goes through every stage.
        let releveled = TestSite.tutorial("one", body: "First version.\n").1.replacingOccurrences(of: "level: beginner", with: "level: advanced")
        try site.write(releveled, to: "content/tutorials/one.md")
        _ = try events.wait(for: "reload")
        let text = try server.waitFor { $0.contains("Rebuilt ") }
        #expect(text.range(of: #"Rebuilding: \[7/9\] Render pages: (\d+) of \1 pages \(\d+\.\d s\)"#, options: .regularExpression) != nil, "\(text)")
        #expect(text.contains("Rebuilding: [2/9] Read front-matter ("), "\(text)")
        // This browser names no page, so every changed page is written after the reload, and the
        // terminal hears how that goes too.
        let after = try server.waitFor { $0.range(of: #"After the reload: \[7/9\] Render pages: (\d+) of \1 pages"#, options: .regularExpression) != nil }
        #expect(after.contains("After the reload: [7/9] Render pages: 0 of "), "\(after)")
        let progress = try events.wait(for: "progress")
        #expect(progress.contains("\"stage\":"), "\(progress)")
        #expect(events.count("progress") >= 8, "a report at the start of each stage after the first")

        // A site of its own: two servers writing one output folder would race.
        let quietSite = try self.site()
        defer { quietSite.cleanUp() }
        let quiet = try ServeProcess(in: quietSite.root, arguments: ["--progress-after", "30"])
        defer { quiet.stop() }
        try quietSite.write(releveled, to: "content/tutorials/one.md")
        try quiet.waitFor { $0.contains("Rebuilt ") }
        #expect(!quiet.stderr.contains("Rebuilding:"), "\(quiet.stderr)")
    }

    @Test("--progress-after takes a number of seconds, 0 or more")
    func progressAfterValidated() throws {
        let site = try site()
        defer { site.cleanUp() }
        let result = try PortalExecutable.run(["serve", "--progress-after=-1"], in: site.root)
        #expect(result.status == 2, "a usage error")
        #expect(result.errors.contains("--progress-after takes a number of seconds, 0 or more"), "\(result.errors)")
    }

    @Test("With --verbose, the first build and each rebuild print their stages' times; without it, they do not")
    func verboseStages() throws {
        let site = try site()
        defer { site.cleanUp() }
        let quiet = try ServeProcess(in: site.root)
        quiet.stop()
        #expect(!quiet.stderr.contains("[1/9]"), "\(quiet.stderr)")

        let server = try ServeProcess(in: site.root, arguments: ["--verbose"])
        defer { server.stop() }
        #expect(server.stderr.range(of: #"\[1/9\] Scan content \(\d+ pages"#, options: .regularExpression) != nil, "\(server.stderr)")
        #expect(server.stderr.contains("[9/9] Write site ("), "\(server.stderr)")
        // A new level changes how the listings group the page, so the rebuild goes through every stage.
        let releveled = TestSite.tutorial("one", body: "First version.\n").1.replacingOccurrences(of: "level: beginner", with: "level: advanced")
        try site.write(releveled, to: "content/tutorials/one.md")
        let text = try server.waitFor { $0.contains("Rebuilt ") }
        #expect(text.components(separatedBy: "[7/9] Render pages (").count == 3, "\(text)")
        #expect(text.range(of: #"\[7/9\] Render pages \(\d+ of \d+\) \d+ ms \(CPU \d+ ms"#, options: .regularExpression) != nil, "\(text)")
    }

    @Test("A broken link shows as an errors event while the last good page stays served; the fix reloads")
    func errorOverlayAndRecovery() throws {
        let site = try site()
        defer { site.cleanUp() }
        let server = try ServeProcess(in: site.root)
        defer { server.stop() }
        let http = RawHTTP(port: server.port)
        let events = try EventStreamReader(port: server.port)
        defer { events.close() }
        _ = try events.wait(for: "hello")

        try site.write(TestSite.tutorial("one", body: "Now see [gone](gone.md).\n").1, to: "content/tutorials/one.md")
        let errors = try events.wait(for: "errors")
        #expect(errors.contains("\"id\":\"link.broken\""), "\(errors)")
        #expect(errors.contains("\"file\":\"content/tutorials/one.md\""))
        #expect(errors.contains("\"line\":11") && errors.contains("\"column\":16"), "\(errors)")
        #expect(try http.get("/tutorials/one/").body.contains("First version."), "the last good site stays served")
        // A browser that connects now is told about the errors at once.
        let late = try EventStreamReader(port: server.port)
        defer { late.close() }
        #expect(try late.wait(for: "errors").contains("link.broken"))

        let reloads = events.count("reload")
        try site.write(TestSite.tutorial("one", body: "Now see [two](two.md).\n").1, to: "content/tutorials/one.md")
        let reload = try events.wait(for: "reload", count: reloads + 1)
        #expect(reload.contains("tutorials/one/index.html") && reload.contains("tutorials/two/index.html"), "the new link adds a backlink to two: \(reload)")
        #expect(try http.get("/tutorials/one/").body.contains("Now see"))
    }

    @Test("Requests never read outside the site; missing pages get the site's 404 page")
    func pathSafety() throws {
        let site = try site()
        defer { site.cleanUp() }
        try site.write("secret outside the site\n", to: "secret.txt")
        let server = try ServeProcess(in: site.root)
        defer { server.stop() }
        let http = RawHTTP(port: server.port)

        for hostile in ["/../secret.txt", "/../../etc/passwd", "/%2e%2e/secret.txt", "/%2E%2E%2Fsecret.txt", "/tutorials/..%2f..%2fsecret.txt",
                        "/..%5csecret.txt", "/index.html%00.txt", "//etc/passwd",
                        // Just over `ServedPath.maximumLength`, and under the request-line limit (414; see HostileServerTests).
                        "/" + String(repeating: "a/", count: ServedPath.maximumLength / 2 + 50)] {
            let response = try http.get(hostile)
            #expect(response.status == 403 || response.status == 404 || response.status == 400 || response.status == 414, "\(hostile): \(response.status)")
            #expect(!response.body.contains("secret outside") && !response.body.contains("root:x:0:0"), "\(hostile) read outside the site")
        }
        let missing = try http.get("/no/such/page/")
        #expect(missing.status == 404)
        #expect(missing.body.contains("Page not found"), "the site's own 404 page")
        let folder = try http.get("/tutorials")
        #expect(folder.status == 301 && folder.headers["location"] == "/tutorials/")
        let head = try http.get("/index.html", method: "HEAD")
        #expect(head.status == 200 && head.body.isEmpty)
        #expect(try http.get("/index.html", method: "DELETE").status == 405)
    }

    @Test("A client that disconnects in the middle of a response does not stop the server")
    func disconnectingClient() throws {
        let site = try site()
        defer { site.cleanUp() }
        let server = try ServeProcess(in: site.root)
        defer { server.stop() }
        let http = RawHTTP(port: server.port)
        for _ in 0..<20 {
            let socket = try http.connect()
            http.send(socket, "GET /search/meta.js HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            var linger = linger(l_onoff: 1, l_linger: 0)
            setsockopt(socket, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<linger>.size))
            close(socket)
            let events = try EventStreamReader(port: server.port)
            events.close()
        }
        #expect(try http.get("/index.html").status == 200)
        #expect(server.process.isRunning)
    }

    @Test("A port already in use is an error naming the address, exit code 1")
    func portInUse() throws {
        let site = try site()
        defer { site.cleanUp() }
        let server = try ServeProcess(in: site.root)
        defer { server.stop() }
        let second = try PortalExecutable.run(["serve", "--port", String(server.port), "--output", site.root.appendingPathComponent("_second").path],
                                              in: site.root)
        #expect(second.status == 1)
        #expect(second.errors.contains("cannot listen on 127.0.0.1:\(server.port)"), "\(second.errors)")
        #expect(second.errors.contains("Address already in use"), "\(second.errors)")
    }

    @Test("Request paths are resolved inside the folder, through symbolic links too")
    func servedPathResolution() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("portal-served-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let site = root.appendingPathComponent("site")
        try FileManager.default.createDirectory(at: site.appendingPathComponent("docs"), withIntermediateDirectories: true)
        try Data("home".utf8).write(to: site.appendingPathComponent("index.html"))
        try Data("docs".utf8).write(to: site.appendingPathComponent("docs/index.html"))
        try Data("outside".utf8).write(to: root.appendingPathComponent("outside.txt"))
        try FileManager.default.createSymbolicLink(atPath: site.appendingPathComponent("link.txt").path, withDestinationPath: "../outside.txt")
        let paths = ServedPath(root: site)
        let real = site.resolvingSymlinksInPath()
        #expect(paths.resolve("/") == .file(real.appendingPathComponent("index.html")))
        #expect(paths.resolve("/docs/") == .file(real.appendingPathComponent("docs/index.html")))
        #expect(paths.resolve("/docs") == .redirect("/docs/"))
        #expect(paths.resolve("/./docs/./index.html") == .file(real.appendingPathComponent("docs/index.html")))
        #expect(paths.resolve("/link.txt") == .forbidden, "a symbolic link out of the folder")
        #expect(paths.resolve("/docs/../../outside.txt") == .forbidden)
        #expect(paths.resolve("/docs/%2e%2e/%2e%2e/outside.txt") == .forbidden)
        #expect(paths.resolve("/docs%2f..%2f..%2foutside.txt") == .forbidden)
        #expect(paths.resolve("/index.html%00") == .forbidden)
        #expect(paths.resolve("/" + String(repeating: "x", count: ServedPath.maximumLength + 1)) == .forbidden)
        #expect(paths.resolve("/missing.html") == .notFound)
    }
}
