import ArgumentParser
import Foundation

/// The `portal` command: builds and checks the research portal.
@main
struct Portal: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "portal",
        abstract: "Build the research portal from Markdown content and Mustache templates.",
        discussion: "Exit codes: 0 success, 1 the content or templates have errors, 2 the command line is wrong.",
        subcommands: [Build.self, Check.self, New.self, Serve.self, Import.self, Inspire.self, Mcp.self],
        defaultSubcommand: Build.self
    )

    /// Runs the command, mapping command-line mistakes to exit code 2 as docs/cli.md documents.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let code as ExitCode {
            Foundation.exit(code.rawValue)
        } catch {
            let code = exitCode(for: error)
            guard code == .validationFailure else { exit(withError: error) }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(2)
        }
    }
}
