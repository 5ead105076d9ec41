import Foundation
import PortalMath

/// The formulas of one document while it is rendered: where each stands, its conversion to
/// MathML, and the problems, equation numbers and anchors that come of it.
///
/// `MarkdownRenderer` finds them (`MathSpans`), lets cmark-gfm parse the masked text, and hands
/// each placeholder it meets back here, in document order, to be converted or written back.
struct MathFormulas {
    let spans: [MathSpans.Span]
    /// The original text's bytes.
    private let bytes: [UInt8]
    /// The 1-based line each formula starts on.
    private let lines: [Int]
    /// How many filler bytes follow the marker in each formula's placeholder.
    private let fillers: [Int]
    private var converter: MathConverter
    /// Each converted formula's result and whether it was shown as display math, by formula.
    private(set) var results: [(result: MathResult, display: Bool)?]
    /// The order formulas were converted in.
    private(set) var converted: [Int] = []
    /// The `math` code blocks converted, with the line of their first TeX line.
    private(set) var fenced: [(result: MathResult, firstLine: Int, tex: String)] = []
    /// Where the scan stopped looking for formulas (see `MathSpans.stoppedAt`).
    private var scanStoppedAt: Int?

    /// The formulas of `text`, or nil when it has none.
    init?(text: String, macros: [String: MacroDefinition]) {
        guard Self.mayHoldMath(text) else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + 1)
        bytes += text.utf8
        bytes.append(0x0A)
        let found = bytes.withUnsafeBufferPointer { MathSpans(inTextEndedByLineBreak: $0) }
        guard !found.spans.isEmpty || found.stoppedAt != nil else { return nil }
        bytes.removeLast()
        self.init(spans: found.spans, bytes: bytes, macros: macros)
        scanStoppedAt = found.stoppedAt
    }

    /// A document without formulas in its text, for its `math` code blocks.
    init(macros: [String: MacroDefinition]) {
        self.init(spans: [], bytes: [], macros: macros)
    }

    private init(spans: [MathSpans.Span], bytes: [UInt8], macros: [String: MacroDefinition]) {
        self.spans = spans
        self.bytes = bytes
        results = Array(repeating: nil, count: spans.count)
        lines = bytes.withUnsafeBufferPointer { bytes in
            // Line breaks are found with memchr: lines are long next to bytes.
            var line = 1
            var offset = 0
            var lines: [Int] = []
            lines.reserveCapacity(spans.count)
            for span in spans {
                while let base = bytes.baseAddress, offset < span.range.lowerBound,
                      let found = memchr(base + offset, 0x0A, span.range.lowerBound - offset) {
                    line += 1
                    offset = base.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
                }
                offset = max(offset, span.range.lowerBound)
                lines.append(line)
            }
            return lines
        }
        converter = MathConverter(macros: macros)
        fillers = bytes.withUnsafeBufferPointer { bytes in spans.map { MathSpans.fillerCount(of: $0, in: bytes) } }
    }

    /// The text with every formula replaced by its placeholder: the text's bytes, each formula's
    /// overwritten in place (a placeholder has its formula's length), made a `String` once.
    func maskedText() -> String {
        var masked = bytes
        masked.withUnsafeMutableBufferPointer { MathSpans(spans: spans).mask($0) }
        return String(decoding: masked, as: UTF8.self)
    }

    /// Whether formula `index` is display math: `\[…\]`, or `$$…$$` standing on lines of its own
    /// (only spaces and the marks of quotes before it, only spaces after it).
    func isDisplay(_ index: Int) -> Bool {
        let span = spans[index]
        switch span.delimiter {
        case .bracket: return true
        case .doubleDollar: break
        default: return false
        }
        var before = span.range.lowerBound - 1
        while before >= 0, bytes[before] != 0x0A {
            guard bytes[before] == 0x20 || bytes[before] == 0x09 || bytes[before] == UInt8(ascii: ">") else { return false }
            before -= 1
        }
        var after = span.range.upperBound
        while after < bytes.count, bytes[after] != 0x0A {
            guard bytes[after] == 0x20 || bytes[after] == 0x09 else { return false }
            after += 1
        }
        return true
    }

    /// Whether `text` holds a `$`, `\(` or `\[`: the check every body pays.
    private static func mayHoldMath(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return false }
            if memchr(base, Int32(UInt8(ascii: "$")), bytes.count) != nil { return true }
            var start = 0
            while start < bytes.count, let found = memchr(base + start, Int32(UInt8(ascii: "\\")), bytes.count - start) {
                let next = base.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
                if next < bytes.count, bytes[next] == UInt8(ascii: "(") || bytes[next] == UInt8(ascii: "[") { return true }
                start = next
            }
            return false
        }
    }

    /// How many formulas the text holds.
    var count: Int { spans.count }

    /// The first formula that starts on `line` or after it (a block's first formula), or `spans.count`.
    func first(onOrAfterLine line: Int) -> Int {
        var low = 0, high = lines.count
        while low < high {
            let middle = (low + high) / 2
            if lines[middle] < line { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Formula `index` as written, delimiters included.
    func source(_ index: Int) -> String {
        String(decoding: bytes[spans[index].range], as: UTF8.self)
    }

    /// The TeX of formula `index`. In a block quote, the quote marks that start its later lines
    /// are not TeX: they become spaces, so every offset in the TeX stays an offset in the text.
    func tex(_ index: Int) -> String {
        withTeX(index) { String(decoding: $0, as: UTF8.self) }
    }

    /// Calls `body` with the bytes of `tex(index)`: the text's own, unless quote marks must be taken out.
    func withTeX<Result>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        Self.withTeX(of: spans[index], in: bytes, body)
    }

    /// `withTeX` for `span` of `bytes`: static, so that a conversion can read the text's bytes while
    /// it changes the converter.
    private static func withTeX<Result>(of span: MathSpans.Span, in bytes: [UInt8], _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        guard let quoted = quotedTeX(of: span, in: bytes) else { return bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[span.tex])) } }
        return quoted.withUnsafeBufferPointer(body)
    }

    /// The TeX of `span` with the quote marks that start its later lines made spaces; nil when it
    /// has none (it is on one line, or not in a block quote).
    private static func quotedTeX(of span: MathSpans.Span, in bytes: [UInt8]) -> [UInt8]? {
        // Only the later lines of a formula can start with quote marks.
        guard bytes.withUnsafeBufferPointer({ MathSpans.holdsLineBreak($0, span.tex) }) else { return nil }
        var depth = 0
        var before = span.range.lowerBound - 1
        while before >= 0, bytes[before] != 0x0A {
            if bytes[before] == UInt8(ascii: ">") { depth += 1 }
            before -= 1
        }
        guard depth > 0 else { return nil }
        var tex = Array(bytes[span.tex])
        var index = 0
        while index < tex.count {
            defer { index += 1 }
            guard tex[index] == 0x0A else { continue }
            var marks = 0
            var next = index + 1
            while next < tex.count, marks < depth, tex[next] == 0x20 || tex[next] == 0x09 || tex[next] == UInt8(ascii: ">") {
                if tex[next] == UInt8(ascii: ">") {
                    marks += 1
                    tex[next] = 0x20
                }
                next += 1
            }
        }
        return tex
    }

    /// How many filler bytes follow the marker in formula `index`'s placeholder.
    func fillerCount(_ index: Int) -> Int {
        fillers[index]
    }

    /// One thing to convert, in document order: a formula of the text, or a `math` code block.
    enum Item {
        case span(Int)
        case block(tex: String, firstLine: Int)
    }

    /// Converts every formula and `math` code block of `items`, in their order.
    mutating func convert(_ items: [Item]) {
        for item in items {
            switch item {
            case .span(let index): convert(index, display: isDisplay(index))
            case .block(let tex, let firstLine): _ = convertFenced(tex, firstLine: firstLine)
            }
        }
    }

    /// Converts formula `index`, in document order: a `\newcommand` applies to the formulas after
    /// it, and display lines are numbered across the document.
    mutating func convert(_ index: Int, display: Bool) {
        // The TeX is read in place from the text's bytes, without a `String` for it.
        let result = Self.withTeX(of: spans[index], in: bytes) { converter.convert(utf8: $0, display: display) }
        results[index] = (result, display)
        converted.append(index)
    }

    /// Converts the TeX of a `math` code block (display math) whose first TeX line is `firstLine`;
    /// returns its number among the document's code blocks.
    mutating func convertFenced(_ tex: String, firstLine: Int) -> Int {
        fenced.append((converter.convert(tex, display: true), firstLine, tex))
        return fenced.count - 1
    }

    /// The MathML of formula `index`, with references to labels anywhere in the document filled in.
    func mathML(_ index: Int) -> String {
        // Read in place: binding the entry would retain and release every array of its result.
        guard results[index]?.result.references.isEmpty == false else { return results[index]?.result.mathML ?? "" }
        return results[index]?.result.resolvingReferences { converter.labelNumbers[$0] } ?? ""
    }

    /// `text` (plain text holding placeholders, the first for formula `firstFormula`) as HTML: the
    /// text escaped, each placeholder its formula's MathML. Escaping first leaves the placeholders
    /// as they are.
    func html(ofText text: String, firstFormula: Int) -> String {
        restoring(MarkdownRenderer.escapedHTML(text), indices: firstFormula..<spans.count) { mathML($0) }.text
    }

    /// The MathML of `math` code block `index`, references filled in.
    func fencedMathML(_ index: Int) -> String {
        fenced[index].result.resolvingReferences { converter.labelNumbers[$0] }
    }

    /// The anchors of `math` code block `index`'s labels.
    func fencedAnchors(_ index: Int) -> [String] {
        fenced[index].result.equations.flatMap(\.labels).map { Self.anchor(ofLabel: $0.name) }
    }

    /// The anchor id of a label: `eq:energy` is `eq-energy`.
    static func anchor(ofLabel label: String) -> String {
        String(label.unicodeScalars.map { scalar -> Character in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "-" || scalar == "_") ? Character(scalar) : "-"
        }).lowercased()
    }

    /// The anchors of formula `index`'s labels.
    func anchors(_ index: Int) -> [String] {
        (results[index]?.result.equations ?? []).flatMap(\.labels).map { Self.anchor(ofLabel: $0.name) }
    }

    /// The anchors of the labels of the formulas `indices` and of every `math` code block.
    func anchors(of indices: [Int]) -> [String] {
        var anchors: [String] = []
        // Most formulas have no numbered line, let alone a label: passed over without an array.
        for index in indices where results[index]?.result.equations.isEmpty == false { anchors += self.anchors(index) }
        for index in fenced.indices { anchors += fencedAnchors(index) }
        return anchors
    }

    /// Every anchor the document's equations have, and the number each shows (`(3)`).
    var numbersByAnchor: [String: String] {
        var numbers: [String: String] = [:]
        for (label, number) in converter.labelNumbers { numbers[Self.anchor(ofLabel: label)] = "(\(number))" }
        return numbers
    }

    /// The problems of every converted formula, at their line and character column in the text.
    func problems() -> [MarkdownProblem] {
        var problems: [MarkdownProblem] = []
        if let stopped = scanStoppedAt {
            let (line, column) = position(ofByte: stopped)
            problems.append(MarkdownProblem(
                kind: "math.too-many-openers", line: line, column: column,
                message: "this page opens too many formulas, code spans or links that never close ('$', '\\(', '`', '](' …): "
                    + "formulas from here on are not looked for and show as their TeX",
                fix: "write a dollar that is not math as \\$, and close or remove what is opened and never closed"))
        }
        for index in converted {
            guard let result = results[index]?.result, !result.errors.isEmpty || !result.references.isEmpty else { continue }
            let start = spans[index].tex.lowerBound
            problems += self.problems(of: result) { position(ofByte: start + $0) }
        }
        for block in fenced {
            let tex = Array(block.tex.utf8)
            problems += self.problems(of: block.result) { offset in
                let position = Self.position(ofByte: offset, in: tex)
                return (block.firstLine + position.line - 1, position.column)
            }
        }
        return problems.sorted { ($0.line, $0.column) < ($1.line, $1.column) }
    }

    private func problems(of result: MathResult, at position: (Int) -> (line: Int, column: Int)) -> [MarkdownProblem] {
        var problems: [MarkdownProblem] = []
        for error in result.errors {
            let (line, column) = position(error.offset)
            let hint = [error.suggestion.map { "did you mean '\($0)'?" }, error.fix].compactMap { $0 }.joined(separator: " or ")
            problems.append(MarkdownProblem(kind: "math.\(error.kind.rawValue)", line: line, column: column, message: error.message,
                                            fix: hint.isEmpty ? "see the math section of the editor's guide" : hint))
        }
        for reference in result.references where converter.labelNumbers[reference.label] == nil {
            let (line, column) = position(reference.offset)
            problems.append(MarkdownProblem(kind: "math.unknown-label", line: line, column: column,
                                            message: "no equation on this page has \\label{\(reference.label)}",
                                            fix: "add \\label{\(reference.label)} to the equation, or correct the name"))
        }
        return problems
    }

    /// The 1-based line and character column of a byte offset in the text.
    private func position(ofByte offset: Int) -> (line: Int, column: Int) {
        Self.position(ofByte: offset, in: bytes)
    }

    private static func position(ofByte offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
        let clamped = min(max(offset, 0), bytes.count)
        var line = 1
        var lineStart = 0
        for index in 0..<clamped where bytes[index] == 0x0A {
            line += 1
            lineStart = index + 1
        }
        // Characters as every other diagnostic counts them: a combining mark is part of the one before it.
        var start = clamped
        while start > lineStart, start < bytes.count, bytes[start] & 0xC0 == 0x80 { start -= 1 }
        return (line, String(decoding: bytes[lineStart..<start], as: UTF8.self).count + 1)
    }
}
