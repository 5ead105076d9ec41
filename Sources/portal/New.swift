import ArgumentParser
import Foundation
import PortalCore

/// `portal new KIND "Title"`: creates a page with valid placeholders, as a draft.
struct New: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create a new page (page, breakout, tutorial, step or resource) with placeholders to fill in."
    )

    @Argument(help: "The kind of page: page, breakout, tutorial, step or resource.")
    var kind: String

    @Argument(help: "The page title; the file name (id) is made from it.")
    var title: String

    @Option(help: ArgumentHelp("A resource's category, one of those resources/_index.md lists when it lists any (without it, a commented example).",
                               valueName: "path"))
    var category: String?

    @Option(help: "The content folder.")
    var content = "content"

    func validate() throws {
        guard PageScaffold.kinds.contains(kind) else {
            throw ValidationError("unknown kind '\(kind)'; use one of: \(PageScaffold.kinds.joined(separator: ", "))")
        }
        if let category {
            guard kind == "resource" else { throw ValidationError(PageScaffold.categoryForOtherKinds) }
            if let problem = PageScaffold.categoryProblem(category) { throw ValidationError(problem) }
        }
    }

    func run() throws {
        let folder = URL(fileURLWithPath: content, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).standardizedFileURL
        do {
            let file = try PageScaffold.create(kind: kind, title: title, contentDirectory: folder, category: category,
                                               displayRoot: content.hasSuffix("/") ? String(content.dropLast()) : content)
            print(file.path.replacingOccurrences(of: FileManager.default.currentDirectoryPath + "/", with: ""))
            FileHandle.standardError.write(Data("Created a draft. Replace every 'CHANGE ME', then remove 'draft: true' to publish.\n".utf8))
        } catch let failure as PageScaffold.Failure {
            // A list the category is not in is shown as the build shows a diagnostic: at its place, with the line.
            FileHandle.standardError.write(Data("\(failure.diagnostic.map(DiagnosticFormat.text.format) ?? "error: \(failure)")\n".utf8))
            throw ExitCode(1)
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
