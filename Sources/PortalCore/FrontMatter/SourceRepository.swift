import Foundation

/// Where the site's sources are published (`repository:` in `site.yml`): every page links to its
/// file there ("Edit this page", "View source"), and notebook pages' launch links open notebooks from it.
///
///     repository:
///       url: https://github.com/OWNER/NAME     # or https://gitlab.com/GROUP/…/NAME
///       branch: main                           # the default
///       content: content                       # the content folder's place in it; the default
struct SourceRepository: Sendable, Equatable {
    enum Host: String, Sendable {
        case github, gitlab
    }

    let host: Host
    /// The repository's address, without a trailing slash.
    let url: String
    /// Its owner and name on GitHub (the group path and project on GitLab).
    let owner: String
    let name: String
    let branch: String
    /// The content folder's path in the repository ("" at its root).
    let contentFolder: String

    /// The path in the repository of the content file `sourcePath`.
    func path(of sourcePath: String) -> String {
        contentFolder.isEmpty ? sourcePath : "\(contentFolder)/\(sourcePath)"
    }

    /// The address that shows the file `sourcePath` of the content.
    func sourceURL(of sourcePath: String) -> String {
        "\(url)\(host == .gitlab ? "/-" : "")/blob/\(Self.encoded(branch))/\(Self.encoded(path(of: sourcePath)))"
    }

    /// The address of the host's editor for the file `sourcePath` (which forks the repository for a
    /// reader who may not write to it, and opens a pull request).
    func editURL(of sourcePath: String) -> String {
        "\(url)\(host == .gitlab ? "/-" : "")/edit/\(Self.encoded(branch))/\(Self.encoded(path(of: sourcePath)))"
    }

    /// The address of the host's page for a new file `fileName` in the content folder `folder`, which
    /// forks the repository for a reader who may not write to it and opens a pull request. GitHub fills
    /// the editor with `text`; GitLab's page takes only the name, so there the reader starts empty.
    func newFileURL(folder: String, fileName: String, text: String) -> String {
        let place = "\(Self.encoded(branch))/\(Self.encoded(path(of: folder)))"
        switch host {
        case .github: return "\(url)/new/\(place)?filename=\(Self.queryValue(fileName))&value=\(Self.queryValue(text))"
        case .gitlab: return "\(url)/-/new/\(place)?file_name=\(Self.queryValue(fileName))"
        }
    }

    /// `text` percent-encoded for a query value (everything but unreserved characters).
    static func queryValue(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")) ?? text
    }

    /// `path` percent-encoded for an address, its slashes kept.
    static func encoded(_ path: String) -> String {
        path.addingPercentEncoding(withAllowedCharacters: CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/")) ?? path
    }

    /// The settings under `repository:`, checked; each problem is an error at its value.
    static func checked(_ texts: [String: Located<String>], at key: (line: Int, column: Int)?, source: SourceText, sink: DiagnosticSink) -> SourceRepository? {
        guard let key else { return nil }
        guard let url = texts["url"] else {
            sink.add(source.error("settings.bad-repository", "'repository' needs the repository's address", line: key.line, column: key.column,
                                  fix: "add 'url: https://github.com/OWNER/NAME' under 'repository:'"))
            return nil
        }
        let address = url.value.hasSuffix("/") ? String(url.value.dropLast()) : url.value
        let parts = address.split(separator: "/", omittingEmptySubsequences: false)
        let isName: (Substring) -> Bool = { !$0.isEmpty && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) } }
        let host: Host? = switch parts.count >= 5 && parts[0] == "https:" && parts[1].isEmpty ? parts[2] : "" {
        case "github.com" where parts.count == 5: .github
        case "gitlab.com": .gitlab
        default: nil
        }
        guard let host, parts.dropFirst(3).allSatisfy(isName), !address.hasSuffix(".git") else {
            sink.add(source.error("settings.bad-repository", "'\(url.value)' is not the address of a repository on GitHub or GitLab", line: url.line, column: url.column,
                                  fix: "write it as https://github.com/OWNER/NAME (or https://gitlab.com/GROUP/NAME), as the browser shows it"))
            return nil
        }
        let branch = texts["branch"]?.value ?? "main"
        guard !branch.contains(where: { $0 == " " || $0 == "?" || $0 == "#" || $0.isNewline }) else {
            let at = texts["branch"]!
            sink.add(source.error("settings.bad-repository", "'\(branch)' is not a branch name", line: at.line, column: at.column, fix: "write the branch the site is built from, such as main"))
            return nil
        }
        let folder = (texts["content"]?.value ?? "content").trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        return SourceRepository(host: host, url: address, owner: parts.dropFirst(3).dropLast().joined(separator: "/"), name: String(parts[parts.count - 1]),
                                branch: branch, contentFolder: folder == "." ? "" : folder)
    }
}
