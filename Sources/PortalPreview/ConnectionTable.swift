import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The connections being served, and the limit on their number.
///
/// Past the limit, the connection that has waited longest for a request (an idle keep-alive
/// connection, or a client too slow to finish its request) is shut down to make room, so however
/// many such connections are open, a new client is answered. Only when every connection is busy
/// sending a response or an event stream is a new one turned away.
final class ConnectionTable: @unchecked Sendable {
    private struct Entry {
        let descriptor: Int32
        /// Since when the connection has waited for a request; nil while it is answered.
        var waitingSince: UInt64?
        /// Whether it has been shut down to make room (and will close by itself).
        var evicted = false
    }

    private let lock = NSLock()
    private let capacity: Int
    private var entries: [Int: Entry] = [:]
    private var nextID = 0
    private var evictedCount = 0
    private var stopped = false

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// Registers a new connection, making room if needed; nil when it must be turned away.
    func admit(_ descriptor: Int32) -> Int? {
        lock.withLock {
            guard !stopped else { return nil }
            if entries.count - evictedCount >= capacity {
                let candidates = entries.filter { !$0.value.evicted && $0.value.waitingSince != nil }
                guard let oldest = candidates.min(by: { ($0.value.waitingSince ?? 0, $0.key) < ($1.value.waitingSince ?? 0, $1.key) }) else { return nil }
                entries[oldest.key]?.evicted = true
                evictedCount += 1
                // Its thread, waiting on the socket, wakes to find it closed; the descriptor stays
                // open until that thread removes the entry, so it cannot name another file meanwhile.
                Glibc.shutdown(oldest.value.descriptor, Int32(SHUT_RDWR))
            }
            nextID += 1
            entries[nextID] = Entry(descriptor: descriptor, waitingSince: DispatchTime.now().uptimeNanoseconds)
            return nextID
        }
    }

    /// Marks the connection as waiting for a request (it may be shut down to make room) or being answered.
    func setWaiting(_ id: Int, _ waiting: Bool) {
        lock.withLock { entries[id]?.waitingSince = waiting ? DispatchTime.now().uptimeNanoseconds : nil }
    }

    /// Forgets a connection; its thread closes the descriptor afterwards.
    func remove(_ id: Int) {
        lock.withLock {
            if entries.removeValue(forKey: id)?.evicted == true { evictedCount -= 1 }
        }
    }

    /// Shuts every connection down and admits no more (the server is stopping).
    func shutDownAll() {
        lock.withLock {
            stopped = true
            for entry in entries.values { Glibc.shutdown(entry.descriptor, Int32(SHUT_RDWR)) }
        }
    }
}
