/// Start tags in SVG: the allowlist, the addresses each element may point at, and matplotlib's
/// CSS made into attributes.
///
/// matplotlib gives every shape its colours in a `style` attribute (`style="fill: #ffffff"`) and
/// writes one `<style>` rule for every element. The page's Content-Security-Policy ignores both,
/// and without them each shape would be filled black. So a declaration that is also a presentation
/// attribute (and passes that attribute's check) becomes that attribute, which the policy allows;
/// a `<style>` made only of `* { … }` rules for inherited properties becomes attributes of the root
/// `<svg>`, which its children inherit. Anything else in either is left out and counted.
extension SanitizedFragmentWriter {
    mutating func openSVG(_ tag: MarkupTokenizer.StartTag, isRoot: Bool) {
        guard tag.selfClosing || !isTooDeep else {
            recordTooDeep()
            return skipElement(tag, holdsHTML: false, in: .svg)
        }
        var attributes = svgAttributes(of: "svg", tag) ?? []
        if isRoot {
            attributes.insert(contentsOf: [("xmlns", SVGPolicy.svgNamespace), ("xmlns:xlink", SVGPolicy.xlinkNamespace)], at: 0)
        }
        writeStartTag("svg", attributes, selfClosing: tag.selfClosing)
        guard !tag.selfClosing else {
            if isRoot, document == .svg { svgDocumentEnded = true }
            return
        }
        open(OpenElement(key: "svg", name: "svg", namespace: .svg))
        if isRoot {
            svgRoot = SVGRoot(stackIndex: stack.count - 1, insertAt: output.count - 1, attributeNames: Set(attributes.map(\.0)))
        }
    }

    mutating func startSVG(_ tag: MarkupTokenizer.StartTag) {
        let name = tag.name
        if name == "svg" { return openSVG(tag, isRoot: false) }
        if let written = SVGPolicy.elementNames[name] {
            guard tag.selfClosing || !isTooDeep else { return recordTooDeep() }
            guard let attributes = svgAttributes(of: name, tag) else { return }
            writeStartTag(written, attributes, selfClosing: tag.selfClosing)
            if !tag.selfClosing { open(OpenElement(key: name, name: written, namespace: .svg)) }
            return
        }
        switch name {
        case "style":
            // Counted when it ends, unless its rules became attributes.
            guard !tag.selfClosing else { return }
            styleCapture = StyleCapture()
            skipElement(tag, holdsHTML: false, in: .svg)
        case "metadata":
            // RDF about the file (matplotlib's version, the date): nothing a reader sees.
            skipElement(tag, holdsHTML: false, in: .svg)
        default:
            tally.record(Self.elementKind(SVGPolicy.displayName(name)))
            if SVGPolicy.droppedWithContent.contains(name) || HTMLPolicy.rawTextElements.contains(name) || HTMLPolicy.droppedWithContent.contains(name) {
                skipElement(tag, holdsHTML: name == "foreignobject", in: .svg)
            }
        }
    }

    /// The attributes kept on the SVG element `element`, decoded and checked, or nil when the element
    /// is left out for want of one (a `<use>` or `<image>` with nothing it may show).
    private mutating func svgAttributes(of element: String, _ tag: MarkupTokenizer.StartTag) -> [(String, String)]? {
        var kept: [(String, String)] = []
        var style: String?
        for attribute in tag.attributes {
            let name = attribute.name
            if name.hasPrefix("on") {
                tally.record(Self.attributeKind(name))
                continue
            }
            // The root declares the namespaces; nothing else may change them.
            if name == "xmlns" || name.hasPrefix("xmlns:") { continue }
            let value = CharacterReference.decode(tokenizer.bytes[attribute.value], in: tokenizer.bytes)
            if name == "style" {
                style = value
                continue
            }
            if name == "href" || name == "xlink:href" {
                switch checkReference(value, on: element) {
                case .keep(let written): kept.append((name, written))
                case .dropSilently: break
                case .refuse(let kind): tally.record(kind)
                }
                continue
            }
            guard let rule = SVGPolicy.attributes[name] else {
                // Other prefixed names (`inkscape:label`, `sodipodi:role`) are editors' bookkeeping.
                if !SVGPolicy.droppedSilently.contains(name), !name.contains(":") { tally.record(Self.attributeKind(name)) }
                continue
            }
            switch SVGPolicy.check(value, rule.kind) {
            case .valid(let written): kept.append((rule.name, written))
            case .empty: break
            case .invalid: tally.record("an invalid value of \(rule.name)")
            case .outsideReference: tally.record("a url() reference outside the output")
            }
        }
        if let style { applyStyle(style, to: &kept) }
        if element == "use" || element == "image", !kept.contains(where: { $0.0 == "href" || $0.0 == "xlink:href" }) { return nil }
        return kept
    }

