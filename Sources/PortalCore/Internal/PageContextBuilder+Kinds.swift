/// The kind-specific parts of the template context.
extension PageContextBuilder {
    func homeContext(depth: Int) -> [String: Any] {
        let all = Array(pages.indices)
        return [
            "breakouts": refs(order.byNumber(all.filter { pages[$0].kind == .breakout }, field: "number"), depth: depth),
            "tutorials": refs(Array(order.byDateDescending(all.filter { pages[$0].kind == .tutorial }).prefix(6)), depth: depth),
            "steps": refs(graph.steps, depth: depth),
            "resources": refs(Array(order.byDateDescending(all.filter { pages[$0].kind == .resource }).prefix(6)), depth: depth),
        ]
    }

    func breakoutContext(_ position: Int, depth: Int) -> [String: Any] {
        let matter = pages[position].frontMatter
        var context: [String: Any] = [
            "needs": matter.list("needs").map(\.value),
            "actions": matter.list("actions").map(\.value),
            "conveners": matter.people("conveners").map { person -> [String: Any] in
                var convener: [String: Any] = ["name": person.name]
                convener["affiliation"] = person.affiliation
                return convener
            },
            "tutorials": refs(graph.tutorialsByArea[position] ?? [], depth: depth),
            "steps": refs(graph.stepsByArea[position] ?? [], depth: depth),
            "resources": refs(graph.resourcesByArea[position] ?? [], depth: depth),
        ]
        context["number"] = matter.integer("number")
        context["short_title"] = matter.text("short_title")
        context["theme"] = matter.text("theme")
        return context
    }

    func tutorialContext(_ position: Int, depth: Int) -> [String: Any] {
        let page = pages[position]
        let matter = page.frontMatter
        var context: [String: Any] = [
            "authors": matter.list("authors").map(\.value),
            "areas": refs(graph.areas[position] ?? [], depth: depth),
            "prerequisites": refs(graph.prerequisites[position] ?? [], depth: depth),
            "required_by": refs(graph.requiredBy[position] ?? [], depth: depth),
        ]
        if let level = matter.text("level") {
            context["level"] = level
            context["level_label"] = Labels.level(level)
        }
        if let minutes = matter.minutes("duration") { context["duration"] = Duration.display(minutes: minutes) }
        if let name = matter.text("series"), let members = graph.series[name], let place = members.firstIndex(of: position) {
            var series: [String: Any] = [
                "id": name, "title": Labels.humanize(name), "part": place + 1, "total": members.count,
                "parts": members.map { member -> [String: Any] in
                    var ref = refs([member], depth: depth)[0]
                    ref["current"] = member == position
                    return ref
                },
            ]
            if place > 0 { series["previous"] = refs([members[place - 1]], depth: depth)[0] }
            if place + 1 < members.count { series["next"] = refs([members[place + 1]], depth: depth)[0] }
            context["series"] = series
        }
        return context
    }

    func stepContext(_ position: Int, depth: Int) -> [String: Any] {
        var context: [String: Any] = [
            "total": graph.steps.count,
            "tutorials": refs(graph.stepTutorials[position] ?? [], depth: depth),
            "resources": refs(graph.stepResources[position] ?? [], depth: depth),
            "areas": refs(graph.areas[position] ?? [], depth: depth),
        ]
        context["number"] = pages[position].frontMatter.integer("step")
        if let place = stepPlaces[position] {
            if place > 0 { context["previous"] = refs([graph.steps[place - 1]], depth: depth)[0] }
            if place + 1 < graph.steps.count { context["next"] = refs([graph.steps[place + 1]], depth: depth)[0] }
        }
        return context
    }

    func resourceContext(_ position: Int, depth: Int) -> [String: Any] {
        let matter = pages[position].frontMatter
        var context: [String: Any] = [
            "authors": matter.list("authors").map(\.value),
            "areas": refs(graph.areas[position] ?? [], depth: depth),
            "cited_by": refs(graph.citedBy[position] ?? [], depth: depth),
        ]
        if let type = matter.text("type") {
            context["type"] = type
            context["type_label"] = Labels.resourceType(type)
        }
        context["url"] = matter.text("url")
        context["arxiv"] = matter.text("arxiv")
        context["doi"] = matter.text("doi")
        return context
    }

    func sectionContext(_ position: Int, depth: Int) -> [String: Any] {
        let page = pages[position]
        let members = sectionMembers[page.id] ?? []
        var context: [String: Any] = ["title": page.title, "intro": page.html]
        context["summary"] = page.summary
        var groups: [[String: Any]] = []
        switch page.id {
        case "breakouts":
            context["items"] = refs(order.byNumber(members, field: "number"), depth: depth)
        case "starter-kit":
            context["items"] = refs(graph.steps, depth: depth)
        case "tutorials":
            let sorted = order.byTitle(members)
            context["items"] = refs(sorted, depth: depth)
            for level in FrontMatterSchema.levels {
                let items = sorted.filter { pages[$0].frontMatter.text("level") == level }
                if !items.isEmpty { groups.append(["id": level, "label": Labels.level(level), "count": items.count, "items": refs(items, depth: depth)]) }
            }
        case "resources":
            let sorted = order.byTitle(members)
            context["items"] = refs(sorted, depth: depth)
            for type in FrontMatterSchema.resourceTypes {
                let items = sorted.filter { pages[$0].frontMatter.text("type") == type }
                if !items.isEmpty { groups.append(["id": type, "label": Labels.resourceGroup(type), "count": items.count, "items": refs(items, depth: depth)]) }
            }
        default:
            context["items"] = refs(order.byTitle(members), depth: depth)
        }
        context["groups"] = groups
        return context
    }
}
