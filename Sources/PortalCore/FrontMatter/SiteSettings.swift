import Foundation
import PortalMarkdown
import PortalMath

/// The decoded `content/site.yml`.
struct SiteSettings: Sendable {
    var title = "Untitled site"
    var description = ""
    var baseURL: String?
    var language = "en"
    var allowsRawHTML = false
    var navigation: [NavigationEntry] = []
    var footer: String?
    /// The math macros every page may use (`math: {macros: …}`), by name, as TeX; only those that parse.
    var mathMacros: [String: String] = [:]
    /// The video hosts whose player pages show (`video: {embed: …}`), in `VideoHost.allCases` order.
    var videoEmbeds: [VideoHost] = []
    /// Where the site's sources are published (`repository:`), if set.
    var repository: SourceRepository?
    /// The services that open notebook pages' notebooks (`notebooks:`), if set.
    var notebookLaunch: NotebookLaunch?
    /// How to reach the people who run the site (`contact:`): its address and what to show.
    var contact: (url: String, label: String)?
    /// The community's channels (`channels:`, a list of `{title, link}` to web addresses).
    var channels: [(title: String, url: String)] = []
    /// Groups of words search treats as one (`search: synonyms:`), each form as its search terms.
    var searchSynonyms: [[[String]]] = []
    /// How many items a page of a long listing shows (`listings: {page_size: …}`); see `ListingLayout`.
    var listingPageSize = SiteSettings.defaultListingPageSize
    /// How the site itself is cited (`citation:`), if set: `CITATION.cff` and `CITATION.bib` are written from it.
    var citation: SiteCitation?
    /// The settings file's text, for diagnostics about menu links.
    var source: SourceText?

    /// The macros that parse; each that does not is an error at its TeX.
    private static func checkedMacros(_ macros: [String: Located<String>], source: SourceText, sink: DiagnosticSink) -> [String: String] {
        var kept: [String: String] = [:]
        for (name, body) in macros.sorted(by: { $0.key < $1.key }) {
            if let failure = MathConverter.parseMacros([name: body.value]).1.first {
                sink.add(source.error("settings.bad-macro", "math macro '\(name)': \(failure.error.message)", line: body.line,
                                      column: body.column + failure.error.offset, fix: failure.error.fix ?? "correct its TeX"))
            } else {
                kept[name] = body.value
            }
        }
        return kept
    }

    /// The hosts named under `video: embed:`; each name that is not a host is an error at it.
    private static func checkedVideoHosts(_ names: [Located<String>], source: SourceText, sink: DiagnosticSink) -> [VideoHost] {
        var hosts: Set<VideoHost> = []
        for name in names {
            guard let host = VideoHost(rawValue: name.value.lowercased()) else {
                let known = VideoHost.allCases.map(\.rawValue)
                sink.add(source.error("settings.unknown-video-host", "'\(name.value)' is not a video host portal can embed", line: name.line, column: name.column,
                                      fix: Suggestion.didYouMean(name.value, in: known) ?? "use \(known.joined(separator: ", ")); a video on any other host is shown as a link"))
                continue
            }
            hosts.insert(host)
        }
        return VideoHost.allCases.filter(hosts.contains)
    }

    /// The synonym groups as search terms. A group needs two forms that search can find; a form
    /// with no searchable word (only stop words or single letters), or one already in another
    /// group, is an error at it.
    private static func checkedSynonyms(_ groups: [Located<[Located<String>]>], source: SourceText, sink: DiagnosticSink) -> [[[String]]] {
        var kept: [[[String]]] = []
        var seen: [[String]: Located<String>] = [:]
        for group in groups {
            var forms: [[String]] = []
            var reported = false
            for form in group.value {
                let terms = SearchIndex.terms(in: form.value)
                if terms.isEmpty {
                    sink.add(source.error("settings.bad-synonym", "'\(form.value)' has no word search can find (common words such as 'the' and single letters are left out of the index)",
                                          line: form.line, column: form.column, fix: "remove it, or write the words a reader would type"))
                    reported = true
                } else if let earlier = seen[terms] {
                    sink.add(source.error("settings.bad-synonym", "'\(form.value)' is already a synonym on line \(earlier.line)",
                                          line: form.line, column: form.column, fix: "merge the two groups into one"))
                    reported = true
                } else if !forms.contains(terms) {
                    seen[terms] = form
                    forms.append(terms)
                }
            }
            guard forms.count >= 2 else {
                // A group whose forms were reported one by one is not reported again as a group.
                if !reported {
                    sink.add(source.error("settings.bad-synonym", "a synonym group needs at least two different words or phrases", line: group.line, column: group.column,
                                          fix: "add the other forms: [GNN, graph neural network]"))
                }
                continue
            }
            kept.append(forms)
        }
        return kept
    }

    /// A listing page shows this many items unless `site.yml` says otherwise: a screenful of
    /// cards many times over, and a page of tens of kilobytes rather than megabytes.
    static let defaultListingPageSize = 50
    /// The page sizes `listings: {page_size: …}` accepts.
    static let listingPageSizes = 5...1000

