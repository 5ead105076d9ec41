/// What a body loses when raw HTML is off (the default): each fragment left out is a warning at its
/// place, naming the tag and what to write in Markdown instead.
struct RawHTMLNotice {
    /// How many fragments of one body are listed; the rest are counted in one more warning.
    static let maximumListed = 20

    private(set) var problems: [MarkdownProblem] = []
    private var unlisted = 0
    private var firstUnlisted: (line: Int, column: Int)?

    /// Notes the fragment `html` at `line`:`column`; comments and closing tags are not reported (a
    /// comment is meant to be hidden, a closing tag goes with its opening one).
    mutating func note(_ html: String, line: Int, column: Int) {
        guard let tag = Self.openingTag(of: html) else { return }
        guard problems.count < Self.maximumListed else {
            unlisted += 1
            if firstUnlisted == nil { firstUnlisted = (line, column) }
            return
        }
        problems.append(MarkdownProblem(kind: "html.dropped", line: line, column: column,
                                        message: "the raw HTML <\(tag)> is left out of the page: the site does not allow raw HTML",
                                        fix: Self.instead(of: tag), isWarning: true))
    }

    /// The problems, with one counting the fragments past the limit.
    var allProblems: [MarkdownProblem] {
        guard unlisted > 0, let first = firstUnlisted else { return problems }
        return problems + [MarkdownProblem(kind: "html.dropped", line: first.line, column: first.column,
                                           message: "\(unlisted) more raw HTML fragment\(unlisted == 1 ? " is" : "s are") left out of the page, from here on",
                                           fix: "write them in Markdown, or allow raw HTML with raw_html: true in site.yml", isWarning: true)]
    }

    /// The name of the element an HTML fragment opens (lower case), or nil for a comment, a closing
    /// tag, a declaration or a processing instruction.
    static func openingTag(of html: String) -> String? {
        var rest = Substring(html).drop { $0 == " " || $0 == "\t" || $0 == "\n" }
        guard rest.first == "<" else { return nil }
        rest = rest.dropFirst()
        let name = rest.prefix { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        guard let first = name.first, first.isLetter else { return nil }
        return name.lowercased()
    }

    /// What to write instead of an element.
    static func instead(of tag: String) -> String {
        switch tag {
        case "img", "picture", "figure": "write the image in Markdown: ![what it shows](path \"caption\")"
        case "a": "write the link in Markdown: [text](address)"
        case "br": "end the line with a backslash (\\) to break it"
        case "table", "thead", "tbody", "tr", "td", "th", "caption": "write a Markdown table (| a | b | on one line, |---|---| under it)"
        case "video", "iframe": "embed the video with a `::: video URL` block, or link to it: [watch the recording](address)"
        case "audio", "embed", "object", "source": "link to the media instead: [listen to the recording](address)"
        case "details", "summary": "use a block that opens on demand: ::: spoiler … :::"
        case "div", "aside", "section", "blockquote": "use a block (::: note … :::) or a quote (> …)"
        case "pre", "code": "use a code block (``` … ```) or code in backticks"
        case "b", "strong": "write **bold** in Markdown"
        case "i", "em": "write *emphasis* in Markdown"
        case "h1", "h2", "h3", "h4", "h5", "h6": "write the heading in Markdown: ## Heading"
        case "ul", "ol", "li": "write the list in Markdown: - item, or 1. item"
        case "hr": "write a thematic break in Markdown: ---"
        case "kbd", "sup", "sub", "span", "font", "center", "p", "small", "mark", "u": "write the text in Markdown without the markup"
        default: "write it in Markdown, or allow raw HTML with raw_html: true in site.yml"
        }
    }
}
