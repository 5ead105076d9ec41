/// The tokenizer of the search index: which words of a text become terms.
extension SearchIndex {
    /// The lower-cased words of two or more letters or digits, without stop words.
    static func terms(in text: String) -> [String] {
        var terms: [String] = []
        forEachTerm(in: text) { terms.append(String(decoding: $0, as: UTF8.self)) }
        return terms
    }

    /// Calls `body` with the UTF-8 bytes of each term of `text`, in order: the lower-cased words of two
    /// or more letters or digits, without stop words. The bytes are valid only during the call.
    ///
    /// A word is a run of Unicode scalars that are alphabetic or have a numeric type; each is replaced
    /// by its lower-case mapping, and a word's length counts the scalars of those mappings. The text is
    /// read as UTF-8 bytes: ASCII is judged byte by byte without property look-ups (which dominate
    /// otherwise), other scalars are decoded and judged by their properties, as `unicodeScalars` would
    /// give them. No String is made: the caller makes one for the terms it keeps.
    static func forEachTerm(in text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        let scanned: Void? = text.utf8.withContiguousStorageIfAvailable { forEachTerm(inUTF8: $0, body) }
        if scanned == nil {
            // A bridged string without contiguous UTF-8: scan a copy.
            Array(text.utf8).withUnsafeBufferPointer { forEachTerm(inUTF8: $0, body) }
        }
    }

    /// `forEachTerm(in:_:)` over the bytes of a String (valid UTF-8).
    private static func forEachTerm(inUTF8 bytes: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        // The current word as lower-cased UTF-8 bytes, and how many scalars it has.
        var current: [UInt8] = []
        current.reserveCapacity(32)
        var characters = 0
        func flush() {
            // Called at every separator: most find no word, and emptying an empty array still
            // goes through the array's general path.
            guard !current.isEmpty else { return }
            if characters >= 2 {
                current.withUnsafeBufferPointer { if !isStopWord($0) { body($0) } }
            }
            current.removeAll(keepingCapacity: true)
            characters = 0
        }
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if characters == 0 && isASCIIWordByte(byte) {
                // A word starts here. Most are ASCII letters and digits up to an ASCII separator: hand
                // those over straight from the text, or lower-cased through `current` when they have
                // capitals. A word running on into other scalars goes on below.
                var end = index + 1
                var capitals = isASCIICapital(byte)
                while end < bytes.count && isASCIIWordByte(bytes[end]) {
                    capitals = capitals || isASCIICapital(bytes[end])
                    end += 1
                }
                let word = UnsafeBufferPointer(rebasing: bytes[index..<end])
                index = end
                if (end == bytes.count || bytes[end] < 0x80) && !capitals {
                    if word.count >= 2 && !isStopWord(word) { body(word) }
                } else {
                    for byte in word { current.append(lowerCased(byte)) }
                    characters = word.count
                    if end == bytes.count || bytes[end] < 0x80 { flush() }
                }
                continue
            }
            if byte < 0x80 {
                // ASCII without Unicode property look-ups.
                if isASCIIWordByte(byte) {
                    current.append(lowerCased(byte))
                    characters += 1
                } else {
                    flush()
                }
                index += 1
                continue
            }
            // A lead byte 110xxxxx, 1110xxxx or 11110xxx, then continuation bytes 10xxxxxx.
            let length = byte < 0xE0 ? 2 : byte < 0xF0 ? 3 : 4
            var value = UInt32(byte) & (0xFF >> (length + 1))
            for offset in 1..<min(length, bytes.count - index) {
                value = value << 6 | UInt32(bytes[index + offset] & 0x3F)
            }
            index += length
            guard let scalar = Unicode.Scalar(value),
                  scalar.properties.isAlphabetic || scalar.properties.numericType != nil else {
                flush()
                continue
            }
            for lower in scalar.properties.lowercaseMapping.unicodeScalars {
                UTF8.encode(lower) { current.append($0) }
                characters += 1
            }
        }
        flush()
    }

    /// Whether `byte` is an ASCII letter or digit.
    private static func isASCIIWordByte(_ byte: UInt8) -> Bool {
        (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte) || isASCIICapital(byte)
    }

    /// Whether `byte` is an ASCII capital letter.
    private static func isASCIICapital(_ byte: UInt8) -> Bool {
        (0x41...0x5A).contains(byte)
    }

    /// An ASCII letter or digit, lower-cased.
    private static func lowerCased(_ byte: UInt8) -> UInt8 {
        isASCIICapital(byte) ? byte + 0x20 : byte
    }

    /// Whether a word's (lower-cased) UTF-8 bytes spell a stop word.
    ///
    /// Byte equality is String equality here: stop words are ASCII, and no lower-cased letter or digit
    /// outside ASCII decomposes canonically into ASCII.
    private static func isStopWord(_ word: UnsafeBufferPointer<UInt8>) -> Bool {
        guard word.count <= longestStopWord else { return false }
        guard word.count <= 8 else { return stopWords.contains(String(decoding: word, as: UTF8.self)) }
        // Binary search among the packed stop words.
        let key = packed(word)
        var low = 0
        var high = packedStopWords.count
        while low < high {
            let middle = (low + high) / 2
            if packedStopWords[middle] < key { low = middle + 1 } else { high = middle }
        }
        return low < packedStopWords.count && packedStopWords[low] == key
    }

    /// The UTF-8 length of the longest stop word.
    private static let longestStopWord = stopWords.map(\.utf8.count).max() ?? 0

    /// The stop words of up to 8 bytes, packed and sorted.
    private static let packedStopWords: [UInt64] = stopWords.map { Array($0.utf8) }.filter { $0.count <= 8 }
        .map { $0.withUnsafeBufferPointer(packed) }.sorted()

    /// Up to 8 bytes as one integer, the first byte highest. Words have no zero bytes, so different
    /// words give different integers.
    private static func packed(_ word: UnsafeBufferPointer<UInt8>) -> UInt64 {
        word.reduce(0) { $0 << 8 | UInt64($1) }
    }
}
