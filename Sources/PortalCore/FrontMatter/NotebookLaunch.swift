import Foundation

/// The services that open a copy of a notebook page's notebook (`notebooks:` in `site.yml`), from
/// the repository the site names (`repository:`): each notebook page links to them.
///
///     repository:
///       url: https://github.com/OWNER/NAME
///     notebooks:
///       launch: [binder, colab, swan]
///       jupyterhub: https://hub.example.org/hub/user-redirect/git-pull?repo={repository}&branch={branch}&urlpath=lab/tree/{name}/{path}
struct NotebookLaunch: Sendable, Equatable {
    /// A service that opens a notebook from a public repository.
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

    let repository: SourceRepository
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
        let path = repository.path(of: sourcePath)
        let (owner, name, branch) = (repository.owner, repository.name, repository.branch)
        let isGitHub = repository.host == .github
        var links = services.map { service -> Link in
            switch service {
            case .binder:
                let spec = isGitHub ? "gh/\(owner)/\(name)" : "gl/\(Self.encoded(owner + "/" + name, keepingSlashes: false))"
                return Link(label: service.label, url: "https://mybinder.org/v2/\(spec)/\(Self.encoded(branch, keepingSlashes: false))?labpath=\(Self.encoded(path, keepingSlashes: false))")
            case .colab:
                return Link(label: service.label, url: "https://colab.research.google.com/github/\(owner)/\(name)/blob/\(Self.encoded(branch, keepingSlashes: true))/\(Self.encoded(path, keepingSlashes: true))")
            case .swan:
                let raw = isGitHub
                    ? "https://raw.githubusercontent.com/\(owner)/\(name)/\(Self.encoded(branch, keepingSlashes: true))/\(Self.encoded(path, keepingSlashes: true))"
                    : "\(repository.url)/-/raw/\(Self.encoded(branch, keepingSlashes: true))/\(Self.encoded(path, keepingSlashes: true))"
                return Link(label: service.label, url: "https://swan-k8s.cern.ch/user-redirect/download?projurl=\(Self.encoded(raw, keepingSlashes: false))")
            }
        }
        if let jupyterhub {
            let url = jupyterhub.replacingOccurrences(of: "{repository}", with: Self.encoded(repository.url, keepingSlashes: false))
                .replacingOccurrences(of: "{owner}", with: Self.encoded(owner, keepingSlashes: false))
                .replacingOccurrences(of: "{name}", with: Self.encoded(name, keepingSlashes: false))
                .replacingOccurrences(of: "{branch}", with: Self.encoded(branch, keepingSlashes: false))
                .replacingOccurrences(of: "{path}", with: Self.encoded(path, keepingSlashes: true))
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

    /// The settings under `notebooks:` (written at `key`), checked against the site's `repository`;
    /// each problem is an error at its value.
    static func checked(_ texts: [String: Located<String>], lists: [String: [Located<String>]], at key: (line: Int, column: Int)?, repository: SourceRepository?,
                        source: SourceText, sink: DiagnosticSink) -> NotebookLaunch? {
        guard let key else { return nil }
        var services: [Service] = []
        for name in lists["launch"] ?? [] {
            guard let service = Service(rawValue: name.value.lowercased()) else {
                let known = Service.allCases.map(\.rawValue)
                sink.add(source.error("settings.unknown-launch", "'\(name.value)' is not a service portal can open notebooks in", line: name.line, column: name.column,
                                      fix: Suggestion.didYouMean(name.value, in: known) ?? "use \(known.joined(separator: ", ")), or give any JupyterHub as 'jupyterhub:'"))
                continue
            }
            if service == .colab, let repository, repository.host != .github {
                sink.add(source.error("settings.notebook-repository", "Google Colab opens notebooks from GitHub only, and the site's repository is on GitLab",
                                      line: name.line, column: name.column, fix: "leave colab out, or publish the notebooks on GitHub"))
                continue
            }
            if !services.contains(service) { services.append(service) }
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
        guard let repository else {
            sink.add(source.error("settings.notebook-repository", "launch links open notebooks from the site's repository, which site.yml does not name",
                                  line: key.line, column: key.column, fix: "add 'repository: {url: https://github.com/OWNER/NAME}' to site.yml"))
            return nil
        }
        return NotebookLaunch(repository: repository, services: services, jupyterhub: jupyterhub)
    }
}
