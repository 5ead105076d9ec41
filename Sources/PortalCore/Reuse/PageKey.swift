import Foundation

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
    /// them out keeps a new page from changing every key. `cards` holds the digests of the cards
    /// already met in this build.
    static func of(template: String, context: TemplateValue, sectionsRead: Set<String>? = nil, cards: CardDigests = CardDigests()) -> String {
        var encoder = ContextEncoder(cards: cards, template: template, sectionsRead: sectionsRead)
        encoder.stream.add(template.utf8.count)
        encoder.stream.add(template)
        encoder.add(sectionsRead.map { restricting(context, toSections: $0) } ?? context)
        return Hexadecimal.string(encoder.stream.finish())
    }

    /// `context` with only the entries `read` of `site.sections`; a `site` record the builder
    /// marked is restricted where its digest is made, once per template.
    private static func restricting(_ context: TemplateValue, toSections read: Set<String>) -> TemplateValue {
        guard case .record(var page) = context, case .record(let site)? = page["site"], site[TemplateValue.fragmentKey] == nil else { return context }
        page["site"] = .record(restricting(site, toSections: read))
        return .record(page)
    }

    /// The `site` record `site` with only the entries `read` of its `sections`.
    fileprivate static func restricting(_ site: [String: TemplateValue], toSections read: Set<String>?) -> [String: TemplateValue] {
        guard let read, case .record(let sections)? = site["sections"] else { return site }
        var site = site
        site["sections"] = .record(sections.filter { read.contains($0.key) })
        return site
    }
}

/// The digest of each card (a page's ref, at one folder depth) and of each `site` record met in
/// one build's contexts.
///
/// A card is shown by many pages (listings, backlinks, tags); it is hashed once and each context
/// holds its digest. A card is named as the renderer's fragment cache names it (the page and the
/// depth in the ref's fragment member), which is the same card everywhere in one build: a ref
/// changed after it was made drops that member (`TemplateValue.fragmentKey`). A `site` record is
/// named by the mark `SiteRecordTable` gives it, and hashed once for each template, with the
/// entries of its `sections` that template reads.
final class CardDigests: @unchecked Sendable {
    private struct Name: Hashable {
        let page: Int
        let depth: Int
        /// For a `site` record, the template its digest is for.
        var template: String?
    }

    // Under `lock` (an NSLock, which the thread sanitizer understands).
    private let lock = NSLock()
    private var digests: [Name: [UInt8]] = [:]

    /// The digest of the card or `site` record `members`, rendered by `template`, when its fragment
    /// member names it, else nil.
    fileprivate func digest(of members: [String: TemplateValue], template: String, sectionsRead: Set<String>?) -> [UInt8]? {
        let name: Name
        if let mark = TemplateValue.record(members).fragmentMark {
            name = Name(page: mark.page, depth: mark.depth)
        } else if case .record(let fragment)? = members[TemplateValue.fragmentKey], case .number(let site)? = fragment["site"] {
            name = Name(page: site, depth: -1, template: template)
        } else {
            return nil
        }
        if let known = lock.withLock({ digests[name] }) { return known }
        var encoder = ContextEncoder(cards: self, template: template, sectionsRead: sectionsRead)
        encoder.add(members: name.template == nil ? members : PageKey.restricting(members, toSections: sectionsRead))
        let digest = encoder.stream.finish()
        lock.withLock { digests[name] = digest }
        return digest
    }
}

/// Writes a template value into a digest in its canonical form: a tag byte, then its length or
/// value, then its parts; a card or a marked `site` record as the digest of its members.
private struct ContextEncoder {
    var stream = SHA256.Stream()
    let cards: CardDigests
    /// The template the context is for, and the entries of `site.sections` it reads (all when nil).
    let template: String
    let sectionsRead: Set<String>?

    init(cards: CardDigests, template: String, sectionsRead: Set<String>?) {
        self.cards = cards
        self.template = template
        self.sectionsRead = sectionsRead
    }

    mutating func add(_ value: TemplateValue) {
        switch value {
        case .text(let text):
            add(tag: 0x74)
            stream.add(text.utf8.count)
            stream.add(text)
        case .number(let number):
            add(tag: 0x6E)
            stream.add(number)
        case .flag(let flag):
            add(tag: flag ? 0x31 : 0x30)
        case .list(let items):
            add(tag: 0x6C)
            stream.add(items.count)
            for item in items { add(item) }
        case .record(let members):
            if let digest = cards.digest(of: members, template: template, sectionsRead: sectionsRead) {
                add(tag: 0x63)
                stream.add(digest)
            } else {
                add(tag: 0x72)
                add(members: members)
            }
        }
    }

    /// The members of a record by sorted name, leaving out the fragment cache's name, which
    /// names a page by its place in this build, not by what it shows.
    mutating func add(members: [String: TemplateValue]) {
        // Sorted with their values, so that no name is looked up again.
        var sorted: [(key: String, value: TemplateValue)] = []
        sorted.reserveCapacity(members.count)
        for member in members where member.key != TemplateValue.fragmentKey { sorted.append(member) }
        sorted.sort { $0.key < $1.key }
        stream.add(sorted.count)
        for member in sorted {
            stream.add(member.key.utf8.count)
            stream.add(member.key)
            add(member.value)
        }
    }

    private mutating func add(tag: UInt8) {
        withUnsafeBytes(of: tag) { stream.add($0) }
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
