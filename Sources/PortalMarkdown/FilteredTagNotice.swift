/// The raw HTML that may not reach a page, with raw HTML on: each tag or attribute is a problem at
/// its place, and is left out of the page (a tag with the text of its element, for those whose
/// content is text) rather than shown as `&lt;iframe…` text or kept to do nothing.
///
/// - `html.filtered-tag` (error): GitHub's tag filter would escape the tag.
/// - `html.blocked-tag` (error): the theme's Content-Security-Policy would block what the tag does,
///   the tag acts on the whole page (its base address, metadata, stylesheets, frames), or it can
///   change a link into one that runs script (SVG animation).
/// - `html.blocked-attribute` (error): an event handler (`onclick=`), which the policy blocks.
/// - `html.inline-style` (warning): a `style` attribute, which the policy ignores.
/// - `html.cut-tag` (warning): a tag a blank line cuts before its `>`, closed where its node ends.
/// - `html.tangled` (error): raw HTML that reads otherwise once those parts are out: left out whole.
/// - `link.unsafe-url` (error): a script address in an attribute the build does not otherwise read
///   (`formaction`, `background`, …): the address is removed.
///
/// As for `RawHTMLNotice`, 20 of each severity are listed per body and one more counts the rest.
struct FilteredTagNotice {
    /// The tags cmark-gfm's `tagfilter` extension escapes (GitHub's "disallowed raw HTML").
    static let names: Set<String> = ["title", "textarea", "style", "xmp", "iframe", "noembed", "noframes", "script", "plaintext"]
    /// The tags the page's policy would make do nothing (plugins, foreign forms), that act on the
    /// whole page, or that can rewrite a link's address (SVG animation).
    static let blocked: Set<String> = ["object", "embed", "applet", "base", "meta", "link", "form", "frame", "frameset", "portal",
                                       "animate", "set", "animatemotion", "animatetransform", "handler", "listener"]

    /// Whether the tag `name` (lower case) is left out of pages.
    static func isLeftOut(_ name: String) -> Bool {
        names.contains(name) || blocked.contains(name)
    }

