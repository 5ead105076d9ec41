import Foundation

/// Renders compiled templates with typed values.
///
/// It follows swift-mustache's semantics (a test renders every page of the shipped site with
/// both and compares), but reads `TemplateValue`s directly: no dynamic casts, no name splitting
/// per lookup, one output buffer per page. See `TemplateRenderer+Values.swift` for lookups.
struct TemplateRenderer: Sendable {
    /// Compiled templates and partials by name.
    let templates: [String: CompiledTemplate]

    /// Where a section over a list stands, for `first()`, `last()`, `index()`.
    struct Position {
        var index: Int
        var isLast: Bool
    }

    /// What a render carries besides its output: the shared fragment cache, and while a fragment
    /// is being rendered for it, what its lookups found outside it.
    struct State {
        let fragments: FragmentCache?
        var capture: FragmentCache.Capture?
        /// How many times an indentation was written so far (a fragment checks its markers with it).
        var indentations = 0
        /// For each frame of the stack, a number no other frame pushed during this render has: a
        /// frame is the same while its number is, and the frames below it too, since changing one
        /// of those pops it first.
        private(set) var frames: [Int] = [0]
        private var pushes = 0
        /// What `foundOutside` found for the frames below `floor` while the frame under it is
        /// `frame`: each listing item of one list asks the same question of the same frames.
        private var outside: (floor: Int, frame: Int, answers: [(missing: [TemplateName], found: Bool)]) = (0, 0, [])

        init(fragments: FragmentCache?) {
            self.fragments = fragments
        }

        mutating func pushed() {
            pushes += 1
            frames.append(pushes)
        }

        mutating func popped() {
            frames.removeLast()
        }

        /// Whether a frame of `stack` below `floor` has the first part of a name of `missing` (the
        /// names a kept fragment looked up and found nowhere), which would make it render otherwise.
        mutating func foundOutside(_ missing: [TemplateName], floor: Int, stack: [TemplateValue]) -> Bool {
            guard !missing.isEmpty, floor > 0 else { return false }
            let frame = frames[floor - 1]
            if outside.floor != floor || outside.frame != frame { outside = (floor, frame, []) }
            if let answer = outside.answers.first(where: { Self.sameFirstParts($0.missing, missing) }) { return answer.found }
            let found = FragmentCache.foundOutside(missing, in: stack[..<floor])
            outside.answers.append((missing, found))
            return found
        }

        private static func sameFirstParts(_ first: [TemplateName], _ second: [TemplateName]) -> Bool {
            first.count == second.count && zip(first, second).allSatisfy { $0.path.first == $1.path.first }
        }
    }

    /// Renders template `name` with `context`. With `fragments`, a partial rendered for a listing
    /// item (a record with a `TemplateValue.fragmentKey`) is taken from the cache or kept in it.
    func render(_ name: String, context: TemplateValue, fragments: FragmentCache? = nil) -> String {
        guard let template = templates[name] else { return "" }
        var output = ""
        output.reserveCapacity(16 * 1024)
        var stack = [context]
        var state = State(fragments: fragments)
        render(template.nodes, stack: &stack, position: nil, indentation: "", state: &state, into: &output)
        return output
    }

    /// Renders partial `name` over one listing item, as `{{> name}}` within a section over the
    /// item would, taking the card from `fragments` or keeping it there.
    func render(partial name: String, over item: TemplateValue, fragments: FragmentCache?) -> String {
        var output = ""
        var stack = [item]
        var state = State(fragments: fragments)
        render(.partial(name, indentation: ""), stack: &stack, position: nil, indentation: "", state: &state, into: &output)
        return output
    }

