/// `\begin{…}…\end{…}`: numbered lines, aligned columns, matrices, cases and arrays.
extension MathParser {
    /// A row of an environment as parsed: its cells and whether a line is drawn above it.
    struct ParsedRow {
        var cells: [MathNode]
        var lineAbove: Bool
    }

    mutating func readEnvironmentName(after token: TexToken) -> String? {
        readTextArgument(for: token)?.text
    }

    mutating func parseEnvironment(_ begin: TexToken) -> MathNode? {
        guard let name = readEnvironmentName(after: begin) else { return nil }
        var spec: EnvironmentSpec
        if let known = EnvironmentSpec.named[name] {
            spec = known
        } else {
            report(.unknownEnvironment, begin, "unknown environment \(name)",
                   suggestion: CommandSuggester.closest(to: name, among: EnvironmentSpec.names),
                   fix: "use a supported environment such as aligned, gathered, cases, pmatrix or array")
            spec = EnvironmentSpec(layout: .matrix)
        }
        var numbered: Bool?
        if let specNumbered = spec.numbered {
            // Depth 1 is this `\begin` itself: the environment is not inside anything else.
            if display && depth == 1 && !numberedEnvironmentUsed {
                numbered = specNumbered
                numberedEnvironmentUsed = true
            } else {
                let place = display ? "as the whole formula (once)" : "in display math"
                report(.misplacedEnvironment, begin, "\(name) is only allowed \(place)", suggestion: spec.innerName,
                       fix: "use \(spec.innerName ?? "aligned") inside another formula")
            }
        }
        var columns: [ColumnSpec]?
        if spec.takesArgument, let (argument, span) = readTextArgument(for: begin), spec.layout == .array {
            columns = parseColumnSpec(argument, span)
        }
        guard enter(begin) else {
            skipGroup()
            return nil
        }
        let firstEquation = equations.count
        let (rows, lineBelow) = parseRows(name: name, spec: spec, begin: begin, numbered: numbered)
        depth -= 1
        if name.hasPrefix("multline"), numbered != nil, equations.count > firstEquation + 1 {
            // One formula broken over lines: only its last line is numbered.
            for line in firstEquation..<(equations.count - 1) { equations[line].numbered = false }
        }
        if let columns, let widest = rows.map(\.cells.count).max(), widest > columns.count {
            report(.badColumnSpec, begin, "a row has \(widest) cells but the column specification has \(columns.count) column\(columns.count == 1 ? "" : "s")",
                   fix: "add columns to the specification or remove a &")
        }
        let styles = Self.columnStyles(spec, columns: columns, count: rows.map(\.cells.count).max() ?? 1)
        if numbered != nil {
            let cells = spec.layout == .single ? [[row(rows.flatMap(\.cells))]] : rows.map(\.cells)
            return tree.equations(EquationLayout(rows: cells, columnStyles: styles, firstEquation: firstEquation, isSingleLine: spec.layout == .single))
        }
        if spec.layout == .single { return row(rows.flatMap(\.cells)) }
        var tableRows: [MathNode] = []
        for (index, row) in rows.enumerated() {
            var cells: [MathNode] = []
            for (column, cell) in row.cells.enumerated() {
                var style = column < styles.count ? styles[column] : nil
                if row.lineAbove { style = Self.joined(style, "tex-bt") }
                if lineBelow && index == rows.count - 1 { style = Self.joined(style, "tex-bb") }
                cells.append(element(.mtd, style.map { [MathAttribute(.className, $0)] } ?? [], [cell]))
            }
            tableRows.append(element(.mtr, [], cells))
        }
        var attributes = [MathAttribute(.displaystyle, spec.displayStyle ? "true" : "false")]
        if spec.smaller { attributes.append(MathAttribute(.scriptlevel, "1")) }
        var table = element(.mtable, attributes, tableRows)
        if EnvironmentSpec.named[name] == nil { table = element(.merror, [], [table]) }
        guard spec.open != nil || spec.close != nil else { return table }
        var children: [MathNode] = []
        if let open = spec.open { children.append(fence(open, form: "prefix")) }
        children.append(table)
        if let close = spec.close { children.append(fence(close, form: "postfix")) }
        return element(.mrow, [], children)
    }

    /// Parses rows and cells up to `\end{name}`; returns them and whether a line is drawn below the last.
    private mutating func parseRows(name: String, spec: EnvironmentSpec, begin: TexToken, numbered: Bool?) -> ([ParsedRow], Bool) {
        let savedEquation = currentEquation
        defer { currentEquation = savedEquation }
        let allowsColumns = spec.layout != .single && spec.layout != .gather
        let allowsRows = spec.layout != .single
        var rows: [ParsedRow] = []
        var cells: [MathNode] = []
        var cell: [MathNode] = []
        var lineAbove = startRow(numbered: numbered)
        reading: while true {
            tableDepth += 1
            cell += parseList()
            tableDepth -= 1
            let token = stream.next()
            let terminator = terminator(of: token) ?? .endOfInput
            switch terminator {
            case .alignment where allowsColumns:
                cells.append(row(cell))
                cell = []
            case .rowBreak where allowsRows:
                _ = stream.readRawOptional()
                cells.append(row(cell))
                rows.append(ParsedRow(cells: cells, lineAbove: lineAbove))
                cells = []
                cell = []
                lineAbove = startRow(numbered: numbered)
            case .endEnvironment:
                let endName = readEnvironmentName(after: token) ?? ""
                if endName != name {
                    report(.environmentMismatch, token, "\\begin{\(name)} is ended by \\end{\(endName)}", fix: "write \\end{\(name)}")
                }
                break reading
            default:
                if terminator == .endOfInput || isTakenOutside(terminator) {
                    report(.environmentMismatch, begin, "\\begin{\(name)} is never ended", fix: "add \\end{\(name)} where it ends")
                    stream.giveBack(token)
                    break reading
                }
                if terminator == .alignment {
                    report(.misplacedAlignment, token, "& is not allowed in \(name), which has one column", fix: "use align or aligned for aligned columns")
                } else if terminator == .rowBreak {
                    report(.misplacedRowBreak, token, "\\\\ is not allowed in \(name), which has one line", fix: "use gather, align or multline for several lines")
                } else {
                    reportMisplaced(token, terminator)
                }
            }
        }
        cells.append(row(cell))
        rows.append(ParsedRow(cells: cells, lineAbove: lineAbove))
        // A `\\` before `\end` ends the last line; it does not start an empty one.
        var lineBelow = false
        if rows.count > 1, let last = rows.last, last.cells.count == 1, isEmpty(last.cells[0]) {
            lineBelow = last.lineAbove
            rows.removeLast()
            if numbered != nil, let lastEquation = equations.last, lastEquation.isEmpty {
                equations.removeLast()
            }
        }
        return (rows, lineBelow)
    }

