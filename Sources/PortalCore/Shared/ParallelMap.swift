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

    /// Runs `first` and `second` at once where a second thread is free, and returns both results:
    /// two pieces of work that share no state, each of which leaves a core idle while it runs alone.
    static func both<First, Second>(_ first: () -> First, _ second: () -> Second) -> (First, Second) {
        withoutActuallyEscaping(first) { first in
            withoutActuallyEscaping(second) { second in
                // Each closure runs on exactly one thread, and each result is written by it alone;
                // `concurrentPerform` returns once both are done.
                nonisolated(unsafe) let (runFirst, runSecond) = (first, second)
                nonisolated(unsafe) var firstResult: First?
                nonisolated(unsafe) var secondResult: Second?
                DispatchQueue.concurrentPerform(iterations: 2) { index in
                    if index == 0 { firstResult = runFirst() } else { secondResult = runSecond() }
                }
                return (firstResult!, secondResult!)
            }
        }
    }
}

/// Write-once slots filled from many threads, each index by exactly one thread.
private final class ResultSlots<Value>: @unchecked Sendable {
    private let storage: UnsafeMutableBufferPointer<Value?>
    /// Whether `values()` moved the values out, leaving the slots uninitialized.
    private var taken = false

    init(count: Int) {
        storage = .allocate(capacity: count)
        storage.initialize(repeating: nil)
    }

    deinit {
        if !taken { storage.deinitialize() }
        storage.deallocate()
    }

    func set(_ index: Int, _ value: Value) { storage[index] = value }

    /// The values, in order, moved out of the slots (once): a copy would retain every reference
    /// each result holds, and freeing the slots release them all again, one thread doing both.
    func values() -> [Value] {
        precondition(!taken, "the values were taken already")
        taken = true
        // An array made with no capacity writes its count into the storage every empty array
        // shares, which other threads read.
        guard storage.count > 0, let base = storage.baseAddress else { return [] }
        return [Value](unsafeUninitializedCapacity: storage.count) { buffer, initialized in
            initialized = 0
            for index in 0..<storage.count {
                guard let value = (base + index).move() else { continue }
                (buffer.baseAddress! + initialized).initialize(to: value)
                initialized += 1
            }
        }
    }
}
