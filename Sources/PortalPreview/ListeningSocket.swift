import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A TCP socket bound and listening on one address, and the connections it accepts.
struct ListeningSocket: Sendable {
    let descriptor: Int32
    /// The port bound (the one the system chose when asked for port 0).
    let port: UInt16

    /// Binds `host` (an IPv4 or IPv6 address) and `port`, and starts listening.
    init(host: String, port: UInt16) throws(ListenFailure) {
        var storage = sockaddr_storage()
        let length: socklen_t
        let family: Int32
        if host.contains(":") {
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_port = port.bigEndian
            guard inet_pton(AF_INET6, host, &address.sin6_addr) == 1 else { throw .invalidAddress(host) }
            withUnsafeMutableBytes(of: &storage) { $0.storeBytes(of: address, as: sockaddr_in6.self) }
            (length, family) = (socklen_t(MemoryLayout<sockaddr_in6>.size), AF_INET6)
        } else {
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = port.bigEndian
            guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else { throw .invalidAddress(host) }
            withUnsafeMutableBytes(of: &storage) { $0.storeBytes(of: address, as: sockaddr_in.self) }
            (length, family) = (socklen_t(MemoryLayout<sockaddr_in>.size), AF_INET)
        }
        let descriptor = socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw .system(String(cString: strerror(errno))) }
        var on: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
        let bound = withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        guard bound == 0, listen(descriptor, 128) == 0 else {
            let message = String(cString: strerror(errno))
            close(descriptor)
            throw .system(message)
        }
        var boundAddress = sockaddr_storage()
        var boundLength = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = withUnsafeMutablePointer(to: &boundAddress) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &boundLength) }
        }
        let networkPort = withUnsafeBytes(of: &boundAddress) { raw in
            family == AF_INET6 ? raw.load(as: sockaddr_in6.self).sin6_port : raw.load(as: sockaddr_in.self).sin_port
        }
        self.descriptor = descriptor
        self.port = UInt16(bigEndian: networkPort)
    }

    /// Waits for the next connection; nil once the socket is shut down. The connection is
    /// non-blocking (every wait on it has a deadline) and has Nagle's algorithm off: a response's
    /// head and body can go in two writes, and with Nagle on the second waited for the client's
    /// delayed acknowledgement.
    func accept() -> Int32? {
        while true {
            // (`accept4`, which would set both flags at once, is not visible to Swift in Glibc.)
            let client = Glibc.accept(descriptor, nil, nil)
            if client >= 0 {
                _ = fcntl(client, F_SETFD, FD_CLOEXEC)
                _ = fcntl(client, F_SETFL, fcntl(client, F_GETFL) | O_NONBLOCK)
                var on: Int32 = 1
                setsockopt(client, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
                return client
            }
            switch errno {
            case EINTR, ECONNABORTED, EPROTO:
                continue
            case EMFILE, ENFILE, ENOBUFS, ENOMEM:
                // Out of descriptors or memory: wait for connections to close instead of spinning.
                usleep(100_000)
            default:
                return nil
            }
        }
    }

    /// Stops accepting: a thread waiting in `accept` returns nil.
    func shutDown() {
        Glibc.shutdown(descriptor, Int32(SHUT_RDWR))
    }
}
