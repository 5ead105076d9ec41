import Foundation
import PortalCore

/// How one built site differs from another, file by file: for checking that a preview rebuild
/// wrote exactly what a fresh build of the same sources writes.
public struct SiteComparison: CustomStringConvertible {
    /// Files the expected site has and the actual one lacks.
    public let missing: [String]
    /// Files the actual site has and the expected one lacks.
    public let extra: [String]
    /// Files both have, with different bytes.
    public let different: [String]
    /// The first different file's text around its first different byte, expected then actual.
    public let window: String?

    /// Compares `actual` with `expected` (paths to bytes, as `SiteComparison.files(in:)` reads them).
    public init(actual: [String: Data], expected: [String: Data]) {
        missing = Set(expected.keys).subtracting(actual.keys).sorted()
        extra = Set(actual.keys).subtracting(expected.keys).sorted()
        different = expected.keys.filter { actual[$0] != nil && actual[$0] != expected[$0] }.sorted()
        window = different.first.flatMap { path in
            guard let expected = expected[path], let actual = actual[path] else { return nil }
            return Self.window(path: path, expected: expected, actual: actual)
        }
    }

    /// Whether the two sites are the same, byte for byte.
    public var isEmpty: Bool { missing.isEmpty && extra.isEmpty && different.isEmpty }

    public var description: String {
        var parts: [String] = []
        if !missing.isEmpty { parts.append("missing \(missing.prefix(5))") }
        if !extra.isEmpty { parts.append("extra \(extra.prefix(5))") }
        if !different.isEmpty { parts.append("\(different.count) differ: \(different.prefix(5))") }
        if let window { parts.append(window) }
        return parts.isEmpty ? "the same" : parts.joined(separator: "; ")
    }

    /// Builds the site from scratch with `options` (its output folder emptied first) and compares
    /// `served`, a preview's output folder, with what it wrote.
    public static func withFreshBuild(_ options: BuildOptions, served: URL) -> (report: BuildReport, comparison: SiteComparison) {
        if let output = options.outputDirectory { try? FileManager.default.removeItem(at: output) }
        let report = SiteBuilder(options: options).run()
        let expected = options.outputDirectory.map { files(in: $0) } ?? [:]
        return (report, SiteComparison(actual: files(in: served), expected: expected))
    }

    /// Every regular file under `folder`, by path relative to it (no leading slash).
    public static func files(in folder: URL) -> [String: Data] {
        let base = folder.standardizedFileURL.path
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])
        while let file = enumerator?.nextObject() as? URL {
            guard (try? file.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            files[String(file.standardizedFileURL.path.dropFirst(base.count + 1))] = try? Data(contentsOf: file)
        }
        return files
    }

    /// Up to 80 bytes either side of the first byte where the two files differ.
    private static func window(path: String, expected: Data, actual: Data) -> String {
        let (left, right) = ([UInt8](expected), [UInt8](actual))
        var first = 0
        while first < left.count, first < right.count, left[first] == right[first] { first += 1 }
        func around(_ bytes: [UInt8]) -> String {
            let slice = bytes[max(0, first - 80)..<min(bytes.count, first + 80)]
            return String(decoding: slice, as: UTF8.self).debugDescription
        }
        return "\(path) differs at byte \(first) of \(left.count) (fresh) and \(right.count) (preview):\n  fresh:   \(around(left))\n  preview: \(around(right))"
    }
}