    private func render(_ nodes: [TemplateNode], stack: inout [TemplateValue], position: Position?, indentation: String, state: inout State, into output: inout String) {
        if !indentation.isEmpty {
            // As swift-mustache does: before each piece that writes something, indent if the
            // text written so far at this level ends a line.
            // Template text counts line by line, as swift-mustache keeps one text token per line.
            var local = ""
            var atLineStart = false
            func add(line: String) {
                guard !line.isEmpty else { return }
                if atLineStart {
                    local += indentation
                    state.indentations += 1
                }
                local += line
                atLineStart = line.utf8.last == 0x0A
            }
            for node in nodes {
                switch node {
                case .text(let text):
                    add(line: text)
                    continue
                case .lines(_, let lines):
                    for line in lines { add(line: line) }
                    continue
                default:
                    break
                }
                var piece = ""
                render(node, stack: &stack, position: position, indentation: indentation, state: &state, into: &piece)
                guard !piece.isEmpty else { continue }
                if atLineStart {
                    local += indentation
                    state.indentations += 1
                }
                local += piece
                atLineStart = piece.utf8.last == 0x0A
            }
            output += local
            return
        }
        for node in nodes {
            render(node, stack: &stack, position: position, indentation: indentation, state: &state, into: &output)
        }
    }

    private func render(_ node: TemplateNode, stack: inout [TemplateValue], position: Position?, indentation: String, state: inout State, into output: inout String) {
        switch node {
        case .text(let text), .lines(let text, _):
            output += text
        case .variable(let name, let escaped):
            guard let value = resolve(name, stack: stack, position: position, capture: &state.capture) else { return }
            write(value, escaped: escaped, into: &output)
        case .section(let name, let inverted, let body):
            let value = resolve(name, stack: stack, position: position, capture: &state.capture)
            if inverted {
                renderInverted(value, body: body, stack: &stack, position: position, indentation: indentation, state: &state, into: &output)
            } else {
                renderSection(value, body: body, stack: &stack, position: position, indentation: indentation, state: &state, into: &output)
            }
        case .partial(let name, let partialIndentation):
            guard let partial = templates[name] else { return }
            let indentation = indentation + partialIndentation
            guard state.capture == nil, let fragments = state.fragments, let item = stack.last, let key = FragmentCache.Key(partial: name, item: item) else {
                render(partial.nodes, stack: &stack, position: nil, indentation: indentation, state: &state, into: &output)
                return
            }
            // A partial over a listing item: the same card on many listing pages is rendered once,
            // with a marker where each line's indentation goes, so one text serves every indentation.
            let floor = stack.count - 1
            if let kept = fragments.entry(for: key), !state.foundOutside(kept.missing, floor: floor, stack: stack) {
                kept.fragment.append(indentedBy: indentation, to: &output)
                return
            }
            var marked = ""
            state.capture = FragmentCache.Capture(floor: floor)
            let before = state.indentations
            render(partial.nodes, stack: &stack, position: nil, indentation: FragmentCache.marker, state: &state, into: &marked)
            let capture = state.capture
            state.capture = nil
            guard let fragment = FragmentCache.Fragment(marked: marked, indentations: state.indentations - before) else {
                // A value holds the marker itself: this card is rendered each time it is needed.
                render(partial.nodes, stack: &stack, position: nil, indentation: indentation, state: &state, into: &output)
                return
            }
            if let capture { fragments.keep(fragment, for: key, capture: capture) }
            fragment.append(indentedBy: indentation, to: &output)
        }
    }

    private func renderSection(_ value: TemplateValue?, body: [TemplateNode], stack: inout [TemplateValue], position: Position?, indentation: String, state: inout State, into output: inout String) {
        switch value {
        case nil:
            return
        case .flag(let flag)?:
            if flag { render(body, stack: &stack, position: position, indentation: indentation, state: &state, into: &output) }
        case .list(let items)?:
            for (index, item) in items.enumerated() {
                stack.append(item)
                state.pushed()
                render(body, stack: &stack, position: Position(index: index, isLast: index == items.count - 1), indentation: indentation, state: &state, into: &output)
                stack.removeLast()
                state.popped()
            }
        case let other?:
            stack.append(other)
            state.pushed()
            render(body, stack: &stack, position: nil, indentation: indentation, state: &state, into: &output)
            stack.removeLast()
            state.popped()
        }
    }

