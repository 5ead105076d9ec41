import Foundation
import PortalCore
import Testing

/// The package folder, found from this file's path.
private let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

@Suite("The shipped portal")
struct ShippedSiteTests {
    @Test("content/ and templates/ build with zero diagnostics into a complete, self-contained site")
    func shippedSiteBuilds() throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("portal-shipped-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        let report = SiteBuilder(options: BuildOptions(
            contentDirectory: packageRoot.appendingPathComponent("content"),
            templatesDirectory: packageRoot.appendingPathComponent("templates"),
            outputDirectory: output, workingDirectory: packageRoot, baseURL: "http://127.0.0.1:8000/"
        )).run()
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics.map(\.description).joined(separator: "\n"))")

        func count(_ folder: String) -> Int {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: output.appendingPathComponent(folder).path)) ?? []
            return names.filter { FileManager.default.fileExists(atPath: output.appendingPathComponent("\(folder)/\($0)/index.html").path) }.count
        }
        #expect(count("breakouts") == 5)
        #expect(count("tutorials") >= 8)
        #expect(count("starter-kit") >= 8)
        #expect(count("resources") >= 30)

        let enumerator = FileManager.default.enumerator(at: output, includingPropertiesForKeys: nil)
        var pages = 0
        while let url = enumerator?.nextObject() as? URL {
            // A long listing's filter data is a page of the build, written as a script.
            if url.pathExtension == "js", url.lastPathComponent.hasPrefix("listing") {
                pages += 1
                continue
            }
            // 404.html links from the base URL on purpose: servers show it at any depth.
            guard url.pathExtension == "html", url.lastPathComponent != "404.html" else { continue }
            pages += 1
            let html = try String(contentsOf: url, encoding: .utf8)
            let path = url.path.dropFirst(output.path.count)
            #expect(html.components(separatedBy: "<h1").count == 2, "\(path) must have exactly one h1")
            #expect(html.contains("<html lang=\"en\""), "\(path) lacks a language")
            #expect(html.contains("href=\"#main\""), "\(path) lacks a skip link")
            #expect(html.contains("id=\"main\""), "\(path) lacks the main landmark target")
            #expect(!html.contains("href=\"/") && !html.contains("src=\"/"), "\(path) has a root-relative URL")
            #expect(!html.contains("<script src=\"http") && !html.contains("stylesheet\" href=\"http"), "\(path) loads from another site")
        }
        // The search results page is written beside the pages.
        #expect(pages == report.pageCount + 1)
    }
}
