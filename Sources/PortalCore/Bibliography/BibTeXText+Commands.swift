import Foundation

extension BibTeXText {
    /// An accent command: the combining mark it puts on the next character, and the character it
    /// stands for alone (`\'{}`).
    struct Accent: Sendable {
        let mark: Unicode.Scalar
        let spacing: String
    }

    /// The accents written as a symbol: `\"o`, `\'e`, `` \`a ``, `\^o`, `\~n`, `\=a`, `\.z`.
    static let symbolAccents: [UInt8: Accent] = [
        UInt8(ascii: "\""): Accent(mark: "\u{308}", spacing: "\u{A8}"),
        UInt8(ascii: "'"): Accent(mark: "\u{301}", spacing: "\u{B4}"),
        UInt8(ascii: "`"): Accent(mark: "\u{300}", spacing: "`"),
        UInt8(ascii: "^"): Accent(mark: "\u{302}", spacing: "^"),
        UInt8(ascii: "~"): Accent(mark: "\u{303}", spacing: "~"),
        UInt8(ascii: "="): Accent(mark: "\u{304}", spacing: "\u{AF}"),
        UInt8(ascii: "."): Accent(mark: "\u{307}", spacing: "\u{2D9}"),
    ]

    /// The accents written as a letter, which take their argument in braces or after a space: `\v{c}`, `\c c`.
    static let letterAccents: [String: Accent] = [
        "u": Accent(mark: "\u{306}", spacing: "\u{2D8}"),
        "v": Accent(mark: "\u{30C}", spacing: "\u{2C7}"),
        "H": Accent(mark: "\u{30B}", spacing: "\u{2DD}"),
        "c": Accent(mark: "\u{327}", spacing: "\u{B8}"),
        "k": Accent(mark: "\u{328}", spacing: "\u{2DB}"),
        "r": Accent(mark: "\u{30A}", spacing: "\u{2DA}"),
        // These three have no spacing form of their own: the mark stands on a no-break space.
        "b": Accent(mark: "\u{331}", spacing: "\u{A0}\u{331}"),
        "d": Accent(mark: "\u{323}", spacing: "\u{A0}\u{323}"),
        "t": Accent(mark: "\u{361}", spacing: "\u{A0}\u{361}"),
    ]

    /// Commands that stand for text: letters of other alphabets, punctuation, logos.
    static let symbols: [String: String] = [
        "ss": "ß", "SS": "SS", "o": "ø", "O": "Ø", "aa": "å", "AA": "Å", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ",
        "l": "ł", "L": "Ł", "i": "ı", "j": "ȷ", "dh": "ð", "DH": "Ð", "th": "þ", "TH": "Þ", "ng": "ŋ", "NG": "Ŋ",
        "dj": "đ", "DJ": "Đ",
        "ldots": "…", "dots": "…", "textellipsis": "…", "textendash": "–", "textemdash": "—",
        "textquotedblleft": "“", "textquotedblright": "”", "textquoteleft": "‘", "textquoteright": "’",
        "guillemotleft": "«", "guillemotright": "»", "S": "§", "P": "¶", "pounds": "£", "euro": "€",
        "copyright": "©", "textcopyright": "©", "textregistered": "®", "texttrademark": "™", "dag": "†", "ddag": "‡",
        "textbackslash": "\\", "textasciitilde": "~", "textasciicircum": "^", "textunderscore": "_", "textbar": "|",
        "textless": "<", "textgreater": ">", "textbullet": "•", "textdegree": "°", "textperiodcentered": "·",
        "quad": " ", "qquad": " ", "TeX": "TeX", "LaTeX": "LaTeX", "LaTeXe": "LaTeX2ε", "BibTeX": "BibTeX",
    ]

    /// Commands whose argument is the text: they only change its look, which plain text drops.
    static let styles: Set<String> = [
        "textit", "emph", "textbf", "textrm", "textsf", "texttt", "textsc", "textsl", "textup", "textmd", "textnormal",
        "mbox", "text", "NoCaseChange", "MakeUppercase", "MakeLowercase",
        // Declarations, as in {\em text} and {\bf text}.
        "em", "it", "bf", "rm", "sc", "sf", "tt", "sl", "up", "md", "normalfont", "itshape", "bfseries", "scshape",
        "upshape", "mdseries", "rmfamily", "sffamily", "ttfamily", "slshape", "relax", "protect",
    ]

    /// Control symbols that stand for text: TeX's escapes of its special characters, and spaces.
    static let symbolText: [UInt8: String] = [
        UInt8(ascii: "&"): "&", UInt8(ascii: "%"): "%", UInt8(ascii: "$"): "$", UInt8(ascii: "#"): "#", UInt8(ascii: "_"): "_",
        UInt8(ascii: "{"): "{", UInt8(ascii: "}"): "}", UInt8(ascii: " "): " ", 0x09: " ", 0x0A: " ", 0x0D: " ",
        // A forced line break in a title reads as a space; `\,` (between initials) is a narrow no-break space.
        UInt8(ascii: "\\"): " ", UInt8(ascii: ","): "\u{202F}",
        // Italic correction, a hyphenation point and the end-of-sentence mark print nothing.
        UInt8(ascii: "/"): "", UInt8(ascii: "-"): "", UInt8(ascii: "@"): "",
    ]

    /// Each accent of `symbolAccents` and `letterAccents` on each ASCII letter, composed, where
    /// Unicode has one character for the pair (keyed by the letter's byte, shifted 24 bits, and
    /// the mark): Foundation's normalization, asked once for each pair instead of for every name.
    static let compositions: [UInt32: Unicode.Scalar] = {
        var table: [UInt32: Unicode.Scalar] = [:]
        let marks = Set(symbolAccents.values.map(\.mark) + letterAccents.values.map(\.mark))
        for mark in marks {
            for letter in UInt8(ascii: "A")...UInt8(ascii: "z") where BibTeXBytes.isLetter(letter) {
                let pair = String(Character(Unicode.Scalar(letter))) + String(Character(mark))
                let composed = pair.precomposedStringWithCanonicalMapping.unicodeScalars
                if composed.count == 1, let scalar = composed.first { table[UInt32(letter) << 24 | mark.value] = scalar }
            }
        }
        return table
    }()

    /// Whether `text` is in Unicode's composed form (NFC) as it is, known without normalizing it:
    /// every scalar beyond ASCII is one of `isStable`'s.
    static func isComposed(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { $0.isASCII || isStable($0.value) }
    }

    /// The scalars the decoder writes for accented and special letters and for punctuation that
    /// are their own composed form, never compose with a neighbour and never reorder: Latin-1's
    /// letters and signs, Latin Extended-A and B, and the dashes, quotes and spaces of General
    /// Punctuation (checked against Foundation for every scalar and every pair in the tests).
    static func isStable(_ scalar: UInt32) -> Bool {
        switch scalar {
        case 0xA0...0x24F, 0x2010...0x2027, 0x202F...0x205E: true
        default: false
        }
    }
}
