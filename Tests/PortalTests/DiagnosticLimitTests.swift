import Foundation
import PortalCore
import PortalTestSupport
import Testing

/// One mistake repeated thousands of times lists a few and counts the rest, so the log stays readable.
@Suite("Diagnostic limit")
struct DiagnosticLimitTests {
    @Test("1,000 unknown keys list 20 errors and one line counting the rest; the summary counts all")
    func unknownKeys() throws {
        let keys = (1...1000).map { "key\($0): 1" }.joined(separator: "\n")
        let site = try TestSite(["content/pages/many.md": "---\ntitle: Many\n\(keys)\n---\n\nBody.\n"])
        defer { site.cleanUp() }
        let report = site.build(output: nil)
        let listed = report.diagnostics("frontmatter.unknown-key")
        #expect(listed.count == 21, "\(report.summary)")
        #expect(listed.prefix(20).map(\.line) == Array(3...22))
        let summary = try #require(listed.last)
        #expect((summary.file, summary.line, summary.column, summary.severity) == ("content/pages/many.md", 0, 0, .error))
        #expect(summary.message == "980 more 'frontmatter.unknown-key' in this file are not listed (1,000 in all)")
        #expect(summary.fix == "fix the ones above; the same fix likely applies to the rest")
        #expect(report.errorCount == 1000)
    }

    @Test("Warnings are limited the same way, and the count stays a warning count")
    func duplicateTags() throws {
        let tags = Array(repeating: "jets", count: 101).joined(separator: ", ")
        let site = try TestSite(["content/pages/tagged.md": "---\ntitle: Tags\ntags: [\(tags)]\n---\n\nBody.\n"])
        defer { site.cleanUp() }
        let report = site.build()
        let listed = report.diagnostics("frontmatter.duplicate-item")
        #expect(listed.count == 21, "\(report.summary)")
        #expect(listed.allSatisfy { $0.severity == .warning })
        #expect(listed.last?.message == "80 more 'frontmatter.duplicate-item' in this file are not listed (100 in all)")
        #expect((report.errorCount, report.warningCount) == (0, 100))
    }

    @Test("A page's link problems stop at the same number, counted in one line")
    func imagesWithoutAlt() throws {
        let body = (1...100).map { _ in "![](figure.png)" }.joined(separator: "\n\n")
        let site = try TestSite(["content/pages/figures/index.md": "---\ntitle: Figures\n---\n\n\(body)\n", "content/pages/figures/figure.png": "png"])
        defer { site.cleanUp() }
        let report = site.build()
        #expect(report.diagnostics("image.no-alt").count == 20, "\(report.summary)")
        let rest = try #require(report.only("link.too-many"))
        #expect((rest.severity, rest.message) == (.warning, "80 more link problems in this file are not listed"))
    }

    @Test("The limit is per file and per kind: other files and other kinds are listed in full")
    func perFileAndKind() throws {
        let keys = (1...30).map { "key\($0): 1" }.joined(separator: "\n")
        let site = try TestSite([
            "content/pages/a.md": "---\ntitle: A\n\(keys)\ndraft: maybe\n---\n",
            "content/pages/b.md": "---\ntitle: B\nkey: 1\n---\n",
        ])
        defer { site.cleanUp() }
        let report = site.build(output: nil)
        #expect(report.diagnostics("frontmatter.unknown-key").filter { $0.file == "content/pages/a.md" }.count == 21)
        #expect(report.diagnostics("frontmatter.unknown-key").filter { $0.file == "content/pages/b.md" }.count == 1)
        #expect(report.diagnostics("frontmatter.bad-value").count == 1, "\(report.summary)")
        #expect(report.errorCount == 32)
    }

    @Test("The command line prints the limited list and the true counts")
    func commandLine() throws {
        let keys = (1...5000).map { "key\($0): 1" }.joined(separator: "\n")
        let site = try TestSite(["content/pages/many.md": "---\ntitle: Many\n\(keys)\n---\n\nBody.\n"])
        defer { site.cleanUp() }
        let outcome = try PortalExecutable.run(["check"], in: site.root)
        #expect(outcome.status == 1)
        #expect(outcome.output.components(separatedBy: "error: unknown field").count - 1 == 20)
        #expect(outcome.output.contains("content/pages/many.md: error: 4,980 more 'frontmatter.unknown-key' in this file are not listed (5,000 in all)"))
        #expect(outcome.errors.contains("Failed: 5000 errors"))
    }

    @Test("A megabyte-long source line prints as a window with the caret under the column, and long messages are cut")
    func longLines() {
        let line = String(repeating: "a", count: 1_000_000) + "X" + String(repeating: "b", count: 1_000_000)
        let diagnostic = Diagnostic(.error, "link.broken", "'" + String(repeating: "m", count: 10_000) + "' does not exist", file: "content/pages/min.md",
                                    line: 7, column: 1_000_001, sourceLine: line)
        let printed = DiagnosticFormat.text.format(diagnostic)
        let lines = printed.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(printed.utf8.count < 1_500, "\(printed.utf8.count) bytes")
        #expect(lines.count == 3)
        #expect(lines[0].hasSuffix(String(repeating: "m", count: 10) + "…"))
        #expect(lines[1].hasPrefix("    …a") && lines[1].hasSuffix("b…"))
        let caret = lines[2].count - 1
        #expect(Array(lines[1])[caret] == "X", "\(lines[1])\n\(lines[2])")
    }
}
