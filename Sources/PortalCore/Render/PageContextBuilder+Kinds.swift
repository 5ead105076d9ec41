/// The kind-specific parts of the template context.
extension PageContextBuilder {
    func homeContext(depth: Int) -> TemplateValue {
        // Not the later pages of long listings, which share their listing's kind and id.
        let all = pages.indices.filter { pages[$0].listingPart == nil }
        // The newest tutorials and resources are chosen from all of them, so a change to any may change the list.
        DependencyRecorder.note(all.filter { pages[$0].kind == .tutorial || pages[$0].kind == .resource })
        return .record([
            "breakouts": refs(order.byNumber(all.filter { pages[$0].kind == .breakout }, field: "number"), depth: depth),
            "tutorials": refs(order.newest(all.filter { pages[$0].kind == .tutorial }, limit: 6), depth: depth),
            "steps": refs(graph.steps, depth: depth),
            "resources": refs(order.newest(all.filter { pages[$0].kind == .resource }, limit: 6), depth: depth),
        ])
    }

    /// A breakout's page; a later page of its gathered lists shows those lists' slices, under the
    /// breakout's number and conveners, without its theme, needs and actions (the first page's).
    func breakoutContext(_ position: Int, depth: Int) -> TemplateValue {
        let owner = graph.listingOwners[position] ?? position
        let isFirst = owner == position
        let matter = pages[owner].frontMatter
        var context: TemplateRecord = [
            "needs": .list(isFirst ? matter.list("needs").map { .text($0.value) } : []),
            "actions": .list(isFirst ? matter.list("actions").map { .text($0.value) } : []),
            "conveners": .list(matter.people("conveners").map { person in
                var convener: TemplateRecord = ["name": .text(person.name)]
                convener.set("affiliation", person.affiliation)
                return .record(convener)
            }),
        ]
        if let (layout, number) = listingPlace(of: position) {
            let shown = layout.contents(ofPage: number)
            for id in ["tutorials", "steps", "resources"] {
                context[id] = refs(shown.groups.first { $0.group.id == id }?.items ?? [], depth: depth)
            }
            if isFirst {
                // As on every long listing (`listingContents`): the first page carries the twin.
                DependencyRecorder.note(layout.items)
            }
        }
        context.set("number", matter.integer("number"))
        context.set("short_title", matter.text("short_title"))
        if isFirst { context.set("theme", matter.text("theme")) }
        return .record(context)
    }

    func tutorialContext(_ position: Int, depth: Int) -> TemplateValue {
        let matter = pages[position].frontMatter
        var context: TemplateRecord = [
            "authors": .list(matter.list("authors").map { .text($0.value) }),
            "areas": refs(graph.areas[position] ?? [], depth: depth),
            "prerequisites": refs(graph.prerequisites[position] ?? [], depth: depth),
            "required_by": refs(graph.requiredBy[position] ?? [], depth: depth),
        ]
        if let level = matter.text("level") {
            context["level"] = .text(level)
            context["level_label"] = .text(Labels.level(level))
        }
        context.set("duration", matter.tutorialMinutes.map(Duration.display(minutes:)))
        context["bibtex"] = .text(Citation(tutorial: pages[position], url: address.absolute(pages[position].outputPath), site: settings.title).bibTeX)
        let outline = pages[position].outline ?? LessonOutline()
        let items = LessonOutline.Item.templateList
        // What the body's own blocks show stays where the body has it.
        let shown = { (field: String) in outline.inBody.contains(field) ? [] : outline[field] }
        let teaching = matter.minutes("teaching")
        let exercises = matter.minutes("exercises")
        if !shown("questions").isEmpty || !shown("objectives").isEmpty || teaching != nil || exercises != nil {
            var overview: TemplateRecord = ["questions": items(shown("questions")), "objectives": items(shown("objectives"))]
            overview.set("teaching", teaching.map(Duration.display(minutes:)))
            overview.set("exercises", exercises.map(Duration.display(minutes:)))
            context["overview"] = .record(overview)
        }
        context["keypoints"] = items(shown("keypoints"))
        if let name = matter.text("series"), let members = graph.series[name], let place = members.firstIndex(of: position) {
            var series: TemplateRecord = [
                "id": .text(name), "part": .number(place + 1), "total": .number(members.count),
                "parts": .list(members.map { member in
                    guard case .record(var ref) = ref(member, depth: depth) else { return ref(member, depth: depth) }
                    ref["current"] = .flag(member == position)
                    ref[TemplateValue.fragmentKey] = nil
                    return .record(ref)
                }),
            ]
            if place > 0 { series["previous"] = ref(members[place - 1], depth: depth) }
            if place + 1 < members.count { series["next"] = ref(members[place + 1], depth: depth) }
            if let seriesPage = graph.seriesPages[name] {
                DependencyRecorder.note(seriesPage)
                series["title"] = .text(pages[seriesPage].title)
                if let html = pages[seriesPage].titleHTML { series["title_html"] = .text(html) }
                series["url"] = .text(String(repeating: "../", count: depth) + pages[seriesPage].outputPath)
            } else {
                series["title"] = .text(Labels.humanize(name))
            }
            context["series"] = .record(series)
        }
        return .record(context)
    }

