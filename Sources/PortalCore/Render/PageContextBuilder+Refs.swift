extension PageContextBuilder {
    /// The ref (a listing item, shown as a card) of page `position`, with its URLs written from `root`
    /// (the way up from the listing page's folder); `identity` names it in the fragment cache.
    static func makeRef(_ position: Int, identity: Int, pages: [Page], graph: SiteGraph, categoryTokens: [String: String], root: String) -> TemplateValue {
        let page = pages[position]
        let matter = page.frontMatter
        let minutes = matter.tutorialMinutes
        // Room for every member a card may have, so that the record is never grown and rehashed.
        var ref = TemplateRecord(minimumCapacity: 24)
        ref["id"] = .text(page.id)
        ref["title"] = .text(page.title)
        ref["url"] = .text(root + page.outputPath)
        ref["kind"] = .text(page.kind.rawValue)
        ref["kind_label"] = .text(page.kind.label)
        ref.set("title_html", page.titleHTML)
        ref.set("summary", page.summary)
        if let level = matter.text("level") {
            ref["level"] = .text(level)
            ref["level_label"] = .text(Labels.level(level))
        }
        ref.set("duration", minutes.map(Duration.display(minutes:)))
        if page.kind == .resource, let type = matter.text("type") {
            ref["type"] = .text(type)
            ref["type_label"] = .text(Labels.resourceType(type))
            ref.set("external_url", matter.text("url"))
            ref.set("category_tokens", matter.text("category").map { categoryTokens[$0] ?? CategoryPath.tokens(of: $0) })
            // What an agent is and how a client talks to it, which the resources index filters by.
            if type == "agent" {
                ref.set("agent_kind", matter.text("kind"))
                ref.set("agent_kind_label", matter.text("kind").map(Labels.agentKind))
                let transports = matter.list("transport").map(\.value)
                if !transports.isEmpty { ref["transports"] = .text(transports.joined(separator: " ")) }
            }
        }
        ref.set("number", matter.integer("number"))
        ref.set("step", matter.integer("step"))
        if page.kind == .tutorial, let name = matter.text("series"), let members = graph.series[name] {
            ref.set("part", matter.integer("part"))
            ref["series_total"] = .number(members.count)
            if let series = graph.seriesPages[name] {
                ref["series_title"] = .text(pages[series].title)
                ref["series_url"] = .text(root + pages[series].outputPath)
            }
        }
        if page.kind == .tutorial {
            ref.set("teaching", matter.minutes("teaching").map(Duration.display(minutes:)))
            ref.set("exercises", matter.minutes("exercises").map(Duration.display(minutes:)))
            if let keypoints = page.outline?.keypoints, !keypoints.isEmpty {
                ref["keypoints"] = LessonOutline.Item.templateList(keypoints)
            }
        }
        if page.kind == .series {
            let members = graph.series[page.id] ?? []
            ref["part_count"] = .number(members.count)
            let minutes = members.reduce(0) { $0 + (pages[$1].frontMatter.tutorialMinutes ?? 0) }
            if minutes > 0 {
                ref["duration"] = .text(Duration.display(minutes: minutes))
                ref["minutes"] = .number(minutes)
            }
        }
        ref.set("date_display", (matter.text("updated") ?? matter.text("date")).flatMap(CalendarDate.init)?.display)
        ref["areas"] = .list((graph.areas[position] ?? []).map { area in
            .record(["id": .text(pages[area].id), "title": .text(pages[area].frontMatter.text("short_title") ?? pages[area].title), "url": .text(root + pages[area].outputPath)])
        })
        ref["tags"] = .list(matter.list("tags").map { tagLink($0.value, root: root) })
        ref["area_ids"] = .text((graph.areas[position] ?? []).map { pages[$0].id }.joined(separator: " "))
        ref["tag_names"] = .text(matter.list("tags").map(\.value).joined(separator: " "))
        if page.kind != .series { ref.set("minutes", minutes) }
        ref[TemplateValue.fragmentKey] = .fragmentMark(page: identity, depth: root.utf8.count / 3)
        return .record(ref)
    }

    /// A tag as cards and pages link it: its name and its page, from `root`.
    static func tagLink(_ tag: String, root: String) -> TemplateValue {
        .record(["name": .text(tag), "url": .text("\(root)tags/\(tag)/index.html")])
    }
}
