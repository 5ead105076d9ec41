import Foundation
import PortalTestSupport

/// The edits of the site around its pages: the theme, the settings, section introductions, drafts,
/// data files, and the mistakes an editor makes.
extension RandomSite {
    /// A page template, the base layout, a partial or the stylesheet gains a new line, or is put back as shipped.
    mutating func changeTemplate(using random: inout SeededGenerator) -> String? {
        let pageTemplates = theme.keys.filter { !$0.contains("/") && $0.hasSuffix(".mustache") && $0 != "base.mustache" }.sorted()
        let partials = theme.keys.filter { $0.hasPrefix("partials/") }.sorted()
        let roll = Int.random(in: 0..<10, using: &random)
        let name = roll < 2 ? "base.mustache" : roll < 6 ? random.pick(pageTemplates) : roll < 9 ? random.pick(partials) : "assets/style.css"
        guard let name else { return nil }
        if (themeEdits[name] ?? 0) > 0, random.chance(0.4) {
            themeEdits[name] = 0
            return "template \(name) back as shipped"
        }
        counter += 1
        themeEdits[name] = counter
        return "template \(name) edit \(counter)"
    }

    /// The site's title, its footer, or a page in the menu.
    mutating func changeSettings(using random: inout SeededGenerator) -> String? {
        switch Int.random(in: 0..<3, using: &random) {
        case 0:
            siteTitle = siteTitle == 0 ? Int.random(in: 1..<100, using: &random) : 0
            return "site title \(siteTitle)"
        case 1:
            footer.toggle()
            return "footer \(footer ? "on" : "off")"
        default:
            if random.chance(0.5), !nav.isEmpty {
                let removed = nav.removeLast()
                return "menu without \(removed.target)"
            }
            guard let target = random.pick(pages.filter { $0.kind == .page && !nav.map(\.target).contains($0.id) }) else { return nil }
            nav.append(Link(target: target.id, writtenAs: target.path, anchor: nil))
            return "menu with \(target.path)"
        }
    }

    /// A section's `_index.md` made or deleted.
    mutating func toggleSectionIntro(using random: inout SeededGenerator) -> String? {
        guard let kind = random.pick([Kind.breakout, .tutorial, .step, .resource]) else { return nil }
        if sections[kind] == nil {
            sections[kind] = Intro(title: newTitle(using: &random), summary: "The \(kind.rawValue) of the test site.")
            return "add \(kind.rawValue)/_index.md"
        }
        sections[kind] = nil
        return "delete \(kind.rawValue)/_index.md"
    }

    /// A page made a draft, or published.
    mutating func toggleDraft(using random: inout SeededGenerator) -> String? {
        guard let id = random.pick(movable), let index = position(id) else { return nil }
        pages[index].draft.toggle()
        return "\(pages[index].draft ? "draft" : "publish") \(pages[index].path)"
    }

    /// A new version of a page folder's data file (a body edit when no page has one).
    mutating func changeDataFile(using random: inout SeededGenerator) -> String? {
        guard let index = random.pick(pages.indices.filter { pages[$0].layout == .folder }) else { return changeText(using: &random) }
        pages[index].data += 1
        return "data file of \(pages[index].path)"
    }

    /// A broken link, a bad front-matter value, an unknown name in a template or a gap in a series.
    mutating func makeMistake(using random: inout SeededGenerator) -> String? {
        switch Int.random(in: 0..<4, using: &random) {
        case 0:
            guard let index = random.pick(Array(pages.indices)) else { return nil }
            pages[index].brokenLink = true
            return "mistake: link from \(pages[index].path) to a page that does not exist"
        case 1:
            guard let index = random.pick(Array(pages.indices)) else { return nil }
            pages[index].invalidField = true
            return "mistake: a bad front-matter value in \(pages[index].path)"
        case 2:
            brokenTemplate = random.pick(theme.keys.filter { $0.hasSuffix(".mustache") }.sorted())
            return "mistake: an unknown name in template \(brokenTemplate ?? "")"
        default:
            guard let index = random.pick(pages.indices.filter { pages[$0].series != nil }) else { return nil }
            pages[index].part += 5
            return "mistake: part \(pages[index].part) of \(pages[index].series ?? "") leaves a gap"
        }
    }
}
