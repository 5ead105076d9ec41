import Foundation

/// A value made on a thread of its own while the caller goes on, for work with parts that run on
/// one core beside other such work (the search index beside the catalogue).
final class Background<Value: Sendable>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    // Written once by the thread before `done` is signalled, read only after waiting for it.
    private var value: Value?

    init(_ work: @escaping @Sendable () -> Value) {
        Thread { [self] in
            value = work()
            done.signal()
        }.start()
    }

    /// The value, once made.
    func wait() -> Value {
        done.wait()
        done.signal()
        return value!
    }
}
