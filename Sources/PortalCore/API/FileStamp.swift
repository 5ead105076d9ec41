import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What identifies a file's version without reading it: size, modification time and inode
/// (the preview's memory and the file watcher compare them).
public struct FileStamp: Hashable, Sendable {
    public let size: Int
    public let seconds: Int
    public let nanoseconds: Int
    public let inode: UInt64

    /// The stamp of the file at `path`, or nil if it cannot be read.
    public init?(path: String) {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        size = Int(status.st_size)
        seconds = Int(status.st_mtim.tv_sec)
        nanoseconds = Int(status.st_mtim.tv_nsec)
        inode = UInt64(status.st_ino)
    }
}
