import PortalMarkdown

/// A page's Markdown body, with the whole text of its file for the diagnostics the body's links and
/// blocks make. The loader makes one beside each `Page`; the build driver hands them to the Markdown
/// stage, which consumes them, so a one-off build lets go of each file's text once its body is rendered.
struct PageBody: Sendable {
    /// The file's whole text; nil for generated pages.
    let source: SourceText?
    /// The text after the front-matter.
    let text: Substring
    /// A notebook's code cells, by the line of the file's text their code fences open on (see `NotebookDocument`).
    var codeCells: [Int: NotebookCodeCell] = [:]
    /// The content files the body's `{include}`s brought in, which a change to must read the page again.
    var includes: [String] = []

    /// The body of a generated page.
    static let none = PageBody(source: nil, text: "")
}

/// The pages read from the content folder and their bodies, position for position.
struct LoadedPages: Sendable {
    var pages: [Page] = []
    var bodies: [PageBody] = []

    mutating func append(_ page: Page, body: PageBody) {
        pages.append(page)
        bodies.append(body)
    }

    /// The pages (and bodies) for which `isIncluded` holds.
    func filter(_ isIncluded: (Page) -> Bool) -> LoadedPages {
        var kept = LoadedPages()
        for (page, body) in zip(pages, bodies) where isIncluded(page) { kept.append(page, body: body) }
        return kept
    }
}
