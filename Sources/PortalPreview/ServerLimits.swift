/// The limits that keep one client, slow, huge or hostile, from taking the preview server from the others.
///
/// A request line or header block over its limit is answered at once (414, 431) without reading the
/// rest; a request head that does not arrive in time gets 408; past the connection limit, the
/// connection that has waited longest for a request is closed to make room.
public struct ServerLimits: Sendable {
    /// The longest request line read (method, path and version); a longer one gets 414.
    public var requestLineBytes = 8 * 1024
    /// The most bytes of header lines read after the request line; more get 431.
    public var headerBytes = 64 * 1024
    /// How long a client may take to send a whole request head once it has started; a slower one gets 408.
    public var headSeconds = 10.0
    /// How long a connection may wait for its next request before it is closed.
    public var idleSeconds = 30.0
    /// How long sending one response may take before the connection is dropped (event streams: each event).
    public var sendSeconds = 60.0
    /// The most connections served at once, event streams included.
    public var connections = 64

    /// The defaults `portal serve` uses.
    public init() {}
}
