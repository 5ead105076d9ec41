import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Plain file writes for the staging folder: no temporary file and no fsync per file,
/// since the whole folder is swapped in at the end (Foundation's `Data.write` syncs every file).
enum FileOutput {
    /// An error from the operating system while writing `path`.
    struct Failure: Error, CustomStringConvertible, LocalizedError {
        let path: String
        let code: Int32
        var description: String { "\(path): \(String(cString: strerror(code)))" }
        var errorDescription: String? { description }
    }

    /// Writes `bytes` to `path`, creating missing parent folders; a file that already holds exactly
    /// these bytes (left by an earlier build in the reused staging folder) is not touched. With
    /// `replacing`, the bytes go to a temporary file renamed over `path`, so a reader of the live
    /// folder sees the old file or the new one, never half of it.
    static func write(_ bytes: UnsafeBufferPointer<UInt8>, to path: String, replacing: Bool = false) throws {
        if holds(bytes, path) { return }
        guard replacing else { return try create(bytes, at: path) }
        let temporary = path + ".portal-partial"
        try create(bytes, at: temporary)
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw Failure(path: path, code: code)
        }
    }

    private static func create(_ bytes: UnsafeBufferPointer<UInt8>, at path: String) throws {
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

    /// Whether the file at `path` exists and holds exactly `bytes`.
    private static func holds(_ bytes: UnsafeBufferPointer<UInt8>, _ path: String) -> Bool {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, Int(status.st_size) == bytes.count else { return false }
        guard bytes.count > 0 else { return true }
        let existing = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes.count, alignment: 1)
        defer { existing.deallocate() }
        var read = 0
        while read < bytes.count {
            let result = Glibc.read(descriptor, existing.baseAddress.map { $0 + read }, bytes.count - read)
            if result < 0, errno == EINTR { continue }
            guard result > 0 else { return false }
            read += result
        }
        guard let left = existing.baseAddress, let right = bytes.baseAddress else { return false }
        return memcmp(left, right, bytes.count) == 0
    }

    /// A file written piece by piece through a buffer (for `llms-full.txt`, too large to hold whole).
    struct Stream {
        private let path: String
        private var descriptor: Int32 = -1
        private var buffer: [UInt8] = []
        private var failure: Int32?

        init(path: String) {
            self.path = path
            descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            if descriptor < 0 { failure = errno }
            buffer.reserveCapacity(1 << 20)
        }

        mutating func append(_ text: String) {
            buffer += text.utf8
            if buffer.count >= 1 << 20 { flush() }
        }

        private mutating func flush() {
            guard failure == nil, descriptor >= 0 else { buffer.removeAll(keepingCapacity: true); return }
            var written = 0
            while written < buffer.count {
                let result = buffer.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + written, buffer.count - written) }
                if result < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    break
                }
                written += result
            }
            buffer.removeAll(keepingCapacity: true)
        }

        /// Writes what is left and closes the file; returns the error, if any.
        mutating func finish() -> Failure? {
            flush()
            if descriptor >= 0 { close(descriptor) }
            descriptor = -1
            return failure.map { Failure(path: path, code: $0) }
        }
    }
}
