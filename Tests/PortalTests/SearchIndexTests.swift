import Foundation
@testable import PortalCore
import PortalTestSupport
import Testing

/// The search index's files: what they hold for ranking, where words end, how shards split, the
/// synonyms from `site.yml`, and the results page.
@Suite("Search index")
struct SearchIndexTests {
    /// The terms of a shard file, parsed from its script.
    private func shard(_ site: TestSite, _ name: String) throws -> [String: [Int]] {
        let text = try site.read("search/terms-\(name).js")
        let json = try #require(text.split(separator: ",", maxSplits: 1).last.map { String($0.dropLast(3)) })
        return try JSONDecoder().decode([String: [Int]].self, from: Data(json.utf8))
    }

    @Test("Table cells, list items and headings end words: no term glues two cells together")
    func boundaries() throws {
        let body = "## Owners\n\n| item | owner |\n|---|---|\n| bandwidth | identity |\n\n- alpha\n- beta\n"
        let site = try TestSite(.init(files: TestSite.breakout("agentic-ai"), TestSite.tutorial("one", body: body)))
        defer { site.cleanUp() }
        let report = site.build()
        #expect(!report.hasErrors, "\(report.summary)")
        #expect(try shard(site, "it")["item"] != nil)
        #expect(try shard(site, "ow")["owner"] != nil)
        #expect(try shard(site, "ow")["owners"] != nil)
        #expect(try shard(site, "id")["identity"] != nil)
        #expect(try shard(site, "be")["beta"] != nil)
        let all = try FileManager.default.contentsOfDirectory(atPath: site.root.appendingPathComponent("_site/search").path)
            .filter { $0.hasPrefix("terms-") }.map { try site.read("search/\($0)") }.joined()
        for glued in ["itemowner", "bandwidthidentity", "ownerbandwidth", "alphabeta", "ownersitem"] {
            #expect(!all.contains("\"\(glued)\""), "\(glued) is one term")
        }
    }

    /// The data a search file hands to `portalSearchLoaded`, parsed.
    private func payload(_ site: TestSite, _ name: String) throws -> Any {
        let text = try site.read("search/\(name).js")
        let json = try #require(text.split(separator: ",", maxSplits: 1).last.map { String($0.dropLast(3)) })
        return try JSONSerialization.jsonObject(with: Data(json.utf8), options: [.fragmentsAllowed])
    }

    @Test("Documents are numbered from their addresses; meta.js lists them in title order with their kinds, and each posting carries score and position, so ties need no documents")
    func rankingData() throws {
        let site = try TestSite(.init(files:
            TestSite.breakout("agentic-ai"),
            TestSite.tutorial("zeta", body: "Calorimeter.\n"),
            TestSite.tutorial("alpha", body: "Calorimeter.\n")))
        defer { site.cleanUp() }
        #expect(!site.build().hasErrors)
        let meta = try #require(try payload(site, "meta") as? [String: Any])
        #expect(meta["version"] as? Int == 3)
        #expect(meta["kinds"] as? [String] == ["Breakout", "Home", "Section", "Tutorial"], "\(meta)")
        let width = try #require(meta["width"] as? Int)
        let order = try #require(meta["order"] as? String)
        let numbers = stride(from: 0, to: order.count, by: width).map { start in
            Int(String(order.dropFirst(start).prefix(width)), radix: 36) ?? -1
        }
        #expect(numbers.count == meta["documents"] as? Int && Set(numbers).count == numbers.count)
        // Each number's row, from its chunk; the rows in `order` are in title order, and `kindOf` gives their kinds.
        let chunk = try #require(meta["chunk"] as? Int)
        let rows = try numbers.map { number -> [Any] in
            let rows = try #require(try payload(site, "docs-\(number / chunk)") as? [Any])
            return try #require(rows[number % chunk] as? [Any], "a document at \(number)")
        }
        let titles = rows.map { $0[0] as? String ?? "" }
        #expect(titles == titles.sorted { $0.lowercased() < $1.lowercased() }, "\(titles)")
        #expect(titles.contains("Tutorial alpha") && titles.contains("Tutorial zeta"))
        let kinds = try #require(meta["kinds"] as? [String])
        let kindOf = try #require(meta["kindOf"] as? String)
        #expect(kindOf.count == titles.count)
        let kindOfTitle = Dictionary(zip(titles, kindOf.map { kinds[Int(String($0), radix: 36) ?? 0] }), uniquingKeysWith: { first, _ in first })
        #expect(kindOfTitle["Tutorial alpha"] == "Tutorial" && kindOfTitle["Tutorial zeta"] == "Tutorial" && Set(kindOfTitle.values) == Set(kinds), "\(kindOfTitle)")
        #expect(rows.allSatisfy { $0.count == 4 }, "rows are [title, url, summary, text]")
        let postings = try #require(try shard(site, "ca")["calorimeter"])
        // Two documents: [first, score, position, distance to the next, score, position]; equal texts score alike.
        #expect(postings.count == 6)
        #expect(postings[3] > 0 && postings[1] == postings[4] && postings[2] == postings[5], "\(postings)")
    }

