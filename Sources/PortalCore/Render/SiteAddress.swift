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
