import Foundation
#if canImport(Glibc)
import Glibc
#endif
import PortalCore

/// Watches folders for changed files and hands them over in batches.
///
/// On Linux it uses inotify (a watch per folder, so a change is seen at once); where that is not
/// available, or the system's watch limit is reached, it compares file stamps twice a second.
/// Editors' temporary files (dot files, `~` backups, vim's `4913`) are ignored.
public final class FileWatcher: @unchecked Sendable {
    /// The folders watched, recursively.
    public let roots: [URL]
    /// How long the folders must stay quiet before a batch is handed over, so one save is one rebuild.
    public var quietPeriod: Int32 = 25
    /// How long a lone file written and closed (an editor saving in place, or a new page saved),
    /// or a lone file deleted, waits for more: an editor that saves through a temporary file or a
    /// backup, or a checkout, makes several events at once, and those wait for `quietPeriod`.
    public var loneWritePeriod: Int32 = 5

    /// What the events of a batch did, as far as the wait is concerned.
    struct Events: OptionSet {
        let rawValue: Int
        /// A file written and closed.
        static let written = Events(rawValue: 1)
        /// A file created (which its writer may still be writing, until it is closed).
        static let created = Events(rawValue: 2)
        /// A file deleted.
        static let deleted = Events(rawValue: 4)
        /// Anything else: a file moved, a folder's event, events lost.
        static let other = Events(rawValue: 8)
    }

    /// How long to wait for more events (milliseconds), when the batch so far came in `reads` reads,
    /// names `files` files, and its events did `events`. One file written and closed, or deleted,
    /// read at once, is a save or a deletion that is complete; so is one new file once it is closed,
    /// whose creation is often read before its close. A file created and not yet closed is still
    /// being written.
    static func wait(reads: Int, files: Int, events: Events, quietPeriod: Int32, loneWritePeriod: Int32) -> Int32 {
        let lone = files == 1 && (events == [.created, .written] || reads == 1 && (events == .written || events == .deleted))
        return lone ? min(loneWritePeriod, quietPeriod) : quietPeriod
    }

    #if os(Linux)
    private let inotify: Inotify?
    #endif
    /// The stamps the polling fallback compares with.
    private var snapshot: [String: FileStamp] = [:]

    /// Starts watching at once: a change made from now on is reported by `run`, even one made
    /// before `run` is called (such as during the preview's first build).
    public init(roots: [URL]) {
        self.roots = roots.map { $0.standardizedFileURL }
        #if os(Linux)
        inotify = Inotify(roots: self.roots)
        if inotify == nil { snapshot = Self.stamps(of: self.roots) }
        #else
        snapshot = Self.stamps(of: self.roots)
        #endif
    }

    /// Whether a file name is an editor's or the build's temporary file.
    static func isNoise(_ name: String) -> Bool {
        name.hasPrefix(".") || name.hasSuffix("~") || name.hasSuffix(".swp") || name.hasSuffix(".swx") || name == "4913"
            || name.hasSuffix(".portal-partial")
    }

    /// Watches until the process ends, calling `onChange` on this thread with the absolute paths of
    /// the files created, changed or deleted (nil when changes were lost and everything must be compared).
    public func run(onChange: (Set<String>?) -> Void) -> Never {
        #if os(Linux)
        if let inotify { inotify.run(quietPeriod: quietPeriod, loneWritePeriod: loneWritePeriod, onChange: onChange) }
        #endif
        poll(onChange: onChange)
    }

    /// The fallback: compare every file's stamp twice a second.
    private func poll(onChange: (Set<String>?) -> Void) -> Never {
        var previous = snapshot
        while true {
            usleep(500_000)
            let current = Self.stamps(of: roots)
            var changed: Set<String> = []
            for (path, stamp) in current where previous[path] != stamp { changed.insert(path) }
            for path in previous.keys where current[path] == nil { changed.insert(path) }
            previous = current
            if !changed.isEmpty { onChange(changed) }
        }
    }

