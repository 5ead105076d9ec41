/// Reads a BibTeX database (a `.bib` file) into entries, as BibTeX 0.99 reads it.
///
/// Text outside entries is a comment; `@comment` and `@preamble` are read past; `@string` defines
/// names (case-insensitive, `jan` to `dec` predefined) that values may use and join with `#`.
/// Entries are delimited by braces or parentheses, entry types and field names are
/// case-insensitive, and a comma may follow the last field.
///
/// Files come from strangers, so the reader never recurses, takes time linear in the file (braces
/// are matched once, up front, so that no failed value is scanned twice), and bounds what values
/// may expand to (`BibTeXLimits`). A problem inside an entry leaves that entry out and reading goes
/// on at the next `@` that starts a line, so one broken entry hides no other.
struct BibTeXReader {
    /// The problem that ends the entry being read, and where to look for the next one (nil: stop reading).
    struct Failure: Error {
        let problem: BibTeXProblem
        let resumeAt: Int?
    }

    /// Reads `text`, a whole `.bib` file (a byte-order mark at its start is skipped).
    static func read(_ text: String, limits: BibTeXLimits = BibTeXLimits()) -> BibTeXFile {
        var reader = BibTeXReader(bytes: Array(text.utf8), limits: limits)
        reader.readFile()
        // Problems found after their entry ends (a repeated key) go back to their place in the file.
        let problems = reader.problems.enumerated()
            .sorted { ($0.element.position.offset, $0.offset) < ($1.element.position.offset, $1.offset) }
            .map(\.element)
        return BibTeXFile(entries: reader.entries, problems: problems)
    }

    let bytes: [UInt8]
    let limits: BibTeXLimits
    /// Positions are asked for in increasing order only, so that each byte is counted once.
    var tracker: PositionTracker
    var entries: [BibTeXEntry] = []
    var problems: [BibTeXProblem] = []
    /// `@string` names, lower-cased, and their values.
    var macros = Self.months
    /// The first entry of each key, by lower-cased key.
    var keys: [String: (key: String, position: FilePosition)] = [:]
    var entriesStarted = 0
    var expandedBytes = 0
    /// The closing brace of each `{` that has one, matched once over the whole file.
    let closingBraces: BracePairs
    var suggestions = MacroSuggestions()

    private init(bytes: [UInt8], limits: BibTeXLimits) {
        self.bytes = bytes
        self.limits = limits
        tracker = PositionTracker(bytes: bytes)
        closingBraces = BracePairs(in: bytes)
    }

    private mutating func readFile() {
        var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while let at = bytes[index...].firstIndex(of: UInt8(ascii: "@")) {
            do {
                index = try readCommand(at: at)
            } catch {
                problems.append(error.problem)
                guard let resume = error.resumeAt else { return }
                index = lineStartingWithAt(from: max(resume, at + 1))
            }
        }
    }

