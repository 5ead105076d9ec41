/// Text mode: `\text{…}` and its kin.
extension MathParser {
    /// Parses the argument of `\text` as text: an `<mtext>`, or an `<mrow>` when it holds `$…$` or a
    /// nested `\textbf`. Letters in bold, italic, sans-serif or monospace are written with Unicode's
    /// mathematical letters, since MathML Core has no `mathvariant` on `<mtext>`.
    mutating func parseText(_ textFont: MathFont, _ command: TexToken) -> MathNode {
        var open = stream.next()
        while case .space = open.kind { open = stream.next() }
        guard case .beginGroup = open.kind else {
            if case .character(let scalar) = open.kind { return mtext(String(textFont.map(scalar))) }
            stream.giveBack(open)
            report(.missingArgument, command, "\\\(command.commandName ?? "") needs its text in braces")
            return mtext("")
        }
        guard enter(open) else {
            skipGroup()
            return mtext("")
        }
        defer { depth -= 1 }
        var pieces: [MathNode] = []
        var text = ""
        var level = 0
        func flush() {
            if !text.isEmpty { pieces.append(mtext(Self.keepingEdgeSpaces(text))) }
            text = ""
        }
        reading: while true {
            let token = stream.next()
            switch token.kind {
            case .character(let scalar):
                text.unicodeScalars.append(scalar == "~" ? "\u{A0}" : textFont.map(scalar))
            case .space:
                if !text.hasSuffix(" ") { text += " " }
            case .beginGroup:
                level += 1
            case .endGroup:
                if level == 0 { break reading }
                level -= 1
            case .end:
                report(.unbalancedBrace, open, "this { is never closed", fix: "add a } where the text ends")
                stream.giveBack(token)
                break reading
            case .mathShift:
                flush()
                textMathDepth += 1
                pieces += parseList()
                textMathDepth -= 1
                let close = stream.next()
                if case .mathShift = close.kind {} else {
                    report(.mathShift, token, "this $ is never closed inside the text")
                    stream.giveBack(close)
                }
            case .alignment: text += "&"
            case .superscriptMark: text += "^"
            case .subscriptMark: text += "_"
            case .parameter(let number): text += "#\(number)"
            case .command(let name):
                if let literal = Self.textCommands[name] {
                    text += literal
                } else if case .text(let innerFont)? = CommandTable.commands[name] {
                    flush()
                    pieces.append(parseText(innerFont == .normal ? textFont : innerFont, token))
                } else if case .space(let width)? = CommandTable.commands[name] {
                    flush()
                    pieces.append(space(width))
                } else {
                    reportUnknownCommand(name, token)
                    text += "\\" + name
                }
            }
        }
        flush()
        if pieces.isEmpty { return mtext("") }
        return row(pieces)
    }

    /// Commands that stand for characters in text.
    static let textCommands: [String: String] = [
        "$": "$", "%": "%", "&": "&", "#": "#", "_": "_", "{": "{", "}": "}", "textbackslash": "\\", "ldots": "…",
        "dots": "…", "textendash": "–", "textemdash": "—", "textasciitilde": "~", "textasciicircum": "^",
        "textbar": "|", "textless": "<", "textgreater": ">", "textdegree": "°", "S": "§", "P": "¶", "copyright": "©",
        "-": "", "/": "", "relax": "",
    ]

    /// `text` with a space at either end made no-break, since MathML drops spaces at the ends of a token.
    static func keepingEdgeSpaces(_ text: String) -> String {
        guard text.hasPrefix(" ") || text.hasSuffix(" ") else { return text }
        var scalars = Array(text.unicodeScalars)
        if scalars.first == " " { scalars[0] = "\u{A0}" }
        if scalars.last == " " { scalars[scalars.count - 1] = "\u{A0}" }
        var result = ""
        result.unicodeScalars.append(contentsOf: scalars)
        return result
    }
}
