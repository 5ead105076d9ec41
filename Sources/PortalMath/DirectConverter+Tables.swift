/// The texts and tables `DirectConverter` writes from, made once.
extension DirectConverter {
    /// Bytes made once, by `Tables`, and kept for the life of the process (the tables' texts,
    /// escaped as the writer escapes them): written with one copy and compared in place, without a
    /// `String` or a reference count for each leaf.
    struct Text: @unchecked Sendable {
        let start: UnsafePointer<UInt8>
        let count: Int

        init(_ bytes: some Collection<UInt8>) {
            let storage = UnsafeMutablePointer<UInt8>.allocate(capacity: max(bytes.count, 1))
            _ = UnsafeMutableBufferPointer(start: storage, count: bytes.count).initialize(from: bytes)
            start = UnsafePointer(storage)
            count = bytes.count
        }

        /// `text` escaped as `ByteSink.appendEscaped` escapes it.
        init(escaping text: String) {
            var sink = ByteSink(capacity: 64)
            sink.appendEscaped(text)
            self.init(sink.bytes)
        }

        /// The attributes as `MathMLWriter` writes them in a tag.
        init(_ attributes: [MathAttribute]) {
            var sink = ByteSink(capacity: 64)
            MathMLWriter.appendAttributes(attributes, into: &sink)
            self.init(sink.bytes)
        }
    }

    /// A list of attributes as written in a tag, made once from `MathAttribute`s.
    struct Attributes: Sendable {
        let text: Text
        let hasLeftSpace: Bool

        init(_ attributes: [MathAttribute]) {
            text = Text(attributes)
            hasLeftSpace = attributes.contains { $0.name == .lspace }
        }
    }

    /// A built-in command, with the text its leaf writes (a symbol's or a function name's).
    struct Command: Sendable {
        let kind: CommandKind
        let text: Text
        /// The text's one scalar, if it is one (a letter a math alphabet may change).
        let scalar: Unicode.Scalar?

        init(_ kind: CommandKind) {
            self.kind = kind
            let written: String = switch kind {
            case .symbol(let symbol): symbol.text
            case .function(let name, _): name
            default: ""
            }
            text = Text(escaping: written)
            scalar = written.unicodeScalars.count == 1 ? written.unicodeScalars.first : nil
        }
    }

    /// The tables the converter reads for every token, reached through one reference: a static
    /// property is an access through `swift_once` each time it is read.
    final class Tables: Sendable {
        static let shared = Tables()

        let commands = ByteKeyedTable(CommandTable.commands.map { ($0.key, Command($0.value)) })
        /// The kinds of the ASCII characters typed as symbols (`SymbolTable.characterKinds`), by byte.
        let asciiKinds: [MathSymbol.Kind?] = (0..<128).map { SymbolTable.characterKinds[Unicode.Scalar(UInt8($0))] }
        /// Each ASCII character's text, escaped.
        let asciiTexts: [Text] = (0..<128).map { Text(escaping: String(Unicode.Scalar(UInt8($0)))) }
        let minus = Text(escaping: "−")
        let asterisk = Text(escaping: "∗")
        let functionApplication = Text(escaping: "\u{2061}")
        /// `MathParser.delimiterCommands`, by name.
        let delimiters = ByteKeyedTable(MathParser.delimiterCommands.map { ($0.key, Text(escaping: $0.value)) })
        let leftAngle = Text(escaping: "⟨")
        let rightAngle = Text(escaping: "⟩")
        /// The texts `MathParser`'s rules look for, escaped.
        let signs = ByteKeyedTable(MathParser.signs.map { (escaped($0), ()) })
        let beforeUnary = ByteKeyedTable(MathParser.beforeUnary.map { (escaped($0), ()) })
        let closings = ByteKeyedTable(MathParser.closings.map { (escaped($0), ()) })
        let openings = ByteKeyedTable(MathParser.argumentOpenings.map { (escaped($0), ()) })
        let parentheses = ByteKeyedTable(MathParser.limitsParentheses.map { (escaped($0), ()) })

        let none = Attributes([])
        let unstretched = Attributes(MathAttribute.unstretched)
        let unspaced = Attributes(MathAttribute.unspaced)
        let closedUp = Attributes(MathAttribute.closedUp)
        let prefixFence = Attributes(MathParser.fenceAttributes(form: "prefix"))
        let postfixFence = Attributes(MathParser.fenceAttributes(form: "postfix"))
        let movableLimits = Attributes(MathAttribute.movableLimits)
        let spacedAfter = Attributes([MathAttribute(.rspace, "0.1667em")])

        private static func escaped(_ text: String) -> String {
            var sink = ByteSink(capacity: 64)
            sink.appendEscaped(text)
            return String(decoding: sink.bytes, as: UTF8.self)
        }
    }
}
