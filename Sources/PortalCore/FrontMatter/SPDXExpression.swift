/// A resource's `license:`, checked as an SPDX licence expression (SPDX 2.3, annex D): licence
/// identifiers (`MIT`, `Apache-2.0`, `GPL-2.0-or-later`, `LicenseRef-NAME`), each optionally with a
/// `+`, joined by `AND` and `OR`, an exception after `WITH`, and parentheses.
///
/// Only the form is checked: the SPDX list is not at hand offline, and a licence published after
/// this code was written must still be accepted. The usual ways of writing a licence in words
/// (`Apache 2.0`, `MIT License`) are not expressions, and get the identifier they mean as the fix.
enum SPDXExpression {
    /// Why `text` is not an expression, with the fix, or nil when it is one.
    static func problem(in text: String) -> (message: String, fix: String)? {
        let tokens = tokenize(text)
        let generalFix = "write an SPDX identifier such as MIT, Apache-2.0, BSD-3-Clause or GPL-3.0-or-later (https://spdx.org/licenses/)"
        if let known = spelledOut[text.lowercased()] {
            return ("'\(text)' is a licence written in words, not an SPDX identifier", "write '\(known)'")
        }
        guard let tokens, !tokens.isEmpty else {
            return ("'\(text)' is not an SPDX licence expression: only letters, digits, '.', '-', '+', ':' and parentheses may be used", generalFix)
        }
        var expectsOperand = true
        var depth = 0
        var previous = ""
        for token in tokens {
            switch token {
            case "(":
                guard expectsOperand else { return ("'\(text)': '(' must follow AND, OR or another '('", generalFix) }
                depth += 1
            case ")":
                guard !expectsOperand, depth > 0 else { return ("'\(text)' has a ')' that closes nothing or follows an operator", generalFix) }
                depth -= 1
            case "AND", "OR", "WITH":
                guard !expectsOperand else { return ("'\(text)': \(token) must stand between two licences", generalFix) }
                expectsOperand = true
            case "and", "or", "with":
                return ("'\(text)': the operator '\(token)' must be written in capitals", "write '\(token.uppercased())'")
            default:
                guard expectsOperand else {
                    let joined = "\(previous)-\(token)"
                    return ("'\(text)' is not an SPDX licence expression: two licences must be joined by AND or OR",
                            spelledOut[(previous + " " + token).lowercased()].map { "write '\($0)'" } ?? "join them with OR (either may be chosen) or AND (both apply), or write '\(joined)' if that is one identifier")
                }
                guard isIdentifier(token) else { return ("'\(token)' in '\(text)' is not a licence identifier", generalFix) }
                expectsOperand = false
            }
            previous = token
        }
        guard !expectsOperand else { return ("'\(text)' ends with an operator", generalFix) }
        guard depth == 0 else { return ("'\(text)' has a '(' that is never closed", generalFix) }
        return nil
    }

    /// The words and parentheses of `text`, or nil for a character no expression has.
    private static func tokenize(_ text: String) -> [String]? {
        var tokens: [String] = []
        var word = ""
        for character in text {
            switch character {
            case " ", "\t":
                if !word.isEmpty { tokens.append(word); word = "" }
            case "(", ")":
                if !word.isEmpty { tokens.append(word); word = "" }
                tokens.append(String(character))
            case "a"..."z", "A"..."Z", "0"..."9", ".", "-", "+", ":":
                word.append(character)
            default:
                return nil
            }
        }
        if !word.isEmpty { tokens.append(word) }
        return tokens
    }

    /// A licence identifier, `LicenseRef-…`, or `DocumentRef-…:LicenseRef-…`; `+` only at the end.
    private static func isIdentifier(_ token: String) -> Bool {
        let parts = token.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count <= 2, parts.allSatisfy({ !$0.isEmpty }) else { return false }
        if parts.count == 2 { guard parts[0].hasPrefix("DocumentRef-"), parts[1].hasPrefix("LicenseRef-") else { return false } }
        let last = parts[parts.count - 1]
        let body = last.hasSuffix("+") ? last.dropLast() : last[...]
        guard let first = body.first, first.isLetter || first.isNumber else { return false }
        return !body.contains("+")
    }

    /// Licences as people write them in words, by their lower-cased text, with their identifier.
    private static let spelledOut: [String: String] = [
        "mit license": "MIT", "the mit license": "MIT", "mit licence": "MIT",
        "apache 2.0": "Apache-2.0", "apache 2": "Apache-2.0", "apache2": "Apache-2.0", "apache-2": "Apache-2.0",
        "apache license 2.0": "Apache-2.0", "apache license, version 2.0": "Apache-2.0", "apache": "Apache-2.0",
        "bsd": "BSD-3-Clause", "bsd-3": "BSD-3-Clause", "bsd 3-clause": "BSD-3-Clause", "bsd-3 clause": "BSD-3-Clause", "new bsd": "BSD-3-Clause",
        "bsd-2": "BSD-2-Clause", "bsd 2-clause": "BSD-2-Clause",
        "gpl": "GPL-3.0-or-later", "gplv3": "GPL-3.0-only", "gpl v3": "GPL-3.0-only", "gpl-3": "GPL-3.0-only", "gpl3": "GPL-3.0-only",
        "gplv2": "GPL-2.0-only", "gpl v2": "GPL-2.0-only", "gpl-2": "GPL-2.0-only", "gpl2": "GPL-2.0-only",
        "lgpl": "LGPL-3.0-or-later", "lgplv3": "LGPL-3.0-only", "lgplv2.1": "LGPL-2.1-only",
        "agplv3": "AGPL-3.0-only",
        "cc-by": "CC-BY-4.0", "cc by 4.0": "CC-BY-4.0", "cc-by 4.0": "CC-BY-4.0", "cc0": "CC0-1.0", "public domain": "CC0-1.0",
        "mpl 2.0": "MPL-2.0", "mpl2": "MPL-2.0", "mozilla public license 2.0": "MPL-2.0",
    ]
}