    /// A series page: its parts in order with their times and key points (the Carpentries'
    /// schedule and key-points pages in one), and the totals.
    func seriesContext(_ position: Int, depth: Int) -> TemplateValue {
        let page = pages[position]
        let matter = page.frontMatter
        let members = graph.series[page.id] ?? []
        var elapsed = 0
        var teaching = 0
        var exercises = 0
        var breaks: [Int: [ScheduleBreakEntry]] = [:]
        for entry in matter.breaks("breaks") { breaks[entry.after, default: []].append(entry) }
        let parts: [TemplateValue] = members.enumerated().map { index, member in
            let part = pages[member].frontMatter
            guard case .record(var record) = ref(member, depth: depth) else { return ref(member, depth: depth) }
            record[TemplateValue.fragmentKey] = nil
            record["start"] = .text(Self.clock(elapsed))
            elapsed += part.tutorialMinutes ?? 0
            teaching += part.minutes("teaching") ?? 0
            exercises += part.minutes("exercises") ?? 0
            // The Carpentries' schedules show breaks as rows between episodes, and count them in the day.
            if index + 1 < members.count, let after = breaks[index + 1] {
                record["breaks"] = .list(after.map { entry in
                    defer { elapsed += entry.minutes }
                    return .record(["title": .text(entry.title), "start": .text(Self.clock(elapsed)), "duration": .text(Duration.display(minutes: entry.minutes))])
                })
            }
            return .record(record)
        }
        var context: TemplateRecord = [
            "parts": .list(parts), "count": .number(members.count),
            "authors": .list(matter.list("authors").map { .text($0.value) }),
        ]
        if let first = members.first { context["first"] = ref(first, depth: depth) }
        if elapsed > 0 {
            context["duration"] = .text(Duration.display(minutes: elapsed))
            context["finish"] = .text(Self.clock(elapsed))
        }
        if teaching > 0 { context["teaching"] = .text(Duration.display(minutes: teaching)) }
        if exercises > 0 { context["exercises"] = .text(Duration.display(minutes: exercises)) }
        if let level = matter.text("level") {
            context["level"] = .text(level)
            context["level_label"] = .text(Labels.level(level))
        }
        let origin = matter.fields("based_on")
        if !origin.texts.isEmpty {
            var record: TemplateRecord = [:]
            for name in ["title", "url", "commit", "license", "license_url"] {
                if let value = origin.texts[name]?.value { record[name] = .text(value) }
            }
            if let commit = origin.texts["commit"]?.value, let url = origin.texts["url"]?.value {
                record["commit_short"] = .text(String(commit.prefix(7)))
                // GitHub's and GitLab's addresses of a commit's tree; elsewhere the commit is shown as text.
                if let tree = Self.commitAddress(repository: url, commit: commit) { record["commit_url"] = .text(tree) }
            }
            record["authors"] = .list((origin.lists["authors"] ?? []).map { .text($0.value) })
            context["based_on"] = .record(record)
        }
        return .record(context)
    }

