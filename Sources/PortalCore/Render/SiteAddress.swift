/// Absolute addresses of pages, from the site's base URL, for feeds, sitemaps and canonical links.
struct SiteAddress: Sendable {
    /// The base URL ending in `/`, or nil when the site does not know where it is published.
    let base: String?

    init(baseURL: String?) {
        guard let baseURL, !baseURL.isEmpty else {
            base = nil
            return
        }
        base = baseURL.hasSuffix("/") ? baseURL : baseURL + "/"
    }

    /// The path of the base URL from the server's root, ending in `/` (`/portal/` for
    /// `https://example.org/portal/`), or nil when the base URL is not known.
    var rootPath: String? {
        guard let base else { return nil }
        guard let scheme = base.range(of: "://") else { return base.hasPrefix("/") ? base : nil }
        let afterHost = base[scheme.upperBound...].firstIndex(of: "/") ?? base.endIndex
        let path = String(base[afterHost...])
        return path.isEmpty ? "/" : path
    }

    /// The absolute address of a site file, with `index.html` left off (`https://…/tutorials/x/`).
    func absolute(_ outputPath: String) -> String? {
        guard let base else { return nil }
        return base + Self.pretty(outputPath)
    }

    /// A site path with a trailing `index.html` left off.
    static func pretty(_ outputPath: String) -> String {
        if outputPath == "index.html" { return "" }
        if outputPath.hasSuffix("/index.html") { return String(outputPath.dropLast("index.html".count)) }
        return outputPath
    }
}