    @Test("A document's number depends on the set of addresses alone, and a page added or deleted moves only the documents of its run")
    func numbering() {
        var generator = SystemRandomNumberGenerator()
        let paths = (0..<1_000).map { "tutorials/page-\($0)-\(UInt32.random(in: 0...UInt32.max, using: &generator))/index.html" }
        let size = SearchIndex.tableSize(for: paths.count)
        #expect(size == 2_048)
        let numbers = SearchIndex.slots(of: paths, size: size)
        #expect(Set(numbers).count == paths.count, "every document has its own number")
        let shuffled = paths.indices.shuffled(using: &generator)
        let again = SearchIndex.slots(of: shuffled.map { paths[$0] }, size: size)
        #expect(zip(shuffled, again).allSatisfy { numbers[$0] == $1 }, "the order the pages come in does not matter")
        // One more page: the documents that move are the ones numbered right after it, each by one.
        let added = SearchIndex.slots(of: paths + ["tutorials/new/index.html"], size: size)
        let new = added[paths.count]
        let moved = paths.indices.filter { added[$0] != numbers[$0] }
        #expect(moved.allSatisfy { added[$0] == numbers[$0] + 1 && numbers[$0] >= new }, "\(moved)")
        #expect(moved.count < 20)
        // Every number in the run after the new one up to the first gap moved; none after the gap.
        let taken = Set(numbers)
        var end = new
        while taken.contains(end) { end += 1 }
        #expect(Set(moved.map { numbers[$0] }) == Set(new..<end))
        // Deleting it brings them back.
        #expect(SearchIndex.slots(of: paths, size: size) == numbers)
        #expect(SearchIndex.tableSize(for: 0) == 64 && SearchIndex.tableSize(for: 32) == 64 && SearchIndex.tableSize(for: 33) == 128)
    }

