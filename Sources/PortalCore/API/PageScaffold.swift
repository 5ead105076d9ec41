import Foundation

/// Creates a new page file with every required field filled by a valid placeholder.
///
/// New pages start as drafts, so placeholders never reach readers: the site still builds, and
/// the editor removes `draft: true` when the page is ready.
public enum PageScaffold {
    /// The kinds `portal new` makes, by the name editors type.
    public static let kinds = ["page", "breakout", "tutorial", "step", "resource"]

    /// Why a page could not be created.
    public struct Failure: Error, CustomStringConvertible {
        /// What went wrong, in plain words.
        public let description: String
        /// The same, at its place in a content file, when a file's content is why.
        public let diagnostic: Diagnostic?

        init(description: String) {
            self.description = description
            diagnostic = nil
        }

        init(_ diagnostic: Diagnostic) {
            description = diagnostic.description
            self.diagnostic = diagnostic
        }
    }

    /// Writes `content/<folder>/<slug>.md` for a new page of `kind` titled `title`; returns its path.
    /// A resource gets `category` (`--category`), which must be one of the categories the
    /// resources section lists when it lists any; without it, a commented example from the list.
    /// `displayRoot` is the content folder as the editor named it, for messages.
    public static func create(kind: String, title: String, contentDirectory: URL, category: String? = nil, displayRoot: String = "content",
                              today: Date = Date()) throws -> URL {
        guard let contentKind = ContentKind(rawValue: kind), let folder = contentKind.folder, kinds.contains(kind) else {
            throw Failure(description: "unknown kind '\(kind)'; use one of: \(kinds.joined(separator: ", "))")
        }
        if category != nil, contentKind != .resource { throw Failure(description: categoryForOtherKinds) }
        let categoryLine: CategoryLine = contentKind == .resource ? try self.categoryLine(category, contentDirectory: contentDirectory, displayRoot: displayRoot) : .none
        let trimmedTitle = title.trimmingCharacters(in: .whitespaces)
        var base = PageID.suggest(from: trimmedTitle)
        if base.isEmpty { base = kind }
        if base.count > 60 { base = String(base.prefix(60)).trimmingCharacters(in: CharacterSet(charactersIn: "-")) }
        if contentKind == .page, ContentScanner.reservedPageIDs.contains(base) || base == "index" { base += "-page" }
        let folderURL = contentDirectory.appendingPathComponent(folder)
        let manager = FileManager.default
        var id = base
        var suffix = 2
        while manager.fileExists(atPath: folderURL.appendingPathComponent("\(id).md").path)
            || manager.fileExists(atPath: folderURL.appendingPathComponent(id).path) {
            id = "\(base)-\(suffix)"
            suffix += 1
        }
        let existing = (try? manager.contentsOfDirectory(atPath: folderURL.path)) ?? []
        let breakouts = ((try? manager.contentsOfDirectory(atPath: contentDirectory.appendingPathComponent("breakouts").path)) ?? [])
            .filter { $0.hasSuffix(".md") && $0 != "_index.md" }.map { String($0.dropLast(3)) }.sorted()
        let area = breakouts.first ?? "agentic-ai"
        let nextNumber = existing.count(where: { $0.hasSuffix(".md") && $0 != "_index.md" }) + 1
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        let date = formatter.string(from: today)
        let text = self.text(kind: contentKind, title: trimmedTitle.isEmpty ? "New \(kind)" : trimmedTitle, area: area, number: nextNumber, date: date,
                             category: categoryLine)
        let file = folderURL.appendingPathComponent("\(id).md")
        do {
            try manager.createDirectory(at: folderURL, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: file, options: .withoutOverwriting)
        } catch {
            throw Failure(description: "cannot write \(file.path): \(error.localizedDescription)")
        }
        return file
    }

    /// The text of a new page of `kind`: front-matter with every required field filled by a valid
    /// placeholder (`area` for the breakout a page belongs to, `number` for a breakout's or step's
    /// place, `date` for a tutorial's, `category` for a resource's), and a body that says what to write.
    static func text(kind: ContentKind, title: String, area: String, number: Int, date: String, category: CategoryLine = .none) -> String {
        var lines = ["---", "# New \(kind.label.lowercased()). Replace every 'CHANGE ME' value, then delete 'draft: true' to publish.",
                     "title: \(MarkdownTwins.yamlScalar(title))", "summary: \"CHANGE ME: one or two plain sentences for listings and search.\"", "draft: true"]
        switch kind {
        case .breakout:
            lines += ["number: \(number)", "theme: \"CHANGE ME: the core theme in a paragraph.\"",
                      "needs:", "  - \"CHANGE ME: a key need or open question\"", "actions:", "  - \"CHANGE ME: a near-term action\""]
        case .tutorial:
            lines += ["level: beginner", "duration: 30 min", "areas: [\(area)]", "authors: [\"CHANGE ME\"]", "date: \(date)", "tags: []"]
        case .step:
            lines += ["step: \(number)", "tutorials: []", "resources: []"]
        case .resource:
            lines += ["type: paper", "url: https://example.org/CHANGE-ME", "areas: [\(area)]", "tags: []"] + category.lines
        default:
            break
        }
        lines += ["---", "", "CHANGE ME: write the \(kind.label.lowercased()) here, in Markdown. Link to other pages by their",
                  "relative path, for example [the starter kit](../starter-kit/).", ""]
        return lines.joined(separator: "\n")
    }
}
