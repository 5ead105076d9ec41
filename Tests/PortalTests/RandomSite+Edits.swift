import Foundation
import PortalTestSupport

extension RandomSite {
    /// Applies one edit of `kind` and says what it did; nil when it found nothing to edit.
    mutating func apply(_ kind: RandomEdit, using random: inout SeededGenerator) -> String? {
        switch kind {
        case .add: return add(using: &random)
        case .delete: return delete(using: &random)
        case .rename: return rename(using: &random)
        case .retitle: return retitle(using: &random)
        case .retag: return retag(using: &random)
        case .summary: return changeSummary(using: &random)
        case .text: return changeText(using: &random)
        case .links: return changeLinks(using: &random)
        case .headings: return changeHeadings(using: &random)
        case .series: return changeSeries(using: &random)
        case .relations: return changeRelations(using: &random)
        case .template: return changeTemplate(using: &random)
        case .settings: return changeSettings(using: &random)
        case .sectionIntro: return toggleSectionIntro(using: &random)
        case .draft: return toggleDraft(using: &random)
        case .dataFile: return changeDataFile(using: &random)
        case .mistake: return makeMistake(using: &random)
        case .repair: return repair()
        }
    }

    /// Pages an edit may remove or move: all but the home page.
    var movable: [String] { pages.filter { $0.id != "index" }.map(\.id) }

    mutating func newTitle(using random: inout SeededGenerator) -> String {
        let ending = random.pick(Self.titleEndings) ?? ""
        return (random.pick(Self.titleWords) ?? "Tracking") + (ending.isEmpty ? "" : " " + ending)
    }

    private mutating func newID(using random: inout SeededGenerator) -> String {
        counter += 1
        let word = (random.pick(Self.titleWords) ?? "page").lowercased().replacingOccurrences(of: " ", with: "-")
        return "\(word)-\(counter)"
    }

    /// A link from `source` to a random page, section or heading.
    private func randomLink(from source: String, using random: inout SeededGenerator) -> Link? {
        if random.chance(0.1), let kind = random.pick([Kind.tutorial, .resource, .breakout, .step]) {
            return Link(target: "section:\(kind.rawValue)", writtenAs: kind.rawValue + "/", anchor: nil)
        }
        guard let target = random.pick(pages.map(\.id)).flatMap({ page($0) }) else { return nil }
        let anchor = random.chance(0.4) ? random.pick(target.headings) : nil
        if target.id == source, anchor == nil { return nil }
        return Link(target: target.id, writtenAs: target.path, anchor: anchor)
    }