    @Test("Pages added in the preview past the table's size, then deleted back below it, leave the index a fresh build writes", .tags(.slow))
    func tableResize() throws {
        // With the site's other pages, 25 tutorials make 31 documents (a table of 64 places holds
        // 32); then three more, and back.
        var files = [TestSite.breakout("agentic-ai")]
        for index in 0..<25 { files.append(TestSite.tutorial("t\(index)", body: "Lesson \(index) on calorimeters.\n")) }
        let site = try TestSite(Dictionary(files, uniquingKeysWith: { _, new in new }))
        defer { site.cleanUp() }
        let previewed = PreviewedSite(site)
        #expect(!previewed.first.hasErrors)
        func documents() throws -> Int {
            let text = try site.read("search/meta.js", output: "_preview")
            let json = try #require(text.split(separator: ",", maxSplits: 1).last.map { String($0.dropLast(3)) })
            return try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])["documents"] as? Int ?? -1
        }
        var counts = [try documents()]
        for index in 0..<3 {
            let (path, text) = TestSite.tutorial("added\(index)", body: "An added lesson on trackers.\n")
            #expect(!(try previewed.save(text, as: path)).hasErrors)
            counts.append(try documents())
            let (_, comparison) = previewed.freshBuild()
            #expect(comparison.isEmpty, "after adding \(index): \(comparison)")
        }
        for index in 0..<3 {
            let path = "content/tutorials/added\(index).md"
            try site.remove(path)
            #expect(!previewed.rebuild(changed: [path]).hasErrors)
            counts.append(try documents())
            let (_, comparison) = previewed.freshBuild()
            #expect(comparison.isEmpty, "after deleting \(index): \(comparison)")
        }
        #expect(counts == [31, 32, 33, 34, 33, 32, 31], "the count crossed 32: \(counts)")
    }

    @Test("A full build's posting lists, made in runs on all cores, are those made document by document")
    func postingsInRuns() {
        var random = SeededGenerator(seed: 31)
        func next(_ bound: Int) -> Int { Int(truncatingIfNeeded: random.next() >> 33) % bound }
        let terms = (0..<300).map { "t\($0)" }
        for count in [0, 1, 255, 256, 700, 3000] {
            let entries: [[String: SearchIndex.TermEntry]] = (0..<count).map { _ in
                Dictionary((0..<next(12)).map { _ in (terms[next(terms.count)], SearchIndex.TermEntry(score: next(1000), position: next(50))) },
                           uniquingKeysWith: { first, _ in first })
            }
            // Numbers with gaps, as a full build leaves for the pages that have no document.
            let numbers = (0..<count).filter { _ in next(5) > 0 }
            var expected: [String: SearchIndex.PostingList] = [:]
            for number in numbers {
                for (term, entry) in entries[number] { expected[term, default: SearchIndex.PostingList()].set(number, entry) }
            }
            let made = SearchIndex.postings(of: entries, numbers: numbers)
            #expect(made.count == expected.count)
            for (term, list) in expected {
                #expect(made[term].map { $0.entries.elementsEqual(list.entries) { $0.document == $1.document && $0.entry == $1.entry } } == true, "\(term), \(count) documents")
            }
        }
    }

    @Test("Title order is written as fixed-width base-36 numbers")
    func packedOrder() {
        #expect(SearchIndex.orderWidth(extent: 36) == 1 && SearchIndex.orderWidth(extent: 37) == 2 && SearchIndex.orderWidth(extent: 1_296) == 2
                && SearchIndex.orderWidth(extent: 1_297) == 3)
        #expect(SearchIndex.packed([0, 35, 36, 1_295], width: 2) == "000z10zz")
    }

    @Test("A page about a word outranks a long list that names it once")
    func lengthNormalisation() {
        var about = SearchIndex.FieldCounts(), aboutLengths = SearchIndex.FieldCounts()
        about[.title] = 1; aboutLengths[.title] = 3
        about[.body] = 6; aboutLengths[.body] = 400
        var list = SearchIndex.FieldCounts(), listLengths = SearchIndex.FieldCounts()
        list[.body] = 1; listLengths[.body] = 60_000; listLengths[.title] = 4
        let dedicated = SearchIndex.score(uses: about, lengths: aboutLengths)
        let mention = SearchIndex.score(uses: list, lengths: listLengths)
        #expect(dedicated > 50 * mention, "\(dedicated) vs \(mention)")
        #expect(mention >= 1)
        // The same uses in a shorter body score more.
        var short = listLengths
        short[.body] = 100
        #expect(SearchIndex.score(uses: list, lengths: short) > mention)
    }

    @Test("A family of terms past the limit is split by longer prefixes; each term is in the longest shard name that starts it")
    func shardSplitting() {
        let terms = ["pa"] + (0..<40).map { "pat\(String(UnicodeScalar(97 + $0 % 26)!))\($0)" } + ["par", "parton", "pasta"]
        let sizes = Dictionary(uniqueKeysWithValues: terms.map { ($0, $0.hasPrefix("pat") ? 30_000 : 100) })
        let layout = SearchIndex.layout(of: terms.sorted(), family: "pa") { sizes[$0] ?? 0 }
        #expect(layout["pa"] == ["pa"])
        #expect(layout["par"] == ["par", "parton"])
        #expect(layout["pas"] == ["pasta"])
        #expect(layout["pat"] == nil, "the 'pat' group is split further")
        for (name, members) in layout {
            #expect(members.reduce(0) { $0 + (sizes[$1] ?? 0) } <= SearchIndex.shardLimit || members.count == 1, "\(name)")
            for term in members {
                let key = String(SearchIndex.key(of: term))
                let longest = layout.keys.filter { key.hasPrefix($0) }.max { $0.count < $1.count }
                #expect(longest == name, "\(term) in \(name), found by \(longest ?? "-")")
            }
        }
        #expect(Set(layout.values.joined()) == Set(terms))
        // A small family stays one shard.
        #expect(SearchIndex.layout(of: ["pa", "par"], family: "pa") { _ in 10 } == ["pa": ["pa", "par"]])
    }

    /// Terms of every kind the tokenizer can give: ASCII that shares long prefixes, prefixes of one
    /// another, letters outside ASCII, and a decomposed letter (which String order compares after
    /// normalising, unlike its bytes).
    static let mixedTerms = ["parton", "partonic", "partons", "partonshower", "partonshowers", "pa", "par", "z", "zz",
                             "e\u{301}t\u{E9}", "\u{E9}t\u{E9}", "ez", "f", "eta", "\u{3B1}\u{3B2}", "abcdefgh", "abcdefghi",
                             "abcdefgg", "2026", "x1", "\u{FC}bernet", "u\u{308}bernet2", "\u{2113}2", "jet", "jets"]

    @Test("Terms are sorted as String order sorts them, ASCII or not, decomposed or not")
    func termOrder() {
        #expect(SearchIndex.sortedTerms(Self.mixedTerms) == Self.mixedTerms.sorted())
        #expect(SearchIndex.sortedTerms(Self.mixedTerms.reversed()) == Self.mixedTerms.sorted())
    }

    @Test("A term's key, shard and vocabulary file are read from its bytes as from its Unicode scalars")
    func keysFromBytes() {
        for term in Self.mixedTerms {
            let reference = term.unicodeScalars.map { scalar -> Character in
                (scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar))) ? Character(scalar) : "_"
            }
            #expect(SearchIndex.key(of: term) == reference, "\(term)")
            #expect(SearchIndex.shard(of: term) == String(reference.prefix(2)), "\(term)")
            let vocabulary = reference.count >= 3 && !term.unicodeScalars.contains { ("0"..."9").contains($0) }
                ? reference.first.map(String.init) : nil
            #expect(SearchIndex.vocabularyName(of: term) == vocabulary, "\(term)")
        }
    }

    @Test("Synonyms from site.yml reach meta.js as search terms")
    func synonyms() throws {
        let settings = TestSite.defaultSettings + "search:\n  synonyms:\n    - [GNN, graph neural network]\n    - [HL-LHC, High-Luminosity LHC]\n"
        let site = try TestSite(.init(files: TestSite.breakout("agentic-ai")), settings: settings)
        defer { site.cleanUp() }
        let report = site.build()
        #expect(!report.hasErrors, "\(report.summary)")
        #expect(try site.read("search/meta.js").contains("\"synonyms\":[[[\"gnn\"],[\"graph\",\"neural\",\"network\"]],[[\"hl\",\"lhc\"],[\"high\",\"luminosity\",\"lhc\"]]]"))
    }

    @Test("Bad synonyms are errors at the group or word", arguments: [
        ("    - [GNN]\n", "settings.bad-synonym", "a synonym group needs at least two different words or phrases", 7),
        ("    - []\n", "settings.bad-synonym", "a synonym group needs at least two different words or phrases", 7),
        ("    - [GNN, the]\n", "settings.bad-synonym", "'the' has no word search can find (common words such as 'the' and single letters are left out of the index)", 13),
        ("    - [GNN, graph network]\n    - [graph network, graph net]\n", "settings.bad-synonym", "'graph network' is already a synonym on line LINE", 8),
        ("    - GNN, graph neural network\n", "frontmatter.bad-value", "each synonym group must be a list of the words that mean the same", 7),
    ])
    func badSynonyms(lines: String, id: String, message: String, column: Int) throws {
        let settings = TestSite.defaultSettings + "search:\n  synonyms:\n" + lines
        let site = try TestSite(.init(files: TestSite.breakout("agentic-ai")), settings: settings)
        defer { site.cleanUp() }
        let report = site.build(output: nil)
        let problem = try #require(report.only(id), "\(report.summary)")
        let written = settings.split(separator: "\n", omittingEmptySubsequences: false)
        let line = written.lastIndex { !$0.isEmpty }.map { $0 + 1 } ?? -1
        #expect(problem.message == message.replacingOccurrences(of: "LINE", with: String(line - 1)))
        #expect((problem.line, problem.column) == (line, column))
    }

    @Test("search: must be a mapping with only 'synonyms'")
    func badSearchSettings() throws {
        let settings = TestSite.defaultSettings + "search:\n  synonym: []\n"
        let site = try TestSite(.init(files: TestSite.breakout("agentic-ai")), settings: settings)
        defer { site.cleanUp() }
        let report = site.build(output: nil)
        let unknown = try #require(report.only("frontmatter.unknown-key"), "\(report.summary)")
        #expect(unknown.message == "unknown field 'synonym' in 'search'")
        #expect(unknown.fix == "did you mean 'synonyms'?")
    }

    @Test("The results page is written at search/index.html, through the theme's search template or a plain one")
    func resultsPage() throws {
        var withoutSearch = TestSite.minimalTheme
        withoutSearch["search.mustache"] = nil
        let site = try TestSite(.init(files: TestSite.breakout("agentic-ai")), theme: withoutSearch)
        defer { site.cleanUp() }
        #expect(!site.build().hasErrors)
        let plain = try site.read("search/index.html")
        #expect(plain.contains("data-search-page") && plain.contains("<h1>Search</h1>"), "\(plain)")
        var theme = TestSite.minimalTheme
        theme["search.mustache"] = "<section data-search-page>{{page.title}} from {{root}}</section>"
        let themed = try TestSite(.init(files: TestSite.breakout("agentic-ai")), theme: theme)
        defer { themed.cleanUp() }
        #expect(!themed.build().hasErrors)
        #expect(try themed.read("search/index.html").contains("<section data-search-page>Search from ../</section>"))
    }

    @Test("The numbers of an entry are written in decimal at every width, the widest Int among them")
    func decimals() {
        var values = [0, 7, 9, 10, 42, 99, 100, 101, 999, 1_000, 1_001, 65_536, 123_456_789, Int.max, -1, -120]
        var power = 1
        while power <= Int.max / 10 {
            power *= 10
            values += [power - 1, power, power + 1]
        }
        for value in values {
            var text: [UInt8] = Array("x".utf8)
            SearchIndex.appendDecimal(value, to: &text)
            #expect(String(decoding: text, as: UTF8.self) == "x\(value)")
        }
    }
}
