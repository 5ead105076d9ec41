import Foundation
import PortalMarkdown
import Testing

/// A resolver that changes nothing.
private struct UnchangedCodeLinks: MarkdownLinkResolving {
    mutating func resolve(_ link: MarkdownLink) -> String? { nil }
}

private func render(_ source: String) -> RenderedMarkdown {
    var resolver = UnchangedCodeLinks()
    return MarkdownRenderer(options: MarkdownOptions(rendersMarkdown: true)).render(source, resolver: &resolver)
}

/// The first code block of `html`: the classes of its `<code>`, and for each line (when lines are
/// wrapped) whether it is highlighted and its number.
private struct CodeBlock {
    var classes: [String]
    var lines: [(highlighted: Bool, number: String?)]
    /// The code's text as a browser's `textContent` gives it (what the Copy button copies): tags
    /// removed, entities decoded.
    var text: String

    init?(_ html: String) {
        guard let open = html.range(of: "<code"), let openEnd = html[open.upperBound...].firstIndex(of: ">"),
              let close = html.range(of: "</code>", range: openEnd..<html.endIndex) else { return nil }
        let attributes = html[open.upperBound..<openEnd]
        if let classStart = attributes.range(of: "class=\""), let classEnd = attributes[classStart.upperBound...].firstIndex(of: "\"") {
            classes = attributes[classStart.upperBound..<classEnd].split(separator: " ").map(String.init)
        } else {
            classes = []
        }
        let inner = html[html.index(after: openEnd)..<close.lowerBound]
        lines = inner.components(separatedBy: "<span class=\"line").dropFirst().map { piece in
            let tag = piece.prefix { $0 != ">" }
            let number = tag.range(of: "data-line=\"").map { range in String(tag[range.upperBound...].prefix { $0 != "\"" }) }
            return (tag.hasPrefix(" hl\""), number)
        }
        var text = ""
        var inTag = false
        for character in inner {
            if character == "<" { inTag = true } else if character == ">" { inTag = false } else if !inTag { text.append(character) }
        }
        self.text = text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&amp;", with: "&")
    }

    var highlightedLines: [Int] { lines.indices.filter { lines[$0].highlighted }.map { $0 + 1 } }
    var numbers: [String] { lines.compactMap(\.number) }
}

/// Eight lines of Python, some with characters HTML escapes.
private let eightLines = "import numpy as np\nx = np.arange(10)\ny = x ** 2\nif x.any() and y[0] < 1:\n    print(\"<ok>\")\n\n# done & dusted\nz = 'end'\n"

@Suite("Code block options: line numbers, highlighted lines, Jekyll's highlight tags")
struct CodeBlockOptionTests {
    @Test("Line numbers in each generator's spelling, from the number asked for", arguments: [
        ("python {linenos}", "1"), ("python {linenos=true}", "1"), ("python {linenos=table}", "1"), ("python {linenos=inline}", "1"),
        ("python {linenos linenostart=199}", "199"), ("go {linenos=table,hl_lines=[2,\"5-6\"],linenostart=199}", "199"),
        ("rust,linenos", "1"), ("rust,linenos,linenostart=20", "20"), ("python linenums=\"10\"", "10"), ("python linenos", "1"),
        ("{.python .numberLines startFrom=\"5\"}", "5"), ("python {.line-numbers}", "1"), ("python {linenostart=3}", "3"),
    ] as [(String, String)])
    func lineNumbers(info: String, first: String) throws {
        let rendered = render("```\(info)\n\(eightLines)```\n")
        #expect(rendered.problems.isEmpty, "\(rendered.problems)")
        let block = try #require(CodeBlock(rendered.html))
        #expect(block.classes.contains("linenos") && block.classes.contains("lines"), "\(block.classes)")
        let start = try #require(Int(first))
        #expect(block.numbers == (start..<(start + 8)).map(String.init), "\(rendered.html)")
        #expect(block.classes.contains("ln-w3") == (start + 7 >= 100))
        // The numbers are attributes, never text: copying the code copies the code alone.
        #expect(block.text == eightLines)
        #expect(block.classes.first == (info.hasPrefix("rust") ? "language-rust" : info.hasPrefix("go") ? "language-go" : "language-python"), "\(block.classes)")
    }

