import Foundation

/// Runs one parse on a thread of its own and stops waiting for it once that thread has used more
/// processor time than the parse's budget: the backstop behind `ComplexityCheck`, for shapes it
/// does not know.
///
/// cmark-gfm cannot be interrupted inside a call, and a thread cannot be cancelled safely in the
/// middle of one, so a parse over budget is left to finish on its own thread, which then frees what
/// it made; the caller goes on at once. Processor time, not wall time, is held against the budget,
/// so a loaded machine never refuses a page that only waited for a core. Parse threads are kept and
/// reused: starting one per page cost as much processor time as the parses themselves. A body
/// that went over budget is remembered for the life of the process, so that the preview server
/// refuses it again at once instead of starting another parse of it.
enum ParseWatchdog {
    /// Bodies from this size up are parsed under the watchdog. Handing a parse to another thread
    /// and back costs about as much processor time as parsing a page of a few kilobytes, and a
    /// smaller body stays quick even in quadratic time; the shapes `ComplexityCheck` knows are
    /// refused at every size.
    static let watchedSize = 16 * 1024

    /// The processor time a body of `bytes` may take to parse: a floor for small bodies, then in
    /// proportion to the size, far above what a written page or any linear shape needs.
    static func parseBudget(bytes: Int) -> Double {
        1 + 5 * Double(bytes) / 1_000_000
    }

    /// How often the waiting thread looks at the parse's processor time.
    private static let pollInterval = DispatchTimeInterval.milliseconds(50)
    /// The parse threads' stack: cmark-gfm recurses on nested input, as on the caller's threads.
    private static let stackSize = 8 * 1024 * 1024
    /// How many idle parse threads are kept; more are started when more parse at once, and end when done.
    private static let keptThreads = 16

    private static let lock = NSLock()
    nonisolated(unsafe) private static var overBudget: Set<Int> = []
    nonisolated(unsafe) private static var idle: [ParseThread] = []

    /// The value `work` returns, or nil when it used more than `budget` seconds of processor time;
    /// `discard` then receives the value on the parse's thread when it is done.
    /// `key` names the input, so an input that went over budget is refused again without running.
    static func run<Value>(key: Int, budget: Double, _ work: @escaping @Sendable () -> Value,
                           discard: @escaping @Sendable (Value) -> Void) -> Value? {
        let (refused, kept) = lock.withLock { (overBudget.contains(key), idle.popLast()) }
        if refused { return nil }
        let slot = Slot<Value>()
        let job = WatchedJob(work: { slot.value = work() }, discard: { if let value = slot.value { discard(value) } })
        guard let thread = kept ?? ParseThread.start(stackSize: stackSize) else { return work() }
        thread.run(job)
        while job.done.wait(timeout: .now() + pollInterval) == .timedOut {
            guard job.processorSeconds() > budget else { continue }
            if job.abandon() {
                lock.withLock { _ = overBudget.insert(key) }
                return nil
            }
            // It finished between the wait and the look at its time.
            job.done.wait()
            break
        }
        return slot.value
    }

    /// Takes back a parse thread that is done; false when enough are kept and it should end.
    fileprivate static func keep(_ thread: ParseThread) -> Bool {
        lock.withLock {
            guard idle.count < keptThreads else { return false }
            idle.append(thread)
            return true
        }
    }
}

/// Where a watched parse leaves its value; written before `WatchedJob.done` is signalled.
private final class Slot<Value>: @unchecked Sendable {
    var value: Value?
}

/// A thread that runs one watched parse after another.
private final class ParseThread: @unchecked Sendable {
    private let wake = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var job: WatchedJob?
    /// The thread's processor-time clock, known once the thread runs.
    private var clock: clockid_t?

    /// Starts a thread, which waits for its first job; nil when the system would not start one.
    static func start(stackSize: Int) -> ParseThread? {
        let thread = ParseThread()
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setstacksize(&attributes, stackSize)
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        let context = Unmanaged.passRetained(thread).toOpaque()
        var handle = pthread_t()
        let started = pthread_create(&handle, &attributes, { context in
            guard let context else { return nil }
            Unmanaged<ParseThread>.fromOpaque(context).takeRetainedValue().loop()
            return nil
        }, context)
        guard started == 0 else {
            Unmanaged<ParseThread>.fromOpaque(context).release()
            return nil
        }
        return thread
    }

    /// Hands `job` to the thread.
    func run(_ job: WatchedJob) {
        lock.withLock { self.job = job }
        wake.signal()
    }

    private func loop() {
        var own = clockid_t()
        let clock = pthread_getcpuclockid(pthread_self(), &own) == 0 ? own : nil
        repeat {
            wake.wait()
            guard let job = lock.withLock({ self.job }) else { continue }
            lock.withLock { self.job = nil }
            job.execute(clock: clock)
        } while ParseWatchdog.keep(self)
    }
}

/// One watched parse, with what the waiting thread and the parse thread share.
private final class WatchedJob: @unchecked Sendable {
    /// Signalled by the parse thread when `work` is done and the parse was not abandoned.
    let done = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    /// The parse thread's clock and its reading when the parse began.
    private var started: (clock: clockid_t, seconds: Double)?
    private var finished = false
    private var abandoned = false
    private let work: @Sendable () -> Void
    private let discard: @Sendable () -> Void

    init(work: @escaping @Sendable () -> Void, discard: @escaping @Sendable () -> Void) {
        self.work = work
        self.discard = discard
    }

    /// Runs the parse on the calling thread, whose processor-time clock is `clock`.
    func execute(clock: clockid_t?) {
        if let clock, let seconds = Self.seconds(on: clock) { lock.withLock { started = (clock, seconds) } }
        work()
        let wasAbandoned = lock.withLock {
            finished = true
            return abandoned
        }
        if wasAbandoned { discard() } else { done.signal() }
    }

    /// The processor time the parse has used so far.
    func processorSeconds() -> Double {
        lock.withLock {
            guard let started, !finished, let now = Self.seconds(on: started.clock) else { return 0 }
            return now - started.seconds
        }
    }

    /// Gives the parse up, unless it has finished; whether it was given up.
    func abandon() -> Bool {
        lock.withLock {
            guard !finished else { return false }
            abandoned = true
            return true
        }
    }

    private static func seconds(on clock: clockid_t) -> Double? {
        var time = timespec()
        guard clock_gettime(clock, &time) == 0 else { return nil }
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
