import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import PortalCore
import PortalMarkdown
import Testing

private let notebookFixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/notebooks")

/// The first output of `mimeType` in a fixture notebook, as nbformat joins its lines.
private func fixtureOutput(_ notebook: String, _ mimeType: String) throws -> String {
    let data = try Data(contentsOf: notebookFixtures.appendingPathComponent(notebook))
    let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    for cell in try #require(json["cells"] as? [[String: Any]]) {
        for output in (cell["outputs"] as? [[String: Any]]) ?? [] {
            guard let value = (output["data"] as? [String: Any])?[mimeType] else { continue }
            return (value as? [String])?.joined() ?? (value as? String) ?? ""
        }
    }
    throw FixtureMissing(description: "\(notebook) has no \(mimeType) output")
}

private struct FixtureMissing: Error, CustomStringConvertible {
    let description: String
}

/// Everything in sanitized markup that could run script, load a frame or restyle the page, found by
/// reading the markup again: with the sanitizer's own tokenizer, with `MarkupAudit` (the build's
/// oracle, written separately), and (when `text` is false, for inputs that put no such words in
/// their text) by plain search of the output.
func outputHazards(in html: String, searchesText: Bool = true) -> [String] {
    var hazards: [String] = []
    let lower = html.lowercased()
    for needle in ["<script", "<iframe", "<object", "<embed", "<style", "<foreignobject", "<math", "<animate", "<set", "<base", "<meta",
                   "<link", "<form", "<template", "<frame", "<applet"] where lower.contains(needle) {
        hazards.append("the output holds \(needle)")
    }
    if searchesText {
        for needle in ["javascript:", "vbscript:", "srcdoc"] where lower.contains(needle) { hazards.append("the output holds \(needle)") }
    }
    var tokenizer = MarkupTokenizer(html)
    tokenizer.recognisesCDATA = true
    while let token = tokenizer.next() {
        guard case .startTag(let tag) = token else { continue }
        for attribute in tag.attributes {
            let value = CharacterReference.decode(tokenizer.bytes[attribute.value], in: tokenizer.bytes)
            let squeezed = String(value.unicodeScalars.filter { $0.value > 0x20 && $0.value != 0x7F }).lowercased()
            if attribute.name.hasPrefix("on") { hazards.append("<\(tag.name)> has \(attribute.name)") }
            if ["style", "srcdoc", "action", "formaction"].contains(attribute.name) { hazards.append("<\(tag.name)> has \(attribute.name)") }
            if ["href", "xlink:href", "src"].contains(attribute.name) {
                // Read as a browser reads a scheme: a relative path may well hold the word.
                switch ScriptURL.refusedScheme(in: value) {
                case "data" where OutputAddress.isRasterImageData(Substring(squeezed)): break
                case let scheme?: hazards.append("<\(tag.name) \(attribute.name)> is a \(scheme): address")
                case nil: break
                }
            } else if !["title", "alt", "abbr", "headers"].contains(attribute.name), squeezed.contains("url("),
                      squeezed.components(separatedBy: "url(").dropFirst().contains(where: { !$0.hasPrefix("#") }) {
                hazards.append("<\(tag.name) \(attribute.name)> loads a url()")
            }
            if tag.name == "svg", attribute.name == "xmlns", value != "http://www.w3.org/2000/svg" { hazards.append("an <svg> in another namespace") }
        }
    }
    let hasImageData = lower.contains(";base64,")
    for problem in MarkupAudit(html: html).problems where !(hasImageData && problem.message.hasPrefix("data: address")) {
        hazards.append(problem.description)
    }
    return hazards
}

/// Reads SVG output as XML: whether it is well-formed, and how many of each element it holds.
final class XMLCheck: NSObject, XMLParserDelegate {
    private(set) var isWellFormed = false
    private(set) var elementCounts: [String: Int] = [:]
    private(set) var error: String?

    init(_ xml: String) {
        super.init()
        let parser = XMLParser(data: Data(xml.utf8))
        parser.shouldProcessNamespaces = true
        parser.delegate = self
        isWellFormed = parser.parse()
        error = parser.parserError.map { "\($0)" }
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        elementCounts[name, default: 0] += 1
    }
}

private func count(_ needle: String, in text: String) -> Int {
    text.components(separatedBy: needle).count - 1
}

