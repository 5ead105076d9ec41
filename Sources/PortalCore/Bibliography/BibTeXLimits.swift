/// The bounds on the work one `.bib` file can ask of the reader.
///
/// Bibliographies arrive in pull requests from strangers, and `@string` concatenation lets a few
/// lines double a value again and again; each bound is far above what a real bibliography needs,
/// and passing one is a `bibtex.too-large` problem at the place, never a crash or a hang.
struct BibTeXLimits: Sendable, Equatable {
    /// The longest value, in UTF-8 bytes after expansion; a longer one is left out.
    var maximumValueBytes = 65_536
    /// The deepest nesting of braces inside one value; a deeper value ends its entry.
    var maximumBraceDepth = 64
    /// The most entries read from one file; reading stops at the next one.
    var maximumEntries = 100_000
    /// The most fields kept of one entry; the rest are left out.
    var maximumFieldsPerEntry = 256
    /// The most bytes `@string` names may expand to over the whole file; reading stops past it,
    /// so that a few doubling definitions used many times cannot fill the memory.
    var maximumExpandedBytes = 16 << 20
}
