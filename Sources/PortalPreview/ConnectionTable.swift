import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The connections being served, and the limit on their number.
///
/// Past the limit, the connection that has waited longest for a request (an idle keep-alive
/// connection, or a client too slow to finish its request) is shut down to make room, so however
/// many such connections are open, a new client is answered; failing that, the oldest event
/// stream (a browser's reconnects by itself). Only when every connection is busy sending a
/// response, which has a deadline, is a new one turned away.
final class ConnectionTable: @unchecked Sendable {
    /// What a connection is doing.
    enum Activity {
        /// Waiting for a request (or the rest of one).
        case waiting
        /// Sending a response.
        case answering
        /// Sending an event stream.
        case streaming
    }

    private struct Entry {
        let descriptor: Int32
        var activity: Activity
        /// Since when it has been doing it.
        var since: UInt64
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
                func oldest(_ activity: Activity) -> (key: Int, value: Entry)? {
                    entries.filter { !$0.value.evicted && $0.value.activity == activity }.min { ($0.value.since, $0.key) < ($1.value.since, $1.key) }
                }
                guard let oldest = oldest(.waiting) ?? oldest(.streaming) else { return nil }
                entries[oldest.key]?.evicted = true
                evictedCount += 1
                // Its thread, waiting on the socket, wakes to find it closed; the descriptor stays
                // open until that thread removes the entry, so it cannot name another file meanwhile.
                Glibc.shutdown(oldest.value.descriptor, Int32(SHUT_RDWR))
            }
            nextID += 1
            entries[nextID] = Entry(descriptor: descriptor, activity: .waiting, since: DispatchTime.now().uptimeNanoseconds)
            return nextID
        }
    }

    /// Records what the connection is doing now, which decides whether it may be shut down to make room.
    func set(_ id: Int, _ activity: Activity) {
        lock.withLock {
            entries[id]?.activity = activity
            entries[id]?.since = DispatchTime.now().uptimeNanoseconds
        }
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
