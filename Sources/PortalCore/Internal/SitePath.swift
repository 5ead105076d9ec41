import Foundation

/// Path arithmetic on `/`-separated site and content paths.
enum SitePath {
    /// The folder part of `path` ("" for a top-level file).
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }

    /// `relative` resolved against `base` with `.` and `..` removed; nil if it climbs above the root.
    static func resolve(_ relative: String, against base: String) -> String? {
        var parts = base.isEmpty ? [] : base.split(separator: "/").map(String.init)
        for part in relative.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..":
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
            default: parts.append(String(part))
            }
        }
        return parts.joined(separator: "/")
    }

    /// The relative URL from a page whose HTML is in folder `from` to the site file `to`.
    static func relativeURL(from: String, to: String) -> String {
        let fromParts = from.isEmpty ? [] : from.split(separator: "/")
        let toParts = to.split(separator: "/")
        var common = 0
        while common < fromParts.count, common < toParts.count - 1, fromParts[common] == toParts[common] {
            common += 1
        }
        let ups = String(repeating: "../", count: fromParts.count - common)
        let rest = toParts[common...].map { encode(String($0)) }.joined(separator: "/")
        return ups + rest
    }

    /// Where a file of the content folder is published: the same path, except that files under
    /// `pages/` lose that folder, as the pages themselves do (`pages/team/photo.jpg` beside `team/`).
    static func outputPath(ofContentFile path: String) -> String {
        path.hasPrefix("pages/") ? String(path.dropFirst("pages/".count)) : path
    }

    /// The path from a page folder back to the site root (`../../`, or "" at the root).
    static func rootPrefix(from directory: String) -> String {
        guard !directory.isEmpty else { return "" }
        return String(repeating: "../", count: directory.split(separator: "/").count)
    }

    /// Percent-encodes one path segment for use in a URL.
    static func encode(_ segment: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "/?#")
        return segment.addingPercentEncoding(withAllowedCharacters: allowed) ?? segment
    }
}
