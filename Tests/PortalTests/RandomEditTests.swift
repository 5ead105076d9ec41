import Foundation
import PortalCore
import PortalTestSupport
import Testing

private let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The shipped theme, by path under `templates/`.
func shippedTheme() throws -> [String: String] {
    let folder = packageRoot.appendingPathComponent("templates")
    var theme: [String: String] = [:]
    let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])
    while let file = enumerator?.nextObject() as? URL {
        guard try file.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true else { continue }
        theme[String(file.standardizedFileURL.path.dropFirst(folder.standardizedFileURL.path.count + 1))] = try String(contentsOf: file, encoding: .utf8)
    }
    return theme
}

extension TestSite {
    /// Makes the project hold `files` instead of `old`, and returns the paths a watcher would
    /// report: every file written or removed, and every folder made or removed.
    func replace(_ old: inout [String: String], with files: [String: String]) throws -> Set<String> {
        var changed: Set<String> = []
        for (path, text) in files where old[path] != text {
            try write(text, to: path)
            changed.insert(path)
        }
        for path in old.keys where files[path] == nil {
            try remove(path)
            changed.insert(path)
        }
        func folders(_ paths: some Sequence<String>) -> Set<String> {
            Set(paths.flatMap { path in
                let parts = path.split(separator: "/").dropLast()
                return parts.indices.map { parts[...$0].joined(separator: "/") }
            })
        }
        let (before, after) = (folders(old.keys), folders(files.keys))
        for folder in before.subtracting(after).sorted(by: >) {
            try? FileManager.default.removeItem(at: root.appendingPathComponent(folder))
            changed.insert(folder)
        }
        for folder in after.subtracting(before) { changed.insert(folder) }
        old = files
        return changed
    }

}

extension RandomSite {
    /// A random model drawn with `random` and a site on disk holding its files, with what is on
    /// disk by path (for `TestSite.replace`); the caller cleans the site up.
    static func written(using random: inout SeededGenerator) throws -> (model: RandomSite, site: TestSite, onDisk: [String: String]) {
        let model = RandomSite(theme: try shippedTheme(), using: &random)
        let site = try TestSite([:], theme: [:], settings: nil)
        var onDisk = ["content/pages/index.md": try String(contentsOf: site.root.appendingPathComponent("content/pages/index.md"), encoding: .utf8)]
        _ = try site.replace(&onDisk, with: model.files())
        return (model, site, onDisk)
    }
}

@Suite("Randomized preview rebuilds")
struct RandomEditTests {
    /// The seed of the edits; `PORTAL_RANDOM_EDITS_SEED` tries another.
    static let seed = ProcessInfo.processInfo.environment["PORTAL_RANDOM_EDITS_SEED"].flatMap { UInt64($0) } ?? 2026_12_04
    /// How many edits; `PORTAL_RANDOM_EDITS` asks for more (or fewer).
    static let count = ProcessInfo.processInfo.environment["PORTAL_RANDOM_EDITS"].flatMap { Int($0) } ?? TestScale.of(200)

    @Test("After each of 200 random edits, a preview rebuild writes what a fresh build writes, or reports what it reports",
          .tags(.slow), .skippedWhenAsked)
    func randomEdits() throws {
        _ = try Self.edit(count: Self.count) { RandomEdit.draw(using: &$0) }
    }

    @Test("After each of 60 random title and summary edits (and a few others between), the same; most take the card path",
          .tags(.slow), .skippedWhenAsked)
    func randomCardEdits() throws {
        let count = TestScale.of(60)
        let lines = try Self.edit(count: count) { random in
            [RandomEdit.retitle, .retitle, .retitle, .summary, .summary, .text][Int.random(in: 0..<6, using: &random)]
        }
        let card = lines.filter { $0.hasPrefix("Quick rebuild: a title or summary changed") }.count
        #expect(card >= count / 3, "only \(card) of \(count) rebuilds took the card path")
    }

