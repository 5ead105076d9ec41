/// The HTML elements and attributes a notebook output keeps, and what happens to the rest.
///
/// The list is what pandas, `IPython.display.HTML` tables and the usual rich reprs write, and
/// nothing that runs, loads a frame, submits, or styles the page. `docs/notebook-outputs.md` gives
/// the reasons for each choice; the theme's Content-Security-Policy is the second wall, not the first.
enum HTMLPolicy {
    /// Elements kept, with the attributes `rule(for:on:)` allows.
    static let elements: Set<String> = [
        "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "colgroup", "col",
        "div", "span", "p", "br", "hr", "b", "i", "em", "strong", "small", "sub", "sup", "code", "pre", "kbd", "samp", "var",
        "ul", "ol", "li", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "a", "img", "abbr",
        "details", "summary", "figure", "figcaption", "mark", "s", "u", "q", "cite", "wbr",
    ]

    /// Elements with no end tag and no content.
    static let voidElements: Set<String> = [
        "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "image", "img", "input", "keygen", "link",
        "meta", "param", "source", "track", "wbr",
    ]

    /// Elements whose content is text up to their own end tag: left out with it, since their text
    /// is code, CSS, or text a browser would not show as it is.
    static let rawTextElements: Set<String> = [
        "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript",
    ]

    /// Elements left out with everything in them: what they hold runs, loads, or only makes sense
    /// inside them. `<math>` is among them because MathML's text points reopen HTML parsing in ways
    /// sanitizers have been fooled by, and notebooks give formulas as `text/latex` instead.
    static let droppedWithContent: Set<String> = ["object", "embed", "applet", "template", "math", "frameset", "frame"]

    /// A whole document's wrappers: left out without a word, their content kept.
    static let unwrappedSilently: Set<String> = ["html", "head", "body"]

    /// Attributes left out without a word: presentation the theme decides (`border="1"` on every
    /// pandas table), ids that could clash with the page's anchors or shadow the names its scripts
    /// look up, and link targets, which only open windows.
    static let droppedSilently: Set<String> = [
        "id", "name", "border", "cellpadding", "cellspacing", "frame", "rules", "bgcolor", "nowrap", "width", "height", "summary",
        "target", "rel", "cite", "charoff", "char", "xmlns", "xml:lang", "xml:space",
    ]

    static let headings: Set<String> = ["h1", "h2", "h3", "h4", "h5", "h6"]

