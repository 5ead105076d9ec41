/// `\left…\middle…\right`, the delimiters they take, and `\color`'s names.
extension MathParser {
    /// Parses from `\left` to its `\right`: an `<mrow>` whose first and last children are stretchy fences.
    mutating func parseLeftRight(_ left: TexToken) -> MathNode {
        let open = readDelimiter(after: left) ?? ""
        guard enter(left) else { return row([]) }
        defer { depth -= 1 }
        var children: [MathNode] = []
        if !open.isEmpty { children.append(fence(open, form: "prefix", stretchy: true)) }
        while true {
            leftDepth += 1
            children += parseList()
            leftDepth -= 1
            let token = stream.next()
            guard let terminator = terminator(of: token) else { break }
            if terminator == .middle {
                if let middle = readDelimiter(after: token), !middle.isEmpty {
                    children.append(mo(middle, [MathAttribute(.fence, "true"), MathAttribute(.stretchy, "true"), MathAttribute(.symmetric, "true"),
                                                 MathAttribute(.lspace, "0.05em"), MathAttribute(.rspace, "0.05em")]))
                }
                continue
            }
            if terminator == .right {
                if let close = readDelimiter(after: token), !close.isEmpty {
                    children.append(fence(close, form: "postfix", stretchy: true))
                }
                break
            }
            if isTakenOutside(terminator) {
                report(.missingRight, left, "\\left has no matching \\right", fix: "add \\right) (or \\right. for no delimiter) where the group ends")
                stream.giveBack(token)
                break
            }
            reportMisplaced(token, terminator)
        }
        return element(.mrow, [], children)
    }

    /// An opening or closing fence; stretchy ones grow with what they enclose.
    mutating func fence(_ text: String, form: String, stretchy: Bool = true) -> MathNode {
        mo(text, Self.fenceAttributes(form: form, stretchy: stretchy))
    }

    /// The attributes of a fence (also for `DirectConverter`).
    static func fenceAttributes(form: String, stretchy: Bool = true) -> [MathAttribute] {
        [MathAttribute(.fence, "true"), MathAttribute(.form, form), MathAttribute(.stretchy, stretchy ? "true" : "false"),
         MathAttribute(.symmetric, "true")]
    }

    /// Reads the delimiter after `\left`, `\right`, `\middle` or `\big`: its text, empty for `.`, nil
    /// (reported) when the next token is not a delimiter.
    mutating func readDelimiter(after command: TexToken) -> String? {
        var token = stream.next()
        while case .space = token.kind { token = stream.next() }
        switch token.kind {
        case .character(let scalar):
            switch scalar {
            case ".": return ""
            case "<": return "⟨"
            case ">": return "⟩"
            case "(", ")", "[", "]", "|", "/", "‖", "⟨", "⟩", "⌊", "⌋", "⌈", "⌉", "↑", "↓", "⟦", "⟧": return String(scalar)
            default: break
            }
        case .command(let name):
            if let text = Self.delimiterCommands[name] { return text }
        default:
            break
        }
        stream.giveBack(token)
        report(.badDelimiter, command, "\\\(command.commandName ?? "") must be followed by a delimiter such as ( [ \\{ | \\langle or .",
               fix: "write . for an empty delimiter")
        return nil
    }

    static let delimiterCommands: [String: String] = [
        "{": "{", "}": "}", "lbrace": "{", "rbrace": "}", "langle": "⟨", "rangle": "⟩", "lvert": "|", "rvert": "|",
        "vert": "|", "lVert": "‖", "rVert": "‖", "Vert": "‖", "|": "‖", "lfloor": "⌊", "rfloor": "⌋", "lceil": "⌈",
        "rceil": "⌉", "uparrow": "↑", "downarrow": "↓", "updownarrow": "↕", "Uparrow": "⇑", "Downarrow": "⇓",
        "Updownarrow": "⇕", "backslash": "\\", "lgroup": "⟮", "rgroup": "⟯", "lbrack": "[", "rbrack": "]",
        "llbracket": "⟦", "rrbracket": "⟧", "lmoustache": "⎰", "rmoustache": "⎱", "ulcorner": "┌", "urcorner": "┐",
        "llcorner": "└", "lrcorner": "┘",
    ]

    /// The colors `\color` accepts, written as `mathcolor` (a MathML Core attribute that sets CSS `color`):
    /// a fixed list, so that nothing a page writes reaches CSS.
    static let colorNames: Set<String> = [
        "black", "white", "red", "green", "blue", "cyan", "magenta", "yellow", "gray", "grey", "darkgray", "lightgray",
        "orange", "purple", "brown", "teal", "olive", "navy", "maroon", "lime", "pink", "violet",
    ]

    /// Reads `\color`'s name; nil (reported, with the closest name) when it is not one of `colorNames`.
    mutating func readColor(for command: TexToken) -> String? {
        guard let (name, span) = readTextArgument(for: command) else { return nil }
        let lowered = name.lowercased()
        if Self.colorNames.contains(lowered) { return lowered }
        report(.unknownColor, span, "unknown color “\(name)”",
               suggestion: CommandSuggester.closest(to: lowered, among: Self.colorNames.sorted()),
               fix: "use one of: " + Self.colorNames.sorted().joined(separator: ", "))
        return nil
    }
}
