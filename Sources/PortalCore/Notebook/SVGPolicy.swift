/// The SVG elements and attributes a notebook output keeps: what matplotlib's SVG backend writes,
/// and nothing that runs, animates, embeds HTML or loads from elsewhere.
///
/// Presentation attributes are parsed by the browser as CSS values, so each is checked as one: no
/// backslash (a CSS escape could spell anything), no function but those listed for its kind, and
/// `url()` only as `url(#id)`, a reference inside the output.
enum SVGPolicy {
    static let svgNamespace = "http://www.w3.org/2000/svg"
    static let xlinkNamespace = "http://www.w3.org/1999/xlink"

    /// Elements kept, by lower-cased name, with the name written (SVG keeps capitals).
    static let elementNames: [String: String] = [
        "svg": "svg", "g": "g", "path": "path", "defs": "defs", "use": "use", "clippath": "clipPath", "rect": "rect",
        "circle": "circle", "ellipse": "ellipse", "line": "line", "polyline": "polyline", "polygon": "polygon", "text": "text",
        "tspan": "tspan", "title": "title", "desc": "desc", "lineargradient": "linearGradient", "radialgradient": "radialGradient",
        "stop": "stop", "pattern": "pattern", "mask": "mask", "marker": "marker", "image": "image", "symbol": "symbol", "a": "a",
    ]

    /// Elements left out with everything in them: script, HTML inside SVG, animation (which can
    /// rewrite an attribute, such as a link's address, after the sanitizer has checked it), and
    /// filters (whose `feImage` loads from elsewhere).
    static let droppedWithContent: Set<String> = [
        "script", "foreignobject", "animate", "animatemotion", "animatetransform", "animatecolor", "set", "discard", "handler",
        "listener", "filter", "iframe", "object", "embed",
    ]

    private static let otherDisplayNames: [String: String] = [
        "foreignobject": "foreignObject", "animatemotion": "animateMotion", "animatetransform": "animateTransform",
        "animatecolor": "animateColor", "textpath": "textPath", "fegaussianblur": "feGaussianBlur", "feimage": "feImage",
    ]

    /// The name of an element as a warning shows it, with SVG's capitals.
    static func displayName(_ name: String) -> String {
        elementNames[name] ?? otherDisplayNames[name] ?? name
    }

    /// Attributes left out without a word: editors' and exporters' bookkeeping.
    static let droppedSilently: Set<String> = ["baseprofile", "enable-background", "contentscripttype", "contentstyletype", "zoomandpan"]

    /// How a value is checked.
    enum ValueKind {
        /// Numbers, units, path data, lists of points.
        case geometry
        /// `matrix(…)`, `translate(…)`, … .
        case transform
        /// A colour, `none`, or `url(#id)` with a fallback.
        case paint
        /// `none` or `url(#id)`.
        case reference
        case fontFamily
        case keyword
        case id
        case classList
    }

    /// Whether a style declaration may set an attribute, and whether a `<style>` rule for every
    /// element may become an attribute of the root (only for properties children inherit).
    enum StyleUse { case never, declaration, inherited }

    /// How one attribute is written and checked.
    struct AttributeRule {
        /// As written, with SVG's capitals (`viewBox`).
        let name: String
        let kind: ValueKind
        let style: StyleUse
    }

    /// Attributes kept on any SVG element, by lower-cased name. `href` is not here: where it may
    /// point depends on the element.
    static let attributes: [String: AttributeRule] = {
        var rules: [String: AttributeRule] = [:]
        func add(_ names: [String], _ kind: ValueKind, _ style: StyleUse = .never) {
            for name in names { rules[name.lowercased()] = AttributeRule(name: name, kind: kind, style: style) }
        }
        add(["x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "fx", "fy", "fr", "dx", "dy", "width", "height", "points", "d",
             "viewBox", "offset", "rotate", "textLength", "pathLength", "refX", "refY", "markerWidth", "markerHeight", "orient", "version"], .geometry)
        add(["opacity", "stop-opacity", "baseline-shift"], .geometry, .declaration)
        add(["stroke-width", "stroke-dasharray", "stroke-dashoffset", "stroke-miterlimit", "fill-opacity", "stroke-opacity", "font-size",
             "letter-spacing", "word-spacing"], .geometry, .inherited)
        add(["transform", "gradientTransform", "patternTransform"], .transform)
        add(["stop-color"], .paint, .declaration)
        add(["fill", "stroke", "color"], .paint, .inherited)
        add(["clip-path", "mask"], .reference, .declaration)
        add(["marker-start", "marker-mid", "marker-end"], .reference, .inherited)
        add(["font-family"], .fontFamily, .inherited)
        add(["gradientUnits", "patternUnits", "patternContentUnits", "clipPathUnits", "maskUnits", "maskContentUnits", "markerUnits",
             "spreadMethod", "lengthAdjust", "preserveAspectRatio", "xml:space"], .keyword)
        add(["display", "overflow", "alignment-baseline", "text-decoration", "vector-effect"], .keyword, .declaration)
        add(["fill-rule", "clip-rule", "stroke-linecap", "stroke-linejoin", "font-style", "font-weight", "font-variant", "font-stretch",
             "text-anchor", "dominant-baseline", "visibility", "writing-mode", "shape-rendering", "image-rendering", "text-rendering",
             "paint-order"], .keyword, .inherited)
        add(["id"], .id)
        add(["class"], .classList)
        return rules
    }()

