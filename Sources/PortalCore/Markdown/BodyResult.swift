import PortalMarkdown

/// One body as the Markdown stage produced it, rendered now or taken from the cache: one shared
/// box, as the preview hands the results of the pages that did not change from run to run.
final class BodyResult: Sendable {
    let rendered: RenderedMarkdown
    let diagnostics: [Diagnostic]
    /// Each page the body links to, by serial (`BodyCache.Serials`), in link order.
    let links: [Int]
    /// The `#anchor` links to check, their pages named by serial.
    let anchorChecks: [AnchorCheck]
    let entry: BodyCache.Entry?
    /// The lines of the page's file that the page keeps for the diagnostics made later.
    let source: SourceText?
    /// The problems of the page's outline, made once the page has its headings.
    let outlineDiagnostics: [Diagnostic]

    init(rendered: RenderedMarkdown, diagnostics: [Diagnostic], links: [Int], anchorChecks: [AnchorCheck], entry: BodyCache.Entry?, source: SourceText?,
         outlineDiagnostics: [Diagnostic] = []) {
        self.rendered = rendered
        self.diagnostics = diagnostics
        self.links = links
        self.anchorChecks = anchorChecks
        self.entry = entry
        self.source = source
        self.outlineDiagnostics = outlineDiagnostics
    }

    /// The same result, keeping `source` for the page.
    func keeping(source: SourceText?) -> BodyResult {
        BodyResult(rendered: rendered, diagnostics: diagnostics, links: links, anchorChecks: anchorChecks, entry: entry, source: source, outlineDiagnostics: outlineDiagnostics)
    }

    /// The same result with the problems of the page's outline.
    func with(outlineDiagnostics: [Diagnostic]) -> BodyResult {
        BodyResult(rendered: rendered, diagnostics: diagnostics, links: links, anchorChecks: anchorChecks, entry: entry, source: source, outlineDiagnostics: outlineDiagnostics)
    }

    /// Whether every page the body links to is in the list `serials` numbers.
    func linksAreKept(in serials: BodyCache.Serials) -> Bool {
        links.allSatisfy { serials.position(of: $0) != nil } && anchorChecks.allSatisfy { serials.position(of: $0.target) != nil }
    }
}
