import Foundation

/// Stage 2: reads the site settings and takes the pages read from their files, leaving drafts
/// (and their page folders' files) out, dating each page from git, adding the section pages
/// nobody wrote, and checking what needs every page at once: a home page, review dates.
struct FrontMatterStage {
    let options: BuildOptions
    /// The content folder as diagnostics show it.
    let contentDisplay: String
    /// Whether a missing base URL is worth a warning: only a one-off build that writes the site
    /// publishes the feed and the sitemap; a check of the content, or a preview, does not need it.
    let warnsWithoutBaseURL: Bool

    /// Stages 1 and 2 without a log, for the commands that read the content but write no site
    /// (`portal check --resources-report`, `portal mcp`): the pages and files as the build takes
    /// them, or nil when a folder is missing (the diagnostic is in `sink`).
    static func readContent(_ options: BuildOptions, into sink: DiagnosticSink) -> (Output, [PageBody])? {
        if let missing = options.missingFolder() {
            sink.add(missing)
            return nil
        }
        let contentDisplay = options.display(options.contentDirectory)
        let gitDates = GitDates.Pending(contentRoot: options.contentDirectory)
        var scanner = ContentScanner(root: options.contentDirectory, displayRoot: contentDisplay)
        let inventory = scanner.scan(into: sink)
        var loader = PageLoader(contentRoot: options.contentDirectory, displayRoot: contentDisplay)
        loader.contentFiles = Set(inventory.staticFiles)
        let loaded = loader.load(inventory.files, into: sink)
        return FrontMatterStage(options: options, contentDisplay: contentDisplay, warnsWithoutBaseURL: false)
            .run(inventory: inventory, loaded: consume loaded, gitDates: gitDates.wait(), sink: sink)
    }

    /// The pages and files the later stages build.
    struct Output {
        var settings: SiteSettings
        var pages: [Page]
        /// The content files that are not pages, without those of draft page folders.
        let staticFiles: [String]
        /// The source paths of drafts and of their page folders' files, which links must not reach.
        let draftSources: Set<String>
        /// How many pages were read, and how many of them are drafts left out.
        let readCount: Int
        let draftCount: Int
    }

    /// What one run made of the loader's pages, for the next (the preview keeps it, and gives it
    /// only with the git dates it was made with).
    struct Run: Sendable {
        /// The loader's pages as given: while the run is kept, a page given again as the same value
        /// (`Page.isSameValue`) is unchanged.
        let given: [Page]
        /// Whether each is a draft, left out.
        let isDraft: [Bool]
        /// What each page became (its git date set), nil for a draft, and its review reminder.
        let made: [Page?]
        let reminders: [Diagnostic?]
        /// The day the reminders were worked out on, and whether drafts were built.
        let today: String
        let includesDrafts: Bool
    }

    /// Takes the pages `loaded` from the inventory's files; returns them with their bodies, position
    /// for position, and after them the section indexes made for folders without one, which have no body.
    func run(inventory: ContentInventory, loaded: LoadedPages, gitDates: [String: String], sink: DiagnosticSink) -> (Output, [PageBody]) {
        let (output, bodies, _) = run(inventory: inventory, loaded: loaded, gitDates: gitDates, last: nil, sink: sink)
        return (output, bodies)
    }

