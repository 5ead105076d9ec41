/// The rules for page ids, tags and series ids: lower-case ASCII letters, digits and single hyphens.
enum PageID {
    /// Whether `value` is a well-formed id (`python-env`, `step-1`).
    static func isValid(_ value: String) -> Bool {
        // One pass over the bytes: every valid id is ASCII, so no Character or Foundation search is needed.
        var previous: UInt8 = 0x2D  // as if a hyphen stood before the first byte, which may not be one
        for byte in value.utf8 {
            guard (byte >= 97 && byte <= 122) || (byte >= 48 && byte <= 57) || byte == 45 else { return false }
            if byte == 45, previous == 45 { return false }
            previous = byte
        }
        return previous != 0x2D
    }

    /// The nearest valid id to `value` (`Python Env` becomes `python-env`), possibly empty.
    static func suggest(from value: String) -> String {
        var result: [UInt8] = []
        var pendingHyphen = false
        // Lower-cased, the ASCII letters are a to z: no Unicode property needs looking up, and the
        // id is written as bytes.
        for byte in value.lowercased().utf8 {
            if (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
                if pendingHyphen, !result.isEmpty { result.append(UInt8(ascii: "-")) }
                pendingHyphen = false
                result.append(byte)
            } else if byte < 0x80 || byte >= 0xC0 {
                // Any other character (counted at its first byte) stands between words.
                pendingHyphen = true
            }
        }
        return String(decoding: result, as: UTF8.self)
    }
}
