import Foundation

/// What a build wrote into its output, kept beside it (`.portal-manifest-NAME`, never published)
/// so that the next build into the same output renders and writes only what changed.
///
/// It names the format and the portal build that wrote it, a digest of every input the keys do
/// not cover (the templates, `site.yml` and the options), and for each page its key
/// (`PageKey`) and the size and modification time of the file written. The text ends with the
/// SHA-256 of all the lines before it, so a manifest cut short, damaged or edited is refused.
struct BuildManifest: Equatable {
    /// Raised whenever the meaning of a line changes; a manifest of another format is not read.
    static let formatVersion = 1
    private static let header = "portal build manifest \(formatVersion)"

    /// What a page's file was made of and how it looked on disk when written.
    struct Entry: Equatable, Sendable {
        var key: String
        var size: Int
        var seconds: Int
        var nanoseconds: Int

        /// Whether `stamp` is the file as it was written.
        func matches(_ stamp: FileStamp?) -> Bool {
            guard let stamp else { return false }
            return stamp.size == size && stamp.seconds == seconds && stamp.nanoseconds == nanoseconds
        }
    }

    /// The portal build that wrote the manifest (`BuildIdentity`).
    var build: String
    /// The digest of the inputs the page keys do not hold (`ReuseInputs`).
    var inputs: String
    /// Each page's entry, by output path.
    var pages: [String: Entry]

    /// The manifest as text: one line each for the header, the build, the inputs and every page
    /// (`page KEY SIZE SECONDS NANOSECONDS PATH`, the path last since it may hold spaces), then
    /// the digest of those lines.
    var text: String {
        var lines = [Self.header, "build \(build)", "inputs \(inputs)"]
        // A path that holds a line break is not recorded: its page is rendered on every build.
        // Looked for among the bytes: Foundation's `contains`, once per page, cost more than the lines.
        for (path, entry) in pages.sorted(by: { $0.key < $1.key }) where !path.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D }) {
            lines.append("page \(entry.key) \(entry.size) \(entry.seconds) \(entry.nanoseconds) \(path)")
        }
        let body = lines.joined(separator: "\n") + "\n"
        return body + "check \(Hexadecimal.string(SHA256.digest(Array(body.utf8))))\n"
    }

    /// Why a manifest's text cannot be used.
    enum Refusal: Error, Equatable, CustomStringConvertible {
        case otherFormat
        case damaged(String)

        var description: String {
            switch self {
            case .otherFormat: "it was written in another format"
            case .damaged(let reason): "it is damaged (\(reason))"
            }
        }
    }

    init(build: String, inputs: String, pages: [String: Entry]) {
        self.build = build
        self.inputs = inputs
        self.pages = pages
    }

    /// Reads a manifest from its text; every line is checked, and the closing digest first.
    init(text: String) throws(Refusal) {
        guard text.hasPrefix(Self.header + "\n") else {
            throw text.hasPrefix("portal build manifest ") ? .otherFormat : .damaged("it does not start as a manifest does")
        }
        guard text.hasSuffix("\n"), let checkStart = text.dropLast().range(of: "\ncheck ", options: .backwards) else {
            throw .damaged("its closing digest is missing")
        }
        let body = text[..<checkStart.lowerBound] + "\n"
        let check = text[checkStart.upperBound...].dropLast()
        guard check == Hexadecimal.string(SHA256.digest(Array(body.utf8))) else { throw .damaged("its digest does not match its lines") }
        var build: String?, inputs: String?
        var pages: [String: Entry] = [:]
        for line in body.split(separator: "\n").dropFirst() {
            if line.hasPrefix("build ") {
                build = String(line.dropFirst(6))
            } else if line.hasPrefix("inputs "), Hexadecimal.isDigest(line.dropFirst(7)) {
                inputs = String(line.dropFirst(7))
            } else if line.hasPrefix("page ") {
                let fields = line.dropFirst(5).split(separator: " ", maxSplits: 4, omittingEmptySubsequences: false)
                guard fields.count == 5, Hexadecimal.isDigest(fields[0]), let size = Int(fields[1]), let seconds = Int(fields[2]),
                      let nanoseconds = Int(fields[3]), !fields[4].isEmpty
                else { throw .damaged("a page's line cannot be read") }
                pages[String(fields[4])] = Entry(key: String(fields[0]), size: size, seconds: seconds, nanoseconds: nanoseconds)
            } else {
                throw .damaged("a line cannot be read")
            }
        }
        guard let build, let inputs else { throw .damaged("its build or inputs line is missing") }
        self.init(build: build, inputs: inputs, pages: pages)
    }

    /// Where the manifest of `output` is kept: beside it, so nothing publishes it.
    static func url(of output: URL) -> URL {
        let target = output.standardizedFileURL.resolvingSymlinksInPath()
        return target.deletingLastPathComponent().appendingPathComponent(".portal-manifest-\(target.lastPathComponent)")
    }
}
