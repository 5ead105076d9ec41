/// Checks on front-matter YAML made before it is parsed, so that hostile YAML fails fast at a position.
///
/// Yams composes aliases as shared nodes, which is cheap, but it then groups each mapping's keys in a
/// dictionary, hashing every key in full: a key that is an alias of an alias of … (the "billion
/// laughs" shape) is hashed once per path through the shared nodes, and the build never ends. Yams has
/// no public event stream to count expansions on, so the YAML text is read here instead: anchors and
/// aliases are found where a YAML node can start (not inside quotes, comments or block scalars), each
/// anchored node's extent is bounded from above by its indentation or its brackets, and the values
/// the aliases would expand to are added up. The estimate only ever errs on the large side.
enum FrontMatterLimits {
    /// Front-matter larger than this is refused: fields are short, and long text belongs in the body.
    static let maximumBytes = 1024 * 1024
    /// The most aliases (`*name`) one front-matter may use.
    static let maximumAliases = 100
    /// The most values all aliases together may stand for.
    static let maximumExpansion = 10_000
    /// The longest tag, in bytes: each tag is a folder of the site, and file names have a limit.
    static let maximumTagLength = 64

    /// The first problem with `yaml`, whose first line is line `firstLine` of `source`, or nil.
    static func check(_ yaml: String, source: SourceText, firstLine: Int) -> Diagnostic? {
        let bytes = Array(yaml.utf8)
        if bytes.count > maximumBytes {
            let line = firstLine + bytes[..<maximumBytes].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
            return source.error("frontmatter.too-large", "the front-matter is \(bytes.count / 1024) KB; it may be at most \(maximumBytes / 1024) KB", line: line, column: 1,
                                fix: "keep long text in the body, below the closing '---'")
        }
        if let (offset, scalar) = ControlCharacters.first(in: bytes) {
            let (line, column) = position(of: offset, in: bytes)
            return source.error("frontmatter.control-character", "the front-matter holds the control character \(ControlCharacters.name(scalar)), which no field may contain",
                                line: firstLine + line - 1, column: column, fix: "delete it")
        }
        // Most front-matter has no alias at all.
        guard bytes.contains(UInt8(ascii: "*")) else { return nil }
        var scan = AnchorScan(bytes: bytes)
        scan.run()
        guard let (offset, problem) = scan.firstExcess() else { return nil }
        let (line, column) = position(of: offset, in: bytes)
        switch problem {
        case .tooManyAliases:
            return source.error("frontmatter.too-many-aliases", "the front-matter uses more than \(maximumAliases) aliases ('*name')", line: firstLine + line - 1, column: column,
                                fix: "write the values out; front-matter fields rarely need anchors and aliases")
        case .expansion:
            return source.error("frontmatter.alias-expansion", "the aliases up to here stand for more than \(maximumExpansion.grouped) values (aliases of aliases multiply)",
                                line: firstLine + line - 1, column: column, fix: "write the values out instead of nesting aliases")
        }
    }

    /// The 1-based line and character column of byte `offset`.
    static func position(of offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
        var line = 1
        var lineStart = 0
        for index in 0..<offset where bytes[index] == 0x0A {
            line += 1
            lineStart = index + 1
        }
        let column = bytes[lineStart..<offset].reduce(1) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
        return (line, column)
    }
}

/// Anchors, aliases and the extents of anchored nodes in YAML text, found without parsing it.
private struct AnchorScan {
    enum Problem { case tooManyAliases, expansion }

    struct Anchor {
        let name: ArraySlice<UInt8>
        let offset: Int
        /// The byte offset just past the anchored node (an upper bound).
        var end: Int
        /// How many values the node holds, counting lines and flow items (an upper bound).
        var values = 1
    }

    struct Alias {
        let name: ArraySlice<UInt8>
        let offset: Int
    }

    let bytes: [UInt8]
    var anchors: [Anchor] = []
    var aliases: [Alias] = []

    /// Anchors whose flow collection (`&a [ … ]`) is still open, with the bracket depth it opened at.
    private var openFlow: [(anchor: Int, depth: Int)] = []

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    private static let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t"), newline = UInt8(ascii: "\n")

