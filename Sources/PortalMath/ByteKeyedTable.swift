/// A table of values looked up by a name's UTF-8 bytes, read in place: for the lookups made for
/// every command of every formula, where a `String` and a `Dictionary` lookup for each would cost
/// more than the rest of the work on the command.
struct ByteKeyedTable<Value> {
    /// Open addressing over a power of two: each slot holds an entry's index, or -1.
    private var slots: [Int32]
    /// Every entry's name, one after the other: entry `n` is `names[starts[n]..<starts[n + 1]]`.
    private var names: [UInt8] = []
    private var starts: [Int] = [0]
    private var values: [Value] = []

    init(_ entries: some Collection<(String, Value)>) {
        var size = 1
        while size < entries.count * 2 { size *= 2 }
        slots = Array(repeating: -1, count: size)
        for (name, value) in entries {
            let bytes = Array(name.utf8)
            var slot = bytes.withUnsafeBufferPointer { Self.hash($0) } & (size - 1)
            while slots[slot] >= 0 { slot = (slot + 1) & (size - 1) }
            slots[slot] = Int32(values.count)
            names += bytes
            starts.append(names.count)
            values.append(value)
        }
    }

    /// The value of `name`, nil when the table has none.
    subscript(name: UnsafeBufferPointer<UInt8>) -> Value? {
        var slot = Self.hash(name) & (slots.count - 1)
        while slots[slot] >= 0 {
            let entry = Int(slots[slot])
            let start = starts[entry]
            if starts[entry + 1] - start == name.count,
               names.withUnsafeBufferPointer({ Self.equal(UnsafeBufferPointer(rebasing: $0[start..<(start + name.count)]), name) }) {
                return values[entry]
            }
            slot = (slot + 1) & (slots.count - 1)
        }
        return nil
    }

    /// Whether `first` and `second` hold the same bytes: a plain loop, where the generic
    /// `elementsEqual` goes through iterators for every byte.
    static func equal(_ first: UnsafeBufferPointer<UInt8>, _ second: UnsafeBufferPointer<UInt8>) -> Bool {
        guard first.count == second.count else { return false }
        for index in 0..<first.count where first[index] != second[index] { return false }
        return true
    }

    /// FNV-1a over the name's bytes.
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var hash: UInt64 = 14_695_981_039_346_656_037
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 1_099_511_628_211 }
        return Int(truncatingIfNeeded: hash)
    }
}

extension ByteKeyedTable: Sendable where Value: Sendable {}