/// The notebook output sanitizer on real outputs (a pandas table, a matplotlib figure, the XSS
/// corpus of `outputs.ipynb`), on structure a browser would repair, and against a corpus of attacks.
@Suite("Notebook output sanitizer")
struct NotebookOutputSanitizerTests {
    // MARK: Real outputs

    @Test("A pandas DataFrame keeps its table; its <style> and the header row's style= are left out and counted")
    func pandasTable() throws {
        let input = try fixtureOutput("histogram.ipynb", "text/html")
        let result = NotebookHTMLSanitizer.sanitize(html: input)
        #expect(result.removals == [OutputRemoval(what: "<style>", count: 1), OutputRemoval(what: "the attribute style", count: 1)])
        #expect(result.html.hasPrefix("<div>\n\n<table class=\"dataframe\">\n  <thead>\n    <tr>\n      <th></th>\n      <th>pt1</th>"))
        for element in ["<tr", "<th>", "<td>", "</td>", "</tr>", "<thead>", "<tbody>", "</table>"] {
            #expect(count(element, in: result.html) == count(element, in: input), "\(element)")
        }
        #expect(result.html.contains("<th>max</th>\n      <td>80.89</td>"))
        #expect(!result.html.contains("border="))
        #expect(!result.html.contains("text-align"))
        #expect(outputHazards(in: result.html).isEmpty)
    }

    @Test("A matplotlib SVG keeps every path; its CSS becomes attributes, ids get the output's prefix, and nothing is counted")
    func matplotlibFigure() throws {
        let input = try fixtureOutput("histogram.ipynb", "image/svg+xml")
        let result = NotebookHTMLSanitizer.sanitize(svg: input)
        #expect(result.removals == [])
        let xml = XMLCheck(result.html)
        #expect(xml.isWellFormed, "\(xml.error ?? "")")
        let original = XMLCheck(input)
        for element in ["path", "g", "text", "tspan", "clipPath", "rect", "use"] {
            #expect(xml.elementCounts[element] == original.elementCounts[element], "\(element)")
        }
        #expect(xml.elementCounts["metadata"] == nil && xml.elementCounts["style"] == nil)
        // The figure's own `<style>` rule, inherited from the root.
        #expect(result.html.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"460.8pt\" height=\"288pt\" viewBox=\"0 0 460.8 288\" version=\"1.1\" stroke-linejoin=\"round\" stroke-linecap=\"butt\">"))
        // The background's fill, from `style="fill: #ffffff"`.
        #expect(result.html.contains("<path d=\"M 0 288  L 460.8 288  L 460.8 0  L 0 0  z \" fill=\"#ffffff\"/>"))
        #expect(result.html.contains("<clipPath id=\"nb-pa192642edb\">"))
        #expect(result.html.contains("clip-path=\"url(#nb-pa192642edb)\""))
        #expect(!result.html.contains(" style="))
        #expect(outputHazards(in: result.html).isEmpty)
    }

