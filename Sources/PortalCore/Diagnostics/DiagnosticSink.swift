import Foundation

/// Collects diagnostics from every stage, safely across threads.
final class DiagnosticSink: @unchecked Sendable {
    private let lock = NSLock()
    private var collected: [Diagnostic] = []

    /// Adds one diagnostic.
    func add(_ diagnostic: Diagnostic) {
        lock.lock()
        collected.append(diagnostic)
        lock.unlock()
    }

    /// Adds several diagnostics.
    func add(contentsOf diagnostics: [Diagnostic]) {
        guard !diagnostics.isEmpty else { return }
        lock.lock()
        collected.append(contentsOf: diagnostics)
        lock.unlock()
    }

    /// Turns every warning reported so far into an error (for `--strict`).
    func promoteWarnings() {
        lock.lock()
        collected = collected.map { diagnostic in
            var promoted = diagnostic
            promoted.severity = .error
            return promoted
        }
        lock.unlock()
    }

    /// Removes the diagnostics `shouldRemove` picks and returns how many there were.
    @discardableResult
    func removeAll(where shouldRemove: (Diagnostic) -> Bool) -> Int {
        lock.lock()
        defer { lock.unlock() }
        let before = collected.count
        collected.removeAll(where: shouldRemove)
        return before - collected.count
    }

    /// Whether any error (not warning) was reported.
    var hasErrors: Bool {
        lock.lock()
        defer { lock.unlock() }
        return collected.contains { $0.severity == .error }
    }

    /// Every diagnostic so far, sorted by file, position and message so output is deterministic.
    var sorted: [Diagnostic] {
        lock.lock()
        defer { lock.unlock() }
        return Array(Set(collected)).sorted {
            if ($0.file, $0.line, $0.column, $0.severity.rawValue) != ($1.file, $1.line, $1.column, $1.severity.rawValue) {
                return ($0.file, $0.line, $0.column, $0.severity.rawValue) < ($1.file, $1.line, $1.column, $1.severity.rawValue)
            }
            return ($0.message, $0.id, $0.fix ?? "") < ($1.message, $1.id, $1.fix ?? "")
        }
    }
}
