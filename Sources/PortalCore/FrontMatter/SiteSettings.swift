import Foundation
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
        return settings
    }
}
