import Foundation
@testable import PortalCore
import PortalTestSupport
import Testing

/// A rich site with the shipped theme: breakouts, tutorials with tags, a resource, a step, and a
/// tutorial in a folder beside the data file its body links to.
private func richSite() throws -> TestSite {
    var files: [String: String] = [:]
    for (path, text) in [
        TestSite.breakout("agentic-ai", number: 1), TestSite.breakout("foundation-models", number: 2),
        TestSite.tutorial("graphs", extra: "tags: [gnn, jets]"), TestSite.tutorial("jets", extra: "tags: [jets]"),
        TestSite.tutorial("tracking", areas: ["foundation-models"], extra: "tags: [gnn]"),
        TestSite.resource("pyg"), TestSite.step("install", number: 1),
    ] { files[path] = text }
    files["content/tutorials/calibration/index.md"] = TestSite.tutorial("calibration", body: "Read [the data](data.csv).\n").1
    files["content/tutorials/calibration/data.csv"] = "energy,response\n1,0.9\n"
    return try TestSite(files, theme: try shippedTheme())
}

/// Builds `site` into its kept `_site` and logs the build; then builds it afresh into an emptied
/// `_fresh` without reuse, and compares the two outputs.
private func buildTwice(_ site: TestSite) -> (report: BuildReport, log: [String], comparison: SiteComparison) {
    let lines = LockedLines()
    let report = SiteBuilder(options: site.options()).run { lines.append($0) }
    var fresh = site.options(output: "_fresh")
    fresh.reusesOutput = false
    let (_, comparison) = SiteComparison.withFreshBuild(fresh, served: site.root.appendingPathComponent("_site"))
    return (report, lines.all, comparison)
}

/// Log lines gathered from a build.
private final class LockedLines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ line: String) { lock.withLock { lines.append(line) } }
    var all: [String] { lock.withLock { lines } }
}

/// Every page a fresh build renders through the templates.
private func allPages(_ site: TestSite) -> Set<String> {
    var options = site.options(output: nil)
    options.reusesOutput = false
    return Set(SiteBuilder(options: options).run().renderedPages)
}

private let manifestName = ".portal-manifest-_site"

@Suite("Builds into a kept output")
struct OutputReuseTests {
    /// An edit between two builds, and which pages the second build must render.
    enum Edit: String, CaseIterable, CustomTestStringConvertible {
        case body, title, addPage, deletePage, template, settings, dataFile
        var testDescription: String { rawValue }
    }

