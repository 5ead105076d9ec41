import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Serves one connection on a thread of its own: requests one after another (keep-alive), or one
/// event stream, each step within the server's limits.
struct ClientConnection {
    let socket: ClientSocket
    let id: Int
    let server: PreviewServer

    /// How often an idle event stream checks that its browser is still there.
    private static let streamCheckSeconds = 1.0
    /// How often an idle event stream sends a comment, so proxies and browsers keep it open.
    private static let heartbeatSeconds = 10.0

    /// Answers requests until the client leaves, breaks a limit, or the server stops; then closes.
    func run() {
        let limits = server.limits
        let table = server.connections
        var reader = RequestReader(socket: socket, limits: limits)
        while true {
            table.set(id, .waiting)
            let outcome = reader.next()
            table.set(id, .answering)
            switch outcome {
            case .closed:
                finish(gracefully: false)
                return
            case .refused(let status):
                let response = PreviewResponse.text(status, PreviewResponse.reason(for: status) + ".")
                send(response, closing: true, withBody: true)
                finish(gracefully: true)
                return
            case .request(let head):
                if head.path == LiveReload.eventsPath, head.method == "GET" {
                    streamEvents(showing: server.pageShown(query: head.query))
                    finish(gracefully: false)
                    return
                }
                let response = server.respond(to: head)
                // A body the server does not read would be taken for the next request.
                let closing = !head.keepsAlive || head.hasBody
                guard send(response, closing: closing, withBody: head.method != "HEAD") else {
                    finish(gracefully: false)
                    return
                }
                if closing {
                    finish(gracefully: true)
                    return
                }
            }
        }
    }

    @discardableResult
    private func send(_ response: PreviewResponse, closing: Bool, withBody: Bool) -> Bool {
        let deadline = ClientSocket.deadline(in: server.limits.sendSeconds)
        var head = response.head(closing: closing)
        guard withBody else { return socket.send(head, until: deadline) }
        // Small responses go in one write; large ones are not copied.
        if response.body.count <= 64 * 1024 {
            head.append(response.body)
            return socket.send(head, until: deadline)
        }
        return socket.send(head, until: deadline) && socket.send(response.body, until: deadline)
    }

    private func finish(gracefully: Bool) {
        server.connections.remove(id)
        if gracefully {
            socket.closeGracefully()
        } else {
            close(socket.descriptor)
        }
    }

    /// Sends rebuild events as they happen, until the browser goes or the server stops; the browser
    /// shows the page at output path `page`, when it said.
    private func streamEvents(showing page: String?) {
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n"
        guard socket.send(Data(head.utf8), until: ClientSocket.deadline(in: server.limits.sendSeconds)) else { return }
        server.connections.set(id, .streaming)
        let subscription = server.hub.subscribe(showing: page)
        defer { server.hub.unsubscribe(subscription) }
        var quiet = 0.0
        while true {
            switch subscription.next(waiting: Self.streamCheckSeconds) {
            case .event(let bytes):
                quiet = 0
                guard bytes.withUnsafeBytes({ socket.send($0, until: ClientSocket.deadline(in: server.limits.sendSeconds)) }) else { return }
            case .idle:
                if socket.clientHasLeft() { return }
                quiet += Self.streamCheckSeconds
                if quiet >= Self.heartbeatSeconds {
                    quiet = 0
                    guard Array(": keep-alive\n\n".utf8).withUnsafeBytes({ socket.send($0, until: ClientSocket.deadline(in: server.limits.sendSeconds)) }) else { return }
                }
            case .closed:
                return
            }
        }
    }
}