    /// Table parts, each kept only inside the element its `tableParents` names (a browser opens a
    /// `<tbody>` around a row, a row around a cell, a `<colgroup>` around a column by itself).
    static let tableParts: Set<String> = ["caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "td", "th"]

    static let tableParents: [String: Set<String>] = [
        "caption": ["table"], "colgroup": ["table"], "thead": ["table"], "tbody": ["table"], "tfoot": ["table"],
        "col": ["colgroup"], "tr": ["thead", "tbody", "tfoot"], "td": ["tr"], "th": ["tr"],
    ]

    /// Elements directly inside which only table parts may stand (a browser moves anything else out).
    static let tableContexts: Set<String> = ["table", "thead", "tbody", "tfoot", "tr", "colgroup"]

    /// Start tags that close an open `<p>`, as in a browser.
    static let closesParagraph: Set<String> = [
        "blockquote", "details", "div", "dl", "dd", "dt", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li",
        "ol", "p", "pre", "summary", "table", "ul",
    ]

    /// The kept elements a list item's start tag does not look past for an open item (HTML's
    /// "special" elements but `<div>` and `<p>`).
    static let special: Set<String> = [
        "blockquote", "br", "caption", "col", "colgroup", "dd", "details", "dl", "dt", "figcaption", "figure", "h1", "h2", "h3",
        "h4", "h5", "h6", "hr", "img", "li", "ol", "pre", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr",
        "ul", "wbr",
    ]

    /// How an attribute's value is checked.
    enum Rule {
        /// Any text (it is escaped).
        case text
        /// Class names, of which only those the theme styles for outputs are kept.
        case classList
        case language
        case direction
        /// A whole number in a range (`colspan`).
        case count(ClosedRange<Int>)
        /// A whole number, maybe negative (`start` on a list).
        case integer
        /// A number of pixels or a percentage (an image's size).
        case length
        /// A boolean attribute, written as `name=""`.
        case flag
        /// One of a few words, in any case.
        case keyword(Set<String>)
        /// One of a few words, case as written (`type="a"` and `type="A"` differ on a list).
        case exactKeyword(Set<String>)
        /// A link: http, https, mailto or relative.
        case link
        /// An image: http, https, relative, or a base64 PNG, JPEG, GIF or WebP.
        case imageSource
    }

    private static let alignment = Rule.keyword(["left", "right", "center", "justify", "char"])
    private static let verticalAlignment = Rule.keyword(["top", "middle", "bottom", "baseline"])

    private static let global: [String: Rule] = ["class": .classList, "title": .text, "lang": .language, "dir": .direction]

    private static let byElement: [String: [String: Rule]] = [
        "a": ["href": .link],
        "img": ["src": .imageSource, "alt": .text, "width": .length, "height": .length],
        "td": ["colspan": .count(1...1000), "rowspan": .count(0...65534), "headers": .text, "align": alignment, "valign": verticalAlignment],
        "th": [
            "colspan": .count(1...1000), "rowspan": .count(0...65534), "headers": .text, "align": alignment, "valign": verticalAlignment,
            "scope": .keyword(["row", "col", "rowgroup", "colgroup"]), "abbr": .text,
        ],
        "col": ["span": .count(1...1000), "align": alignment, "valign": verticalAlignment],
        "colgroup": ["span": .count(1...1000), "align": alignment, "valign": verticalAlignment],
        "table": ["align": .keyword(["left", "right", "center"])],
        "thead": ["align": alignment, "valign": verticalAlignment],
        "tbody": ["align": alignment, "valign": verticalAlignment],
        "tfoot": ["align": alignment, "valign": verticalAlignment],
        "tr": ["align": alignment, "valign": verticalAlignment],
        "caption": ["align": .keyword(["top", "bottom", "left", "right"])],
        "ol": ["start": .integer, "reversed": .flag, "type": .exactKeyword(["1", "a", "A", "i", "I"])],
        "li": ["value": .integer],
        "details": ["open": .flag],
    ]

    /// How `attribute` on `element` is checked, or nil when it is not kept.
    static func rule(for attribute: String, on element: String) -> Rule? {
        global[attribute] ?? byElement[element]?[attribute]
    }

    /// The value to write for `value`, or why it is left out.
    static func check(_ value: String, _ rule: Rule) -> ValueCheck {
        let trimmed = value.trimmingASCIISpaces()
        switch rule {
        case .text:
            return .keep(value)
        case .classList:
            return OutputValues.classList(value)
        case .language:
            return trimmed.utf8.count <= 35 && trimmed.utf8.allSatisfy({ OutputValues.isNameByte($0) && $0 != UInt8(ascii: "_") && $0 != UInt8(ascii: ".") })
                ? .keep(trimmed) : .dropSilently
        case .direction:
            return ["ltr", "rtl", "auto"].contains(trimmed.lowercased()) ? .keep(trimmed.lowercased()) : .dropSilently
        case .count(let range):
            guard trimmed.utf8.count <= 7, !trimmed.isEmpty, trimmed.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let number = Int(trimmed),
                  range.contains(number) else { return .dropSilently }
            return .keep(String(number))
        case .integer:
            let digits = trimmed.hasPrefix("-") ? trimmed.dropFirst() : Substring(trimmed)
            guard (1...9).contains(digits.utf8.count), digits.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let number = Int(trimmed) else {
                return .dropSilently
            }
            return .keep(String(number))
        case .length:
            return OutputValues.isLength(trimmed) ? .keep(trimmed) : .dropSilently
        case .flag:
            return .keep("")
        case .keyword(let words):
            return words.contains(trimmed.lowercased()) ? .keep(trimmed.lowercased()) : .dropSilently
        case .exactKeyword(let words):
            return words.contains(trimmed) ? .keep(trimmed) : .dropSilently
        case .link:
            return OutputAddress.check(value, schemes: ["http", "https", "mailto"], allowsImageData: false)
        case .imageSource:
            return OutputAddress.check(value, schemes: ["http", "https"], allowsImageData: true)
        }
    }
}

/// What becomes of one attribute's value.
enum ValueCheck: Equatable {
    /// Kept, written as this (decoded) text.
    case keep(String)
    /// Left out without a word: it changed nothing a reader would miss.
    case dropSilently
    /// Left out, and counted as this kind of removal.
    case refuse(String)
}
