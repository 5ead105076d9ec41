import Foundation

/// A `.bib` file of `content/resources/` made into resource pages, one per entry, without a
/// Markdown file for each: the entry's fields become front-matter values placed where the fields
/// are written, its abstract the page's text. Everything the page needs and the entry cannot give
/// is an error at the entry or the field, with the field to add.
struct BibliographyPages {
    /// The `.bib` file as diagnostics show it, and its text.
    let source: SourceText
    /// Its path under the content folder (`resources/review.bib`).
    let relativePath: String

    /// The summary's length at most, in characters: an abstract is cut at a word before it.
    static let summaryLength = 280

    /// The pages of every entry that gives one, and the problems of the file and its entries.
    func pages() -> (pages: [PageLoader.LoadedPage], diagnostics: [Diagnostic]) {
        let file = BibTeXReader.read(source.text)
        var diagnostics = file.problems.map { source.diagnostic($0.isWarning ? .warning : .error, $0.id, $0.message, line: $0.line, column: $0.column, fix: $0.fix) }
        var ids: [String: BibTeXEntry] = [:]
        var accepted: [(entry: BibTeXEntry, id: String)] = []
        for entry in file.entries {
            let id = Self.pageID(entry.key)
            if let first = ids[id] {
                diagnostics.append(source.error("bibtex.duplicate-id", "the key '\(entry.key)' makes the page id '\(id)', as the key '\(first.key)' at line \(first.position.line) does",
                                                line: entry.keyPosition.line, column: entry.keyPosition.column, fix: "change one of the two keys"))
                continue
            }
            ids[id] = entry
            accepted.append((entry, id))
        }
        // A living review is one file of thousands of entries, which the loader's other files do not
        // keep the cores busy beside: its entries are made pages on all of them.
        let made = ParallelMap.map(accepted) { entry, id -> (PageLoader.LoadedPage?, [Diagnostic]) in
            var problems: [Diagnostic] = []
            let page = page(entry, id: id, problems: &problems)
            return (page, problems)
        }
        var pages: [PageLoader.LoadedPage] = []
        pages.reserveCapacity(made.count)
        for (page, problems) in made {
            if let page { pages.append(page) }
            diagnostics += problems
        }
        return (pages, diagnostics)
    }

