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
        var result = ""
        var pendingHyphen = false
        for scalar in value.lowercased().unicodeScalars {
            if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                if pendingHyphen, !result.isEmpty { result.append("-") }
                pendingHyphen = false
                result.unicodeScalars.append(scalar)
            } else {
                pendingHyphen = true
            }
        }
        return result
    }
}
