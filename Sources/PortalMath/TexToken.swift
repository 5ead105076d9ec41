/// One token of TeX source: what the lexer reads and what macros expand to.
///
/// A token remembers where it came from (`offset`, `length`: UTF-8 bytes in the formula source) so that
/// every error points into the formula the author wrote; a token produced by a macro carries the
/// position of the macro's invocation.
struct TexToken: Equatable {
    /// The kind of a token; a command's name is kept without its backslash.
    enum Kind: Equatable {
        /// `\name` or a control symbol such as `\,` (name `,`).
        case command(String)
        /// Any other character, ASCII or not.
        case character(Unicode.Scalar)
        case beginGroup
        case endGroup
        case alignment
        case superscriptMark
        case subscriptMark
        /// `#1` … `#9` inside a macro body.
        case parameter(Int)
        /// One or more spaces or a single line break; math mode skips it, text mode keeps it.
        case space
        /// `$`, which is not allowed inside a formula except in `\text{…}`.
        case mathShift
        case end
    }

    var kind: Kind
    var offset: Int
    var length: Int

    /// The command's name, or nil for any other token.
    var commandName: String? {
        if case .command(let name) = kind { return name }
        return nil
    }

    func isCharacter(_ scalar: Unicode.Scalar) -> Bool {
        if case .character(let c) = kind { return c == scalar }
        return false
    }
}