    /// `run`, with the last run (`last`, made with the same `gitDates`): a page the loader gives
    /// again as the same value is taken as that run made it, with its reminder, rather than read
    /// for `draft` and `review_every` and copied to set its date again, which made every page of a
    /// site under git a new value on every rebuild, so that no later stage could carry any.
    func run(inventory: ContentInventory, loaded: LoadedPages, gitDates: [String: String], last: Run?, sink: DiagnosticSink) -> (Output, [PageBody], Run) {
        var settings = SiteSettings.load(from: options.contentDirectory, relativePath: inventory.settingsFile, displayRoot: contentDisplay, into: sink)
        if let baseURL = options.baseURL {
            if WebAddress.isValid(baseURL) {
                settings.baseURL = baseURL
            } else {
                sink.add(Diagnostic(.error, "settings.bad-base-url", "'\(baseURL)' given with --base-url is not an http:// or https:// address", file: "--base-url"))
            }
        } else if settings.baseURL == nil, inventory.settingsFile != nil, warnsWithoutBaseURL {
            sink.add(Diagnostic(.warning, "settings.no-base-url", "base_url is not set, so feed.xml uses relative addresses and no sitemap.xml is written",
                                file: settings.source?.displayPath ?? "\(contentDisplay)/site.yml", fix: "add 'base_url: https://…/' to site.yml, or pass --base-url when publishing"))
        }

        let today = options.today ?? ReviewReminders.currentDate()
        let last = last.flatMap { $0.today == today && $0.includesDrafts == options.includeDrafts ? $0 : nil }
        let from = last.map { $0.given.sameValues(in: loaded.pages).from } ?? []
        let reminders = ReviewReminders(today: today)
        var isDraft = [Bool](repeating: false, count: loaded.pages.count)
        var made = [Page?](repeating: nil, count: loaded.pages.count)
        var reminded = [Diagnostic?](repeating: nil, count: loaded.pages.count)
        // Without drafts to leave out or dates to set, the pages are the ones read: a copy of each
        // would retain its fields, and setting a field copies the page from the loader's.
        var changed = false
        for position in loaded.pages.indices {
            let old = position < from.count ? from[position] : nil
            if let last, let old {
                isDraft[position] = last.isDraft[old]
                (made[position], reminded[position]) = (last.made[old], last.reminders[old])
            } else {
                var page = loaded.pages[position]
                isDraft[position] = !options.includeDrafts && page.isDraft
                if isDraft[position] { continue }
                if !gitDates.isEmpty {
                    let modified = page.sourceFiles.compactMap { gitDates[$0] }.max()
                    if modified != page.gitModified { page.gitModified = modified }
                }
                (made[position], reminded[position]) = (page, reminders.reminder(for: page))
            }
            if let reminder = reminded[position] { sink.add(reminder) }
            if let page = made[position], !page.isSameValue(as: loaded.pages[position]) { changed = true }
        }
        let drafts = Set(isDraft.indices.lazy.filter { isDraft[$0] }.compactMap { loaded.pages[$0].sourcePath })
        var kept = isDraft.contains(true) ? LoadedPages(pages: [], bodies: zip(isDraft, loaded.bodies).compactMap { $0 ? nil : $1 }) : loaded
        if changed || isDraft.contains(true) { kept.pages = made.compactMap { $0 } }
        let run = Run(given: loaded.pages, isDraft: isDraft, made: made, reminders: reminded, today: today, includesDrafts: options.includeDrafts)
        // A draft page folder's own files stay out with it.
        let draftFolders = drafts.filter { $0.hasSuffix("/index.md") }.map { String($0.dropLast("index.md".count)) }
        let draftFiles = Set(inventory.staticFiles.filter { file in draftFolders.contains { file.hasPrefix($0) } })
        // A section index made for a folder without one has no body: it is added after the bodies,
        // which are not copied to hold an empty one (the loader's list of them is kept for the next
        // rebuild, so adding to it would copy every body). Stage 5 reads a page past them as empty.
        for page in SectionPages.missing(from: kept.pages) { kept.pages.append(page) }

        if !kept.pages.contains(where: { $0.kind == .home }) {
            if loaded.pages.contains(where: { $0.kind == .home }) {
                sink.add(Diagnostic(.error, "content.no-home", "the home page is a draft, so this build would have no home page", file: "\(contentDisplay)/pages/index.md",
                                    fix: "remove 'draft: true' from it, or build with --drafts"))
            } else {
                sink.add(Diagnostic(.error, "content.no-home", "the home page is missing", file: "\(contentDisplay)/pages/index.md", fix: "create it with a title and a welcome text"))
            }
        }
        let output = Output(settings: settings, pages: kept.pages, staticFiles: inventory.staticFiles.filter { !draftFiles.contains($0) },
                            draftSources: drafts.union(draftFiles), readCount: loaded.pages.count, draftCount: drafts.count)
        return (output, kept.bodies, run)
    }
}
