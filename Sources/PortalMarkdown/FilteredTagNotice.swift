/// The tags GitHub's tag filter would escape, with raw HTML on: each is an error at its place, and
/// is left out of the page (with the text of its element) rather than shown as `&lt;iframe…` text.
/// As for `RawHTMLNotice`, 20 are listed per body and one more error counts the rest.
struct FilteredTagNotice {
    /// The tags cmark-gfm's `tagfilter` extension escapes (GitHub's "disallowed raw HTML").
    static let names: Set<String> = ["title", "textarea", "style", "xmp", "iframe", "noembed", "noframes", "script", "plaintext"]

    private(set) var problems: [MarkdownProblem] = []
    private var unlisted = 0
    private var firstUnlisted: (line: Int, column: Int)?
    /// The names whose start tag was reported: their end tags go with them.
    private var opened: Set<String> = []

    /// Notes the tag `name` (lower case) at `line`:`column`; an end tag is reported only when no
    /// start tag of that name came before it in the body.
    mutating func note(_ name: String, isEnd: Bool, line: Int, column: Int) {
        if isEnd {
            guard !opened.contains(name) else { return }
        } else {
            opened.insert(name)
        }
        guard problems.count < RawHTMLNotice.maximumListed else {
            unlisted += 1
            if firstUnlisted == nil { firstUnlisted = (line, column) }
            return
        }
        let tag = isEnd ? "</\(name)>" : "<\(name)>"
        problems.append(MarkdownProblem(kind: "html.filtered-tag", line: line, column: column,
                                        message: "the raw HTML \(tag) is not allowed, even with raw_html: true (GitHub's tag filter would show it as text); it is left out of the page",
                                        fix: Self.instead(of: name)))
    }

    /// The problems, with one counting the tags past the limit.
    var allProblems: [MarkdownProblem] {
        guard unlisted > 0, let first = firstUnlisted else { return problems }
        return problems + [MarkdownProblem(kind: "html.filtered-tag", line: first.line, column: first.column,
                                           message: "\(unlisted) more raw HTML tag\(unlisted == 1 ? "" : "s") that \(unlisted == 1 ? "is" : "are") not allowed \(unlisted == 1 ? "is" : "are") left out of the page, from here on",
                                           fix: "remove them, as the ones listed")]
    }

    /// What to do instead of a filtered tag.
    static func instead(of tag: String) -> String {
        switch tag {
        case "iframe", "noembed", "noframes": "embed videos with a `::: video URL` block; other embedded pages have no safe equivalent: link to them instead"
        case "script": "remove it: a page cannot run scripts of its own; there is no safe equivalent"
        case "style": "remove it: the theme's stylesheet styles every page; there is no safe equivalent"
        case "title": "remove it: the page's title comes from its front-matter"
        case "textarea", "xmp", "plaintext": "show the text in a code block (``` … ```) instead"
        default: "remove it: it has no safe equivalent"
        }
    }
}
