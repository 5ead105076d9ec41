import Foundation
import PortalMarkdown

/// Converts a MyST page's body to portal Markdown: the roles and directive options portal does not
/// read are rewritten where portal has the same thing (`` {math}`x` `` → `$x$`, `{ref}` and `{doc}`
/// → links, `:class: tip` on an admonition → a tip block, `{margin}` → a note, MyST's tab sets →
/// portal's tab block) and noted where it has not (`{cite}`, `{glue}`, unknown directives).
struct JupyterBookMyST {
    /// The page's file, relative to the source.
    let file: String
    /// Lines before the body in the file, so that notes point at the file's lines.
    let lineOffset: Int
    /// The labels of the whole book.
    let labels: JupyterBookLabels
    /// Every page of the book by its path without extension, with its path and title.
    let pages: [String: (path: String, title: String)]
    let source: ImportSource

    var notes: [ImportNote] = []
    var blocks = 0
    var mathSpans = 0
    var figures = 0
    /// MyST's substitutions (`{{ key }}`), the book's and the page's.
    var substitutions: [String: String] = [:]
    /// Files named by directives (figures, includes), copied into the bundle.
    var files: [ImportedFile] = []

    init(file: String, lineOffset: Int, labels: JupyterBookLabels, pages: [String: (path: String, title: String)], source: ImportSource) {
        self.file = file
        self.lineOffset = lineOffset
        self.labels = labels
        self.pages = pages
        self.source = source
    }

    /// The label of a MyST target line, `(label)=`, or nil.
    static func target(_ trimmed: String) -> String? {
        guard trimmed.hasPrefix("("), trimmed.hasSuffix(")="), trimmed.count > 3 else { return nil }
        let label = trimmed.dropFirst().dropLast(2)
        guard !label.contains(where: { $0.isWhitespace || $0 == "(" || $0 == ")" }) else { return nil }
        return String(label)
    }

    /// The converted body.
    mutating func convert(_ body: String) -> String {
        var lines = body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var fences = JupyterBookFences()
        // The directive whose options the lines after its opening are, and its opening line's index.
        var options: (name: String, opening: Int)?
        // The line of the `$$` that opened the displayed formula being read, if any.
        var displayOpen: Int?
        for index in lines.indices {
            let line = lines[index]
            let lineNumber = lineOffset + index + 1
            switch fences.see(line[...]) {
            case .opened(let name, let info, let character, let length):
                lines[index] = opening(name: name, info: info, line: line, character: character, length: length, lineNumber: lineNumber, fences: &fences)
                options = (name, index)
                continue
            case .closed(let open):
                if let closer = open.closer { lines[index] = closer }
                options = nil
                continue
            case .none:
                break
            }
            if let open = options, let option = MySTDirective.option(line[...]) {
                if !keep(option: option, of: open.name, openingLine: &lines[open.opening], lineNumber: lineNumber, column: line.prefix { $0 == " " }.count + 1) {
                    lines[index] = ""
                }
                continue
            }
            options = nil
            if fences.inCode { continue }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed == "$$" {
                displayOpen = displayOpen == nil ? index : nil
                continue
            }
            if let labelled = Self.labelledFormula(trimmed) {
                lines[index] = labelFormula(labelled, lines: &lines, index: index, indent: String(line.prefix { $0 == " " }))
                mathSpans += labelled.formula == nil ? 0 : 1
                displayOpen = nil
                continue
            }
            if let label = Self.target(trimmed) {
                if labels.targets[label]?.anchor == nil, labels.targets[label]?.file == file, !isTitleLabel(label, index: index, lines: lines) {
                    notes.append(ImportNote(file: file, line: lineNumber, column: 1, construct: "label",
                                            message: "the target (\(label))= stands before no heading; links to it lead to the page",
                                            fix: "put it before a heading, or give the block or figure a :name:"))
                }
                lines[index] = ""
                continue
            }
            lines[index] = convertRoles(line, lineNumber: lineNumber)
            mathSpans += JupyterBookMath.count(in: lines[index])
        }
        return lines.joined(separator: "\n")
    }