    /// The result of checking a value.
    enum Verdict: Equatable {
        /// Kept, written as this (ids and references given the output's prefix).
        case valid(String)
        /// Left out without a word (a class list with no class the page knows).
        case empty
        case invalid
        /// A `url()` that points outside the output.
        case outsideReference
    }

    private static let transformFunctions: Set<String> = ["matrix", "translate", "scale", "rotate", "skewx", "skewy"]
    private static let colourFunctions: Set<String> = ["rgb", "rgba", "hsl", "hsla", "url"]

    static func check(_ value: String, _ kind: ValueKind) -> Verdict {
        switch kind {
        case .geometry:
            return value.unicodeScalars.allSatisfy(isGeometryScalar) ? .valid(value) : .invalid
        case .keyword:
            return value.unicodeScalars.allSatisfy { $0.isASCII && (isWordScalar($0) || $0 == " ") } ? .valid(value.trimmingASCIISpaces()) : .invalid
        case .fontFamily:
            return value.unicodeScalars.allSatisfy { isWordScalar($0) || " ,.'\"".unicodeScalars.contains($0) || $0.value >= 0xA0 }
                ? .valid(value) : .invalid
        case .transform:
            return functionValue(value, allowed: transformFunctions, extra: "()")
        case .paint:
            return functionValue(value, allowed: colourFunctions, extra: "()#'\"")
        case .reference:
            return functionValue(value, allowed: ["url"], extra: "()#'\"")
        case .id:
            return OutputValues.svgID(value.trimmingASCIISpaces()).map { .valid($0) } ?? .invalid
        case .classList:
            if case .keep(let classes) = OutputValues.classList(value) { return .valid(classes) }
            return .empty
        }
    }

    /// Checks a value made of words, numbers and the functions `allowed`, each `url()` in it only
    /// a local reference, rewritten with the output's id prefix.
    private static func functionValue(_ value: String, allowed: Set<String>, extra: String) -> Verdict {
        let scalars = Array(value.unicodeScalars)
        var written = String.UnicodeScalarView()
        var word = ""
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if isWordScalar(scalar) {
                word.unicodeScalars.append(scalar)
            } else if scalar == "(" {
                let function = word.lowercased()
                guard allowed.contains(function) else { return .invalid }
                if function == "url" {
                    guard let (id, end) = localURL(scalars, from: index + 1) else { return .outsideReference }
                    written.append(contentsOf: "(#\(id))".unicodeScalars)
                    index = end
                    word = ""
                    continue
                }
                word = ""
            } else if isGeometryScalar(scalar) || extra.unicodeScalars.contains(scalar) {
                word = ""
            } else {
                return .invalid
            }
            written.append(scalar)
            index += 1
        }
        return .valid(String(written))
    }

    /// The id a `url(` refers to when what follows is ` "#id" )` (quotes optional), and the index
    /// after the `)`; nil for anything else.
    private static func localURL(_ scalars: [Unicode.Scalar], from start: Int) -> (String, Int)? {
        var index = start
        func skipSpaces() { while index < scalars.count, scalars[index] == " " || scalars[index] == "\t" || scalars[index] == "\n" { index += 1 } }
        skipSpaces()
        var quote: Unicode.Scalar?
        if index < scalars.count, scalars[index] == "\"" || scalars[index] == "'" {
            quote = scalars[index]
            index += 1
        }
        guard index < scalars.count, scalars[index] == "#" else { return nil }
        index += 1
        var id = ""
        while index < scalars.count, scalars[index].isASCII, OutputValues.isNameByte(UInt8(scalars[index].value)) {
            id.unicodeScalars.append(scalars[index])
            index += 1
        }
        if let quote {
            guard index < scalars.count, scalars[index] == quote else { return nil }
            index += 1
        }
        skipSpaces()
        guard index < scalars.count, scalars[index] == ")", let prefixed = OutputValues.svgID(id) else { return nil }
        return (prefixed, index + 1)
    }

    /// The declarations of a `style` attribute or a rule's block, property names lower-cased and
    /// `!important` taken off (it does not matter once a declaration is an attribute).
    static func declarations(_ css: Substring) -> [(property: String, value: String)] {
        css.split(separator: ";").compactMap { declaration in
            guard let colon = declaration.firstIndex(of: ":") else {
                return declaration.trimmingASCIISpaces().isEmpty ? nil : ("", "")
            }
            var value = declaration[declaration.index(after: colon)...].trimmingASCIISpaces()
            if value.lowercased().hasSuffix("!important") {
                value = String(value.dropLast(10)).trimmingASCIISpaces()
            }
            return (declaration[..<colon].trimmingASCIISpaces().lowercased(), value)
        }
    }

    private static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII && (OutputValues.isNameByte(UInt8(scalar.value)) && scalar != ".")
    }

    /// Letters, digits, white space and the punctuation of numbers and lists.
    private static func isGeometryScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII && (MarkupTokenizer.isLetter(UInt8(scalar.value)) || (0x30...0x39).contains(scalar.value) || " \t\n.,+-%".unicodeScalars.contains(scalar))
    }
}
