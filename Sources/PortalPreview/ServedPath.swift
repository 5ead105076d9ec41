import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Maps a request path to a file inside the served folder, and never to anything outside it.
///
/// The path is checked after percent-decoding: a `..` segment, a NUL byte, a backslash or a path
/// longer than `maximumLength` is refused, and the file found is resolved through symbolic links
/// and must still lie inside the folder.
public struct ServedPath: Sendable {
    /// The longest request path served.
    public static let maximumLength = 2048

    /// What a request path names.
    public enum Resolution: Equatable, Sendable {
        /// A file to send.
        case file(URL)
        /// A folder asked for without its trailing slash: redirect to this path.
        case redirect(String)
        /// Nothing there (the site's 404 page answers).
        case notFound
        /// A path that tries to leave the folder, or cannot be a file name.
        case forbidden
    }

    /// The served folder, with symbolic links resolved.
    public let root: URL

    public init(root: URL) {
        self.root = root.standardizedFileURL.resolvingSymlinksInPath()
    }

    /// The path of `file` (a file `resolve` found) inside the folder: the output path of a page.
    public func outputPath(of file: URL) -> String? {
        let path = file.path
        guard path.hasPrefix(root.path + "/") else { return nil }
        return String(path.dropFirst(root.path.count + 1))
    }

    /// Resolves the path of a request (without its query), as sent or already decoded.
    public func resolve(_ requestPath: String) -> Resolution {
        guard requestPath.utf8.count <= Self.maximumLength else { return .forbidden }
        guard let decoded = requestPath.removingPercentEncoding, decoded.utf8.count <= Self.maximumLength else { return .forbidden }
        guard !decoded.contains("\0"), !decoded.contains("\\") else { return .forbidden }
        var segments: [String] = []
        for segment in decoded.split(separator: "/", omittingEmptySubsequences: true) {
            if segment == "." { continue }
            if segment == ".." { return .forbidden }
            segments.append(String(segment))
        }
        let wantsFolder = decoded.hasSuffix("/") || segments.isEmpty
        var candidate = segments.reduce(root) { $0.appendingPathComponent($1) }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory) else { return .notFound }
        if isDirectory.boolValue {
            guard wantsFolder else { return .redirect("/" + segments.joined(separator: "/") + "/") }
            candidate = candidate.appendingPathComponent("index.html")
        }
        guard let real = realpath(candidate.path, nil) else { return .notFound }
        defer { free(real) }
        let resolved = String(cString: real)
        guard resolved.hasPrefix(root.path + "/") else { return .forbidden }
        var status = stat()
        guard stat(resolved, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return .notFound }
        return .file(URL(fileURLWithPath: resolved))
    }

    /// The media type of a file, by its extension.
    public static func contentType(of url: URL) -> String {
        switch url.pathExtension.lowercased() {
        case "html", "htm": return "text/html; charset=utf-8"
        case "css": return "text/css; charset=utf-8"
        case "js", "mjs": return "text/javascript; charset=utf-8"
        case "json": return "application/json"
        case "xml": return "application/xml"
        case "txt", "md", "py", "yaml", "yml", "toml", "sh": return "text/plain; charset=utf-8"
        case "svg": return "image/svg+xml"
        case "png": return "image/png"
        case "jpg", "jpeg": return "image/jpeg"
        case "gif": return "image/gif"
        case "webp": return "image/webp"
        case "ico": return "image/x-icon"
        case "pdf": return "application/pdf"
        case "woff2": return "font/woff2"
        default: return "application/octet-stream"
        }
    }
}
