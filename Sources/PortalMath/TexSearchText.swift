extension MathConverter {
    /// The words of a formula for a search index: `tex` with the commands that only lay it out or
    /// style it taken out (`\frac`, `\left`, `\mathrm`, `\hat`, `\,`, and `\begin{…}`, `\color{…}`,
    /// `\label{…}` with their argument), each replaced by a space.
    ///
    /// What stays is what a reader may search for: the names of symbols that stand for something
    /// (`\chi`, `\ell`, `\hbar`), of functions (`\log`, `\max`), of macros the site or page defines,
    /// and the letters, digits and text of the formula. So a search for "chi" finds `\chi^2`, and one
    /// for "right" or "hat" does not find every formula with `\right]` or `\hat{y}`.
    public static func searchText(_ tex: String) -> String {
        var source = tex
        return source.withUTF8 { bytes in
            // Looked for in the bytes themselves: through the string's UTF-8 view, each byte costs an index.
            guard bytes.contains(UInt8(ascii: "\\")) else { return tex }
            return searchText(utf8: bytes)
        }
    }

    /// `searchText` of a formula given as its UTF-8 bytes (a page's text read in place).
    public static func searchText(utf8 bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard bytes.contains(UInt8(ascii: "\\")) else { return String(decoding: bytes, as: UTF8.self) }
        // The words are never longer than the TeX: written in place into the new string.
        return String(unsafeUninitializedCapacity: bytes.count) { writeWords(of: bytes, into: $0) }
    }

    /// Writes the words of `bytes` (see `searchText`) into `output`; returns how many bytes it wrote.
    private static func writeWords(of bytes: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableBufferPointer<UInt8>) -> Int {
        let table = LayoutCommands.table
        var count = 0
        func write(_ byte: UInt8) {
            output[count] = byte
            count += 1
        }
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "\\") else {
                write(byte)
                index += 1
                continue
            }
            var end = index + 1
            while end < bytes.count, TexLexer.isLetter(bytes[end]) { end += 1 }
            guard end > index + 1 else {
                // A control symbol (`\,`, `\{`, `\\`): spacing or punctuation.
                write(0x20)
                index = min(index + 2, bytes.count)
                continue
            }
            switch table[UnsafeBufferPointer(rebasing: bytes[(index + 1)..<end])] {
            case nil:
                for kept in index..<end { write(bytes[kept]) }
            case .layout:
                write(0x20)
            case .withArgument:
                write(0x20)
                end = pastBracedArgument(bytes, from: end)
            case .environment:
                // The environment's name, and an array's column specification.
                write(0x20)
                let afterName = pastBracedArgument(bytes, from: end)
                let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[end..<afterName]), as: UTF8.self)
                    .filter { $0 != "{" && $0 != "}" && $0 != " " }
                end = EnvironmentSpec.named[name]?.takesArgument == true ? pastBracedArgument(bytes, from: afterName) : afterName
            }
            index = end
        }
        return count
    }

    /// Where the braced argument after `start` (spaces and a star aside) ends, or `start` when none follows.
    private static func pastBracedArgument(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var index = start
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == UInt8(ascii: "*") { index += 1 }
        guard index < bytes.count, bytes[index] == UInt8(ascii: "{") else { return start }
        var depth = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "{") { depth += 1 }
            if bytes[index] == UInt8(ascii: "}") {
                depth -= 1
                if depth == 0 { return index + 1 }
            }
            index += 1
        }
        return bytes.count
    }
}

/// The built-in commands whose names are not words of a formula.
private enum LayoutCommands {
    enum Kind {
        /// Taken out: `\frac`, `\left`, `\mathrm`.
        case layout
        /// Taken out with its first braced argument: `\color{red}`, `\label{eq:x}`, `\end{align}`.
        case withArgument
        /// `\begin{…}`: taken out with the environment's name and an array's columns.
        case environment
    }

    /// What the search text does with each command; a name it lacks is kept (a symbol's or
    /// function's name, or a macro).
    static let table: ByteKeyedTable<Kind> = {
        var entries: [(String, Kind)] = []
        for (name, command) in CommandTable.commands {
            switch command {
            case .function: continue
            case .symbol(let symbol) where symbol.kind == .identifier || symbol.kind == .uprightIdentifier: continue
            case .begin: entries.append((name, .environment))
            case .end, .color, .textColor, .colorBox, .label, .tag, .reference, .hspace: entries.append((name, .withArgument))
            default: entries.append((name, .layout))
            }
        }
        return ByteKeyedTable(entries)
    }()
}