    /// The page id of a key: lower-cased, each run of characters other than letters and digits a
    /// single hyphen (`Qu:2019gqs` is `qu-2019gqs`, `ParticleNet_2020` is `particlenet-2020`).
    static func pageID(_ key: String) -> String {
        var id = ""
        for scalar in key.lowercased().unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                id.unicodeScalars.append(scalar)
            } else if !id.isEmpty, !id.hasSuffix("-") {
                id += "-"
            }
        }
        while id.hasSuffix("-") { id.removeLast() }
        return id.isEmpty ? "entry" : id
    }

    /// The resource type an entry's type gives (`portal-type`, read by the caller, goes before it).
    static func resourceType(of entry: BibTeXEntry) -> String {
        switch entry.type {
        case "dataset": return "dataset"
        case "software", "softwareversion", "codefragment": return "software"
        case "misc", "online", "electronic", "www":
            let keywords = entry.field("keywords")?.value.lowercased() ?? ""
            return TextSearch.contains("dataset", in: keywords) ? "dataset" : TextSearch.contains("software", in: keywords) ? "software" : "paper"
        default: return "paper"
        }
    }

    private func page(_ entry: BibTeXEntry, id: String, problems: inout [Diagnostic]) -> PageLoader.LoadedPage? {
        var values: [String: Located<FieldValue>] = [:]
        let at = entry.keyPosition
        func set(_ name: String, _ value: FieldValue, _ field: BibTeXField?) {
            let position = field?.valuePosition ?? at
            values[name] = Located(value: value, line: position.line, column: position.column)
        }
        func fail(_ field: BibTeXField, _ message: String, fix: String?) {
            problems.append(source.error("bibtex.bad-field", message, line: field.valuePosition.line, column: field.valuePosition.column, fix: fix))
        }
        func text(_ field: BibTeXField) -> String {
            let decoded = BibTeXText.decode(field.value)
            for unknown in decoded.unknownCommands {
                let place = position(in: field, offset: unknown.offset)
                problems.append(source.diagnostic(.warning, "bibtex.unknown-command", "'\(unknown.command)' in '\(field.name)' is not a command portal turns into text, so it is shown as written",
                                                  line: place.line, column: place.column, fix: "write the character itself (UTF-8 is fine in a .bib file)"))
            }
            return decoded.text
        }

        guard let title = entry.field("title") else {
            problems.append(source.error("bibtex.missing-field", "the entry '\(entry.key)' has no title", line: at.line, column: at.column, fix: "add 'title = {…}'"))
            return nil
        }
        set("title", .text(text(title)), title)
        if let type = entry.field("portal-type") {
            guard FrontMatterSchema.resourceTypes.contains(type.value) else {
                fail(type, "'\(type.value)' is not a resource type; it must be one of \(FrontMatterSchema.resourceTypes.joined(separator: ", "))",
                     fix: Suggestion.didYouMean(type.value, in: FrontMatterSchema.resourceTypes))
                return nil
            }
            set("type", .text(type.value), type)
        } else {
            set("type", .text(Self.resourceType(of: entry)), nil)
        }
        if let names = entry.field("author") ?? entry.field("editor") {
            let parsed = BibTeXNames.parse(names.value)
            let authors = parsed.names.map { $0.displayName() } + (parsed.hasOthers ? ["others"] : [])
            set("authors", .list(authors.map { Located(value: $0, line: names.valuePosition.line, column: names.valuePosition.column) }), names)
        }
        if let date = entry.field("date") {
            guard CalendarDate(date.value) != nil else { fail(date, "'\(date.value)' is not a date written YYYY-MM-DD", fix: "write it as 2019-01-16, or give only 'year'"); return nil }
            set("date", .date(date.value), date)
        } else if let year = entry.field("year") {
            guard let number = Int(year.value), (1000...9999).contains(number) else { fail(year, "'\(year.value)' is not a year", fix: "write the four digits of the year"); return nil }
            set("year", .integer(number), year)
        }
        for scheme in IdentifierScheme.allCases where scheme != .arxiv {
            guard let field = entry.field(scheme == .softwareHeritage ? "swhid" : scheme.field) else { continue }
            guard scheme.isValid(field.value) else { fail(field, "'\(field.name)' must be \(scheme.phrase)", fix: scheme.fix); return nil }
            set(scheme.field, .text(field.value), field)
        }
        if let eprint = entry.field("eprint"), (entry.field("archiveprefix") ?? entry.field("eprinttype")).map({ $0.value.lowercased() == "arxiv" }) ?? Identifiers.isArxiv(eprint.value) {
            guard Identifiers.isArxiv(eprint.value) else { fail(eprint, "'eprint' must be \(IdentifierScheme.arxiv.phrase)", fix: IdentifierScheme.arxiv.fix); return nil }
            set("arxiv", .text(eprint.value), eprint)
        }
        if let url = entry.field("url") {
            guard WebAddress.isValid(url.value) else { fail(url, "'url' must be an http:// or https:// address", fix: nil); return nil }
            set("url", .text(url.value), url)
        } else if let doi = values["doi"], case .text(let value) = doi.value {
            set("url", .text(IdentifierScheme.doi.url(value)), entry.field("doi"))
        } else if let arxiv = values["arxiv"], case .text(let value) = arxiv.value {
            set("url", .text(IdentifierScheme.arxiv.url(value)), entry.field("eprint"))
        } else {
            problems.append(source.error("bibtex.missing-field", "the entry '\(entry.key)' has no url, doi or arXiv eprint, so its page would link nowhere",
                                         line: at.line, column: at.column, fix: "add 'doi = {…}', 'eprint = {…}' with 'archiveprefix = {arXiv}', or 'url = {…}'"))
            return nil
        }
        guard let areas = entry.field("portal-areas") else {
            problems.append(source.error("bibtex.missing-field", "the entry '\(entry.key)' names no breakout area", line: at.line, column: at.column,
                                         fix: "add 'portal-areas = {open-data}' (breakout ids, separated by commas)"))
            return nil
        }
        set("areas", .list(items(areas)), areas)
        if let keywords = entry.field("keywords") {
            let tags = items(keywords).map { Located(value: PageID.suggest(from: $0.value), line: $0.line, column: $0.column) }.filter { PageID.isValid($0.value) }
            if !tags.isEmpty { set("tags", .list(tags), keywords) }
        }
        if let review = entry.field("portal-review-every") {
            guard ReviewInterval(review.value) != nil else { fail(review, "'portal-review-every' must be an interval such as '12 months', '2 years' or '6 weeks'", fix: nil); return nil }
            set("review_every", .text(review.value), review)
        }
        if let category = entry.field("portal-category") {
            switch CategoryPath.normalized(BibTeXText.decode(category.value).text) {
            case .success(let path): set("category", .text(path), category)
            case .failure(let problem): fail(category, "'portal-category' is not a category path: " + problem.message, fix: problem.fix); return nil
            }
        }
        let abstract = entry.field("abstract")
        if let summary = entry.field("portal-summary") {
            set("summary", .text(Self.shortened(text(summary))), summary)
        } else {
            set("summary", .text(abstract.map { Self.shortened(text($0)) } ?? Self.venueSummary(entry, type: values["type"])), abstract)
        }

        let page = Page(kind: .resource, id: id, sourcePath: relativePath + "#" + entry.key, source: source, outputDirectory: Page.outputDirectory(kind: .resource, id: id),
                        frontMatter: FrontMatter(values: values), bodyFirstLine: abstract?.valuePosition.line ?? at.line)
        let body = abstract.map { Self.markdown($0) } ?? ""
        return (page, PageBody(source: source, text: Substring(body)))
    }

    /// The comma- or semicolon-separated items of a field, each placed at the field's value.
    private func items(_ field: BibTeXField) -> [Located<String>] {
        field.value.split(whereSeparator: { $0 == "," || $0 == ";" }).map { $0.trimmingScalars(ScalarTrimming.isWhitespaceOrNewline) }.filter { !$0.isEmpty }
            .map { Located(value: $0, line: field.valuePosition.line, column: field.valuePosition.column) }
    }

    /// Where byte `offset` of `field`'s value is in the file.
    private func position(in field: BibTeXField, offset: Int) -> (line: Int, column: Int) {
        let before = Array(field.value.utf8.prefix(offset))
        let lines = before.split(separator: 0x0A, omittingEmptySubsequences: false)
        let last = String(decoding: lines.last ?? [], as: UTF8.self).count
        return lines.count == 1 ? (field.valuePosition.line, field.valuePosition.column + last) : (field.valuePosition.line + lines.count - 1, last + 1)
    }

    /// An abstract cut at the last word that ends before `summaryLength` characters.
    static func shortened(_ text: String) -> String {
        // Every entry's abstract passes here: its white space is folded scalar by scalar, not as
        // characters, written as bytes, and only a scalar beyond ASCII has its Unicode properties looked up.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if scalar.isASCII ? (scalar == " " || (0x09...0x0D).contains(scalar.value)) : scalar.properties.isWhitespace {
                pendingSpace = !bytes.isEmpty
            } else {
                if pendingSpace { bytes.append(0x20) }
                pendingSpace = false
                bytes += scalar.utf8
            }
        }
        // No more bytes than the length, no more characters: most summaries are not counted, and a
        // long one only as far as the length.
        let folded = String(decoding: bytes, as: UTF8.self)
        guard bytes.count > summaryLength,
              let limit = folded.index(folded.startIndex, offsetBy: summaryLength, limitedBy: folded.endIndex), limit < folded.endIndex
        else { return folded }
        let cut = folded[..<limit]
        let end = cut.lastIndex(of: " ") ?? cut.endIndex
        return cut[..<end].trimmingScalars { $0 == "," || $0 == ";" || $0 == ":" } + "…"
    }

    /// A summary for an entry without an abstract: where it was published, and when.
    static func venueSummary(_ entry: BibTeXEntry, type: Located<FieldValue>?) -> String {
        let venue = (entry.field("journal") ?? entry.field("journaltitle") ?? entry.field("booktitle") ?? entry.field("publisher") ?? entry.field("howpublished"))
            .map { BibTeXText.decode($0.value).text }
        let year = entry.field("year")?.value ?? entry.field("date").map { String($0.value.prefix(4)) }
        var kind = "Paper"
        if case .text(let value)? = type?.value { kind = Labels.resourceType(value) }
        return kind + (venue.map { " in \($0)" } ?? "") + (year.map { ", \($0)" } ?? "") + "."
    }

    /// The lines of `value`, as `split(separator: "\n", omittingEmptySubsequences: false)` cuts
    /// them, but at the bytes of the line feeds rather than character by character through the
    /// whole abstract: a line feed after a carriage return is not a line's end there (the two make
    /// one character), so it is not here either.
    static func lines(of value: String) -> [Substring] {
        var lines: [Substring] = []
        var start = value.utf8.startIndex
        var previous: UInt8 = 0
        for index in value.utf8.indices {
            let byte = value.utf8[index]
            if byte == 0x0A, previous != 0x0D {
                lines.append(Substring(value.utf8[start..<index]))
                start = value.utf8.index(after: index)
            }
            previous = byte
        }
        lines.append(Substring(value.utf8[start...]))
        return lines
    }

    /// The abstract as the page's Markdown: its text with Markdown's marks escaped and its math as
    /// written, line for line, so that the body's lines are the file's.
    static func markdown(_ field: BibTeXField) -> String {
        lines(of: field.value).map { line in
            BibTeXText.decode(String(line)).pieces.map { piece in
                switch piece {
                case .math(let tex, let display): display ? "$$\(tex)$$" : "$\(tex)$"
                case .text(let text): MarkdownEscaping.inline(text)
                }
            }.joined()
        }.joined(separator: "\n")
    }
}
