import Foundation

/// Jekyll's highlight blocks, as lessons written for Jekyll hold them: `{% highlight python %}` and
/// `{% endhighlight %}` on lines of their own around code, found before anything else reads the body
/// and made fenced code blocks of that language.
///
/// Each tag is replaced, in the text that the later scans and cmark-gfm read, by a code fence of the
/// same length in bytes (spaces after it, which a fence allows), so every byte offset, line and
/// column stays as written; the Markdown twin keeps the tags as written. The fence is of backquotes
/// or tildes, longer than any run of them that starts a line of the code, so no line of the code
/// closes it. The tag's options (`linenos`, `mark_lines="1 2"`) go into braces after the language,
/// where `CodeBlockOptions` reads them. Tags inside fenced code are code; `{%-` and `-%}` are read
/// like `{%` and `%}`; quote marks (`> `) may stand before the tags, as in a quoted challenge.
struct LiquidHighlights {
    /// A tag's bytes in the body, and the fence that replaces them (as long).
    private(set) var replacements: [(range: Range<Int>, bytes: [UInt8])] = []
    private(set) var problems: [MarkdownProblem] = []

    /// A highlight block opened and not closed yet.
    private struct OpenBlock {
        var tag: Range<Int>
        var language: String
        var options: String
        var line: Int
        var column: Int
        /// The longest runs of backquotes and of tildes that start a line of the code.
        var backquotes = 0
        var tildes = 0
    }

    /// The highlight blocks of `text`, or nil when it has none (the check every body pays: no `{%`).
    init?(text: String) {
        var text = text
        let found: Bool = text.withUTF8 { bytes in
            guard LessonBlocks.holds(bytes, UInt8(ascii: "{"), UInt8(ascii: "%")) else { return false }
            scan(bytes)
            return true
        }
        guard found, !replacements.isEmpty || !problems.isEmpty else { return nil }
    }

