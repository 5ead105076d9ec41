import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The build's log of its stages, one line each (`[3/9] Index pages (152 pages, 40 files) 12 ms …`),
/// and its report.
struct StageLog {
    static let stageCount = 9
    static let stageNames = ["Scan content", "Read front-matter", "Index pages", "Check templates", "Render Markdown",
                             "Cross-reference", "Render pages", "Write indexes", "Write site"]
    private let log: (String) -> Void
    /// Told when each stage begins, for the preview's reports on long rebuilds.
    let meter: ProgressMeter?
    private let start = DispatchTime.now()
    private var stageStart = DispatchTime.now()
    private var stageCPU = StageLog.processorTime()

    init(_ log: @escaping (String) -> Void, meter: ProgressMeter? = nil) {
        self.log = log
        self.meter = meter
        meter?.begin(1)
    }

    /// Logs stage `number` as done, with the time and memory it took.
    mutating func step(_ number: Int, _ text: String) {
        let now = DispatchTime.now(), cpu = Self.processorTime()
        let milliseconds = Double(now.uptimeNanoseconds - stageStart.uptimeNanoseconds) / 1e6
        let cpuMilliseconds = (cpu.user - stageCPU.user + cpu.system - stageCPU.system) * 1000
        let systemMilliseconds = (cpu.system - stageCPU.system) * 1000
        (stageStart, stageCPU) = (now, cpu)
        log("[\(number)/\(Self.stageCount)] \(text) \(String(format: "%.0f ms (CPU %.0f ms, kernel %.0f ms, peak memory %d MB)", milliseconds, cpuMilliseconds, systemMilliseconds, cpu.peakMegabytes))")
        if number < Self.stageCount { meter?.begin(number + 1) }
    }

    /// Logs the stages that write as skipped, because of errors.
    mutating func skipWriting() {
        step(7, "Render pages (skipped: errors)")
        step(8, "Write indexes (skipped: errors)")
        step(9, "Write site (skipped: errors)")
    }

    /// Logs a line that is not a stage.
    func note(_ text: String) {
        log(text)
    }

    /// The build's report, timed from the start of the log.
    func report(_ sink: DiagnosticSink, pages: Int = 0, files: Int = 0, rendered: [String] = []) -> BuildReport {
        BuildReport(diagnostics: sink.sorted, pageCount: pages, filesWritten: files, seconds: seconds, renderedPages: rendered)
    }

    /// The seconds since the log started.
    var seconds: Double {
        Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }

    /// The processor time this process has used so far, in seconds (in its own code and in the
    /// kernel), and its peak resident memory.
    private static func processorTime() -> (user: Double, system: Double, peakMegabytes: Int) {
        var usage = rusage()
        guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return (0, 0, 0) }
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return (seconds(usage.ru_utime), seconds(usage.ru_stime), usage.ru_maxrss / 1024)
    }
}

extension BuildOptions {
    /// `url` as diagnostics show it: relative to the working directory when it lies inside it.
    func display(_ url: URL) -> String {
        let path = url.standardizedFileURL.path
        let base = workingDirectory.standardizedFileURL.path
        if path == base { return "." }
        if path.hasPrefix(base + "/") { return String(path.dropFirst(base.count + 1)) }
        return path
    }

    /// The error for a content or templates folder that does not exist, if one does not.
    func missingFolder() -> Diagnostic? {
        func exists(_ url: URL) -> Bool {
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
        }
        if !exists(contentDirectory) {
            return Diagnostic(.error, "content.missing", "the content folder does not exist", file: display(contentDirectory), fix: "pass --content with the folder holding site.yml")
        }
        if !exists(templatesDirectory) {
            return Diagnostic(.error, "template.folder-missing", "the templates folder does not exist", file: display(templatesDirectory), fix: "pass --templates with the theme folder")
        }
        return nil
    }

    /// The error for a previous site that a stopped build moved aside and that cannot be put back.
    func unrecoverableSwap() -> Diagnostic? {
        guard let output = outputDirectory, let reason = SiteWriter.recoverInterruptedSwap(of: output) else { return nil }
        return Diagnostic(.error, "output.write-failed", "the previous site, moved aside by a build that was stopped, cannot be put back: \(reason)",
                          file: display(output), fix: "move '.portal-swap-\(output.lastPathComponent)' back to '\(display(output))' by hand")
    }

    /// A writer into a staging folder for the output, or the error that refuses the output folder.
    func prepareWriter(into sink: DiagnosticSink) -> SiteWriter? {
        guard let output = outputDirectory else { return nil }
        switch SiteWriter.prepare(output: output, display: display(output), protected: [contentDirectory, templatesDirectory], workingDirectory: workingDirectory) {
        case .success(let writer): return writer
        case .failure(let diagnostic):
            sink.add(diagnostic)
            return nil
        }
    }
}

extension TemplateSet {
    /// The templates the pages need: each kind's, and those every site renders.
    static func needed(by pages: [Page]) -> Set<String> {
        // Each kind's template is named once, and a section's by its id, rather than every page's
        // template name hashed into the set.
        var names: Set<String> = ["base", "tags", "tag"]
        var named = [Bool](repeating: false, count: ContentKind.all.count)
        // The category page is made in stage 6, when a resource has a category.
        var categories = false
        for page in pages {
            if page.kind == .section || page.listingPart != nil {
                names.insert(PageContextBuilder.templateName(for: page))
            } else if !named[page.kind.place] {
                named[page.kind.place] = true
                names.insert(PageContextBuilder.templateName(for: page))
            }
            if !categories, page.kind == .resource, page.frontMatter.values["category"] != nil { categories = true }
        }
        if categories { names.insert("resource-categories") }
        return names
    }
}
