/// Reads request heads from one connection, within the server's limits, and keeps what the client
/// sent after a head for the next one.
///
/// It never holds more than the limits allow: a request line without its end within
/// `requestLineBytes` is answered with 414 and header lines past `headerBytes` with 431, at once,
/// without reading the rest; a head that is not complete within `headSeconds` of its first byte gets 408.
struct RequestReader {
    let socket: ClientSocket
    let limits: ServerLimits
    private var buffer: [UInt8] = []
    private var scratch = [UInt8](repeating: 0, count: 16 * 1024)

    init(socket: ClientSocket, limits: ServerLimits) {
        self.socket = socket
        self.limits = limits
    }

    /// What waiting for the next request brought.
    enum Outcome {
        case request(RequestHead)
        /// The client closed the connection or stayed idle too long between requests: close quietly.
        case closed
        /// The head is refused: answer with this status and close.
        case refused(Int)
    }

    /// Waits for the next request head.
    mutating func next() -> Outcome {
        var started = !buffer.isEmpty
        var deadline = ClientSocket.deadline(in: started ? limits.headSeconds : limits.idleSeconds)
        var searched = 0
        while true {
            if let end = Self.endOfHead(in: buffer, from: searched) {
                if let refusal = overLimit(within: end.content) { return .refused(refusal) }
                let head = buffer[0..<end.content]
                defer { buffer.removeFirst(end.next) }
                do {
                    return .request(try RequestHead.parse(head))
                } catch {
                    return .refused(error == .versionNotSupported ? 505 : 400)
                }
            }
            if let refusal = overLimit(within: buffer.count) { return .refused(refusal) }
            searched = max(0, buffer.count - 3)
            switch socket.read(into: &scratch, until: deadline) {
            case .bytes(let count):
                buffer += scratch[0..<count]
                if !started {
                    started = true
                    deadline = ClientSocket.deadline(in: limits.headSeconds)
                }
            case .closed:
                return .closed
            case .timedOut:
                return started ? .refused(408) : .closed
            }
        }
    }

    /// The status for a head (the first `count` bytes read) that is past a limit, if it is.
    private func overLimit(within count: Int) -> Int? {
        let head = buffer[0..<count]
        // Empty lines before the request line count towards it.
        guard let lineEnd = head.firstIndex(where: { $0 != UInt8(ascii: "\r") && $0 != UInt8(ascii: "\n") }).flatMap({ head[$0...].firstIndex(of: UInt8(ascii: "\n")) })
        else { return count > limits.requestLineBytes ? 414 : nil }
        if lineEnd > limits.requestLineBytes { return 414 }
        // The headers' bytes, with room for the blank line that ends them.
        return count - (lineEnd + 1) > limits.headerBytes + 2 ? 431 : nil
    }

    /// Where the head in `bytes` ends: the length of its lines (without the last line break), and
    /// where the next request starts.
    /// The blank line may end in CRLF or a bare LF.
    private static func endOfHead(in bytes: [UInt8], from start: Int) -> (content: Int, next: Int)? {
        var index = max(start, 0)
        // Empty lines before a request line are not its end.
        var sawContent = bytes[0..<min(index, bytes.count)].contains { $0 != UInt8(ascii: "\r") && $0 != UInt8(ascii: "\n") }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\n"), sawContent {
                // The previous line ended just before: is this line empty?
                var back = index - 1
                if back >= 0, bytes[back] == UInt8(ascii: "\r") { back -= 1 }
                if back >= 0, bytes[back] == UInt8(ascii: "\n") { return (back, index + 1) }
            } else if byte != UInt8(ascii: "\r"), byte != UInt8(ascii: "\n") {
                sawContent = true
            }
            index += 1
        }
        return nil
    }
}
