/// Recognises addresses that run code or smuggle a document when a reader follows them:
/// `javascript:`, `vbscript:` and `data:`.
///
/// The scheme is read the way a browser reads it (the WHATWG URL parser): leading and trailing
/// control characters and spaces are ignored, tabs and line breaks anywhere are dropped, and case
/// does not matter. Numeric character references and the few named ones that spell the characters
/// involved (`&colon;`, `&Tab;`, `&NewLine;`) are decoded first, so the check also holds for text
/// that an HTML parser will decode again.
public enum ScriptURL {
    /// The schemes refused in links, images and front-matter addresses.
    public static let refusedSchemes: Set<String> = ["javascript", "vbscript", "data"]

    /// The refused scheme `address` starts with (lower-cased), or nil when it is safe to link.
    public static func refusedScheme(in address: String) -> String? {
        // Fast path: without a colon (or an entity that could spell one) there is no scheme.
        guard address.utf8.contains(where: { $0 == 0x3A || $0 == 0x26 }) else { return nil }
        var scheme = ""
        for scalar in decodedReferences(address).unicodeScalars {
            switch scalar.value {
            case 0x09, 0x0A, 0x0D:
                continue
            case 0x00...0x20 where scheme.isEmpty:
                continue
            case 0x3A:
                return refusedSchemes.contains(scheme) ? scheme : nil
            default:
                guard scalar.isASCII, scalar.properties.isAlphabetic || (scheme.isEmpty == false && "0123456789+-.".unicodeScalars.contains(scalar)) else {
                    return nil
                }
                scheme.unicodeScalars.append(lowercased(scalar))
                // No refused scheme is longer than this; stop early on long words.
                if scheme.unicodeScalars.count > 10 { return nil }
            }
        }
        return nil
    }

    private static func lowercased(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        (0x41...0x5A).contains(scalar.value) ? Unicode.Scalar(scalar.value + 0x20) ?? scalar : scalar
    }

    /// `text` with `&#NN;`, `&#xHH;`, `&colon;`, `&Tab;` and `&NewLine;` replaced by their characters.
    static func decodedReferences(_ text: String) -> String {
        guard text.utf8.contains(0x26) else { return text }
        var output = ""
        var rest = Substring(text)
        while let ampersand = rest.firstIndex(of: "&") {
            output += rest[..<ampersand]
            let after = rest[rest.index(after: ampersand)...]
            if let (scalar, length) = reference(at: after) {
                output.unicodeScalars.append(scalar)
                rest = after.dropFirst(length)
            } else {
                output += "&"
                rest = after
            }
        }
        return output + rest
    }

    private static let namedReferences: [String: Unicode.Scalar] = ["colon": ":", "tab": "\t", "newline": "\n"]

    /// The character a reference spells just after `&`, and how many characters it takes (the `;` is optional, as browsers allow).
    private static func reference(at text: Substring) -> (Unicode.Scalar, Int)? {
        if text.first == "#" {
            var digits = text.dropFirst()
            var radix = 10
            if digits.first == "x" || digits.first == "X" {
                radix = 16
                digits = digits.dropFirst()
            }
            let number = digits.prefix { $0.isASCII && (radix == 16 ? $0.isHexDigit : $0.isNumber) }
            guard !number.isEmpty, number.count <= 8, let value = UInt32(number, radix: radix) else { return nil }
            let semicolon = digits.dropFirst(number.count).first == ";" ? 1 : 0
            // As a browser reads it: `&#0;`, surrogates and values past Unicode's last are U+FFFD.
            return ((value == 0 ? nil : Unicode.Scalar(value)) ?? "\u{FFFD}", 1 + (radix == 16 ? 1 : 0) + number.count + semicolon)
        }
        let name = text.prefix { $0.isASCII && $0.isLetter }
        guard let scalar = namedReferences[name.lowercased()] else { return nil }
        return (scalar, name.count + (text.dropFirst(name.count).first == ";" ? 1 : 0))
    }
}
