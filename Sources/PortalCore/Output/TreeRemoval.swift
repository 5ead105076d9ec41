import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Deletes a whole folder quickly: the old site after a swap holds thousands of folders,
/// and FileManager's removal inspects each entry several times.
enum TreeRemoval {
    /// Removes the folder at `path` and everything in it, its top-level entries on all cores; ignores errors.
    static func remove(_ path: String) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        _ = ParallelMap.map(names) { name in removeEntry(path + "/" + name) }
        rmdir(path)
    }

    /// Deletes every file under `root` whose path relative to `root` is not in `keeping`, and the folders left empty.
    static func prune(_ root: String, keeping: Set<String>) {
        let descriptor = open(root, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        _ = prune(descriptor, prefix: "", keeping: keeping)
    }

    /// Prunes the open folder `descriptor` (closing it); returns whether anything is left in it.
    private static func prune(_ descriptor: Int32, prefix: String, keeping: Set<String>) -> Bool {
        guard let directory = fdopendir(descriptor) else {
            close(descriptor)
            return true
        }
        defer { closedir(directory) }
        var kept = false
        var subfolders: [String] = []
        while let entry = readdir(directory) {
            let name = entryName(entry)
            if name == "." || name == ".." { continue }
            if entry.pointee.d_type == UInt8(DT_DIR) {
                subfolders.append(name)
            } else if keeping.contains(prefix + name) {
                kept = true
            } else {
                unlinkat(descriptor, name, 0)
            }
        }
        for name in subfolders {
            let child = openat(descriptor, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard child >= 0 else { continue }
            if prune(child, prefix: prefix + name + "/", keeping: keeping) {
                kept = true
            } else {
                unlinkat(descriptor, name, AT_REMOVEDIR)
            }
        }
        return kept
    }

    private static func entryName(_ entry: UnsafeMutablePointer<dirent>) -> String {
        withUnsafePointer(to: entry.pointee.d_name) { pointer in
            pointer.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
        }
    }

    /// Removes one entry: a file directly, a folder by pruning everything in it.
    private static func removeEntry(_ path: String) {
        if unlink(path) == 0 { return }
        guard errno == EISDIR || errno == EPERM else { return }
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        _ = prune(descriptor, prefix: "", keeping: [])
        rmdir(path)
    }
}
