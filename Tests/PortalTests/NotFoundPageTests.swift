import Foundation
@testable import PortalCore
import PortalTestSupport
import Testing

private let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// Builds a one-breakout site with the shipped theme and returns its 404.html.
private func notFoundPage(settings: String) throws -> String {
    let site = try TestSite(.init(files: TestSite.breakout("agentic-ai")), theme: [:], settings: settings)
    defer { site.cleanUp() }
    var options = site.options()
    options.templatesDirectory = packageRoot.appendingPathComponent("templates")
    let report = SiteBuilder(options: options).run()
    #expect(!report.hasErrors, "\(report.summary)")
    return try site.read("404.html")
}

@Suite("The 404 page works at any depth")
struct NotFoundPageTests {
    @Test("With a base URL, every address starts from its path on the server, and no script is inline")
    func withBaseURL() throws {
        let html = try notFoundPage(settings: TestSite.settingsWithoutBaseURL + "\nbase_url: https://example.org/a/portal/\n")
        #expect(html.contains("<link rel=\"stylesheet\" href=\"/a/portal/assets/style.css\">"))
        #expect(html.contains("<script src=\"/a/portal/assets/search.js\" data-root=\"/a/portal/\" defer></script>"))
        #expect(html.contains("href=\"/a/portal/breakouts/index.html\""))
        #expect(!html.contains("<script>"))
        #expect(html.contains("script-src 'self';"))
        #expect(!html.contains("href=\"\"") && !html.contains("src=\"\""))
    }

    @Test("Without one, links start from the site root and one inline script, allowed by its hash, repoints them")
    func withoutBaseURL() throws {
        let html = try notFoundPage(settings: TestSite.settingsWithoutBaseURL)
        #expect(html.contains("<link rel=\"stylesheet\" href=\"assets/style.css\">"))
        #expect(html.contains("<script>\(RootFinder.script)</script>"))
        #expect(html.components(separatedBy: "<script>").count == 2)
        let digest = Data(SHA256.digest(Array(RootFinder.script.utf8))).base64EncodedString()
        #expect(html.contains("script-src 'self' &#39;sha256-\(digest)&#39;;") || html.contains("script-src 'self' &#x27;sha256-\(digest)&#x27;;"))
        #expect(html.contains("base-uri 'none'"))
        #expect(!html.contains("href=\"\"") && !html.contains("src=\"\""))
    }

    @Test("Only the 404 page carries the script")
    func otherPagesHaveNone() throws {
        let site = try TestSite(.init(files: TestSite.breakout("agentic-ai")), theme: [:], settings: TestSite.settingsWithoutBaseURL)
        defer { site.cleanUp() }
        var options = site.options()
        options.templatesDirectory = packageRoot.appendingPathComponent("templates")
        #expect(!SiteBuilder(options: options).run().hasErrors)
        for path in ["index.html", "breakouts/index.html", "breakouts/agentic-ai/index.html"] {
            #expect(!(try site.read(path)).contains("<script>"), "\(path)")
        }
    }

    @Test("The base URL's path", arguments: [
        ("https://example.org/portal/", "/portal/"), ("https://example.org/", "/"), ("https://example.org", "/"),
        ("http://127.0.0.1:8000/", "/"), ("https://user.github.io/a/b/portal", "/a/b/portal/"),
    ])
    func rootPath(_ baseURL: String, _ path: String) {
        #expect(SiteAddress(baseURL: baseURL).rootPath == path)
        #expect(SiteAddress(baseURL: nil).rootPath == nil)
    }

    @Test("SHA-256 gives the standard's digests", arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        (String(repeating: "a", count: 1000), "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3"),
    ])
    func sha256(_ input: String, _ hex: String) {
        let digest = SHA256.digest(Array(input.utf8)).map { byte in (byte < 16 ? "0" : "") + String(byte, radix: 16) }.joined()
        #expect(digest == hex)
    }
}