    @Test("After an edit, a build into the kept output writes what a fresh build writes, rendering only what changed", arguments: Edit.allCases)
    func edit(_ edit: Edit) throws {
        let site = try richSite()
        defer { site.cleanUp() }
        let first = buildTwice(site)
        try #require(!first.report.hasErrors, "\(first.report.diagnostics)")
        #expect(first.log.contains("Full build: there is no manifest beside the output"))
        let everything = allPages(site)
        #expect(Set(first.report.renderedPages) == everything)

        let tutorial = "tutorials/graphs/index.html"
        switch edit {
        case .body:
            try site.write(TestSite.tutorial("graphs", extra: "tags: [gnn, jets]", body: "A new body.\n").1, to: "content/tutorials/graphs.md")
        case .title:
            try site.write(TestSite.tutorial("graphs", extra: "tags: [gnn, jets]").1.replacingOccurrences(of: "Tutorial graphs", with: "Graph networks"),
                           to: "content/tutorials/graphs.md")
        case .addPage:
            let (path, text) = TestSite.tutorial("unfolding", extra: "tags: [jets]")
            try site.write(text, to: path)
        case .deletePage:
            try site.remove("content/tutorials/jets.md")
        case .template:
            let url = site.root.appendingPathComponent("templates/tutorial.mustache")
            try site.write(try String(contentsOf: url, encoding: .utf8) + "<!-- edited -->\n", to: "templates/tutorial.mustache")
        case .settings:
            let url = site.root.appendingPathComponent("content/site.yml")
            try site.write(try String(contentsOf: url, encoding: .utf8).replacingOccurrences(of: "base_url: https://portal.example.org/", with: "base_url: https://example.org/portal/"),
                           to: "content/site.yml")
        case .dataFile:
            try site.write("energy,response\n1,0.8\n", to: "content/tutorials/calibration/data.csv")
        }
        let second = buildTwice(site)
        try #require(!second.report.hasErrors, "\(second.report.diagnostics)")
        #expect(second.comparison.isEmpty, "\(second.comparison)")
        let rendered = Set(second.report.renderedPages)
        let pages = allPages(site)
        switch edit {
        case .body:
            #expect(rendered.contains(tutorial))
            #expect(rendered.count < pages.count / 3, "\(rendered.sorted())")
        case .title:
            #expect(rendered.isSuperset(of: [tutorial, "tutorials/index.html", "tags/gnn/index.html", "tags/jets/index.html"]))
            #expect(!rendered.contains("resources/pyg/index.html"))
        case .addPage:
            #expect(rendered.isSuperset(of: ["tutorials/unfolding/index.html", "tutorials/index.html", "tags/jets/index.html"]))
            #expect(!rendered.contains("tutorials/tracking/index.html"))
        case .deletePage:
            #expect(!site.exists("tutorials/jets/index.html"))
            #expect(!site.exists("tutorials/jets/index.md"))
            #expect(!rendered.contains("tutorials/tracking/index.html"))
        case .template, .settings:
            #expect(second.log.contains { $0.hasPrefix("Reuse: the templates, site.yml or the options changed") })
            #expect(rendered == pages)
        case .dataFile:
            #expect(rendered.isEmpty, "\(rendered.sorted())")
            #expect(try site.read("tutorials/calibration/data.csv") == "energy,response\n1,0.8\n")
        }
        if edit != .template && edit != .settings {
            #expect(second.log.contains("Reuse: the manifest beside the output is valid; pages whose key and file are unchanged are kept"))
        }
        let third = buildTwice(site)
        #expect(third.report.renderedPages.isEmpty, "an unchanged site renders nothing: \(third.report.renderedPages)")
        #expect(third.comparison.isEmpty, "\(third.comparison)")
    }

    /// What is done to the manifest between two builds, and the note the second build logs.
    enum ManifestDamage: String, CaseIterable, CustomTestStringConvertible {
        case missing, truncated, flippedByte, otherFormat, editedAndResealed, otherBuild, notText
        var testDescription: String { rawValue }

        var note: String {
            switch self {
            case .missing: "Full build: there is no manifest beside the output"
            case .truncated: "Full build: the manifest beside the output is not used: it is damaged (its closing digest is missing)"
            case .flippedByte: "Full build: the manifest beside the output is not used: it is damaged (its digest does not match its lines)"
            case .otherFormat: "Full build: the manifest beside the output is not used: it was written in another format"
            case .editedAndResealed: "Full build: the manifest beside the output is not used: it is damaged (a page's line cannot be read)"
            case .otherBuild: "Reuse: the output was written by another portal build; every page is rendered, and only files whose bytes changed are written"
            case .notText: "Full build: the manifest beside the output cannot be read"
            }
        }
    }

