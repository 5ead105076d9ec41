/// Terminal text (Jupyter's coloured tracebacks, streams that print in colour or redraw a progress
/// bar) as a reader would have seen it in the terminal: as HTML for the page, and as plain text for
/// search and the Markdown twin.
///
/// Colours and bold, italic and underline become `<span>`s with Jupyter's class names (those of
/// nbconvert's `ansi2html`: `ansi-red-fg`, `ansi-green-intense-bg`, `ansi-bold`, …), never a
/// `style` attribute, which the page's Content-Security-Policy would ignore. Every other escape
/// sequence (cursor moves, `ESC]8;;…` hyperlinks, window titles) is taken out. A carriage return
/// keeps only the text after it on its line, as Jupyter shows a redrawn progress bar; a backspace
/// takes back the character before it. The text is read once, byte by byte; sequences cut short or
/// malformed are dropped up to the byte that breaks them, which is then read as text.
enum ANSIText {
    /// `text` as HTML: every character escaped, colours as `<span class="…">`, each span closed
    /// before the next opens.
    static func html(_ text: String) -> String {
        var screen = TerminalText(asHTML: true)
        screen.read(Array(text.utf8))
        return screen.result
    }

    /// `text` with every escape sequence taken out, and carriage returns and backspaces applied.
    static func plain(_ text: String) -> String {
        var screen = TerminalText(asHTML: false)
        screen.read(Array(text.utf8))
        return screen.result
    }
}

/// The reader behind `ANSIText`: the current line, the current style, and what is written so far.
private struct TerminalText {
    let asHTML: Bool
    private var output: [UInt8] = []
    /// The classes of the `<span>` open in the output, if one is.
    private var openClasses: String?
    /// The line being read; a carriage return can still take it back.
    private var line: [UInt8] = []
    /// Where in `line` each style starts.
    private var runs: [(start: Int, style: ANSIStyle)] = []
    private var style = ANSIStyle()
    private var bytes: [UInt8] = []

    init(asHTML: Bool) {
        self.asHTML = asHTML
    }

    var result: String {
        var finished = self
        finished.flushLine()
        if finished.openClasses != nil { finished.output.append(contentsOf: "</span>".utf8) }
        return String(decoding: finished.output, as: UTF8.self)
    }

    mutating func read(_ text: [UInt8]) {
        bytes = text
        output.reserveCapacity(text.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case 0x1B:
                index = escapeSequence(at: index)
            case 0xC2 where index + 1 < bytes.count && (0x80...0x9F).contains(bytes[index + 1]):
                index = c1Control(at: index)
            case 0x0A:
                // In the style of the moment, so a span never runs past where its colour ends.
                append(byte)
                flushLine()
                index += 1
            case 0x0D:
                // `\r\n` (and `\r\r\n`) ends a line; a lone `\r` starts it again.
                var next = index
                while next < bytes.count, bytes[next] == 0x0D { next += 1 }
                if next == bytes.count || bytes[next] != 0x0A {
                    line.removeAll(keepingCapacity: true)
                    runs.removeAll(keepingCapacity: true)
                }
                index = next
            case 0x08:
                backspace()
                index += 1
            case 0x09, 0x20...0x7E, 0x80...:
                append(byte)
                index += 1
            default:
                // Other control characters (bell, NUL, …) show nothing.
                index += 1
            }
        }
    }

    // MARK: The line

    private mutating func append(_ byte: UInt8) {
        if runs.last?.style != style { runs.append((line.count, style)) }
        line.append(byte)
    }

    /// Takes back the last character of the line (all bytes of it).
    private mutating func backspace() {
        while let last = line.popLast(), (0x80...0xBF).contains(last) {}
        while let run = runs.last, run.start >= line.count { runs.removeLast() }
    }

    private mutating func flushLine() {
        for (number, run) in runs.enumerated() {
            let end = number + 1 < runs.count ? runs[number + 1].start : line.count
            guard run.start < end else { continue }
            if asHTML {
                let classes = run.style.classes
                if classes != (openClasses ?? "") {
                    if openClasses != nil { output.append(contentsOf: "</span>".utf8) }
                    openClasses = classes.isEmpty ? nil : classes
                    if !classes.isEmpty { output.append(contentsOf: "<span class=\"\(classes)\">".utf8) }
                }
                for byte in line[run.start..<end] {
                    switch byte {
                    case UInt8(ascii: "&"): output.append(contentsOf: "&amp;".utf8)
                    case UInt8(ascii: "<"): output.append(contentsOf: "&lt;".utf8)
                    case UInt8(ascii: ">"): output.append(contentsOf: "&gt;".utf8)
                    case UInt8(ascii: "\""): output.append(contentsOf: "&quot;".utf8)
                    default: output.append(byte)
                    }
                }
            } else {
                output.append(contentsOf: line[run.start..<end])
            }
        }
        line.removeAll(keepingCapacity: true)
        runs.removeAll(keepingCapacity: true)
    }

    // MARK: Escape sequences

    /// Reads the sequence whose ESC is at `start`; the index after what it takes out.
    private mutating func escapeSequence(at start: Int) -> Int {
        guard start + 1 < bytes.count else { return bytes.count }
        let next = bytes[start + 1]
        switch next {
        case UInt8(ascii: "["):
            return controlSequence(from: start + 2)
        case UInt8(ascii: "]"), UInt8(ascii: "P"), UInt8(ascii: "X"), UInt8(ascii: "^"), UInt8(ascii: "_"):
            return controlString(from: start + 2)
        case 0x20...0x2F:
            // ESC, intermediate bytes, a final byte (`ESC ( B` chooses a character set).
            var index = start + 1
            while index < bytes.count, (0x20...0x2F).contains(bytes[index]) { index += 1 }
            return index < bytes.count && (0x30...0x7E).contains(bytes[index]) ? index + 1 : index
        case 0x30...0x7E:
            return start + 2
        default:
            return start + 1
        }
    }

    /// A C1 control written as a character (U+0080 to U+009F): U+009B is a CSI, U+009D an OSC.
    private mutating func c1Control(at start: Int) -> Int {
        switch bytes[start + 1] {
        case 0x9B: controlSequence(from: start + 2)
        case 0x90, 0x98, 0x9D, 0x9E, 0x9F: controlString(from: start + 2)
        default: start + 2
        }
    }

    /// Reads `CSI parameters intermediates final`; applies it when it is SGR (`m`).
    private mutating func controlSequence(from start: Int) -> Int {
        var index = start
        while index < bytes.count, (0x30...0x3F).contains(bytes[index]) { index += 1 }
        let parameters = start..<index
        let intermediates = index
        while index < bytes.count, (0x20...0x2F).contains(bytes[index]) { index += 1 }
        guard index < bytes.count else { return bytes.count }
        guard (0x40...0x7E).contains(bytes[index]) else { return index }
        if bytes[index] == UInt8(ascii: "m"), intermediates == index {
            style.apply(parameters: bytes[parameters])
        }
        return index + 1
    }

    /// Passes over an OSC, DCS or other control string up to BEL or ST. One cut short by a line
    /// break or the end is dropped up to there, so a stray `ESC]` cannot hide the rest of the text.
    private func controlString(from start: Int) -> Int {
        var index = start
        while index < bytes.count {
            switch bytes[index] {
            case 0x07:
                return index + 1
            case 0x1B:
                return index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "\\") ? index + 2 : index
            case 0xC2 where index + 1 < bytes.count && bytes[index + 1] == 0x9C:
                return index + 2
            case 0x0A:
                return index
            default:
                index += 1
            }
        }
        return index
    }
}