    @Test("The HTML XSS corpus of outputs.ipynb: the cut-flow table survives, every attack is left out and counted")
    func hostileHTMLFixture() throws {
        let result = NotebookHTMLSanitizer.sanitize(html: try fixtureOutput("outputs.ipynb", "text/html"))
        #expect(outputHazards(in: result.html).isEmpty, "\(outputHazards(in: result.html))")
        #expect(result.removals == [
            OutputRemoval(what: "<script>", count: 1), OutputRemoval(what: "the attribute onerror", count: 1),
            OutputRemoval(what: "a javascript: address", count: 2), OutputRemoval(what: "<style>", count: 1),
            OutputRemoval(what: "<iframe>", count: 1), OutputRemoval(what: "the attribute onload", count: 1),
            OutputRemoval(what: "the attribute ontoggle", count: 1), OutputRemoval(what: "<meta>", count: 1),
            OutputRemoval(what: "<base>", count: 1), OutputRemoval(what: "<form>", count: 1), OutputRemoval(what: "<input>", count: 1),
            OutputRemoval(what: "the attribute style", count: 5),
        ])
        #expect(result.html.contains("<tr><td>both p<sub>T</sub> &gt; 25 GeV</td><td>8,200</td><td>0.820</td></tr>"))
        #expect(result.html.contains("<td>both |&eta;| &lt; 2.4</td>"))
        #expect(result.html.contains("<p>A paragraph that tries to cover the page with an inline style.</p>"))
        #expect(result.html.contains("<details open=\"\"><summary>details</summary></details>"))
    }

    @Test("The hostile SVG of outputs.ipynb: the ROC curve and its labels survive, every attack is left out and counted")
    func hostileSVGFixture() throws {
        let result = NotebookHTMLSanitizer.sanitize(svg: try fixtureOutput("outputs.ipynb", "image/svg+xml"))
        #expect(outputHazards(in: result.html).isEmpty, "\(outputHazards(in: result.html))")
        #expect(XMLCheck(result.html).isWellFormed)
        #expect(result.removals == [
            OutputRemoval(what: "the attribute onload", count: 1), OutputRemoval(what: "<script>", count: 1),
            OutputRemoval(what: "<style>", count: 1), OutputRemoval(what: "the attribute onmouseover", count: 1),
            OutputRemoval(what: "a javascript: address", count: 2), OutputRemoval(what: "<animate>", count: 1),
            OutputRemoval(what: "<set>", count: 1), OutputRemoval(what: "<foreignObject>", count: 1),
            OutputRemoval(what: "an image from outside the output", count: 1),
        ])
        #expect(result.html.contains("<polyline points=\"30,130 40,80 60,50 90,32 130,20 180,13 230,10\" fill=\"none\" stroke=\"#4c72b0\" stroke-width=\"2\"/>"))
        #expect(result.html.contains("<a><text x=\"40\" y=\"30\" font-size=\"10\">AUC 0.90</text></a>"))
        #expect(result.html.contains("<a href=\"#roc\"><text x=\"40\" y=\"60\" font-size=\"10\">working points</text></a>"))
        #expect(result.html.hasSuffix("</svg>"))
    }

    @Test("Sanitizing the fixtures' outputs again changes nothing")
    func fixturesAreStable() throws {
        for (notebook, mimeType) in [("histogram.ipynb", "text/html"), ("histogram.ipynb", "image/svg+xml"), ("outputs.ipynb", "text/html"),
                                     ("outputs.ipynb", "image/svg+xml")] {
            let input = try fixtureOutput(notebook, mimeType)
            let sanitize = mimeType == "text/html" ? NotebookHTMLSanitizer.sanitize(html:) : NotebookHTMLSanitizer.sanitize(svg:)
            let once = sanitize(input)
            let twice = sanitize(once.html)
            #expect(twice.html == once.html, "\(notebook) \(mimeType)")
            #expect(twice.removals.isEmpty, "\(notebook) \(mimeType): \(twice.removals)")
        }
    }

    // MARK: Structure

    private func html(_ input: String) -> String {
        NotebookHTMLSanitizer.sanitize(html: input).html
    }

    @Test("Elements left open are closed at the end, innermost first")
    func unclosedElements() {
        #expect(html("<div><p><b>text") == "<div><p><b>text</b></p></div>")
        #expect(html("<svg><g><path d=\"M0 0\">") == "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\"><g><path d=\"M0 0\"></path></g></svg>")
    }

    @Test("An end tag closes what is open inside its element; one that matches nothing open is left out")
    func endTags() {
        #expect(html("<b><i>x</b>y</i>") == "<b><i>x</i></b>y")
        #expect(html("</div>text</span></p></br>") == "text")
        #expect(html("<div><table><tbody><tr><td>x</div>y</td></tr></table>") == "<div><table><tbody><tr><td>xy</td></tr></tbody></table></div>")
        #expect(html("<h1>title</h2>after") == "<h1>title</h1>after")
    }

    /// `Tests/PortalTests` has no HTML5 parser; html5lib read 30,000 random outputs into the same trees
    /// while this was written (the only difference: it keeps a line break after `<pre>` in a cell).
    @Test("What a browser closes, opens or moves by itself is done here first", arguments: [
        ("<p>a<div>b</div>", "<p>a</p><div>b</div>"),
        ("<p>a<p>b", "<p>a</p><p>b</p>"),
        ("<ul><li>a<li>b</ul>", "<ul><li>a</li><li>b</li></ul>"),
        ("<dl><dt>a<dd>b<dt>c</dl>", "<dl><dt>a</dt><dd>b</dd><dt>c</dt></dl>"),
        ("<table><tr><td>a<td>b<tr><td>c</table>", "<table><tbody><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></tbody></table>"),
        ("<pre>x</pre><pre>\n\ny</pre>", "<pre>\nx</pre><pre>\n\ny</pre>"),
        ("<table><col><td>x</table>", "<table><colgroup><col></colgroup><tbody><tr><td>x</td></tr></tbody></table>"),
        ("<table><tbody><tr><th>a</th></tr><tbody><tr><td>b</td></tr></table>", "<table><tbody><tr><th>a</th></tr></tbody><tbody><tr><td>b</td></tr></tbody></table>"),
        ("<a href=\"/a\">one<a href=\"/b\">two</a>", "<a href=\"/a\">one</a><a href=\"/b\">two</a>"),
        ("<h1>a<h2>b</h2>", "<h1>a</h1><h2>b</h2>"),
        ("<li>item</li><td>cell</td><tr><dd>x", "itemcellx"),
        ("<table>\n <div>moved</div><tr><td>x</td></tr></table>", "<table>\n <tbody><tr><td>x</td></tr></tbody></table>"),
    ])
    func browserRepairs(input: String, expected: String) {
        #expect(html(input) == expected)
        #expect(html(expected) == expected)
    }

    @Test("Elements nested deeper than the limit are flattened, their text kept")
    func depthLimit() {
        let input = String(repeating: "<div>", count: 300) + "deep" + String(repeating: "</div>", count: 300)
        let result = NotebookHTMLSanitizer.sanitize(html: input)
        #expect(result.html == String(repeating: "<div>", count: 256) + "deep" + String(repeating: "</div>", count: 256))
        #expect(result.removals == [OutputRemoval(what: "elements nested deeper than 256", count: 44)])
    }

    @Test("Void elements are written without an end tag; SVG elements that end themselves keep their />")
    func voidElements() {
        #expect(html("<br/><hr><img src=\"a.png\"/><wbr></br></img>") == "<br><hr><img src=\"a.png\"><wbr>")
        #expect(html("<svg><rect width=\"1\"/><circle r=\"1\"></circle></svg>").hasSuffix("><rect width=\"1\"/><circle r=\"1\"></circle></svg>"))
    }

    @Test("Kept values are decoded, then written in double quotes with &, \", < and > escaped")
    func attributeValues() {
        #expect(html("<abbr title='a \"b\" <c> & d'>x</abbr>") == "<abbr title=\"a &quot;b&quot; &lt;c&gt; &amp; d\">x</abbr>")
        #expect(html("<abbr title=a&amp;b&eta;>x</abbr>") == "<abbr title=\"a&amp;bη\">x</abbr>")
        #expect(html("<abbr title=\"&#1;&#0;\">x</abbr>") == "<abbr title=\"\u{FFFD}\u{FFFD}\">x</abbr>")
        #expect(html("<td colspan=\"2\" rowspan=x>a</td>") == "a")
        #expect(html("<table><tr><td colspan=\" 2 \" rowspan=x align=RIGHT>a</td></tr></table>") == "<table><tbody><tr><td colspan=\"2\" align=\"right\">a</td></tr></tbody></table>")
        #expect(html("<ol start=3 type=a reversed><li value=-2>x</li></ol>") == "<ol start=\"3\" type=\"a\" reversed=\"\"><li value=\"-2\">x</li></ol>")
        #expect(html("<p title=a title=b>x</p>") == "<p title=\"a\">x</p>")
    }

    @Test("References in text are kept as written when a browser reads them; any other & is escaped")
    func textReferences() {
        #expect(html("a &eta; &amp; &lt; & b &bogus; &#x3C; &#60; &#0; &#xD800; &lt") == "a &eta; &amp; &lt; &amp; b &amp;bogus; &#x3C; &#60; \u{FFFD} \u{FFFD} &amp;lt")
        #expect(html("1 < 2 > 0 <3 <!") == "1 &lt; 2 &gt; 0 &lt;3 ")
        #expect(html("<svg><text>&eta; &lt; &#x41;<![CDATA[&amp; <b>]]></text></svg>").contains("<text>η &lt; A&amp;amp; &lt;b&gt;</text>"))
    }

    @Test("Comments, doctypes, processing instructions and a document's wrappers go without a word")
    func silentRemovals() {
        let result = NotebookHTMLSanitizer.sanitize(html: "<!DOCTYPE html><?xml version=\"1.0\"?><html><head></head><body><!-- note --><p>x</p><!--></body></html>")
        #expect(result == SanitizedOutput(html: "<p>x</p>", removals: []))
        #expect(NotebookHTMLSanitizer.sanitize(html: "<p id=\"search\" class=\"card-title dataframe\" border=1>x</p>") == SanitizedOutput(html: "<p class=\"dataframe\">x</p>", removals: []))
    }

    @Test("An SVG document: the declaration, doctype and comments go silently; what lies outside its <svg> is left out and counted")
    func svgDocument() {
        let input = """
            <?xml version="1.0" encoding="utf-8" standalone="no"?>
            <!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
            <!-- Created with matplotlib (https://matplotlib.org/) -->
            <svg xmlns="http://www.w3.org/1999/xhtml" width="10"><rect width="1"/></svg>
            trailing <svg><script>x</script></svg>
            """
        let result = NotebookHTMLSanitizer.sanitize(svg: input)
        #expect(result.html == "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"10\"><rect width=\"1\"/></svg>")
        #expect(result.removals == [OutputRemoval(what: "content outside the <svg> element", count: 4)])
        #expect(NotebookHTMLSanitizer.sanitize(svg: "no svg here").html.isEmpty)
    }

    @Test("SVG ids and the references to them get the output's prefix, once")
    func svgReferences() {
        let input = "<svg><defs><clipPath id=\"c1\"><rect width=\"1\"/></clipPath><path id=\"nb-g\" d=\"M0 0\"/></defs>"
            + "<use xlink:href=\"#g\" clip-path=\"url(#c1)\"/><use href=\"#nb-g\" fill=\"url('#c1') red\"/><use/></svg>"
        let result = NotebookHTMLSanitizer.sanitize(svg: input)
        #expect(result.html.contains("<clipPath id=\"nb-c1\">"))
        #expect(result.html.contains("<path id=\"nb-g\" d=\"M0 0\"/>"))
        #expect(result.html.contains("</defs><use xlink:href=\"#nb-g\" clip-path=\"url(#nb-c1)\"/><use href=\"#nb-g\" fill=\"url(#nb-c1) red\"/></svg>"))
        #expect(result.removals.isEmpty)
    }

    @Test("An SVG <style> of `*` rules for inherited properties becomes attributes of the root; any other is left out and counted")
    func svgStyleElement() {
        let rules = NotebookHTMLSanitizer.sanitize(svg: "<svg width=\"2\" stroke-linecap=\"round\"><defs><style type=\"text/css\">*{stroke-linejoin: round; stroke-linecap: butt}</style></defs></svg>")
        #expect(rules.html == "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"2\" stroke-linecap=\"round\" stroke-linejoin=\"round\"><defs></defs></svg>")
        #expect(rules.removals.isEmpty)
        for css in ["rect { fill: red }", "*{opacity: 0.5}", "*{fill: url(https://example.org/x)}", "@import 'x.css';", "*{fill:red}<b>x</b>"] {
            let result = NotebookHTMLSanitizer.sanitize(svg: "<svg><style>\(css)</style><rect width=\"1\"/></svg>")
            #expect(result.removals == [OutputRemoval(what: "<style>", count: 1)], "\(css)")
            #expect(result.html == "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\"><rect width=\"1\"/></svg>", "\(css)")
        }
    }

    @Test("A style attribute in SVG becomes the presentation attributes it sets; what cannot is counted")
    func svgStyleAttribute() {
        let result = NotebookHTMLSanitizer.sanitize(svg: "<svg><path fill=\"red\" style=\"fill: #1f77b4 !important; stroke-width:1.5; cursor: pointer; fill: url(#h)\"/></svg>")
        #expect(result.html.hasSuffix("<path fill=\"url(#nb-h)\" stroke-width=\"1.5\"/></svg>"))
        #expect(result.removals == [OutputRemoval(what: "the attribute style", count: 1)])
    }

    @Test("Past 32 kinds of removal, the rest are counted together")
    func removalKinds() {
        let input = (0..<40).map { "<x\($0)>t</x\($0)>" }.joined()
        let result = NotebookHTMLSanitizer.sanitize(html: input)
        #expect(result.removals.count == 33)
        #expect(result.removals.last == OutputRemoval(what: "other markup", count: 8))
        #expect(result.html == String(repeating: "t", count: 40))
    }
}
