/// The request line and headers of one HTTP/1.x request.
struct RequestHead: Sendable, Equatable {
    /// The method, as sent (`GET`, `HEAD`, …).
    let method: String
    /// The path of the target, without its query or fragment, still percent-encoded.
    let path: String
    /// Header values by lower-cased name; a repeated header keeps its values joined with commas.
    let headers: [String: String]
    /// Whether the version is HTTP/1.1 (persistent connections by default) rather than 1.0.
    let isHTTP11: Bool
    /// The query of the target (after its `?`, without its fragment), still percent-encoded; empty
    /// when it has none.
    var query = ""

    /// Whether the client asked to keep the connection open for another request.
    var keepsAlive: Bool {
        let tokens = (headers["connection"] ?? "").lowercased().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        return isHTTP11 ? !tokens.contains("close") : tokens.contains("keep-alive")
    }

    /// Whether a body follows the head (which the server never reads, so the connection cannot be reused).
    var hasBody: Bool {
        headers["transfer-encoding"] != nil || (headers["content-length"].map { $0 != "0" } ?? false)
    }

    /// Why a head cannot be parsed: the status to answer.
    enum Failure: Error, Equatable {
        case badRequest
        case versionNotSupported
    }

    /// Parses a head (the request line, then header lines; each line ends in LF or CRLF; no blank line).
    static func parse(_ bytes: ArraySlice<UInt8>) throws(Failure) -> RequestHead {
        var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { line in
            line.last == UInt8(ascii: "\r") ? line.dropLast() : line
        }
        // A client may send empty lines before a request (RFC 9112, section 2.2).
        while lines.first?.isEmpty == true { lines.removeFirst() }
        guard let requestLine = lines.first else { throw .badRequest }
        let parts = requestLine.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, parts[0].allSatisfy(isTokenCharacter) else { throw .badRequest }
        let version = String(decoding: parts[2], as: UTF8.self)
        guard version.hasPrefix("HTTP/") else { throw .badRequest }
        guard version == "HTTP/1.1" || version == "HTTP/1.0" else { throw .versionNotSupported }
        guard let (path, query) = originTarget(String(decoding: parts[1], as: UTF8.self)) else { throw .badRequest }

        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            // A folded line (obsolete) or a line without a name is refused, as RFC 9112 allows.
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex,
                  line[line.startIndex..<colon].allSatisfy(isTokenCharacter)
            else { throw .badRequest }
            let name = String(decoding: line[line.startIndex..<colon], as: UTF8.self).lowercased()
            let value = String(decoding: line[(colon + 1)...], as: UTF8.self).trimmingCharacters(in: .whitespaces)
            if let earlier = headers[name] {
                // Two different lengths make the request's end ambiguous.
                if name == "content-length", earlier != value { throw .badRequest }
                headers[name] = name == "content-length" ? value : earlier + ", " + value
            } else {
                headers[name] = value
            }
        }
        return RequestHead(method: String(decoding: parts[0], as: UTF8.self), path: path, headers: headers, isHTTP11: version == "HTTP/1.1", query: query)
    }

    /// The path and the query of a request target in origin form (`/a/b?q`) or absolute form (`http://host/a/b?q`).
    private static func originTarget(_ target: String) -> (path: String, query: String)? {
        var rest = Substring(target)
        if !rest.hasPrefix("/") {
            guard let scheme = rest.range(of: "://"), ["http", "https"].contains(rest[..<scheme.lowerBound].lowercased()) else { return nil }
            rest = rest[scheme.upperBound...]
            rest = rest.firstIndex(of: "/").map { rest[$0...] } ?? "/"
        }
        if let fragment = rest.firstIndex(of: "#") { rest = rest[..<fragment] }
        guard let mark = rest.firstIndex(of: "?") else { return (String(rest), "") }
        return (String(rest[..<mark]), String(rest[rest.index(after: mark)...]))
    }

    /// Whether `byte` may appear in a method or header name (RFC 9110 `tchar`).
    private static func isTokenCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): return true
        default: return Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
        }
    }
}
