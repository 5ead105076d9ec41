import Dispatch

/// Maps a function over an array on all cores, keeping the input order.
enum ParallelMap {
    static func map<Input: Sendable, Output: Sendable>(_ inputs: [Input], _ transform: @Sendable (Input) -> Output) -> [Output] {
        let results = ResultSlots<Output>(count: inputs.count)
        inputs.withUnsafeBufferPointer { buffer in
            nonisolated(unsafe) let buffer = buffer
            DispatchQueue.concurrentPerform(iterations: inputs.count) { index in
                results.set(index, transform(buffer[index]))
            }
        }
        return results.values()
    }

    /// `map`, taking the inputs: each is let go of as soon as `transform` is done with it (unless
    /// the caller holds another copy), rather than once every input is done. A one-off build hands
    /// its stages the file texts and rendered bodies this way.
    static func map<Input: Sendable, Output: Sendable>(consuming inputs: consuming [Input], _ transform: @Sendable (Input) -> Output) -> [Output] {
        let count = inputs.count
        let slots = UnsafeMutableBufferPointer<Input>.allocate(capacity: count)
        _ = slots.initialize(fromContentsOf: inputs)
        inputs = []
        let results = ResultSlots<Output>(count: count)
        nonisolated(unsafe) let taken = slots
        DispatchQueue.concurrentPerform(iterations: count) { index in
            // Each index is moved out by exactly one thread, and its value ends with this iteration.
            results.set(index, transform((taken.baseAddress! + index).move()))
        }
        slots.deallocate()
        return results.values()
    }
}

/// Write-once slots filled from many threads, each index by exactly one thread.
private final class ResultSlots<Value>: @unchecked Sendable {
    private let storage: UnsafeMutableBufferPointer<Value?>

    init(count: Int) {
        storage = .allocate(capacity: count)
        storage.initialize(repeating: nil)
    }

    deinit {
        storage.deinitialize()
        storage.deallocate()
    }

    func set(_ index: Int, _ value: Value) { storage[index] = value }

    func values() -> [Value] { storage.compactMap { $0 } }
}
