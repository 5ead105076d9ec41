import Foundation

/// MyST's roles (`` {name}`content` ``) in a line of text.
extension JupyterBookMyST {
    /// `line` with the roles portal has an equivalent for rewritten; the others stay, each noted.
    mutating func convertRoles(_ line: String, lineNumber: Int) -> String {
        let characters = Array(line)
        guard characters.contains("{") else { return line }
        var output = ""
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character == "`" {
                // A code span is code: copied whole.
                let run = characters[index...].prefix { $0 == "`" }.count
                if let close = Self.closingRun(characters, from: index + run, length: run) {
                    output += String(characters[index..<(close + run)])
                    index = close + run
                } else {
                    output += String(repeating: "`", count: run)
                    index += run
                }
                continue
            }
            if character == "{", index + 1 < characters.count, characters[index + 1] == "{", let close = Self.closingBraces(characters, from: index + 2) {
                let key = String(characters[(index + 2)..<close]).trimmingCharacters(in: .whitespaces)
                if !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) {
                    if let value = substitutions[key] {
                        output += value
                    } else {
                        output += String(characters[index..<(close + 2)])
                        notes.append(ImportNote(file: file, line: lineNumber, column: index + 1, construct: "substitution",
                                                message: "the substitution {{ \(key) }} is defined neither in _config.yml nor in the page; it is shown as written",
                                                fix: "write the text it stands for"))
                    }
                    index = close + 2
                    continue
                }
            }
            if character == "{", let role = Self.role(characters, at: index) {
                let written = String(characters[index..<role.end])
                output += convert(role: role.name, content: role.content, written: written, lineNumber: lineNumber, column: index + 1)
                index = role.end
                continue
            }
            output.append(character)
            index += 1
        }
        return output
    }

    /// A role starting at `index`: its name, content and the index after it.
    static func role(_ characters: [Character], at index: Int) -> (name: String, content: String, end: Int)? {
        var cursor = index + 1
        while cursor < characters.count, characters[cursor].isLetter || characters[cursor].isNumber || characters[cursor] == ":" || characters[cursor] == "-" || characters[cursor] == "_" {
            cursor += 1
        }
        guard cursor > index + 1, cursor + 1 < characters.count, characters[cursor] == "}", characters[cursor + 1] == "`",
              characters[index + 1].isLetter else { return nil }
        let run = characters[(cursor + 1)...].prefix { $0 == "`" }.count
        guard let close = closingRun(characters, from: cursor + 1 + run, length: run) else { return nil }
        return (String(characters[(index + 1)..<cursor]), String(characters[(cursor + 1 + run)..<close]), close + run)
    }

    /// The index of the `}}` closing a substitution opened before `start`, on the line.
    static func closingBraces(_ characters: [Character], from start: Int) -> Int? {
        var index = start
        while index + 1 < characters.count {
            if characters[index] == "}", characters[index + 1] == "}" { return index }
            index += 1
        }
        return nil
    }

    /// The index of the next run of exactly `length` backquotes from `start`.
    static func closingRun(_ characters: [Character], from start: Int, length: Int) -> Int? {
        var index = start
        while index < characters.count {
            if characters[index] == "`" {
                let run = characters[index...].prefix { $0 == "`" }.count
                if run == length { return index }
                index += run
            } else {
                index += 1
            }
        }
        return nil
    }

    /// A role's content split into its text and target (`text <target>`), or the target alone.
    static func textAndTarget(_ content: String) -> (text: String?, target: String) {
        let trimmed = content.trimmingCharacters(in: .whitespaces)
        if trimmed.hasSuffix(">"), let open = trimmed.lastIndex(of: "<") {
            let text = trimmed[..<open].trimmingCharacters(in: .whitespaces)
            return (text.isEmpty ? nil : text, String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)]))
        }
        return (nil, trimmed)
    }

    /// One role, converted or kept as written with a note.
    private mutating func convert(role name: String, content: String, written: String, lineNumber: Int, column: Int) -> String {
        switch name {
        case "math":
            let formula = content.trimmingCharacters(in: .whitespaces)
            guard !formula.isEmpty else { break }
            // Counted with the line's other formulas.
            return "$\(formula)$"
        case "ref", "numref", "eq":
            let (text, label) = Self.textAndTarget(content)
            guard let target = labels.targets[label] else {
                notes.append(ImportNote(file: file, line: lineNumber, column: column, construct: "reference",
                                        message: "the reference \(written) names no label of the book",
                                        fix: "link the heading or figure it means as [text](page.md#anchor)"))
                return written
            }
            let address = link(to: target.file) + (target.anchor.map { "#\($0)" } ?? "")
            // Without text, portal writes a figure's or a formula's number, as {numref} and {eq} do.
            let shown = name == "ref" ? (text ?? target.text ?? pages[Self.stem(target.file)]?.title ?? label) : ""
            if address.isEmpty { return Self.escaped(shown.isEmpty ? label : shown) }
            return "[\(Self.escaped(shown))](\(address))"
        case "doc":
            let (text, path) = Self.textAndTarget(content)
            let resolved = path.hasPrefix("/") ? ImportSource.normalize(String(path.dropFirst())) : ImportSource.resolve(path, from: file)
            guard let resolved, let page = pages[Self.stem(resolved)] else {
                notes.append(ImportNote(file: file, line: lineNumber, column: column, construct: "reference",
                                        message: "the reference \(written) names no page of the book",
                                        fix: "link the page it means as [text](page.md), or by its https:// address"))
                return written
            }
            return "[\(Self.escaped(text ?? page.title))](\(link(to: page.path)))"
        case "download":
            let (text, path) = Self.textAndTarget(content)
            return "[\(Self.escaped(text ?? String(path.split(separator: "/").last ?? "")))](\(path))"
        case "cite", "cite:p", "cite:t", "cite:ps", "cite:ts", "citet", "citep", "cite:alp", "cite:year", "cite:author":
            notes.append(ImportNote(file: file, line: lineNumber, column: column, construct: "citation",
                                    message: "the citation \(written) is shown as written: portal does not render citations yet",
                                    fix: "write the reference in the text (James 2006) until the citations issue lands"))
            return written
        default:
            if name.hasPrefix("glue") {
                notes.append(ImportNote(file: file, line: lineNumber, column: column, construct: "glue",
                                        message: "the glued value \(written) is shown as written: portal does not run notebooks",
                                        fix: "write the value in the text"))
                return written
            }
        }
        notes.append(ImportNote(file: file, line: lineNumber, column: column, construct: "role",
                                message: "portal does not render the MyST role {\(name)}: \(written) is shown as written",
                                fix: "write it in Markdown"))
        return written
    }

    /// A link from this page to the page at `path` (a source path), as a relative source path that
    /// `ImportLinks` turns into the part's address; `""` for this page.
    private func link(to path: String) -> String {
        if path == file { return "" }
        let from = file.split(separator: "/").dropLast()
        let to = path.split(separator: "/")
        var shared = 0
        while shared < from.count, shared < to.count - 1, from[from.startIndex + shared] == to[shared] { shared += 1 }
        let ups = Array(repeating: "..", count: from.count - shared)
        return (ups + to[shared...].map(String.init)).joined(separator: "/")
    }

    /// A path without its extension.
    static func stem(_ path: String) -> String {
        let ext = JupyterBookTOC.pathExtension(path)
        return ext.isEmpty ? path : String(path.dropLast(ext.count + 1))
    }

    /// Text for a link's brackets.
    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "[", with: "\\[").replacingOccurrences(of: "]", with: "\\]")
    }
}

