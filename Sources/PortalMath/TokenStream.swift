/// The tokens the parser reads: the lexer's, with user macros expanded and macro definitions taken out.
///
/// Expansion is bounded: every expansion spends at least one token of a budget that grows linearly with
/// the formula's length, and once it is spent, further macros expand to nothing. So `\def\a{\a\a}\a`
/// ends with one error instead of looping or filling memory, and the output stays linear in the input.
struct TokenStream {
    private var lexer: TexLexer
    /// Tokens to read before the lexer's, last first: macro expansions and tokens given back.
    private var pending: [TexToken] = []
    /// The macros in force: the site's, then the page's, then this formula's own definitions.
    private(set) var macros: [String: MacroDefinition]
    private var budget: Int
    private var budgetSpentReported = false
    var errors: [MathError] = []

    /// A stream over `bytes`, which must stay valid while the stream is read.
    init(bytes: UnsafeBufferPointer<UInt8>, macros: [String: MacroDefinition]) {
        lexer = TexLexer(bytes: bytes)
        self.macros = macros
        budget = 10_000 + 64 * bytes.count
    }

    var controlCharacterOffsets: [Int] { lexer.controlCharacterOffsets }
    var sourceLength: Int { lexer.byteCount }

    /// The next token with macros expanded.
    mutating func next() -> TexToken {
        while true {
            let token = nextRaw()
            guard case .command(let name) = token.kind else { return token }
            if !macros.isEmpty, let macro = macros[name] {
                expand(macro, at: token)
                continue
            }
            // Most commands are none of these: their first letter says so, and names the one to compare with.
            switch name.utf8.first {
            case UInt8(ascii: "n") where name == "newcommand": defineCommand(token, name: name)
            case UInt8(ascii: "r") where name == "renewcommand": defineCommand(token, name: name)
            case UInt8(ascii: "p") where name == "providecommand": defineCommand(token, name: name)
            case UInt8(ascii: "d") where name == "def": defineWithDef(token)
            default: return token
            }
        }
    }

    /// The next token with macros expanded, left to be read again.
    mutating func peek() -> TexToken {
        let token = next()
        pending.append(token)
        return token
    }

    /// Makes `token` the next one read.
    mutating func giveBack(_ token: TexToken) {
        pending.append(token)
    }

    /// The next token as written, without expanding it.
    mutating func nextRaw() -> TexToken {
        pending.popLast() ?? lexer.next()
    }

    /// Where in the source the ASCII letters from `token` (a letter just read) on are, read at once; nil,
    /// with nothing read, when `token` was not read from the source just now (a macro's, or one given
    /// back). The run holds the tokens `next()` would give one at a time.
    mutating func letterRun(from token: TexToken) -> Range<Int>? {
        guard pending.isEmpty, lexer.justRead(token) else { return nil }
        lexer.skipLetters()
        return token.offset..<lexer.position
    }

    /// As `letterRun(from:)`, for the digits of a number and at most one decimal point followed by a
    /// digit (none when `seenPoint`).
    mutating func digitRun(from token: TexToken, seenPoint: inout Bool) -> Range<Int>? {
        guard pending.isEmpty, lexer.justRead(token) else { return nil }
        lexer.skipDigits(seenPoint: &seenPoint)
        return token.offset..<lexer.position
    }

    /// The source's bytes `range` of a run read by `letterRun(from:)` or `digitRun(from:seenPoint:)`.
    func runText(_ range: Range<Int>) -> String {
        lexer.asciiText(range)
    }

    /// Skips spaces, then reads one raw argument: a braced group (without its braces) or a single token.
    /// Returns nil at the end of the formula or when the group is never closed (both reported).
    mutating func readRawArgument(for command: TexToken) -> [TexToken]? {
        var token = nextRaw()
        while case .space = token.kind { token = nextRaw() }
        switch token.kind {
        case .end:
            report(.missingArgument, at: command, "\\\(command.commandName ?? "") needs an argument")
            return nil
        case .beginGroup:
            return readRawGroup(openedBy: token)
        case .endGroup:
            giveBack(token)
            report(.missingArgument, at: command, "\\\(command.commandName ?? "") needs an argument")
            return nil
        default:
            return [token]
        }
    }

    /// Reads up to the `}` that closes the group opened by `opening`, without it.
    mutating func readRawGroup(openedBy opening: TexToken) -> [TexToken]? {
        var tokens: [TexToken] = []
        var depth = 0
        while true {
            let token = nextRaw()
            switch token.kind {
            case .end:
                report(.unbalancedBrace, at: opening, "this { is never closed", fix: "add a }")
                return nil
            case .beginGroup: depth += 1
            case .endGroup:
                if depth == 0 { return tokens }
                depth -= 1
            default: break
            }
            tokens.append(token)
        }
    }

    /// Reads `[…]` if it comes next (after spaces), without the brackets; nil when there is none.
    mutating func readRawOptional() -> [TexToken]? {
        var token = nextRaw()
        var skipped: [TexToken] = []
        while case .space = token.kind {
            skipped.append(token)
            token = nextRaw()
        }
        guard token.isCharacter("[") else {
            giveBack(token)
            return nil
        }
        var tokens: [TexToken] = []
        var depth = 0
        while true {
            let inner = nextRaw()
            switch inner.kind {
            case .end:
                report(.missingArgument, at: token, "this [ is never closed by ]", fix: "add a ]")
                return tokens
            case .beginGroup: depth += 1
            case .endGroup: depth -= 1
            case .character("]") where depth == 0: return tokens
            default: break
            }
            tokens.append(inner)
        }
    }

