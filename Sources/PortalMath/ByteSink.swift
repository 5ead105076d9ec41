/// A growing buffer of UTF-8 bytes that the MathML writer appends many short pieces to.
///
/// An `Array`'s `append(contentsOf:)` checks uniqueness and goes through the generic path for
/// sequences on every call, which costs more than copying a tag of a few bytes; here an append is a
/// capacity check and a copy. The bytes live in the storage object's own allocation (one allocation
/// and one free for a formula, where an object holding a pointer to its bytes takes two); a sink is not
/// meant to be copied (copies would share the storage), and is held by one writer.
struct ByteSink {
    private final class Storage: ManagedBuffer<Void, UInt8> {}

    private var storage: Storage
    /// The storage's bytes, which stay where they are while `storage` is held.
    private var start: UnsafeMutablePointer<UInt8>
    /// Kept here: `ManagedBuffer.capacity` asks the allocator.
    private var capacity: Int
    private(set) var count = 0

    init(capacity: Int) {
        (storage, start) = Self.allocate(max(capacity, 64))
        self.capacity = max(capacity, 64)
    }

    private static func allocate(_ capacity: Int) -> (Storage, UnsafeMutablePointer<UInt8>) {
        let storage = unsafeDowncast(Storage.create(minimumCapacity: capacity) { _ in }, to: Storage.self)
        return (storage, storage.withUnsafeMutablePointerToElements { $0 })
    }

