import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a handler on a thread of its own when SIGINT or SIGTERM arrives, whatever the other
/// threads are doing: the preview's first build runs on the main thread, so a handler queued
/// there would wait for it.
///
/// The signal handler itself only writes the signal's number to a pipe (about the only thing a
/// signal handler may safely do); the thread reading the pipe does the work.
enum SignalTrap {
    /// Installs the handler, which must end the process with `_exit` (`exit` would run the exit
    /// hook below on the thread that holds its lock, and wait for ever). Only the first signal is
    /// handled; later ones wait in the pipe while it cleans up.
    static func install(_ handler: @escaping @Sendable (Int32) -> Never) {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { return }
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        signalPipe = ends[1]
        let reader = ends[0]
        let thread = Thread {
            var number: UInt8 = 0
            while read(reader, &number, 1) != 1 {
                guard errno == EINTR else { return }
            }
            // Held until the handler ends the process: see the exit hook below.
            stopping.lock()
            handler(Int32(number))
        }
        var signals = sigset_t()
        sigemptyset(&signals)
        for number in [SIGINT, SIGTERM] {
            signal(number) { received in
                var byte = UInt8(truncatingIfNeeded: received)
                _ = write(signalPipe, &byte, 1)
            }
            sigaddset(&signals, number)
        }
        // A parent may start us with these signals blocked (they would then wait until the
        // process ends); threads started from now on inherit this thread's mask.
        pthread_sigmask(SIG_UNBLOCK, &signals, nil)
        // The work being stopped may fail meanwhile (its folder is removed under it) and the
        // command exit with its own status: an exit waits for the handler, which ends the process itself.
        atexit {
            stopping.lock()
        }
        thread.start()
    }

    /// The conventional exit status of a process stopped by `signal`.
    static func status(for signal: Int32) -> Int32 { 128 + signal }
}

/// Taken by the thread handling a signal, and by the process's exit, whichever comes first.
private let stopping = NSLock()

/// The pipe's writing end, which the signal handler (a C function) reads; set before any handler is installed.
nonisolated(unsafe) private var signalPipe: Int32 = -1
