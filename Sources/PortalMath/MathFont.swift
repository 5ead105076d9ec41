/// A math alphabet (`\mathbf`, `\mathcal`, …) and how its letters are written in MathML Core.
///
/// MathML Core honours `mathvariant` only as `normal` on a single-letter `<mi>`; every other alphabet is
/// written with the letters of Unicode's Mathematical Alphanumeric Symbols block, as Temml does.
enum MathFont: Equatable {
    /// The default: single letters italic, everything else upright.
    case normal
    case roman
    case bold
    case italic
    case boldItalic
    case script
    case boldScript
    case fraktur
    case boldFraktur
    case doubleStruck
    case sansSerif
    case sansSerifBold
    case sansSerifItalic
    case monospace

    /// Whether letters in this alphabet are joined into one `<mi>` (`\mathrm{TeV}`, `\mathbf{xy}`).
    var joinsLetters: Bool { self != .normal }

    /// Whether this alphabet writes the Latin letters as they are.
    var keepsLatinLetters: Bool { latinBase == nil }

    /// Whether this alphabet writes the digits as they are.
    var keepsDigits: Bool { digitBase == nil }

    /// The letter or digit `scalar` in this alphabet, or `scalar` itself when the alphabet has no such letter.
    func map(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        let value = scalar.value
        switch value {
        case 0x41...0x5A: return latin(value - 0x41, lowercase: false) ?? scalar
        case 0x61...0x7A: return latin(value - 0x61, lowercase: true) ?? scalar
        case 0x30...0x39:
            guard let base = digitBase else { return scalar }
            return Unicode.Scalar(base + value - 0x30) ?? scalar
        case 0x391...0x3A9, 0x3B1...0x3C9, 0x3D1, 0x3D5, 0x3D6, 0x3F0, 0x3F1, 0x3F5, 0x2207, 0x2202:
            return greek(value) ?? scalar
        default:
            return scalar
        }
    }

    /// Letters missing from the block because they were already in Letterlike Symbols.
    private static let holes: [UInt32: UInt32] = [
        0x1D455: 0x210E,  // italic h
        0x1D49D: 0x212C, 0x1D4A0: 0x2130, 0x1D4A1: 0x2131, 0x1D4A3: 0x210B, 0x1D4A4: 0x2110, 0x1D4A7: 0x2112,
        0x1D4A8: 0x2133, 0x1D4AD: 0x211B, 0x1D4BA: 0x212F, 0x1D4BC: 0x210A, 0x1D4C4: 0x2134,  // script
        0x1D506: 0x212D, 0x1D50B: 0x210C, 0x1D50C: 0x2111, 0x1D515: 0x211C, 0x1D51D: 0x2128,  // fraktur
        0x1D53A: 0x2102, 0x1D53F: 0x210D, 0x1D545: 0x2115, 0x1D547: 0x2119, 0x1D548: 0x211A, 0x1D549: 0x211D,
        0x1D551: 0x2124,  // double-struck
    ]

    private var latinBase: UInt32? {
        switch self {
        case .normal, .roman: return nil
        case .bold: return 0x1D400
        case .italic: return 0x1D434
        case .boldItalic: return 0x1D468
        case .script: return 0x1D49C
        case .boldScript: return 0x1D4D0
        case .fraktur: return 0x1D504
        case .doubleStruck: return 0x1D538
        case .boldFraktur: return 0x1D56C
        case .sansSerif: return 0x1D5A0
        case .sansSerifBold: return 0x1D5D4
        case .sansSerifItalic: return 0x1D608
        case .monospace: return 0x1D670
        }
    }

    private var digitBase: UInt32? {
        switch self {
        case .bold, .boldItalic: return 0x1D7CE
        case .doubleStruck: return 0x1D7D8
        case .sansSerif, .sansSerifItalic: return 0x1D7E2
        case .sansSerifBold: return 0x1D7EC
        case .monospace: return 0x1D7F6
        default: return nil
        }
    }

    private func latin(_ index: UInt32, lowercase: Bool) -> Unicode.Scalar? {
        guard let base = latinBase else { return nil }
        let code = base + index + (lowercase ? 26 : 0)
        return Unicode.Scalar(Self.holes[code] ?? code)
    }

    /// Greek in bold (upright), italic, bold italic and sans-serif bold; other alphabets keep Greek as is.
    private func greek(_ value: UInt32) -> Unicode.Scalar? {
        let base: UInt32
        switch self {
        case .bold: base = 0x1D6A8
        case .italic: base = 0x1D6E2
        case .boldItalic: base = 0x1D71C
        case .sansSerifBold: base = 0x1D756
        default: return nil
        }
        let offset: UInt32
        switch value {
        case 0x391...0x3A9: offset = value - 0x391
        case 0x2207: offset = 25
        case 0x3B1...0x3C9: offset = 26 + value - 0x3B1
        case 0x2202: offset = 51
        case 0x3F5: offset = 52
        case 0x3D1: offset = 53
        case 0x3F0: offset = 54
        case 0x3D5: offset = 55
        case 0x3F1: offset = 56
        case 0x3D6: offset = 57
        default: return nil
        }
        return Unicode.Scalar(base + offset)
    }
}
