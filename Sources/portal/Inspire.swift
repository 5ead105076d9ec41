import ArgumentParser
import Foundation
import PortalCore

/// `portal inspire`: the one command that uses the network. It asks INSPIRE-HEP about the
/// resources' papers and saves the answers in a file to commit, which `portal check
/// --resources-report` reads offline.
struct Inspire: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Look up the resources' papers on INSPIRE-HEP and save what it says (for 'check --resources-report').",
        discussion: "Needs the network and the curl command. Asks in batches, within INSPIRE's limit of 15 requests in 5 seconds, and writes the cache file only when every request succeeded."
    )

    @OptionGroup var site: SiteOptions

    @Option(help: "The file to write the answers to, committed with the content.")
    var cache = InspireCachePath.defaultPath

    @Option(help: "INSPIRE's API address (a mirror, or a local server in tests).")
    var api = "https://inspirehep.net/api"

    @Option(name: .customLong("batch-size"), help: "Identifiers asked for in one request (1 to 50).")
    var batchSize = 20

    func run() throws {
        let options = site.buildOptions(output: nil, drafts: false)
        let lookup = InspireLookup(api: api, batchSize: batchSize)
        let (report, found, asked) = try SiteBuilder(options: options).lookUpOnInspire(lookup, fetch: Self.fetch, pause: { Thread.sleep(forTimeInterval: $0) })
        for diagnostic in report.diagnostics { print(site.format.format(diagnostic)) }
        guard let found else { throw ExitCode(1) }
        try found.encoded().write(to: URL(fileURLWithPath: cache), options: .atomic)
        print("Asked INSPIRE about \(asked) identifier\(asked == 1 ? "" : "s"): \(found.records.count) record\(found.records.count == 1 ? "" : "s") found, "
            + "\(found.notFound.count) not found; saved in \(cache).")
    }

    /// GETs `url` with curl (Foundation's networking would tie every command to libcurl's
    /// library), returning the HTTP status and the body.
    static func fetch(_ url: String) throws -> (status: Int, body: Data) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["curl", "--silent", "--show-error", "--max-time", "60", "--header", "Accept: application/json",
                             "--write-out", "\n%{http_code}", "--", url]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0, let newline = data.lastIndex(of: 0x0A),
              let status = Int(String(decoding: data[(newline + 1)...], as: UTF8.self)) else {
            throw InspireLookup.Failure(description: "could not reach INSPIRE (\(url)): " + (message.isEmpty ? "curl exited with \(process.terminationStatus)" : message))
        }
        return (status, Data(data[..<newline]))
    }
}

/// Where the INSPIRE answers are kept.
enum InspireCachePath {
    static let defaultPath = "inspire.json"

    /// The cache at `path`, or nil when there is none; an unreadable one is an error.
    static func load(_ path: String) throws -> InspireCache? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        do {
            return try InspireCache.decode(Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw ValidationError("\(path) is not a cache 'portal inspire' wrote (\(error)); run 'portal inspire' again, or delete it")
        }
    }
}
