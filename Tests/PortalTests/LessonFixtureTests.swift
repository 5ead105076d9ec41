import Foundation
import PortalCore
import PortalTestSupport
import Testing

private let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
private let lessonFixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/lessons")

/// A lesson fixture built as a tutorial folder with its figure, with the shipped theme.
private struct BuiltLesson {
    let report: BuildReport
    let source: String
    let page: String
    /// The page's `<div class="prose">` element: the lesson's text as rendered.
    let prose: Substring
    let twin: String
    let stylesheet: String
    let figureCopied: Bool

    init(_ name: String) throws {
        source = try String(contentsOf: lessonFixtures.appendingPathComponent("\(name).md"), encoding: .utf8)
        let figure = try String(contentsOf: lessonFixtures.appendingPathComponent("roc.svg"), encoding: .utf8)
        let site = try TestSite(.init(files: TestSite.breakout("agentic-ai"),
                                      ("content/tutorials/\(name)/index.md", source),
                                      ("content/tutorials/\(name)/roc.svg", figure)), theme: [:])
        defer { site.cleanUp() }
        var options = site.options()
        options.templatesDirectory = packageRoot.appendingPathComponent("templates")
        report = SiteBuilder(options: options).run()
        try #require(site.exists("tutorials/\(name)/index.html"), "the page was not written: \(report.summary)")
        page = try site.read("tutorials/\(name)/index.html")
        twin = try site.read("tutorials/\(name)/index.md")
        stylesheet = try site.read("assets/style.css")
        figureCopied = site.exists("tutorials/\(name)/roc.svg")
        let start = try #require(page.range(of: "<div class=\"prose\">"), "no prose in \(page)")
        prose = try #require(element(page[...], at: start.lowerBound, tag: "div"), "the prose is never closed")
    }

