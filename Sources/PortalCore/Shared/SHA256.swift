import CSHA256

/// SHA-256 (FIPS 180-4): the hashes a Content-Security-Policy names inline scripts by, and the
/// keys of the build manifest, which outlive the process (Swift's `Hasher` is seeded per process)
/// and must not collide even for content written to make them collide.
///
/// Foundation on Linux has no digest. Where the processor has the SHA extensions, whole blocks go
/// through them (`CSHA256`: the keys hash every page's context), else
/// through the plain implementation below; both are checked against the standard's test vectors.
enum SHA256 {
    /// The 32-byte digest of `bytes`.
    static func digest(_ bytes: [UInt8]) -> [UInt8] {
        var stream = Stream()
        stream.add(bytes)
        return stream.finish()
    }

    /// A digest computed piece by piece, without holding the whole input.
    struct Stream {
        private var state: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) =
            (0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19)
        /// The bytes not yet making a whole 64-byte block, in place (no allocation per stream).
        private var pending: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
        private var pendingCount = 0
        private var length: UInt64 = 0
        /// Whether whole blocks go through the processor's SHA instructions.
        private let usesInstructions: Bool

        /// A new digest; `portable` keeps to the plain implementation (for its tests).
        init(portable: Bool = false) {
            usesInstructions = !portable && SHA256.hasInstructions
        }

        /// Adds `bytes` to the input.
        mutating func add(_ bytes: UnsafeRawBufferPointer) {
            guard let base = bytes.baseAddress, bytes.count > 0 else { return }
            length &+= UInt64(bytes.count)
            var start = 0
            if pendingCount > 0 {
                let taken = min(64 - pendingCount, bytes.count)
                let offset = pendingCount
                withUnsafeMutableBytes(of: &pending) { $0.baseAddress.map { ($0 + offset).copyMemory(from: base, byteCount: taken) } }
                pendingCount += taken
                start = taken
                guard pendingCount == 64 else { return }
                var block = pending
                if usesInstructions {
                    withUnsafeMutableBytes(of: &state) { words in
                        withUnsafeBytes(of: &block) { csha256_blocks(words.baseAddress?.assumingMemoryBound(to: UInt32.self), $0.baseAddress?.assumingMemoryBound(to: UInt8.self), 1) }
                    }
                } else {
                    withUnsafeBytes(of: &block) { compress($0.baseAddress) }
                }
                pendingCount = 0
            }
            if usesInstructions, bytes.count - start >= 64 {
                let blocks = (bytes.count - start) / 64
                withUnsafeMutableBytes(of: &state) { words in
                    csha256_blocks(words.baseAddress?.assumingMemoryBound(to: UInt32.self), (base + start).assumingMemoryBound(to: UInt8.self), blocks)
                }
                start += blocks * 64
            }
            while bytes.count - start >= 64 {
                compress(base + start)
                start += 64
            }
            if start < bytes.count {
                let rest = bytes.count - start
                withUnsafeMutableBytes(of: &pending) { $0.baseAddress.map { $0.copyMemory(from: base + start, byteCount: rest) } }
                pendingCount = rest
            }
        }

        /// Adds `bytes` to the input.
        mutating func add(_ bytes: [UInt8]) {
            bytes.withUnsafeBytes { add($0) }
        }

        /// Adds the UTF-8 bytes of `text` to the input.
        mutating func add(_ text: String) {
            var text = text
            text.withUTF8 { add(UnsafeRawBufferPointer($0)) }
        }

        /// Adds `value` as eight bytes.
        mutating func add(_ value: Int) {
            withUnsafeBytes(of: UInt64(bitPattern: Int64(value)).littleEndian) { add($0) }
        }

        /// The digest of everything added.
        mutating func finish() -> [UInt8] {
            // The padding, in place: 0x80, zeros up to 56 bytes past a block's start, and the
            // input's length in bits, big-endian; every page key ends here.
            let bitCount = length &* 8
            let zeroed = pendingCount < 56 ? 55 - pendingCount : 119 - pendingCount
            var tail: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0, 0)
            withUnsafeMutableBytes(of: &tail) { bytes in
                bytes[0] = 0x80
                for index in 0..<8 { bytes[1 + zeroed + index] = UInt8(truncatingIfNeeded: bitCount >> UInt64(56 - 8 * index)) }
                add(UnsafeRawBufferPointer(rebasing: bytes[0..<(9 + zeroed)]))
            }
            let words = state
            return [UInt8](unsafeUninitializedCapacity: 32) { digest, count in
                withUnsafeBytes(of: words) { raw in
                    for index in 0..<8 {
                        let word = raw.load(fromByteOffset: index * 4, as: UInt32.self)
                        for byte in 0..<4 { digest[index * 4 + byte] = UInt8(truncatingIfNeeded: word >> UInt32(24 - 8 * byte)) }
                    }
                }
                count = 32
            }
        }

        /// Runs the compression function over the 64-byte block at `block`.
        private mutating func compress(_ block: UnsafeRawPointer?) {
            guard let block else { return }
            var schedule: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
                           UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) =
                (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
            var (a, b, c, d, e, f, g, h) = state
            withUnsafeMutableBytes(of: &schedule) { raw in
                let words = raw.bindMemory(to: UInt32.self)
                for index in 0..<16 { words[index] = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: index * 4, as: UInt32.self)) }
                for index in 16..<64 {
                    let low = words[index - 15], high = words[index - 2]
                    let sigma0 = rotate(low, 7) ^ rotate(low, 18) ^ (low >> 3)
                    let sigma1 = rotate(high, 17) ^ rotate(high, 19) ^ (high >> 10)
                    words[index] = words[index - 16] &+ sigma0 &+ words[index - 7] &+ sigma1
                }
                // The standard's constants, kept once, in C, beside the compression function that uses the SHA extensions.
                let constants = UnsafeBufferPointer(start: csha256_round_constants(), count: 64)
                for index in 0..<64 {
                    let choice = (e & f) ^ (~e & g)
                    let temporary1 = h &+ (rotate(e, 6) ^ rotate(e, 11) ^ rotate(e, 25)) &+ choice &+ constants[index] &+ words[index]
                    let majority = (a & b) ^ (a & c) ^ (b & c)
                    let temporary2 = (rotate(a, 2) ^ rotate(a, 13) ^ rotate(a, 22)) &+ majority
                    (h, g, f, e, d, c, b, a) = (g, f, e, d &+ temporary1, c, b, a, temporary1 &+ temporary2)
                }
            }
            state = (state.0 &+ a, state.1 &+ b, state.2 &+ c, state.3 &+ d, state.4 &+ e, state.5 &+ f, state.6 &+ g, state.7 &+ h)
        }
    }

    /// Whether this processor has the SHA extensions.
    static let hasInstructions = csha256_available() != 0

    private static func rotate(_ value: UInt32, _ count: UInt32) -> UInt32 {
        value >> count | value << (32 - count)
    }

}
