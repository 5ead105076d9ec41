import Foundation
import PortalMarkdown

/// The fences open at a line of a MyST page: code (whose lines are code, not Markdown) and
/// directives or `:::` blocks that hold Markdown.
struct JupyterBookFences {
    /// An open fence.
    struct Open {
        var character: Character
        var length: Int
        /// Whether its lines are code (a code block, ```` ```{code-cell} ````, ```` ```{math} ````, a
        /// directive portal shows as code).
        var isCode: Bool
        /// The directive's name, lower-cased (`note`, `figure`), or "" for a plain fence.
        var name: String
        /// The line written in place of its closing fence, when the opening was rewritten in
        /// another syntax (```` ```{tab-set} ```` → `::::: tab-set`).
        var closer: String?
    }

    private(set) var stack: [Open] = []

    /// Whether a line here is code.
    var inCode: Bool { stack.last?.isCode == true }

    /// The MyST directives whose text is not Markdown.
    static let codeNames = MySTDirective.codeNames

    /// The directives that hold Markdown in portal: lesson blocks, figures, includes, tabs.
    static func holdsMarkdown(_ name: String) -> Bool {
        LessonBlockKind(name: name) != nil || ["figure", "image", "include", "tab-set", "tab-item", "margin", "sidebar"].contains(name)
    }

    /// A colon fence (`:::{note}`, `::: challenge`, `:::`): its length and what follows the colons.
    static func colonFence(_ line: Substring) -> (length: Int, info: String)? {
        let trimmed = line.drop { $0 == " " }
        guard line.count - trimmed.count <= 3 else { return nil }
        let length = trimmed.prefix { $0 == ":" }.count
        guard length >= 3 else { return nil }
        return (length, trimmed.dropFirst(length).trimmingCharacters(in: .whitespaces))
    }

    /// The directive name in a fence's info (`{note} Title` → `note`), lower-cased.
    static func directiveName(_ info: String) -> String? {
        guard info.hasPrefix("{"), let close = info.firstIndex(of: "}") else { return nil }
        let name = info[info.index(after: info.startIndex)..<close].trimmingCharacters(in: .whitespaces)
        return name.isEmpty ? nil : name.lowercased()
    }

    /// What a fence line does.
    enum Event {
        case closed(Open)
        case opened(name: String, info: String, character: Character, length: Int)
        case none
    }

    /// Updates the open fences for `line`. A backquote or tilde fence that opens a directive is
    /// `.opened` and the caller pushes it (it decides whether the directive is code).
    mutating func see(_ line: Substring) -> Event {
        if let fence = MySTDirective.fence(line) {
            if let top = stack.last, top.character == fence.character, fence.length >= top.length, fence.info.isEmpty {
                stack.removeLast()
                return .closed(top)
            }
            if inCode { return .none }
            if let name = Self.directiveName(fence.info) { return .opened(name: name, info: fence.info, character: fence.character, length: fence.length) }
            stack.append(Open(character: fence.character, length: fence.length, isCode: true, name: ""))
            return .none
        }
        if inCode { return .none }
        if let colon = Self.colonFence(line) {
            if colon.info.isEmpty {
                if let index = stack.lastIndex(where: { $0.character == ":" }) {
                    let top = stack[index]
                    stack.removeSubrange(index...)
                    return .closed(top)
                }
                return .none
            }
            let name = Self.directiveName(colon.info) ?? String(colon.info.prefix { !$0.isWhitespace && $0 != "{" }).lowercased()
            return .opened(name: name, info: colon.info, character: ":", length: colon.length)
        }
        return .none
    }

    /// Opens a fence the caller decided about.
    mutating func push(_ open: Open) {
        stack.append(open)
    }
}
