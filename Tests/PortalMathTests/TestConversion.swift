import PortalMath

/// Converts one formula with a fresh converter.
func convert(_ tex: String, display: Bool = false, macros: [String: MacroDefinition] = [:]) -> MathResult {
    var converter = MathConverter(macros: macros)
    return converter.convert(tex, display: display)
}

/// The presentation part of the output: what is between `<semantics>` and `<annotation`.
func presentation(_ tex: String, display: Bool = false) -> String {
    let mathML = convert(tex, display: display).mathML
    guard let start = mathML.range(of: "<semantics>"), let end = mathML.range(of: "<annotation") else { return mathML }
    return String(mathML[start.upperBound..<end.lowerBound])
}
