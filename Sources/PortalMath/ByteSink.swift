/// A growing buffer of UTF-8 bytes that the MathML writer appends many short pieces to.
///
/// An `Array`'s `append(contentsOf:)` checks uniqueness and goes through the generic path for
/// sequences on every call, which costs more than copying a tag of a few bytes; here an append is a
/// capacity check and a copy. The storage is a class so that it is freed once; a sink is not meant to
/// be copied (copies would share it), and is held by one writer.
struct ByteSink {
    private final class Storage {
        var start: UnsafeMutablePointer<UInt8>
        var capacity: Int

        init(capacity: Int) {
            self.capacity = max(capacity, 64)
            start = .allocate(capacity: self.capacity)
        }

        deinit { start.deallocate() }
    }

    private let storage: Storage
    private(set) var count = 0

    init(capacity: Int) {
        storage = Storage(capacity: capacity)
    }

    /// The bytes written, as a `String` (validated once, here).
    var string: String {
        String(decoding: UnsafeBufferPointer(start: storage.start, count: count), as: UTF8.self)
    }

    mutating func append(_ byte: UInt8) {
        reserve(1)
        storage.start[count] = byte
        count += 1
    }

    mutating func append(_ text: StaticString) {
        append(text.utf8Start, count: text.utf8CodeUnitCount)
    }

    mutating func append(_ bytes: UnsafePointer<UInt8>, count length: Int) {
        reserve(length)
        (storage.start + count).update(from: bytes, count: length)
        count += length
    }

    /// The check is inlined into every append; growing, which is rare, is not.
    @inline(__always)
    private mutating func reserve(_ length: Int) {
        if count + length > storage.capacity { grow(toHold: length) }
    }

    @inline(never)
    private mutating func grow(toHold length: Int) {
        let capacity = max(storage.capacity * 2, count + length)
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        grown.update(from: storage.start, count: count)
        storage.start.deallocate()
        storage.start = grown
        storage.capacity = capacity
    }

    /// Appends `text` with `&`, `<`, `>` and `"` escaped, copying runs that need nothing in one go; with
    /// `droppingControlCharacters`, also leaves out what XML 1.0 forbids (the source of a formula may
    /// hold control characters, which are reported as errors).
    mutating func appendEscaped(_ text: String, droppingControlCharacters: Bool = false) {
        var text = text
        text.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return }
            var copied = 0
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                // Most bytes are neither markup nor controls: one comparison each.
                if byte > UInt8(ascii: ">") && byte != 0x7F && byte != 0xC2 && byte != 0xEF {
                    index += 1
                    continue
                }
                var entity: StaticString?
                var dropped = 0
                switch byte {
                case UInt8(ascii: "&"): entity = "&amp;"
                case UInt8(ascii: "<"): entity = "&lt;"
                case UInt8(ascii: ">"): entity = "&gt;"
                case UInt8(ascii: "\""): entity = "&quot;"
                case 0x00..<0x20 where byte != 0x09 && byte != 0x0A && byte != 0x0D, 0x7F:
                    dropped = droppingControlCharacters ? 1 : 0
                case 0xC2 where droppingControlCharacters && index + 1 < bytes.count && (0x80...0x9F).contains(bytes[index + 1]):
                    dropped = 2  // a C1 control
                case 0xEF where droppingControlCharacters && index + 2 < bytes.count && bytes[index + 1] == 0xBF && bytes[index + 2] >= 0xBE:
                    dropped = 3  // U+FFFE or U+FFFF
                default:
                    break
                }
                guard entity != nil || dropped > 0 else {
                    index += 1
                    continue
                }
                append(base + copied, count: index - copied)
                if let entity { append(entity) }
                index += max(dropped, 1)
                copied = index
            }
            append(base + copied, count: bytes.count - copied)
        }
    }
}
