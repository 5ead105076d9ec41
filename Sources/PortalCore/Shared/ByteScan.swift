#if canImport(Glibc)
import Glibc
#endif

/// Finding one byte in a buffer with the C library's `memchr`, which looks at many bytes at a time:
/// the texts scanned here run to megabytes (a notebook's images are base64 in it).
enum ByteScan {
    /// The offset of the first `byte` in `buffer` from `start` on, or nil.
    static func first(_ byte: UInt8, in buffer: UnsafeBufferPointer<UInt8>, from start: Int = 0) -> Int? {
        guard let base = buffer.baseAddress, start < buffer.count else { return nil }
        guard let found = memchr(base + start, Int32(byte), buffer.count - start) else { return nil }
        return UnsafeRawPointer(found) - UnsafeRawPointer(base)
    }

    /// The offsets just after each `byte` in `buffer`, after a first entry of 0: where lines start.
    static func starts(after byte: UInt8, in buffer: UnsafeBufferPointer<UInt8>) -> [Int] {
        var offsets = [0]
        var next = 0
        while let found = first(byte, in: buffer, from: next) {
            offsets.append(found + 1)
            next = found + 1
        }
        return offsets
    }
}