    @Test("Highlighted lines in each generator's spelling, counted from the block's first line", arguments: [
        ("python {hl_lines=\"3-5 8\"}", [3, 4, 5, 8]), ("python {linenos hl_lines=[2,4]}", [2, 4]),
        ("go {linenos=table,hl_lines=[1,\"6-7\"],linenostart=199}", [1, 6, 7]), ("rust,linenos,hl_lines=1 3-5", [1, 3, 4, 5]),
        ("python linenums=\"1\" hl_lines=\"2 3\"", [2, 3]), ("js {1,4-6}", [1, 4, 5, 6]), ("ruby {mark_lines=\"1 2\"}", [1, 2]),
        ("python {hl_lines=\"2-4 3-6\"}", [2, 3, 4, 5, 6]), ("python {hl_lines=\"7-8,1\"}", [1, 7, 8]),
    ] as [(String, [Int])])
    func highlightedLines(info: String, expected: [Int]) throws {
        let rendered = render("```\(info)\n\(eightLines)```\n")
        #expect(rendered.problems.isEmpty, "\(rendered.problems)")
        let block = try #require(CodeBlock(rendered.html))
        #expect(block.lines.count == 8)
        #expect(block.highlightedLines == expected, "\(rendered.html)")
        #expect(block.text == eightLines)
        // Highlighting still runs inside the wrapped lines.
        #expect(info.hasPrefix("python") ? rendered.html.contains("<span class=\"hl-k\">import</span>") : true)
    }

    @Test("Each line is a span of its own and the line breaks stay between them")
    func lineMarkup() throws {
        let html = render("```python {linenos hl_lines=\"2\"}\nx = 1\ny = \"a\"\n```\n").html
        #expect(html.contains("<pre tabindex=\"0\"><code class=\"language-python lines linenos\"><span class=\"line\" data-line=\"1\">x <span class=\"hl-o\">=</span> <span class=\"hl-n\">1</span></span>\n<span class=\"line hl\" data-line=\"2\">y <span class=\"hl-o\">=</span> <span class=\"hl-s\">&quot;a&quot;</span></span>\n</code></pre>"), "\(html)")
        #expect(!html.contains("style="))
    }

    @Test("Plain, unknown and unnamed languages take the options too", arguments: [
        ("text {linenos}", "language-text"), ("output {hl_lines=\"1\"}", "language-output"), ("mermaid {linenos}", "language-mermaid"),
        ("{linenos}", nil), ("txt {linenos}", "language-text"),
    ] as [(String, String?)])
    func plainLanguages(info: String, languageClass: String?) throws {
        let rendered = render("```\(info)\n<a> & b\nsecond\n```\n")
        #expect(rendered.problems.isEmpty, "\(rendered.problems)")
        let block = try #require(CodeBlock(rendered.html))
        #expect(block.classes.first { $0.hasPrefix("language-") } == languageClass, "\(block.classes)")
        #expect(block.lines.count == 2)
        #expect(block.text == "<a> & b\nsecond\n")
        #expect(!rendered.html.contains("hl-"), "\(rendered.html)")
    }

    @Test("A block without options is written as before, and words outside braces that are no option are left alone", arguments: [
        "```python\nx = 1\n```\n", "```python title=\"a.py\"\nx = 1\n```\n", "```python exec=\"on\" {}\nx = 1\n```\n",
    ])
    func noOptions(source: String) throws {
        let rendered = render(source)
        #expect(rendered.problems.isEmpty, "\(rendered.problems)")
        #expect(rendered.html.contains("<code class=\"language-python\"><span class=\"hl-v\">") == false)
        #expect(rendered.html.contains("<code class=\"language-python\">x <span class=\"hl-o\">=</span>"), "\(rendered.html)")
        #expect(!rendered.html.contains("class=\"line"))
    }

    @Test("R Markdown's and Quarto's chunks name their language first in the braces, and their options are theirs (MyST's directives: MySTDirectiveTests)", arguments: [
        ("```{r}\nx <- 1\n```\n", "<code class=\"language-r\">x <span class=\"hl-o\">&lt;-</span>"),
        ("```{python echo=FALSE, fig.width=6}\nx = 1\n```\n", "<code class=\"language-python\">x <span class=\"hl-o\">=</span>"),
    ])
    func chunks(source: String, expected: String) {
        let rendered = render(source)
        #expect(rendered.problems.isEmpty, "\(rendered.problems)")
        #expect(rendered.html.contains(expected), "\(rendered.html)")
    }

