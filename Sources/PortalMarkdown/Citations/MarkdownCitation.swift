/// A citation written in pandoc's syntax: `[@key]`, `[see @a, p. 3; @b]`, `[-@key]` (the year
/// alone), or `@key` in the text, with an optional locator after it (`@key [p. 3]`).
///
/// The Markdown module finds citations and asks the resolver what each becomes; it knows nothing
/// of what a key names or of a citation style.
public struct MarkdownCitation: Sendable, Hashable {
    /// One cited work.
    public struct Item: Sendable, Hashable {
        /// The key as written, without the `@` (or the braces of `@{…}`).
        public var key: String
        /// Text written before the key (`see` in `[see @a]`), trimmed.
        public var prefix: String
        /// Text written after the key (`, p. 3`), trimmed; for `@key [p. 3]`, what is in the brackets.
        public var suffix: String
        /// Whether the key is written `-@key`: the citation shows the year alone.
        public var suppressesAuthor: Bool

        /// Creates an item.
        public init(key: String, prefix: String = "", suffix: String = "", suppressesAuthor: Bool = false) {
            self.key = key
            self.prefix = prefix
            self.suffix = suffix
            self.suppressesAuthor = suppressesAuthor
        }
    }

    /// The works cited, in the order written.
    public var items: [Item]
    /// Whether the citation is `@key` in the text (the author's name is part of the sentence) rather
    /// than in brackets.
    public var isNarrative: Bool
    /// The citation as written.
    public var text: String
    /// 1-based line of the citation in the Markdown text.
    public var line: Int
    /// 1-based column (in characters) of the citation in the Markdown text.
    public var column: Int

    /// Creates a citation.
    public init(items: [Item], isNarrative: Bool, text: String, line: Int = 1, column: Int = 1) {
        self.items = items
        self.isNarrative = isNarrative
        self.text = text
        self.line = line
        self.column = column
    }
}

/// What a citation becomes: the resolver's choice of words and links, in each rendering.
public struct CitationRendering: Sendable, Hashable {
    /// The HTML written in the citation's place.
    public var html: String
    /// The Markdown written in its place in the Markdown rendering.
    public var markdown: String
    /// The plain text, for search and summaries.
    public var plainText: String

    /// Creates a rendering.
    public init(html: String, markdown: String, plainText: String) {
        self.html = html
        self.markdown = markdown
        self.plainText = plainText
    }
}