    /// Makes `count` edits drawn by `draw` (a few batched with another, now and then with the
    /// watcher's events lost), each followed by a rebuild compared with a fresh build. Returns the
    /// rebuilds' log lines.
    static func edit(count: Int, draw: (inout SeededGenerator) -> RandomEdit) throws -> [String] {
        let (seed, start) = (Self.seed, Date())
        var random = SeededGenerator(seed: seed)
        var (model, site, onDisk) = try RandomSite.written(using: &random)
        defer { site.cleanUp() }

        let preview = PreviewedSite(site)
        try #require(!preview.first.hasErrors, "seed \(seed): the first build failed: \(preview.first.summary)")
        var served = SiteComparison.files(in: site.root.appendingPathComponent("_preview"))
        var counts: [RandomEdit: Int] = [:]
        var failedRebuilds = 0
        var lastFailed = false

        var lines: [String] = []
        for number in 1...count {
            var kind = draw(&random)
            if lastFailed, random.chance(0.5) { kind = .repair }
            var description = model.apply(kind, using: &random)
            var changed = try site.replace(&onDisk, with: model.files())
            while description == nil || changed.isEmpty {
                kind = draw(&random)
                description = model.apply(kind, using: &random)
                changed = try site.replace(&onDisk, with: model.files())
            }
            counts[kind, default: 0] += 1
            // Now and then two saves land in one batch of the watcher (a `git checkout`, a save-all).
            if random.chance(0.1) {
                let second = RandomEdit.draw(using: &random)
                if let also = model.apply(second, using: &random) {
                    description = (description ?? "") + " + " + also
                    changed.formUnion(try site.replace(&onDisk, with: model.files()))
                    counts[second, default: 0] += 1
                }
            }
            // And now and then the watcher lost events, and every file is compared with what was read.
            let unknown = random.chance(0.05)
            let edit = "seed \(seed), edit \(number) of \(count) (\(description ?? "")\(unknown ? ", changes unknown" : ""))"

            // Browsers show no page, one or two pages, or the session writes every changed page first.
            let pages = served.keys.filter { $0.hasSuffix(".html") }.sorted()
            let viewing: Set<String>? = switch random.next() % 3 {
            case 0: nil
            case 1: []
            default: Set((0..<2).map { _ in pages[Int(random.next() % UInt64(pages.count))] })
            }
            let report = preview.rebuild(changed: unknown ? nil : changed, viewing: viewing) { lines.append($0) }
            let (fresh, comparison) = preview.freshBuild()

            if report.diagnostics.map(\.description).sorted() != fresh.diagnostics.map(\.description).sorted() {
                Issue.record("\(edit): the rebuild reported\n\(report.summary)\nand a fresh build\n\(fresh.summary)")
                return lines
            }
            if fresh.hasErrors {
                failedRebuilds += 1
                let unchanged = SiteComparison(actual: SiteComparison.files(in: site.root.appendingPathComponent("_preview")), expected: served)
                guard unchanged.isEmpty else {
                    Issue.record("\(edit): a rebuild with errors changed the served site: \(unchanged)")
                    return lines
                }
            } else {
                guard comparison.isEmpty else {
                    Issue.record("\(edit): the served site is not what a fresh build writes: \(comparison)")
                    return lines
                }
                served = SiteComparison.files(in: site.root.appendingPathComponent("_preview"))
            }
            lastFailed = fresh.hasErrors
        }
        if ProcessInfo.processInfo.environment["PORTAL_RANDOM_EDITS_SEED"] != nil {
            print(String(format: "seed \(seed): %.1f s; \(failedRebuilds) of \(count) edits left errors; ", Date().timeIntervalSince(start))
                + RandomEdit.allCases.map { "\($0.rawValue) \(counts[$0] ?? 0)" }.joined(separator: ", "))
        }
        return lines
    }
}
