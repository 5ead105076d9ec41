import Foundation
import PortalMath
import Testing

/// The golden corpus: every formula of `Fixtures/corpus.tex` converted and compared with
/// `Fixtures/corpus.mathml`. Set `PORTAL_MATH_REWRITE_GOLDENS=1` to rewrite the expected file on purpose
/// (then read the diff, and look at the preview page it writes to the temporary folder,
/// `portal-math-corpus.html`, in a browser before committing it).
@Suite struct GoldenCorpusTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// The entries of a corpus file: a `%% inline` or `%% display` line, then the lines of the entry.
    static func entries(of text: String) -> [(header: String, body: String)] {
        var entries: [(header: String, lines: [Substring])] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("%% ") {
                entries.append((String(line.dropFirst(3)), []))
            } else if !entries.isEmpty {
                entries[entries.count - 1].lines.append(line)
            }
        }
        // The file ends with a line break, which is not part of the last entry.
        if let last = entries.last, last.lines.last == "" { entries[entries.count - 1].lines.removeLast() }
        return entries.map { ($0.header, $0.lines.joined(separator: "\n")) }
    }

    static func corpus() throws -> [(display: Bool, tex: String)] {
        let text = try String(contentsOf: fixtures.appendingPathComponent("corpus.tex"), encoding: .utf8)
        return entries(of: text).map { ($0.header == "display", $0.body) }
    }

    @Test func corpusHasEnoughFormulas() throws {
        #expect(try Self.corpus().count >= 400)
    }

    @Test func everyCorpusFormulaConvertsWithoutErrorAndMatchesItsGolden() throws {
        let corpus = try Self.corpus()
        var produced = ""
        var failures: [String] = []
        for (display, tex) in corpus {
            var converter = MathConverter()
            let result = converter.convert(tex, display: display)
            if !result.errors.isEmpty { failures.append("\(tex): \(result.errors.map(\.description))") }
            if let problem = MathMLChecker.problem(in: result.mathML) { failures.append("\(tex): \(problem)") }
            produced += "%% " + (display ? "display" : "inline") + "\n" + result.mathML + "\n"
        }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        let goldenURL = Self.fixtures.appendingPathComponent("corpus.mathml")
        if ProcessInfo.processInfo.environment["PORTAL_MATH_REWRITE_GOLDENS"] == "1" {
            try produced.write(to: goldenURL, atomically: true, encoding: .utf8)
            try Self.preview(corpus: corpus, produced: produced).write(to: FileManager.default.temporaryDirectory.appendingPathComponent("portal-math-corpus.html"), atomically: true, encoding: .utf8)
            return
        }
        let golden = try String(contentsOf: goldenURL, encoding: .utf8)
        let expected = Self.entries(of: golden)
        let actual = Self.entries(of: produced)
        #expect(expected.count == actual.count, "the corpus has \(actual.count) formulas, the golden file \(expected.count)")
        for (index, pair) in zip(expected, actual).enumerated() where pair.0.body != pair.1.body {
            Issue.record("formula \(index + 1) (\(corpus[index].tex)) differs from its golden:\nexpected \(pair.0.body)\nactual   \(pair.1.body)")
        }
    }

    /// A page showing every formula under its source, to look at in a browser. The formulas are in
    /// normal block flow: in a flex or grid item, Chromium does not resolve the equation table's
    /// `width:100%`, and the numbers would sit beside the content instead of at the right margin.
    static func preview(corpus: [(display: Bool, tex: String)], produced: String) -> String {
        var html = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>PortalMath corpus</title><style>"
        html += "math{font-family:'Latin Modern Math','DejaVu Math TeX Gyre',math}body{font-family:sans-serif;font-size:18px;margin:1em}div.f{border-bottom:1px solid #ddd;padding:4px 0}"
        html += "code{font-size:11px;color:#555;white-space:pre-wrap}"
        html += ".tex-cancel{background:linear-gradient(to top right,transparent 46%,currentColor 46% 54%,transparent 54%)}"
        html += ".tex-bcancel{background:linear-gradient(to bottom right,transparent 46%,currentColor 46% 54%,transparent 54%)}"
        html += ".tex-xcancel{background:linear-gradient(to top right,transparent 46%,currentColor 46% 54%,transparent 54%),linear-gradient(to bottom right,transparent 46%,currentColor 46% 54%,transparent 54%)}"
        html += "</style></head><body>"
        for (index, (entry, output)) in zip(corpus, entries(of: produced)).enumerated() {
            let escaped = entry.tex.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            html += "<div class=\"f\"><code>\(index + 1). \(escaped)</code><div class=\"m\">\(output.body)</div></div>\n"
        }
        return html + "</body></html>\n"
    }
}
