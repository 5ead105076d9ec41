import Foundation

/// The temporary folders tests make, removed when the test process exits: a test that cleans up
/// after itself has removed its own already, and one that stops early (a failed `#require`) or
/// never cleans up does not leave its folder in the system's temporary folder.
public enum TemporaryFolders {
    private final class Registry: @unchecked Sendable {
        let lock = NSLock()
        var paths: [String] = []
    }

    private static let registry: Registry = {
        atexit {
            let paths = TemporaryFolders.registry.lock.withLock { TemporaryFolders.registry.paths }
            for path in paths { try? FileManager.default.removeItem(atPath: path) }
        }
        return Registry()
    }()

    /// A new folder's address in the temporary folder, named `prefix` and a UUID, to be removed at exit.
    public static func make(_ prefix: String) -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        registry.lock.withLock { registry.paths.append(url.path) }
        return url
    }
}