    @Test("A line range portal cannot read or apply, or an unknown option, is a warning at the option, with the fix", arguments: [
        ("```python {hl_lines=\"9-3\"}\na\nb\n```\n", "code.bad-lines", "the line range 9-3 in hl_lines=\"9-3\" runs backwards", "write it as 3-9", 1, 12),
        ("```python {hl_lines=\"x\"}\na\n```\n", "code.bad-lines", "portal cannot read the line range x in hl_lines=\"x\"",
         "write line numbers and ranges, such as hl_lines=\"3-5 8\"", 1, 12),
        ("Some text.\n\n```python {linenos hl_lines=\"1 5\"}\na\nb\n```\n", "code.bad-lines",
         "line 5 in hl_lines=\"1 5\" is past the end of this code block, which has 2 lines", "highlight lines 1 to 2 only", 3, 20),
        ("```python {hl_lines=\"2-9\"}\na\nb\n```\n", "code.bad-lines",
         "the range 2-9 in hl_lines=\"2-9\" runs past the end of this code block, which has 2 lines", "highlight lines 1 to 2 only", 1, 12),
        ("```python {hl_lines=\"0\"}\na\n```\n", "code.bad-lines", "the lines of a code block are counted from 1, so 0 in hl_lines=\"0\" is no line",
         "number the block's first line 1", 1, 12),
        ("- item\n\n  ```python {style=monokai linenos}\n  a\n  ```\n", "code.unknown-option",
         "portal does not know the code block option style=monokai, and leaves it out",
         "remove it: a code block takes linenos, linenostart=N and hl_lines=\"3-5 8\"", 3, 14),
        ("> ```é {linenos=maybe}\n> a\n> ```\n", "code.bad-option", "portal cannot read linenos=maybe",
         "write linenos, or linenos=false to leave the numbers out", 1, 9),
        ("```python {linenostart=-2}\na\n```\n", "code.bad-option",
         "portal cannot read linenostart=-2: the first line's number must be a whole number from 0 to 1000000000", "write linenostart=1, or another number", 1, 12),
        ("```rust {#listing-1}\na\n```\n", "code.unknown-option", "portal does not know the code block option #listing-1, and leaves it out",
         "remove it: a code block takes linenos, linenostart=N and hl_lines=\"3-5 8\"", 1, 10),
    ] as [(String, String, String, String, Int, Int)])
    func warnings(source: String, kind: String, message: String, fix: String, line: Int, column: Int) throws {
        let rendered = render(source)
        let problem = try #require(rendered.problems.first { $0.kind == kind }, "\(rendered.problems)")
        #expect(problem.message == message)
        #expect(problem.fix == fix)
        #expect(problem.isWarning)
        #expect((problem.line, problem.column) == (line, column), "\(problem)")
        // The block is still shown, with whatever could be applied.
        #expect(rendered.html.contains("<pre tabindex=\"0\"><code"), "\(rendered.html)")
    }

    @Test("What can be read of a half-wrong list is applied: the lines that exist are highlighted")
    func partlyApplied() throws {
        let rendered = render("```python {hl_lines=\"x 2 2-40\"}\n\(eightLines)```\n")
        #expect(rendered.problems.map(\.kind) == ["code.bad-lines", "code.bad-lines"], "\(rendered.problems)")
        #expect(try #require(CodeBlock(rendered.html)).highlightedLines == Array(2...8))
    }

    @Test("kramdown's attribute line numbers and highlights the block before it, and its problems are at the attribute line")
    func kramdownAttributes() throws {
        let rendered = render("~~~\nx = 1\ny = 2\n~~~\n{: .language-python .linenos hl_lines=\"2\"}\n")
        #expect(rendered.problems.isEmpty, "\(rendered.problems)")
        let block = try #require(CodeBlock(rendered.html))
        #expect(block.classes == ["language-python", "lines", "linenos"])
        #expect(block.highlightedLines == [2] && block.numbers == ["1", "2"])
        #expect(!rendered.html.contains("{:"))

        let wrong = render("Text.\n\n```python {linenos}\nx = 1\n```\n{: hl_lines=\"7\" .wide}\n")
        let problem = try #require(wrong.problems.first { $0.kind == "code.bad-lines" }, "\(wrong.problems)")
        #expect((problem.line, problem.column, problem.isWarning) == (6, 1, true))
        #expect(problem.message == "line 7 in hl_lines=\"7\" is past the end of this code block, which has 1 line")
        #expect(wrong.problems.contains { $0.kind == "attribute.not-applied" && $0.message.contains(".wide") })
        #expect(try #require(CodeBlock(wrong.html)).numbers == ["1"])
    }

