import Foundation
import Yams

/// One line of a page being converted, with the source line it came from.
///
/// The conversion adds, removes and un-quotes lines; each keeps its origin so that every note
/// points at the line the editor wrote (in the episode, or in `_includes/links.md` for a link
/// definition brought in by an include).
struct CarpentriesLine {
    var text: String
    /// The source file the line comes from, relative to the source folder.
    var file: String
    /// Its 1-based line in that file.
    var line: Int

    init(_ text: String, file: String, line: Int) {
        self.text = text
        self.file = file
        self.line = line
    }

    /// A line the conversion adds (a fence, a blank line), placed at `origin`'s line.
    func added(_ text: String) -> CarpentriesLine {
        CarpentriesLine(text, file: file, line: line)
    }
}

/// A Markdown file of a Carpentries lesson split into its front-matter and its body's lines.
struct CarpentriesPage {
    /// The file, relative to the source folder.
    let path: String
    /// The front-matter's mapping, when the file has one that reads as YAML.
    let frontMatter: Node?
    /// The front-matter's keys with their 1-based line, in the order written.
    let keys: [(name: String, line: Int)]
    /// The body, line by line.
    var lines: [CarpentriesLine]
    /// A note when the front-matter could not be read.
    var problem: ImportNote?

    init(path: String, text: String) {
        self.path = path
        let all = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var bodyStart = 0
        var yaml: String?
        if all.first?.trimmingCharacters(in: .whitespaces) == "---",
           let end = all.dropFirst().firstIndex(where: { ["---", "..."].contains($0.trimmingCharacters(in: .whitespaces)) }) {
            yaml = all[1..<end].joined(separator: "\n")
            bodyStart = end + 1
        }
        var node: Node?
        var keys: [(String, Int)] = []
        if let yaml {
            var notes: [ImportNote] = []
            node = ImportYAML.node(yaml, file: path, firstLine: 2, notes: &notes)
            for (key, _) in node?.mapping ?? [:] {
                if let name = key.string { keys.append((name, (key.mark?.line ?? 0) + 1)) }
            }
            if var note = notes.first {
                note.construct = "front-matter"
                note.message += "; its fields were not imported"
                note.fix = "correct the YAML in the source and import again, or fill the fields by hand"
                problem = note
            }
        }
        frontMatter = node
        self.keys = keys
        lines = all[bodyStart...].enumerated().map { CarpentriesLine($0.element, file: path, line: bodyStart + $0.offset + 1) }
    }

    /// The text value of front-matter field `name`.
    func text(_ name: String) -> String? {
        frontMatter?[name]?.scalar?.string.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Whether a Markdown line holds a link whose address is relative (`[t](../x/)`).
    static func hasRelativeLink(_ text: String) -> Bool {
        var rest = Substring(text)
        while let open = rest.range(of: "](") {
            let target = rest[open.upperBound...].prefix(while: { $0 != ")" && $0 != " " })
            if !target.hasPrefix("#"), !ImportLinks.hasScheme(String(target)) { return true }
            rest = rest[open.upperBound...]
        }
        return false
    }

    /// The whole-number value of front-matter field `name`.
    func integer(_ name: String) -> Int? {
        text(name).flatMap { Int($0) }
    }

    /// The list of texts of front-matter field `name` (a single text is a list of one).
    func list(_ name: String) -> [String]? {
        guard let node = frontMatter?[name] else { return nil }
        if let items = node.sequence {
            return items.compactMap { $0.scalar?.string.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        }
        if let text = node.scalar?.string.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty { return [text] }
        return nil
    }

    /// The line front-matter key `name` is written on.
    func line(of name: String) -> Int {
        keys.first(where: { $0.name == name })?.line ?? 1
    }
}

extension CarpentriesPage {
    /// The body's text after conversion, with the blank lines the conversion doubled (around the
    /// blocks it made, where a removed tag was) made one, except in code.
    static func joined(_ lines: [CarpentriesLine]) -> String {
        var kept: [String] = []
        var fence = CarpentriesFence()
        for line in lines {
            let isCode = fence.isCode(Substring(line.text))
            if !isCode, line.text.trimmingCharacters(in: .whitespaces).isEmpty,
                      kept.last.map({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) ?? true {
                continue
            }
            kept.append(line.text)
        }
        let text = kept.joined(separator: "\n").trimmingCharacters(in: .newlines)
        return text.isEmpty ? "" : text + "\n"
    }

    /// `lines` without a first `# H1` that repeats `title` (the page shows its title already).
    static func removingRepeatedTitle(_ lines: [CarpentriesLine], title: String) -> [CarpentriesLine] {
        guard let first = lines.firstIndex(where: { !$0.text.trimmingCharacters(in: .whitespaces).isEmpty }) else { return lines }
        guard let heading = h1(lines[first].text), heading.lowercased() == title.lowercased() else { return lines }
        var rest = lines
        rest.remove(at: first)
        return rest
    }

    /// The text of an ATX `# H1` line.
    static func h1(_ line: String) -> String? {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("# ") else { return nil }
        var text = trimmed.dropFirst(2).trimmingCharacters(in: .whitespaces)
        while text.hasSuffix("#") { text.removeLast() }
        return text.trimmingCharacters(in: .whitespaces)
    }
}

extension CarpentriesPage {
    /// The front-matter keys that are portal's tutorial fields under the same name.
    static let portalKeys: Set<String> = ["title", "teaching", "exercises", "questions", "objectives", "keypoints", "tags"]

    /// Portal's tutorial fields from the front-matter (`teaching` and `exercises` as minutes, the
    /// outline as lists); a key that is neither one of them nor in `plumbing` is a note, as its
    /// meaning is lost.
    func portalFields(plumbing: Set<String>, notes: inout [ImportNote]) -> [String: ImportValue] {
        var fields: [String: ImportValue] = [:]
        for name in ["teaching", "exercises"] {
            guard let text = text(name) ?? (name == "teaching" ? text("minutes") : nil) else { continue }
            if let minutes = Int(text), minutes >= 0 {
                fields[name] = .integer(minutes)
            } else {
                notes.append(ImportNote(file: path, line: line(of: name), column: 1, construct: "front-matter-field",
                                        message: "'\(name): \(text)' is not a whole number of minutes; it was dropped",
                                        fix: "set '\(name)' to the minutes it takes, such as 20"))
            }
        }
        for name in ["questions", "objectives", "keypoints"] {
            guard let items = list(name), !items.isEmpty else { continue }
            fields[name] = .list(items)
            for item in items where Self.hasRelativeLink(item) {
                notes.append(ImportNote(file: path, line: line(of: name), column: 1, construct: "outline-link",
                                        message: "an item of '\(name)' links relatively ('\(item)'), which portal refuses in the outline",
                                        fix: "link a full https:// address, or move the link into the page's text"))
            }
        }
        // Tags are portal's too, written as ids (`Jet Physics` → `jet-physics`).
        if let items = list("tags") {
            let tags = items.map(PageID.suggest(from:)).filter { !$0.isEmpty }
            if !tags.isEmpty { fields["tags"] = .list(Array(NSOrderedSet(array: tags)) as? [String] ?? tags) }
        }
        for key in keys where !plumbing.contains(key.name) && !Self.portalKeys.contains(key.name) {
            notes.append(ImportNote(file: path, line: key.line, column: 1, construct: "front-matter-field",
                                    message: "the field '\(key.name)' has no portal equivalent; it was dropped",
                                    fix: "write what it says into the page's text if readers need it"))
        }
        return fields
    }
}