    /// The offset of the next `@` that starts a line (after spaces or tabs), or the end of the file.
    private func lineStartingWithAt(from start: Int) -> Int {
        var atLineStart = self.atLineStart(start)
        var index = start
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "@") where atLineStart: return index
            case 0x0A, 0x0D: atLineStart = true
            case 0x20, 0x09: break
            default: atLineStart = false
            }
            index += 1
        }
        return index
    }

    /// Reads what the `@` at `at` starts, returning the offset after it.
    private mutating func readCommand(at: Int) throws(Failure) -> Int {
        let atPosition = tracker.position(at: at)
        var index = skipWhitespace(from: at + 1)
        let typeStart = index
        index = scanIdentifier(from: index)
        guard index > typeStart else {
            throw syntax(at: index, "expected an entry type after '@', found \(describe(index))",
                         fix: "BibTeX reads every '@' as the start of an entry: write @article{key, title = {...}}, or remove the '@'")
        }
        let written = text(typeStart..<index)
        let type = written.lowercased()
        index = skipWhitespace(from: index)
        if type == "comment" { return skipComment(at: index) }
        guard index < bytes.count, bytes[index] == UInt8(ascii: "{") || bytes[index] == UInt8(ascii: "(") else {
            // Outside entries BibTeX reads every '@' as an entry's start, in a comment's e-mail address too.
            throw syntax(at: index, "expected '{' or '(' after '@\(written)', found \(describe(index))",
                         fix: atLineStart(at) ? "write the entry as @\(written){key, title = {...}}"
                             : "BibTeX reads every '@' as the start of an entry, in comments too: remove it, or write 'at'")
        }
        let opening = Delimiters(opening: bytes[index], at: atPosition)
        switch type {
        case "string": return try readStringDefinition(from: index + 1, delimiters: opening)
        case "preamble":
            index = skipWhitespace(from: index + 1)
            _ = try readValue(at: &index, of: "the preamble", delimiters: opening)
            return try expectClose(at: index, delimiters: opening, after: "the preamble")
        default:
            entriesStarted += 1
            guard entriesStarted <= limits.maximumEntries else {
                throw Failure(problem: BibTeXProblem(
                    id: "bibtex.too-large", message: "the file has more than \(limits.maximumEntries) entries; the rest is not read",
                    position: atPosition, fix: "split the bibliography into several files"), resumeAt: nil)
            }
            return try readEntry(type: type, writtenType: written, from: index + 1, delimiters: opening)
        }
    }

    /// `@comment{…}` is read past as a whole when its braces balance; otherwise, as BibTeX does,
    /// only the word is, and the text after it is a comment like any other.
    private func skipComment(at index: Int) -> Int {
        if index < bytes.count, bytes[index] == UInt8(ascii: "{"), let close = closingBraces[index] { return close + 1 }
        return index
    }

    private mutating func readEntry(type: String, writtenType: String, from start: Int, delimiters: Delimiters) throws(Failure) -> Int {
        var index = skipWhitespace(from: start)
        let keyStart = index
        while index < bytes.count, !isKeyEnd(bytes[index], delimiters) { index += 1 }
        guard index > keyStart else {
            throw syntax(at: index, "expected the entry's key after '@\(writtenType)\(delimiters.openingText)', found \(describe(index))",
                         fix: index < bytes.count ? "start the entry with its key: @\(writtenType)\(delimiters.openingText)smith2020, title = {...}\(delimiters.closingText)" : nil)
        }
        let key = text(keyStart..<index)
        let keyPosition = tracker.position(at: keyStart)
        index = skipWhitespace(from: index)
        guard index < bytes.count else { throw endOfFile(inside: delimiters) }
        var list = FieldList()
        if bytes[index] == delimiters.closing {
            index += 1
        } else {
            guard bytes[index] == UInt8(ascii: ",") else {
                let misplaced = bytes[index] == UInt8(ascii: "=") || key.contains("=")
                throw syntax(at: index, "expected ',' after the key '\(key)', found \(describe(index))",
                             fix: misplaced ? "an entry starts with its key: @\(writtenType)\(delimiters.openingText)key, title = {...}\(delimiters.closingText)"
                                 : "a key holds no spaces or braces; write a comma after it")
            }
            index += 1
            while true {
                index = skipWhitespace(from: index)
                guard index < bytes.count else { throw endOfFile(inside: delimiters) }
                if bytes[index] == delimiters.closing {
                    index += 1
                    break
                }
                let (name, namePosition) = try readFieldName(at: &index, delimiters: delimiters)
                let valueRead = try readValue(at: &index, of: "'\(name)'", delimiters: delimiters)
                if let (value, valuePosition) = valueRead {
                    keep(BibTeXField(name: name, value: value, namePosition: namePosition, valuePosition: valuePosition), in: &list)
                }
                index = skipWhitespace(from: index)
                guard index < bytes.count else { throw endOfFile(inside: delimiters) }
                if bytes[index] == UInt8(ascii: ",") {
                    index += 1
                    continue
                }
                if bytes[index] == delimiters.closing {
                    index += 1
                    break
                }
                throw syntax(at: index, "expected ',' or '\(delimiters.closingText)' after the value of '\(name)', found \(describe(index))",
                             fix: closingFix(at: index, delimiters) ?? notClosedFix(at: index, delimiters) ?? "separate fields with commas")
            }
        }
        if let first = keys[key.lowercased()] {
            let same = first.key == key ? "is already the key of" : "differs only in case from '\(first.key)', the key of"
            problems.append(BibTeXProblem(
                id: "bibtex.duplicate-key", message: "the key '\(key)' \(same) the entry at line \(first.position.line); this entry is left out",
                position: keyPosition, fix: "give each entry its own key"))
        } else {
            keys[key.lowercased()] = (key, keyPosition)
            entries.append(BibTeXEntry(type: type, key: key, position: delimiters.entryPosition, keyPosition: keyPosition, fields: list.fields))
        }
        return index
    }

    /// Reads `name =`, leaving `index` at the value.
    private mutating func readFieldName(at index: inout Int, delimiters: Delimiters) throws(Failure) -> (String, FilePosition) {
        let nameStart = index
        index = scanIdentifier(from: index)
        guard index > nameStart, !isDigit(bytes[nameStart]) else {
            throw syntax(at: nameStart, "expected a field name or '\(delimiters.closingText)', found \(describe(nameStart))",
                         fix: notClosedFix(at: nameStart, delimiters) ?? "write fields as name = {value}, separated by commas")
        }
        let name = text(nameStart..<index).lowercased()
        let namePosition = tracker.position(at: nameStart)
        index = skipWhitespace(from: index)
        guard index < bytes.count else { throw endOfFile(inside: delimiters) }
        guard bytes[index] == UInt8(ascii: "=") else {
            throw syntax(at: index, "expected '=' after the field name '\(name)', found \(describe(index))",
                         fix: name.hasSuffix(":") ? "BibTeX writes '=' between a field's name and its value" : "write the field as \(name) = {value}")
        }
        index = skipWhitespace(from: index + 1)
        return (name, namePosition)
    }

    /// The fields of the entry being read, and what has been said of them.
    struct FieldList {
        var fields: [BibTeXField] = []
        var indexByName: [String: Int] = [:]
        var isFull = false
    }

    /// Adds a field to the entry's, unless its name is taken (a warning) or the entry is full.
    private mutating func keep(_ field: BibTeXField, in list: inout FieldList) {
        if let earlier = list.indexByName[field.name] {
            let first = list.fields[earlier].namePosition
            problems.append(BibTeXProblem(
                id: "bibtex.duplicate-field",
                message: "the field '\(field.name)' appears twice in this entry (first at line \(first.line), column \(first.column)); the first value is used",
                position: field.namePosition, fix: "remove one of the two", isWarning: true))
            return
        }
        guard list.fields.count < limits.maximumFieldsPerEntry else {
            if !list.isFull {
                list.isFull = true
                problems.append(BibTeXProblem(
                    id: "bibtex.too-large",
                    message: "the entry has more than \(limits.maximumFieldsPerEntry) fields; '\(field.name)' and those after it are left out",
                    position: field.namePosition, fix: nil, isWarning: true))
            }
            return
        }
        list.indexByName[field.name] = list.fields.count
        list.fields.append(field)
    }

    /// Reads `@string{name = value}` and defines the name.
    private mutating func readStringDefinition(from start: Int, delimiters: Delimiters) throws(Failure) -> Int {
        var index = skipWhitespace(from: start)
        let nameStart = index
        index = scanIdentifier(from: index)
        guard index > nameStart, !isDigit(bytes[nameStart]) else {
            throw syntax(at: nameStart, "expected a name after '@string\(delimiters.openingText)', found \(describe(nameStart))",
                         fix: "define a string as @string{name = {text}}")
        }
        let name = text(nameStart..<index)
        index = skipWhitespace(from: index)
        guard index < bytes.count else { throw endOfFile(inside: delimiters) }
        guard bytes[index] == UInt8(ascii: "=") else {
            throw syntax(at: index, "expected '=' after the string name '\(name)', found \(describe(index))",
                         fix: "define a string as @string{\(name) = {text}}")
        }
        index = skipWhitespace(from: index + 1)
        let value = try readValue(at: &index, of: "the string '\(name)'", delimiters: delimiters)
        // A value left out for its size still defines the name, so its uses are not reported again.
        macros[name.lowercased()] = value?.value ?? ""
        return try expectClose(at: index, delimiters: delimiters, after: "the string '\(name)'")
    }

    /// The offset after the entry's closing delimiter, expected at `start` after white space.
    private mutating func expectClose(at start: Int, delimiters: Delimiters, after what: String) throws(Failure) -> Int {
        let index = skipWhitespace(from: start)
        guard index < bytes.count else { throw endOfFile(inside: delimiters) }
        guard bytes[index] == delimiters.closing else {
            let fix = bytes[index] == UInt8(ascii: ",") ? "a @string defines one name: write each in its own @string" : nil
            throw syntax(at: index, "expected '\(delimiters.closingText)' after the value of \(what), found \(describe(index))",
                         fix: fix ?? closingFix(at: index, delimiters))
        }
        return index + 1
    }

    /// The fix for an entry left open, when the next entry's `@` is where its close was expected.
    private func notClosedFix(at index: Int, _ delimiters: Delimiters) -> String? {
        guard index < bytes.count, bytes[index] == UInt8(ascii: "@"), atLineStart(index) else { return nil }
        return "the entry at line \(delimiters.entryPosition.line) is not closed: add '\(delimiters.closingText)' before this line"
    }

    /// The fix for a closing delimiter that does not match the opening one.
    private func closingFix(at index: Int, _ delimiters: Delimiters) -> String? {
        let other = delimiters.closing == UInt8(ascii: "}") ? UInt8(ascii: ")") : UInt8(ascii: "}")
        guard bytes[index] == other else { return nil }
        return "the entry opened with '\(delimiters.openingText)' at line \(delimiters.entryPosition.line), so it closes with '\(delimiters.closingText)'"
    }
}

