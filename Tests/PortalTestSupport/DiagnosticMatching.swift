import PortalCore

extension BuildReport {
    /// The diagnostics with identifier `id`.
    public func diagnostics(_ id: String) -> [Diagnostic] {
        diagnostics.filter { $0.id == id }
    }

    /// The single diagnostic with identifier `id`, or nil if there is none or more than one.
    public func only(_ id: String) -> Diagnostic? {
        let matches = diagnostics(id)
        return matches.count == 1 ? matches[0] : nil
    }

    /// Every diagnostic as text, for failure messages.
    public var summary: String {
        diagnostics.map(\.description).joined(separator: "\n")
    }
}
