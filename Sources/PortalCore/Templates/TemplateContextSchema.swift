/// The context each template receives, as documented in docs/theme.md, "Template context".
///
/// The template checker walks every template against these shapes, so a name the build does
/// not provide is an error at the template's line and column instead of an empty string.
enum TemplateContextSchema {
    private static func object(_ texts: [String], _ others: [String: ContextShape] = [:]) -> ContextShape {
        var members = others
        for name in texts { members[name] = .text }
        return .object(members)
    }

    static let tagLink = object(["name", "url"])
    static let areaLink = object(["id", "title", "url"])
    static let breadcrumb = object(["title", "url"])
    /// An item of a tutorial's outline: its HTML, and its text without markup.
    static let outlineItem = object(["text"], ["html": .html])

    /// One item of a listing.
    static let ref = object(
        ["id", "title", "url", "summary", "kind", "kind_label", "level", "level_label", "duration", "type",
         "type_label", "number", "step", "part", "date_display", "external_url", "area_ids", "tag_names", "minutes", "category_tokens", "agent_kind", "agent_kind_label", "transports",
         "series_title", "series_url", "series_total", "teaching", "exercises", "part_count"],
        ["areas": .list(areaLink), "tags": .list(tagLink), "current": .flag, "keypoints": .list(outlineItem), "title_html": .html]
    )

    /// A titled group of refs: a listing's group, a tag page's kind, a relation of "Linked from".
    static let group = object(["id", "label", "count"], ["items": .list(ref)])

    /// A group of a listing (a section index's, a tag page's): where it starts (`url`), and whether
    /// it began on an earlier page of a listing split into pages (`continued`).
    static let listingGroup = object(["id", "label", "count", "url"], ["items": .list(ref), "continued": .flag])

    /// The pages of a long listing (see `ListingLayout`); present only when there are several.
    static let pagination = object(["number", "count", "total", "first_item", "last_item", "data_url"], [
        "previous": object(["number", "url"]), "next": object(["number", "url"]),
        "pages": .list(object(["number", "url"], ["current": .flag, "gap": .flag])),
    ])

    /// A part on its series' page: its ref, and when it starts in the schedule.
    static let seriesPart: ContextShape = {
        guard case .object(var members) = ref else { return ref }
        members["start"] = .text
        members["breaks"] = .list(object(["title", "start", "duration"]))
        return .object(members)
    }()

    static let site = object(["title", "description", "language", "footer", "base_url", "feed_url", "repository_url"], [
        "nav": .list(object(["title", "url"], ["current": .flag, "current_page": .flag])),
        "frame_origins": .list(.text),
        "contact": object(["url", "label"]),
        "channels": .list(object(["title", "url"])),
        "citation": object(["cff_url", "bib_url"]),
        "sections": object([], Dictionary(uniqueKeysWithValues: ["breakouts", "tutorials", "starter_kit", "resources", "tags"].map {
            ($0, object(["title", "url"], ["count": .text]))
        })),
    ])

    static let page = object(
        ["title", "summary", "id", "kind", "kind_label", "url", "source", "date", "date_display", "updated", "updated_display",
         "markdown_url", "canonical_url", "og_type", "modified", "modified_display", "edit_url", "source_url"],
        [
            "content": .html,
            "title_html": .html,
            "jsonld": .html,
            "toc": .list(object(["level", "id", "title"], ["title_html": .html])),
            "tags": .list(tagLink),
            "draft": .flag,
            "is_home": .flag,
            "backlinks": .list(ref),
            "linked_from": .list(group),
            "assets": object([], ["filters": .flag, "progress": .flag, "highlight": .flag, "copy": .flag, "tabs": .flag]),
            "root_finder": object(["csp_source"], ["script": .html]),
            "breadcrumbs": .list(breadcrumb),
            "notebook": object(["download", "language"], ["launch": .list(object(["label", "url"]))]),
            "pagination": pagination,
        ]
    )

    static let common: [String: ContextShape] = ["root": .text, "site": site, "page": page]