    @Test("A missing, damaged or foreign manifest gives a full build, and a correct site", arguments: ManifestDamage.allCases)
    func damagedManifest(_ damage: ManifestDamage) throws {
        let site = try richSite()
        defer { site.cleanUp() }
        try #require(!site.build().hasErrors)
        let url = site.root.appendingPathComponent(manifestName)
        let text = try String(contentsOf: url, encoding: .utf8)
        func reseal(_ lines: String) -> String {
            lines + "check \(Hexadecimal.string(SHA256.digest(Array(lines.utf8))))\n"
        }
        let checkLine = try #require(text.range(of: "check ", options: .backwards))
        let body = String(text[..<checkLine.lowerBound])
        switch damage {
        case .missing: try FileManager.default.removeItem(at: url)
        case .truncated: try Data(text.utf8.prefix(text.utf8.count / 2)).write(to: url)
        case .flippedByte: try Data(text.replacingOccurrences(of: "tutorials/jets/index.html", with: "tutorials/jets/index.htmm").utf8).write(to: url)
        case .otherFormat: try Data(text.replacingOccurrences(of: "portal build manifest 1", with: "portal build manifest 2").utf8).write(to: url)
        case .editedAndResealed: try Data(reseal(body.replacingOccurrences(of: "page ", with: "page x")).utf8).write(to: url)
        case .otherBuild:
            let manifest = try BuildManifest(text: text)
            try Data(BuildManifest(build: String(repeating: "0", count: 64), inputs: manifest.inputs, pages: manifest.pages).text.utf8).write(to: url)
        case .notText: try Data([0xFF, 0xFE, 0x00]).write(to: url)
        }
        // A stale page the damaged manifest might otherwise vouch for.
        try site.write(TestSite.tutorial("jets", extra: "tags: [jets]", body: "Changed.\n").1, to: "content/tutorials/jets.md")
        let second = buildTwice(site)
        try #require(!second.report.hasErrors)
        #expect(second.log.contains(damage.note), "\(second.log)")
        #expect(Set(second.report.renderedPages) == (allPages(site)))
        #expect(second.comparison.isEmpty, "\(second.comparison)")
        #expect(FileManager.default.fileExists(atPath: url.path), "the build leaves a new manifest")
    }

    @Test("A page changed, deleted or added by hand in the output is put right")
    func handEdits() throws {
        let site = try richSite()
        defer { site.cleanUp() }
        try #require(!site.build().hasErrors)
        let output = site.root.appendingPathComponent("_site")
        let edited = output.appendingPathComponent("tutorials/graphs/index.html")
        // The same size, so only the modification time tells.
        let original = try Data(contentsOf: edited)
        try Data(original.map { $0 == UInt8(ascii: "e") ? UInt8(ascii: "E") : $0 }).write(to: edited)
        try FileManager.default.removeItem(at: output.appendingPathComponent("resources/pyg/index.html"))
        try Data("stray".utf8).write(to: output.appendingPathComponent("stray.html"))
        try Data("changed".utf8).write(to: output.appendingPathComponent("tutorials/graphs/index.md"))
        let second = buildTwice(site)
        #expect(Set(second.report.renderedPages) == ["tutorials/graphs/index.html", "resources/pyg/index.html"])
        #expect(second.comparison.isEmpty, "\(second.comparison)")
    }

    @Test("--no-reuse renders every page through a staging folder, and a build with errors keeps the manifest and the output")
    func noReuseAndErrors() throws {
        let site = try richSite()
        defer { site.cleanUp() }
        try #require(!site.build().hasErrors)
        var options = site.options()
        options.reusesOutput = false
        let lines = LockedLines()
        let full = SiteBuilder(options: options).run { lines.append($0) }
        #expect(lines.all.contains("Full build: --no-reuse was given"))
        #expect(Set(full.renderedPages) == allPages(site))

        let before = try site.snapshot()
        try site.write("---\ntitle: Broken\nlevel: nonsense\n---\n", to: "content/tutorials/broken.md")
        #expect(site.build().hasErrors)
        #expect(try site.snapshot() == before)
        try site.remove("content/tutorials/broken.md")
        let repaired = buildTwice(site)
        #expect(repaired.report.renderedPages.isEmpty, "\(repaired.report.renderedPages)")
        #expect(repaired.comparison.isEmpty)
    }