    @Test("A language set by kramdown keeps the fence's options")
    func kramdownLanguageKeepsOptions() throws {
        let rendered = render("```{linenos}\nx = 1\n```\n{: .language-python}\n")
        #expect(rendered.problems.isEmpty, "\(rendered.problems)")
        let block = try #require(CodeBlock(rendered.html))
        #expect(block.classes == ["language-python", "lines", "linenos"], "\(rendered.html)")
    }

    @Test("Jekyll's highlight tags make a fenced code block of their language, and the twin keeps them as written")
    func liquidHighlight() throws {
        let source = "Intro.\n\n{% highlight cpp %}\nint main() { return 0; }\n::: note\n{: .output}\n$x$\n{% endhighlight %}\n\nSee [the guide](missing.md) and $y$.\n"
        let rendered = render(source)
        #expect(rendered.problems.isEmpty, "\(rendered.problems)")
        #expect(rendered.html.contains("<pre tabindex=\"0\"><code class=\"language-cpp\"><span class=\"hl-k\">int</span> <span class=\"hl-f\">main</span>()"), "\(rendered.html)")
        // What is inside is code: no lesson block, attribute list or formula.
        #expect(try #require(CodeBlock(rendered.html)).text == "int main() { return 0; }\n::: note\n{: .output}\n$x$\n")
        #expect(!rendered.html.contains("{%"))
        #expect(rendered.markdown == source)
        // Positions after the block are as written.
        let link = try #require(rendered.links.first)
        #expect((link.line, link.column) == (10, 17))
    }

    @Test("Jekyll's tags: whitespace control, options, quotes, fences inside the code", arguments: [
        ("{%- highlight python -%}\nx = 1\n{%- endhighlight -%}\n", "language-python", [String](), 1),
        ("{% highlight python linenos %}\nx = 1\ny = 2\n{% endhighlight %}\n", "language-python", ["1", "2"], 2),
        ("{% highlight ruby linenos=table mark_lines=\"2\" %}\nx = 1\ny = 2\n{% endhighlight %}\n", "language-ruby", ["1", "2"], 2),
        ("> ## Slicing\n>\n> {% highlight python %}\n> print(values[1:3])\n> {% endhighlight %}\n{: .challenge}\n", "language-python", [], 1),
        ("{% highlight markdown %}\n```python\nx = 1\n```\n~~~~\n{% endhighlight %}\n", "language-markdown", [], 4),
        ("1. Step\n\n   {% highlight bash %}\n   ls -l\n   {% endhighlight %}\n", "language-bash", [], 1),
    ] as [(String, String, [String], Int)])
    func liquidVariants(source: String, languageClass: String, numbers: [String], lineCount: Int) throws {
        let rendered = render(source)
        #expect(rendered.problems.isEmpty, "\(rendered.problems)")
        let block = try #require(CodeBlock(rendered.html), "\(rendered.html)")
        #expect(block.classes.first == languageClass, "\(rendered.html)")
        #expect(block.numbers == numbers)
        #expect(block.text.split(separator: "\n", omittingEmptySubsequences: false).count - 1 == lineCount, "\(block.text)")
        #expect(!rendered.html.contains("{%") && !rendered.html.contains("endhighlight"), "\(rendered.html)")
        #expect(rendered.markdown == source)
    }

    @Test("The fence holds the code's own fences: the block ends at endhighlight only")
    func liquidFenceInside() throws {
        let rendered = render("{% highlight markdown %}\n```python\nx = 1\n```\n{% endhighlight %}\n\nAfter.\n")
        let block = try #require(CodeBlock(rendered.html))
        #expect(block.text == "```python\nx = 1\n```\n")
        #expect(rendered.html.hasSuffix("<p>After.</p>\n"), "\(rendered.html)")
        #expect(try #require(CodeBlock(rendered.html)).classes == ["language-markdown"])
    }

    @Test("Tags inside fenced code, or not alone on their line, are text")
    func liquidLeftAlone() {
        let fenced = render("```\n{% highlight python %}\nx\n{% endhighlight %}\n```\n")
        #expect(fenced.problems.isEmpty, "\(fenced.problems)")
        #expect(fenced.html.contains("<code>{% highlight python %}\nx\n{% endhighlight %}\n</code>"), "\(fenced.html)")
        let inline = render("Write {% highlight python %} to start.\n")
        #expect(inline.problems.isEmpty && inline.html.contains("Write {% highlight python %} to start."), "\(inline.html)")
    }

