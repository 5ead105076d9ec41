/// Where the lines of a text made from pieces of files are written: a notebook's cells are joined
/// into one Markdown page, and a page's `{include}` brings in the lines of another file; each
/// diagnostic about such a text must point at the file, line and character the text came from,
/// and show that line.
struct SourceMap: Sendable {
    /// A file (an index into the map's files), a line and a 1-based character column.
    struct Place: Sendable, Equatable {
        let line: Int
        let column: Int
        var file = 0
    }

    /// One line of the made text.
    struct Line: Sendable {
        /// Where the line's first character is written.
        let start: Place
        /// Where each character of the line, and its end, is written, when they are not one column
        /// each from `start` (an escape such as `\"` takes two columns for one character); nil for most lines.
        let characters: [Place]?
    }

    private var lines: [Line] = []
    /// The files the lines come from: the first is the page's own.
    private var files: [File]

    /// A file's path as diagnostics show it, and the lines they may show.
    private struct File: Sendable {
        let displayPath: String
        var lines: FileLines
    }

    /// The file's lines: the whole file while its page is read, the few a page keeps afterwards.
    private indirect enum FileLines: Sendable {
        case whole(SourceText)
        case kept([Int: String])
    }

    /// An empty map into the file whose text is `file`.
    init(file: SourceText) {
        files = [File(displayPath: file.displayPath, lines: .whole(file))]
    }

    /// The number of lines mapped.
    var count: Int { lines.count }

    /// Adds a file lines may come from; returns its index.
    mutating func add(file: SourceText) -> Int {
        files.append(File(displayPath: file.displayPath, lines: .whole(file)))
        return files.count - 1
    }

    /// The path of file `index`, as diagnostics show it.
    func displayPath(ofFile index: Int) -> String {
        files[min(max(index, 0), files.count - 1)].displayPath
    }

    /// Adds a line written at one place of the file (a line portal writes for a cell, such as a code fence).
    mutating func append(at position: FilePosition) {
        lines.append(Line(start: Place(line: position.line, column: position.column), characters: nil))
    }

    /// Adds a line whose characters are those of `text`'s line `number`, in order.
    mutating func append(line number: Int, of text: NotebookText, characterCount: Int) {
        guard let start = text.filePosition(line: number, column: 1) else {
            lines.append(Line(start: lines.last?.start ?? Place(line: 1, column: 1), characters: nil))
            return
        }
        let first = Place(line: start.line, column: start.column)
        // One column a character when the line's end is as many columns after its start, on the same line.
        if let end = text.filePosition(line: number, column: characterCount + 1), end.line == start.line, end.column - start.column == characterCount {
            lines.append(Line(start: first, characters: nil))
            return
        }
        var characters: [Place] = []
        characters.reserveCapacity(characterCount + 1)
        for column in 1...(characterCount + 1) {
            let place = text.filePosition(line: number, column: column) ?? start
            characters.append(Place(line: place.line, column: place.column))
        }
        lines.append(Line(start: first, characters: characters))
    }

    /// Adds `count` lines that are file `file`'s own, from `line` on, column for column.
    mutating func appendFileLines(from line: Int, count: Int, file: Int = 0) {
        for offset in 0..<count { lines.append(Line(start: Place(line: line + offset, column: 1, file: file), characters: nil)) }
    }

    /// Where 1-based `line` and `column` of the made text are written.
    func filePosition(line: Int, column: Int) -> Place {
        guard line >= 1, line <= lines.count else { return lines.last?.start ?? Place(line: 1, column: 1) }
        let entry = lines[line - 1]
        if let characters = entry.characters, !characters.isEmpty {
            return characters[min(max(column - 1, 0), characters.count - 1)]
        }
        return Place(line: entry.start.line, column: entry.start.column + max(column - 1, 0), file: entry.start.file)
    }

    /// The text of line `number` of file `file`, if kept.
    func fileLine(_ number: Int, file: Int = 0) -> String? {
        guard file >= 0, file < files.count else { return nil }
        switch files[file].lines {
        case .whole(let text): return text.line(number).map(String.init)
        case .kept(let kept): return kept[number]
        }
    }

    /// The same map keeping, of each file, only the lines that lines `made` of the text are written on.
    func keeping(lines made: [Int]) -> SourceMap {
        var kept = self
        var keptLines = Array(repeating: [Int: String](), count: files.count)
        for number in made where number >= 1 && number <= lines.count {
            let entry = lines[number - 1]
            for place in [entry.start] + (entry.characters.map { [$0.first, $0.last].compactMap { $0 } } ?? []) where keptLines[place.file][place.line] == nil {
                keptLines[place.file][place.line] = fileLine(place.line, file: place.file)
            }
        }
        for index in kept.files.indices { kept.files[index].lines = .kept(keptLines[index]) }
        return kept
    }
}
