/// Decodes the base64 that notebooks hold images in.
enum Base64Data {
    /// A byte that is not base64, or data cut short.
    struct Error: Swift.Error, Sendable, Equatable {
        let message: String
        /// The UTF-8 offset in the text where the problem is.
        let offset: Int
    }

    /// Decodes standard base64 (`+`, `/`, `=` padding), skipping the line breaks (and spaces) that nbformat allows.
    static func decode(_ text: [UInt8]) -> Result<[UInt8], Error> {
        var output: [UInt8] = []
        output.reserveCapacity(text.count / 4 * 3)
        var quantum: UInt32 = 0
        var filled = 0
        var padding = 0
        var paddingOffset = 0
        for (offset, byte) in text.enumerated() {
            let value: UInt32
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): value = UInt32(byte - UInt8(ascii: "A"))
            case UInt8(ascii: "a")...UInt8(ascii: "z"): value = UInt32(byte - UInt8(ascii: "a")) + 26
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = UInt32(byte - UInt8(ascii: "0")) + 52
            case UInt8(ascii: "+"): value = 62
            case UInt8(ascii: "/"): value = 63
            case 0x0A, 0x0D, 0x20, 0x09: continue
            case UInt8(ascii: "="):
                if padding == 0 { paddingOffset = offset }
                padding += 1
                guard filled + padding <= 4, filled >= 2 else {
                    return .failure(Error(message: "'=' may only end the data, after at least two characters of a group of four", offset: offset))
                }
                continue
            default:
                let shown = byte < 0x80 && byte >= 0x20 ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x\(String(byte, radix: 16, uppercase: true))"
                return .failure(Error(message: "\(shown) is not a base64 character", offset: offset))
            }
            guard padding == 0 else {
                return .failure(Error(message: "base64 data goes on after its '=' padding", offset: paddingOffset))
            }
            quantum = quantum << 6 | value
            filled += 1
            if filled == 4 {
                output.append(UInt8(truncatingIfNeeded: quantum >> 16))
                output.append(UInt8(truncatingIfNeeded: quantum >> 8))
                output.append(UInt8(truncatingIfNeeded: quantum))
                quantum = 0
                filled = 0
            }
        }
        if filled + padding == 4 || (padding == 0 && filled == 0) {
            if filled == 3 {
                output.append(UInt8(truncatingIfNeeded: quantum >> 10))
                output.append(UInt8(truncatingIfNeeded: quantum >> 2))
            } else if filled == 2 {
                output.append(UInt8(truncatingIfNeeded: quantum >> 4))
            }
            return .success(output)
        }
        return .failure(Error(message: "the base64 data is cut short (its length is not a multiple of four)", offset: text.count))
    }
}

extension MIMEBundle.Entry {
    /// The bytes of a base64 value (an image), or a problem at the place in the file where the data breaks.
    func decodedData() -> Result<[UInt8], NotebookProblem> {
        guard value.string != nil || value.array != nil else {
            return .failure(NotebookProblem(id: "notebook.base64", message: "'\(type)' must be base64 text, but it is \(value.typeName)", position: value.position, fix: nil))
        }
        // Decoded from the strings' bytes, so the text is made only to place an error.
        let bytes = value.string.map(\.decodedBytes) ?? (value.array ?? []).flatMap { $0.string?.decodedBytes ?? [] }
        switch Base64Data.decode(bytes) {
        case .success(let data): return .success(data)
        case .failure(let error):
            let position = text?.filePosition(utf8Offset: error.offset) ?? value.position
            return .failure(NotebookProblem(id: "notebook.base64", message: "the '\(type)' data is not valid base64: \(error.message)", position: position,
                                            fix: "save the image again from Jupyter"))
        }
    }
}
