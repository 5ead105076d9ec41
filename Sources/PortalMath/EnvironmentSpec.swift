/// What a `\begin{name}` environment is: its layout, its delimiters, whether its lines are numbered.
struct EnvironmentSpec {
    enum Layout: Equatable {
        /// One line, no columns (`equation`).
        case single
        /// Pairs of right- and left-aligned columns (`align`, `aligned`, `split`).
        case align
        /// One centred column (`gather`, `gathered`).
        case gather
        /// Centred columns in text style (the matrices).
        case matrix
        /// Left-aligned columns after a brace (`cases`).
        case cases
        /// Columns from a specification argument (`array`, `subarray`).
        case array
    }

    var layout: Layout
    /// Whether the lines are numbered; nil for an environment that is never numbered (`aligned`).
    var numbered: Bool?
    var open: String?
    var close: String?
    /// Whether the cells are in display style (`aligned`, `dcases`) rather than text style.
    var displayStyle = false
    /// Whether the cells are one script level smaller (`smallmatrix`, `subarray`).
    var smaller = false
    /// Whether it reads a first argument: a column specification (`array`) or a column count (`alignedat`).
    var takesArgument = false
    /// The environment used instead where a numbered one is not allowed (inside another formula).
    var innerName: String?

    static let named: [String: EnvironmentSpec] = {
        var table: [String: EnvironmentSpec] = [
            "equation": EnvironmentSpec(layout: .single, numbered: true, displayStyle: true),
            "equation*": EnvironmentSpec(layout: .single, numbered: false, displayStyle: true),
            "align": EnvironmentSpec(layout: .align, numbered: true, displayStyle: true, innerName: "aligned"),
            "align*": EnvironmentSpec(layout: .align, numbered: false, displayStyle: true, innerName: "aligned"),
            "flalign": EnvironmentSpec(layout: .align, numbered: true, displayStyle: true, innerName: "aligned"),
            "flalign*": EnvironmentSpec(layout: .align, numbered: false, displayStyle: true, innerName: "aligned"),
            "gather": EnvironmentSpec(layout: .gather, numbered: true, displayStyle: true, innerName: "gathered"),
            "gather*": EnvironmentSpec(layout: .gather, numbered: false, displayStyle: true, innerName: "gathered"),
            "multline": EnvironmentSpec(layout: .gather, numbered: true, displayStyle: true, innerName: "gathered"),
            "multline*": EnvironmentSpec(layout: .gather, numbered: false, displayStyle: true, innerName: "gathered"),
            "aligned": EnvironmentSpec(layout: .align, displayStyle: true),
            "alignedat": EnvironmentSpec(layout: .align, displayStyle: true, takesArgument: true),
            "split": EnvironmentSpec(layout: .align, displayStyle: true),
            "gathered": EnvironmentSpec(layout: .gather, displayStyle: true),
            "cases": EnvironmentSpec(layout: .cases, open: "{"),
            "dcases": EnvironmentSpec(layout: .cases, open: "{", displayStyle: true),
            "rcases": EnvironmentSpec(layout: .cases, close: "}"),
            "matrix": EnvironmentSpec(layout: .matrix),
            "pmatrix": EnvironmentSpec(layout: .matrix, open: "(", close: ")"),
            "bmatrix": EnvironmentSpec(layout: .matrix, open: "[", close: "]"),
            "Bmatrix": EnvironmentSpec(layout: .matrix, open: "{", close: "}"),
            "vmatrix": EnvironmentSpec(layout: .matrix, open: "|", close: "|"),
            "Vmatrix": EnvironmentSpec(layout: .matrix, open: "‖", close: "‖"),
            "smallmatrix": EnvironmentSpec(layout: .matrix, smaller: true),
            "array": EnvironmentSpec(layout: .array, takesArgument: true),
            "darray": EnvironmentSpec(layout: .array, displayStyle: true, takesArgument: true),
            "subarray": EnvironmentSpec(layout: .array, smaller: true, takesArgument: true),
        ]
        table["equation"]?.innerName = "equation*"
        return table
    }()

    /// The environments' names, for suggestions.
    static let names: [String] = named.keys.sorted()
}

/// One column of an `array`: its alignment and the lines beside it.
struct ColumnSpec: Equatable {
    var alignment: String
    var lineBefore = false
    var lineAfter = false
}