    private func renderInverted(_ value: TemplateValue?, body: [TemplateNode], stack: inout [TemplateValue], position: Position?, indentation: String, state: inout State, into output: inout String) {
        switch value {
        case nil, .flag(false)?:
            render(body, stack: &stack, position: position, indentation: indentation, state: &state, into: &output)
        case .list(let items)? where items.isEmpty:
            stack.append(.list(items))
            state.pushed()
            render(body, stack: &stack, position: nil, indentation: indentation, state: &state, into: &output)
            stack.removeLast()
            state.popped()
        default:
            return
        }
    }
}

/// Rendered partials over listing items, shared by the pages of one render stage.
///
/// A card's HTML depends on its item (whose `TemplateValue.fragmentKey` names the page and the
/// depth its URLs are written for) and the partial (its indentation is put in at each use: see
/// `marker`); and on any name the partial looks up outside the item. A render that finds a value
/// outside is not kept. Names it looked up and found nowhere are kept with the text, which is
/// reused only where they are still found nowhere.
final class FragmentCache: @unchecked Sendable {
    struct Key: Hashable {
        /// The partial rendered over the item.
        let partial: String
        /// The listed page's identity (`PageContextBuilder.identities`).
        let page: Int
        /// The folder depth of the listing page, which the item's relative URLs are written for.
        let depth: Int

        init(partial: String, page: Int, depth: Int) {
            self.partial = partial
            self.page = page
            self.depth = depth
        }

        /// The key of partial `partial` over `item`; nil unless the item is a listing item (a
        /// record with a `TemplateValue.fragmentKey` made by `TemplateValue.fragmentMark`).
        init?(partial: String, item: TemplateValue) {
            guard let mark = item.fragmentMark else { return nil }
            self.init(partial: partial, page: mark.page, depth: mark.depth)
        }
    }

    /// Written where a card's lines are indented while it is rendered for the cache.
    /// Indenting is the same whatever the indentation is (the renderer indents before a piece that
    /// starts a line), so the places of the markers serve every indentation, and one text is kept
    /// per card instead of one per indentation it is used at.
    static let marker = "\u{1}"

    /// A card's text, and the places where each use puts its indentation.
    struct Fragment {
        let text: String
        /// UTF-8 offsets into `text`, in order.
        let indents: [Int32]

        /// Takes the markers out of `marked`, a card rendered with `marker` as its indentation and
        /// indented `indentations` times; nil if it holds another marker (from one of its values).
        init?(marked: String, indentations: Int) {
            var marked = marked
            let markers = marked.withUTF8 { bytes -> [Int] in
                var offsets: [Int] = []
                offsets.reserveCapacity(indentations)
                guard let base = bytes.baseAddress else { return offsets }
                var from = 0
                while from < bytes.count, let found = memchr(base + from, 0x01, bytes.count - from) {
                    let offset = UnsafeRawPointer(found) - UnsafeRawPointer(base)
                    offsets.append(offset)
                    from = offset + 1
                }
                return offsets
            }
            guard markers.count == indentations else { return nil }
            // Put together from the runs between markers, which are valid UTF-8 as they are,
            // rather than from bytes, which a new `String` would check again.
            var text = ""
            text.reserveCapacity(marked.utf8.count - markers.count)
            var indents: [Int32] = []
            indents.reserveCapacity(markers.count)
            let utf8 = marked.utf8
            var runStart = utf8.startIndex
            for offset in markers {
                let marker = utf8.index(utf8.startIndex, offsetBy: offset)
                text += marked[runStart..<marker]
                indents.append(Int32(text.utf8.count))
                runStart = utf8.index(after: marker)
            }
            text += marked[runStart...]
            self.text = text
            self.indents = indents
        }