    /// MyST's labelled formula: `$$ E = mc^2 $$ (eq-label)` on one line (`formula` set), or the
    /// closing `$$ (eq-label)` of a displayed formula written over lines.
    static func labelledFormula(_ trimmed: String) -> (formula: String?, label: String)? {
        guard trimmed.hasPrefix("$$"), trimmed.hasSuffix(")"), let open = trimmed.lastIndex(of: "(") else { return nil }
        let label = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
        let before = trimmed[..<open].trimmingCharacters(in: .whitespaces)
        guard !label.isEmpty, !label.contains(where: \.isWhitespace), before.hasSuffix("$$") else { return nil }
        if before == "$$" { return (nil, label) }
        guard before.count > 4 else { return nil }
        return (String(before.dropFirst(2).dropLast(2)).trimmingCharacters(in: .whitespaces), label)
    }

    /// The line a labelled formula's line becomes: portal numbers and labels a formula written as an
    /// `equation` with `\label` (`{eq}` links to `#eq-label` either way). For a formula written over
    /// lines, its first and last lines take the environment, so that no line moves.
    private func labelFormula(_ labelled: (formula: String?, label: String), lines: inout [String], index: Int, indent: String) -> String {
        let label = "\\label{\(labelled.label)}"
        if let formula = labelled.formula {
            return formula.contains("\\begin{") ? "\(indent)$$\(formula) \(label)$$" : "\(indent)$$\\begin{equation} \(formula) \(label) \\end{equation}$$"
        }
        // The lines since the opening `$$`.
        var open = index - 1
        while open >= 0, lines[open].trimmingCharacters(in: .whitespaces) != "$$" { open -= 1 }
        guard open >= 0, open + 1 < index else { return "\(indent)$$" }
        let body = lines[(open + 1)..<index].joined(separator: "\n")
        if body.contains("\\begin{") {
            lines[index - 1] += " \(label)"
        } else {
            lines[open + 1] = "\\begin{equation} " + lines[open + 1]
            lines[index - 1] += " \(label) \\end{equation}"
        }
        return "\(indent)$$"
    }

    /// Whether the target at `index` labels the page itself (only blank lines before it).
    private func isTitleLabel(_ label: String, index: Int, lines: [String]) -> Bool {
        lines[..<index].allSatisfy { $0.trimmingCharacters(in: .whitespaces).isEmpty }
    }

    /// A directive's opening line, rewritten where portal writes it otherwise, and the fence pushed.
    private mutating func opening(name: String, info: String, line: String, character: Character, length: Int, lineNumber: Int,
                                  fences: inout JupyterBookFences) -> String {
        let indent = String(line.prefix { $0 == " " })
        let argument = info.hasPrefix("{") ? String(info.drop { $0 != "}" }.dropFirst()).trimmingCharacters(in: .whitespaces) : ""
        let column = indent.count + length + 1
        func push(code: Bool, closer: String? = nil) {
            fences.push(.init(character: character, length: length, isCode: code, name: name, closer: closer))
        }
        if character == ":" {
            // `::: challenge` and `:::{note}` are portal's blocks; MyST's colon tab sets become portal's tab block.
            push(code: false)
            if name == "tab-set" || name == "tab-item" {
                blocks += 1
                return indent + String(repeating: ":", count: length) + " \(name)" + (argument.isEmpty ? "" : " \(argument)")
            }
            if LessonBlockKind(name: name) != nil { blocks += 1 }
            return line
        }
        if JupyterBookFences.codeNames.contains(name) {
            push(code: true)
            if name == "math" { mathSpans += 1 }
            return line
        }
        switch name {
        case "figure", "image":
            push(code: false)
            figures += 1
            guard !argument.isEmpty else { return line }
            return indent + String(repeating: String(character), count: length) + "{\(name)} " + bundlePath(argument, lineNumber: lineNumber, column: column + name.count + 3)
        case "include":
            push(code: false)
            guard !argument.isEmpty else { return line }
            return indent + String(repeating: String(character), count: length) + "{include} " + bundlePath(argument, lineNumber: lineNumber, column: column + 10)
        case "tab-set":
            blocks += 1
            push(code: false, closer: indent + ":::::")
            return indent + "::::: tab-set"
        case "tab-item":
            push(code: false, closer: indent + "::::")
            return indent + ":::: tab-item" + (argument.isEmpty ? "" : " \(argument)")
        case "margin", "sidebar":
            blocks += 1
            push(code: false)
            notes.append(ImportNote(file: file, line: lineNumber, column: column, construct: "margin",
                                    message: "the {\(name)} aside is shown as a note in the text: portal has no margin",
                                    fix: "check that the note reads well where it stands, or fold it into the text"))
            return indent + String(repeating: String(character), count: length) + "{note}" + (argument.isEmpty ? "" : " \(argument)")
        case "dropdown" where ["solution", "answer", "hint"].contains { argument.lowercased().hasPrefix($0) }:
            // A dropdown titled "Solution" (as books write an exercise's answer) is portal's solution block.
            blocks += 1
            push(code: false)
            let kind = argument.lowercased().hasPrefix("hint") ? "hint" : "solution"
            return indent + String(repeating: String(character), count: length) + "{\(kind)} " + argument
        default:
            if LessonBlockKind(name: name) != nil {
                blocks += 1
                push(code: false)
                return line
            }
            push(code: true)
            notes.append(ImportNote(file: file, line: lineNumber, column: column, construct: "directive",
                                    message: "portal does not render the MyST directive {\(name)}: it is shown as code",
                                    fix: Self.instead(of: name)))
            return line
        }
    }

