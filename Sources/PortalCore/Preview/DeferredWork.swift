import Foundation

/// What a rebuild in place leaves until browsers have been told to reload: the changed pages no
/// browser shows (`writePendingPages`), the reader files (stage 8) and `llms-full.txt`, which no page
/// a browser reloads shows, and freeing what it replaced (`retired`). The server asks for it right
/// after the reload event; a rebuild that starts first does it before its own work.
extension PreviewBuild {
    /// Writes what a rebuild left for later: the pages no browser showed, when the server has not
    /// yet had them written, its reader files (`writePendingReaderFiles`), then `llms-full.txt`, when
    /// a twin or their order changed; a failure is returned, and the file stays due so the next
    /// rebuild tries again. Then frees what the rebuild replaced.
    func finishDeferredWork() -> Diagnostic? {
        defer { retired.removeAll() }
        if let failure = writePendingPages() { return failure }
        if let failure = writePendingReaderFiles() { return failure }
        guard llmsFullIsStale, let snapshot else { return nil }
        let stage = ReaderFilesStage(pages: snapshot.contexts.pages, graph: snapshot.contexts.graph, settings: snapshot.contexts.settings,
                                     templates: snapshot.templates, contexts: snapshot.contexts)
        if let file = stage.llmsFull(cache: &readerFiles) {
            do {
                try snapshot.writer.write(file.1, to: file.0, changed: true)
            } catch {
                readerFiles.llmsFull = nil
                return Diagnostic(.error, "output.write-failed", "cannot write \(file.0): \(error)", file: file.0)
            }
        }
        llmsFullIsStale = false
        return nil
    }

    /// Takes into `written` what the last rebuild in place removed and planned.
    func settleWritten() {
        guard let (dropped, planned) = unsettledWritten else { return }
        unsettledWritten = nil
        written.subtract(dropped)
        written.formUnion(planned)
    }

    /// What a rebuild in place leaves of stage 8 for after browsers are told to reload: the
    /// arguments of `ReaderFilesStage.files(cache:…)`.
    struct PendingReaderFiles {
        let stage: ReaderFilesStage
        let refInputs: [Int]
        let rendered: [Int]
        let twinBodies: [String]
        let html: [String]
        /// The pages whose catalog entries may have changed, when known (a card edit).
        let entries: Set<Int>?
    }

    /// Leaves stage 8 for after browsers are told to reload, but for the two pages a browser may be
    /// showing (`ReaderFilesStage.htmlPages`), written now when their text changed; returns how many were.
    func deferReaderFiles(_ pending: PendingReaderFiles, writer: SiteWriter, sink: DiagnosticSink) -> Int {
        pendingReaderFiles = pending
        let pages = readerFiles.changedSiteFiles(pending.stage.htmlPages())
        let written = writer.write(pages, changed: true, sink: sink)
        // What the cache says is on disk may not be: every reader file is made again next time.
        if written < pages.count { readerFiles = ReaderFilesCache() }
        return written
    }

    /// Makes and writes the reader files the last rebuild left for later, and removes those no
    /// longer made. On a failure, which is returned, nothing the last builds kept is trusted: the
    /// next rebuild takes the full path, renders every page and writes every reader file.
    func writePendingReaderFiles() -> Diagnostic? {
        settleWritten()
        guard let pending = pendingReaderFiles else { return nil }
        pendingReaderFiles = nil
        guard let snapshot else { return nil }
        let files = pending.stage.files(cache: &readerFiles, refInputs: pending.refInputs, rendered: pending.rendered, twinBodies: pending.twinBodies,
                                        html: pending.html, writesLlmsFull: false, entries: pending.entries)
        let sink = DiagnosticSink()
        _ = snapshot.writer.write(files.write, changed: true, sink: sink)
        let failures = sink.sorted.filter { $0.severity == .error }
        if var failure = failures.first {
            self.snapshot = nil
            renderRecords.forgetKeys()
            readerFiles = ReaderFilesCache()
            if failures.count > 1 { failure.message += " (and \(failures.count - 1) more reader file\(failures.count == 2 ? "" : "s"))" }
            return failure
        }
        let made = Set(files.all)
        let gone = written.subtracting(plannedPaths).subtracting(made)
        snapshot.writer.remove(gone)
        readerFiles.forgetRemoved(gone)
        written.subtract(gone)
        written.formUnion(made)
        return nil
    }
}
