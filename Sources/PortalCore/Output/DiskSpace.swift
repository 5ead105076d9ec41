import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Recognises a full disk among write failures and says how much room is left.
///
/// When the disk fills, every later write fails the same way: hundreds of errors for one cause,
/// each naming a file in a temporary folder. One error naming the disk says what to do instead.
enum DiskSpace {
    /// What the system says when a write finds no room (`ENOSPC`, `EDQUOT`), as it appears in messages.
    private static let outOfSpaceReasons = [String(cString: strerror(ENOSPC)), String(cString: strerror(EDQUOT)), "not enough space"]

    /// Whether a write-failure diagnostic says the disk or the quota is full.
    static func isOutOfSpace(_ diagnostic: Diagnostic) -> Bool {
        diagnostic.id == "output.write-failed" && outOfSpaceReasons.contains { diagnostic.message.contains($0) }
    }

    /// `"12 MB free of 1.0 GB"` for the file system holding `path` (or its nearest existing parent).
    static func describe(_ path: URL) -> String? {
        var url = path
        var status = statvfs()
        while statvfs(url.path, &status) != 0 {
            guard url.pathComponents.count > 1 else { return nil }
            url.deleteLastPathComponent()
        }
        let free = Double(status.f_bavail) * Double(status.f_frsize)
        let total = Double(status.f_blocks) * Double(status.f_frsize)
        return "\(size(free)) free of \(size(total))"
    }

    private static func size(_ bytes: Double) -> String {
        let units = ["bytes", "KB", "MB", "GB", "TB"]
        var value = bytes
        var unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? "\(Int(value)) bytes" : String(format: value < 10 ? "%.1f %@" : "%.0f %@", value, units[unit])
    }
}
