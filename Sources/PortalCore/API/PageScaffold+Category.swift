import Foundation

/// A new resource's category: `--category` checked as the build checks a resource's `category`
/// (a path, and one of those `resources/_index.md` lists when it lists any), or, without it, a
/// commented example from that list, so the editor sees the field and where its values come from.
extension PageScaffold {
    /// What a new resource's front-matter says of its category.
    enum CategoryLine: Equatable {
        /// Nothing: the resources section lists no categories.
        case none
        /// The category given with `--category`, written as the build reads it.
        case chosen(String)
        /// A commented `category:` line with the first of the `listed` categories, and which the others are.
        case example(listed: [String])

        /// How many listed categories the example's comment names before "and N more".
        static let namedInExample = 5

        /// The front-matter lines.
        var lines: [String] {
            switch self {
            case .none:
                return []
            case .chosen(let path):
                return ["category: \(MarkdownTwins.yamlScalar(path))"]
            case .example(let listed):
                guard let first = listed.first else { return [] }
                // `(A, B, C and 4 more).`, as pieces that a line break may stand between.
                let named = Array(listed.prefix(Self.namedInExample))
                var pieces = named.indices.map { ($0 == 0 ? "(" : "") + named[$0] + ($0 < named.count - 1 ? "," : "") }
                if listed.count > Self.namedInExample { pieces.append("and \(listed.count - Self.namedInExample) more") }
                pieces[pieces.count - 1] += ")."
                return ["# Its place in the category tree: one of the categories listed in resources/_index.md"]
                    + Self.wrapped(pieces, width: 88).map { "# " + $0 }
                    + ["# Remove the '#' below and choose one, or leave the line out:", "# category: \(MarkdownTwins.yamlScalar(first))"]
            }
        }

        /// `pieces` joined by spaces in lines of at most `width` characters, broken between pieces
        /// only, so that no category's name is cut in two (a longer piece stands alone).
        static func wrapped(_ pieces: [String], width: Int) -> [String] {
            var lines: [String] = []
            var line = ""
            for piece in pieces {
                if !line.isEmpty, line.count + 1 + piece.count > width {
                    lines.append(line)
                    line = ""
                }
                line += (line.isEmpty ? "" : " ") + piece
            }
            if !line.isEmpty { lines.append(line) }
            return lines
        }
    }

    /// The categories `resources/_index.md` lists, with the file and the place of the list.
    struct CategoryList {
        let paths: [String]
        let source: SourceText
        let line: Int
        let column: Int
    }

    /// Why `--category` is refused for a page that is not a resource.
    public static let categoryForOtherKinds = "--category is for resources only: other pages have no category"

    /// What is wrong with `text` (`--category`) as a category path, with the fix; nil when it is one.
    public static func categoryProblem(_ text: String) -> String? {
        guard case .failure(let failure) = categoryPath(text) else { return nil }
        return failure.description
    }

    /// `text` as the build reads a category path (each name trimmed), or what is wrong with it.
    static func categoryPath(_ text: String) -> Result<String, Failure> {
        CategoryPath.normalized(text).mapError { Failure(description: "--category: \($0.message)" + ($0.fix.map { " (\($0))" } ?? "")) }
    }

    /// The list of categories of `resources/_index.md` under `contentDirectory`; nil when there is
    /// none, or when its front-matter cannot be read (the build says why).
    static func categoryList(contentDirectory: URL, displayRoot: String) -> CategoryList? {
        let relative = "resources/_index.md"
        let display = displayRoot.isEmpty ? relative : "\(displayRoot)/\(relative)"
        let path = contentDirectory.appendingPathComponent(relative).path
        guard FileManager.default.fileExists(atPath: path), case .success(let text) = TextFile.read(path: path, displayPath: display) else { return nil }
        let source = SourceText(displayPath: display, text: text)
        guard case .success(let split) = FrontMatterSplitter.split(text, source: source) else { return nil }
        var diagnostics: [Diagnostic] = []
        let frontMatter = FrontMatterDecoder(schema: .forKind(.section), source: source, firstLine: split.yamlFirstLine).decode(split.yaml, diagnostics: &diagnostics)
        let paths = frontMatter.list("categories").map(\.value)
        guard !paths.isEmpty, !diagnostics.contains(where: { $0.severity == .error }), let field = frontMatter.values["categories"] else { return nil }
        return CategoryList(paths: paths, source: source, line: field.line, column: field.column)
    }

    /// The category line of a new resource given `chosen` (`--category`, nil when not given).
    static func categoryLine(_ chosen: String?, contentDirectory: URL, displayRoot: String) throws(Failure) -> CategoryLine {
        let list = categoryList(contentDirectory: contentDirectory, displayRoot: displayRoot)
        guard let chosen else { return list.map { .example(listed: $0.paths) } ?? .none }
        let path = try categoryPath(chosen).get()
        // A category the list lacks would build with the warning `resource.unlisted-category`; a typo is the usual cause.
        if let list, !list.paths.contains(path) {
            throw Failure(list.source.error("new.unlisted-category", "the category '\(path)' is not in the list of categories of resources/_index.md",
                                            line: list.line, column: list.column, fix: CategoryTree.unlistedFix(path, listed: list.paths)))
        }
        return .chosen(path)
    }
}
