import Foundation
/// A name in a template tag, parsed once: `page.title`, `.`, `.title` (no climbing), `count(items)`, `first()`.
struct TemplateName: Sendable {
    /// The dotted path; empty for `.` and for sequence transforms.
    let path: [String]
    /// Whether the first part may be found in an outer context (false for `.name`).
    let climbs: Bool
    /// A transform applied to the value (`count`), or to the list position for `first()`.
    let transform: String?

    init(_ text: String) {
        var name = Substring(text)
        var transform: String?
        if let open = name.firstIndex(of: "("), name.hasSuffix(")") {
            transform = String(name[..<open])
            name = name[name.index(after: open)..<name.index(before: name.endIndex)]
        }
        self.transform = transform
        // Trimmed as Foundation's `whitespaces` would, without bridging every tag of every template
        // to `NSString`.
        let trimmed = name.trimmingScalars(ScalarTrimming.isWhitespace)
        if trimmed == "." || trimmed.isEmpty {
            path = []
            climbs = false
        } else {
            climbs = !trimmed.hasPrefix(".")
            // An ASCII name is split as bytes, which gives what a split by `Character` gives, sooner.
            path = trimmed.utf8.allSatisfy({ $0 < 0x80 })
                ? trimmed.utf8.split(separator: UInt8(ascii: ".")).map { String(Substring($0)) }
                : trimmed.split(separator: ".").map(String.init)
        }
    }

    /// Whether this names the position in a list (`first()`), not a value.
    var isSequenceTransform: Bool { transform != nil && path.isEmpty }
}

/// One piece of a compiled template.
indirect enum TemplateNode: Sendable {
    /// Text within one line.
    case text(String)
    /// Text over several lines: whole, and split after each newline for indenting partials.
    case lines(String, [String])
    case variable(TemplateName, escaped: Bool)
    case section(TemplateName, inverted: Bool, body: [TemplateNode])
    case partial(String, indentation: String)
}

/// A template parsed into a tree, ready to render many times.
struct CompiledTemplate: Sendable {
    let nodes: [TemplateNode]

    /// Compiles tags and text; standalone tags (alone on their line) take their line with them, as Mustache specifies.
    init(text: String, tags: [TemplateTag]) {
        let pieces = Self.pieces(of: text, tags: tags)
        var stack: [(name: TemplateName, inverted: Bool, nodes: [TemplateNode])] = [(TemplateName("."), false, [])]
        func append(_ node: TemplateNode) { stack[stack.count - 1].nodes.append(node) }
        for line in Self.lines(pieces) {
            let tagPieces = line.filter { if case .tag = $0 { return true } else { return false } }
            var standalone: TemplateTag?
            var indentation = ""
            if tagPieces.count == 1, case .tag(let tag) = tagPieces[0], tag.kind.canStandAlone,
               line.allSatisfy({ if case .text(let text) = $0 { return text.allSatisfy { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" } } else { return true } }) {
                standalone = tag
                if case .text(let lead) = line[0] { indentation = lead.filter { $0 == " " || $0 == "\t" } }
            }
            for piece in line {
                switch piece {
                case .text(let text):
                    if standalone == nil { append(.text(text)) }
                case .tag(let tag):
                    switch tag.kind {
                    case .variable: append(.variable(TemplateName(tag.name), escaped: true))
                    case .unescaped: append(.variable(TemplateName(tag.name), escaped: false))
                    case .section, .inverted: stack.append((TemplateName(tag.name), tag.kind == .inverted, []))
                    case .close:
                        if stack.count > 1 {
                            let section = stack.removeLast()
                            append(.section(section.name, inverted: section.inverted, body: section.nodes))
                        }
                    case .partial:
                        // Like swift-mustache: a standalone partial keeps its indentation as text before
                        // its first line and indents its later lines.
                        if standalone != nil, !indentation.isEmpty { append(.text(indentation)) }
                        append(.partial(tag.name, indentation: standalone == nil ? "" : indentation))
                    case .comment, .unsupported: break
                    }
                }
            }
        }
        while stack.count > 1 {
            let section = stack.removeLast()
            append(.section(section.name, inverted: section.inverted, body: section.nodes))
        }
        nodes = Self.splitLines(Self.merged(stack[0].nodes))
    }

    private enum Piece {
        case text(String)
        case tag(TemplateTag)
    }

    /// The template as alternating text and tags, text cut after every newline.
    private static func pieces(of text: String, tags: [TemplateTag]) -> [Piece] {
        var pieces: [Piece] = []
        let scalars = Array(text.unicodeScalars)
        var position = 0
        func addText(upTo end: Int) {
            var start = position
            var index = position
            while index < end {
                if scalars[index] == "\n" {
                    pieces.append(.text(String(String.UnicodeScalarView(scalars[start...index]))))
                    start = index + 1
                }
                index += 1
            }
            if start < end { pieces.append(.text(String(String.UnicodeScalarView(scalars[start..<end])))) }
        }
        for tag in tags {
            addText(upTo: tag.offset)
            pieces.append(.tag(tag))
            position = tag.endOffset
        }
        addText(upTo: scalars.count)
        return pieces
    }

    /// Pieces grouped into template lines (a text piece ending in a newline closes a line).
    private static func lines(_ pieces: [Piece]) -> [[Piece]] {
        var lines: [[Piece]] = []
        var current: [Piece] = []
        for piece in pieces {
            current.append(piece)
            if case .text(let text) = piece, text.hasSuffix("\n") {
                lines.append(current)
                current = []
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    /// Text nodes of several lines also carry their lines, which an indented partial writes one by one.
    private static func splitLines(_ nodes: [TemplateNode]) -> [TemplateNode] {
        nodes.map { node in
            switch node {
            case .text(let text) where text.utf8.dropLast().contains(0x0A):
                var lines: [String] = []
                var start = text.utf8.startIndex
                while start < text.utf8.endIndex {
                    let end = text.utf8[start...].firstIndex(of: 0x0A).map { text.utf8.index(after: $0) } ?? text.utf8.endIndex
                    lines.append(String(text[start..<end]))
                    start = end
                }
                return .lines(text, lines)
            case .section(let name, let inverted, let body):
                return .section(name, inverted: inverted, body: splitLines(body))
            default:
                return node
            }
        }
    }

    /// Joins neighbouring text nodes so rendering appends fewer, longer strings.
    private static func merged(_ nodes: [TemplateNode]) -> [TemplateNode] {
        var result: [TemplateNode] = []
        for node in nodes {
            switch node {
            case .text(let text):
                if case .text(let previous)? = result.last {
                    result[result.count - 1] = .text(previous + text)
                } else {
                    result.append(node)
                }
            case .section(let name, let inverted, let body):
                result.append(.section(name, inverted: inverted, body: merged(body)))
            default:
                result.append(node)
            }
        }
        return result
    }
}

extension TemplateTag.Kind {
    /// Whether a tag of this kind, alone on its line, removes the line from the output.
    var canStandAlone: Bool {
        switch self {
        case .section, .inverted, .close, .partial, .comment: return true
        case .variable, .unescaped, .unsupported: return false
        }
    }
}
