extension ComplexityCheck {
    /// A place in the text: its byte offset and the 1-based line it is on.
    struct Place {
        let offset: Int
        let line: Int
    }

    /// The raw-HTML constructs whose scan runs to their closer.
    enum HTMLOpener: Int, CaseIterable {
        case processingInstruction, declaration, cdata, comment

        var written: String {
            switch self {
            case .processingInstruction: "<?"
            case .declaration: "<!"
            case .cdata: "<![CDATA["
            case .comment: "<!--"
            }
        }

        var closer: String {
            switch self {
            case .processingInstruction: "?>"
            case .declaration: ">"
            case .cdata: "]]>"
            case .comment: "-->"
            }
        }
    }
}
