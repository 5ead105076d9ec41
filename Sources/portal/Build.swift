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

    @Flag(name: .customLong("no-reuse"), help: "Render every page and write the site through a staging folder, ignoring the manifest beside the output.")
    var noReuse = false

    func run() throws {
        var options = site.buildOptions(output: output, drafts: drafts)
        options.reusesOutput = !noReuse
        try BuildRunner.run(options, format: site.format, verb: "built")
    }
}

/// `portal check`: everything `build` does except writing.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Check links, front-matter and templates without writing anything.")

    @OptionGroup var site: SiteOptions

    @Flag(help: "Include pages marked 'draft: true'.")
    var drafts = false

    @Flag(name: .customLong("resources-report"), help: "Read the content only as far as its front-matter, and list the resources a curator should look at: without an identifier or a description, preprints without a journal DOI, due for review, never scheduled for review.")
    var resourcesReport = false

    @Option(name: .customLong("inspire-cache"), help: "With --resources-report: the answers 'portal inspire' saved, read when the file exists.")
    var inspireCache = InspireCachePath.defaultPath

    func run() throws {
        let options = site.buildOptions(output: nil, drafts: drafts)
        guard resourcesReport else {
            try BuildRunner.run(options, format: site.format, verb: "checked")
            return
        }
        let (report, resources) = SiteBuilder(options: options).resourcesReport(inspire: try InspireCachePath.load(inspireCache))
        for diagnostic in report.diagnostics { print(site.format.format(diagnostic)) }
        print(resources.text, terminator: "")
        if report.hasErrors { throw ExitCode(1) }
    }
}
