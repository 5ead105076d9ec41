import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reads editors' text files: UTF-8 only, with the byte-order mark and CR line endings normalised away.
enum TextFile {
    /// Files larger than this are refused rather than parsed.
    static let maximumBytes = 8 * 1024 * 1024
    /// Notebooks carry their plots, and so may be larger.
    static let maximumNotebookBytes = 64 * 1024 * 1024

    /// The normalised text of the file at `url`, or a diagnostic naming `displayPath`.
    ///
    /// The size and kind of file are checked before anything is read, so a huge file costs nothing
    /// and a named pipe or device cannot make the build wait forever.
    static func read(_ url: URL, displayPath: String) -> Result<String, Diagnostic> {
        read(path: url.path, displayPath: displayPath)
    }

    /// The normalised text of the file at `path`, or a diagnostic naming `displayPath`.
    static func read(path: String, displayPath: String) -> Result<String, Diagnostic> {
        let data: Data
        switch readBytes(path, limit: maximumBytes) {
        case .success(let bytes): data = bytes
        case .failure(let problem): return .failure(problem.diagnostic(displayPath: displayPath))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            let (line, column) = firstInvalidPosition(data)
            return .failure(Diagnostic(.error, "content.encoding", "the file is not valid UTF-8", file: displayPath, line: line, column: column, fix: "save it as UTF-8"))
        }
        return .success(FrontMatterSplitter.normalise(text))
    }

    /// Why a file could not be read.
    enum Problem: Error, LocalizedError {
        case system(Int32)
        case notARegularFile
        case tooLarge(Int)

        func diagnostic(displayPath: String, limit: Int = maximumBytes) -> Diagnostic {
            switch self {
            case .system(let code):
                return Diagnostic(.error, "content.unreadable", "cannot read the file: \(String(cString: strerror(code)))", file: displayPath,
                                  fix: "check that it exists and that you may read it")
            case .notARegularFile:
                return Diagnostic(.error, "content.unreadable", "cannot read the file: it is a named pipe, socket or device, not a regular file", file: displayPath,
                                  fix: "replace it with a regular file, or remove it")
            case .tooLarge(let bytes):
                return Diagnostic(.error, "content.too-large", "the file is \(bytes / (1024 * 1024)) MB; files the build reads may be at most \(limit / (1024 * 1024)) MB", file: displayPath,
                                  fix: "split it, or move large data into a separate file and link to it")
            }
        }

        var errorDescription: String? { diagnostic(displayPath: "").message }
    }

    /// The bytes of the regular file at `path`, refusing other kinds of file and files over `limit`.
    static func readBytes(_ path: String, limit: Int? = nil) -> Result<Data, Problem> {
        // O_NONBLOCK: opening a named pipe must not wait for a writer.
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { return .failure(.system(errno)) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return .failure(.system(errno)) }
        guard status.st_mode & S_IFMT == S_IFREG else { return .failure(.notARegularFile) }
        let size = Int(status.st_size)
        if let limit, size > limit { return .failure(.tooLarge(size)) }
        var data = Data(count: size)
        var total = 0
        let failure: Int32? = data.withUnsafeMutableBytes { buffer in
            while total < size {
                let count = Glibc.read(descriptor, buffer.baseAddress.map { $0 + total }, size - total)
                if count < 0, errno == EINTR { continue }
                if count < 0 { return errno }
                if count == 0 { break }
                total += count
            }
            return nil
        }
        if let failure { return .failure(.system(failure)) }
        // A file that shrank while being read is taken as it now is.
        if total < size { data.removeSubrange(total..<size) }
        return .success(data)
    }

    /// The 1-based line and character column of the first byte that is not valid UTF-8
    /// (columns counted as in the normalised text, without a byte-order mark).
    private static func firstInvalidPosition(_ data: Data) -> (line: Int, column: Int) {
        let bytes = [UInt8](data)
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var line = 1
        var lineStart = 0
        var offset = 0
        while case .scalarValue(let scalar) = decoder.decode(&iterator) {
            offset += UTF8.width(scalar)
            if scalar == "\n" {
                line += 1
                lineStart = offset
            }
        }
        var column = String(decoding: bytes[lineStart..<min(offset, bytes.count)], as: UTF8.self).count + 1
        if lineStart == 0, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { column -= 1 }
        return (line, column)
    }
}
