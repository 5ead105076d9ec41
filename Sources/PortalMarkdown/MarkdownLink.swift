/// A link or image destination found in a Markdown document, with where it is written.
public struct MarkdownLink: Sendable, Hashable {
    /// Whether this is a link (`[text](dest)`) or an image (`![alt](dest)`).
    public enum Kind: Sendable, Hashable {
        /// A hyperlink.
        case link
        /// An embedded image.
        case image
    }

    /// The destination exactly as the parser read it (backslash escapes and entities resolved).
    public var destination: String
    /// Link or image.
    public var kind: Kind
    /// The plain text of the link, or the alt text of an image (in raw HTML: an `<img>`'s `alt`, empty otherwise).
    public var text: String
    /// 1-based line of the destination in the Markdown text.
    public var line: Int
    /// 1-based column (in characters) of the destination in the Markdown text.
    public var column: Int
    /// For an address written in raw HTML, the element and attribute that hold it; nil in Markdown.
    public var htmlAttribute: HTMLAttribute?

    /// The element and attribute of raw HTML an address is written in (`img` and `src`).
    public struct HTMLAttribute: Sendable, Hashable {
        /// The element's name, in lower case (`img`, `a`, `source`, `video`, `audio`, `track`).
        public var element: String
        /// The attribute's name, in lower case (`src`, `srcset`, `href`, `poster`).
        public var name: String

        /// Creates an element and attribute pair.
        public init(element: String, name: String) {
            self.element = element
            self.name = name
        }
    }

    /// Creates a link description; `htmlAttribute` when it is written in raw HTML.
    public init(destination: String, kind: Kind, text: String, line: Int, column: Int, htmlAttribute: HTMLAttribute? = nil) {
        self.destination = destination
        self.kind = kind
        self.text = text
        self.line = line
        self.column = column
        self.htmlAttribute = htmlAttribute
    }
}

/// Decides what each link destination becomes in the rendered HTML.
///
/// The Markdown module knows nothing of the site: it hands each destination to a resolver.
public protocol MarkdownLinkResolving {
    /// Returns the destination to write for `link`, or `nil` to keep it unchanged.
    mutating func resolve(_ link: MarkdownLink) -> String?

    /// The destination to write in the Markdown rendering, given the one chosen for HTML.
    func markdownDestination(for link: MarkdownLink, htmlDestination: String) -> String

    /// Returns what `citation` becomes, or `nil` to keep it as the text it is written as.
    mutating func resolve(_ citation: MarkdownCitation) -> CitationRendering?
}

extension MarkdownLinkResolving {
    /// By default the Markdown rendering links where the HTML does.
    public func markdownDestination(for link: MarkdownLink, htmlDestination: String) -> String {
        htmlDestination
    }

    /// By default citations stay text.
    public mutating func resolve(_ citation: MarkdownCitation) -> CitationRendering? {
        nil
    }
}
