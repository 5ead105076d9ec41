/// What converting one formula gives: the MathML, the errors, and what the page needs for numbering.
public struct MathResult: Sendable {
    /// The `<math>` element, well-formed XML whatever the input; holds `<merror>` only when `failed`.
    public var mathML: String
    /// Every problem found, in source order.
    public var errors: [MathError]
    /// One entry per line of a display formula that can carry a number, in order (empty for inline math
    /// and for display math with no environment, no `\tag` and no `\label`).
    public var equations: [MathEquation]
    /// Every `\ref` and `\eqref`, in order, with where its text is in `mathML`.
    public var references: [MathReference]

    /// Whether any error was found: the integrator reports them and may show `mathML` anyway.
    public var failed: Bool { !errors.isEmpty }

    /// `mathML` with each reference's text replaced by what `numberForLabel` gives for its label
    /// (`(n)` for `\eqref`, `n` for `\ref`), or by `??` where it gives nil.
    ///
    /// The converter already fills in labels defined earlier on the page; this is for labels defined later
    /// (or on other pages): convert the whole page, then resolve with `MathConverter.labelNumbers`.
    public func resolvingReferences(_ numberForLabel: (String) -> String?) -> String {
        guard !references.isEmpty else { return mathML }
        var output = ""
        output.reserveCapacity(mathML.utf8.count + references.count * 8)
        let bytes = Array(mathML.utf8)
        var copied = 0
        for reference in references {
            output += String(decoding: bytes[copied..<reference.outputRange.lowerBound], as: UTF8.self)
            let number = numberForLabel(reference.label) ?? "??"
            MathMLWriter.appendEscaped(reference.kind == .eqref ? "(\(number))" : number, to: &output)
            copied = reference.outputRange.upperBound
        }
        output += String(decoding: bytes[copied...], as: UTF8.self)
        return output
    }
}

/// One line of a display formula that may be numbered: an `equation`, or a row of `align` or `gather`.
public struct MathEquation: Equatable, Sendable {
    /// Whether the line gets an automatic number (a starred environment, `\nonumber` or `\notag` say no).
    public var numbered: Bool
    /// The text given by `\tag{…}` or `\tag*{…}`, which replaces the automatic number.
    public var tag: String?
    /// Whether the tag was `\tag*`, shown without parentheses.
    public var tagIsStarred: Bool
    /// The automatic number the converter gave the line (its page counter), nil when not numbered or tagged.
    public var number: Int?
    /// The text shown at the right of the line, such as `(3)` or `(A)`, nil when nothing is shown.
    public var shownNumber: String?
    /// The `\label{…}`s on this line (at most one is valid; more are reported as errors).
    public var labels: [MathLabel]
}

/// A `\label{name}` and where it is in the formula source.
public struct MathLabel: Equatable, Sendable {
    /// The label's name.
    public var name: String
    /// Byte offset of `\label` in the formula source.
    public var offset: Int
    /// Byte length of `\label{…}`.
    public var length: Int
}

/// A `\ref{name}` or `\eqref{name}`: where it is in the source, and where its text is in the output.
public struct MathReference: Equatable, Sendable {
    /// Which command it was: `\eqref` shows the number in parentheses.
    public enum Kind: Sendable { case ref, eqref }
    /// The label referred to.
    public var label: String
    public var kind: Kind
    /// Byte offset of the command in the formula source.
    public var offset: Int
    /// Byte length of the command and its argument.
    public var length: Int
    /// The bytes of `MathResult.mathML` that hold the shown text (already escaped), inside an `<mtext>`.
    public var outputRange: Range<Int>
    /// Whether the label was known when the formula was converted (defined earlier on the page).
    public var resolved: Bool
}