    /// The resources' categories, nested as shown (see `CategoryTree`), at most
    /// `CategoryPath.maximumDepth` levels deep.
    static let categoryNode: ContextShape = (1..<CategoryPath.maximumDepth).reduce(object(["name", "path", "anchor", "token", "url", "count"])) { inner, _ in
        object(["name", "path", "anchor", "token", "url", "count"], ["children": .list(inner)])
    }
    static let categoryTree = object(["url", "count"], ["nodes": .list(categoryNode), "uncategorised": object(["count", "url"])])

    static let section = object(["title", "summary", "index_url"], [
        "category_tree": categoryTree,
        "category_groups": .list(object(["name", "path", "anchor", "count", "path_label", "heading"], ["items": .list(ref)])),
        "intro": .html,
        "items": .list(ref),
        "groups": .list(listingGroup),
        "group_links": .list(object(["id", "label", "count", "url"])),
        "new_page": object(["url", "label"]),
    ])

    /// Kind-specific keys by template name.
    static let specific: [String: [String: ContextShape]] = [
        "base": ["body": .html],
        "home": ["home": object([], ["breakouts": .list(ref), "tutorials": .list(ref), "steps": .list(ref), "resources": .list(ref)])],
        "page": [:],
        "breakout": ["breakout": object(["number", "short_title", "theme"], [
            "needs": .list(.text), "actions": .list(.text),
            "conveners": .list(object(["name", "affiliation"])),
            "tutorials": .list(ref), "steps": .list(ref), "resources": .list(ref),
        ])],
        "tutorial": ["tutorial": object(["level", "level_label", "duration", "bibtex"], [
            "authors": .list(.text),
            "areas": .list(ref), "prerequisites": .list(ref), "required_by": .list(ref),
            "series": object(["id", "title", "url", "part", "total"], ["parts": .list(ref), "previous": ref, "next": ref, "title_html": .html]),
            "overview": object(["teaching", "exercises"], ["questions": .list(outlineItem), "objectives": .list(outlineItem)]),
            "keypoints": .list(outlineItem),
        ])],
        "series": ["series": object(["count", "duration", "finish", "teaching", "exercises", "level", "level_label"], [
            "parts": .list(seriesPart), "first": ref, "authors": .list(.text),
            "based_on": object(["title", "url", "commit", "commit_short", "commit_url", "license", "license_url"], ["authors": .list(.text)]),
        ])],
        "step": ["step": object(["number", "total"], [
            "tutorials": .list(ref), "resources": .list(ref), "areas": .list(ref), "previous": ref, "next": ref,
        ])],
        "resource": ["resource": object(["type", "type_label", "url", "year", "bibtex", "bibtex_url", "catalogue_bibtex_url", "catalogue_csl_url",
                                          "license", "repository", "maintainer", "kind", "kind_label"] + IdentifierScheme.allCases.map(\.field), [
            "authors": .list(.text), "areas": .list(ref), "cited_by": .list(ref),
            "use": object(["install"], ["transport": .list(object(["value", "label"])), "tools": .list(object(["name", "description"])), "validated_with": .list(ref),
                                             "archive": object(["url", "name", "count", "count_label"], ["files": .list(.text)])]),
            "identifiers": .list(object(["scheme", "label", "value", "text", "url"])),
            "category": object(["path", "name", "path_label", "url"]),
        ])],
        "breakouts": ["section": section],
        "tutorials": ["section": section],
        "starter-kit": ["section": section],
        "resources": ["section": section],
        "resource-categories": ["section": section],
        "tags": ["tags": .list(object(["name", "url", "count"]))],
        "tag": ["tag": object(["name", "count"], ["items": .list(ref), "groups": .list(listingGroup)])],
        "search": [:],
    ]

    /// Every page template name (not partials), in documentation order.
    static let templateNames = ["base", "home", "page", "breakout", "tutorial", "series", "step", "resource",
                                "breakouts", "tutorials", "starter-kit", "resources", "resource-categories", "tags", "tag", "search"]

    /// The context shape template `name` receives, if it is one of the known templates.
    ///
    /// The base layout receives the context of whichever page it wraps, so every kind's keys.
    static func shape(forTemplate name: String) -> ContextShape? {
        guard let extra = specific[name] else { return nil }
        var members = common.merging(extra) { _, new in new }
        if name == "base" {
            for keys in specific.values { members.merge(keys) { current, _ in current } }
        }
        return .object(members)
    }
}