    /// The body as its author wrote it: everything after the front-matter.
    var body: String {
        let parts = source.components(separatedBy: "\n---\n")
        return parts.dropFirst().joined(separator: "\n---\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// The element whose opening tag starts at `start`, through its matching closing tag.
private func element(_ text: Substring, at start: String.Index, tag: String) -> Substring? {
    var depth = 0
    var index = start
    while index < text.endIndex {
        let rest = text[index...]
        if rest.hasPrefix("</\(tag)>") {
            depth -= 1
            let end = text.index(index, offsetBy: tag.count + 3)
            if depth == 0 { return text[start..<end] }
            index = end
        } else if rest.hasPrefix("<\(tag)"), let next = rest.dropFirst(tag.count + 1).first, next == " " || next == ">" {
            depth += 1
            index = text.index(index, offsetBy: tag.count + 1)
        } else {
            index = text.index(after: index)
        }
    }
    return nil
}

/// Every element opened by `opening` (which starts with `<tag`), in order.
private func elements(_ text: Substring, opening: String, tag: String) -> [Substring] {
    var found: [Substring] = []
    var searchFrom = text.startIndex
    while let range = text[searchFrom...].range(of: opening) {
        guard let element = element(text, at: range.lowerBound, tag: tag) else { break }
        found.append(element)
        searchFrom = range.upperBound
    }
    return found
}

private func count(_ needle: String, in text: some StringProtocol) -> Int {
    text.components(separatedBy: needle).count - 1
}

/// Lines of `source` that are exactly `line` once trimmed (quote markers removed).
private func lines(_ source: String, _ predicate: (String) -> Bool) -> Int {
    source.split(separator: "\n", omittingEmptySubsequences: false).filter { line in
        predicate(line.drop { $0 == ">" || $0 == " " }.trimmingCharacters(in: .whitespaces))
    }.count
}

/// What an author's syntax would look like if the build left it as text.
private let leftovers = ["{:", "{%", "endhighlight", ":::", "$$", "\\(", "\\)", "[!WARNING]", "<blockquote", "<!--"]

private func expectNothingLeftOver(_ lesson: BuiltLesson, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(lesson.report.diagnostics.isEmpty, "\(lesson.report.summary)", sourceLocation: sourceLocation)
    for text in leftovers {
        #expect(!lesson.prose.contains(text), "\(text) left in the page: \(lesson.prose)", sourceLocation: sourceLocation)
    }
}

@Suite("Lesson fixtures in the Carpentries' styles")
struct LessonFixtureTests {
    @Test("A Jekyll-template episode renders with nothing lost: blocks, code, output, Liquid, sized image, kramdown math, outline")
    func carpentriesJekyll() throws {
        let lesson = try BuiltLesson("carpentries-jekyll")
        expectNothingLeftOver(lesson)
        let prose = lesson.prose

        // Every `{: .challenge}` quote is a challenge block holding its solution, closed until opened.
        let challenges = elements(prose, opening: "<div class=\"callout callout-challenge\"", tag: "div")
        #expect(challenges.count == 2 && lines(lesson.source) { $0 == "{: .challenge}" } == 2, "\(prose)")
        for challenge in challenges {
            #expect(challenge.contains("<details class=\"callout callout-solution\""), "\(challenge)")
        }
        #expect(challenges.first?.contains("<h2>Class imbalance</h2>") == true)
        #expect(challenges.last?.contains("<h2>Spot the overtraining</h2>") == true)
        // The output printed inside the second challenge stays inside it.
        #expect(challenges.last?.contains("<code class=\"language-output\">epoch  10  train 0.290") == true)
        #expect(count("<div class=\"callout callout-callout\" id=\"fit-the-scaler-on-the-training-set-only\">", in: prose) == 1, "\(prose)")
        #expect(count("<div class=\"callout callout-discussion\" id=\"which-features-should-go-in\">", in: prose) == 1, "\(prose)")

        // Code: the attribute lines give the language or mark output; the Liquid block is bash.
        #expect(count("<code class=\"language-python\">", in: prose) == 4)
        #expect(lines(lesson.source) { $0 == "{: .language-python}" } == 4)
        #expect(count("<code class=\"language-output\">", in: prose) == 3)
        #expect(count("<code class=\"language-bash\">python -m pip install torch", in: prose) == 1, "\(prose)")
        #expect(prose.contains("<span class=\"hl-k\">import</span> torch"))

        // The image keeps its alt text and gets the 60% width class, which the theme sizes.
        #expect(prose.contains("<p><img src=\"roc.svg\" alt=\"ROC curve of the classifier on the test events\" class=\"img-w-60\" /></p>"), "\(prose)")
        #expect(lesson.stylesheet.contains(".prose img.img-w-60 { width: 60%; }"))
        #expect(lesson.figureCopied)
        #expect(!prose.contains("style="))

        // 20 formulas in the text: 18 `$$…$$` inside lines, 2 displayed (one on a line, one over three).
        #expect(count("<math", in: prose) == 20, "\(prose)")
        #expect(count("<div class=\"math-display\" tabindex=\"0\"><math display=\"block\">", in: prose) == 2)
        #expect(prose.contains("<annotation encoding=\"application/x-tex\">\\eta = -\\ln\\tan(\\theta/2)</annotation>"))
        #expect(prose.contains("<mfrac><mn>1</mn><mi>N</mi></mfrac><munderover><mo>&#x2211;</mo>"), "\(prose)")

        // Sections stay `##` (nothing repeats the title), and the outline frames the text.
        #expect(!prose.contains("<h1") && prose.contains("<h2 id=\"the-input-features\">"))
        let overview = try #require(elements(lesson.page[...], opening: "<aside class=\"overview\"", tag: "aside").first, "\(lesson.page)")
        #expect(count("<li>", in: overview) == 6)
        #expect(overview.contains("<li>Train a fully connected network with <code>BCEWithLogitsLoss</code></li>"))
        #expect(overview.contains("<dt>Teaching</dt><dd>40 min</dd>") && overview.contains("<dt>Exercises</dt><dd>20 min</dd>"))
        let keypoints = try #require(elements(lesson.page[...], opening: "<aside class=\"keypoints\"", tag: "aside").first, "\(lesson.page)")
        #expect(count("<li>", in: keypoints) == 4)
        #expect(count("<math", in: keypoints) == 1)

        // The twin is the author's text, attribute lines, Liquid tags and `$$` included.
        #expect(lesson.twin.contains(lesson.body), "\(lesson.twin)")
        #expect(lesson.twin.contains("\n> {: .solution}\n{: .challenge}\n"))
        #expect(lesson.twin.contains("\n{% highlight bash %}\n") && lesson.twin.contains("{: width=\"60%\"}"))
        #expect(lesson.twin.contains("\n$$ \\hat{y} = \\sigma(z) = \\frac{1}{1 + e^{-z}}, $$\n"))
    }

    @Test("A Workbench episode renders with nothing lost: fenced blocks, hints, alert, numbered lines, figure, math, outline")
    func workbench() throws {
        let lesson = try BuiltLesson("workbench")
        expectNothingLeftOver(lesson)
        let prose = lesson.prose

        // Each challenge, titled by its first heading, holds its solution; the first a hint before it.
        let challenges = elements(prose, opening: "<div class=\"callout callout-challenge\"", tag: "div")
        #expect(challenges.count == 2 && lines(lesson.source) { $0.hasSuffix(": challenge") && $0.hasPrefix(":::") } == 2, "\(prose)")
        for challenge in challenges {
            #expect(challenge.contains("<details class=\"callout callout-solution\""), "\(challenge)")
        }
        let first = try #require(challenges.first)
        #expect(first.hasPrefix("<div class=\"callout callout-challenge\" id=\"challenge-1-read-a-working-point\">\n<div class=\"callout-head\">\n<h2>Challenge 1: Read a working point</h2>"), "\(first)")
        let hint = try #require(first.range(of: "<details class=\"callout callout-hint\""))
        let solution = try #require(first.range(of: "<details class=\"callout callout-solution\""))
        #expect(hint.lowerBound < solution.lowerBound)
        #expect(challenges.last?.contains("<h2>Challenge 2: Is a higher AUC always better?</h2>") == true)
        #expect(count("<details class=\"callout callout-instructor\"", in: prose) == 1)
        #expect(count("<div class=\"callout callout-callout\" id=\"which-way-round\">", in: prose) == 1)
        #expect(prose.contains("<div class=\"callout callout-warning\" id=\"warning\">\n<p class=\"callout-head\"><span class=\"callout-label\">Warning</span></p>\n<div class=\"callout-body\">\n<p>Choose working points"), "\(prose)")

        // Code: four Python blocks (one a MyST code cell), one with numbered lines and lines 4 and 5 highlighted.
        #expect(count("<code class=\"language-python", in: prose) == 4, "\(prose)")
        #expect(count("<code class=\"language-python lines linenos\">", in: prose) == 1)
        #expect(count("<span class=\"line hl\"", in: prose) == 2)
        #expect(prose.contains("<span class=\"line hl\" data-line=\"4\">keep ") && prose.contains("<span class=\"line hl\" data-line=\"5\">rejection "), "\(prose)")
        #expect(prose.contains("<span class=\"line\" data-line=\"7\">"))
        #expect(prose.contains("<code class=\"language-python\"><span class=\"hl-k\">import</span> matplotlib.pyplot"), "the code cell: \(prose)")
        #expect(count("<code class=\"language-output\">", in: prose) == 3)

        // The titled image is Figure 1, and the empty link to it says so.
        #expect(prose.contains("<figure class=\"figure\" id=\"fig-roc\">\n<img src=\"roc.svg\" alt=\"ROC curve of the tagger\" />\n<figcaption><span class=\"figure-number\">Figure 1</span> Signal efficiency against"), "\(prose)")
        #expect(prose.contains("<p><a href=\"#fig-roc\">Figure 1</a> shows the curve"))
        #expect(lesson.figureCopied)

        // 15 formulas: 13 `\(…\)` inside lines and 2 ```math blocks.
        #expect(count("<math", in: prose) == 15, "\(prose)")
        #expect(count("<div class=\"math-display\" tabindex=\"0\"><math display=\"block\">", in: prose) == 2)
        #expect(prose.contains("<annotation encoding=\"application/x-tex\">p(x \\mid S) / p(x \\mid B)</annotation>"), "\(prose)")

        // The Workbench's body blocks are the outline: questions and objectives open the text, key points end it.
        let overview = try #require(elements(lesson.page[...], opening: "<aside class=\"overview\"", tag: "aside").first, "\(lesson.page)")
        #expect(overview.contains("<dt>Teaching</dt><dd>25 min</dd>") && overview.contains("<dt>Exercises</dt><dd>20 min</dd>"))
        #expect(prose.hasPrefix("<div class=\"prose\">\n<div class=\"callout callout-questions\" id=\"questions\">"), "\(prose)")
        let objectives = try #require(elements(prose, opening: "<div class=\"callout callout-objectives\"", tag: "div").first)
        #expect(count("<li>", in: objectives) == 3)
        let keypoints = try #require(elements(prose, opening: "<div class=\"callout callout-keypoints\"", tag: "div").first, "\(prose)")
        #expect(count("<li>", in: keypoints) == 4 && count("<math", in: keypoints) == 1)
        #expect(prose.hasSuffix(keypoints + "\n\n      </div>"), "key points end the text")
        // They are the page's outline too: JSON-LD teaches the objectives; the overview, which has
        // the times, does not repeat what the body shows, nor does a key-points box.
        #expect(lesson.page.contains("\"teaches\":[\"Compute signal efficiency and background rejection from tagger scores\",\"Read the background rejection at a fixed working point\",\"Explain why physicists plot ROC curves on a logarithmic rejection axis\"]"), "\(lesson.page)")
        #expect(!overview.contains("<li>") && !lesson.page.contains("<aside class=\"keypoints\""))

        // The twin is the author's text: fences, alert and TeX as written.
        #expect(lesson.twin.contains(lesson.body), "\(lesson.twin)")
        #expect(lesson.twin.contains("\n:::::::::::::::::::::::::::::::::::::::: challenge\n\n## Challenge 1: Read a working point\n"))
        #expect(lesson.twin.contains("\n> [!WARNING]\n") && lesson.twin.contains("```python {linenos hl_lines=\"4-5\"}\n"))
        #expect(lesson.twin.contains("\\(1/\\varepsilon_B\\)"))
    }
}
