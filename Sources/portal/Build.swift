import ArgumentParser
import PortalCore

/// `portal build`: checks everything and writes the site.
struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Check the content and write the site.")

    @OptionGroup var site: SiteOptions

    @Flag(help: "Include pages marked 'draft: true'.")
    var drafts = false

    @Option(help: "Where to write the site.")
    var output = "_site"

    func run() throws {
        try BuildRunner.run(site.buildOptions(output: output, drafts: drafts), format: site.format, verb: "built")
    }
}

/// `portal check`: everything `build` does except writing.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Check links, front-matter and templates without writing anything.")

    @OptionGroup var site: SiteOptions

    @Flag(help: "Include pages marked 'draft: true'.")
    var drafts = false

    func run() throws {
        try BuildRunner.run(site.buildOptions(output: nil, drafts: drafts), format: site.format, verb: "checked")
    }
}
