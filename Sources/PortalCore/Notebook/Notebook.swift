/// A Jupyter notebook (nbformat 4), read with the position of everything a diagnostic may point at.
struct Notebook: Sendable {
    /// `nbformat`: always 4 for a notebook that was read.
    let format: Int
    /// `nbformat_minor`.
    let formatMinor: Int
    let metadata: NotebookMetadata
    let cells: [NotebookCell]
}

/// The notebook's `metadata`: what portal uses, and the whole value.
struct NotebookMetadata: Sendable {
    /// `kernelspec.name` (`python3`).
    let kernelName: String?
    /// `kernelspec.language` (`python`).
    let kernelLanguage: String?
    /// `language_info.name`.
    let languageName: String?
    /// `portal`: front-matter written as notebook metadata, if present.
    let portal: JSONNode?
    /// The whole `metadata` object.
    let raw: JSONNode?
}

/// One cell of a notebook.
struct NotebookCell: Sendable {
    enum Kind: String, Sendable, CaseIterable {
        case markdown, code, raw
    }

    let kind: Kind
    /// Where the cell's object starts.
    let position: FilePosition
    /// `id` (nbformat 4.5 and later).
    let id: String?
    /// `metadata.tags`.
    let tags: [String]
    /// The whole `metadata` object.
    let metadata: JSONNode?
    /// The cell's text, with its map to the file.
    let source: NotebookText
    /// `attachments` (markdown and raw cells): images that the text links as `attachment:name`.
    let attachments: [NotebookAttachment]
    /// `execution_count` (code cells; nil when never run).
    let executionCount: Int?
    /// `outputs` (code cells).
    let outputs: [NotebookOutput]
}

/// A file attached to a markdown or raw cell.
struct NotebookAttachment: Sendable {
    let name: String
    let position: FilePosition
    let bundle: MIMEBundle
}

/// One output of a code cell.
struct NotebookOutput: Sendable {
    enum Kind: Sendable {
        /// Text a cell printed; `name` is `stdout` or `stderr`.
        case stream(name: String, text: NotebookText)
        /// A rich result shown by `display()`.
        case displayData(MIMEBundle)
        /// A cell's value, shown as `Out[n]`.
        case executeResult(MIMEBundle, executionCount: Int?)
        /// An exception: its class, its message and the traceback's lines (with terminal colours).
        case error(name: String, value: String, traceback: [String])
    }

    let kind: Kind
    /// Where the output's object starts.
    let position: FilePosition
}

/// The same content in several MIME types (`text/plain`, `image/png`, …), and its metadata.
struct MIMEBundle: Sendable {
    /// One representation.
    struct Entry: Sendable {
        /// The MIME type, as the name of the member.
        let type: String
        /// The value: a string or list of strings, or JSON for `application/json` and `+json` types.
        let value: JSONNode

        /// The value's text, joined when it is a list of strings; nil when it is other JSON.
        ///
        /// Decoded on each use, so an image that is never shown is never copied.
        var text: NotebookText? {
            if let string = value.string { return NotebookText([string]) }
            guard let items = value.array else { return nil }
            var strings: [JSONString] = []
            for item in items {
                guard let string = item.string else { return nil }
                strings.append(string)
            }
            return NotebookText(strings)
        }
    }

    let entries: [Entry]
    /// The output's `metadata` (image sizes, `isolated`, …).
    let metadata: JSONNode?

    /// The representation of MIME type `type`.
    subscript(type: String) -> Entry? {
        entries.first { $0.type == type }
    }
}
