import Foundation
import PortalCore
import PortalTestSupport
import Testing

/// A build that fills its disk: one error naming the disk, and the partial output gone.
@Suite("Disk full")
struct DiskFullTests {
    /// Runs `mount` or `umount` with `arguments`; true when it succeeded.
    @discardableResult
    private static func run(_ tool: String, _ arguments: [String]) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    /// Whether this system lets the tests mount a small tmpfs (root, outside a restricted container).
    static let canMountSmallDisk: Bool = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("portal-mount-\(UUID().uuidString)")
        guard (try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)) != nil else { return false }
        defer { try? FileManager.default.removeItem(at: folder) }
        guard run("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", folder.path]) else { return false }
        return run("umount", [folder.path])
    }()

    @Test("Filling a 1 MB disk is one error naming the disk and its room, and nothing is left on it",
          .enabled(if: canMountSmallDisk, "needs root and tmpfs to make a small disk"))
    func diskFull() throws {
        // 40 pages of about 40 KB each: their HTML and twins need about 3 MB.
        var files: [String: String] = .init(files: TestSite.breakout("agentic-ai"))
        let paragraph = String(repeating: "Jets are clustered from calorimeter deposits and tracks. ", count: 700)
        for number in 1...40 {
            let (path, text) = TestSite.tutorial("part-\(number)", body: paragraph + "\n")
            files[path] = text
        }
        let site = try TestSite(files)
        defer { site.cleanUp() }
        let disk = site.root.appendingPathComponent("disk")
        try FileManager.default.createDirectory(at: disk, withIntermediateDirectories: false)
        try #require(Self.run("mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", disk.path]))
        defer { Self.run("umount", [disk.path]) }

        let outcome = try PortalExecutable.run(["build", "--output", "disk/site"], in: site.root)
        #expect(outcome.status == 1)
        let errors = outcome.output.split(separator: "\n").filter { $0.contains(": error: ") }
        #expect(errors.count == 1, "\(outcome.output)")
        #expect(errors.first?.hasPrefix("disk/site: error: the disk holding 'disk/site' is full (") == true, "\(outcome.output)")
        #expect(errors.first?.hasSuffix(" free of 1.0 MB now); the partial output was removed (free some space on that disk, or pass --output with a folder on another disk)") == true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: disk.path).isEmpty)
        #expect(outcome.errors.contains("Failed: 1 error"))
    }
}
