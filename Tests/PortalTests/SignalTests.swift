import Foundation
#if canImport(Glibc)
import Glibc
#endif
import PortalTestSupport
import Testing

/// `portal build` and `portal serve` stopped by SIGINT or SIGTERM: they exit at once, at any point,
/// and leave no temporary folder behind.
@Suite("Stopped by a signal", .serialized)
struct SignalTests {
    /// A site large enough that a debug build takes a while: signals land inside it.
    private static func largeSite() throws -> TestSite {
        var files = [TestSite.breakout("agentic-ai")]
        for number in 1...800 {
            files.append(TestSite.tutorial("t\(number)", body: "## Part \(number)\n\nSee [the next](t\(number % 800 + 1).md).\n"))
        }
        return try TestSite(files.reduce(into: [:]) { $0[$1.0] = $1.1 })
    }

    /// The names in `folder` that a build or preview leaves behind while it runs.
    private static func leftovers(in folder: URL) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasPrefix(".portal-build-") || $0.hasPrefix(".portal-swap-") || $0.hasPrefix("portal-serve-") }
    }

    @Test("A build stopped while it writes exits with 128 + the signal and removes its staging folder", arguments: [SIGINT, SIGTERM])
    func buildStoppedWhileWriting(signal: Int32) throws {
        let site = try Self.largeSite()
        defer { site.cleanUp() }
        let build = try RunningPortal(["build"], in: site.root)
        defer { build.stop() }
        // Stage 7 renders and writes the pages into the staging folder.
        try #require(build.waitForErrors(120) { $0.contains("[6/9]") }, "\(build.stderr)")
        build.send(signal)
        #expect(build.waitForExit(20), "still running 20 s after the signal")
        build.process.waitUntilExit()
        #expect(build.process.terminationReason == .exit && build.process.terminationStatus == 128 + signal,
                "status \(build.process.terminationStatus): \(build.stderr.suffix(500))")
        #expect(!build.stderr.contains("Site built"), "the signal landed after the build: make the site larger")
        #expect(Self.leftovers(in: site.root) == [], "\(Self.leftovers(in: site.root))")
        #expect(!FileManager.default.fileExists(atPath: site.root.appendingPathComponent("_site").path), "a first build stopped half-way puts no site in place")
    }

    @Test("Builds stopped at random points leave the whole old site or the whole new one, and never a staging folder", .tags(.slow), .skippedWhenAsked)
    func buildsStoppedAtRandomPoints() throws {
        let site = try TestSite(.init(files: TestSite.breakout("agentic-ai")))
        defer { site.cleanUp() }
        func write(version: Int) throws {
            for number in 1...60 { try site.write(TestSite.tutorial("t\(number)", body: "Version \(version) of \(number).\n").1, to: "content/tutorials/t\(number).md") }
        }
        // The two complete sites, and how long a build that reuses the kept output takes.
        var manifests: [[String: Data]] = []
        var duration = Double.infinity
        for (index, version) in [1, 2, 1, 2, 1].enumerated() {
            try write(version: version)
            let start = Date()
            let build = try PortalExecutable.run(["build", "--no-reuse"], in: site.root)
            try #require(build.status == 0, "\(build.errors)")
            if index >= 2 { duration = min(duration, Date().timeIntervalSince(start)) }
            if manifests.count < 2 { manifests.append(try site.snapshot()) }
        }
        var current = 0 // the manifest the output holds
        var random = SeededGenerator(seed: 12)
        var stopped = 0
        let runs = TestScale.of(16)
        for run in 0..<runs {
            let next = 1 - current
            try write(version: next + 1)
            let build = try RunningPortal(["build", "--no-reuse"], in: site.root)
            if run.isMultiple(of: 2) {
                // Half the signals land just after the build has read its content, so that some surely
                // stop one (on a loaded machine a random wait measured beforehand can outlast every build).
                _ = build.waitForErrors(20) { $0.contains("[1/9]") }
            } else {
                Thread.sleep(forTimeInterval: Double.random(in: 0...(1.1 * duration), using: &random))
            }
            build.send(run % 4 < 2 ? SIGTERM : SIGINT)
            #expect(build.waitForExit(20), "run \(run): still running 20 s after the signal")
            build.stop()
            let status = build.process.terminationStatus
            #expect(build.process.terminationReason == .exit && [0, 130, 143].contains(status), "run \(run): status \(status)")
            if status != 0 { stopped += 1 }
            let output = try site.snapshot()
            if output == manifests[next] {
                current = next
            } else {
                #expect(output == manifests[current], "run \(run), status \(status): the output (\(output.count) files) is neither the old site nor the new one")
            }
            #expect(Self.leftovers(in: site.root) == [], "run \(run): \(Self.leftovers(in: site.root))")
        }
        // Not a timing test: this only shows the signals landed inside builds rather than after them.
        #expect(stopped >= runs / 4, "only \(stopped) of \(runs) builds were stopped")
        let last = try PortalExecutable.run(["build", "--no-reuse"], in: site.root)
        #expect(last.status == 0, "\(last.errors)")
        #expect(try site.temporaryFolders() == [".portal-cache-_site"])
    }

    @Test("The preview stops at once when signalled during its first build, and removes its temporary folders", arguments: [SIGINT, SIGTERM])
    func serveStoppedDuringFirstBuild(signal: Int32) throws {
        let site = try Self.largeSite()
        defer { site.cleanUp() }
        // Its own temporary folder, to see what the preview leaves there.
        let temporary = site.root.appendingPathComponent("tmp")
        try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
        let server = try RunningPortal(["serve", "--port", "0", "--verbose"], in: site.root, environment: ["TMPDIR": temporary.path])
        defer { server.stop() }
        try #require(server.waitForErrors(60) { $0.contains("[1/9]") }, "\(server.stderr)")
        server.send(signal)
        #expect(server.waitForExit(20), "still running 20 s after the signal: \(server.stderr.suffix(300))")
        server.stop()
        #expect(!server.stderr.contains("Built "), "the build went on after the signal")
        #expect(server.process.terminationReason == .exit && server.process.terminationStatus == 0)
        let left = (try? FileManager.default.contentsOfDirectory(atPath: temporary.path)) ?? []
        #expect(left.isEmpty, "\(left)")
    }

    @Test("The preview with --output, signalled during its first build, removes its staging folder")
    func serveWithOutputStoppedDuringFirstBuild() throws {
        let site = try Self.largeSite()
        defer { site.cleanUp() }
        let server = try RunningPortal(["serve", "--port", "0", "--verbose", "--output", "_preview"], in: site.root)
        defer { server.stop() }
        // Stage 7 writes into the staging folder beside _preview.
        try #require(server.waitForErrors(120) { $0.contains("[6/9]") }, "\(server.stderr)")
        server.send(SIGTERM)
        #expect(server.waitForExit(20), "still running 20 s after the signal")
        server.stop()
        #expect(!server.stderr.contains("Built "), "the build went on after the signal")
        #expect(Self.leftovers(in: site.root) == [], "\(Self.leftovers(in: site.root))")
    }

    @Test("The preview signalled after its first build removes its temporary output and cache")
    func serveStoppedAfterBuild() throws {
        let site = try TestSite(.init(files: TestSite.breakout("agentic-ai"), TestSite.tutorial("one")))
        defer { site.cleanUp() }
        let temporary = site.root.appendingPathComponent("tmp")
        try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
        let server = try RunningPortal(["serve", "--port", "0"], in: site.root, environment: ["TMPDIR": temporary.path])
        defer { server.stop() }
        try #require(server.waitForErrors(60) { $0.contains("Built ") }, "\(server.stderr)")
        #expect(!((try? FileManager.default.contentsOfDirectory(atPath: temporary.path)) ?? []).isEmpty, "the preview writes into TMPDIR")
        server.send(SIGTERM)
        #expect(server.waitForExit(20), "still running 20 s after the signal: \(server.stderr.suffix(300))")
        server.stop()
        #expect(server.process.terminationReason == .exit && server.process.terminationStatus == 0, "\(server.stderr.suffix(2000))")
        let left = (try? FileManager.default.contentsOfDirectory(atPath: temporary.path)) ?? []
        #expect(left.isEmpty, "\(left): \(server.stderr.suffix(2000))")
    }
}
