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

    /// A stamp standing for several files (a skill's archive): it changes when any of theirs does,
    /// or when the list does; nil when one cannot be read. It holds a hash of the stamps, seeded
    /// for this process like every `Hasher`: it is compared only with stamps of the same process.
    init?(combining stamps: [FileStamp?]) {
        var hasher = Hasher()
        for stamp in stamps {
            guard let stamp else { return nil }
            hasher.combine(stamp)
        }
        size = stamps.count
        seconds = hasher.finalize()
        nanoseconds = 0
        inode = 0
    }
}
