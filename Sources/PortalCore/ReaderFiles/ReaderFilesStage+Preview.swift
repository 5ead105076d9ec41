/// Stage 8 in the preview server: each file is made again only when what it is made of may have
/// changed, and written only when its text did, so a rebuild writes in proportion to the change.
extension ReaderFilesStage {
    /// The files a preview rebuild writes: the twins of the `rendered` pages (all when nil, from
    /// `twinBodies`, every page's twin body by position) whose text changed, `llms-full.txt` when
    /// the output folder starts empty (`writesLlmsFull`; later rebuilds leave it to
    /// `llmsFull(cache:)`, after browsers are told to reload), the search files that changed and the site-wide files whose
    /// text changed (the feed with the entries' bodies from `html`, every page's HTML body by
    /// position). `refInputs` are the pages' ref inputs, by position, which decide which catalog
    /// entries `cache` may give again; `entries`, when known, the pages whose catalog entries may
    /// have changed (the others' keys are not computed again). A folder that starts empty gets every file.
    func files(cache: inout ReaderFilesCache, refInputs: [Int], rendered: [Int]?, twinBodies: [String], html: [String], writesLlmsFull: Bool,
               entries: Set<Int>? = nil) -> (write: [(String, String)], all: [String]) {
        // Nothing is known to be on disk in a folder that starts empty.
        if writesLlmsFull { cache = ReaderFilesCache() }
        // The later pages of long listings come last, and have no reader files of their own.
        let rendered = rendered?.filter { $0 < pages.count } ?? Array(pages.indices)
        let refInputs = Array(refInputs.prefix(pages.count))
        // The search index is brought up to date on one core while the other files are made on the
        // other: each spends much of its time in work that one core does, and they share nothing.
        var search = cache.search
        cache.search = SearchIndex()
        search.synonyms = settings.searchSynonyms
        let renderedSet = Set(rendered)
        let (searchFiles, made) = ParallelMap.both({ search.update(pages: pages, changed: renderedSet) }, {
            madeFiles(cache: &cache, refInputs: refInputs, rendered: rendered, renderedSet: renderedSet, twinBodies: twinBodies, html: html,
                      writesLlmsFull: writesLlmsFull, entries: entries)
        })
        cache.search = search
        // The catalog is new when it is not nil: kept out of the site files, which are compared with
        // their last text before they are written.
        let site = siteFiles(catalog: nil, unchanged: made.unchanged, search: &cache.search, searched: searchFiles, feedBodies: [:])
        return (made.twins + cache.changedSiteFiles(made.llmsText + made.feed + site.site) + (made.catalog.map { [("catalog.json", $0)] } ?? []) + site.search,
                site.all)
    }

    /// What `files(cache:…)` makes besides the search files and the site files: the twins that
    /// changed (and `llms-full.txt` for a folder that starts empty), the catalogue when it is new,
    /// `llms.txt` and the feed when they changed, and the reader files left as last written.
    private struct MadeFiles {
        var twins: [(String, String)]
        var catalog: String?
        var llmsText: [(String, String)]
        var feed: [(String, String)]
        var unchanged: Set<String>
    }

