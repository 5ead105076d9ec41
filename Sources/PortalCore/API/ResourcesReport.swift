import Foundation

/// What `portal check --resources-report` prints: the resources a curator should look at, each
/// list with why and what to do. Made from the front-matter and bodies alone (stages 1 and 2).
public struct ResourcesReport: Sendable, Equatable {
    /// One resource in a list.
    public struct Entry: Sendable, Equatable {
        /// The file, as diagnostics show it (`content/resources/x.md`).
        public let file: String
        public let title: String
        /// What about it put it here, when the list's title does not say it all.
        public let detail: String?
    }

    /// One list of the report.
    public struct Section: Sendable, Equatable {
        public let title: String
        /// Why a resource is listed, and what to do.
        public let advice: String
        public let entries: [Entry]
    }

    /// How many resources the report looked at.
    public let resourceCount: Int
    public let sections: [Section]
    /// Where the INSPIRE lists come from, or how to get them.
    public var inspireNote: String?

    /// The types whose resources are expected to carry a persistent identifier.
    static let identifiedTypes: Set<String> = ["paper", "dataset", "benchmark", "software"]

    /// The report on the resources among `pages` (`bodies` position for position), on `today` (`YYYY-MM-DD`).
    /// With `inspire` (the cache `portal inspire` wrote), it also lists what INSPIRE knows that the resources do not say.
    static func make(pages: [Page], bodies: [PageBody], today: String, inspire: InspireCache? = nil) -> ResourcesReport {
        let resources = pages.indices.filter { pages[$0].kind == .resource }.sorted { (pages[$0].sourcePath ?? "") < (pages[$1].sourcePath ?? "") }
        func entry(_ position: Int, _ detail: String? = nil) -> Entry {
            let page = pages[position]
            // An entry of a .bib file is named by its key.
            let key = page.bibliographyKey.map { " (\($0))" } ?? ""
            return Entry(file: (page.source?.displayPath ?? page.sourcePath ?? page.id) + key, title: page.title, detail: detail)
        }
        func type(_ position: Int) -> String { pages[position].frontMatter.text("type") ?? "" }
        let unidentified = resources.filter { identifiedTypes.contains(type($0)) && ResourceIdentifier.all(of: pages[$0].frontMatter).isEmpty }
        let undescribed = resources.filter { position in bodies[position].text.allSatisfy(\.isWhitespace) }
        let preprints = resources.filter { type($0) == "paper" && pages[$0].frontMatter.text("arxiv") != nil && pages[$0].frontMatter.text("doi") == nil }
        let due = resources.compactMap { position -> Entry? in
            let matter = pages[position].frontMatter
            guard let text = matter.text("review_every"), let interval = ReviewInterval(text), let changed = pages[position].lastModified,
                  let date = interval.due(after: changed), date < today else { return nil }
            return entry(position, "last changed \(changed), due every \(text) since \(date)")
        }
        let unscheduled = resources.filter { pages[$0].frontMatter.text("review_every") == nil }
        var report = ResourcesReport(resourceCount: resources.count, sections: [
            Section(title: "Without an identifier", advice: "papers, datasets, benchmarks and software with no arxiv, doi, inspire, zenodo, isbn or software_heritage: add the one the work has, so it can be cited and found by it",
                    entries: unidentified.map { entry($0, type($0)) }),
            Section(title: "Without a description", advice: "resources whose page has no text below the front-matter: say what the resource is and why it matters to the collaboration",
                    entries: undescribed.map { entry($0) }),
            Section(title: "Preprints without a journal DOI", advice: "papers known by their arXiv id alone: if the paper has since been published, add its doi",
                    entries: preprints.map { entry($0, "arXiv:" + (pages[$0].frontMatter.text("arxiv") ?? "")) }),
            Section(title: "Due for review", advice: "past their review_every since they last changed: check they are still right, then commit a change or set 'updated:'",
                    entries: due),
            Section(title: "Never reviewed on a schedule", advice: "resources without review_every: set one ('12 months') so that the portal reminds you",
                    entries: unscheduled.map { entry($0) }),
        ])
        if let inspire {
            report.inspireNote = "INSPIRE: \(inspire.records.count) record\(inspire.records.count == 1 ? "" : "s") looked up on \(inspire.fetched)"
            report = ResourcesReport(resourceCount: report.resourceCount, sections: report.sections + inspireSections(resources, pages: pages, cache: inspire, entry: entry),
                                     inspireNote: report.inspireNote)
        } else {
            report.inspireNote = "INSPIRE: no lookup saved; 'portal inspire' asks INSPIRE-HEP about the papers and saves what it says"
        }
        return report
    }