    private var errors = Capped(one: "raw HTML tag or attribute that is not allowed", many: "raw HTML tags or attributes that are not allowed")
    private var warnings = Capped(one: "raw HTML warning", many: "raw HTML warnings")
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
        let tag = isEnd ? "</\(name)>" : "<\(name)>"
        if Self.blocked.contains(name) {
            errors.add(MarkdownProblem(kind: "html.blocked-tag", line: line, column: column,
                                       message: "the raw HTML \(tag) is not allowed, even with raw_html: true (\(Self.reason(blocking: name))); it is left out of the page",
                                       fix: Self.instead(of: name)))
        } else {
            errors.add(MarkdownProblem(kind: "html.filtered-tag", line: line, column: column,
                                       message: "the raw HTML \(tag) is not allowed, even with raw_html: true (GitHub's tag filter would show it as text); it is left out of the page",
                                       fix: Self.instead(of: name)))
        }
    }

    /// Notes the attribute `name` (lower case) of the tag `tag` at `line`:`column`, an event handler
    /// or a `style`.
    mutating func noteAttribute(_ name: String, of tag: String, line: Int, column: Int) {
        if name == "style" {
            warnings.add(MarkdownProblem(kind: "html.inline-style", line: line, column: column,
                                         message: "the style attribute of <\(tag)> is left out of the page: the theme's Content-Security-Policy ignores inline styles, so it would change nothing",
                                         fix: "write emphasis in Markdown (**bold**, *italic*), put the text in a block (::: note … :::), or size an image with {: width=\"60%\"}",
                                         isWarning: true))
        } else {
            errors.add(MarkdownProblem(kind: "html.blocked-attribute", line: line, column: column,
                                       message: "the event handler \(name)= of <\(tag)> is not allowed, even with raw_html: true (a page cannot run scripts of its own: the theme's Content-Security-Policy blocks them); it is left out of the page",
                                       fix: "remove it: there is no safe equivalent; for text that opens on demand use a block (::: spoiler … :::)"))
        }
    }

    /// Notes raw HTML at `line`:`column` left out whole: without its unsafe parts it would read otherwise.
    mutating func noteTangled(line: Int, column: Int) {
        errors.add(MarkdownProblem(kind: "html.tangled", line: line, column: column,
                                   message: "this raw HTML is left out of the page: with the parts that are not allowed taken out, its tags would read differently (their attributes run into each other)",
                                   fix: "write each tag with its attributes separated by spaces and each value in quotes, and fix the errors reported in it"))
    }

    /// Notes a comment (`closing` is `-->`), or what a browser reads as one (`>`: `<!…`, `<?…`, `</` and no letter), whose end a blank line cuts off.
    mutating func noteUnclosedComment(_ closing: String, line: Int, column: Int) {
        warnings.add(MarkdownProblem(kind: "html.cut-tag", line: line, column: column,
                                     message: closing == "-->" ? "the raw HTML comment has no '-->' before a blank line ends its HTML; it is closed there, and what follows is read as Markdown"
                                         : "this '<' starts what a browser reads as a comment (a '<!', '<?' or '</' without a tag name), and it has no '>' before a blank line ends its HTML; it is closed there",
                                     fix: closing == "-->" ? "end the comment with '-->' before the blank line" : "write the '<' as '&lt;', or end it with '>'",
                                     isWarning: true))
    }

    /// Notes the tag `name` whose end a blank line cuts off, at `line`:`column`.
    mutating func noteCutTag(_ name: String, isEnd: Bool, line: Int, column: Int) {
        warnings.add(MarkdownProblem(kind: "html.cut-tag", line: line, column: column,
                                     message: "the raw HTML \(isEnd ? "</" : "<")\(name) has no '>' before a blank line ends its HTML; it is closed there, and what follows is read as Markdown",
                                     fix: "keep the tag and its attributes on lines without a blank line between them, and end it with '>'",
                                     isWarning: true))
    }

    /// Notes the address of attribute `name` of tag `tag`, at `line`:`column`, whose scheme runs script.
    mutating func noteUnsafeAddress(_ name: String, of tag: String, scheme: String, line: Int, column: Int) {
        errors.add(MarkdownProblem(kind: "link.unsafe-url", line: line, column: column,
                                   message: "this address of <\(tag) \(name)> is a '\(scheme):' address, which could run code in the reader's browser; it is removed",
                                   fix: "link to an http:// or https:// address instead"))
    }

    /// Whether the attribute named `name` (lower case) is left out of the tags that stay.
    static func isLeftOut(attribute name: String) -> Bool {
        name == "style" || name.utf8.starts(with: "on".utf8)
    }

    /// The problems, with one more for each severity counting those past the limit.
    var allProblems: [MarkdownProblem] {
        errors.all + warnings.all
    }

    /// Why a blocked tag cannot stand in a page.
    static func reason(blocking tag: String) -> String {
        switch tag {
        case "object", "embed", "applet": "the theme's Content-Security-Policy blocks plugins, so it would show nothing"
        case "form": "the theme's Content-Security-Policy sends forms only to this site, which is static and cannot answer them"
        case "base": "it would change where every relative link of the page points"
        case "meta": "it could send readers to another address or change how the page is read"
        case "link": "it would load a stylesheet or resource into every reader's view of the page"
        case "animate", "set", "animatemotion", "animatetransform": "SVG animation can change a link's address into one that runs script"
        case "handler", "listener": "it can run script"
        default: "the theme's Content-Security-Policy blocks frames other than video players"
        }
    }

    /// What to do instead of a tag left out.
    static func instead(of tag: String) -> String {
        switch tag {
        case "iframe", "noembed", "noframes", "frame", "frameset", "portal": "embed videos with a `::: video URL` block; other embedded pages have no safe equivalent: link to them instead"
        case "object", "embed", "applet": "link to the file instead (`[the slides](slides.pdf)`), show an image with `![alt text](plot.png)`, or embed a video with a `::: video URL` block"
        case "form": "link to the service's own page instead (`[search CDS](https://cds.cern.ch/)`)"
        case "base": "remove it: each link is read from the page's own file"
        case "meta": "remove it: a page's metadata comes from its front-matter; to send readers elsewhere, link to the other page"
        case "link": "remove it: the theme's stylesheet styles every page; to point to a resource, write a Markdown link"
        case "handler", "listener": "remove it: a page cannot run scripts of its own; there is no safe equivalent"
        case "animate", "set", "animatemotion", "animatetransform": "remove it: draw the figure's final state, or show the animation as a video (`::: video URL`)"
        case "script": "remove it: a page cannot run scripts of its own; there is no safe equivalent"
        case "style": "remove it: the theme's stylesheet styles every page; there is no safe equivalent"
        case "title": "remove it: the page's title comes from its front-matter"
        case "textarea", "xmp", "plaintext": "show the text in a code block (``` … ```) instead"
        default: "remove it: it has no safe equivalent"
        }
    }

    /// Problems listed up to `RawHTMLNotice.maximumListed`, and one more counting the rest.
    private struct Capped {
        /// What is counted, in the singular and the plural.
        let one: String
        let many: String
        private(set) var listed: [MarkdownProblem] = []
        private var unlisted = 0
        private var firstUnlisted: MarkdownProblem?

        init(one: String, many: String) {
            self.one = one
            self.many = many
        }

        mutating func add(_ problem: MarkdownProblem) {
            guard listed.count < RawHTMLNotice.maximumListed else {
                unlisted += 1
                if firstUnlisted == nil { firstUnlisted = problem }
                return
            }
            listed.append(problem)
        }

        var all: [MarkdownProblem] {
            guard unlisted > 0, let first = firstUnlisted else { return listed }
            return listed + [MarkdownProblem(kind: first.kind, line: first.line, column: first.column,
                                             message: "\(unlisted) more \(unlisted == 1 ? one + " is" : many + " are") left out of the page, from here on",
                                             fix: "remove them, as the ones listed", isWarning: first.isWarning)]
        }
    }
}
