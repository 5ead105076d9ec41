import PortalMath

/// Checks that converter output is well-formed XML made only of MathML Core elements and attributes.
///
/// A small parser of its own rather than Foundation's XMLParser, so the test knows exactly what it
/// accepts: elements, attributes in double quotes, the escapes the writer uses (`&amp;`, `&lt;`,
/// `&gt;`, `&quot;` and hexadecimal character references), and text in ASCII only: every character
/// outside ASCII is written as a reference.
enum MathMLChecker {
    static let elements: Set<String> = [
        "math", "semantics", "annotation", "mrow", "mi", "mn", "mo", "mtext", "mspace", "msub", "msup", "msubsup",
        "munder", "mover", "munderover", "mfrac", "msqrt", "mroot", "mtable", "mtr", "mtd", "mstyle", "mpadded",
        "mphantom", "merror",
    ]
    static let attributes: Set<String> = [
        "display", "encoding", "displaystyle", "scriptlevel", "mathvariant", "stretchy", "symmetric", "largeop",
        "movablelimits", "lspace", "rspace", "fence", "separator", "form", "linethickness", "accent", "accentunder",
        "columnspan", "rowspan", "width", "height", "depth", "minsize", "maxsize", "mathcolor", "mathbackground",
        "class",
    ]

    /// A description of the first problem, or nil when the text is well-formed.
    static func problem(in xml: String) -> String? {
        let bytes = Array(xml.utf8)
        var stack: [String] = []
        var index = 0
        func name(at start: Int) -> (String, Int) {
            var end = start
            while end < bytes.count, (bytes[end] >= 97 && bytes[end] <= 122) || bytes[end] == 45 { end += 1 }
            return (String(decoding: bytes[start..<end], as: UTF8.self), end)
        }
        for scalar in xml.unicodeScalars {
            let value = scalar.value
            if (value < 0x20 && value != 9 && value != 10 && value != 13) || (0x7F...0x9F).contains(value) || value == 0xFFFE || value == 0xFFFF {
                return "control character U+\(String(value, radix: 16))"
            }
            if !scalar.isASCII { return "U+\(String(value, radix: 16, uppercase: true)) written as itself, not as a reference" }
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "<") {
                if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "/") {
                    let (closing, end) = name(at: index + 2)
                    guard end < bytes.count, bytes[end] == UInt8(ascii: ">") else { return "bad end tag at \(index)" }
                    guard let open = stack.popLast(), open == closing else { return "</\(closing)> does not close the open element at \(index)" }
                    index = end + 1
                    continue
                }
                let (element, end) = name(at: index + 1)
                guard elements.contains(element) else { return "element <\(element)> is not MathML Core" }
                var position = end
                var seen: Set<String> = []
                while position < bytes.count, bytes[position] == UInt8(ascii: " ") {
                    let (attribute, afterName) = name(at: position + 1)
                    guard attributes.contains(attribute) else { return "attribute \(attribute) on <\(element)>" }
                    guard seen.insert(attribute).inserted else { return "attribute \(attribute) twice on <\(element)>" }
                    guard afterName + 1 < bytes.count, bytes[afterName] == UInt8(ascii: "="), bytes[afterName + 1] == UInt8(ascii: "\"") else {
                        return "attribute \(attribute) without a quoted value"
                    }
                    position = afterName + 2
                    while position < bytes.count, bytes[position] != UInt8(ascii: "\"") {
                        if bytes[position] == UInt8(ascii: "<") { return "< in an attribute value" }
                        if bytes[position] == UInt8(ascii: "&"), let problem = entityProblem(bytes, position) { return problem }
                        position += 1
                    }
                    position += 1
                }
                guard position < bytes.count, bytes[position] == UInt8(ascii: ">") else { return "unterminated start tag <\(element)>" }
                stack.append(element)
                index = position + 1
                continue
            }
            if byte == UInt8(ascii: ">") { return "unescaped > at \(index)" }
            if byte == UInt8(ascii: "&"), let problem = entityProblem(bytes, index) { return problem }
            if stack.isEmpty { return "text outside the root at \(index)" }
            index += 1
        }
        return stack.isEmpty ? nil : "unclosed <\(stack.last ?? "")>"
    }

    private static func entityProblem(_ bytes: [UInt8], _ index: Int) -> String? {
        for entity in ["&amp;", "&lt;", "&gt;", "&quot;"] where bytes[index...].starts(with: entity.utf8) { return nil }
        guard bytes[index...].starts(with: "&#x".utf8) else { return "unknown entity at \(index)" }
        // A character reference: hexadecimal digits in capitals, no leading zero, a character XML allows
        // and one outside ASCII (ASCII is written as itself).
        var end = index + 3
        var value: UInt32 = 0
        while end < bytes.count, end - index < 11, let digit = hexadecimalDigit(bytes[end]) {
            value = value << 4 | UInt32(digit)
            end += 1
        }
        guard end > index + 3, end < bytes.count, bytes[end] == UInt8(ascii: ";"), bytes[index + 3] != UInt8(ascii: "0"),
              let scalar = Unicode.Scalar(value), !scalar.isASCII, !(0x80...0x9F).contains(value), value != 0xFFFE, value != 0xFFFF else {
            return "bad character reference at \(index)"
        }
        return nil
    }

    private static func hexadecimalDigit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
