import PortalMath

/// Converts one formula with a fresh converter.
func convert(_ tex: String, display: Bool = false, macros: [String: MacroDefinition] = [:]) -> MathResult {
    var converter = MathConverter(macros: macros)
    return converter.convert(tex, display: display)
}

/// The presentation part of the output: what is between `<semantics>` and `<annotation`, `readable`.
func presentation(_ tex: String, display: Bool = false) -> String {
    let mathML = readable(convert(tex, display: display).mathML)
    guard let start = mathML.range(of: "<semantics>"), let end = mathML.range(of: "<annotation") else { return mathML }
    return String(mathML[start.upperBound..<end.lowerBound])
}

/// `mathML` with its character references read back as the characters (`&#x3B1;` as `α`): the
/// converter writes every character outside ASCII as a reference, and expectations are easier to
/// read with the characters. The references' form is checked by `MathMLChecker` and the golden corpus.
func readable(_ mathML: String) -> String {
    guard mathML.contains("&#x") else { return mathML }
    var output = ""
    var rest = Substring(mathML)
    while let start = rest.range(of: "&#x") {
        output += rest[..<start.lowerBound]
        let digits = rest[start.upperBound...].prefix { $0.isHexDigit }
        let end = rest.index(start.upperBound, offsetBy: digits.count)
        guard end < rest.endIndex, rest[end] == ";", let value = UInt32(digits, radix: 16), let scalar = Unicode.Scalar(value) else {
            output += rest[start]
            rest = rest[start.upperBound...]
            continue
        }
        output.unicodeScalars.append(scalar)
        rest = rest[rest.index(after: end)...]
    }
    return output + rest
}
