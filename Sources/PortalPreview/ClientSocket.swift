import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One accepted, non-blocking connection: every read and write waits at most until a deadline.
struct ClientSocket: Sendable {
    let descriptor: Int32

    /// What a read brought.
    enum Received {
        case bytes(Int)
        /// The client closed its side, or the connection failed.
        case closed
        /// Nothing arrived before the deadline.
        case timedOut
    }

    /// A moment on the monotonic clock, `seconds` from now.
    static func deadline(in seconds: Double) -> UInt64 {
        DispatchTime.now().uptimeNanoseconds + UInt64(max(0, seconds) * 1e9)
    }

    /// Milliseconds left until `deadline`, for `poll`.
    private static func milliseconds(until deadline: UInt64) -> Int32 {
        let now = DispatchTime.now().uptimeNanoseconds
        guard deadline > now else { return 0 }
        return Int32(min((deadline - now) / 1_000_000 + 1, UInt64(Int32.max)))
    }

    /// Waits until the socket is ready for `events` or the deadline passes; false on timeout or error.
    private func wait(for events: Int16, until deadline: UInt64) -> Bool {
        while true {
            var poller = pollfd(fd: descriptor, events: events, revents: 0)
            let ready = poll(&poller, 1, Self.milliseconds(until: deadline))
            if ready < 0, errno == EINTR { continue }
            return ready > 0
        }
    }

    /// Reads into the start of `buffer` (at most its size), waiting until `deadline` for something to arrive.
    func read(into buffer: inout [UInt8], until deadline: UInt64) -> Received {
        while true {
            let result = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if result > 0 { return .bytes(result) }
            if result == 0 { return .closed }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK:
                guard wait(for: Int16(POLLIN), until: deadline) else { return .timedOut }
            default: return .closed
            }
        }
    }

    /// Sends all of `bytes` before `deadline`; false when the client is gone or too slow.
    func send(_ bytes: UnsafeRawBufferPointer, until deadline: UInt64) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        var sent = 0
        while sent < bytes.count {
            let result = Glibc.send(descriptor, base + sent, bytes.count - sent, Int32(MSG_NOSIGNAL))
            if result >= 0 {
                sent += result
                continue
            }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK:
                guard wait(for: Int16(POLLOUT), until: deadline) else { return false }
            default: return false
            }
        }
        return true
    }

    func send(_ data: Data, until deadline: UInt64) -> Bool {
        data.withUnsafeBytes { send($0, until: deadline) }
    }

    /// Whether the client has hung up (checked without waiting, while an event stream is idle).
    /// What it sent meanwhile is read and dropped, a bounded amount per check, so a client that
    /// keeps sending cannot keep the thread busy.
    func clientHasLeft() -> Bool {
        var scratch = [UInt8](repeating: 0, count: 4096)
        for _ in 0..<16 {
            let result = recv(descriptor, &scratch, scratch.count, 0)
            if result > 0 { continue }
            if result == 0 { return true }
            return !(errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
        }
        return false
    }

    /// Closes after a response that the client may not have finished sending its request for:
    /// closing with unread bytes would reset the connection, and the client could lose the
    /// response. So the sending side is shut, and what still comes is read and dropped, within bounds.
    func closeGracefully(lingering seconds: Double = 1, upTo limit: Int = 1 << 20) {
        Glibc.shutdown(descriptor, Int32(SHUT_WR))
        let deadline = Self.deadline(in: seconds)
        var scratch = [UInt8](repeating: 0, count: 16 * 1024)
        var dropped = 0
        while dropped < limit, case .bytes(let count) = read(into: &scratch, until: deadline) {
            dropped += count
        }
        close(descriptor)
    }
}
