import Foundation

/// MyST's directives written with backticks or tildes (```` ```{note} ````), as Jupyter Book pages
/// write admonitions: a directive that names a block kind is that block, its content Markdown; the
/// options after a MyST opening (`:name: my-id`) are read, not shown; a directive portal does not
/// render is a warning, and stays a code block.
extension LessonBlocks {
    /// The directives that are code blocks (their language after them) or display math.
    static let codeDirectives = MySTDirective.codeNames

    /// What to write instead of a MyST directive portal does not render, by name.
    private static func instead(of directive: String) -> String {
        switch directive {
        case "include", "literalinclude": "put the text in the page, or link to the file: [the script](script.py)"
        case "bibliography", "cite": "list the references in the page as Markdown"
        default: "write it in Markdown, or as a block (::: note … :::)"
        }
    }

    /// Handles a fence of backticks or tildes outside code, starting at `indent` with `length`
    /// characters (`run` is just after them): one that closes the innermost directive block, or
    /// opens a directive block. False when the line is an ordinary code fence (a warning is noted
    /// for a directive portal does not render).
    mutating func directiveFence(_ content: UnsafeBufferPointer<UInt8>, indent: Int, run: Int, length: Int, line: Int, lineStart: Int,
                                 open: inout [Int], pendingOptions: inout Int?) -> Bool {
        let character = content[indent]
        let rest = UnsafeBufferPointer(rebasing: content[run...])
        let range = (lineStart + indent)..<(lineStart + content.count)
        if rest.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) {
            guard let top = open.last, let closer = fences[top].closer, closer.character == character, length >= closer.length else { return false }
            open.removeLast()
            fences[top].partner = fences.count
            fences.append(Fence(line: line, column: indent + 1, range: range, opening: nil, partner: top))
            return true
        }
        guard rest.first == UInt8(ascii: "{") else { return false }
        let info = String(decoding: rest, as: UTF8.self).trimmingCharacters(in: .whitespaces)
        guard let close = info.firstIndex(of: "}") else { return false }
        // The name is the first word: R Markdown's and Quarto's chunks go on with options (```{r setup, echo=FALSE}).
        let name = String(info[info.index(after: info.startIndex)..<close].drop { $0 == " " }.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
        // Pandoc's attributes (```{.python}), the chunks of a language (```{r}) and a code block's
        // options (```{linenos hl_lines="2"}) are code.
        guard !name.isEmpty, !info[..<close].contains("="), SyntaxHighlighter.usualName(of: name) == nil, !CodeBlockOptions.isOption(name),
              !Self.codeDirectives.contains(name.lowercased()) else { return false }
        guard let kind = LessonBlockKind(name: name), kind != .video, open.count < Self.maximumDepth else {
            problems.append(MarkdownProblem(kind: "block.unknown-directive", line: line, column: run + 1,
                                            message: "portal does not render the MyST directive {\(name)}: it is shown as code",
                                            fix: Self.instead(of: name.lowercased()), isWarning: true))
            return false
        }
        var opening = Self.opening(info, column: run + 1)
        if let problem = Self.problem(with: &opening, line: line) { problems.append(problem) }
        open.append(fences.count)
        pendingOptions = fences.count
        fences.append(Fence(line: line, column: indent + 1, range: range, opening: opening, partner: nil, closer: (character, length)))
        return true
    }

    /// Reads `content` as an option of the block opened by fence `index` (`:name: my-id`, MyST's
    /// form), and records the line to be left out; false when the line is not an option.
    mutating func readOption(_ content: UnsafeBufferPointer<UInt8>, line: Int, lineStart: Int, of index: Int) -> Bool {
        var start = 0
        while start < content.count, content[start] == 0x20 { start += 1 }
        guard start < content.count, content[start] == UInt8(ascii: ":") else { return false }
        var nameEnd = start + 1
        while nameEnd < content.count, Self.isOptionNameByte(content[nameEnd]) { nameEnd += 1 }
        guard nameEnd > start + 1, nameEnd < content.count, content[nameEnd] == UInt8(ascii: ":"),
              nameEnd + 1 == content.count || content[nameEnd + 1] == 0x20 || content[nameEnd + 1] == 0x09 || content[nameEnd + 1] == 0x0D else { return false }
        let name = String(decoding: UnsafeBufferPointer(rebasing: content[(start + 1)..<nameEnd]), as: UTF8.self)
        let value = String(decoding: UnsafeBufferPointer(rebasing: content[(nameEnd + 1)...]), as: UTF8.self).trimmingCharacters(in: .whitespaces)
        optionLines.append((lineStart + start)..<(lineStart + content.count))
        if name == "name", var opening = fences[index].opening {
            opening.id = value
            if let problem = Self.problem(with: &opening, line: line) {
                problems.append(MarkdownProblem(kind: problem.kind, line: line, column: nameEnd + 2, message: problem.message, fix: problem.fix))
            }
            fences[index].opening = opening
        } else if let kind = fences[index].opening?.kind, kind.isTab, Self.readTabOption(name, value: value, kind: kind, into: &fences[index].opening) {
            // A tab's options are read: which tabs switch together, which one is shown first.
        } else {
            problems.append(MarkdownProblem(kind: "attribute.not-applied", line: line, column: start + 1,
                                            message: "portal does not apply the option :\(name): of a block; it is left out",
                                            fix: fences[index].opening?.kind?.isTab == true
                                                ? "remove it: a tab takes :name: for its id, :sync: and :selected:, a tab set :sync-group:"
                                                : "remove it: a block takes :name: for its id", isWarning: true))
        }
        return true
    }

    private static func isOptionNameByte(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") || (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
    }
}

/// What the Markdown module knows of MyST's directives, for the site's own reading of them.
public enum MySTDirective {
    /// The directives whose text is not Markdown: code (their language after them), display math,
    /// and the contents a walk fills in.
    public static let codeNames: Set<String> = ["code-cell", "code-block", "code", "sourcecode", "math", "tableofcontents", "toctree"]

    /// Whether a fence's info (```` {code-cell} python ````) names one of them.
    public static func holdsCode(_ info: String) -> Bool {
        codeNames.contains(String(info.dropFirst().prefix { $0 != "}" }).lowercased())
    }

    /// A fence line (up to three spaces, three or more backticks or tildes) and what follows it, trimmed.
    public static func fence(_ line: Substring) -> (character: Character, length: Int, info: String)? {
        let trimmed = line.drop { $0 == " " }
        guard line.count - trimmed.count <= 3, let first = trimmed.first, first == "`" || first == "~" else { return nil }
        let length = trimmed.prefix { $0 == first }.count
        guard length >= 3 else { return nil }
        return (first, length, trimmed.dropFirst(length).trimmingCharacters(in: .whitespaces))
    }

    /// A directive's option line, `:name: value`.
    public static func option(_ line: Substring) -> (name: String, value: String)? {
        let trimmed = line.drop { $0 == " " }
        guard trimmed.first == ":", let close = trimmed.dropFirst().firstIndex(of: ":") else { return nil }
        let name = trimmed[trimmed.index(after: trimmed.startIndex)..<close]
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else { return nil }
        return (String(name), trimmed[trimmed.index(after: close)...].trimmingCharacters(in: .whitespaces))
    }
}
