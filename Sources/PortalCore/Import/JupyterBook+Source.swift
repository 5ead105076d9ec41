import Foundation
import Yams

/// What the Jupyter Book and MkDocs readers share to read a source: a page's front-matter and
/// the licence in its `LICENSE` file.
enum JupyterBookSource {
    /// A page's text cut into its front-matter YAML (nil when it has none) and its body, with the
    /// number of lines before the body.
    static func frontMatter(_ text: String) -> (yaml: String?, body: String, bodyLineOffset: Int) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.first.map({ $0.trimmingCharacters(in: .whitespaces) }) == "---" else { return (nil, text, 0) }
        for index in 1..<max(lines.count, 1) {
            let trimmed = lines[index].trimmingCharacters(in: .whitespaces)
            if trimmed == "---" || trimmed == "..." {
                let yaml = lines[1..<index].joined(separator: "\n")
                let body = lines[(index + 1)...].joined(separator: "\n")
                return (yaml, body, index + 1)
            }
        }
        return (nil, text, 0)
    }

    /// A string or a list of strings (or of `{name: …}` objects, as MyST writes authors).
    static func names(_ node: Node?) -> [String] {
        guard let node else { return [] }
        if let sequence = node.sequence {
            return sequence.compactMap { item in item.scalar?.string ?? item["name"]?.string }.map(clean).filter { !$0.isEmpty }
        }
        if let text = node.scalar?.string {
            // "Ada Example, Ben Example and Cleo Example", as `author:` often lists them.
            return text.replacingOccurrences(of: " and ", with: ", ").split(separator: ",").map { clean(String($0)) }.filter { !$0.isEmpty }
        }
        if let name = node["name"]?.string { return [clean(name)] }
        return []
    }

    private static func clean(_ text: String) -> String {
        text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The licence a `LICENSE` file's text names, as an SPDX id and its address; nil when the text is
    /// none of the licences lessons usually take.
    static func license(in source: ImportSource) -> (id: String, url: String)? {
        for name in ["LICENSE.md", "LICENSE", "LICENSE.txt", "LICENCE.md", "LICENCE", "license.md"] {
            guard let text = source.text(name) else { continue }
            if let found = license(named: text) { return found }
        }
        return nil
    }

    /// The licence a short name or a licence's text stands for (`CC-BY-4.0`, "Creative Commons
    /// Attribution 4.0 International", "MIT License", …).
    static func license(named text: String) -> (id: String, url: String)? {
        let lowered = text.lowercased()
        if lowered.contains("cc0") || lowered.contains("cc-0") || lowered.contains("publicdomain/zero") || lowered.contains("creative commons zero") {
            return ("CC0-1.0", "https://creativecommons.org/publicdomain/zero/1.0/")
        }
        if lowered.contains("cc-by-4.0") || lowered.contains("cc by 4.0") || lowered.contains("creativecommons.org/licenses/by/4.0")
            || lowered.contains("creative commons attribution 4.0") {
            return ("CC-BY-4.0", "https://creativecommons.org/licenses/by/4.0/")
        }
        if lowered.hasPrefix("mit") || lowered.contains("mit license") || lowered.contains("permission is hereby granted, free of charge") {
            return ("MIT", "https://opensource.org/licenses/MIT")
        }
        if lowered.contains("bsd-3-clause") || lowered.contains("bsd 3-clause")
            || (lowered.contains("redistribution and use in source and binary forms") && lowered.contains("neither the name")) {
            return ("BSD-3-Clause", "https://opensource.org/licenses/BSD-3-Clause")
        }
        return nil
    }

    /// Removes the first `# H1` line of `body` (outside code, before any other text but blank lines and
    /// MyST targets) and the blank line after it; returns its text.
    static func takeTitle(_ body: inout String) -> String? {
        var lines = body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for index in lines.indices {
            let trimmed = lines[index].trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || JupyterBookMyST.target(trimmed) != nil { continue }
            guard trimmed.hasPrefix("# ") else { return nil }
            let title = String(trimmed.dropFirst(2)).trimmingCharacters(in: .whitespaces)
            lines[index] = ""
            // The line and a blank line after it go; the lines stay counted for notes by blanking, not removing.
            body = lines.joined(separator: "\n")
            return title.hasSuffix("#") ? String(title.reversed().drop { $0 == "#" || $0 == " " }.reversed()) : title
        }
        return nil
    }
}
