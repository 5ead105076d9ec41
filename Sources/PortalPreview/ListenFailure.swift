/// Why the preview server could not start listening.
public enum ListenFailure: Error, CustomStringConvertible, Sendable {
    /// The host is not an IPv4 or IPv6 address.
    case invalidAddress(String)
    /// The system refused (the port is in use, the address is not this computer's, …).
    case system(String)

    /// The reason in plain words, as `portal serve` prints it.
    public var description: String {
        switch self {
        case .invalidAddress(let host): return "'\(host)' is not an IPv4 or IPv6 address"
        case .system(let message): return message
        }
    }
}
