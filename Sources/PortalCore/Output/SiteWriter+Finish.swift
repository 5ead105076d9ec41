import Foundation

extension SiteWriter {
    /// Ends the writing of a build. With errors, a staging folder is dropped (kept as the next
    /// build's cache, unless the disk is full); without, the new site is put in place keeping the
    /// paths in `keep`, or, writing in place, the paths in `stale` are removed. `display` is the
    /// output folder as diagnostics show it.
    func finish(keeping keep: Set<String>, removing stale: Set<String> = [], display: String, sink: DiagnosticSink) {
        if sink.hasErrors {
            // A full disk fails every later write: one error for the cause, and the partial
            // output is removed rather than kept for the next build, so the room comes back.
            let outOfSpace = sink.removeAll(where: DiskSpace.isOutOfSpace) > 0
            if !inPlace { abandon(keepingAsCache: !outOfSpace) }
            if outOfSpace {
                let room = DiskSpace.describe(output).map { " (\($0) now)" } ?? ""
                sink.add(Diagnostic(.error, "output.disk-full", "the disk holding '\(display)' is full\(room); the partial output was removed",
                                    file: display, fix: "free some space on that disk, or pass --output with a folder on another disk"))
            }
        } else if inPlace {
            remove(stale)
        } else {
            do {
                try commit(keeping: keep)
            } catch {
                abandon()
                sink.add(Diagnostic(.error, "output.write-failed", "cannot put the new site in place: \(error.localizedDescription)", file: display))
            }
        }
    }

    /// Writes `files` (path in the site, contents) in parallel, each `changed` or not (see
    /// `write(_:to:changed:)`); returns how many were written.
    func write(_ files: [(String, String)], changed: Bool = false, sink: DiagnosticSink) -> Int {
        let failures = ParallelMap.map(files) { file -> Diagnostic? in
            do {
                try write(file.1, to: file.0, changed: changed)
                return nil
            } catch {
                return Diagnostic(.error, "output.write-failed", "cannot write \(file.0): \(error)", file: file.0)
            }
        }.compactMap { $0 }
        sink.add(contentsOf: failures)
        return files.count - failures.count
    }
}
