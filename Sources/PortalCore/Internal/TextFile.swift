import Foundation

/// Reads editors' text files: UTF-8 only, with the byte-order mark and CR line endings normalised away.
enum TextFile {
    /// Files larger than this are refused rather than parsed.
    static let maximumBytes = 8 * 1024 * 1024

    /// The normalised text of the file at `url`, or a diagnostic naming `displayPath`.
    static func read(_ url: URL, displayPath: String) -> Result<String, Diagnostic> {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            return .failure(Diagnostic(.error, "content.unreadable", "cannot read the file: \(error.localizedDescription)", file: displayPath, fix: "check that it exists and that you may read it"))
        }
        if data.count > maximumBytes {
            return .failure(Diagnostic(.error, "content.too-large", "the file is \(data.count / (1024 * 1024)) MB; pages may be at most \(maximumBytes / (1024 * 1024)) MB", file: displayPath, fix: "split it, or move large data into a separate file and link to it"))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            let line = firstInvalidLine(data)
            return .failure(Diagnostic(.error, "content.encoding", "the file is not valid UTF-8", file: displayPath, line: line, column: 0, fix: "save it as UTF-8"))
        }
        return .success(FrontMatterSplitter.normalise(text))
    }

    /// The 1-based line holding the first byte that is not valid UTF-8.
    private static func firstInvalidLine(_ data: Data) -> Int {
        var line = 1
        var lineStart = data.startIndex
        for index in data.indices where data[index] == 0x0A {
            if String(data: data[lineStart..<index], encoding: .utf8) == nil { return line }
            line += 1
            lineStart = index + 1
        }
        return line
    }
}