    private func madeFiles(cache: inout ReaderFilesCache, refInputs: [Int], rendered: [Int], renderedSet: Set<Int>, twinBodies: [String], html: [String],
                           writesLlmsFull: Bool, entries: Set<Int>?) -> MadeFiles {
        let twins = MarkdownTwins(contexts: contexts)
        // A page rendered again because of what only its HTML shows (a card, a template, the list
        // of pages) keeps its twin: made again only when its source changed, written when its text did.
        let known = refInputs.count == pages.count
        let sources = ParallelMap.map(rendered) { known ? TwinSource(of: $0, twins: twins, refInputs: refInputs, body: twinBodies[$0]) : nil }
        let stale = rendered.indices.filter { sources[$0] == nil || cache.twinSources[pages[rendered[$0]].outputPath] != sources[$0] }
        // A listing's twin makes again only the lines of the pages whose place in it, ref inputs,
        // title or summary changed (`TwinSource.Member`); the others are kept.
        let (keptLines, keptSources) = (cache.listingLines, cache.twinSources)
        let twinTexts = ParallelMap.map(stale) { slot -> (String, (members: [Int], lines: KeptLines)?) in
            let position = rendered[slot]
            let members = twins.members(of: position)
            var kept: KeptLines = [:]
            let path = pages[position].outputPath
            if let source = sources[slot], let old = keptLines[path], let oldSource = keptSources[path],
               old.members.count == members.count, oldSource.members.count == members.count {
                for (index, member) in members.enumerated() where old.members[index] == member && oldSource.members[index] == source.members[index] {
                    kept[member] = old.lines[member]
                }
            }
            var made: KeptLines? = [:]
            let text = twins.twin(of: position, body: twinBodies[position], kept: kept, made: &made)
            return (text, made.flatMap { $0.isEmpty ? nil : (members, $0) })
        }
        var files: [(String, String)] = []
        for (slot, (text, lines)) in zip(stale, twinTexts) {
            let path = pages[rendered[slot]].outputPath
            cache.twinSources[path] = sources[slot]
            cache.listingLines[path] = lines
            guard cache.twins[path] != text else { continue }
            cache.twins[path] = text
            files.append((MarkdownTwins.path(of: pages[rendered[slot]]), text))
        }
        if cache.twins.count > pages.count || cache.twinSources.count > pages.count {
            let live = Set(pages.map(\.outputPath))
            cache.twins = cache.twins.filter { live.contains($0.key) }
            cache.twinSources = cache.twinSources.filter { live.contains($0.key) }
            cache.listingLines = cache.listingLines.filter { live.contains($0.key) }
        }
        if writesLlmsFull, let full = llmsFull(cache: &cache) { files.append(full) }
        let catalog = self.catalog(cache: &cache, refInputs: refInputs, entries: entries)
        // llms.txt and the sitemap list every page: made again only when what they show of one
        // changed, and llms.txt then only in the entries of the pages that did.
        let listing = SiteListing(stage: self, previous: cache.listing, rendered: rendered)
        var unchanged: Set<String> = ["llms.txt"]
        var llmsText: [(String, String)] = []
        if let last = cache.listing, listing.sameForSitemap(as: last) { unchanged.insert("sitemap.xml") }
        let llmsChanges = cache.listing.flatMap { listing.llmsTextChanges(since: $0) }
        if llmsChanges?.isEmpty != true {
            var kept = llmsChanges == nil ? [:] : cache.llmsLines
            for position in llmsChanges ?? [] { kept[position] = nil }
            var made: KeptLines? = [:]
            llmsText = [("llms.txt", twins.llmsText(kept: kept, made: &made))]
            cache.llmsLines = made ?? [:]
        }
        cache.listing = listing
        // The feed is made again when its entries or its header changed, or one of its pages was
        // rendered again; then only the entries of those pages, while the site's title and address
        // are the same.
        let feedEntries = self.feeds().feedEntries()
        let feeds = self.feeds(bodies: feedBodies(from: html, entries: feedEntries))
        let feedSource = feeds.source(entries: feedEntries)
        var feed: [(String, String)] = []
        if feedSource != cache.feed || feedEntries.contains(where: renderedSet.contains) {
            var kept: [String: String] = [:]
            if let last = cache.feed, feedSource.keepsEntries(of: last) {
                for position in feedEntries where !renderedSet.contains(position) { kept[pages[position].outputPath] = cache.feedEntries[pages[position].outputPath] }
            }
            var made: [String: String]? = [:]
            feed = [("feed.xml", feeds.atom(entries: feedEntries, kept: kept, made: &made))]
            cache.feedEntries = made ?? [:]
        }
        unchanged.insert("feed.xml")
        cache.feed = feedSource
        // Every change to a resource's citation changes its page's context, so its page is among the
        // rendered. A resource page is also rendered again for what it shows of others (a retitled
        // tutorial's card), which leaves its citation as it was: the catalogue's files are made again
        // only when a resource came or went or a rendered one's citation changed.
        let resourceCount = pages.reduce(0) { $0 + ($1.kind == .resource ? 1 : 0) }
        var citationsChanged = resourceCount != cache.resourceCount
        for position in rendered where pages[position].kind == .resource {
            let citation = Citation(pages[position])
            guard cache.citations[pages[position].outputPath] != citation else { continue }
            cache.citations[pages[position].outputPath] = citation
            citationsChanged = true
        }
        if cache.citations.count > resourceCount {
            let live = Set(pages.lazy.filter { $0.kind == .resource }.map(\.outputPath))
            cache.citations = cache.citations.filter { live.contains($0.key) }
        }
        if !citationsChanged { unchanged.formUnion([Citation.bibTeXPath, Citation.cslPath]) }
        cache.resourceCount = resourceCount
        return MadeFiles(twins: files, catalog: catalog, llmsText: llmsText, feed: feed, unchanged: unchanged)
    }

