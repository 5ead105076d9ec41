import Foundation

extension ImportWriter {
    /// What the last import wrote: each file's hash, and for pages the hash of their text after the
    /// front-matter, so that an edit of the front-matter alone can be merged.
    struct Manifest {
        var format = ""
        var source = ""
        var files: [String: Entry] = [:]

        struct Entry {
            var sha256: String
            var body: String?
        }

        static func read(_ url: URL) -> Manifest {
            guard let data = try? Data(contentsOf: url), let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return Manifest() }
            var manifest = Manifest(format: object["format"] as? String ?? "", source: object["source"] as? String ?? "")
            for (path, value) in object["files"] as? [String: Any] ?? [:] {
                guard let entry = value as? [String: Any], let hash = entry["sha256"] as? String else { continue }
                manifest.files[path] = Entry(sha256: hash, body: entry["body"] as? String)
            }
            return manifest
        }

        func data() throws -> Data {
            var files: [String: Any] = [:]
            for (path, entry) in self.files {
                var object: [String: Any] = ["sha256": entry.sha256]
                if let body = entry.body { object["body"] = body }
                files[path] = object
            }
            let object: [String: Any] = [
                "comment": "Written by 'portal import': what it wrote, so that importing again keeps your edits. Do not edit.",
                "format": format, "source": source, "files": files,
            ]
            return try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        }

        static func hash(_ bytes: [UInt8]) -> String {
            SHA256.digest(bytes).map { String(format: "%02x", $0) }.joined()
        }

        /// The hash of a page's text after its front-matter.
        static func bodyHash(_ bytes: [UInt8]) -> String? {
            guard let parts = ImportYAML.split(String(decoding: bytes, as: UTF8.self)) else { return nil }
            return hash(Array(parts.body.utf8))
        }
    }
}
