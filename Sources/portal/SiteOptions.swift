import ArgumentParser
import Foundation
import PortalCore

/// The options `build`, `check` and `serve` share.
struct SiteOptions: ParsableArguments {
    @Option(help: "The content folder.")
    var content = "content"

    @Option(help: "The templates (theme) folder.")
    var templates = "templates"

    @Option(help: "How to print diagnostics: text, github or json.")
    var format: DiagnosticFormat = .text

    @Flag(help: "Treat warnings as errors.")
    var strict = false

    @Option(name: .customLong("base-url"), help: "The published address (overrides base_url in site.yml), for feeds and sitemaps.")
    var baseURL: String?

    func buildOptions(output: String?, drafts: Bool) -> BuildOptions {
        let working = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        func resolve(_ path: String) -> URL {
            URL(fileURLWithPath: path, relativeTo: working).standardizedFileURL
        }
        var options = BuildOptions(
            contentDirectory: resolve(content), templatesDirectory: resolve(templates),
            outputDirectory: output.map(resolve), includeDrafts: drafts, workingDirectory: working, baseURL: baseURL
        )
        options.strict = strict
        return options
    }
}

extension DiagnosticFormat: ExpressibleByArgument {}