extension BibTeXReader {
    /// How the entry being read opened and so how it must close, and where its `@` is.
    struct Delimiters {
        let closing: UInt8
        let entryPosition: FilePosition

        init(opening: UInt8, at position: FilePosition) {
            closing = opening == UInt8(ascii: "(") ? UInt8(ascii: ")") : UInt8(ascii: "}")
            entryPosition = position
        }

        var openingText: String { closing == UInt8(ascii: ")") ? "(" : "{" }
        var closingText: String { closing == UInt8(ascii: ")") ? ")" : "}" }
    }

    /// `jan` to `dec`, as BibTeX's standard styles define them.
    static let months: [String: String] = [
        "jan": "January", "feb": "February", "mar": "March", "apr": "April", "may": "May", "jun": "June",
        "jul": "July", "aug": "August", "sep": "September", "oct": "October", "nov": "November", "dec": "December",
    ]
}

/// Pairs the braces of a text once, up front.
///
/// BibTeX counts every brace, `\{` and `\}` too, so a brace's partner does not depend on where a
/// value starts: one pass with a stack pairs them all, and a brace that never closes is known at once
/// rather than found by scanning to the end of the file from each place that opens one.
///
/// The pairs are two arrays in the order the `{` come, so a living review's hundreds of thousands of
/// braces are not hashed into a dictionary; a `{` is looked up by a binary search of its offset.
struct BracePairs: Sendable {
    /// The offset of every `{`, in increasing order.
    private var opens: [Int] = []
    /// The offset of the `}` that closes each of them, or -1 when none does.
    private var closes: [Int] = []

    init(in bytes: [UInt8]) {
        var open: [Int] = []
        for (offset, byte) in bytes.enumerated() {
            if byte == UInt8(ascii: "{") {
                open.append(opens.count)
                opens.append(offset)
                closes.append(-1)
            } else if byte == UInt8(ascii: "}"), let ordinal = open.popLast() {
                closes[ordinal] = offset
            }
        }
    }

    /// The offset of the `}` that closes the `{` at `offset`; nil when none does, or no `{` is there.
    subscript(offset: Int) -> Int? {
        var (low, high) = (0, opens.count)
        while low < high {
            let middle = (low + high) / 2
            if opens[middle] < offset { low = middle + 1 } else { high = middle }
        }
        guard low < opens.count, opens[low] == offset, closes[low] >= 0 else { return nil }
        return closes[low]
    }
}