    private static func stamps(of roots: [URL]) -> [String: FileStamp] {
        var stamps: [String: FileStamp] = [:]
        for root in roots {
            let enumerator = FileManager.default.enumerator(atPath: root.path)
            while let relative = enumerator?.nextObject() as? String {
                let name = (relative as NSString).lastPathComponent
                if isNoise(name) {
                    enumerator?.skipDescendants()
                    continue
                }
                let path = root.path + "/" + relative
                if let stamp = FileStamp(path: path) { stamps[path] = stamp }
            }
        }
        return stamps
    }
}

#if os(Linux)
/// inotify watches on every folder under the roots, and on the roots' parents for the roots themselves.
///
/// A watch follows a folder, not its name: when a root is moved away (`mv templates /tmp/t`) its
/// watches go with it, and when it comes back nothing is watching its name. So each root's parent
/// is watched too, for that one name: a root that leaves has its watches removed, and a root that
/// appears is watched again and compared whole.
///
/// The kernel reports a folder's own move (`IN_MOVE_SELF`) only after its parent's `IN_MOVED_TO`, to
/// whatever watches the folder has by then. A folder renamed inside the tree keeps its watch, and
/// a root that comes back can be watched again before its move ends, so that event can reach a
/// watch that is already right; a self move therefore forgets a watch only when its path no longer
/// names the folder watched.
private final class Inotify {
    /// A watched folder: where it is, and which folder it is, to tell a stale self move from a real one.
    private struct Folder {
        var path: String
        var identity: FolderIdentity?
    }

    private let descriptor: Int32
    private var folders: [Int32: Folder] = [:]
    /// The roots by the watch on their parent folder, and by their name in it.
    private var rootsByParent: [Int32: [String: String]] = [:]

    private static let closeWrite: UInt32 = 0x8, movedFrom: UInt32 = 0x40, movedTo: UInt32 = 0x80, create: UInt32 = 0x100
    private static let delete: UInt32 = 0x200, deleteSelf: UInt32 = 0x400, moveSelf: UInt32 = 0x800
    private static let overflow: UInt32 = 0x4000, onlyFolder: UInt32 = 0x0100_0000, addToMask: UInt32 = 0x2000_0000, isDirectory: UInt32 = 0x4000_0000
    private static let mask = closeWrite | movedFrom | movedTo | create | delete | deleteSelf | moveSelf
    private static let parentMask = movedFrom | movedTo | create | delete | onlyFolder | addToMask

    init?(roots: [URL]) {
        descriptor = inotify_init1(Int32(IN_CLOEXEC))
        guard descriptor >= 0 else { return nil }
        for root in roots {
            guard addTree(root.path) != nil else {
                close(descriptor)
                return nil
            }
            // Without it, a root moved away and back is not seen again; the rest still works.
            let parent = root.deletingLastPathComponent().path
            let watch = inotify_add_watch(descriptor, parent, Self.parentMask)
            if watch >= 0 { rootsByParent[watch, default: [:]][root.lastPathComponent] = root.path }
        }
    }

    /// Stops watching `root` and every folder under it (they have moved away or gone).
    private func removeTree(_ root: String) {
        for (watch, folder) in folders where folder.path == root || folder.path.hasPrefix(root + "/") {
            inotify_rm_watch(descriptor, watch)
            folders[watch] = nil
        }
    }

