/// A user macro: from `\newcommand`, `\renewcommand` or `\def` in a formula, or from the site's configuration.
public struct MacroDefinition: Equatable, Sendable {
    /// How many arguments it takes (`#1` … `#9`).
    public let parameterCount: Int
    /// The default of the first argument, which makes it optional (`\newcommand\x[2][default]{…}`);
    /// empty (not nil) for a macro defined in a formula, whose source is not kept.
    public let optionalDefault: String?
    /// The body as written; empty for a macro defined in a formula.
    public let body: String
    let bodyTokens: [TexToken.Kind]
    let defaultTokens: [TexToken.Kind]?

    init(parameterCount: Int, body: String, bodyTokens: [TexToken.Kind], optionalDefault: String?, defaultTokens: [TexToken.Kind]?) {
        self.parameterCount = parameterCount
        self.body = body
        self.bodyTokens = bodyTokens
        self.optionalDefault = optionalDefault
        self.defaultTokens = defaultTokens
    }

    /// Defines a macro from its body; `parameterCount` nil counts the highest `#n` in the body.
    ///
    /// Throws a `MathError` (positions in `body`) when the body's braces do not balance, when it holds a
    /// control character, or when it uses a parameter above `parameterCount`.
    public init(body: String, parameterCount: Int? = nil, optionalDefault: String? = nil) throws(MathError) {
        let tokens = try Self.tokens(of: body)
        let highest = tokens.reduce(0) { highest, token in
            if case .parameter(let index) = token.kind { return max(highest, index) }
            return highest
        }
        let count = parameterCount ?? highest
        guard count >= 0, count <= 9 else {
            throw MathError(kind: .badMacro, offset: 0, length: 0, message: "a macro takes at most 9 arguments")
        }
        if let bad = tokens.first(where: { if case .parameter(let index) = $0.kind { return index > count } else { return false } }) {
            var error = MathError(kind: .badMacro, offset: bad.offset, length: bad.length, message: "the body uses #\(highest) but the macro takes \(count) argument\(count == 1 ? "" : "s")")
            error.locate(in: Array(body.utf8))
            throw error
        }
        var defaultTokens: [TexToken.Kind]?
        if let optionalDefault {
            guard count >= 1 else {
                throw MathError(kind: .badMacro, offset: 0, length: 0, message: "a default for the first argument needs at least one argument")
            }
            defaultTokens = try Self.tokens(of: optionalDefault).map(\.kind)
        }
        self.init(parameterCount: count, body: body, bodyTokens: tokens.map(\.kind), optionalDefault: optionalDefault, defaultTokens: defaultTokens)
    }

    private static func tokens(of text: String) throws(MathError) -> [TexToken] {
        let bytes = Array(text.utf8)
        return try bytes.withUnsafeBufferPointer { tokens(of: $0) }.get()
    }

    private static func tokens(of bytes: UnsafeBufferPointer<UInt8>) -> Result<[TexToken], MathError> {
        var lexer = TexLexer(bytes: bytes)
        var tokens: [TexToken] = []
        var depth = 0
        var opening: [Int] = []
        while true {
            let token = lexer.next()
            if case .end = token.kind { break }
            if case .beginGroup = token.kind {
                depth += 1
                opening.append(token.offset)
            }
            if case .endGroup = token.kind {
                guard depth > 0 else {
                    var error = MathError(kind: .unbalancedBrace, offset: token.offset, length: 1, message: "this } closes no {")
                    error.locate(in: bytes)
                    return .failure(error)
                }
                depth -= 1
                opening.removeLast()
            }
            tokens.append(token)
        }
        if let offset = lexer.controlCharacterOffsets.first {
            var error = MathError(kind: .controlCharacter, offset: offset, length: 1, message: "control characters are not allowed in a macro")
            error.locate(in: bytes)
            return .failure(error)
        }
        if let offset = opening.last {
            var error = MathError(kind: .unbalancedBrace, offset: offset, length: 1, message: "this { is never closed")
            error.locate(in: bytes)
            return .failure(error)
        }
        return .success(tokens)
    }
}

extension MathConverter {
    /// Defines the site-wide macros written in the configuration, as `name: body` (the name with or
    /// without its backslash; the arguments counted from the highest `#n` in the body).
    ///
    /// Returns the macros that could be defined and an error for each that could not.
    public static func parseMacros(_ definitions: [String: String]) -> ([String: MacroDefinition], [MacroDefinitionError]) {
        var macros: [String: MacroDefinition] = [:]
        var errors: [MacroDefinitionError] = []
        for (written, body) in definitions.sorted(by: { $0.key < $1.key }) {
            let name = written.hasPrefix("\\") ? String(written.dropFirst()) : written
            guard !name.isEmpty, name.utf8.allSatisfy(TexLexer.isLetter) else {
                errors.append(MacroDefinitionError(name: written, error: MathError(
                    kind: .badMacro, offset: 0, length: 0,
                    message: "a macro name is a backslash and letters, such as \\RR",
                    fix: "rename it under math.macros in site.yml")))
                continue
            }
            do {
                macros[name] = try MacroDefinition(body: body)
            } catch {
                errors.append(MacroDefinitionError(name: written, error: error))
            }
        }
        return (macros, errors)
    }
}