    private func isBlank(_ byte: UInt8) -> Bool { byte == Self.space || byte == Self.tab || byte == Self.newline }
    private func isFlowIndicator(_ byte: UInt8) -> Bool { byte == UInt8(ascii: ",") || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "]") || byte == UInt8(ascii: "{") || byte == UInt8(ascii: "}") }

    /// Lines as byte ranges, without their newline.
    private var lines: [Range<Int>] {
        var result: [Range<Int>] = []
        var start = 0
        for index in bytes.indices where bytes[index] == Self.newline {
            result.append(start..<index)
            start = index + 1
        }
        result.append(start..<bytes.count)
        return result
    }

    private func indentation(_ line: Range<Int>) -> Int {
        bytes[line].prefix { $0 == Self.space }.count
    }

    private func isEmptyOrComment(_ line: Range<Int>) -> Bool {
        let rest = bytes[line].drop { $0 == Self.space || $0 == Self.tab }
        return rest.isEmpty || rest.first == UInt8(ascii: "#")
    }

    /// Whether the line, after its indentation, is a block sequence entry (`- …`).
    private func isSequenceEntry(_ line: Range<Int>) -> Bool {
        let rest = bytes[line].drop { $0 == Self.space }
        guard rest.first == UInt8(ascii: "-") else { return false }
        let next = rest.dropFirst().first
        return next == nil || next == Self.space || next == Self.tab
    }

    mutating func run() {
        let lines = self.lines
        var flowDepth = 0
        var quote: UInt8?
        var blockScalarParent: Int?
        for (number, line) in lines.enumerated() {
            if let parent = blockScalarParent {
                if isEmptyOrComment(line) || indentation(line) > parent { continue }
                blockScalarParent = nil
            }
            var index = line.lowerBound
            var atNodeStart = quote == nil
            // A block anchor waiting to learn whether its node is a flow collection on the same line.
            var pendingBlockAnchor: Int?
            while index < line.upperBound {
                let byte = bytes[index]
                if let open = quote {
                    if byte == open {
                        // '' inside single quotes is an escaped quote, not the end.
                        if open == UInt8(ascii: "'"), index + 1 < line.upperBound, bytes[index + 1] == open {
                            index += 2
                            continue
                        }
                        quote = nil
                        atNodeStart = false
                    } else if byte == UInt8(ascii: "\\"), open == UInt8(ascii: "\"") {
                        index += 1
                    }
                    index += 1
                    continue
                }
                if byte == Self.space || byte == Self.tab {
                    index += 1
                    continue
                }
                let previousIsBlank = index == line.lowerBound || isBlank(bytes[index - 1])
                if byte == UInt8(ascii: "#"), previousIsBlank { break }
                let next: UInt8? = index + 1 < line.upperBound ? bytes[index + 1] : nil
                let nextIsBlank = next.map(isBlank) ?? true
                // `-`, `?` and `:` are indicators only before a blank (`-5` and `:x` are plain text).
                if atNodeStart, byte == UInt8(ascii: "-") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: ":"), nextIsBlank {
                    index += 1
                    continue
                }
                if atNodeStart {
                    switch byte {
                    case UInt8(ascii: "&"), UInt8(ascii: "*"):
                        var end = index + 1
                        while end < line.upperBound, !isBlank(bytes[end]), flowDepth == 0 || !isFlowIndicator(bytes[end]) { end += 1 }
                        let name = bytes[(index + 1)..<end]
                        if byte == UInt8(ascii: "*") {
                            aliases.append(Alias(name: name, offset: index))
                            atNodeStart = false
                        } else {
                            anchors.append(Anchor(name: name, offset: index, end: line.upperBound))
                            pendingBlockAnchor = anchors.count - 1
                        }
                        index = end
                        continue
                    case UInt8(ascii: "!"):
                        while index < line.upperBound, !isBlank(bytes[index]) { index += 1 }
                        continue
                    case UInt8(ascii: "\""), UInt8(ascii: "'"):
                        quote = byte
                        pendingBlockAnchor = nil
                    case UInt8(ascii: "|"), UInt8(ascii: ">"):
                        if flowDepth == 0 {
                            blockScalarParent = indentation(line)
                            pendingBlockAnchor = nil
                            index = line.upperBound
                            continue
                        }
                        atNodeStart = false
                    case UInt8(ascii: "["), UInt8(ascii: "{"):
                        if let anchor = pendingBlockAnchor {
                            openFlow.append((anchor, flowDepth))
                            pendingBlockAnchor = nil
                        }
                        flowDepth += 1
                    case UInt8(ascii: ",") where flowDepth > 0:
                        break
                    case UInt8(ascii: "]"), UInt8(ascii: "}"):
                        closeFlow(at: index, depth: &flowDepth)
                        atNodeStart = false
                    default:
                        // A plain scalar: a scalar node, so an anchor on it covers only itself.
                        if let anchor = pendingBlockAnchor {
                            anchors[anchor].end = index + 1
                            pendingBlockAnchor = nil
                        }
                        atNodeStart = false
                    }
                    index += 1
                    continue
                }
                // Inside a plain scalar or after a complete node: only indicators that end it matter.
                if byte == UInt8(ascii: ":"), nextIsBlank || (flowDepth > 0 && next.map(isFlowIndicator) == true) {
                    atNodeStart = true
                } else if flowDepth > 0, byte == UInt8(ascii: ",") {
                    atNodeStart = true
                } else if flowDepth > 0, byte == UInt8(ascii: "]") || byte == UInt8(ascii: "}") {
                    closeFlow(at: index, depth: &flowDepth)
                } else if flowDepth > 0, byte == UInt8(ascii: "[") || byte == UInt8(ascii: "{") {
                    flowDepth += 1
                }
                index += 1
            }
            if let anchor = pendingBlockAnchor, flowDepth == 0 {
                // Nothing after the anchor on its line: the node is the block below, which holds the
                // lines indented further (and, for a sequence, entries at the same indentation).
                anchors[anchor].end = blockEnd(after: number, in: lines)
            }
        }
        // Unclosed brackets: libyaml will report them; the open collections run to the end.
        for open in openFlow { anchors[open.anchor].end = bytes.count }
        for index in anchors.indices {
            let extent = anchors[index].offset..<anchors[index].end
            anchors[index].values = max(1, bytes[extent].reduce(1) { $0 + ($1 == Self.newline || $1 == UInt8(ascii: ",") ? 1 : 0) })
        }
    }

    private mutating func closeFlow(at index: Int, depth: inout Int) {
        depth = max(0, depth - 1)
        while let last = openFlow.last, last.depth >= depth {
            anchors[last.anchor].end = index + 1
            openFlow.removeLast()
        }
    }

    /// The offset just past the block that follows line `number`.
    private func blockEnd(after number: Int, in lines: [Range<Int>]) -> Int {
        let parent = indentation(lines[number])
        var end = lines[number].upperBound
        for line in lines[(number + 1)...] {
            if isEmptyOrComment(line) { continue }
            let indent = indentation(line)
            guard indent > parent || (indent == parent && isSequenceEntry(line)) else { break }
            end = line.upperBound
        }
        return end
    }

    /// Where the aliases first go over a limit, if they do.
    func firstExcess() -> (offset: Int, problem: Problem)? {
        if aliases.count > FrontMatterLimits.maximumAliases {
            return (aliases[FrontMatterLimits.maximumAliases].offset, .tooManyAliases)
        }
        // Each anchored node's size with the aliases inside it expanded, smallest extents first: an
        // alias can only name an anchor whose node is complete, so its size is known by then.
        var sizes = [Int](repeating: 0, count: anchors.count)
        let order = anchors.indices.sorted { anchors[$0].end < anchors[$1].end }
        let limit = FrontMatterLimits.maximumExpansion
        for index in order {
            var size = anchors[index].values
            for alias in aliases where alias.offset > anchors[index].offset && alias.offset < anchors[index].end {
                size = min(limit + 1, size + (target(of: alias).map { sizes[$0] } ?? 1))
            }
            sizes[index] = size
        }
        var total = 0
        for alias in aliases {
            total += target(of: alias).map { sizes[$0] } ?? 1
            if total > limit { return (alias.offset, .expansion) }
        }
        return nil
    }

    /// The anchor an alias names: the latest one of that name whose node ends before the alias.
    private func target(of alias: Alias) -> Int? {
        anchors.indices.last { anchors[$0].end <= alias.offset && anchors[$0].name.elementsEqual(alias.name) }
    }
}
