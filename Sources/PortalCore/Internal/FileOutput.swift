import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Plain file writes for the staging folder: no temporary file and no fsync per file,
/// since the whole folder is swapped in at the end (Foundation's `Data.write` syncs every file).
enum FileOutput {
    /// An error from the operating system while writing `path`.
    struct Failure: Error, CustomStringConvertible {
        let path: String
        let code: Int32
        var description: String { "\(path): \(String(cString: strerror(code)))" }
    }

    /// Writes `bytes` to `path`, creating missing parent folders.
    static func write(_ bytes: UnsafeBufferPointer<UInt8>, to path: String) throws {
        var descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if descriptor < 0, errno == ENOENT {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        }
        guard descriptor >= 0 else { throw Failure(path: path, code: errno) }
        defer { close(descriptor) }
        var written = 0
        while written < bytes.count {
            let result = Glibc.write(descriptor, bytes.baseAddress.map { $0 + written }, bytes.count - written)
            if result < 0 {
                if errno == EINTR { continue }
                throw Failure(path: path, code: errno)
            }
            written += result
        }
    }
}