    private mutating func expand(_ macro: MacroDefinition, at invocation: TexToken) {
        var arguments: [[TexToken]] = []
        var index = 0
        if let defaultTokens = macro.defaultTokens {
            arguments.append(readRawOptional() ?? defaultTokens.map { TexToken(kind: $0, offset: invocation.offset, length: invocation.length) })
            index = 1
        }
        while index < macro.parameterCount {
            guard let argument = readRawArgument(for: invocation) else { return }
            arguments.append(argument)
            index += 1
        }
        var produced: [TexToken] = []
        produced.reserveCapacity(macro.bodyTokens.count)
        for kind in macro.bodyTokens {
            if case .parameter(let number) = kind, number <= arguments.count {
                produced.append(contentsOf: arguments[number - 1])
            } else {
                produced.append(TexToken(kind: kind, offset: invocation.offset, length: invocation.length))
            }
        }
        budget -= max(1, produced.count)
        guard budget >= 0 else {
            if !budgetSpentReported {
                budgetSpentReported = true
                report(.macroExpansionLimit, at: invocation,
                       "macros expand to too much here (a macro that uses itself never ends)",
                       fix: "check that no macro calls itself")
            }
            return
        }
        pending.append(contentsOf: produced.reversed())
    }

    /// `\newcommand{\name}[count][default]{body}`, `\renewcommand`, `\providecommand` (and their `*` forms).
    private mutating func defineCommand(_ command: TexToken, name: String) {
        var next = nextRaw()
        if next.isCharacter("*") { next = nextRaw() }
        while case .space = next.kind { next = nextRaw() }
        var nameToken = next
        if case .beginGroup = next.kind {
            nameToken = nextRaw()
            while case .space = nameToken.kind { nameToken = nextRaw() }
            var closing = nextRaw()
            while case .space = closing.kind { closing = nextRaw() }
            if case .endGroup = closing.kind {} else {
                giveBack(closing)
                report(.badMacro, at: command, "\\\(name) takes the new command's name alone in braces, such as {\\RR}")
            }
        }
        guard let macroName = nameToken.commandName, !macroName.isEmpty else {
            if case .end = nameToken.kind {} else { giveBack(nameToken) }
            report(.badMacro, at: command, "\\\(name) needs the name of the command to define, such as \\\(name){\\RR}{\\mathbb{R}}")
            return
        }
        var count = 0
        if let countTokens = readRawOptional() {
            let digits = countTokens.compactMap { token -> UInt32? in
                if case .character(let c) = token.kind, c.properties.numericType != nil { return c.value - 48 }
                return nil
            }
            if digits.count == 1, countTokens.count == 1, let digit = digits.first, digit <= 9 {
                count = Int(digit)
            } else {
                report(.badMacro, at: command, "the number of arguments of \\\(macroName) must be a digit from 0 to 9")
            }
        }
        let defaultTokens = readRawOptional()
        guard let body = readRawArgument(for: command) else { return }
        store(macroName, body: body, count: count, defaultTokens: defaultTokens, definedBy: name, at: command)
    }

    /// `\def\name#1#2{body}`: undelimited parameters only.
    private mutating func defineWithDef(_ command: TexToken) {
        var nameToken = nextRaw()
        while case .space = nameToken.kind { nameToken = nextRaw() }
        guard let macroName = nameToken.commandName, !macroName.isEmpty else {
            giveBack(nameToken)
            report(.badMacro, at: command, "\\def needs the name of the command to define, such as \\def\\RR{\\mathbb{R}}")
            return
        }
        var count = 0
        while true {
            let token = nextRaw()
            if case .parameter(let number) = token.kind, number == count + 1 {
                count = number
                continue
            }
            if case .beginGroup = token.kind {
                guard let body = readRawGroup(openedBy: token) else { return }
                store(macroName, body: body, count: count, defaultTokens: nil, definedBy: "def", at: command)
                return
            }
            giveBack(token)
            report(.badMacro, at: command, "\\def\\\(macroName) takes parameters #1, #2, … in order and then its body in braces (delimited parameters are not supported)")
            return
        }
    }

    private mutating func store(_ macroName: String, body: [TexToken], count: Int, defaultTokens: [TexToken]?, definedBy definer: String, at command: TexToken) {
        let exists = macros[macroName] != nil || CommandTable.isBuiltin(macroName)
        switch definer {
        case "newcommand" where exists:
            report(.badMacro, at: command, "\\\(macroName) is already defined", suggestion: "\\renewcommand")
            return
        case "renewcommand" where !exists:
            report(.badMacro, at: command, "\\\(macroName) is not defined yet, so it cannot be redefined", suggestion: "\\newcommand")
        case "providecommand" where exists:
            return
        default: break
        }
        for token in body {
            if case .parameter(let number) = token.kind, number > count {
                report(.badMacro, at: command, "the body of \\\(macroName) uses #\(number) but it takes \(count) argument\(count == 1 ? "" : "s")")
                return
            }
        }
        // The source text of a formula's own macro is not kept: only the site's macros are shown back.
        macros[macroName] = MacroDefinition(
            parameterCount: count, body: "", bodyTokens: body.map(\.kind),
            optionalDefault: defaultTokens.map { _ in "" }, defaultTokens: defaultTokens?.map(\.kind))
    }

    mutating func report(_ kind: MathError.Kind, at token: TexToken, _ message: String, suggestion: String? = nil, fix: String? = nil) {
        errors.append(MathError(kind: kind, offset: token.offset, length: token.length, message: message, suggestion: suggestion, fix: fix))
    }
}