    /// The address of a commit's files on GitHub or GitLab, or nil for other hosts.
    static func commitAddress(repository: String, commit: String) -> String? {
        var base = repository
        while base.hasSuffix("/") { base.removeLast() }
        if base.hasSuffix(".git") { base.removeLast(4) }
        let lower = base.lowercased()
        if lower.hasPrefix("https://github.com/"), base.split(separator: "/").count == 4 { return "\(base)/tree/\(commit)" }
        if lower.hasPrefix("https://gitlab.") || lower.hasPrefix("https://gitlab.com/"), base.split(separator: "/").count >= 4 { return "\(base)/-/tree/\(commit)" }
        return nil
    }

    /// Minutes from the start as a schedule writes them: `00:00`, `01:30`.
    static func clock(_ minutes: Int) -> String {
        let hours = minutes / 60
        let rest = minutes % 60
        return (hours < 10 ? "0" : "") + "\(hours):" + (rest < 10 ? "0" : "") + "\(rest)"
    }

    func stepContext(_ position: Int, depth: Int) -> TemplateValue {
        var context: TemplateRecord = [
            "total": .number(graph.steps.count),
            "tutorials": refs(graph.stepTutorials[position] ?? [], depth: depth),
            "resources": refs(graph.stepResources[position] ?? [], depth: depth),
            "areas": refs(graph.areas[position] ?? [], depth: depth),
        ]
        context.set("number", pages[position].frontMatter.integer("step"))
        if let place = stepPlaces[position] {
            if place > 0 { context["previous"] = ref(graph.steps[place - 1], depth: depth) }
            if place + 1 < graph.steps.count { context["next"] = ref(graph.steps[place + 1], depth: depth) }
        }
        return .record(context)
    }

    func resourceContext(_ position: Int, depth: Int) -> TemplateValue {
        let matter = pages[position].frontMatter
        var context: TemplateRecord = [
            // BibTeX's "and others" ends a list as "et al." does on a page.
            "authors": .list(matter.list("authors").enumerated().map { $0.offset > 0 && $0.element.value == "others" ? .text("et al.") : .text($0.element.value) }),
            "areas": refs(graph.areas[position] ?? [], depth: depth),
            "cited_by": refs(graph.citedBy[position] ?? [], depth: depth),
        ]
        if let type = matter.text("type") {
            context["type"] = .text(type)
            context["type_label"] = .text(Labels.resourceType(type))
        }
        context.set("url", matter.text("url"))
        context["category"] = resourceCategoryContext(position, depth: depth)
        let identifiers = ResourceIdentifier.all(of: matter)
        for identifier in identifiers { context[identifier.scheme.field] = .text(identifier.value) }
        // A year alone shows where a date would; a date shows itself.
        if matter.text("date") == nil, let year = matter.integer("year") { context["year"] = .text(String(year)) }
        context["bibtex"] = .text(citationEntries.entry(at: position, of: pages[position]))
        context["bibtex_url"] = .text(SitePath.relativeURL(from: pages[position].outputDirectory, to: Citation.entryPath(of: pages[position])))
        context["catalogue_bibtex_url"] = .text(SitePath.relativeURL(from: pages[position].outputDirectory, to: Citation.bibTeXPath))
        context["catalogue_csl_url"] = .text(SitePath.relativeURL(from: pages[position].outputDirectory, to: Citation.cslPath))
        context["identifiers"] = .list(identifiers.map { identifier in
            .record(["scheme": .text(identifier.scheme.field), "label": .text(identifier.scheme.label), "value": .text(identifier.value),
                     "text": .text(identifier.scheme.display(identifier.value)), "url": .text(identifier.url)])
        })
        for field in ["license", "repository", "maintainer"] { context.set(field, matter.text(field)) }
        if let kind = matter.text("kind") {
            context["kind"] = .text(kind)
            context["kind_label"] = .text(Labels.agentKind(kind))
        }
        context["use"] = useContext(position, depth: depth)
        return .record(context)
    }