    /// What to write instead of a directive portal does not render.
    private static func instead(of name: String) -> String {
        switch name {
        case "bibliography": "list the references in the page as Markdown, or wait for the citations issue"
        case "glossary": "write the terms as a list, or as a ::: callout block"
        case "card", "grid", "grid-item", "grid-item-card": "write the card's text as paragraphs or a list"
        case "epigraph", "pull-quote", "highlights": "write it as a quote (> …)"
        case "literalinclude": "paste the code in a fenced code block, or link to the file"
        default: "write it in Markdown, or as a block (::: note … :::)"
        }
    }

    /// Whether the option line stays; a dropped option is noted, an admonition's `:class:` naming a
    /// block kind renames the block.
    private mutating func keep(option: (name: String, value: String), of directive: String, openingLine: inout String, lineNumber: Int, column: Int) -> Bool {
        if JupyterBookFences.codeNames.contains(directive) { return true }
        switch directive {
        case "figure", "image":
            if MySTFiguresOptions.applied.contains(option.name) { return true }
        case "include":
            if ["start-after", "end-before", "code", "literal"].contains(option.name) { return true }
        default:
            if option.name == "name" { return true }
            if directive == "admonition", option.name == "class",
               let kind = option.value.split(separator: " ").lazy.compactMap({ LessonBlockKind(name: String($0)) }).first, kind != .video,
               let brace = openingLine.range(of: "{admonition}") {
                let word = option.value.split(separator: " ").first { LessonBlockKind(name: String($0)) != nil }.map(String.init) ?? kind.rawValue
                openingLine.replaceSubrange(brace, with: "{\(word.lowercased())}")
                return false
            }
        }
        notes.append(ImportNote(file: file, line: lineNumber, column: column, construct: "directive-option",
                                message: "portal does not apply the option :\(option.name): of {\(directive)}; it was left out",
                                fix: option.name == "class" && option.value.contains("dropdown")
                                    ? "make it a ```{dropdown} block if it should be closed until opened"
                                    : "check that the block reads well without it"))
        return false
    }

    /// The path a directive names, as the bundle has it, and the file recorded to copy.
    private mutating func bundlePath(_ path: String, lineNumber: Int, column: Int) -> String {
        guard !ImportLinks.hasScheme(path), let resolved = ImportSource.resolve(path, from: file), source.contains(resolved) else {
            if !ImportLinks.hasScheme(path) {
                notes.append(ImportNote(file: file, line: lineNumber, column: column, construct: "broken-link",
                                        message: "the path '\(path)' names no file of the book", fix: "correct the path, or remove the directive"))
            }
            return path
        }
        let folder = file.split(separator: "/").dropLast().joined(separator: "/")
        let destination = !folder.isEmpty && resolved.hasPrefix(folder + "/") ? String(resolved.dropFirst(folder.count + 1)) : resolved
        if !files.contains(where: { $0.sourcePath == resolved }) { files.append(ImportedFile(sourcePath: resolved, destination: destination)) }
        return destination
    }
}

/// The options portal's figure reads (Sources/PortalMarkdown/Blocks/MySTFigures.swift).
enum MySTFiguresOptions {
    static let applied: Set<String> = ["alt", "name", "width", "height"]
}