/// Counts the formulas of a line of portal Markdown, outside code spans: `$…$`, `$$…$$` and
/// `\(…\)` within the line, and a `$$` line that opens a displayed formula.
enum JupyterBookMath {
    static func count(in line: String) -> Int {
        let characters = Array(line)
        if line.trimmingCharacters(in: .whitespaces) == "$$" || line.trimmingCharacters(in: .whitespaces) == "\\[" {
            // A line of its own opens or closes a displayed formula: counted once, at its opening (by halves).
            return 0
        }
        var count = 0
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character == "`" {
                let run = characters[index...].prefix { $0 == "`" }.count
                if let close = JupyterBookMyST.closingRun(characters, from: index + run, length: run) {
                    index = close + run
                } else {
                    index += run
                }
                continue
            }
            if character == "\\", index + 1 < characters.count {
                if characters[index + 1] == "(", let close = find(["\\", ")"], in: characters, from: index + 2) {
                    count += 1
                    index = close + 2
                } else {
                    index += 2
                }
                continue
            }
            if character == "$" {
                let double = index + 1 < characters.count && characters[index + 1] == "$"
                let width = double ? 2 : 1
                let start = index + width
                guard start < characters.count, !characters[start].isWhitespace else {
                    index += width
                    continue
                }
                var cursor = start
                var found: Int?
                while cursor < characters.count {
                    if characters[cursor] == "\\" { cursor += 2; continue }
                    if characters[cursor] == "$" {
                        if double {
                            if cursor + 1 < characters.count, characters[cursor + 1] == "$" { found = cursor; break }
                        } else if !characters[cursor - 1].isWhitespace, cursor + 1 >= characters.count || !characters[cursor + 1].isNumber {
                            found = cursor
                            break
                        }
                    }
                    cursor += 1
                }
                if let found {
                    count += 1
                    index = found + width
                } else {
                    index += width
                }
                continue
            }
            index += 1
        }
        return count
    }

    /// The displayed formulas of a whole text: `$$` and `\[` lines, counted in pairs.
    static func displayed(in text: String) -> Int {
        var open = false
        var count = 0
        for line in text.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed == "$$" || trimmed == "\\[" && !open || trimmed == "\\]" && open {
                if !open { count += 1 }
                open.toggle()
            }
        }
        return count
    }

    private static func find(_ needle: [Character], in characters: [Character], from start: Int) -> Int? {
        var index = start
        while index + needle.count <= characters.count {
            if Array(characters[index..<(index + needle.count)]) == needle { return index }
            index += 1
        }
        return nil
    }
}
