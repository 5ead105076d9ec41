/// A ZIP archive of files stored as they are (method 0, no compression), written byte for byte the
/// same for the same files: a skill's files change seldom and are small scripts and text, and a
/// stored archive needs no compression library, which Foundation on Linux does not offer.
///
/// Names are UTF-8 (flag bit 11); every entry is dated 1980-01-01 00:00, the format's first day, so
/// that a build does not change the archive when no file changed; the Unix permissions go into the
/// external attributes, so a script stays executable once unpacked (`unzip`, Python's `zipfile`).
struct ZipArchive {
    /// One file: its name in the archive (`folder/file.py`), its bytes, and whether it is executable.
    struct Entry {
        let name: String
        let bytes: [UInt8]
        let executable: Bool
    }

    /// At most this many entries and bytes: the format's 16- and 32-bit fields hold them without
    /// ZIP64, and an archive is built in memory.
    static let maximumEntries = 10_000
    static let maximumBytes = 64 * 1024 * 1024

    /// The archive of `entries`, in their order.
    static func bytes(of entries: [Entry]) -> [UInt8] {
        precondition(entries.count <= maximumEntries && entries.reduce(0, { $0 + $1.bytes.count }) <= maximumBytes)
        var output: [UInt8] = []
        var central: [UInt8] = []
        output.reserveCapacity(entries.reduce(0) { $0 + $1.bytes.count + 2 * $1.name.utf8.count + 76 } + 22)
        for entry in entries {
            let name = Array(entry.name.utf8)
            let crc = crc32(entry.bytes)
            let offset = output.count
            // Local file header.
            output.append32(0x0403_4B50)
            output.append16(10)                         // version needed: 1.0, stored
            output.append16(0x0800)                     // names in UTF-8
            output.append16(0)                          // stored
            output.append16(0)                          // 00:00:00
            output.append16(Self.firstDay)
            output.append32(crc)
            output.append32(UInt32(entry.bytes.count))
            output.append32(UInt32(entry.bytes.count))
            output.append16(UInt16(name.count))
            output.append16(0)                          // no extra field
            output.append(contentsOf: name)
            output.append(contentsOf: entry.bytes)
            // Its central directory header.
            central.append32(0x0201_4B50)
            central.append16(0x0314)                    // made by Unix, format 2.0
            central.append16(10)
            central.append16(0x0800)
            central.append16(0)
            central.append16(0)
            central.append16(Self.firstDay)
            central.append32(crc)
            central.append32(UInt32(entry.bytes.count))
            central.append32(UInt32(entry.bytes.count))
            central.append16(UInt16(name.count))
            central.append16(0)                         // no extra field
            central.append16(0)                         // no comment
            central.append16(0)                         // disk 0
            central.append16(0)                         // internal attributes
            central.append32(UInt32(0o100000 | (entry.executable ? 0o755 : 0o644)) << 16)
            central.append32(UInt32(offset))
            central.append(contentsOf: name)
        }
        let centralOffset = output.count
        output.append(contentsOf: central)
        // End of central directory.
        output.append32(0x0605_4B50)
        output.append16(0)
        output.append16(0)
        output.append16(UInt16(entries.count))
        output.append16(UInt16(entries.count))
        output.append32(UInt32(central.count))
        output.append32(UInt32(centralOffset))
        output.append16(0)                              // no comment
        return output
    }

    /// 1980-01-01 as an MS-DOS date: (year - 1980) << 9 | month << 5 | day.
    private static let firstDay: UInt16 = 1 << 5 | 1

    /// The CRC-32 (ISO 3309, as ZIP and gzip use it) of `bytes`.
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = crcTable[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }

    private static let crcTable: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 { value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
        return value
    }
}

private extension Array where Element == UInt8 {
    /// Appends `value` in little-endian order, as every ZIP field is.
    mutating func append16(_ value: UInt16) {
        append(UInt8(truncatingIfNeeded: value))
        append(UInt8(truncatingIfNeeded: value >> 8))
    }

    mutating func append32(_ value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }
}
