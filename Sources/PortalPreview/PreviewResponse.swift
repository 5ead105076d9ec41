import Foundation

/// A response of the preview server: a status, headers and a body held whole in memory.
struct PreviewResponse: Sendable {
    var status: Int
    var headers: [(name: String, value: String)]
    var body: Data

    init(status: Int, headers: [(name: String, value: String)] = [], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A short plain-text response.
    static func text(_ status: Int, _ message: String, headers: [(name: String, value: String)] = []) -> PreviewResponse {
        PreviewResponse(status: status, headers: [("Content-Type", "text/plain; charset=utf-8")] + headers, body: Data((message + "\n").utf8))
    }

    /// The status line and headers, with the body's length (and, for `close`, `Connection: close`).
    func head(closing close: Bool) -> Data {
        var text = "HTTP/1.1 \(status) \(Self.reason(for: status))\r\n"
        for header in headers { text += "\(header.name): \(header.value)\r\n" }
        text += "Content-Length: \(body.count)\r\n"
        if close { text += "Connection: close\r\n" }
        return Data((text + "\r\n").utf8)
    }

    /// The reason phrase of each status the server sends.
    static func reason(for status: Int) -> String {
        switch status {
        case 200: return "OK"
        case 301: return "Moved Permanently"
        case 400: return "Bad Request"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 408: return "Request Timeout"
        case 414: return "URI Too Long"
        case 431: return "Request Header Fields Too Large"
        case 503: return "Service Unavailable"
        case 505: return "HTTP Version Not Supported"
        default: return "Status \(status)"
        }
    }
}