    /// What INSPIRE's records say that the resources do not: identifiers to add, titles that differ
    /// (often a wrong identifier), and resources INSPIRE has no record for or was not asked about.
    private static func inspireSections(_ resources: [Int], pages: [Page], cache: InspireCache, entry: (Int, String?) -> Entry) -> [Section] {
        var additions: [Entry] = [], titles: [Entry] = [], missing: [Entry] = [], unasked: [Entry] = []
        let notFound = Set(cache.notFound)
        let lookup = InspireCache.Lookup(cache)
        for position in resources {
            let matter = pages[position].frontMatter
            let terms = InspireTerm.terms(of: matter)
            guard !terms.isEmpty else { continue }
            guard let record = lookup.record(for: terms) else {
                if terms.contains(where: { notFound.contains($0.name) }) {
                    missing.append(entry(position, terms.map(\.name).joined(separator: ", ")))
                } else {
                    unasked.append(entry(position, nil))
                }
                continue
            }
            var add: [String] = []
            if matter.text("doi") == nil, let doi = record.dois.first { add.append("doi: \(doi)") }
            if matter.text("inspire") == nil, let texkey = record.texkey { add.append("inspire: \(texkey)") }
            if !add.isEmpty { additions.append(entry(position, add.joined(separator: "; ") + (record.journal.map { " (\($0))" } ?? ""))) }
            if let title = record.title, comparable(title) != comparable(pages[position].title) {
                titles.append(entry(position, "INSPIRE: \(title)"))
            }
        }
        return [
            Section(title: "Identifiers INSPIRE knows", advice: "INSPIRE's record of the paper has identifiers the resource lacks: add them (a journal DOI means the preprint was published)",
                    entries: additions),
            Section(title: "Titles that differ from INSPIRE's", advice: "the resource's title is not INSPIRE's: check the identifier names the right paper, then correct whichever is wrong",
                    entries: titles),
            Section(title: "Not found on INSPIRE", advice: "INSPIRE has no record for these identifiers: check them, or leave them if the work is not in INSPIRE",
                    entries: missing),
            Section(title: "Not looked up on INSPIRE", advice: "added or changed since the last lookup: run 'portal inspire' again",
                    entries: unasked),
        ]
    }

    /// A title as compared: its letters and digits in lower case, math and markup left out.
    private static func comparable(_ title: String) -> String {
        String(title.lowercased().unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) }.map(Character.init))
    }

    /// The report as text: a heading and a count per list, one line per resource.
    public var text: String {
        var lines = ["Resources report: \(resourceCount) resource\(resourceCount == 1 ? "" : "s")"]
        if let inspireNote { lines.append(inspireNote) }
        for section in sections {
            lines.append("")
            lines.append("\(section.title) (\(section.entries.count))")
            if section.entries.isEmpty { continue }
            lines.append("  " + section.advice)
            for entry in section.entries {
                lines.append("  - \(entry.file): \(entry.title)" + (entry.detail.map { " (\($0))" } ?? ""))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension SiteBuilder {
    /// Reads the content as `run` does up to its front-matter, and reports on its resources;
    /// the build report holds what reading found.
    public func resourcesReport(inspire: InspireCache? = nil) -> (BuildReport, ResourcesReport) {
        let (report, pages, bodies) = readResources()
        return (report, ResourcesReport.make(pages: pages, bodies: bodies, today: options.today ?? ReviewReminders.currentDate(), inspire: inspire))
    }

    /// Asks INSPIRE about every resource with a paper's identifier (`InspireLookup.run`); the build
    /// report holds what reading the content found, and the lookup is made only when it found no error.
    public func lookUpOnInspire(_ lookup: InspireLookup, fetch: (String) throws -> (status: Int, body: Data), pause: (Double) -> Void) throws
        -> (BuildReport, InspireCache?, asked: Int) {
        let (report, pages, _) = readResources()
        guard !report.hasErrors else { return (report, nil, 0) }
        var seen: Set<InspireTerm> = []
        let terms = pages.filter { $0.kind == .resource }.flatMap { InspireTerm.terms(of: $0.frontMatter) }.filter { seen.insert($0).inserted }
        let cache = try lookup.run(terms, today: options.today ?? ReviewReminders.currentDate(), fetch: fetch, pause: pause)
        return (report, cache, terms.count)
    }

    /// The content read as `run` reads it up to its front-matter.
    private func readResources() -> (BuildReport, [Page], [PageBody]) {
        let stages = StageLog { _ in }
        let sink = DiagnosticSink()
        guard let (content, bodies) = FrontMatterStage.readContent(options, into: sink) else { return (stages.report(sink), [], []) }
        return (stages.report(sink, pages: content.pages.count), content.pages, bodies)
    }
}