    /// `listings: {page_size: …}`, a whole number in `listingPageSizes`; anything else is an error at it.
    private static func checkedPageSize(_ value: Located<String>?, source: SourceText, sink: DiagnosticSink) -> Int {
        guard let value else { return defaultListingPageSize }
        let range = listingPageSizes
        if let size = Int(value.value), range.contains(size) { return size }
        sink.add(source.error("settings.bad-page-size", "'\(value.value)' is not a page size: 'page_size' in 'listings' is how many items a page of a listing shows",
                              line: value.line, column: value.column,
                              fix: "write a whole number from \(range.lowerBound) to \(range.upperBound), such as \(defaultListingPageSize) (the default)"))
        return defaultListingPageSize
    }

    /// `contact:` as a link: an email address (mailto:) or a web address; anything else is an error at it.
    private static func checkedContact(_ contact: Located<String>?, source: SourceText, sink: DiagnosticSink) -> (url: String, label: String)? {
        guard let contact else { return nil }
        let text = contact.value
        if text.hasPrefix("https://") || text.hasPrefix("http://"), !text.contains(where: { $0 == " " || $0 == "\"" || $0 == "<" || $0 == ">" }) {
            return (text, text.drop { $0 != "/" }.dropFirst(2).prefix { $0 != "/" }.description)
        }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        if parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !text.contains(where: { $0.isWhitespace || "<>\"(),:;[]\\".contains($0) }) {
            return ("mailto:" + text, text)
        }
        sink.add(source.error("settings.bad-contact", "'\(text)' is neither an email address nor a web address", line: contact.line, column: contact.column,
                              fix: "write the editors' email address (portal-editors@example.org) or the https:// address of a contact page"))
        return nil
    }

    /// `channels:` entries, each a web address (a chat, a mailing list, a forum); anything else is an error at it.
    private static func checkedChannels(_ entries: [NavigationEntry], source: SourceText, sink: DiagnosticSink) -> [(title: String, url: String)] {
        entries.compactMap { entry in
            let link = entry.link.value
            guard link.hasPrefix("https://") || link.hasPrefix("http://") || link.hasPrefix("mailto:"),
                  !link.contains(where: { $0 == " " || $0 == "\"" || $0 == "<" || $0 == ">" }) else {
                sink.add(source.error("settings.bad-channel", "the channel '\(entry.title)' links to '\(link)', which is not a web or email address",
                                      line: entry.link.line, column: entry.link.column, fix: "write its full https:// address (or mailto: for a mailing list)"))
                return nil
            }
            return (entry.title, link)
        }
    }

    /// The origins of the video players pages show: what the Content-Security-Policy's `frame-src` allows.
    var frameOrigins: [String] { videoEmbeds.map(\.playerOrigin) }

    /// Reads and decodes the settings file, reporting problems to `sink`.
    static func load(from contentRoot: URL, relativePath: String?, displayRoot: String, into sink: DiagnosticSink) -> SiteSettings {
        let displayPath = displayRoot.isEmpty ? ContentScanner.settingsFileName : "\(displayRoot)/\(ContentScanner.settingsFileName)"
        guard let relativePath else {
            sink.add(Diagnostic(.error, "settings.missing", "the site settings file is missing", file: displayPath,
                                fix: "create it with at least 'title:', 'description:' and 'nav:'"))
            return SiteSettings()
        }
        let text: String
        switch TextFile.read(contentRoot.appendingPathComponent(relativePath), displayPath: displayPath) {
        case .success(let value): text = value
        case .failure(let diagnostic):
            sink.add(diagnostic)
            return SiteSettings()
        }
        let source = SourceText(displayPath: displayPath, text: text)
        var diagnostics: [Diagnostic] = []
        let decoded = FrontMatterDecoder(schema: .site, source: source, firstLine: 1).decode(text, diagnostics: &diagnostics)
        sink.add(contentsOf: diagnostics)
        var settings = SiteSettings()
        settings.source = source
        settings.title = decoded.text("title") ?? settings.title
        settings.description = decoded.text("description") ?? ""
        settings.baseURL = decoded.text("base_url")
        settings.language = decoded.text("language") ?? "en"
        settings.allowsRawHTML = decoded.boolean("raw_html") ?? false
        settings.navigation = decoded.navigation("nav")
        settings.footer = decoded.text("footer")
        settings.mathMacros = checkedMacros(decoded.macros("math"), source: source, sink: sink)
        settings.searchSynonyms = checkedSynonyms(decoded.synonyms("search"), source: source, sink: sink)
        settings.videoEmbeds = checkedVideoHosts(decoded.list("video"), source: source, sink: sink)
        let repository = decoded.fields("repository")
        settings.repository = SourceRepository.checked(repository.texts, at: decoded.keyPosition("repository"), source: source, sink: sink)
        settings.contact = checkedContact(decoded.values["contact"].map { Located(value: decoded.text("contact") ?? "", line: $0.line, column: $0.column) },
                                          source: source, sink: sink)
        settings.channels = checkedChannels(decoded.navigation("channels"), source: source, sink: sink)
        let notebooks = decoded.fields("notebooks")
        settings.notebookLaunch = NotebookLaunch.checked(notebooks.texts, lists: notebooks.lists, at: decoded.keyPosition("notebooks"),
                                                         repository: settings.repository, source: source, sink: sink)
        settings.listingPageSize = checkedPageSize(decoded.fields("listings").texts["page_size"], source: source, sink: sink)
        settings.citation = decoded.citation("citation")
        return settings
    }
}
