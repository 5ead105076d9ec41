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
        var output = [UInt8](repeating: 0, count: text.count / 4 * 3 + 3)
        var written = 0
        var quantum: UInt32 = 0
        var filled = 0
        var padding = 0
        var paddingOffset = 0
        var failure: Error?
        Self.table.withUnsafeBufferPointer { table in
            text.withUnsafeBufferPointer { input in
                output.withUnsafeMutableBufferPointer { out in
                    var offset = 0
                    while offset < input.count {
                        // Four characters of data at a group's start, the common case, in one step.
                        if filled == 0, padding == 0, offset + 4 <= input.count {
                            let a = table[Int(input[offset])], b = table[Int(input[offset + 1])]
                            let c = table[Int(input[offset + 2])], d = table[Int(input[offset + 3])]
                            if a | b | c | d < 64 {
                                let group = UInt32(a) << 18 | UInt32(b) << 12 | UInt32(c) << 6 | UInt32(d)
                                out[written] = UInt8(truncatingIfNeeded: group >> 16)
                                out[written + 1] = UInt8(truncatingIfNeeded: group >> 8)
                                out[written + 2] = UInt8(truncatingIfNeeded: group)
                                written += 3
                                offset += 4
                                continue
                            }
                        }
                        let byte = input[offset]
                        let value = table[Int(byte)]
                        offset += 1
                        if value < 64 {
                            guard padding == 0 else {
                                failure = Error(message: "base64 data goes on after its '=' padding", offset: paddingOffset)
                                return
                            }
                            quantum = quantum << 6 | UInt32(value)
                            filled += 1
                            if filled == 4 {
                                out[written] = UInt8(truncatingIfNeeded: quantum >> 16)
                                out[written + 1] = UInt8(truncatingIfNeeded: quantum >> 8)
                                out[written + 2] = UInt8(truncatingIfNeeded: quantum)
                                written += 3
                                quantum = 0
                                filled = 0
                            }
                        } else if value == space {
                            continue
                        } else if value == equals {
                            if padding == 0 { paddingOffset = offset - 1 }
                            padding += 1
                            guard filled + padding <= 4, filled >= 2 else {
                                failure = Error(message: "'=' may only end the data, after at least two characters of a group of four", offset: offset - 1)
                                return
                            }
                        } else {
                            let shown = byte < 0x80 && byte >= 0x20 ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x\(String(byte, radix: 16, uppercase: true))"
                            failure = Error(message: "\(shown) is not a base64 character", offset: offset - 1)
                            return
                        }
                    }
                }
            }
        }
        if let failure { return .failure(failure) }
        guard filled + padding == 4 || (padding == 0 && filled == 0) else {
            return .failure(Error(message: "the base64 data is cut short (its length is not a multiple of four)", offset: text.count))
        }
        if filled == 3 {
            output[written] = UInt8(truncatingIfNeeded: quantum >> 10)
            output[written + 1] = UInt8(truncatingIfNeeded: quantum >> 2)
            written += 2
        } else if filled == 2 {
            output[written] = UInt8(truncatingIfNeeded: quantum >> 4)
            written += 1
        }
        output.removeSubrange(written...)
        return .success(output)
    }

    /// What each byte is: its value (0-63), or one of the markers below.
    private static let space: UInt8 = 0xFE
    private static let equals: UInt8 = 0xFD
    private static let table: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (value, character) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() { table[Int(character)] = UInt8(value) }
        // nbformat allows line breaks (and spaces) in base64.
        for byte in [0x0A, 0x0D, 0x20, 0x09] { table[byte] = space }
        table[Int(UInt8(ascii: "="))] = equals
        return table
    }()
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
