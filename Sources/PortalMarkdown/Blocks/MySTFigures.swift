import Foundation

/// MyST's figure directive, as Jupyter Book pages write a figure:
///
///     ```{figure} zpeak.png
///     :alt: The Z peak above the falling background
///     :name: fig-zpeak
///     :width: 80%
///
///     The dimuon mass spectrum.
///     ```
///
/// is read as portal's own figure, an image alone with a caption and attributes
/// (`![The Z peak …](zpeak.png "The dimuon mass spectrum."){#fig-zpeak width=80%}`), written on the
/// directive's first line with the lines after it blank: every later reading, and each diagnostic,
/// keeps the lines as written. The image is then checked, numbered and captioned as any figure.
struct MySTFigures {
    /// The text with each figure rewritten.
    let text: String
    /// The options portal does not apply.
    let problems: [MarkdownProblem]

    /// The options a figure takes.
    static let options: Set<String> = ["alt", "name", "width", "height"]

    /// Reads `text`; nil when it holds no figure directive outside code.
    init?(text: String) {
        guard Self.mentionsFigure(text) else { return nil }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var problems: [MarkdownProblem] = []
        var code: (character: Character, length: Int)?
        var directives: [(character: Character, length: Int)] = []
        var found = false
        var index = 0
        while index < lines.count {
            guard let fence = MySTDirective.fence(lines[index][...]) else {
                index += 1
                continue
            }
            if let open = code {
                if fence.character == open.character, fence.length >= open.length, fence.info.isEmpty { code = nil }
                index += 1
                continue
            }
            guard fence.info.hasPrefix("{figure}") || fence.info.hasPrefix("{image}") else {
                // A directive that holds Markdown (```{note}) is not code, and neither is the fence that
                // closes it; every other fence opens code.
                if fence.info.isEmpty, let top = directives.last, top.character == fence.character, fence.length >= top.length {
                    directives.removeLast()
                } else if !fence.info.hasPrefix("{") || MySTDirective.holdsCode(fence.info) {
                    code = (fence.character, fence.length)
                } else {
                    directives.append((fence.character, fence.length))
                }
                index += 1
                continue
            }
            let path = fence.info.drop { $0 != "}" }.dropFirst().trimmingCharacters(in: .whitespaces)
            var end = index + 1
            while end < lines.count {
                if let closing = MySTDirective.fence(lines[end][...]), closing.character == fence.character, closing.length >= fence.length, closing.info.isEmpty { break }
                end += 1
            }
            // Options first, then a blank line, then the caption.
            var values: [String: String] = [:]
            var line = index + 1
            while line < end, let option = MySTDirective.option(lines[line][...]) {
                if Self.options.contains(option.name) {
                    values[option.name] = option.value
                } else {
                    problems.append(MarkdownProblem(kind: "attribute.not-applied", line: line + 1, column: 1,
                                                    message: "portal does not apply the option :\(option.name): of a figure; it is left out",
                                                    fix: "remove it: a figure takes :alt:, :name:, :width: and :height:", isWarning: true))
                }
                line += 1
            }
            let caption = lines[line..<end].map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: " ")
            lines[index] = Self.figure(path: path, alt: values["alt"] ?? "", caption: caption, values: values)
            for blank in (index + 1)..<min(end + 1, lines.count) { lines[blank] = "" }
            found = true
            index = end + 1
        }
        guard found else { return nil }
        self.text = lines.joined(separator: "\n")
        self.problems = problems
    }

    /// The figure in portal's Markdown.
    private static func figure(path: String, alt: String, caption: String, values: [String: String]) -> String {
        var attributes: [String] = []
        if let name = values["name"] { attributes.append("#" + name) }
        for key in ["width", "height"] {
            if let value = values[key], value.allSatisfy({ $0.isNumber || $0 == "%" || $0 == "." || $0.isLetter }) { attributes.append("\(key)=\(value)") }
        }
        let destination = path.contains(" ") || path.contains("(") || path.contains(")") ? "<\(path)>" : path
        let title = caption.isEmpty ? "" : " \"\(escaped(caption, also: "\""))\""
        return "![\(escaped(alt, also: "[]"))](\(destination)\(title))" + (attributes.isEmpty ? "" : "{\(attributes.joined(separator: " "))}")
    }

    /// `text` with backslashes, dollars (a caption's TeX is shown as written) and `characters` escaped.
    private static func escaped(_ text: String, also characters: String) -> String {
        var output = ""
        for character in text {
            if character == "\\" || character == "$" || characters.contains(character) { output.append("\\") }
            output.append(character)
        }
        return output
    }

    /// Whether `{figure}` or `{image}` occurs in the text at all: most pages have neither, and are not read line by line.
    private static func mentionsFigure(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            guard bytes.count >= 7, let base = bytes.baseAddress else { return false }
            // Each `{` found with memchr, and only one followed by `f` or `i` compared further: pages
            // of formulas hold a `{` every few bytes.
            var start = 0
            while start < bytes.count, let found = memchr(base + start, Int32(UInt8(ascii: "{")), bytes.count - start) {
                let next = base.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
                start = next
                guard next < bytes.count, bytes[next] == UInt8(ascii: "f") || bytes[next] == UInt8(ascii: "i") else { continue }
                let rest = UnsafeBufferPointer(rebasing: bytes[next...])
                if rest.starts(with: "figure}".utf8) || rest.starts(with: "image}".utf8) { return true }
            }
            return false
        }
    }
}
