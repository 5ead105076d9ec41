/// What reading one `.bib` file gave: its entries in the order written, and every problem found.
///
/// Reading never stops at the first problem: an entry that breaks is left out with a problem at the
/// place it breaks, and reading goes on at the next line that starts with `@`.
struct BibTeXFile: Sendable, Equatable {
    /// The entries read whole, in file order (not `@string`, `@preamble` or `@comment`).
    var entries: [BibTeXEntry]
    /// Errors and warnings, in file order.
    var problems: [BibTeXProblem]

    /// The entry with `key`, compared as written.
    func entry(_ key: String) -> BibTeXEntry? {
        entries.first { $0.key == key }
    }
}

/// One entry of a `.bib` file, such as `@article{key, title = {…}}`.
struct BibTeXEntry: Sendable, Equatable {
    /// The entry type, lower-cased: `article`, `inproceedings`, `misc`, `software`, `dataset`, …
    let type: String
    /// The citation key, as written.
    let key: String
    /// Where the entry's `@` is.
    let position: FilePosition
    /// Where the key starts.
    let keyPosition: FilePosition
    /// The fields in the order written; of a field written twice only the first is here.
    var fields: [BibTeXField]

    /// The field called `name` (field names are case-insensitive), if the entry has one.
    func field(_ name: String) -> BibTeXField? {
        let name = name.lowercased()
        return fields.first { $0.name == name }
    }
}

/// One `name = value` of an entry.
struct BibTeXField: Sendable, Equatable {
    /// The field's name, lower-cased.
    let name: String
    /// The value with `@string` names expanded and `#` pieces joined, its outer braces or quotes
    /// removed and the white space at its two ends dropped.
    ///
    /// Everything else is kept as written, inner braces, TeX and line breaks included, so that a
    /// byte offset into a value written as one piece is an offset from `valuePosition` in the file;
    /// `BibTeXText` decodes the TeX (and folds white space) and `BibTeXNames` splits name lists.
    let value: String
    /// Where the field's name starts.
    let namePosition: FilePosition
    /// Where the value's first character is: inside the opening brace or quote, past the white space
    /// that follows it (at the `@string` name or number when the value starts with one).
    let valuePosition: FilePosition
}
