import Foundation
@testable import PortalCore
import PortalTestSupport
import Testing

/// One attack on the sanitizer, with what it must leave where the test pins it.
struct SanitizerAttack: Sendable, CustomTestStringConvertible {
    let name: String
    let input: String
    var isSVG = false
    /// The removals, exactly, where the attack pins them.
    var removals: [OutputRemoval]?
    /// The output, exactly, where the attack pins it.
    var output: String?
    var testDescription: String { name }
}

private let svgOpen = "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\">"

private func removed(_ pairs: (String, Int)...) -> [OutputRemoval] {
    pairs.map { OutputRemoval(what: $0.0, count: $0.1) }
}

/// Attacks collected from XSS cheat sheets, sanitizer bypasses and mutation-XSS reports, written
/// so that no script word lands in text: the output is searched for them as plain text too.
let sanitizerAttacks: [SanitizerAttack] = [
    SanitizerAttack(name: "script", input: "<script>alert(1)</script>ok", removals: removed(("<script>", 1)), output: "ok"),
    SanitizerAttack(name: "script with src, upper case", input: "<SCRIPT SRC=//evil.example/x.js></SCRIPT>", removals: removed(("<script>", 1)), output: ""),
    SanitizerAttack(name: "mixed-case script", input: "<ScRiPt >alert(1)</sCrIpT >", removals: removed(("<script>", 1)), output: ""),
    SanitizerAttack(name: "script never closed", input: "<p>a</p><script>alert(1)", removals: removed(("<script>", 1)), output: "<p>a</p>"),
    SanitizerAttack(name: "end tag with a slash and junk", input: "</script/x><script>alert(1)</script/x>b", removals: removed(("<script>", 1)), output: "b"),
    SanitizerAttack(name: "script inside a script's name", input: "<scr<script>ipt>alert(1)</script>",
                    removals: removed(("an element with an unusual name", 1)), output: "ipt&gt;alert(1)"),
    SanitizerAttack(name: "img onerror", input: "<img src=x onerror=alert(1)>", removals: removed(("the attribute onerror", 1)), output: "<img src=\"x\">"),
    SanitizerAttack(name: "upper-case handler", input: "<IMG SRC=x ONERROR=alert(1)>", removals: removed(("the attribute onerror", 1)), output: "<img src=\"x\">"),
    SanitizerAttack(name: "img with a javascript: source", input: "<IMG SRC=\"javascript:alert(1)\">", removals: removed(("a javascript: address", 1)), output: ""),
    SanitizerAttack(name: "scheme spelt with a reference", input: "<a href=\"jav&#x61;script:alert(1)\">x</a>", removals: removed(("a javascript: address", 1)), output: "<a>x</a>"),
    SanitizerAttack(name: "scheme split by a tab", input: "<a href=\"java\tscript:alert(1)\">x</a>", removals: removed(("an address with control characters", 1)), output: "<a>x</a>"),
    SanitizerAttack(name: "scheme split by an encoded tab", input: "<img src=\"jav&#x09;ascript:alert(1)\">", removals: removed(("an address with control characters", 1)), output: ""),
    SanitizerAttack(name: "scheme split by &NewLine;", input: "<a href=\"java&NewLine;script:alert(1)\">x</a>", removals: removed(("an address with control characters", 1))),
    SanitizerAttack(name: "colon as &colon;", input: "<a href=\"javascript&colon;alert(1)\">x</a>", removals: removed(("a javascript: address", 1))),
    SanitizerAttack(name: "scheme in decimal references", input: "<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)\">x</a>",
                    removals: removed(("a javascript: address", 1))),
    SanitizerAttack(name: "colon as a reference without its ;", input: "<a href=\"javascript&#58alert(1)\">x</a>", removals: removed(("a javascript: address", 1)),
                    output: "<a>x</a>"),
    SanitizerAttack(name: "colon as a reference with leading zeros", input: "<a href=\"javascript&#0000058;alert(1)\">x</a>", removals: removed(("a javascript: address", 1))),
    SanitizerAttack(name: "leading space and control character", input: "<a href=\" \u{1}JaVaScRiPt:alert(1)\">x</a>", removals: removed(("a javascript: address", 1))),
    SanitizerAttack(name: "unquoted javascript: link", input: "<a href=javascript:alert(1)>x</a>", removals: removed(("a javascript: address", 1)), output: "<a>x</a>"),
    SanitizerAttack(name: "vbscript: link", input: "<a href=\"vbscript:msgbox(1)\">x</a>", removals: removed(("a vbscript: address", 1))),
    SanitizerAttack(name: "data: document link", input: "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>", removals: removed(("a data: address", 1))),
    SanitizerAttack(name: "data: SVG image", input: "<img src=\"data:image/svg+xml;base64,PHN2Zz4=\">", removals: removed(("a data: address", 1)), output: ""),
    SanitizerAttack(name: "script in SVG", input: "<svg><script>alert(1)</script></svg>", removals: removed(("<script>", 1)), output: svgOpen + "</svg>"),
    SanitizerAttack(name: "svg onload", input: "<svg onload=alert(1)>", removals: removed(("the attribute onload", 1)), output: svgOpen + "</svg>"),
    SanitizerAttack(name: "SVG link with xlink:href", input: "<svg><a xlink:href=\"javascript:alert(1)\"><text>x</text></a></svg>",
                    removals: removed(("a javascript: address", 1)), output: svgOpen + "<a><text>x</text></a></svg>"),
    SanitizerAttack(name: "MathML mutation", input: "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", removals: removed(("<math>", 1)), output: ""),
    SanitizerAttack(name: "SVG style mutation", input: "<svg><style><img src=x onerror=alert(1)></style></svg>", removals: removed(("<style>", 1)), output: svgOpen + "</svg>"),
    SanitizerAttack(name: "SVG </p> mutation", input: "<svg></p><style><a id=\"</style><img src=1 onerror=alert(1)>\">", removals: removed(("<style>", 1)), output: svgOpen + "</svg>"),
    SanitizerAttack(name: "noscript attribute mutation", input: "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
                    removals: removed(("<noscript>", 1), ("the attribute onerror", 1)), output: "<img src=\"x\">\"&gt;"),
    SanitizerAttack(name: "iframe srcdoc", input: "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>", removals: removed(("<iframe>", 1)), output: ""),
    SanitizerAttack(name: "object data", input: "<object data=\"javascript:alert(1)\"><p>fallback</p></object>", removals: removed(("<object>", 1)), output: ""),
    SanitizerAttack(name: "embed", input: "<embed src=\"javascript:alert(1)\">after", removals: removed(("<embed>", 1)), output: "after"),
    SanitizerAttack(name: "form and button", input: "<form action=\"javascript:alert(1)\"><button formaction=javascript:alert(1)>go</button></form>",
                    removals: removed(("<form>", 1), ("<button>", 1)), output: "go"),
    SanitizerAttack(name: "base", input: "<base href=\"javascript:alert(1)//\">", removals: removed(("<base>", 1)), output: ""),
    SanitizerAttack(name: "meta refresh", input: "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">", removals: removed(("<meta>", 1)), output: ""),
    SanitizerAttack(name: "link stylesheet", input: "<link rel=stylesheet href=\"https://evil.example/x.css\">", removals: removed(("<link>", 1)), output: ""),
    SanitizerAttack(name: "style @import", input: "<style>@import 'https://evil.example/x.css';</style>", removals: removed(("<style>", 1)), output: ""),
    SanitizerAttack(name: "style attribute with a script url", input: "<div style=\"background:url(javascript:alert(1))\">x</div>",
                    removals: removed(("the attribute style", 1)), output: "<div>x</div>"),
    SanitizerAttack(name: "unknown element with a style", input: "<x style=\"background:url(javascript:alert(1))\">x</x>", removals: removed(("<x>", 1)), output: "x"),
    SanitizerAttack(name: "use with a data: document", input: "<svg><use href=\"data:image/svg+xml;base64,PHN2ZyBpZD0neCc+PC9zdmc+#x\"/></svg>",
                    removals: removed(("a data: address", 1)), output: svgOpen + "</svg>"),
    SanitizerAttack(name: "use of another file", input: "<svg><use href=\"https://evil.example/sprite.svg#x\"/></svg>",
                    removals: removed(("a reference outside the output", 1)), output: svgOpen + "</svg>"),
    SanitizerAttack(name: "image with a javascript: address", input: "<svg><image href=\"javascript:alert(1)\"/></svg>", removals: removed(("a javascript: address", 1))),
    SanitizerAttack(name: "animate rewriting a link", input: "<svg><a href=\"#\"><animate attributeName=href to=javascript:alert(1) begin=0s /><text>x</text></a></svg>",
                    removals: removed(("<animate>", 1)), output: svgOpen + "<a href=\"#\"><text>x</text></a></svg>"),
    SanitizerAttack(name: "set adding a handler", input: "<svg><set attributeName=\"onmouseover\" to=\"alert(1)\"/><rect width=\"1\"/></svg>",
                    removals: removed(("<set>", 1)), output: svgOpen + "<rect width=\"1\"/></svg>"),
    SanitizerAttack(name: "animateTransform, animateMotion, discard", input: "<svg><animateTransform/><animateMotion><mpath/></animateMotion><discard/></svg>",
                    removals: removed(("<animateTransform>", 1), ("<animateMotion>", 1), ("<discard>", 1))),
    SanitizerAttack(name: "foreignObject", input: "<svg><foreignObject><iframe src=javascript:alert(1)></iframe><p>x</p></foreignObject><rect width=\"1\"/></svg>",
                    removals: removed(("<foreignObject>", 1)), output: svgOpen + "<rect width=\"1\"/></svg>"),
    SanitizerAttack(name: "comment that ends at once", input: "<!--><script>alert(1)</script>-->", removals: removed(("<script>", 1)), output: "--&gt;"),
    SanitizerAttack(name: "script inside a comment", input: "<!-- <script>alert(1)</script> -->x", removals: [], output: "x"),
    SanitizerAttack(name: "NUL inside a tag name", input: "<scr\0ipt>alert(1)</scr\0ipt>", removals: removed(("an element with an unusual name", 1)), output: "alert(1)"),
    SanitizerAttack(name: "NUL inside a handler name", input: "<img src=x o\0nerror=alert(1)>", removals: removed(("an attribute with an unusual name", 1)), output: "<img src=\"x\">"),
    SanitizerAttack(name: "attribute never closed", input: "<p>a</p><a href=\"javascript:alert(1)>x</a>", removals: [], output: "<p>a</p>"),
    SanitizerAttack(name: "tag never closed", input: "<p>a</p><img src=x onerror=alert(1)", removals: [], output: "<p>a</p>"),
    SanitizerAttack(name: "unquoted value ended by >", input: "<img src=x alt=a>b onerror=alert(1)>", removals: [], output: "<img src=\"x\" alt=\"a\">b onerror=alert(1)&gt;"),
    SanitizerAttack(name: "markup in an attribute", input: "<div title=\"</div><script>alert(1)</script>\">x</div>", removals: [],
                    output: "<div title=\"&lt;/div&gt;&lt;script&gt;alert(1)&lt;/script&gt;\">x</div>"),
    SanitizerAttack(name: "CDATA hiding an end tag", input: "<svg><![CDATA[</svg><img src=x onerror=alert(1)>]]></svg>", removals: [],
                    output: svgOpen + "&lt;/svg&gt;&lt;img src=x onerror=alert(1)&gt;</svg>"),
    SanitizerAttack(name: "CDATA in HTML is a comment", input: "<![CDATA[<img src=x onerror=alert(1)>]]>", removals: [], output: "]]&gt;"),
    SanitizerAttack(name: "a form in a cell", input: "<table><td><form><input onfocus=alert(1) autofocus>", removals: removed(("<form>", 1), ("<input>", 1)),
                    output: "<table><tbody><tr><td></td></tr></tbody></table>"),
    SanitizerAttack(name: "a cell outside a table", input: "<td>a<form><input onfocus=alert(1) autofocus>", removals: removed(("<td>", 1), ("<form>", 1), ("<input>", 1)),
                    output: "a"),
    SanitizerAttack(name: "text and a form between a table's rows", input: "<table><tr><form>x<input onfocus=alert(1)></form></tr></table>",
                    removals: removed(("<form>", 1), ("text between the cells of a table", 1), ("<input>", 1)), output: "<table><tbody><tr></tr></tbody></table>"),
    SanitizerAttack(name: "details ontoggle", input: "<details open ontoggle=alert(1)><summary>s</summary></details>", removals: removed(("the attribute ontoggle", 1)),
                    output: "<details open=\"\"><summary>s</summary></details>"),
    SanitizerAttack(name: "a good link with a handler", input: "<a href=\"https://example.org/\" onclick=\"alert(1)\">ok</a>", removals: removed(("the attribute onclick", 1)),
                    output: "<a href=\"https://example.org/\">ok</a>"),
    SanitizerAttack(name: "paint from another file", input: "<svg><rect width=\"10\" fill=\"url(https://evil.example/x.svg#p)\"/></svg>",
                    removals: removed(("a url() reference outside the output", 1)), output: svgOpen + "<rect width=\"10\"/></svg>"),
    SanitizerAttack(name: "CSS escape in a presentation attribute", input: "<svg><rect fill=\"\\75rl(https://evil.example/x)\"/></svg>",
                    removals: removed(("an invalid value of fill", 1)), output: svgOpen + "<rect/></svg>"),
    SanitizerAttack(name: "script url in an SVG style", input: "<svg><rect style=\"fill:url(javascript:alert(1))\"/></svg>", removals: removed(("the attribute style", 1)),
                    output: svgOpen + "<rect/></svg>"),
    SanitizerAttack(name: "a namespace that makes SVG HTML", input: "<svg><g xmlns=\"http://www.w3.org/1999/xhtml\"><a href=\"#x\">x</a></g></svg>", isSVG: true,
                    removals: [], output: svgOpen + "<g><a href=\"#x\">x</a></g></svg>"),
    SanitizerAttack(name: "template", input: "<template><script>alert(1)</script></template>", removals: removed(("<template>", 1)), output: ""),
    SanitizerAttack(name: "plaintext", input: "<p>a</p><plaintext><script>alert(1)</script>", removals: removed(("<plaintext>", 1)), output: "<p>a</p>"),
    SanitizerAttack(name: "xmp", input: "<xmp><script>alert(1)</script></xmp>", removals: removed(("<xmp>", 1)), output: ""),
    SanitizerAttack(name: "textarea", input: "<textarea><script>alert(1)</script></textarea>", removals: removed(("<textarea>", 1)), output: ""),
    SanitizerAttack(name: "script in an SVG title", input: "<svg><title>t<script>alert(1)</script></title></svg>", removals: removed(("<script>", 1)),
                    output: svgOpen + "<title>t</title></svg>"),
    SanitizerAttack(name: "script in an SVG document", input: "<svg><script><![CDATA[alert(1)]]></script><circle r=\"1\"/></svg>", isSVG: true,
                    removals: removed(("<script>", 1)), output: svgOpen + "<circle r=\"1\"/></svg>"),
    SanitizerAttack(name: "foreignObject in an SVG document", input: "<svg><foreignObject><iframe/><img src=x onerror=alert(1)/></foreignObject><circle r=\"1\"/></svg>",
                    isSVG: true, removals: removed(("<foreignObject>", 1)), output: svgOpen + "<circle r=\"1\"/></svg>"),
    SanitizerAttack(name: "theme classes and ids", input: "<a class=\"card-title visually-hidden\" id=\"main\" href=\"https://example.org/\">x</a>", removals: [],
                    output: "<a href=\"https://example.org/\">x</a>"),
    SanitizerAttack(name: "data attributes the theme's scripts read", input: "<div data-filter=\"x\" hidden>x</div>",
                    removals: removed(("the attribute data-filter", 1), ("the attribute hidden", 1)), output: "<div>x</div>"),
    SanitizerAttack(name: "links and images that are fine", input: "<a href=\"//example.org/\">a</a><a href=\"mailto:a@example.org\">b</a><a href=\"#top\">c</a>"
                    + "<img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"dot\"><img src=\"figures/a.png\" width=\"50%\">", removals: [],
                    output: "<a href=\"//example.org/\">a</a><a href=\"mailto:a@example.org\">b</a><a href=\"#top\">c</a>"
                    + "<img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"dot\"><img src=\"figures/a.png\" width=\"50%\">"),
    SanitizerAttack(name: "embedded PNG in SVG", input: "<svg><image width=\"2\" xlink:href=\"data:image/png;base64,iVBORw0KGgo=\"/></svg>", isSVG: true, removals: [],
                    output: svgOpen + "<image width=\"2\" xlink:href=\"data:image/png;base64,iVBORw0KGgo=\"/></svg>"),
]

extension NotebookOutputSanitizerTests {
    @Test("An attack leaves nothing that runs, loads or restyles, and is counted as it should be", arguments: sanitizerAttacks)
    func attack(_ attack: SanitizerAttack) {
        let result = attack.isSVG ? NotebookHTMLSanitizer.sanitize(svg: attack.input) : NotebookHTMLSanitizer.sanitize(html: attack.input)
        #expect(outputHazards(in: result.html).isEmpty, "\(outputHazards(in: result.html))")
        if let removals = attack.removals { #expect(result.removals == removals) }
        if let output = attack.output { #expect(result.html == output) }
        let again = attack.isSVG ? NotebookHTMLSanitizer.sanitize(svg: result.html) : NotebookHTMLSanitizer.sanitize(html: result.html)
        #expect(again == SanitizedOutput(html: result.html, removals: []))
    }

    @Test("The corpus holds at least 40 attacks")
    func corpusSize() {
        #expect(sanitizerAttacks.count >= 40)
    }

    /// Pieces of markup, attacks and text that random inputs are made of.
    private static let soupPieces: [String] = [
        "<", ">", "/", "=", "\"", "'", " ", "\n", "\t", "\0", "\r", "&", "#", ";", "&#x6a;", "&colon;", "&lt;", "&amp;", "&#0;", "<!--", "-->",
        "<!", "<?", "]]>", "<![CDATA[", "</", "/>", "script", "SCRIPT", "style", "svg", "math", "a", "img", "iframe", "table", "tr", "td", "p",
        "div", "li", "ul", "title", "textarea", "noscript", "foreignObject", "animate", "set", "use", "image", "template", "object", "href",
        "xlink:href", "src", "onerror", "onload", "style", "srcdoc", "javascript:", "java\tscript:", "jav&#x61;script:", "data:text/html,",
        "url(", "url(#a)", "#a", "alert(1)", "x", "é", "\u{FFFF}", "\u{1B}", "fill", "class", "id", "dataframe", "<svg>", "</svg>",
        "<script>", "</script>", "<style>", "</style>", "<a href=", "<img src=x ", "<p>", "</p>", "<td>", "<table>", "*{fill:red}", "<pre>", "<li>",
        "<title>", "<b>", "<h2>",
    ]

    @Test("Random byte soup never yields anything that runs, loads or restyles, and sanitizing it again changes nothing",
          .tags(.slow), arguments: [false, true])
    func randomSoup(isSVG: Bool) {
        var random = SeededGenerator(seed: isSVG ? 0x5EED_5A11 : 0x5EED_0001)
        for round in 0..<(isSVG ? 3000 : 5000) {
            let length = Int(random.next() % 120) + 1
            let input = (0..<length).map { _ in Self.soupPieces[Int(random.next() % UInt64(Self.soupPieces.count))] }.joined()
            let sanitize = isSVG ? NotebookHTMLSanitizer.sanitize(svg:) : NotebookHTMLSanitizer.sanitize(html:)
            let result = sanitize(input)
            let hazards = outputHazards(in: result.html, searchesText: false)
            #expect(hazards.isEmpty, "round \(round): \(input.debugDescription) -> \(result.html.debugDescription): \(hazards)")
            let again = sanitize(result.html)
            #expect(again.html == result.html, "round \(round): \(input.debugDescription)")
            if isSVG, !result.html.isEmpty {
                let xml = XMLCheck(result.html)
                #expect(xml.isWellFormed, "round \(round): \(result.html.debugDescription): \(xml.error ?? "")")
            }
            if hazards.isEmpty == false || again.html != result.html { break }
        }
    }

    /// A megabyte of the shapes the brief names, a quarter of one of the others: quadratic work
    /// on either would take hours, and the test runs under the thread sanitizer too.
    @Test("Hostile shapes, up to a megabyte, are read in one pass", .tags(.slow), arguments: [
        ("<", 1_000_000), ("<div>", 1_000_000), ("<b><i>", 1_000_000), ("<<", 250_000), ("<a ", 250_000), ("<a b=\"", 250_000), ("<li>", 250_000),
        ("<td>", 250_000), ("<!--", 250_000), ("<!", 250_000), ("</", 250_000), ("<script>", 250_000), ("<svg><style>", 250_000), ("&#x", 250_000),
        ("&", 250_000), ("<p title=", 250_000), ("<table><tr><td>", 250_000), ("</div>", 250_000), ("<svg><g>", 250_000), ("<math>", 250_000),
        ("<svg><a href=\"url(", 250_000), ("<a href=javascript:x>", 250_000), ("<![CDATA[", 250_000),
    ])
    func linearTime(shape: String, size: Int) {
        let input = String(repeating: shape, count: TestScale.of(size) / shape.utf8.count)
        let clock = ContinuousClock()
        let html = clock.measure { _ = NotebookHTMLSanitizer.sanitize(html: input) }
        let svg = clock.measure { _ = NotebookHTMLSanitizer.sanitize(svg: "<svg>" + input) }
        // A debug build reads a megabyte in about a second.
        #expect(html < .seconds(60) && svg < .seconds(60), "\(shape): \(html), \(svg)")
    }
}