    /// Where `href` may point on `element`: a `<use>`, pattern or gradient at an element of the
    /// output, an `<image>` at a raster image inside the output, a link where an HTML link may.
    private func checkReference(_ value: String, on element: String) -> ValueCheck {
        switch element {
        case "use", "pattern", "lineargradient", "radialgradient":
            if let reference = OutputValues.localReference(value) { return .keep(reference) }
        case "image":
            if !value.unicodeScalars.contains(where: { $0.value < 0x20 }), OutputAddress.isRasterImageData(Substring(value.trimmingASCIISpaces())) {
                return .keep(value)
            }
        case "a":
            return OutputAddress.check(value, schemes: ["http", "https", "mailto"], allowsImageData: false)
        default:
            return .refuse(Self.attributeKind("href"))
        }
        // Addresses that could run or smuggle something are named by scheme; the rest only point
        // outside the output.
        if value.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) { return .refuse("an address with control characters") }
        let scheme = OutputAddress.scheme(of: Substring(value.trimmingASCIISpaces()))
        if let scheme, !["http", "https"].contains(scheme) {
            return .refuse(scheme.utf8.count <= 20 ? "a \(scheme): address" : "an address with an unknown scheme")
        }
        return .refuse(element == "image" ? "an image from outside the output" : "a reference outside the output")
    }

    /// Makes each declaration of a `style` attribute the presentation attribute it sets, in place of
    /// an attribute of that name (a declaration wins over an attribute in CSS too).
    private mutating func applyStyle(_ style: String, to attributes: inout [(String, String)]) {
        var lost = false
        for (property, value) in SVGPolicy.declarations(Substring(style)) {
            guard let rule = SVGPolicy.attributes[property], rule.style != .never, case .valid(let written) = SVGPolicy.check(value, rule.kind) else {
                lost = true
                continue
            }
            if let index = attributes.firstIndex(where: { $0.0 == rule.name }) {
                attributes[index].1 = written
            } else {
                attributes.append((rule.name, written))
            }
        }
        if lost { tally.record(Self.attributeKind("style")) }
    }

    /// Makes the rules of an SVG `<style>` attributes of the root `<svg>` when they are all
    /// `* { … }` rules for inherited properties; false when the style holds anything else (and is
    /// left out). Once per root: the attributes go into a tag already written.
    mutating func takeStyleRules(_ css: String) -> Bool {
        guard var root = svgRoot, !root.tookStyle else { return false }
        var taken: [(String, String)] = []
        var rest = Substring(css)
        while true {
            rest = Substring(rest.trimmingASCIISpaces())
            guard !rest.isEmpty else { break }
            guard rest.first == "*" else { return false }
            rest = Substring(rest.dropFirst().trimmingASCIISpaces())
            guard rest.first == "{", let close = rest.firstIndex(of: "}") else { return false }
            for (property, value) in SVGPolicy.declarations(rest[rest.index(after: rest.startIndex)..<close]) {
                guard let rule = SVGPolicy.attributes[property], rule.style == .inherited, case .valid(let written) = SVGPolicy.check(value, rule.kind) else {
                    return false
                }
                taken.append((rule.name, written))
            }
            rest = rest[rest.index(after: close)...]
        }
        var inserted: [UInt8] = []
        for (name, value) in taken where root.attributeNames.insert(name).inserted {
            inserted.append(contentsOf: " \(name)=\"".utf8)
            Self.appendEscaped(value, to: &inserted)
            inserted.append(UInt8(ascii: "\""))
        }
        output.insert(contentsOf: inserted, at: root.insertAt)
        root.insertAt += inserted.count
        root.tookStyle = true
        svgRoot = root
        return true
    }
}