    @Test("A highlight block whose code starts lines with runs too long to fence stays text, with a warning at its tag")
    func liquidUnfenceable() throws {
        let runs = String(repeating: "`", count: 20) + "\n" + String(repeating: "~", count: 20)
        let rendered = render("Intro.\n\n{% highlight sh %}\n\(runs)\n{% endhighlight %}\n")
        let problem = try #require(rendered.problems.first, "\(rendered.problems)")
        #expect(problem.kind == "code.unconverted-highlight" && problem.isWarning)
        #expect((problem.line, problem.column) == (3, 1))
        #expect(problem.message.hasPrefix("this {% highlight sh %} block holds lines starting with runs of backquotes and tildes too long to fence"))
        #expect(rendered.html.contains("{% highlight sh %}"))
    }

    @Test("An unclosed highlight tag is an error at its line and column, with the fix")
    func liquidUnclosed() throws {
        let rendered = render("Before.\n\n > {% highlight python %}\n > x = 1\n")
        let problem = try #require(rendered.problems.first, "\(rendered.problems)")
        #expect(problem.kind == "code.unclosed-highlight")
        #expect(!problem.isWarning)
        #expect((problem.line, problem.column) == (3, 4))
        #expect(problem.message == "the {% highlight python %} block opened here is never closed, so portal shows the tag as text")
        #expect(problem.fix == "end the code with {% endhighlight %} on a line of its own")
    }

    @Test("An option of a highlight tag portal does not know is a warning at the option in the tag")
    func liquidUnknownOption() throws {
        let rendered = render("Text.\n\n{% highlight python hl_linez=\"2\" %}\nx = 1\n{% endhighlight %}\n")
        let problem = try #require(rendered.problems.first, "\(rendered.problems)")
        #expect(problem.kind == "code.unknown-option" && problem.isWarning)
        #expect((problem.line, problem.column) == (3, 21))
    }

    @Test("Pathological highlight tags and options stay correct", arguments: [0, 1, 2, 3])
    func pathological(shape: Int) throws {
        switch shape {
        case 0:
            // Opening tags that never close: one error, at the first.
            let rendered = render(String(repeating: "{% highlight python %}\n", count: 20_000))
            #expect(rendered.problems.map(\.kind) == ["code.unclosed-highlight"])
            #expect(rendered.problems.first?.line == 1)
        case 1:
            // Many blocks, each with a fence run inside.
            let rendered = render(String(repeating: "{% highlight python %}\n````\n{% endhighlight %}\n", count: 5_000))
            #expect(rendered.problems.isEmpty)
            #expect(rendered.html.components(separatedBy: "<code class=\"language-python\">").count == 5_001)
        case 2:
            // A huge list of ranges, and a range far past the end.
            let list = (1...20_000).map { "\($0)-\($0 + 3)" }.joined(separator: " ")
            let rendered = render("```python {hl_lines=\"\(list) 1-1000000000\"}\nx\ny\n```\n")
            #expect(try #require(CodeBlock(rendered.html)).highlightedLines == [1, 2])
            #expect(rendered.problems.map(\.kind) == ["code.bad-lines"], "\(rendered.problems.map { $0.message.prefix(200) })")
            #expect(rendered.problems.first?.message.hasPrefix("the range 1-4 in hl_lines=\"1-4 2-5 3-6 4-7 5-8 6-9 7-…") == true, "\(rendered.problems)")
            #expect(rendered.problems.first?.message.hasSuffix("which has 2 lines, and so do 20000 more ranges") == true, "\(rendered.problems)")
        default:
            // Closing tags and braces alone.
            let rendered = render(String(repeating: "{% endhighlight %}\n", count: 20_000) + "```" + String(repeating: "{", count: 50_000) + "\nx\n```\n")
            #expect(rendered.html.contains("endhighlight"))
        }
    }

    @Test("A table scrolls sideways when it is wider than the column, so it takes the focus as code blocks do, on a page with or without other blocks")
    func focusableTables() {
        for source in ["| a | b |\n| - | - |\n| 1 | 2 |\n", "## Heading\n\n| a |\n| - |\n| 1 |\n\n```\nx\n```\n"] {
            let html = render(source).html
            #expect(html.contains("<table tabindex=\"0\">\n<thead>"), "\(html)")
            #expect(!html.contains("<table>"))
        }
        // Table tags as text stay text.
        #expect(render("`<table>` and\n\n    <table>\n").html.contains("<code>&lt;table&gt;</code>"))
    }
}