    /// The bytes written, as a `String` (validated once, here).
    var string: String {
        String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self)
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        reserve(1)
        start[count] = byte
        count += 1
    }

    @inline(__always)
    mutating func append(_ text: StaticString) {
        append(text.utf8Start, count: text.utf8CodeUnitCount)
    }

    @inline(__always)
    mutating func append(_ bytes: UnsafePointer<UInt8>, count length: Int) {
        reserve(length)
        (start + count).update(from: bytes, count: length)
        count += length
    }

    /// The bytes written, as an array (for tables made once).
    var bytes: [UInt8] { Array(UnsafeBufferPointer(start: start, count: count)) }

    /// The byte at `index`, which must be below `count`.
    subscript(index: Int) -> UInt8 { start[index] }

    /// Calls `body` with the bytes `range`, which must have been written.
    func withBytes<Result>(_ range: Range<Int>, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        body(UnsafeBufferPointer(start: start + range.lowerBound, count: range.count))
    }

    /// Inserts `text` at `index`, moving the bytes from there on: for a wrapper whose need is known
    /// only after its content was written (`<mrow>` around more than one node, `<msub>` once a script
    /// follows).
    mutating func insert(_ text: StaticString, at index: Int) {
        insert(text.utf8Start, count: text.utf8CodeUnitCount, at: index)
    }

    mutating func insert(_ bytes: UnsafePointer<UInt8>, count length: Int, at index: Int) {
        reserve(length)
        // `copyMemory` is a memmove: the two ranges overlap.
        UnsafeMutableRawPointer(start + index + length).copyMemory(from: start + index, byteCount: count - index)
        (start + index).update(from: bytes, count: length)
        count += length
    }

    /// Replaces the bytes `range` with `text`; returns how far the bytes after them moved.
    mutating func replace(_ range: Range<Int>, with text: StaticString) -> Int {
        let shift = text.utf8CodeUnitCount - range.count
        if shift > 0 { reserve(shift) }
        UnsafeMutableRawPointer(start + range.upperBound + shift).copyMemory(from: start + range.upperBound, byteCount: count - range.upperBound)
        (start + range.lowerBound).update(from: text.utf8Start, count: text.utf8CodeUnitCount)
        count += shift
        return shift
    }

    /// Takes the last `length` bytes off.
    mutating func removeLast(_ length: Int = 1) {
        count -= length
    }

    /// Puts the bytes of `second` before those of `first`, which it directly follows.
    mutating func swap(_ first: Range<Int>, _ second: Range<Int>) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: first.count) { moved in
            _ = moved.initialize(from: UnsafeBufferPointer(start: start + first.lowerBound, count: first.count))
            UnsafeMutableRawPointer(start + first.lowerBound).copyMemory(from: start + second.lowerBound, byteCount: second.count)
            (start + first.lowerBound + second.count).update(from: moved.baseAddress!, count: first.count)
        }
    }

    /// The check is inlined into every append; growing, which is rare, is not.
    @inline(__always)
    private mutating func reserve(_ length: Int) {
        if count + length > capacity { grow(toHold: length) }
    }

    @inline(never)
    private mutating func grow(toHold length: Int) {
        let capacity = max(capacity * 2, count + length)
        let (grown, grownStart) = Self.allocate(capacity)
        grownStart.update(from: start, count: count)
        storage = grown
        start = grownStart
        self.capacity = capacity
    }

    /// Appends `text` with `&`, `<`, `>` and `"` escaped and every character outside ASCII written as a
    /// character reference (`&#x3B7;`), copying runs that need nothing in one go; the C1 controls,
    /// U+FFFE and U+FFFF are left out, and with `droppingControlCharacters` the C0 controls XML 1.0
    /// forbids too (the source of a formula may hold control characters, which are reported as errors).
    ///
    /// MathML written only in ASCII is made a `String` by the standard library's ASCII check, which
    /// reads eight bytes at a time, where a text holding one Greek letter is checked as UTF-8 byte by
    /// byte; a browser reads the reference as the character.
    mutating func appendEscaped(_ text: String, droppingControlCharacters: Bool = false) {
        // Most texts are a leaf's one or two characters with nothing to escape: read in place and
        // copied whole, without the mutable copy that `withUTF8` needs.
        if !droppingControlCharacters, let copied = text.utf8.withContiguousStorageIfAvailable({ bytes -> Bool in
            guard let base = bytes.baseAddress else { return true }
            for byte in bytes where byte >= 0x80 || byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "\"") {
                return false
            }
            append(base, count: bytes.count)
            return true
        }), copied {
            return
        }
        var text = text
        text.withUTF8 { appendEscaped($0, droppingControlCharacters: droppingControlCharacters) }
    }

    /// `appendEscaped(_:droppingControlCharacters:)` for the UTF-8 bytes of a text (valid UTF-8).
    mutating func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>, droppingControlCharacters: Bool) {
        guard let base = bytes.baseAddress else { return }
        var copied = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            // Most bytes are printable ASCII other than markup: a few comparisons each, TeX's digits,
            // spaces and brackets (below `>`) included.
            let plain = byte > UInt8(ascii: ">")
                ? byte < 0x7F
                : byte >= 0x20 && byte != UInt8(ascii: "&") && byte != UInt8(ascii: "<") && byte != UInt8(ascii: ">") && byte != UInt8(ascii: "\"")
            if plain {
                index += 1
                continue
            }
            if byte >= 0x80 {
                // A C1 control, U+FFFE or U+FFFF (which the lexer reports) is left out: a reference
                // to a C1 control reads as another character in HTML.
                let (scalar, length) = TexLexer.scalar(in: bytes, at: index)
                append(base + copied, count: index - copied)
                if Self.isAllowedInXML(scalar) { appendReference(to: scalar) }
                index += length
                copied = index
                continue
            }
            let entity: StaticString
            switch byte {
            case UInt8(ascii: "&"): entity = "&amp;"
            case UInt8(ascii: "<"): entity = "&lt;"
            case UInt8(ascii: ">"): entity = "&gt;"
            case UInt8(ascii: "\""): entity = "&quot;"
            case 0x09, 0x0A, 0x0D:
                index += 1
                continue
            default:
                // Another C0 control, or DEL: kept unless dropped.
                guard droppingControlCharacters else {
                    index += 1
                    continue
                }
                append(base + copied, count: index - copied)
                index += 1
                copied = index
                continue
            }
            append(base + copied, count: index - copied)
            append(entity)
            index += 1
            copied = index
        }
        append(base + copied, count: bytes.count - copied)
    }

    /// Appends the character reference of `scalar` (`&#x3B7;`).
    mutating func appendReference(to scalar: Unicode.Scalar) {
        append("&#x")
        let value = scalar.value
        var shift = 20
        while shift > 0, value >> UInt32(shift) == 0 { shift -= 4 }
        while shift >= 0 {
            let digit = UInt8((value >> UInt32(shift)) & 0xF)
            append(digit < 10 ? UInt8(ascii: "0") + digit : UInt8(ascii: "A") + digit - 10)
            shift -= 4
        }
        append(UInt8(ascii: ";"))
    }

    /// Whether XML 1.0 allows `scalar`: not a C0 control other than tab and line breaks, not DEL or a
    /// C1 control, not U+FFFE or U+FFFF.
    static func isAllowedInXML(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x20 { return value == 0x09 || value == 0x0A || value == 0x0D }
        return !(0x7F..<0xA0).contains(value) && value != 0xFFFE && value != 0xFFFF
    }
}
