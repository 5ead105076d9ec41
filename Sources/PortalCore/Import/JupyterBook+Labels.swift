import Foundation
import PortalMarkdown

/// The targets MyST's cross-references name across a book: `(label)=` before a heading, a
/// directive's `:name:` (a figure, a block) and a formula's `:label:`, each with the anchor it is
/// in portal's page.
struct JupyterBookLabels {
    /// Where a label leads.
    struct Target {
        /// The file that holds it.
        var file: String
        /// The anchor in that page (a heading's slug, a figure's id), nil for the page itself.
        var anchor: String?
        /// The heading's text, for a reference written without text.
        var text: String?
    }

    var targets: [String: Target] = [:]

    /// Adds the labels of `body`, a page's Markdown after its front-matter (and without its title
    /// heading, whose label stands for the page).
    mutating func add(_ body: String, file: String) {
        var slugger = HeadingSlugger()
        var pending: [String] = []
        var fences = JupyterBookFences()
        var readingOptions = false
        for line in body.split(separator: "\n", omittingEmptySubsequences: false) {
            switch fences.see(line) {
            case .opened(let name, _, let character, let length):
                fences.push(.init(character: character, length: length, isCode: !JupyterBookFences.holdsMarkdown(name), name: name))
                readingOptions = true
                continue
            case .closed:
                readingOptions = false
                continue
            case .none:
                break
            }
            if readingOptions, let option = MySTDirective.option(line) {
                if option.name == "name" || option.name == "label" {
                    targets[option.value] = Target(file: file, anchor: option.name == "label" ? option.value.replacingOccurrences(of: ":", with: "-") : option.value)
                }
                continue
            }
            readingOptions = false
            if fences.inCode { continue }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if let labelled = JupyterBookMyST.labelledFormula(trimmed) {
                targets[labelled.label] = Target(file: file, anchor: labelled.label.replacingOccurrences(of: ":", with: "-"))
                continue
            }
            if let label = JupyterBookMyST.target(trimmed) {
                pending.append(label)
                continue
            }
            if trimmed.isEmpty { continue }
            if let heading = Self.heading(trimmed) {
                let slug = slugger.uniqueSlug(heading)
                for label in pending { targets[label] = Target(file: file, anchor: slug, text: heading) }
            } else {
                for label in pending { targets[label] = Target(file: file, anchor: nil) }
            }
            pending = []
        }
        for label in pending { targets[label] = Target(file: file, anchor: nil) }
    }

    /// The text of an ATX heading line (`## The fit` → `The fit`), or nil.
    static func heading(_ line: String) -> String? {
        let hashes = line.prefix { $0 == "#" }.count
        guard (1...6).contains(hashes), line.count == hashes || line.dropFirst(hashes).first == " " else { return nil }
        var text = line.dropFirst(hashes).trimmingCharacters(in: .whitespaces)
        while text.hasSuffix("#") { text = String(text.dropLast()).trimmingCharacters(in: .whitespaces) }
        return text
    }
}