    @Test("A portal executable is known by its bytes: a copy installed elsewhere, later, is the same build; a byte changed is another")
    func executableIdentity() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("portal-identity-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let bytes = Data((0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        let first = folder.appendingPathComponent("portal")
        let copy = folder.appendingPathComponent("bin/portal")
        try FileManager.default.createDirectory(at: copy.deletingLastPathComponent(), withIntermediateDirectories: true)
        try bytes.write(to: first)
        try bytes.write(to: copy)
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1_000_000)], ofItemAtPath: copy.path)
        #expect(ReuseInputs.identity(ofExecutable: first.path) == ReuseInputs.identity(ofExecutable: copy.path))
        var changed = bytes
        changed[50_000] ^= 1
        try changed.write(to: copy)
        #expect(ReuseInputs.identity(ofExecutable: first.path) != ReuseInputs.identity(ofExecutable: copy.path))
        // An executable that cannot be read is known by its path and stamp.
        let missing = folder.appendingPathComponent("gone").path
        #expect(ReuseInputs.identity(ofExecutable: missing) != ReuseInputs.identity(ofExecutable: first.path))
        #expect(ReuseInputs.identity(ofExecutable: missing) == ReuseInputs.identity(ofExecutable: missing))
    }

    @Test("The portal command installed again in another place reuses the output its first copy wrote", .tags(.slow))
    func reinstalledPortalReuses() throws {
        let site = try richSite()
        defer { site.cleanUp() }
        let installed = site.root.appendingPathComponent("tools/portal")
        try FileManager.default.createDirectory(at: installed.deletingLastPathComponent(), withIntermediateDirectories: true)
        let arguments = ["build", "--content", "content", "--templates", "templates", "--output", "_site"]
        let first = try PortalExecutable.run(arguments, in: site.root)
        try #require(first.status == 0, "\(first.errors)")
        try FileManager.default.copyItem(at: PortalExecutable.url, to: installed)
        let second = try PortalExecutable.run(arguments, in: site.root, executable: installed)
        #expect(second.status == 0, "\(second.errors)")
        #expect(second.errors.contains("Reuse: the manifest beside the output is valid"), "\(second.errors)")
    }

    @Test("A manifest's text reads back as the same manifest")
    func manifestText() throws {
        let entry = BuildManifest.Entry(key: String(repeating: "ab", count: 32), size: 12, seconds: 1_700_000_000, nanoseconds: 5)
        let manifest = BuildManifest(build: "b", inputs: String(repeating: "0", count: 64),
                                     pages: ["a b/index.html": entry, "c/index.html": entry, "line\nbreak.html": entry])
        let read = try BuildManifest(text: manifest.text)
        #expect(read.pages.keys.sorted() == ["a b/index.html", "c/index.html"])
        #expect(read.pages["a b/index.html"] == entry)
        #expect(read.build == "b")
    }

    @Test("SHA-256 fed in pieces gives the digest of the whole, with and without the processor's SHA instructions", arguments: [false, true])
    func streamedDigest(portable: Bool) {
        let input = Array((0..<300).map { UInt8(truncatingIfNeeded: $0 &* 7) })
        let whole = SHA256.digest(input)
        for split in [0, 1, 55, 56, 63, 64, 65, 128, 299, 300] {
            var stream = SHA256.Stream(portable: portable)
            stream.add(Array(input[..<split]))
            stream.add(Array(input[split...]))
            #expect(stream.finish() == whole, "split at \(split)")
        }
    }

    @Test("SHA-256 gives the standard's digests, in plain Swift and with the processor's instructions", arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        (String(repeating: "a", count: 1000), "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3"),
        // Lengths whose padding fits in the last block or spills into another (digests from Python's hashlib).
        (String(repeating: "a", count: 55), "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"),
        (String(repeating: "a", count: 63), "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"),
        (String(repeating: "a", count: 64), "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"),
        (String(repeating: "a", count: 119), "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb"),
        (String(repeating: "a", count: 120), "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c"),
    ])
    func portableDigest(_ input: String, _ hex: String) {
        for portable in [true, false] {
            var stream = SHA256.Stream(portable: portable)
            stream.add(input)
            #expect(Hexadecimal.string(stream.finish()) == hex, portable ? "portable" : "with the processor's instructions where it has them")
        }
    }

    @Test("Contexts that differ give different page keys, and a context's fragment name does not count")
    func pageKeys() {
        let card: TemplateValue = .record(["title": "A", TemplateValue.fragmentKey: .fragmentMark(page: 1, depth: 0)])
        let moved: TemplateValue = .record(["title": "A", TemplateValue.fragmentKey: .fragmentMark(page: 2, depth: 0)])
        #expect(PageKey.of(template: "tutorial", context: card) == PageKey.of(template: "tutorial", context: moved))
        let pairs: [(TemplateValue, TemplateValue)] = [
            (.list(["ab", "c"]), .list(["a", "bc"])),
            (.record(["a": "b"]), .record(["ab": ""])),
            (.text("1"), .number(1)),
            (.flag(true), .flag(false)),
            (.list([.list([])]), .list([])),
        ]
        for (first, second) in pairs {
            #expect(PageKey.of(template: "page", context: first) != PageKey.of(template: "page", context: second))
        }
        #expect(PageKey.of(template: "page", context: "x") != PageKey.of(template: "tutorial", context: "x"))
    }

    @Test("A marked site record is hashed once per template, with only the sections that template reads")
    func siteRecordKeys() {
        func context(mark: Int?, tutorials: Int, tags: Int, title: String = "Portal") -> TemplateValue {
            var site: TemplateRecord = ["title": .text(title), "sections": .record([
                "tutorials": .record(["count": .number(tutorials)]), "tags": .record(["count": .number(tags)]),
            ])]
            if let mark { site[TemplateValue.fragmentKey] = .record(["site": .number(mark)]) }
            return .record(["site": .record(site), "page": .record(["title": "A"])])
        }
        let reads: Set<String> = ["tutorials"]
        // Marked or not, a count the template does not read leaves the key as it was; one it reads changes it.
        for mark in [nil, 1] {
            let cards = CardDigests()
            let key = PageKey.of(template: "page", context: context(mark: mark, tutorials: 3, tags: 5), sectionsRead: reads, cards: cards)
            #expect(key == PageKey.of(template: "page", context: context(mark: mark.map { $0 + 1 }, tutorials: 3, tags: 9), sectionsRead: reads, cards: cards))
            #expect(key != PageKey.of(template: "page", context: context(mark: mark.map { $0 + 2 }, tutorials: 4, tags: 5), sectionsRead: reads, cards: cards))
            #expect(key != PageKey.of(template: "page", context: context(mark: mark.map { $0 + 3 }, tutorials: 3, tags: 5, title: "P"), sectionsRead: reads, cards: cards))
        }
        // A record's digest is made once per template: after a template that does not read the tag
        // count, one that reads every section gets the digest of the whole record.
        let shared = CardDigests()
        _ = PageKey.of(template: "page", context: context(mark: 7, tutorials: 3, tags: 5), sectionsRead: reads, cards: shared)
        let whole = PageKey.of(template: "tag", context: context(mark: 7, tutorials: 3, tags: 5), sectionsRead: nil, cards: shared)
        #expect(whole == PageKey.of(template: "tag", context: context(mark: 7, tutorials: 3, tags: 5), sectionsRead: nil, cards: CardDigests()))
        #expect(whole != PageKey.of(template: "tag", context: context(mark: 7, tutorials: 3, tags: 9), sectionsRead: nil, cards: CardDigests()))
    }

    @Test("After each of 50 random edits, a build into the kept output writes what a fresh build writes", .tags(.slow), .skippedWhenAsked)
    func randomEdits() throws {
        let seed = RandomEditTests.seed
        var random = SeededGenerator(seed: seed)
        var (model, site, onDisk) = try RandomSite.written(using: &random)
        defer { site.cleanUp() }
        try #require(!site.build().hasErrors)
        var kept = 0
        for number in 1...TestScale.of(50) {
            var description: String?
            while description == nil { description = model.apply(RandomEdit.draw(using: &random), using: &random) }
            _ = try site.replace(&onDisk, with: model.files())
            let edit = "seed \(seed), edit \(number) (\(description ?? ""))"
            let before = try site.snapshot()
            let (report, _, comparison) = buildTwice(site)
            if report.hasErrors {
                #expect(try site.snapshot() == before, "\(edit): a build with errors changed the output")
                continue
            }
            guard comparison.isEmpty else {
                Issue.record("\(edit): the output is not what a fresh build writes: \(comparison)")
                return
            }
            kept += allPages(site).count - report.renderedPages.count
        }
        #expect(kept > 0, "some pages were kept")
    }
}
