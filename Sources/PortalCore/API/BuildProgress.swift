import Foundation

/// How far a long rebuild has come, for the preview server to show while it runs.
public struct BuildProgress: Sendable, Equatable {
    /// The stage running (1-9, as the stage log numbers them) and its name.
    public let stage: Int
    public let name: String
    /// Pages done and to do, for a stage that counts them (rendering pages); nil otherwise.
    public let done: Int?
    public let total: Int?
    /// The time since the rebuild started.
    public let seconds: Double

    /// One line for the terminal: `[7/9] Render pages: 2400 of 5998 pages (1.3 s)`.
    public var line: String {
        var text = "[\(stage)/\(StageLog.stageCount)] \(name)"
        if let done, let total { text += ": \(done) of \(total) pages" }
        return text + String(format: " (%.1f s)", seconds)
    }

    /// The `progress` event's data: a JSON object of the same fields.
    public var json: String {
        var fields = ["\"stage\":\(stage)", "\"name\":\(JSONText.string(name))", String(format: "\"seconds\":%.1f", seconds)]
        if let done, let total { fields += ["\"done\":\(done)", "\"total\":\(total)"] }
        return "{" + fields.joined(separator: ",") + "}"
    }
}

/// Tells `report` how a rebuild is going once it has run for `delay` seconds: at the start of each
/// later stage, and while pages are rendered, at most every `interval` seconds. A rebuild that ends
/// sooner says nothing, so the common edit stays quiet. Thread-safe: pages are counted on all cores.
final class ProgressMeter: @unchecked Sendable {
    private let report: @Sendable (BuildProgress) -> Void
    private let delay: Double
    private let interval: Double
    private let start = DispatchTime.now().uptimeNanoseconds
    private let lock = NSLock()
    private var stage = 0
    private var done = 0
    private var total: Int?
    private var lastReport: UInt64 = 0

    init(delay: Double, interval: Double = 0.25, report: @escaping @Sendable (BuildProgress) -> Void) {
        self.delay = delay
        self.interval = interval
        self.report = report
    }

    /// Stage `number` begins; `total` pages are to be counted in it, if it counts them.
    func begin(_ number: Int, total: Int? = nil) {
        let progress: BuildProgress? = lock.withLock {
            (stage, done, self.total) = (number, 0, total)
            return due(force: true)
        }
        if let progress { report(progress) }
    }

    /// One more page done in the current stage.
    func advance() {
        let progress: BuildProgress? = lock.withLock {
            done += 1
            return due(force: done == total)
        }
        if let progress { report(progress) }
    }

    /// The report to make now, if the rebuild has run long enough and the last one is old enough
    /// (or `force`: a new stage, or the last page of one). Called under the lock.
    private func due(force: Bool) -> BuildProgress? {
        let now = DispatchTime.now().uptimeNanoseconds
        let seconds = Double(now - start) / 1e9
        guard seconds >= delay, force || Double(now - lastReport) / 1e9 >= interval, stage > 0 else { return nil }
        lastReport = now
        return BuildProgress(stage: stage, name: StageLog.stageNames[stage - 1], done: total.map { _ in done }, total: total, seconds: seconds)
    }
}
