import Foundation
import PortalTestSupport
import Testing

/// `portal build` killed with SIGKILL at many points: a full build (`--no-reuse`) always leaves a whole
/// site, and a build into the kept output leaves the next build to write the right one.
@Suite("Interrupted builds", .serialized)
struct InterruptedBuildTests {
    /// The two versions of the content a test flips between: different pages, texts and files.
    private static func write(version: Int, into site: TestSite) throws {
        for number in 1...60 {
            let body = "## Part \(number)\n\nVersion \(version) of tutorial \(number). See [the next](t\(number % 60 + 1).md).\n"
            try site.write(TestSite.tutorial("t\(number)", body: body).1, to: "content/tutorials/t\(number).md")
        }
        for number in 1...20 {
            let path = "content/resources/r\(number).md"
            if version == 1, number > 15 {
                try? site.remove(path)
            } else {
                try site.write(TestSite.resource("r\(number)", extra: "tags: [v\(version)]").1, to: path)
            }
        }
    }

    /// Starts `portal build` without waiting for it.
    private static func startBuild(in site: TestSite, reusing: Bool = false) throws -> Process {
        let process = Process()
        process.executableURL = PortalExecutable.url
        process.arguments = reusing ? ["build"] : ["build", "--no-reuse"]
        process.currentDirectoryURL = site.root
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    @Test("A build killed at any point leaves the whole old site or the whole new one, and no temporary folders pile up", .tags(.slow), .skippedWhenAsked)
    func killedAtRandomPoints() throws {
        let site = try TestSite(.init(files: TestSite.breakout("agentic-ai")))
        defer { site.cleanUp() }
        // The two complete sites, and how long one build takes.
        // From the third build on, each reuses the kept previous output, as every later build does, so
        // those are the times to aim at: the shortest of three, since other tests may run meanwhile and
        // a slow one would put most kills after the builds they aim at.
        var manifests: [[String: Data]] = []
        var duration = Double.infinity
        for (index, version) in [1, 2, 1, 2, 1].enumerated() {
            try Self.write(version: version, into: site)
            let start = Date()
            let build = try PortalExecutable.run(["build", "--no-reuse"], in: site.root)
            if index >= 2 { duration = min(duration, Date().timeIntervalSince(start)) }
            try #require(build.status == 0, "\(build.output)\(build.errors)")
            if manifests.count < 2 { manifests.append(try site.snapshot()) }
        }
        try #require(manifests[0] != manifests[1])
        #expect(manifests[0].count > 100)

        var random = SeededGenerator(seed: 6)
        var current = 0 // index of the manifest the output holds
        var killed = 0
        let runs = TestScale.of(40)
        for run in 0..<runs {
            let next = 1 - current
            try Self.write(version: next + 1, into: site)
            // Half the delays anywhere in the build, half near its end, where the site is swapped in.
            let delay = run.isMultiple(of: 2) ? Double.random(in: 0...duration, using: &random) : Double.random(in: 0.75 * duration...1.1 * duration, using: &random)
            let process = try Self.startBuild(in: site)
            Thread.sleep(forTimeInterval: delay)
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                killed += 1
            }
            process.waitUntilExit()
            let output = try site.snapshot()
            if output == manifests[next] {
                current = next
            } else {
                let whole = output == manifests[current]
                #expect(whole, "run \(run), killed after \(delay) s: the output (\(output.count) files) is neither the old site nor the new one")
            }
            let staging = try site.temporaryFolders().filter { $0.hasPrefix(".portal-build-") }
            #expect(staging.count <= 1, "run \(run): \(staging)")
        }
        // Not a timing test: this only shows the kills landed inside builds rather than after them.
        #expect(killed >= runs / 4, "only \(killed) of \(runs) builds were interrupted")

        // The next build finishes, puts the new site in place and clears what the killed builds left.
        let last = try PortalExecutable.run(["build", "--no-reuse"], in: site.root)
        #expect(last.status == 0, "\(last.errors)")
        let final = try site.snapshot()
        #expect(final == manifests[0] || final == manifests[1])
        #expect(try site.temporaryFolders() == [".portal-cache-_site"])
    }

    @Test("A build into the kept output killed at any point leaves no manifest unless it finished, and the next build writes the new site",
          .tags(.slow), .skippedWhenAsked)
    func killedWhileWritingInPlace() throws {
        let site = try TestSite(.init(files: TestSite.breakout("agentic-ai")))
        defer { site.cleanUp() }
        var sites: [[String: Data]] = []
        var duration = Double.infinity
        for version in [1, 2, 1] {
            try Self.write(version: version, into: site)
            let start = Date()
            let build = try PortalExecutable.run(["build"], in: site.root)
            duration = min(duration, Date().timeIntervalSince(start))
            try #require(build.status == 0, "\(build.output)\(build.errors)")
            if sites.count < 2 { sites.append(try site.snapshot()) }
        }
        let manifest = site.root.appendingPathComponent(".portal-manifest-_site")
        var random = SeededGenerator(seed: 19)
        var killed = 0
        var version = 1
        let runs = TestScale.of(20)
        for run in 0..<runs {
            version = 3 - version
            try Self.write(version: version, into: site)
            let process = try Self.startBuild(in: site, reusing: true)
            Thread.sleep(forTimeInterval: Double.random(in: 0...duration, using: &random))
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                killed += 1
            }
            process.waitUntilExit()
            if FileManager.default.fileExists(atPath: manifest.path) {
                // Killed before it touched the output, or after it finished.
                let output = try site.snapshot()
                #expect(output == sites[0] || output == sites[1], "run \(run): a manifest beside an output that is not a whole site")
            }
            let next = try PortalExecutable.run(["build"], in: site.root)
            try #require(next.status == 0, "\(next.errors)")
            #expect(try site.snapshot() == sites[version - 1], "run \(run): the build after the killed one did not write the new site")
        }
        #expect(killed >= runs / 4, "only \(killed) of \(runs) builds were interrupted")
    }
}
