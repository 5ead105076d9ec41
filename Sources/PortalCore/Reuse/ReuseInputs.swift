import Foundation

/// The digests a manifest is valid for: the portal build that wrote it, and the inputs that
/// shape pages without being in their contexts.
enum ReuseInputs {
    /// The running portal build: the SHA-256 of its executable's bytes. The same portal installed
    /// again (a CI job that downloads its release on each run, beside a cached output) reuses the
    /// output; a portal built from other sources (a new templates' engine, new escaping) renders
    /// every page again.
    static let build: String = {
        let path = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments.first ?? ""
        return identity(ofExecutable: path)
    }()

    /// Starts reading `build` on another thread: the executable is read whole while the content is,
    /// so the manifest need not wait for it at the end of the build. (A static `let` is made once;
    /// a thread that asks for it meanwhile waits for that.)
    static func startReadingBuild() {
        Thread { _ = build }.start()
    }

    /// The identity of the executable at `path`: the SHA-256 of its bytes, or, when they cannot be
    /// read, of its path, size, modification time and inode (so that a rebuilt one still differs).
    static func identity(ofExecutable path: String) -> String {
        var stream = SHA256.Stream()
        stream.add("bytes")
        if !add(fileAt: path, to: &stream) {
            stream = SHA256.Stream()
            stream.add("stamp")
            stream.add(path)
            if let stamp = FileStamp(path: path) {
                for number in [stamp.size, stamp.seconds, stamp.nanoseconds, Int(truncatingIfNeeded: stamp.inode)] { stream.add(number) }
            }
        }
        return Hexadecimal.string(stream.finish())
    }

    /// Feeds the bytes of the regular file at `path` to `stream` a block at a time (an executable is
    /// tens of megabytes, which a build need not hold); false when it cannot be read.
    private static func add(fileAt path: String, to stream: inout SHA256.Stream) -> Bool {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return false }
        var block = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = block.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { return false }
            if count == 0 { return true }
            block.withUnsafeBytes { stream.add(UnsafeRawBufferPointer(rebasing: $0[..<count])) }
        }
    }

    /// The digest of every file of the theme (templates, partials and assets, by path and bytes),
    /// `site.yml` and the options that change pages; nil when a theme file cannot be read.
    static func digest(options: BuildOptions, settings: SiteSettings) -> String? {
        var stream = SHA256.Stream()
        let root = options.templatesDirectory.standardizedFileURL
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) else { return nil }
        var files: [String] = []
        for case let url as URL in walker where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
            files.append(String(url.standardizedFileURL.path.dropFirst(root.path.count)))
        }
        for file in files.sorted() {
            guard case .success(let bytes) = TextFile.readBytes(root.path + file) else { return nil }
            stream.add(file.utf8.count)
            stream.add(file)
            stream.add(bytes.count)
            bytes.withUnsafeBytes { stream.add($0) }
        }
        for text in [settings.source?.text, options.baseURL, options.includeDrafts ? "drafts" : nil] {
            stream.add(text.map { $0.utf8.count } ?? -1)
            stream.add(text ?? "")
        }
        return Hexadecimal.string(stream.finish())
    }
}
