/// Keeps a build's output readable when one file repeats one mistake thousands of times.
///
/// A generated file with 200,000 unknown keys, or 100,000 images without alt text, would otherwise
/// print tens of megabytes into a CI log, hiding every other problem. The first few of each kind in
/// each file show where the mistake is; one more line says how many were left out.
struct DiagnosticLimit {
    /// How many diagnostics of one id are listed for one file.
    static let perFileAndID = 20

    /// The diagnostics to show, in the order given.
    private(set) var listed: [Diagnostic] = []
    /// How many errors and warnings are not listed, beyond the summary line that counts them.
    private(set) var unlistedErrors = 0
    private(set) var unlistedWarnings = 0

    /// Limits `sorted` (already in file and position order).
    init(_ sorted: [Diagnostic]) {
        struct Kind: Hashable {
            let file: String
            let id: String
        }
        var counts: [Kind: (errors: Int, warnings: Int, listedErrors: Int)] = [:]
        for diagnostic in sorted {
            let kind = Kind(file: diagnostic.file, id: diagnostic.id)
            var count = counts[kind] ?? (0, 0, 0)
            if count.errors + count.warnings < Self.perFileAndID {
                listed.append(diagnostic)
                if diagnostic.severity == .error { count.listedErrors += 1 }
            }
            if diagnostic.severity == .error { count.errors += 1 } else { count.warnings += 1 }
            counts[kind] = count
        }
        guard counts.values.contains(where: { $0.errors + $0.warnings > Self.perFileAndID }) else { return }
        // Each summary goes right after the last listed diagnostic of its kind.
        var seen: [Kind: Int] = [:]
        var result: [Diagnostic] = []
        for diagnostic in listed {
            result.append(diagnostic)
            let kind = Kind(file: diagnostic.file, id: diagnostic.id)
            let number = (seen[kind] ?? 0) + 1
            seen[kind] = number
            guard number == Self.perFileAndID, let count = counts[kind], count.errors + count.warnings > Self.perFileAndID else { continue }
            let hiddenErrors = count.errors - count.listedErrors
            let hiddenWarnings = count.warnings - (Self.perFileAndID - count.listedErrors)
            let hidden = hiddenErrors + hiddenWarnings
            let severity: Diagnostic.Severity = hiddenErrors > 0 ? .error : .warning
            result.append(Diagnostic(
                severity, kind.id, "\(hidden.grouped) more '\(kind.id)' in this file are not listed (\((count.errors + count.warnings).grouped) in all)",
                file: kind.file, fix: "fix the ones above; the same fix likely applies to the rest"
            ))
            // The summary line stands for one of the hidden ones.
            if severity == .error {
                unlistedErrors += hiddenErrors - 1
                unlistedWarnings += hiddenWarnings
            } else {
                unlistedWarnings += hiddenWarnings - 1
            }
        }
        listed = result
    }
}
