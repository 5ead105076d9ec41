import Foundation

/// Path arithmetic on `/`-separated site and content paths.
enum SitePath {
    /// The folder part of `path` ("" for a top-level file). The `/` is found among the bytes: a
    /// search by `Character` breaks the whole path into graphemes, and every build asks this of
    /// every page's and file's path.
    static func directory(of path: String) -> String {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return "" }
        return String(path[..<slash])
    }

    /// `relative` resolved against `base` with `.` and `..` removed; nil if it climbs above the root.
    static func resolve(_ relative: String, against base: String) -> String? {
        var parts = segments(of: base)
        for part in segments(of: relative) {
            switch part {
            case ".": continue
            case "..":
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
            default: parts.append(part)
            }
        }
        return parts.joined(separator: "/")
    }

    /// The non-empty `/`-separated parts of `path`, as slices of it (no copies).
    ///
    /// ASCII paths, nearly all, are split on the bytes; others on Characters, as before, since a `/`
    /// that a combining mark follows is not a `/` Character.
    private static func segments(of path: String) -> [Substring] {
        let bytes = path.utf8
        if bytes.allSatisfy({ $0 < 0x80 }) {
            return bytes.split(separator: 0x2F).map { Substring($0) }
        }
        return path.split(separator: "/")
    }

    /// The relative URL from a page whose HTML is in folder `from` to the site file `to`.
    static func relativeURL(from: String, to: String) -> String {
        // The longest common run of whole folders, found on the bytes.
        let fromBytes = from.utf8, toBytes = to.utf8
        var common = 0
        var index = 0
        var fromIndex = fromBytes.startIndex, toIndex = toBytes.startIndex
        while fromIndex < fromBytes.endIndex, toIndex < toBytes.endIndex, fromBytes[fromIndex] == toBytes[toIndex] {
            index += 1
            fromIndex = fromBytes.index(after: fromIndex)
            toIndex = toBytes.index(after: toIndex)
            if toIndex < toBytes.endIndex, toBytes[toIndex] == 0x2F, fromIndex == fromBytes.endIndex || fromBytes[fromIndex] == 0x2F {
                common = index + 1
            }
        }
        // One `../` per folder left in `from`: its non-empty runs between slashes, counted without splitting.
        var ups = 0
        var previous: UInt8 = 0x2F
        for byte in from.utf8.dropFirst(common) {
            if byte != 0x2F, previous == 0x2F { ups += 1 }
            previous = byte
        }
        let rest = to.utf8.dropFirst(common)
        var result = String(repeating: "../", count: ups)
        let restText = Substring(rest)
        if restText.utf8.allSatisfy({ $0 < 0x80 && $0 != 0x20 && $0 != 0x25 && $0 != 0x3F && $0 != 0x23 }) {
            result += restText
        } else {
            result += restText.split(separator: "/", omittingEmptySubsequences: false).map { encode(String($0)) }.joined(separator: "/")
        }
        return result
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
