import Foundation

/// Where the site's notebooks are published (`notebooks:` in `site.yml`), and the services that
/// open a copy of one: each notebook page links to them.
///
///     notebooks:
///       repository: https://github.com/OWNER/NAME
///       branch: main          # the default
///       folder: content       # the content folder's place in the repository; the default
///       launch: [binder, colab, swan]
///       jupyterhub: https://hub.example.org/hub/user-redirect/git-pull?repo={repository}&branch={branch}&urlpath=lab/tree/{name}/{path}
struct NotebookLaunch: Sendable, Equatable {
    /// A service that opens a notebook from a GitHub repository.
    enum Service: String, Sendable, CaseIterable {
        case binder, colab, swan

        var label: String {
            switch self {
            case .binder: "Binder"
            case .colab: "Google Colab"
            case .swan: "CERN SWAN"
            }
        }
    }

    /// The repository's owner and name on GitHub.
    let owner: String
    let name: String
    let branch: String
    /// The content folder's path in the repository ("" at its root).
    let folder: String
    let services: [Service]
    /// A JupyterHub's address, with `{repository}`, `{owner}`, `{name}`, `{branch}` and `{path}` in it.
    let jupyterhub: String?

    /// One link: the service's name and the address that opens the notebook there.
    struct Link: Sendable, Equatable {
        let label: String
        let url: String
    }

    /// The links that open the notebook at `sourcePath` (relative to the content folder).
    func links(forSourcePath sourcePath: String) -> [Link] {
        let path = folder.isEmpty ? sourcePath : "\(folder)/\(sourcePath)"
        let encodedPath = Self.encoded(path, keepingSlashes: true)
        let repository = "https://github.com/\(owner)/\(name)"
        var links = services.map { service -> Link in
            switch service {
            case .binder:
                return Link(label: service.label, url: "https://mybinder.org/v2/gh/\(owner)/\(name)/\(Self.encoded(branch, keepingSlashes: false))?labpath=\(Self.encoded(path, keepingSlashes: false))")
            case .colab:
                return Link(label: service.label, url: "https://colab.research.google.com/github/\(owner)/\(name)/blob/\(Self.encoded(branch, keepingSlashes: true))/\(encodedPath)")
            case .swan:
                let raw = "https://raw.githubusercontent.com/\(owner)/\(name)/\(Self.encoded(branch, keepingSlashes: true))/\(encodedPath)"
                return Link(label: service.label, url: "https://swan-k8s.cern.ch/user-redirect/download?projurl=\(Self.encoded(raw, keepingSlashes: false))")
            }
        }
        if let jupyterhub {
            let url = jupyterhub.replacingOccurrences(of: "{repository}", with: Self.encoded(repository, keepingSlashes: false))
                .replacingOccurrences(of: "{owner}", with: Self.encoded(owner, keepingSlashes: false))
                .replacingOccurrences(of: "{name}", with: Self.encoded(name, keepingSlashes: false))
                .replacingOccurrences(of: "{branch}", with: Self.encoded(branch, keepingSlashes: false))
                .replacingOccurrences(of: "{path}", with: encodedPath)
            links.append(Link(label: "JupyterHub", url: url))
        }
        return links
    }

    /// `text` percent-encoded for a URL's path or query value.
    static func encoded(_ text: String, keepingSlashes: Bool) -> String {
        var allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        if keepingSlashes { allowed.insert("/") }
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    /// The settings under `notebooks:`, checked; each problem is an error at its value.
    static func checked(_ texts: [String: Located<String>], lists: [String: [Located<String>]], source: SourceText, sink: DiagnosticSink) -> NotebookLaunch? {
        guard !texts.isEmpty || !lists.isEmpty else { return nil }
        var services: [Service] = []
        for name in lists["launch"] ?? [] {
            guard let service = Service(rawValue: name.value.lowercased()) else {
                let known = Service.allCases.map(\.rawValue)
                sink.add(source.error("settings.unknown-launch", "'\(name.value)' is not a service portal can open notebooks in", line: name.line, column: name.column,
                                      fix: Suggestion.didYouMean(name.value, in: known) ?? "use \(known.joined(separator: ", ")), or give any JupyterHub as 'jupyterhub:'"))
                continue
            }
            if !services.contains(service) { services.append(service) }
        }
        guard let repository = texts["repository"] else {
            let at = texts.values.first ?? lists.values.first?.first
            sink.add(source.error("settings.notebook-repository", "launch links need the repository the notebooks are published in", line: at?.line ?? 1, column: at?.column ?? 1,
                                  fix: "add 'repository: https://github.com/OWNER/NAME' under 'notebooks:'"))
            return nil
        }
        let parts = repository.value.split(separator: "/", omittingEmptySubsequences: false)
        let isName: (Substring) -> Bool = { !$0.isEmpty && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) } }
        guard parts.count == 5, parts[0] == "https:", parts[1].isEmpty, parts[2] == "github.com", isName(parts[3]), isName(parts[4]) else {
            sink.add(source.error("settings.notebook-repository", "'\(repository.value)' is not a GitHub repository's address", line: repository.line, column: repository.column,
                                  fix: "write it as https://github.com/OWNER/NAME: Binder, Colab and SWAN open notebooks from GitHub"))
            return nil
        }
        var jupyterhub: String?
        if let hub = texts["jupyterhub"] {
            if hub.value.hasPrefix("https://"), hub.value.contains("{path}"), !hub.value.contains(where: { $0 == " " || $0 == "\"" || $0 == "<" || $0 == ">" }) {
                jupyterhub = hub.value
            } else {
                sink.add(source.error("settings.bad-jupyterhub", "'jupyterhub' must be an https:// address with {path} where the notebook's path goes", line: hub.line, column: hub.column,
                                      fix: "for example https://hub.example.org/hub/user-redirect/git-pull?repo={repository}&branch={branch}&urlpath=lab/tree/{name}/{path}"))
            }
        }
        let folder = (texts["folder"]?.value ?? "content").trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        return NotebookLaunch(owner: String(parts[3]), name: String(parts[4]), branch: texts["branch"]?.value ?? "main", folder: folder == "." ? "" : folder,
                              services: services, jupyterhub: jupyterhub)
    }
}
