extension SearchIndex {
    /// What a document's term entries and its row are made of: equal sources give equal entries
    /// and rows, so a page rendered again for what it shows (a card, a template) is not read again.
    struct DocumentSource: Equatable, Sendable {
        let title: String
        let summary: String?
        let headings: [String]
        let tags: [String]
        let text: String
        let path: String
        let kind: String

        init(_ page: Page) {
            title = page.title
            summary = page.summary
            headings = page.headings.map(\.text)
            tags = page.frontMatter.list("tags").map(\.value) + SearchIndex.labels(of: page)
            text = page.plainText
            path = page.outputPath
            kind = page.kind.label
        }
    }

    /// What orders a page among the documents (see `documents(of:)`).
    struct DocumentOrder: Equatable, Sendable {
        let title: String
        let kind: ContentKind
        let path: String
    }

    /// A document's row in its chunk: title, address, summary and the start of its text (its kind is
    /// in `meta.js`), and for a title with formulas, the title as HTML with their MathML, which the
    /// results show in place of the TeX.
    static func row(of page: Page) -> JSONValue {
        var row: [JSONValue] = [.string(page.title), .string(page.outputPath), .optional(page.summary),
                                .string(String(page.plainText.prefix(excerptLength)))]
        if let html = page.titleHTML { row.append(.string(html)) }
        return .array(row)
    }
}
