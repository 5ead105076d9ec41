/// Checks of attribute values shared by the HTML and SVG allowlists of notebook outputs.
enum OutputValues {
    /// The prefix given to every SVG id and to the local references that point at them.
    ///
    /// An id from a notebook lands in the page's document, where it could take an anchor the page
    /// links to, be found by the theme's scripts instead of the theme's own element, or shadow a
    /// global name they read (`window.search`). A prefix with a hyphen keeps them apart: the theme
    /// uses no id starting `nb-`, and no script can name one as a variable. matplotlib names its
    /// clip paths and glyphs by a hash of their content, so two figures on one page still agree.
    static let idPrefix = "nb-"

    /// The class names kept: pandas' `dataframe`, which the theme styles, and the `ansi-` colours
    /// of terminal text. Any other name could only match a rule of the page's own stylesheet (a
    /// card's link stretched over the whole card, a panel positioned over the page) or be looked up
    /// by its scripts, and a notebook's own CSS never reaches the page.
    static func classList(_ value: String) -> ValueCheck {
        let kept = value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).filter { name in
            name == "dataframe" || (name.hasPrefix("ansi-") && name.utf8.count <= 40
                && name.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == UInt8(ascii: "-") })
        }
        return kept.isEmpty ? .dropSilently : .keep(kept.joined(separator: " "))
    }

    /// Whether `value` is a size in pixels or a percentage (`640`, `50%`, `12.5px`).
    static func isLength(_ value: String) -> Bool {
        var number = Substring(value)
        if number.hasSuffix("%") {
            number = number.dropLast()
        } else if number.lowercased().hasSuffix("px") {
            number = number.dropLast(2)
        }
        let parts = number.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, (1...6).contains(whole.utf8.count), whole.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else { return false }
        return parts.count == 1 || (1...6).contains(parts[1].utf8.count) && parts[1].utf8.allSatisfy({ (0x30...0x39).contains($0) })
    }

    /// An SVG id as kept: letters, digits, `_`, `.` and `-`, given `idPrefix` (once).
    static func svgID(_ value: String) -> String? {
        guard (1...128).contains(value.utf8.count), value.utf8.allSatisfy(isNameByte) else { return nil }
        return value.hasPrefix(idPrefix) ? value : idPrefix + value
    }

    /// `#id` pointing inside the output, with the id as `svgID` writes it.
    static func localReference(_ value: String) -> String? {
        let trimmed = Substring(value).trimmingASCIISpaces()
        guard trimmed.first == "#", let id = svgID(String(trimmed.dropFirst())) else { return nil }
        return "#" + id
    }

    static func isNameByte(_ byte: UInt8) -> Bool {
        MarkupTokenizer.isLetter(byte) || (0x30...0x39).contains(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
            || byte == UInt8(ascii: ".")
    }
}

extension StringProtocol {
    /// Without the ASCII white space (space, tab, line feed, form feed) at either end.
    func trimmingASCIISpaces() -> String {
        let bytes = Array(utf8)
        var start = 0
        var end = bytes.count
        while start < end, MarkupTokenizer.isSpace(bytes[start]) { start += 1 }
        while end > start, MarkupTokenizer.isSpace(bytes[end - 1]) { end -= 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}