    private mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>) {
        // The fenced code block the line is in, outside highlight blocks: its fence character and length.
        var code: (character: UInt8, length: Int)?
        var open: OpenBlock?
        var line = 1
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != 0x0A { end += 1 }
            let content = UnsafeBufferPointer(rebasing: bytes[start..<end])
            defer {
                start = end + 1
                line += 1
            }
            let quote = LessonBlocks.quotePrefix(content)
            var indent = quote
            while indent < content.count, content[indent] == 0x20 || content[indent] == 0x09 { indent += 1 }
            if var block = open {
                if let tag = Self.tag(in: content, from: indent), tag.name == "endhighlight", tag.arguments.isEmpty {
                    close(block, closingTag: (start + tag.range.lowerBound)..<(start + tag.range.upperBound))
                    open = nil
                } else {
                    Self.countFenceRun(content, into: &block)
                    open = block
                }
                continue
            }
            if indent < quote + 4, indent < content.count, content[indent] == UInt8(ascii: "`") || content[indent] == UInt8(ascii: "~") {
                let first = content[indent]
                var run = indent
                while run < content.count, content[run] == first { run += 1 }
                let length = run - indent
                guard length >= 3 else { continue }
                if let current = code {
                    if current.character == first, length >= current.length, content[run...].allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { code = nil }
                } else if first == UInt8(ascii: "~") || !content[run...].contains(UInt8(ascii: "`")) {
                    code = (first, length)
                }
                continue
            }
            guard code == nil, let tag = Self.tag(in: content, from: indent), tag.name == "highlight" else { continue }
            let arguments = tag.arguments.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
            guard let language = arguments.first else { continue }
            // The prefix before the tag is ASCII (spaces, tabs and quote marks): its bytes are its characters.
            open = OpenBlock(tag: (start + tag.range.lowerBound)..<(start + tag.range.upperBound), language: String(language),
                             options: arguments.count > 1 ? String(arguments[1]).trimmingCharacters(in: .whitespaces) : "",
                             line: line, column: tag.range.lowerBound + 1)
        }
        if let block = open {
            problems.append(MarkdownProblem(kind: "code.unclosed-highlight", line: block.line, column: block.column,
                                            message: "the {% highlight \(block.language) %} block opened here is never closed, so portal shows the tag as text",
                                            fix: "end the code with {% endhighlight %} on a line of its own"))
        }
    }

    /// Records the fences that replace a block's two tags, when the opening fence fits in its tag
    /// (it does, unless the code holds runs of a dozen backquotes and tildes at once).
    private mutating func close(_ block: OpenBlock, closingTag: Range<Int>) {
        let holdsBackquote = block.language.contains("`") || block.options.contains("`")
        let useTildes = holdsBackquote || block.tildes < block.backquotes
        let length = max(3, (useTildes ? block.tildes : block.backquotes) + 1)
        let fence = [UInt8](repeating: useTildes ? UInt8(ascii: "~") : UInt8(ascii: "`"), count: length)
        let opening = fence + Array((block.language + (block.options.isEmpty ? "" : " {\(block.options)}")).utf8)
        guard opening.count <= block.tag.count, fence.count <= closingTag.count else {
            problems.append(MarkdownProblem(kind: "code.unconverted-highlight", line: block.line, column: block.column,
                                            message: "this {% highlight \(block.language) %} block holds lines starting with runs of backquotes and tildes too long to fence, so portal shows its tags as text",
                                            fix: "write the block as a fenced code block: a line of more backquotes than the code's longest run, the language, the code, and the same line again",
                                            isWarning: true))
            return
        }
        replacements.append((block.tag, opening + [UInt8](repeating: 0x20, count: block.tag.count - opening.count)))
        replacements.append((closingTag, fence + [UInt8](repeating: 0x20, count: closingTag.count - fence.count)))
    }

    /// Notes the run of backquotes or tildes at the start of a line of code (after spaces and quote
    /// marks, wherever a closing fence could stand).
    private static func countFenceRun(_ content: UnsafeBufferPointer<UInt8>, into block: inout OpenBlock) {
        var k = 0
        while k < content.count, content[k] == 0x20 || content[k] == 0x09 || content[k] == UInt8(ascii: ">") { k += 1 }
        guard k < content.count, content[k] == UInt8(ascii: "`") || content[k] == UInt8(ascii: "~") else { return }
        let first = content[k]
        var run = k
        while run < content.count, content[run] == first { run += 1 }
        if first == UInt8(ascii: "`") {
            block.backquotes = max(block.backquotes, run - k)
        } else {
            block.tildes = max(block.tildes, run - k)
        }
    }

    /// A Liquid tag that is the rest of the line from `start` (`{% name arguments %}`, then only
    /// spaces): its range in `content`, its name and its arguments (trimmed), or nil.
    private static func tag(in content: UnsafeBufferPointer<UInt8>, from start: Int) -> (range: Range<Int>, name: String, arguments: String)? {
        guard start + 1 < content.count, content[start] == UInt8(ascii: "{"), content[start + 1] == UInt8(ascii: "%") else { return nil }
        var end = content.count
        while end > start, content[end - 1] == 0x20 || content[end - 1] == 0x09 || content[end - 1] == 0x0D { end -= 1 }
        guard end - start >= 4, content[end - 1] == UInt8(ascii: "}"), content[end - 2] == UInt8(ascii: "%") else { return nil }
        var inner = (start + 2)..<(end - 2)
        if inner.first.map({ content[$0] == UInt8(ascii: "-") }) == true { inner = (inner.lowerBound + 1)..<inner.upperBound }
        if !inner.isEmpty, content[inner.upperBound - 1] == UInt8(ascii: "-") { inner = inner.lowerBound..<(inner.upperBound - 1) }
        let text = String(decoding: UnsafeBufferPointer(rebasing: content[inner]), as: UTF8.self).trimmingCharacters(in: .whitespaces)
        let name = text.prefix { $0.isLetter }
        guard !name.isEmpty else { return nil }
        let arguments = text.dropFirst(name.count)
        guard arguments.isEmpty || arguments.first == " " || arguments.first == "\t" else { return nil }
        return (start..<end, String(name), arguments.trimmingCharacters(in: .whitespaces))
    }

    /// `text` with each tag replaced by its fence; byte offsets stay as they were.
    func fenced(_ text: String) -> String {
        guard !replacements.isEmpty else { return text }
        var bytes = Array(text.utf8)
        for replacement in replacements {
            bytes.replaceSubrange(replacement.range, with: replacement.bytes)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