    /// How to get and use a resource (`resource.use`): its install command, and an agent's
    /// transports, tools and benchmarks; absent when it has none of them, so that the theme shows
    /// the section only when there is something in it.
    private func useContext(_ position: Int, depth: Int) -> TemplateValue? {
        let matter = pages[position].frontMatter
        let transport = matter.list("transport")
        let tools = matter.tools("tools")
        let benchmarks = graph.validatedWith[position] ?? []
        let archive = graph.skillArchives[position]
        guard matter.text("install") != nil || !transport.isEmpty || !tools.isEmpty || !benchmarks.isEmpty || archive != nil else { return nil }
        var use: TemplateRecord = [
            "transport": .list(transport.map { .record(["value": .text($0.value), "label": .text(Labels.transport($0.value))]) }),
            "tools": .list(tools.map { .record(["name": .text($0.name), "description": .text($0.description)]) }),
            "validated_with": refs(benchmarks, depth: depth),
        ]
        use.set("install", matter.text("install"))
        if let archive {
            let folder = archive.folder.count + 1
            use["archive"] = .record([
                "url": .text(SitePath.relativeURL(from: pages[position].outputDirectory, to: archive.path)),
                "name": .text(String(archive.path.split(separator: "/").last ?? "")),
                "count": .number(archive.files.count),
                "count_label": .text(archive.files.count == 1 ? "1 file" : "\(archive.files.count) files"),
                "files": .list(archive.files.map { .text(String($0.dropFirst(folder))) }),
            ])
        }
        return .record(use)
    }

    /// A tag's page: the pages carrying it that this page of the listing shows, grouped by kind
    /// (tutorials and their series together), each group with its count on the whole listing.
    func tagContext(_ position: Int, depth: Int) -> TemplateValue {
        let tag = pages[position].id
        let tagged = graph.tags[tag] ?? []
        guard let (layout, number) = listingPlace(of: position) else {
            return .record(["name": .text(tag), "count": .number(tagged.count), "items": refs(tagged, depth: depth), "groups": .list([])])
        }
        let shown = listingContents(layout, page: number, depth: depth)
        return .record(["name": .text(tag), "count": .number(tagged.count), "items": shown.items, "groups": shown.groups])
    }

    func sectionContext(_ position: Int, intro: String, depth: Int) -> TemplateValue {
        let page = pages[position]
        if page.listingPart == .categories, let (layout, _) = listingPlace(of: position) {
            return categoryPageContext(position, layout: layout, depth: depth)
        }
        let members = sectionMembers[page.id] ?? []
        var context: TemplateRecord = ["title": .text(page.title)]
        // The introduction is the first page's (a later page of a listing has none), and only where written.
        context.set("intro", intro.isEmpty ? nil : intro)
        context.set("summary", page.summary)
        if let (layout, number) = listingPlace(of: position) {
            let shown = listingContents(layout, page: number, depth: depth)
            context["items"] = shown.items
            context["groups"] = shown.groups
            context["group_links"] = shown.groupLinks
            context["category_tree"] = categoryTreeContext(layout, depth: depth, onCategoryPage: false)
        } else {
            switch page.id {
            case "breakouts": context["items"] = refs(order.byNumber(members, field: "number"), depth: depth)
            case "starter-kit": context["items"] = refs(graph.steps, depth: depth)
            default: context["items"] = refs(order.byTitle(members), depth: depth)
            }
            context["groups"] = .list([])
            context["group_links"] = .list([])
        }
        if let link = newPageLink(in: page.id, members: members.count) { context["new_page"] = link }
        return .record(context)
    }

    /// The link that opens a new page of the section's kind on the repository's host, filled in as
    /// `portal new` would write it, when `site.yml` names the repository. The tutorial's date is
    /// left for the writer: the build reports it until it is a date.
    private func newPageLink(in folder: String, members: Int) -> TemplateValue? {
        guard let repository = settings.repository, let kind = ContentKind.forFolder(folder), PageScaffold.kinds.contains(kind.rawValue) else { return nil }
        let area = pages.filter { $0.kind == .breakout }.map(\.id).min() ?? "CHANGE-ME"
        let name = kind.label.lowercased()
        let text = PageScaffold.text(kind: kind, title: "CHANGE ME: the \(name)'s title", area: area, number: members + 1, date: "CHANGE-ME")
        let label = kind == .resource ? "Suggest a resource" : "Propose a new \(name)"
        return .record(["url": .text(repository.newFileURL(folder: folder, fileName: "new-\(kind.rawValue).md", text: text)), "label": .text(label)])
    }
}

extension LessonOutline.Item {
    /// Outline items as templates get them: `{html, text}` each.
    static func templateList(_ items: [LessonOutline.Item]) -> TemplateValue {
        .list(items.map { .record(["html": .text($0.html), "text": .text($0.text)]) })
    }
}