    /// Adds a page of `kind` (a random kind when nil) that names only pages that exist.
    mutating func add(_ kind: Kind? = nil, using random: inout SeededGenerator) -> String {
        let kind = kind ?? random.pick([Kind.tutorial, .tutorial, .tutorial, .resource, .resource, .step, .step, .page, .breakout]) ?? .tutorial
        let breakouts = ids(.breakout)
        var page = Page(kind: kind, id: newID(using: &random), title: newTitle(using: &random), summary: "A new \(kind) page.")
        page.layout = random.chance(0.2) ? .folder : .file
        page.tags = Array(Self.tagWords.shuffled(using: &random).prefix(Int.random(in: 0...3, using: &random)))
        if kind != .page, kind != .breakout {
            page.areas = Array(breakouts.shuffled(using: &random).prefix(Int.random(in: kind == .step ? 0...2 : 1...2, using: &random)))
        }
        page.headings = Array(Self.headingWords.shuffled(using: &random).prefix(Int.random(in: 0...3, using: &random)))
        page.level = random.pick(["beginner", "intermediate", "advanced"]) ?? "beginner"
        page.type = random.pick(["paper", "dataset", "software", "training"]) ?? "software"
        var note = ""
        switch kind {
        case .breakout:
            page.number = (pages.filter { $0.kind == .breakout }.map(\.number).max() ?? 0) + 1
        case .step:
            let count = pages.filter { $0.kind == .step }.count
            page.number = Int.random(in: 1...(count + 1), using: &random)
            for index in pages.indices where pages[index].kind == .step && pages[index].number >= page.number { pages[index].number += 1 }
            page.listedTutorials = Array(ids(.tutorial).shuffled(using: &random).prefix(Int.random(in: 0...2, using: &random)))
            page.listedResources = Array(ids(.resource).shuffled(using: &random).prefix(Int.random(in: 0...1, using: &random)))
            note = " as step \(page.number) of \(count + 1)"
        case .tutorial:
            page.prerequisites = Array(ids(.tutorial).shuffled(using: &random).prefix(Int.random(in: 0...2, using: &random)))
            if random.chance(0.4), let series = random.pick(series.keys.sorted()) {
                let parts = pages.filter { $0.series == series }.count
                page.series = series
                page.part = Int.random(in: 1...(parts + 1), using: &random)
                for index in pages.indices where pages[index].series == series && pages[index].part >= page.part { pages[index].part += 1 }
                note = " as part \(page.part) of \(series)"
            }
        case .page, .resource:
            break
        }
        for _ in 0..<Int.random(in: 0...3, using: &random) {
            if let link = randomLink(from: page.id, using: &random), !page.links.contains(link) { page.links.append(link) }
        }
        pages.append(page)
        if random.chance(0.3), let other = random.pick(pages.indices.filter { pages[$0].id != page.id }) {
            pages[other].links.append(Link(target: page.id, writtenAs: page.path, anchor: random.pick(page.headings)))
            note += ", linked from \(pages[other].id)"
        }
        return "add \(page.path)\(note)"
    }

    private mutating func delete(using random: inout SeededGenerator) -> String? {
        let breakouts = ids(.breakout)
        guard let id = random.pick(movable.filter { page($0)?.kind != .breakout || breakouts.count > 2 }), let gone = page(id) else { return nil }
        pages.removeAll { $0.id == id }
        if random.chance(0.4) { return "delete \(gone.path), references left dangling" }
        forget(id, replacingArea: breakouts.first { $0 != id })
        renumber()
        return "delete \(gone.path) and the references to it"
    }

    private mutating func rename(using random: inout SeededGenerator) -> String? {
        guard let id = random.pick(movable), let index = position(id) else { return nil }
        let old = pages[index].path
        if random.chance(0.5) {
            pages[index].layout = pages[index].layout == .file ? .folder : .file
            return "move \(old) to \(pages[index].path) (same id)"
        }
        let new = newID(using: &random)
        pages[index].id = new
        if random.chance(0.15) { return "rename \(old) to \(pages[index].path), references left dangling" }
        for other in pages.indices {
            for link in pages[other].links.indices where pages[other].links[link].target == id { pages[other].links[link].target = new }
            pages[other].prerequisites = pages[other].prerequisites.map { $0 == id ? new : $0 }
            pages[other].listedTutorials = pages[other].listedTutorials.map { $0 == id ? new : $0 }
            pages[other].listedResources = pages[other].listedResources.map { $0 == id ? new : $0 }
            pages[other].areas = pages[other].areas.map { $0 == id ? new : $0 }
        }
        for link in nav.indices where nav[link].target == id { nav[link].target = new }
        return "rename \(old) to \(pages[index].path) and the references to it"
    }

    private mutating func retitle(using random: inout SeededGenerator) -> String? {
        let title = newTitle(using: &random)
        if random.chance(0.15), let name = random.pick(series.keys.sorted()) {
            series[name]?.title = title
            return "retitle series \(name): \(title)"
        }
        if random.chance(0.1), let kind = random.pick(Array(sections.keys)) {
            sections[kind]?.title = title
            return "retitle section \(kind.rawValue): \(title)"
        }
        guard let index = random.pick(Array(pages.indices)) else { return nil }
        pages[index].title = title
        return "retitle \(pages[index].path): \(title)"
    }

