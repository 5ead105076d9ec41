extension TemplateRenderer {
    /// The value `name` refers to: the first part looked up from the innermost context outwards,
    /// the rest inside it, then the transform, if any.
    func resolve(_ name: TemplateName, stack: [TemplateValue], position: Position?) -> TemplateValue? {
        var capture: FragmentCache.Capture?
        return resolve(name, stack: stack, position: position, capture: &capture)
    }

    /// As `resolve(_:stack:position:)`; while a fragment is captured, notes in `capture` a lookup
    /// that reached below its floor.
    func resolve(_ name: TemplateName, stack: [TemplateValue], position: Position?, capture: inout FragmentCache.Capture?) -> TemplateValue? {
        if name.isSequenceTransform {
            guard let position, let transform = name.transform else { return nil }
            switch transform {
            case "first": return .flag(position.index == 0)
            case "last": return .flag(position.isLast)
            case "index": return .number(position.index)
            case "even": return .flag(position.index % 2 == 0)
            case "odd": return .flag(position.index % 2 == 1)
            default: return nil
            }
        }
        var value: TemplateValue?
        if name.path.isEmpty {
            value = stack.last
        } else if !name.climbs {
            value = stack.last.flatMap { follow(name.path[...], from: $0) }
        } else {
            let first = name.path[0]
            var found = false
            for index in stack.indices.reversed() {
                if let member = stack[index][member: first] {
                    value = follow(name.path.dropFirst(), from: member)
                    found = true
                    if let floor = capture?.floor, index < floor { capture?.foundOutside = true }
                    break
                }
            }
            if !found, let floor = capture?.floor, floor > 0 { capture?.missing.append(name) }
        }
        guard let transform = name.transform else { return value }
        return value.flatMap { apply(transform, to: $0) }
    }

    private func follow(_ path: ArraySlice<String>, from value: TemplateValue) -> TemplateValue? {
        var current = value
        for part in path {
            guard let next = current[member: part] else { return nil }
            current = next
        }
        return current
    }

    /// The transforms the template checker allows, with swift-mustache's meanings.
    private func apply(_ transform: String, to value: TemplateValue) -> TemplateValue? {
        switch (transform, value) {
        case ("count", .list(let items)): return .number(items.count)
        case ("empty", .list(let items)): return .flag(items.isEmpty)
        case ("first", .list(let items)): return items.first
        case ("last", .list(let items)): return items.last
        case ("reversed", .list(let items)): return .list(items.reversed())
        case ("empty", .text(let text)): return .flag(text.isEmpty)
        case ("uppercased", .text(let text)): return .text(text.uppercased())
        case ("lowercased", .text(let text)): return .text(text.lowercased())
        case ("capitalized", .text(let text)): return .text(text.capitalized)
        case ("plusone", .number(let number)): return .number(number + 1)
        case ("minusone", .number(let number)): return .number(number - 1)
        case ("equalzero", .number(let number)): return .flag(number == 0)
        case ("even", .number(let number)): return .flag(number % 2 == 0)
        case ("odd", .number(let number)): return .flag(number % 2 != 0)
        default: return nil
        }
    }

    /// Writes a value as `{{x}}` (escaped) or `{{{x}}}` does.
    func write(_ value: TemplateValue, escaped: Bool, into output: inout String) {
        switch value {
        case .text(let text):
            if escaped { HTMLEscaping.append(text, to: &output) } else { output += text }
        case .number(let number):
            output += String(number)
        case .flag(let flag):
            output += flag ? "true" : "false"
        case .list, .record:
            break
        }
    }
}

/// HTML escaping of `&`, `<`, `>`, `"` and `'`, as swift-mustache does it, over UTF-8 bytes.
enum HTMLEscaping {
    static func append(_ text: String, to output: inout String) {
        func special(_ byte: UInt8) -> Bool { byte == 0x26 || byte == 0x3C || byte == 0x3E || byte == 0x22 || byte == 0x27 }
        // Most values have nothing to escape: look over their bytes in place first.
        let needsEscaping = text.utf8.withContiguousStorageIfAvailable { $0.contains(where: special) } ?? text.utf8.contains(where: special)
        guard needsEscaping else {
            output += text
            return
        }
        output += escapedBytes(of: text)
    }

    /// `text` escaped byte by byte into a buffer sized first: markup such as a feed entry's HTML has
    /// a character to escape every few bytes, where appending the pieces to a `String` one by one
    /// would cost far more.
    private static func escapedBytes(of text: String) -> String {
        var text = text
        return text.withUTF8 { bytes in
            var extra = 0
            for byte in bytes {
                switch byte {
                case 0x26, 0x27: extra += 4  // &amp; &#39;
                case 0x3C, 0x3E: extra += 3  // &lt; &gt;
                case 0x22: extra += 5  // &quot;
                default: break
                }
            }
            return String(unsafeUninitializedCapacity: bytes.count + extra) { buffer in
                var index = 0
                func write(_ entity: StaticString) {
                    entity.withUTF8Buffer { entityBytes in
                        for byte in entityBytes {
                            buffer[index] = byte
                            index += 1
                        }
                    }
                }
                for byte in bytes {
                    switch byte {
                    case 0x26: write("&amp;")
                    case 0x3C: write("&lt;")
                    case 0x3E: write("&gt;")
                    case 0x22: write("&quot;")
                    case 0x27: write("&#39;")
                    default:
                        buffer[index] = byte
                        index += 1
                    }
                }
                return index
            }
        }
    }

    /// `text` with the five characters escaped.
    static func escape(_ text: String) -> String {
        var output = ""
        append(text, to: &output)
        return output
    }
}
