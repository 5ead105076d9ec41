/// `\label`, `\tag`, `\nonumber` and `\ref`/`\eqref`: recorded for the page, not written.
extension MathParser {
    mutating func handleLabel(_ token: TexToken) {
        guard let (name, span) = readTextArgument(for: token) else { return }
        let length = span.offset + span.length + 1 - token.offset
        guard !name.isEmpty else {
            report(.badLabel, token, "\\label needs a name", fix: "write \\label{eq:name}")
            return
        }
        guard display else {
            report(.badLabel, token, "\\label is only allowed in display math")
            return
        }
        let label = MathLabel(name: name, offset: token.offset, length: length)
        if let line = currentEquation {
            equations[line].labels.append(label)
        } else {
            looseLine.labels.append(label)
        }
    }

    mutating func handleTag(_ token: TexToken) {
        let starred = stream.nextIsStar()
        guard let (text, _) = readTextArgument(for: token) else { return }
        guard display else {
            report(.badTag, token, "\\tag is only allowed in display math")
            return
        }
        if let line = currentEquation {
            guard equations[line].tag == nil else {
                report(.badTag, token, "a line can have only one \\tag")
                return
            }
            equations[line].tag = text
            equations[line].tagIsStarred = starred
        } else {
            guard looseLine.tag == nil else {
                report(.badTag, token, "a formula can have only one \\tag")
                return
            }
            looseLine.tag = text
            looseLine.tagIsStarred = starred
        }
    }

    mutating func handleNoNumber() {
        if let line = currentEquation { equations[line].numbered = false }
    }

    mutating func handleReference(_ token: TexToken, kind: MathReference.Kind) -> MathNode? {
        guard let (name, span) = readTextArgument(for: token) else { return nil }
        guard !name.isEmpty else {
            report(.badLabel, token, "\\\(token.commandName ?? "ref") needs a label's name")
            return nil
        }
        references.append(ParsedReference(label: name, kind: kind, offset: token.offset, length: span.offset + span.length + 1 - token.offset))
        return .reference(Int32(references.count - 1))
    }
}
