import PortalMath

/// A line of plain text that may hold formulas, such as a page's title: its HTML with each formula
/// as MathML, and a form for places that take only text. A title is not Markdown (its `*` and `_`
/// are the title's own), so only its formulas are read, by the rules of a body (`$5 and $10` holds
/// none), and the rest is escaped as it is.
public struct MathText: Sendable {
    /// The text as HTML: its words escaped, its formulas MathML (inline, also those written `$$…$$`).
    public let html: String
    /// The text's words for a search index: each formula replaced by the words
    /// `MathConverter.searchText` finds in it (`\\chi` stays, `\\mathrm` goes).
    public let searchText: String
    /// The formulas' problems, at line 1 and the character column in the text where each is.
    public let problems: [MarkdownProblem]
    /// Each formula as written, delimiters included, with the character column it starts at: a
    /// caller that knows where the text is written finds it there to place the problems.
    public let formulas: [(tex: String, column: Int)]

    /// `text` with its formulas rendered, or nil when it holds none: most titles hold no `$` or
    /// `\`, and those cost one scan of their bytes.
    public static func render(_ text: String, macros: [String: MacroDefinition] = [:]) -> MathText? {
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "$") || $0 == UInt8(ascii: "\\") }) else { return nil }
        var bytes = Array(text.utf8)
        bytes.append(0x0A)
        let spans = bytes.withUnsafeBufferPointer { MathSpans(inTextEndedByLineBreak: $0).spans }
        guard !spans.isEmpty else { return nil }
        var converter = MathConverter(macros: macros)
        var html = "", searchText = ""
        var problems: [MarkdownProblem] = []
        var formulas: [(tex: String, column: Int)] = []
        var copied = 0
        func column(ofByte offset: Int) -> Int { String(decoding: bytes[..<offset], as: UTF8.self).count + 1 }
        for span in spans {
            let before = String(decoding: bytes[copied..<span.range.lowerBound], as: UTF8.self)
            html += MarkdownRenderer.escapedHTML(before)
            searchText += before
            let tex = String(decoding: bytes[span.tex], as: UTF8.self)
            let result = converter.convert(tex, display: false)
            html += result.mathML
            searchText += MathConverter.searchText(tex).split(separator: " ").joined(separator: " ")
            formulas.append((String(decoding: bytes[span.range], as: UTF8.self), column(ofByte: span.range.lowerBound)))
            for error in result.errors {
                let hint = [error.suggestion.map { "did you mean '\($0)'?" }, error.fix].compactMap { $0 }.joined(separator: " or ")
                problems.append(MarkdownProblem(kind: "math.\(error.kind.rawValue)", line: 1, column: column(ofByte: span.tex.lowerBound + error.offset), message: error.message,
                                                fix: hint.isEmpty ? "see the math section of the editor's guide" : hint))
            }
            copied = span.range.upperBound
        }
        let rest = String(decoding: bytes[copied..<(bytes.count - 1)], as: UTF8.self)
        html += MarkdownRenderer.escapedHTML(rest)
        searchText += rest
        return MathText(html: html, searchText: searchText, problems: problems, formulas: formulas)
    }
}