    /// Watches `path` and every folder under it; returns the files found, or nil when a watch cannot be added.
    @discardableResult
    private func addTree(_ path: String) -> [String]? {
        let watch = inotify_add_watch(descriptor, path, Self.mask)
        guard watch >= 0 else { return nil }
        folders[watch] = Folder(path: path, identity: FolderIdentity(path: path))
        var files: [String] = []
        for name in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] where !FileWatcher.isNoise(name) {
            let child = path + "/" + name
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: child, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                guard let inside = addTree(child) else { return nil }
                files += inside
            } else {
                files.append(child)
            }
        }
        return files
    }

    func run(quietPeriod: Int32, loneWritePeriod: Int32, onChange: (Set<String>?) -> Void) -> Never {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            var changed: Set<String> = []
            var lost = false
            var events: FileWatcher.Events = []
            var reads = 0
            // Block for the first event, then keep reading until the folders are quiet.
            var timeout: Int32 = -1
            while true {
                var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
                let ready = poll(&poller, 1, timeout)
                if ready < 0, errno == EINTR { continue }
                guard ready > 0 else { break }
                let count = read(descriptor, &buffer, buffer.count)
                guard count > 0 else { break }
                lost = parse(buffer[0..<count], into: &changed, events: &events) || lost
                reads += 1
                if lost { events.insert(.other) }
                timeout = FileWatcher.wait(reads: reads, files: changed.count, events: events, quietPeriod: quietPeriod, loneWritePeriod: loneWritePeriod)
            }
            if lost {
                onChange(nil)
            } else if !changed.isEmpty {
                onChange(changed)
            }
        }
    }

    /// Adds the paths of the events in `bytes` to `changed`, and what each event did to `events`
    /// (an editor's temporary file's events too: they are part of a save); returns whether events
    /// were lost.
    private func parse(_ bytes: ArraySlice<UInt8>, into changed: inout Set<String>, events: inout FileWatcher.Events) -> Bool {
        var offset = bytes.startIndex
        var lost = false
        while offset + 16 <= bytes.endIndex {
            func word(_ at: Int) -> UInt32 {
                UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
            }
            let watch = Int32(bitPattern: word(offset))
            let mask = word(offset + 4)
            let length = Int(word(offset + 12))
            let nameBytes = bytes[(offset + 16)..<min(offset + 16 + length, bytes.endIndex)].prefix { $0 != 0 }
            let name = String(decoding: nameBytes, as: UTF8.self)
            offset += 16 + length
            if mask & Self.overflow != 0 { lost = true }
            switch mask {
            case Self.closeWrite: events.insert(.written)
            case Self.create: events.insert(.created)
            case Self.delete: events.insert(.deleted)
            default: events.insert(.other)
            }
            if let root = rootsByParent[watch]?[name], mask & Self.isDirectory != 0 {
                if mask & (Self.create | Self.movedTo) != 0 {
                    // Back (or new): watch it again, and compare everything, as after lost events.
                    removeTree(root)
                    _ = addTree(root)
                    lost = true
                } else if mask & (Self.movedFrom | Self.delete) != 0 {
                    removeTree(root)
                    changed.insert(root)
                }
            }
            guard let folder = folders[watch]?.path else { continue }
            if mask & (Self.deleteSelf | Self.moveSelf) != 0, name.isEmpty {
                changed.insert(folder)
                if mask & Self.deleteSelf != 0 {
                    folders[watch] = nil
                } else if let identity = folders[watch]?.identity, FolderIdentity(path: folder) == identity {
                    // Renamed back, or renamed inside the tree and watched at its new name: still watched.
                } else {
                    // Gone from its path: its watches, and those under it, would report a folder elsewhere.
                    removeTree(folder)
                }
                continue
            }
            guard !name.isEmpty, !FileWatcher.isNoise(name) else { continue }
            let path = folder + "/" + name
            if mask & Self.isDirectory != 0 {
                if mask & (Self.create | Self.movedTo) != 0 {
                    if let files = addTree(path) { changed.formUnion(files) } else { lost = true }
                }
                changed.insert(path)
            } else {
                changed.insert(path)
            }
        }
        return lost
    }
}

/// Which folder a path names: its device and inode.
private struct FolderIdentity: Equatable {
    let device: UInt64
    let inode: UInt64

    init?(path: String) {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        device = UInt64(status.st_dev)
        inode = UInt64(status.st_ino)
    }
}
#endif
