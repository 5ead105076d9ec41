import Foundation

/// The events waiting for one browser's event stream, handed from the rebuilding thread to the
/// thread that sends them.
final class EventSubscription: @unchecked Sendable {
    private let condition = NSCondition()
    private var pending: [[UInt8]] = []
    private var closed = false
    /// A browser that stops reading loses the oldest events, not the server's memory.
    private static let maximumPending = 64

    /// What waiting for an event brought.
    enum Next {
        case event([UInt8])
        /// Nothing happened in the time given.
        case idle
        /// The server is stopping.
        case closed
    }

    /// Queues an event for the browser.
    func push(_ event: [UInt8]) {
        condition.withLock {
            if pending.count >= Self.maximumPending { pending.removeFirst() }
            pending.append(event)
            condition.signal()
        }
    }

    /// Ends the stream.
    func close() {
        condition.withLock {
            closed = true
            condition.signal()
        }
    }

    /// The next event, waiting up to `seconds` for one.
    func next(waiting seconds: Double) -> Next {
        condition.withLock {
            let limit = Date(timeIntervalSinceNow: seconds)
            while pending.isEmpty, !closed {
                if !condition.wait(until: limit) { break }
            }
            if !pending.isEmpty { return .event(pending.removeFirst()) }
            return closed ? .closed : .idle
        }
    }
}
