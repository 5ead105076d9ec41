import PortalMarkdown
import PortalMath

extension MarkdownStage {
    /// Renders the formulas of every page's title, once per build, before the bodies (whose
    /// rendering lets go of the lines a title is written on); each formula's problem is an error at
    /// its place in the title's field. A title without `$` or `\` costs one scan of its bytes.
    ///
    /// Returns, for each page, whether this left it as it was given (no formula, no formula to take
    /// away). With `last`, the last run (its `untouchedTitles`, by position in its `given`) and
    /// where each page was in it (`from`): a page given again as the same value,
    /// which the last run left as it was, under the same options, is left as it is without reading
    /// its title, which a preview rebuild read for every page.
    @discardableResult
    func renderTitles(_ pages: inout [Page], last: (run: BodyCache.Run, from: [Int?])? = nil, sink: DiagnosticSink) -> [Bool] {
        var untouched = [Bool](repeating: true, count: pages.count)
        var titled: [Int] = []
        let last = last.flatMap { $0.run.options == optionsKey ? $0 : nil }
        let (from, lastGiven, lastUntouched) = (last?.from ?? [], last?.run.given ?? [], last?.run.untouchedTitles ?? [])
        for position in pages.indices {
            if position < from.count, let old = from[position], lastUntouched[old], pages[position].isSameValue(as: lastGiven[old]) { continue }
            if pages[position].title.utf8.contains(where: { $0 == UInt8(ascii: "$") || $0 == UInt8(ascii: "\\") }) {
                titled.append(position)
                untouched[position] = false
            } else if pages[position].titleMath != nil {
                pages[position].titleMath = nil
                untouched[position] = false
            }
        }
        guard !titled.isEmpty else { return untouched }
        let macros = mathMacros.isEmpty ? [:] : MathConverter.parseMacros(mathMacros).0
        // A living review has thousands of titles with formulas, each independent of the others.
        // The pages are read from a copy that ends with the map, so setting the results copies none.
        let results = { (pages: [Page]) in ParallelMap.map(titled) { Self.titleMath(of: pages[$0], macros: macros) } }(pages)
        for (position, (math, diagnostics)) in zip(titled, results) {
            pages[position].titleMath = math
            sink.add(contentsOf: diagnostics)
        }
        return untouched
    }

    /// The formulas of `page`'s title rendered (nil when it holds none), and their problems, each
    /// at the formula's place in the file when the title's line shows the formula as written (a
    /// YAML value, a BibTeX field, which keep TeX as it is), else at the title's field.
    static func titleMath(of page: Page, macros: [String: MacroDefinition]) -> (MathText?, [Diagnostic]) {
        guard let math = MathText.render(page.title, macros: macros) else { return (nil, []) }
        guard !math.problems.isEmpty, let source = page.source else { return (math, []) }
        let field = page.frontMatter.position(of: "title")
        let diagnostics = math.problems.map { problem -> Diagnostic in
            var place = field
            if let formula = math.formulas.last(where: { $0.column <= problem.column }),
               let found = Self.place(of: formula.tex, in: source, from: field) {
                place = (found.line, found.column + problem.column - formula.column)
            }
            return source.diagnostic(problem.isWarning ? .warning : .error, problem.kind, problem.message,
                                     line: place.line, column: place.column, fix: problem.fix)
        }
        return (math, diagnostics)
    }

    /// Where `formula` is first written in `source`, from `start` on and within the few lines a
    /// title's value may run over.
    private static func place(of formula: String, in source: SourceText, from start: (line: Int, column: Int)) -> (line: Int, column: Int)? {
        for number in start.line..<(start.line + 8) {
            guard let line = source.line(number) else { return nil }
            let searched = number == start.line ? line.dropFirst(max(start.column - 1, 0)) : line[...]
            if let range = searched.range(of: formula) {
                return (number, line.distance(from: line.startIndex, to: range.lowerBound) + 1)
            }
        }
        return nil
    }
}