    private mutating func retag(using random: inout SeededGenerator) -> String? {
        guard let index = random.pick(Array(pages.indices)) else { return nil }
        if random.chance(0.5), let tag = random.pick(pages[index].tags) {
            pages[index].tags.removeAll { $0 == tag }
            return "untag \(pages[index].path): \(tag)"
        }
        guard let tag = random.pick(Self.tagWords.filter { !pages[index].tags.contains($0) }) else { return nil }
        pages[index].tags.insert(tag, at: Int.random(in: 0...pages[index].tags.count, using: &random))
        return "tag \(pages[index].path): \(tag)"
    }

    private mutating func changeSummary(using random: inout SeededGenerator) -> String? {
        let summary = "Summary \(Int.random(in: 0..<1000, using: &random))."
        if random.chance(0.2), let name = random.pick(series.keys.sorted()) {
            series[name]?.summary = summary
            return "summary of series \(name)"
        }
        guard let index = random.pick(Array(pages.indices)) else { return nil }
        pages[index].summary = summary
        return "summary of \(pages[index].path)"
    }

    mutating func changeText(using random: inout SeededGenerator) -> String? {
        if random.chance(0.1), let kind = random.pick(Array(sections.keys)) {
            sections[kind]?.text += 1
            return "text of section \(kind.rawValue)"
        }
        if random.chance(0.1), let name = random.pick(series.keys.sorted()) {
            series[name]?.text += 1
            return "text of series \(name)"
        }
        guard let index = random.pick(Array(pages.indices)) else { return nil }
        pages[index].text += 1
        return "text of \(pages[index].path) (body only)"
    }

    private mutating func changeLinks(using random: inout SeededGenerator) -> String? {
        guard let index = random.pick(Array(pages.indices)) else { return nil }
        if random.chance(0.4), let link = random.pick(Array(pages[index].links.indices)) {
            let removed = pages[index].links.remove(at: link)
            return "unlink \(pages[index].path) from \(removed.target)\(removed.anchor.map { "#" + Self.slug($0) } ?? "")"
        }
        guard let link = randomLink(from: pages[index].id, using: &random), !pages[index].links.contains(link) else { return nil }
        pages[index].links.insert(link, at: Int.random(in: 0...pages[index].links.count, using: &random))
        return "link \(pages[index].path) to \(link.target)\(link.anchor.map { "#" + Self.slug($0) } ?? "")"
    }

    private mutating func changeHeadings(using random: inout SeededGenerator) -> String? {
        guard let index = random.pick(Array(pages.indices)) else { return nil }
        let id = pages[index].id
        if random.chance(0.5), let heading = random.pick(pages[index].headings) {
            let replacement = random.chance(0.5) ? random.pick(Self.headingWords.filter { !pages[index].headings.contains($0) }) : nil
            pages[index].headings = pages[index].headings.compactMap { $0 == heading ? replacement : $0 }
            var note = replacement.map { "rename heading \(heading) of \(pages[index].path) to \($0)" } ?? "remove heading \(heading) of \(pages[index].path)"
            if random.chance(0.7) {
                dropAnchors(to: id, heading: heading)
                note += ", links to it fixed"
            }
            return note
        }
        guard let heading = random.pick(Self.headingWords.filter { !pages[index].headings.contains($0) }) else { return nil }
        pages[index].headings.insert(heading, at: Int.random(in: 0...pages[index].headings.count, using: &random))
        return "add heading \(heading) to \(pages[index].path)"
    }

    /// Turns links into `id`'s `heading` into links to the page (or removes them, on the page itself).
    private mutating func dropAnchors(to id: String, heading: String) {
        for index in pages.indices {
            pages[index].links = pages[index].links.compactMap { link in
                guard link.target == id, link.anchor == heading else { return link }
                return pages[index].id == id ? nil : Link(target: link.target, writtenAs: link.writtenAs, anchor: nil)
            }
        }
    }