    /// The files that change when only the bodies of the `edited` pages changed: their twins, the
    /// search files of the terms and documents that changed, and the feed when it holds one of them
    /// (from `html`, every page's HTML body by position). `llms-full.txt` (every twin in
    /// one file, the largest the site has) is left to `llmsFull(cache:)`, which the preview server
    /// runs after telling browsers to reload.
    func bodyFiles(cache: inout ReaderFilesCache, edited: [Int], twinBodies: [String], html: [String]) -> [(String, String)] {
        let twins = MarkdownTwins(contexts: contexts)
        var files: [(String, String)] = []
        for position in edited {
            let text = twins.twin(of: position, body: twinBodies[position])
            // The body changed, so the source kept for the twin is out of date.
            cache.twinSources[pages[position].outputPath] = nil
            guard cache.twins[pages[position].outputPath] != text else { continue }
            cache.twins[pages[position].outputPath] = text
            files.append((MarkdownTwins.path(of: pages[position]), text))
        }
        files += cache.search.update(pages: pages, changed: Set(edited), sameDocuments: true)
        let feedEntries = feeds().feedEntries()
        let feedBodies = feedBodies(from: html, entries: feedEntries)
        if edited.contains(where: { feedBodies[$0] != nil }) {
            // The edited pages' entries are made again; the others are as the last rebuild kept them.
            var kept = cache.feedEntries
            for position in edited { kept[pages[position].outputPath] = nil }
            var made: [String: String]? = [:]
            files += cache.changedSiteFiles([("feed.xml", feeds(bodies: feedBodies).atom(entries: feedEntries, kept: kept, made: &made))])
            cache.feedEntries = made ?? [:]
        }
        return files
    }

    /// `catalog.json`, or nil when it is the one last written. Each page's entry is reused from
    /// `cache` while what it is made of is unchanged (`CatalogWriter.entryKey`), whatever pages came
    /// or went around it; the file is made again only when an entry, their order or the site changed.
    /// Only the keys of `entries` are computed again, when the caller knows no other entry changed.
    func catalog(cache: inout ReaderFilesCache, refInputs: [Int], entries: Set<Int>? = nil) -> String? {
        let writer = CatalogWriter(pages: pages, graph: graph, settings: settings, address: contexts.address, order: contexts.order)
        guard refInputs.count == pages.count else {
            cache.catalogEntries = [:]
            cache.catalogIdentities = []
            return writer.catalog().text
        }
        let identities = writer.identities()
        let paths = pages.map(\.outputPath)
        // Each page's entry as last written, looked up once.
        let previous = paths.map { cache.catalogEntries[$0] }
        let keys = ParallelMap.map(Array(pages.indices)) { position in
            if let entries, !entries.contains(position), let kept = previous[position]?.key { return kept }
            return writer.entryKey(for: position, refInputs: refInputs, identities: identities)
        }
        let unchanged = pages.indices.map { previous[$0]?.key == keys[$0] }
        let reused = !unchanged.contains(false)
        // The entries' order (by kind and id) is sorted again only when a page's kind or id changed.
        let order = identities == cache.catalogIdentities ? cache.catalogOrder : writer.entryOrder()
        if reused, order == cache.catalogOrder, writer.siteText() == cache.catalogSite { return nil }
        let result = writer.catalog(order: order) { position in unchanged[position] ? previous[position]?.text : nil }
        // The kept entries change only where an entry was made again, or pages came or went.
        if cache.catalogEntries.count != pages.count || previous.contains(where: { $0 == nil }) {
            cache.catalogEntries = Dictionary(uniqueKeysWithValues: zip(order, result.entries).map { (paths[$0], (keys[$0], $1)) })
        } else {
            for (place, position) in order.enumerated() where !unchanged[position] { cache.catalogEntries[paths[position]] = (keys[position], result.entries[place]) }
        }
        cache.catalogOrder = order
        cache.catalogIdentities = identities
        cache.catalogSite = writer.siteText()
        return result.text
    }

    /// `llms-full.txt` from the twins `cache` holds, or nil when it is the one last written (no
    /// twin, nor their order, nor the header changed).
    func llmsFull(cache: inout ReaderFilesCache) -> (String, String)? {
        let full = MarkdownTwins(contexts: contexts)
        let allTwins = contexts.order.byTitle(Array(pages.indices)).map { cache.twins[pages[$0].outputPath] ?? "" }
        if let last = cache.llmsFull, last.header == full.llmsFullHeader, last.twins == allTwins { return nil }
        cache.llmsFull = (full.llmsFullHeader, allTwins)
        return ("llms-full.txt", full.llmsFullText(twins: allTwins))
    }
}
