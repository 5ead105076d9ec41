/// The BibTeX reader's fuzz target, beside the others in `FuzzTargets.swift`.
@_spi(Fuzzing)
extension FuzzTargets {
    /// Reads the bytes as a `.bib` file, then decodes every value's TeX and splits every name list,
    /// and does both to the whole text as well: nothing may crash or hang, every position must be
    /// where its offset is in the file, and what comes out must stay within the reader's limits.
    public static func bibTeX(_ bytes: [UInt8]) -> [String] {
        let text = String(decoding: bytes, as: UTF8.self)
        let size = text.utf8.count
        let file = BibTeXReader.read(text)
        var violations: [String] = []
        if BibTeXReader.read(text) != file { violations.append("two readings of the same text differ") }
        var positions: [(String, FilePosition)] = file.problems.map { ("\($0.id) (\($0.message))", $0.position) }
        var keys = Set<String>()
        var valueBytes = 0
        let limits = BibTeXLimits()
        if file.entries.count > limits.maximumEntries { violations.append("\(file.entries.count) entries") }
        for entry in file.entries {
            positions += [("entry \(entry.key)", entry.position), ("key \(entry.key)", entry.keyPosition)]
            if !keys.insert(entry.key.lowercased()).inserted { violations.append("the key \(entry.key) is kept twice") }
            if entry.key.isEmpty || entry.key.utf8.contains(where: { [0x20, 0x0A, 0x0D, 0x09, 0x2C, 0x7B, 0x7D].contains($0) }) {
                violations.append("the key '\(entry.key)' is empty or holds a separator")
            }
            if entry.type != entry.type.lowercased() { violations.append("the type \(entry.type) is not lower-cased") }
            if entry.fields.count > limits.maximumFieldsPerEntry { violations.append("\(entry.fields.count) fields in \(entry.key)") }
            if Set(entry.fields.map(\.name)).count != entry.fields.count { violations.append("a field name twice in \(entry.key)") }
            for field in entry.fields {
                positions += [("field \(field.name)", field.namePosition), ("value of \(field.name)", field.valuePosition)]
                if field.name != field.name.lowercased() { violations.append("the field name \(field.name) is not lower-cased") }
                let length = field.value.utf8.count
                valueBytes += length
                if length > limits.maximumValueBytes { violations.append("a value of \(length) bytes") }
                violations += decodingProblems(field.value)
            }
        }
        if valueBytes > size + limits.maximumExpandedBytes { violations.append("\(valueBytes) bytes of values from \(size) bytes") }
        violations += decodingProblems(text)
        return violations + filePositionProblems(positions, in: Array(text.utf8))
    }

    /// What is wrong with `value` decoded as text and split as names: unknown commands outside the
    /// value, or output out of proportion to it.
    static func decodingProblems(_ value: String) -> [String] {
        let decoded = BibTeXText.decode(value)
        let length = value.utf8.count
        var violations: [String] = []
        // The widest growth is an accent alone (`\b{}`, 5 bytes) written as a no-break space and its mark (4 bytes).
        if decoded.text.utf8.count > 2 * length + 8 { violations.append("\(decoded.text.utf8.count) bytes of text from \(length) bytes of TeX") }
        for unknown in decoded.unknownCommands where unknown.offset < 0 || unknown.offset >= length {
            violations.append("an unknown command \(unknown.command) at byte \(unknown.offset) of \(length)")
        }
        let names = BibTeXNames.parse(value)
        let nameBytes = names.names.reduce(0) { $0 + $1.first.utf8.count + $1.von.utf8.count + $1.last.utf8.count + $1.jr.utf8.count }
        if nameBytes > length { violations.append("\(nameBytes) bytes of names from \(length) bytes") }
        for name in names.names.prefix(64) where name.displayName().utf8.count > 2 * length + 16 {
            violations.append("the name \(name.last) displays longer than its list")
        }
        return violations
    }

    /// Positions whose line is not the line of their offset in `bytes` (lines end at LF, CRLF or CR),
    /// or whose column is past the number of code points before it on that line (columns count
    /// characters, and no character is shorter than a code point).
    static func filePositionProblems(_ positions: [(String, FilePosition)], in bytes: [UInt8]) -> [String] {
        var violations: [String] = []
        var line = 1
        var scalarsInLine = 0
        var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        for (what, position) in positions.sorted(by: { $0.1.offset < $1.1.offset }) {
            guard position.offset >= 0, position.offset <= bytes.count else {
                violations.append("\(what) at byte \(position.offset) of \(bytes.count)")
                continue
            }
            while index < position.offset {
                let byte = bytes[index]
                if byte == 0x0A || (byte == 0x0D && (index + 1 >= bytes.count || bytes[index + 1] != 0x0A)) {
                    line += 1
                    scalarsInLine = 0
                } else if byte & 0xC0 != 0x80, byte != 0x0D {
                    scalarsInLine += 1
                }
                index += 1
            }
            if position.line != line || position.column < 1 || position.column > scalarsInLine + 1 {
                violations.append("\(what) at \(position.line):\(position.column), but byte \(position.offset) is on line \(line), \(scalarsInLine) code points in")
            }
        }
        return violations
    }
}