    private mutating func changeSeries(using random: inout SeededGenerator) -> String? {
        let tutorials = pages.indices.filter { pages[$0].kind == .tutorial }
        guard let index = random.pick(tutorials) else { return nil }
        let renumbers = random.chance(0.9)
        let old = pages[index].series
        if let old, random.chance(0.3), let other = random.pick(pages.indices.filter { pages[$0].series == old && $0 != index }) {
            (pages[index].part, pages[other].part) = (pages[other].part, pages[index].part)
            return "swap parts \(pages[other].part) and \(pages[index].part) of \(old)"
        }
        let target = random.chance(0.2) ? nil : random.pick(series.keys.sorted().filter { $0 != old })
        if old == nil, target == nil { return nil }
        pages[index].series = target
        pages[index].part = target.map { name in Int.random(in: 1...(pages.filter { $0.series == name }.count), using: &random) } ?? 0
        if let target {
            for other in pages.indices where other != index && pages[other].series == target && pages[other].part >= pages[index].part {
                pages[other].part += renumbers ? 1 : 0
            }
        }
        if renumbers { renumber() }
        return "move \(pages[index].path) from series \(old ?? "none") to \(target.map { "\($0) part \(pages[index].part)" } ?? "none")"
            + (renumbers ? "" : ", parts not renumbered")
    }

    private mutating func changeRelations(using random: inout SeededGenerator) -> String? {
        guard let index = random.pick(pages.indices.filter { [.tutorial, .step, .resource].contains(pages[$0].kind) }) else { return nil }
        let path = pages[index].path
        switch (pages[index].kind, Int.random(in: 0..<3, using: &random)) {
        case (.tutorial, 0):
            if random.chance(0.4), let gone = random.pick(pages[index].prerequisites) {
                pages[index].prerequisites.removeAll { $0 == gone }
                return "drop prerequisite \(gone) of \(path)"
            }
            // No cycles: a prerequisite must not need this tutorial already.
            let id = pages[index].id
            let candidates = ids(.tutorial).filter { $0 != id && !pages[index].prerequisites.contains($0) && !needs($0, id) }
            guard let added = random.pick(candidates) else { return nil }
            pages[index].prerequisites.append(added)
            return "add prerequisite \(added) to \(path)"
        case (.step, 0):
            if random.chance(0.4), let gone = random.pick(pages[index].listedTutorials) {
                pages[index].listedTutorials.removeAll { $0 == gone }
                return "unlist tutorial \(gone) from \(path)"
            }
            guard let added = random.pick(ids(.tutorial).filter { !pages[index].listedTutorials.contains($0) }) else { return nil }
            pages[index].listedTutorials.append(added)
            return "list tutorial \(added) on \(path)"
        case (.step, 1):
            if random.chance(0.4), let gone = random.pick(pages[index].listedResources) {
                pages[index].listedResources.removeAll { $0 == gone }
                return "unlist resource \(gone) from \(path)"
            }
            guard let added = random.pick(ids(.resource).filter { !pages[index].listedResources.contains($0) }) else { return nil }
            pages[index].listedResources.append(added)
            return "list resource \(added) on \(path)"
        case (.resource, 0):
            pages[index].type = random.pick(["paper", "dataset", "benchmark", "software", "training", "agent", "event"].filter { $0 != pages[index].type }) ?? "paper"
            return "type of \(path): \(pages[index].type)"
        case (.tutorial, 1):
            pages[index].level = random.pick(["beginner", "intermediate", "advanced"].filter { $0 != pages[index].level }) ?? "beginner"
            return "level of \(path): \(pages[index].level)"
        default:
            let areas = Array(ids(.breakout).shuffled(using: &random).prefix(Int.random(in: pages[index].kind == .step ? 0...2 : 1...2, using: &random)))
            guard areas != pages[index].areas, !areas.isEmpty || pages[index].kind == .step else { return nil }
            pages[index].areas = areas
            return "areas of \(path): \(areas)"
        }
    }

    /// Whether tutorial `id` needs `other`, directly or through its prerequisites.
    private func needs(_ id: String, _ other: String) -> Bool {
        var seen: Set<String> = []
        var queue = [id]
        while let next = queue.popLast() {
            guard seen.insert(next).inserted, let page = page(next) else { continue }
            if page.prerequisites.contains(other) { return true }
            queue += page.prerequisites
        }
        return false
    }
}
