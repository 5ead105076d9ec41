import Foundation
import Yams

/// A page's front-matter, as MyST (Jupyter Book) and MkDocs Material write it, mapped to portal's
/// tutorial fields.
struct JupyterBookFields {
    var title: String?
    var fields: [String: ImportValue] = [:]
    /// Whether the page is a MyST notebook (jupytext's settings), whose `+++` lines portal reads.
    var isNotebook = false
    /// The page's own MyST substitutions (`substitutions:`), by key.
    var substitutions: [String: String] = [:]

    /// A mapping of substitutions' keys to their text (values that are not text are left out).
    static func substitutions(_ node: Node?) -> [String: String] {
        var values: [String: String] = [:]
        for (key, value) in node?.mapping ?? [:] {
            if let key = key.string, let text = value.scalar?.string { values[key] = text }
        }
        return values
    }

    /// Portal's fields a page may give as they are.
    static let textFields: Set<String> = ["summary", "level", "duration", "review_every"]
    static let listFields: Set<String> = ["areas", "prerequisites", "questions", "objectives", "keypoints"]
    static let minuteFields: Set<String> = ["teaching", "exercises"]
    static let dateFields: Set<String> = ["date", "updated"]
    /// Fields of the page's tool that only its tool uses (layout, numbering, icons): left out without a note.
    static let toolFields: Set<String> = ["short_title", "numbering", "exports", "downloads", "hide", "icon", "template", "status",
                                          "search", "html_meta", "myst", "thebe", "kernel", "site", "comments", "kernelspec_display_name"]

    /// No front-matter.
    init() {}

    /// Reads `yaml`, the front-matter of `file`, whose first line is line 2 of the file.
    init(yaml: String, file: String, notes: inout [ImportNote]) {
        guard let node = ImportYAML.node(yaml, file: file, notes: &notes), let mapping = node.mapping else { return }
        for (keyNode, value) in mapping {
            guard let key = keyNode.string else { continue }
            let line = (keyNode.mark?.line ?? 1) + 1
            let column = keyNode.mark?.column ?? 1
            func unread(_ why: String) {
                notes.append(ImportNote(file: file, line: line, column: column, construct: "front-matter",
                                        message: "the field '\(key)' \(why); it was left out", fix: "set it by hand in the part's front-matter if it matters"))
            }
            switch key {
            case "title":
                title = value.string
            case "description", "summary", "subtitle":
                if fields["summary"] == nil || key != "subtitle", let text = value.string { fields["summary"] = .text(text) }
            case "author", "authors":
                let names = JupyterBookSource.names(value)
                if !names.isEmpty { fields["authors"] = .list(names) }
            case "tags", "keywords":
                let tags = (value.sequence.map { Array($0) } ?? [value]).compactMap(\.string).map(PageID.suggest).filter { !$0.isEmpty }
                if !tags.isEmpty { fields["tags"] = .list(tags) }
            case "jupytext", "kernelspec":
                isNotebook = true
                if let text = try? Yams.serialize(node: value) { fields[key] = .yaml(text) }
            case "substitutions":
                substitutions = Self.substitutions(value)
            case "draft":
                if let flag = value.bool { fields["draft"] = .bool(flag) }
            default:
                if Self.textFields.contains(key), let text = value.string {
                    fields[key] = .text(text)
                } else if Self.listFields.contains(key), let items = value.sequence {
                    fields[key] = .list(items.compactMap(\.string))
                } else if Self.minuteFields.contains(key), let minutes = value.int {
                    fields[key] = .integer(minutes)
                } else if Self.dateFields.contains(key) {
                    if let text = value.string, CalendarDate(text) != nil { fields[key] = .date(text) } else { unread("is not a date written YYYY-MM-DD") }
                } else if !Self.toolFields.contains(key) {
                    unread("has no place in portal's front-matter")
                }
            }
        }
    }
}