    /// Starts a row: a new numbered line if the environment numbers them, and any `\hline`s.
    private mutating func startRow(numbered: Bool?) -> Bool {
        if let numbered {
            equations.append(ParsedEquation(numbered: numbered))
            currentEquation = equations.count - 1
        }
        var line = false
        while true {
            let token = stream.next()
            if case .space = token.kind { continue }
            if token.commandName == "hline" || token.commandName == "hdashline" {
                line = true
                continue
            }
            stream.giveBack(token)
            return line
        }
    }

    private func isEmpty(_ node: MathNode) -> Bool {
        tree.name(of: node) == .mrow && tree.children(of: node)?.isEmpty == true
    }

    static func joined(_ classes: String?, _ addition: String) -> String {
        guard let classes else { return addition }
        return classes + " " + addition
    }

    /// A cell's alignment class (`tex-left`, `tex-right`, `tex-center`).
    static func textAlign(_ alignment: String) -> String {
        "tex-\(alignment)"
    }

    static func columnStyles(_ spec: EnvironmentSpec, columns: [ColumnSpec]?, count: Int) -> [String?] {
        switch spec.layout {
        case .align:
            return (0..<count).map { column in
                column % 2 == 0
                    ? Self.textAlign("right") + " tex-pr0" + (column > 0 ? " tex-pl2" : "")
                    : Self.textAlign("left") + " tex-pl0"
            }
        case .cases:
            return (0..<count).map { column in column == 0 ? Self.textAlign("left") : Self.textAlign("left") + " tex-pl1" }
        case .array:
            return (columns ?? []).map { column in
                var style = Self.textAlign(column.alignment)
                if column.lineBefore { style += " tex-bl" }
                if column.lineAfter { style += " tex-br" }
                return style
            }
        case .single, .gather, .matrix:
            return []
        }
    }

    /// Reads an array's column specification: `l`, `c`, `r`, and `|` between or around them.
    /// Nil (reported) when the specification is not understood; the columns are then centred.
    private mutating func parseColumnSpec(_ text: String, _ span: TexToken) -> [ColumnSpec]? {
        var columns: [ColumnSpec] = []
        var lineBefore = false
        for scalar in text.unicodeScalars {
            switch scalar {
            case "l", "c", "r":
                columns.append(ColumnSpec(alignment: scalar == "l" ? "left" : scalar == "r" ? "right" : "center", lineBefore: lineBefore))
                lineBefore = false
            case "|", ":":
                if columns.isEmpty { lineBefore = true } else { columns[columns.count - 1].lineAfter = true }
            case " ":
                continue
            default:
                report(.badColumnSpec, span, "“\(scalar)” is not a column type in “\(text)”", fix: "write the columns with l, c, r and |")
                return nil
            }
        }
        if columns.isEmpty {
            report(.badColumnSpec, span, "the column specification “\(text)” has no column", fix: "write the columns with l, c, r and |, such as {c|c}")
            return nil
        }
        return columns
    }

    /// `\substack{a \\ b}`: lines stacked in one centred column.
    mutating func parseSubstack(_ command: TexToken) -> MathNode {
        var open = stream.next()
        while case .space = open.kind { open = stream.next() }
        guard case .beginGroup = open.kind else {
            stream.giveBack(open)
            report(.missingArgument, command, "\\substack needs its lines in braces")
            return row([])
        }
        guard enter(open) else {
            skipGroup()
            return row([])
        }
        defer { depth -= 1 }
        var rows: [MathNode] = []
        var cell: [MathNode] = []
        while true {
            tableDepth += 1
            cell += parseList()
            tableDepth -= 1
            let token = stream.next()
            let terminator = terminator(of: token) ?? .endOfInput
            if terminator == .rowBreak {
                rows.append(element(.mtr, [], [element(.mtd, [], [row(cell)])]))
                cell = []
                continue
            }
            if terminator == .closeBrace { break }
            if terminator == .endOfInput || isTakenOutside(terminator) {
                report(.unbalancedBrace, open, "this { is never closed", fix: "add a } after the last line")
                stream.giveBack(token)
                break
            }
            reportMisplaced(token, terminator)
        }
        rows.append(element(.mtr, [], [element(.mtd, [], [row(cell)])]))
        return element(.mtable, [MathAttribute(.displaystyle, "false")], rows)
    }
}
