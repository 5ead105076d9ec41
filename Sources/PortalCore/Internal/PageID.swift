/// The rules for page ids, tags and series ids: lower-case ASCII letters, digits and single hyphens.
enum PageID {
    /// Whether `value` is a well-formed id (`python-env`, `step-1`).
    static func isValid(_ value: String) -> Bool {
        guard !value.isEmpty, value.first != "-", value.last != "-", !value.contains("--") else { return false }
        return value.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 }
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
