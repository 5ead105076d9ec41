/// A kramdown attribute list, as lessons written for Jekyll (the Carpentries' former lesson
/// template among them) use them: `{: .challenge}` after a quote, `{: .language-python}` after a code
/// block, `{: width="80%"}` after an image.
struct AttributeList: Equatable {
    struct Pair: Equatable {
        var key: String
        var value: String
    }

    var classes: [String] = []
    var id: String?
    var pairs: [Pair] = []

    /// An empty list.
    init() {}

    /// Reads `{: .class #id key="value" key='value' key=value}`; nil when `text` is not one (it must
    /// start with `{:` and end with the `}` that closes it). With `pandoc`, `{#id .class}` too.
    init?(_ text: Substring, pandoc: Bool = false) {
        guard text.hasSuffix("}"), text.count >= 3 else { return nil }
        var rest: Substring
        if text.hasPrefix("{:") {
            rest = text.dropFirst(2).dropLast()
        } else if pandoc, text.hasPrefix("{#") || text.hasPrefix("{.") {
            rest = text.dropFirst().dropLast()
        } else {
            return nil
        }
        while true {
            rest = rest.drop { $0 == " " || $0 == "\t" }
            guard let first = rest.first else { break }
            if first == "." || first == "#" {
                let word = rest.dropFirst().prefix { !$0.isWhitespace }
                guard !word.isEmpty else { return nil }
                if first == "." { classes.append(String(word)) } else { id = String(word) }
                rest = rest[word.endIndex...]
                continue
            }
            let key = rest.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
            guard !key.isEmpty, key.endIndex < rest.endIndex, rest[key.endIndex] == "=" else { return nil }
            rest = rest[rest.index(after: key.endIndex)...]
            let value: Substring
            if let quote = rest.first, quote == "\"" || quote == "'" {
                guard let end = rest.dropFirst().firstIndex(of: quote) else { return nil }
                value = rest[rest.index(after: rest.startIndex)..<end]
                rest = rest[rest.index(after: end)...]
            } else {
                value = rest.prefix { !$0.isWhitespace }
                rest = rest[value.endIndex...]
            }
            pairs.append(Pair(key: String(key), value: String(value)))
        }
    }

    /// How the list is written, for messages: `{: .challenge}`.
    var written: String {
        let parts = classes.map { ".\($0)" } + (id.map { ["#\($0)"] } ?? []) + pairs.map { "\($0.key)=\"\($0.value)\"" }
        return "{: \(parts.joined(separator: " "))}"
    }
}
