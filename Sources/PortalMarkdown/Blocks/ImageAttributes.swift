/// The `<img>` an image given kramdown attributes becomes (`![plot](a.png){: width="80%"}`): cmark-gfm
/// writes images without attributes, so such an image is written here, as cmark-gfm would write it
/// plus the attributes. No inline style (the theme's Content-Security-Policy forbids them): a width
/// in pixels is the `width` attribute, a width in percent a class the theme sizes (`img-w-80`, in
/// steps of 5).
enum ImageAttributes {
    /// The image's HTML, and the attributes it could not take, as written.
    static func html(src: String, alt: String, title: String, list: AttributeList) -> (html: String, unapplied: [String]) {
        var alt = alt
        var title = title
        var attributes = ""
        var unapplied = list.classes.map { ".\($0)" } + (list.id.map { ["#\($0)"] } ?? [])
        for pair in list.pairs {
            switch pair.key {
            case "width", "height":
                if let pixels = pixels(pair.value) {
                    attributes += " \(pair.key)=\"\(pixels)\""
                } else if pair.key == "width", let percent = percent(pair.value) {
                    attributes += " class=\"img-w-\(percent)\""
                } else {
                    unapplied.append("\(pair.key)=\"\(pair.value)\"")
                }
            case "alt": alt = pair.value
            case "title": title = pair.value
            default: unapplied.append(pair.key)
            }
        }
        let titleAttribute = title.isEmpty ? "" : " title=\"\(MarkdownRenderer.escapedHTML(title))\""
        return ("<img src=\"\(escapedURL(src))\" alt=\"\(MarkdownRenderer.escapedHTML(alt))\"\(titleAttribute)\(attributes) />", unapplied)
    }

    /// A figure: the image's HTML, then its caption, numbered (`Figure 2`) for the page.
    static func figure(image: String, id: String, number: Int, caption: String) -> String {
        "<figure class=\"figure\" id=\"\(id)\">\n\(image)\n<figcaption><span class=\"figure-number\">Figure \(number)</span> \(MarkdownRenderer.escapedHTML(caption))</figcaption>\n</figure>\n"
    }

    /// `640` or `640px`, from 1 to 10,000.
    static func pixels(_ value: String) -> Int? {
        let digits = value.hasSuffix("px") ? value.dropLast(2) : Substring(value)
        guard let number = Int(digits), (1...10_000).contains(number) else { return nil }
        return number
    }

    /// `80%`, rounded to a multiple of 5 from 5 to 100.
    static func percent(_ value: String) -> Int? {
        guard value.hasSuffix("%"), let number = Double(value.dropLast()), number > 0, number <= 100 else { return nil }
        return max(5, Int((number / 5).rounded()) * 5)
    }

    /// A destination as cmark-gfm writes it in an attribute: bytes outside the safe set percent-encoded,
    /// `&` and `'` as entities.
    static func escapedURL(_ url: String) -> String {
        var escaped = ""
        for byte in url.utf8 {
            switch byte {
            case UInt8(ascii: "&"): escaped += "&amp;"
            case UInt8(ascii: "'"): escaped += "&#x27;"
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                escaped.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                if "-_.!~*();/?:@=+$,%#".utf8.contains(byte) {
                    escaped.unicodeScalars.append(Unicode.Scalar(byte))
                } else {
                    escaped += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
                }
            }
        }
        return escaped
    }
}

private extension String {
    func leftPadded(to length: Int) -> String {
        count >= length ? self : String(repeating: "0", count: length - count) + self
    }
}
