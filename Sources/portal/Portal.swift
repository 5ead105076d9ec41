import ArgumentParser

/// The `portal` command: builds and checks the research portal.
@main
struct Portal: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "portal",
        abstract: "Build the research portal from Markdown content and Mustache templates.",
        subcommands: [Build.self, Check.self],
        defaultSubcommand: Build.self
    )
}
