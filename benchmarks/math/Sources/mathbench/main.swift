import PortalMath

// Converts the formulas read from standard input (one a line, `i ` for inline and `d ` for display
// math) as the benchmark corpus's pages hold them: 4 inline and 1 displayed a page, one converter
// a page, for PAGES pages. Prints a checksum of the MathML, so that a faster converter is seen to
// write the same bytes.
func run(pages: Int) -> UInt64 {
    var inline: [String] = []
    var displayed: [String] = []
    while let line = readLine() {
        if line.hasPrefix("i ") { inline.append(String(line.dropFirst(2))) }
        if line.hasPrefix("d ") { displayed.append(String(line.dropFirst(2))) }
    }
    guard !inline.isEmpty, !displayed.isEmpty else { return 0 }
    var checksum: UInt64 = 14_695_981_039_346_656_037
    func add(_ mathML: String) {
        for byte in mathML.utf8 { checksum = (checksum ^ UInt64(byte)) &* 1_099_511_628_211 }
    }
    for page in 0..<pages {
        var converter = MathConverter()
        for slot in 0..<4 { add(converter.convert(inline[(page * 4 + slot) % inline.count], display: false).mathML) }
        add(converter.convert(displayed[page % displayed.count], display: true).mathML)
    }
    return checksum
}

print(run(pages: CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 1000 : 1000))
