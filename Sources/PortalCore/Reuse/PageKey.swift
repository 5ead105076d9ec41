/// A page's key in the build manifest: the SHA-256 of everything its HTML is made of.
///
/// A page is the base layout and its kind's template rendered over its context, and nothing
/// else: the templates are covered by the manifest's inputs (a page is kept only when they are
/// unchanged), so the key is the template's name and the whole context, written out in one
/// canonical form (records by sorted member names, every text with its length), so that two
/// different contexts never give the same bytes. The pages a context shows are in it as the cards
/// it shows, so a page that shows a retitled page gets a new key without a list of dependencies.
enum PageKey {
    /// The key of a page rendered by `template` over `context`, as 64 hexadecimal digits.
    /// `sectionsRead` names the entries of `site.sections` the templates can read (all when nil,
    /// `TemplateSet.sectionsRead`): the counts of the others do not change the page, and leaving
    /// them out keeps a new page from changing every key.
    static func of(template: String, context: TemplateValue, sectionsRead: Set<String>? = nil) -> String {
        var stream = SHA256.Stream()
        stream.add(template.utf8.count)
        stream.add(template)
        stream.add(context: sectionsRead.map { restricting(context, toSections: $0) } ?? context)
        return Hexadecimal.string(stream.finish())
    }

    /// `context` with only the entries `read` of `site.sections`.
    private static func restricting(_ context: TemplateValue, toSections read: Set<String>) -> TemplateValue {
        guard case .record(var page) = context, case .record(var site)? = page["site"], case .record(let sections)? = site["sections"] else { return context }
        site["sections"] = .record(sections.filter { read.contains($0.key) })
        page["site"] = .record(site)
        return .record(page)
    }
}

extension SHA256.Stream {
    /// Adds `value` in its canonical form: a tag byte, then its length or value, then its parts.
    /// The fragment cache's member names a page by its place in this build, not by what it shows,
    /// so it is left out (the card around it is in).
    mutating func add(context value: TemplateValue) {
        switch value {
        case .text(let text):
            add(tag: 0x74)
            add(text.utf8.count)
            add(text)
        case .number(let number):
            add(tag: 0x6E)
            add(number)
        case .flag(let flag):
            add(tag: flag ? 0x31 : 0x30)
        case .list(let items):
            add(tag: 0x6C)
            add(items.count)
            for item in items { add(context: item) }
        case .record(let members):
            let names = members.keys.filter { $0 != TemplateValue.fragmentKey }.sorted()
            add(tag: 0x72)
            add(names.count)
            for name in names {
                add(name.utf8.count)
                add(name)
                if let member = members[name] { add(context: member) }
            }
        }
    }

    private mutating func add(tag: UInt8) {
        withUnsafeBytes(of: tag) { add($0) }
    }
}

/// Bytes written as lower-case hexadecimal digits, and read back.
enum Hexadecimal {
    private static let digits = Array("0123456789abcdef".utf8)

    /// `bytes` as hexadecimal digits, two per byte.
    static func string(_ bytes: [UInt8]) -> String {
        var characters: [UInt8] = []
        characters.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            characters.append(digits[Int(byte >> 4)])
            characters.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: characters, as: UTF8.self)
    }

    /// Whether `text` is `count` lower-case hexadecimal digits.
    static func isDigest(_ text: Substring, count: Int = 64) -> Bool {
        text.utf8.count == count && text.utf8.allSatisfy { digits.contains($0) }
    }
}
