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

    /// Writes `bytes` to `relativePath` inside the folder `root`, creating missing parent folders;
    /// a file that already holds exactly these bytes (left by an earlier build in the reused staging
    /// folder) is not touched. With `replacing`, the bytes go to a temporary file renamed over the
    /// file, so a reader of the live folder sees the old file or the new one, never half of it.
    /// With `fresh` (`root` was created empty by this build), there is no old file to compare.
    static func write(_ bytes: UnsafeBufferPointer<UInt8>, to relativePath: String, in root: String, replacing: Bool = false, fresh: Bool = false) throws {
        let path = root + "/" + relativePath
        if !fresh, holds(bytes, path) { return }
        guard replacing else { return try create(bytes, at: path, root: root) }
        let temporary = path + ".portal-partial"
        try create(bytes, at: temporary, root: root)
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw Failure(path: path, code: code)
        }
    }

    private static func create(_ bytes: UnsafeBufferPointer<UInt8>, at path: String, root: String) throws {
        var descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if descriptor < 0, errno == ENOENT {
            try makeFolders(holding: path, root: root)
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

    /// Creates the missing folders above `path`, which lies inside `root`. The folders directly
    /// inside `root` (one per section) are marked as tops of trees, as `root` itself is: see `spreadFolders(in:)`.
    private static func makeFolders(holding path: String, root: String) throws {
        guard let slash = path.utf8.lastIndex(of: 0x2F) else { return }
        let folder = String(path[..<slash])
        guard folder.utf8.count > root.utf8.count else { return }
        let isSection = !folder.utf8.dropFirst(root.utf8.count + 1).contains(0x2F)
        if mkdir(folder, 0o755) != 0 {
            switch errno {
            case EEXIST: return
            case ENOENT:
                try makeFolders(holding: folder, root: root)
                guard mkdir(folder, 0o755) == 0 || errno == EEXIST else { throw Failure(path: folder, code: errno) }
            default: throw Failure(path: folder, code: errno)
            }
        }
        if isSection { spreadFolders(in: folder) }
    }

    /// Marks `folder` as the top of a directory tree (`chattr +T`), so that ext4 places the folders
    /// created in it in different block groups, as it does for home folders, instead of next to it.
    /// Without this, a build that follows the deletion of a previous output on an ext4 file system
    /// without a journal spends most of its time in the kernel: ext4 skips inodes freed in the last
    /// minute, one by one, on every file it creates in the group that freed them. Other file systems
    /// ignore it.
    static func spreadFolders(in folder: String) {
        let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        var flags: Int32 = 0
        guard ioctl(descriptor, InodeFlags.get, &flags) == 0, flags & InodeFlags.topOfTree == 0 else { return }
        flags |= InodeFlags.topOfTree
        _ = ioctl(descriptor, InodeFlags.set, &flags)
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

/// The Linux inode-flag requests `chattr` uses (`<linux/fs.h>`), which Glibc does not export to Swift.
private enum InodeFlags {
    /// `FS_IOC_GETFLAGS`.
    static let get: UInt = 0x8008_6601
    /// `FS_IOC_SETFLAGS`.
    static let set: UInt = 0x4008_6602
    /// `FS_TOPDIR_FL`, shown by `lsattr` as `T`.
    static let topOfTree: Int32 = 0x0002_0000
}