        /// Appends the text to `output`, with `indentation` in each of its places.
        func append(indentedBy indentation: String, to output: inout String) {
            guard !indentation.isEmpty, !indents.isEmpty else {
                output += text
                return
            }
            // Copied piece by piece into one new string, checked once: cheaper than appending the
            // runs to `output` one by one, each append paying its own checks.
            var text = text, indentation = indentation
            let indented = text.withUTF8 { source in
                indentation.withUTF8 { indent in
                    String(unsafeUninitializedCapacity: source.count + indents.count * indent.count) { buffer in
                        guard let target = buffer.baseAddress, let from = source.baseAddress, let with = indent.baseAddress else { return 0 }
                        var read = 0, written = 0
                        for offset in indents.lazy.map(Int.init) {
                            memcpy(target + written, from + read, offset - read)
                            written += offset - read
                            memcpy(target + written, with, indent.count)
                            written += indent.count
                            read = offset
                        }
                        memcpy(target + written, from + read, source.count - read)
                        return written + source.count - read
                    }
                }
            }
            output += indented
        }
    }

    /// What the lookups of a fragment being rendered met outside it: the frames below `floor`.
    struct Capture {
        let floor: Int
        /// Names looked up and found nowhere.
        var missing: [TemplateName] = []
        /// Whether a lookup found its value below `floor`.
        var foundOutside = false
    }

    private struct Entry {
        let fragment: Fragment
        let missing: [TemplateName]
        /// The text as a JSON string, once a listing's data script has asked for it.
        var json: String?
    }

    private let lock = NSLock()
    private var entries: [Key: Entry] = [:]
    /// The keys of each listed page's fragments (a few: one per partial and depth), so that
    /// forgetting a page's fragments does not look through every page's.
    private var keysByPage: [Int: [Key]] = [:]

    /// The kept fragment for `key`, with the names its lookups found nowhere: it stands for the
    /// partial only while they are still missing from the frames outside it (`foundOutside`).
    func entry(for key: Key) -> (fragment: Fragment, missing: [TemplateName])? {
        lock.withLock { entries[key].map { ($0.fragment, $0.missing) } }
    }

    /// The fragment kept for `key`, at no indentation, as a JSON string (`JSONValue.string(text).text`),
    /// for a use with no frame outside its item (a listing's data script); nil if none is kept.
    /// Escaped the first time it is asked for and kept with the fragment, so a data script written
    /// again escapes only the cards rendered again.
    func json(for key: Key) -> String? {
        guard let entry = lock.withLock({ entries[key] }) else { return nil }
        if let json = entry.json { return json }
        let json = JSONValue.string(entry.fragment.text).text
        lock.withLock {
            // Kept only with the text it was made from: another thread may have kept a new one.
            if entries[key]?.fragment.text == entry.fragment.text { entries[key]?.json = json }
        }
        return json
    }

    /// Whether a frame of `outside` has the first part of a name of `missing`.
    static func foundOutside(_ missing: [TemplateName], in outside: ArraySlice<TemplateValue>) -> Bool {
        missing.contains { name in outside.contains { $0[member: name.path[0]] != nil } }
    }

    /// Drops the fragments of the listing items of the pages whose identities are in `pages` (their refs changed, or they are gone).
    func forget(pages: Set<Int>) {
        guard !pages.isEmpty else { return }
        lock.withLock {
            for page in pages {
                for key in keysByPage.removeValue(forKey: page) ?? [] { entries.removeValue(forKey: key) }
            }
        }
    }

    /// How many fragments are kept.
    var count: Int { lock.withLock { entries.count } }

    func keep(_ fragment: Fragment, for key: Key, capture: Capture) {
        guard !capture.foundOutside else { return }
        lock.withLock {
            if entries.updateValue(Entry(fragment: fragment, missing: capture.missing), forKey: key) == nil { keysByPage[key.page, default: []].append(key) }
        }
    }
}
