/// Character references (`&eta;`, `&#x3C;`) as a browser reads them, for the notebook output sanitizer.
///
/// The sanitizer decodes attribute values with this before it checks them and writes them back with
/// only `&amp;`, `&quot;`, `&lt;` and `&gt;`, so the value it checked is the value a browser reads
/// from its output, whatever the input's references spelled. Only references that end in `;` are
/// read; browsers read some without, and such a reference is written back as plain text, which
/// changes how it shows but never what was checked.
enum CharacterReference {
    /// A reference found in the input.
    struct Match {
        let scalar: Unicode.Scalar
        /// Its length in bytes, from the `&` to the `;`.
        let length: Int
        /// Whether a browser reads it as a character a page may hold: not NUL, a surrogate, a number
        /// past Unicode, a control character other than tab and line feed, or U+FFFE/U+FFFF.
        let isClean: Bool
    }

    /// The reference whose `&` is at `index`, or nil when a browser would show the `&` as it is.
    static func match(_ bytes: [UInt8], at index: Int) -> Match? {
        var cursor = index + 1
        guard cursor < bytes.count else { return nil }
        if bytes[cursor] == UInt8(ascii: "#") {
            cursor += 1
            var radix: UInt32 = 10
            if cursor < bytes.count, bytes[cursor] | 0x20 == UInt8(ascii: "x") {
                radix = 16
                cursor += 1
            }
            var value: UInt32 = 0
            let digitsStart = cursor
            while cursor < bytes.count, let digit = digitValue(bytes[cursor], radix: radix) {
                // Past Unicode's last code point the value only has to stay past it.
                value = min(value * radix + digit, 0x110000)
                cursor += 1
            }
            guard cursor > digitsStart, cursor < bytes.count, bytes[cursor] == UInt8(ascii: ";") else { return nil }
            return numeric(value, length: cursor + 1 - index)
        }
        let nameStart = cursor
        while cursor < bytes.count, cursor - nameStart < 32, isAlphanumeric(bytes[cursor]) { cursor += 1 }
        guard cursor > nameStart, cursor < bytes.count, bytes[cursor] == UInt8(ascii: ";"),
              let code = names[String(decoding: bytes[nameStart..<cursor], as: UTF8.self)], let scalar = Unicode.Scalar(code) else {
            return nil
        }
        return Match(scalar: scalar, length: cursor + 1 - index, isClean: isClean(scalar))
    }

    /// `bytes` with every reference decoded, as a browser reads an attribute's value.
    static func decode(_ bytes: ArraySlice<UInt8>, in all: [UInt8]) -> String {
        guard bytes.contains(UInt8(ascii: "&")) else { return String(decoding: bytes, as: UTF8.self) }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            if all[index] == UInt8(ascii: "&"), let reference = match(all, at: index), index + reference.length <= bytes.endIndex {
                output.append(contentsOf: String(Character(reference.scalar)).utf8)
                index += reference.length
            } else {
                output.append(all[index])
                index += 1
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Whether a page may hold `scalar` as it is (the characters XML allows, but for carriage return).
    static func isClean(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A: true
        case 0x00...0x1F, 0x7F, 0xFFFE, 0xFFFF: false
        default: true
        }
    }

    /// What a browser makes of `&#value;`: U+FFFD for NUL, surrogates and numbers past Unicode, and
    /// the Windows-1252 character for 0x80 to 0x9F, as the HTML standard says.
    private static func numeric(_ value: UInt32, length: Int) -> Match {
        if let mapped = windows1252[value], let scalar = Unicode.Scalar(mapped) {
            return Match(scalar: scalar, length: length, isClean: true)
        }
        guard value != 0, let scalar = Unicode.Scalar(value) else {
            return Match(scalar: "\u{FFFD}", length: length, isClean: false)
        }
        return Match(scalar: scalar, length: length, isClean: isClean(scalar))
    }

    private static let windows1252: [UInt32: UInt32] = [
        0x80: 0x20AC, 0x82: 0x201A, 0x83: 0x0192, 0x84: 0x201E, 0x85: 0x2026, 0x86: 0x2020, 0x87: 0x2021, 0x88: 0x02C6,
        0x89: 0x2030, 0x8A: 0x0160, 0x8B: 0x2039, 0x8C: 0x0152, 0x8E: 0x017D, 0x91: 0x2018, 0x92: 0x2019, 0x93: 0x201C,
        0x94: 0x201D, 0x95: 0x2022, 0x96: 0x2013, 0x97: 0x2014, 0x98: 0x02DC, 0x99: 0x2122, 0x9A: 0x0161, 0x9B: 0x203A,
        0x9C: 0x0153, 0x9E: 0x017E, 0x9F: 0x0178,
    ]

    private static func digitValue(_ byte: UInt8, radix: UInt32) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f") where radix == 16: UInt32(byte - UInt8(ascii: "a")) + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F") where radix == 16: UInt32(byte - UInt8(ascii: "A")) + 10
        default: nil
        }
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        MarkupTokenizer.isLetter(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}
