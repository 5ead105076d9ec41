import ArgumentParser
import Foundation
import PortalCore

/// `portal mcp`: the portal's knowledge for AI assistants, as a Model Context Protocol server on
/// standard input and output. The tools' logic is `KnowledgeSession`'s; `KnowledgeServer` only
/// speaks the protocol.
struct Mcp: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcp",
        abstract: "Serve the portal to AI assistants over the Model Context Protocol (stdio).",
        discussion: "Reads the content as 'portal check' does (or, with --site, a built site), keeps it in memory and reads it again when a file changes. Writes nothing; opens no network connection. Standard output carries the protocol; messages go to standard error."
    )

    @Option(help: "The content folder.")
    var content = "content"

    @Option(help: "The templates (theme) folder.")
    var templates = "templates"

    @Flag(help: "Include pages marked 'draft: true'.")
    var drafts = false

    @Option(help: "Serve a site 'portal build' wrote (its catalog.json, Markdown twins and search index) instead of the content.")
    var site: String?

    func run() throws {
        let folders = try SiteOptions.parse(["--content", content, "--templates", templates])
        let session = site.map { KnowledgeSession(site: URL(fileURLWithPath: $0).standardizedFileURL) }
            ?? KnowledgeSession(options: folders.buildOptions(output: nil, drafts: drafts))
        // A wrong folder is told at once, not as the error of every request an assistant makes.
        if let problem = session.startupProblem() {
            FileHandle.standardError.write(Data((DiagnosticFormat.text.format(problem) + "\n").utf8))
            throw ExitCode(1)
        }
        // The protocol is served on Swift concurrency's threads; this thread waits for it to end
        // (the client closes standard input), then the process exits with its status.
        let finished = DispatchSemaphore(value: 0)
        let outcome = ServeOutcome()
        Task {
            do {
                try await KnowledgeServer(session: session).serve()
            } catch {
                outcome.failure = "\(error)"
            }
            finished.signal()
        }
        finished.wait()
        if let failure = outcome.failure {
            FileHandle.standardError.write(Data("portal mcp: \(failure)\n".utf8))
            throw ExitCode(1)
        }
    }
}

/// How the server ended, handed from its task to the waiting thread (after the semaphore).
private final class ServeOutcome: @unchecked Sendable {
    var failure: String?
}
