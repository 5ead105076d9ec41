import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One build's use of the manifest beside its output: which pages it may keep as they are, and
/// the manifest it leaves for the next build.
///
/// With a valid manifest the build writes into the output in place: a kept page is neither
/// rendered nor written, every other file is written only when its bytes changed (`FileOutput`),
/// and files no longer produced are deleted. The manifest is deleted before the first file is
/// touched and written again only after the build succeeded, so a build that fails or is stopped
/// half-way leaves no manifest, and the next build is a full one through a staging folder.
final class OutputReuse: @unchecked Sendable {
    /// The folder whose files the entries describe while this build writes (the staging folder of
    /// a full build, or the output itself).
    private let root: String
    private let output: URL
    private let inPlace: Bool
    /// The entries of the previous build that this one may keep (none when they cannot be trusted).
    private let previous: [String: BuildManifest.Entry]
    private let inputs: String?
    // Under `lock` (an NSLock, which the thread sanitizer understands): the entries of the pages
    // written or kept so far, and the paths of those kept.
    private let lock = NSLock()
    private var entries: [String: BuildManifest.Entry] = [:]
    private var kept: Set<String> = []
    private let cards = CardDigests()

    private init(root: String, output: URL, inPlace: Bool, previous: [String: BuildManifest.Entry], inputs: String?) {
        (self.root, self.output, self.inPlace, self.previous, self.inputs) = (root, output, inPlace, previous, inputs)
    }

    /// Reads the manifest beside the output and opens the writer: in place when the manifest is
    /// valid, else a staging folder (`SiteWriter.prepare`). `note` is told what is reused and why
    /// not. Nil, with the refusal in `sink`, when the output cannot be written.
    static func prepare(options: BuildOptions, settings: SiteSettings, note: (String) -> Void, sink: DiagnosticSink) -> (SiteWriter, OutputReuse)? {
        guard let output = options.outputDirectory else { return nil }
        let inputs = ReuseInputs.digest(options: options, settings: settings)
        let target = output.standardizedFileURL.resolvingSymlinksInPath()
        let manifestURL = BuildManifest.url(of: target)
        let found = read(manifestURL, reusing: options.reusesOutput)
        // Whatever happens next, the old manifest no longer describes the output once a file changes.
        if found.manifest != nil || found.exists, unlink(manifestURL.path) != 0, errno != ENOENT {
            note("Full build: the manifest beside the output cannot be deleted (\(String(cString: strerror(errno))))")
        } else if let manifest = found.manifest,
                  SiteWriter.refusal(of: target, display: options.display(output), protected: [options.contentDirectory, options.templatesDirectory],
                                     workingDirectory: options.workingDirectory) == nil,
                  FileManager.default.fileExists(atPath: target.appendingPathComponent(SiteWriter.markerName).path) {
            let previous: [String: BuildManifest.Entry]
            if manifest.build != ReuseInputs.build {
                note("Reuse: the output was written by another portal build; every page is rendered, and only files whose bytes changed are written")
                previous = [:]
            } else if inputs == nil || manifest.inputs != inputs {
                note("Reuse: the templates, site.yml or the options changed; every page is rendered, and only files whose bytes changed are written")
                previous = [:]
            } else {
                note("Reuse: the manifest beside the output is valid; pages whose key and file are unchanged are kept")
                previous = manifest.pages
            }
            let writer = SiteWriter.inPlace(output: target)
            return (writer, OutputReuse(root: target.path, output: target, inPlace: true, previous: previous, inputs: inputs))
        } else {
            note("Full build: \(found.reason)")
        }
        guard let writer = options.prepareWriter(into: sink) else { return nil }
        return (writer, OutputReuse(root: writer.staging.path, output: target, inPlace: false, previous: [:], inputs: inputs))
    }

    /// The manifest at `url`, or why there is none to use.
    private static func read(_ url: URL, reusing: Bool) -> (manifest: BuildManifest?, exists: Bool, reason: String) {
        let exists = FileManager.default.fileExists(atPath: url.path)
        guard reusing else { return (nil, exists, "--no-reuse was given") }
        guard exists else { return (nil, false, "there is no manifest beside the output") }
        guard case .success(let data) = TextFile.readBytes(url.path), let text = String(data: data, encoding: .utf8) else {
            return (nil, true, "the manifest beside the output cannot be read")
        }
        do {
            return (try BuildManifest(text: text), true, "")
        } catch {
            return (nil, true, "the manifest beside the output is not used: \(error)")
        }
    }

    /// The key of a page rendered by `template` over `context` (`PageKey`).
    func key(template: String, context: TemplateValue, sectionsRead: Set<String>?) -> String {
        PageKey.of(template: template, context: context, sectionsRead: sectionsRead, cards: cards)
    }

    /// Whether the page at `path`, whose key is now `key`, may stay as the previous build wrote it:
    /// same key, and its file still the size and age it was written with.
    func keeps(_ path: String, key: String) -> Bool {
        guard let entry = previous[path], entry.key == key, entry.matches(FileStamp(path: root + "/" + path)) else { return false }
        lock.withLock {
            entries[path] = entry
            kept.insert(path)
        }
        return true
    }

    /// Notes that the page at `path`, of key `key`, was just written.
    func record(_ path: String, key: String) {
        guard let stamp = FileStamp(path: root + "/" + path) else { return }
        let entry = BuildManifest.Entry(key: key, size: stamp.size, seconds: stamp.seconds, nanoseconds: stamp.nanoseconds)
        lock.withLock { entries[path] = entry }
    }

    /// The pages kept as they were.
    var keptPages: Set<String> { lock.withLock { kept } }

    /// After the writer finished: without errors, deletes from an output written in place the
    /// files this build did not produce (`keep`, beside the marker), then writes the manifest.
    func finish(keeping keep: Set<String>, sink: DiagnosticSink) {
        guard !sink.hasErrors, let inputs else { return }
        if inPlace { TreeRemoval.prune(output.path, keeping: keep.union([SiteWriter.markerName])) }
        let manifest = BuildManifest(build: ReuseInputs.build, inputs: inputs, pages: lock.withLock { entries })
        // Not being able to keep a manifest costs the next build time, never correctness.
        try? Data(manifest.text.utf8).write(to: BuildManifest.url(of: output), options: .atomic)
    }
}
