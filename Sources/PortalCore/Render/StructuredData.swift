/// schema.org JSON-LD for each page: what search engines and knowledge tools read.
struct StructuredData {
    var pages: [Page]
    var graph: SiteGraph
    let settings: SiteSettings
    let address: SiteAddress

    /// The schema.org type of a page.
    static func type(of page: Page) -> String {
        switch page.kind {
        case .home: return "WebSite"
        case .tutorial, .step: return "LearningResource"
        case .series: return "Course"
        case .section, .tags, .tag: return "CollectionPage"
        case .breakout, .page: return "WebPage"
        case .resource:
            switch page.frontMatter.text("type") {
            case "paper": return "ScholarlyArticle"
            case "dataset", "benchmark": return "Dataset"
            case "software", "agent": return "SoftwareSourceCode"
            case "training": return "LearningResource"
            case "event": return "Event"
            default: return "CreativeWork"
            }
        }
    }

    /// The OpenGraph type of a page.
    static func openGraphType(of page: Page) -> String {
        switch page.kind {
        case .home, .section, .tags, .tag: return "website"
        default: return "article"
        }
    }

    /// A `license` value: schema.org reads a text there as an address (relative to the page, when
    /// it is a name such as `CC BY 4.0`), so a name is the SPDX list's page for an SPDX id, and a
    /// named `CreativeWork` otherwise.
    static func license(url: String?, name: String?) -> JSONValue? {
        if let url { return .string(url) }
        guard let name else { return nil }
        if SiteCitation.isLicenseID(name) { return .string("https://spdx.org/licenses/\(name).html") }
        return ["@type": "CreativeWork", "name": .string(name)]
    }

    /// The JSON-LD object of `page`; `position` is its place among the site's pages, nil for a page outside them (404).
    func jsonLD(for page: Page, at position: Int?) -> JSONValue {
        let matter = page.frontMatter
        var object: [String: JSONValue] = [
            "@context": "https://schema.org",
            "@type": .string(Self.type(of: page)),
            "name": .string(page.title),
            "inLanguage": .string(settings.language),
        ]
        if let summary = page.summary { object["description"] = .string(summary) }
        if let url = address.absolute(page.outputPath) { object["url"] = .string(url) }
        if let date = matter.text("date") { object[page.kind == .resource && matter.text("type") == "event" ? "startDate" : "datePublished"] = .string(date) }
        if let updated = matter.text("updated") { object["dateModified"] = .string(updated) }
        let tags = matter.list("tags").map(\.value)
        if !tags.isEmpty { object["keywords"] = .string(tags.joined(separator: ", ")) }
        let authors = matter.list("authors").map(\.value)
        if !authors.isEmpty { object["author"] = .array(authors.map { ["@type": "Person", "name": .string($0)] }) }
        if let notebook = page.notebook {
            // The notebook itself, which the page is a rendering of.
            var media: [String: JSONValue] = ["@type": "MediaObject", "encodingFormat": "application/x-ipynb+json", "name": .string(notebook.fileName)]
            let path = page.outputDirectory.isEmpty ? notebook.fileName : "\(page.outputDirectory)/\(notebook.fileName)"
            if let url = address.absolute(path) { media["contentUrl"] = .string(url) }
            if !notebook.language.isEmpty { media["programmingLanguage"] = .string(Labels.language(notebook.language)) }
            object["encoding"] = .object(media)
        }
        let areaPositions = position.flatMap { graph.areas[$0] } ?? []
        DependencyRecorder.note(areaPositions)
        let areas = areaPositions.map { pages[$0].title }
        if !areas.isEmpty { object["about"] = .array(areas.map { ["@type": "Thing", "name": .string($0)] }) }
        switch page.kind {
        case .tutorial:
            if let level = matter.text("level") { object["educationalLevel"] = .string(level) }
            if let minutes = matter.tutorialMinutes { object["timeRequired"] = .string("PT\(minutes)M") }
            object["learningResourceType"] = "tutorial"
            if let name = matter.text("series"), let series = graph.seriesPages[name] {
                DependencyRecorder.note(series)
                var course: [String: JSONValue] = ["@type": "Course", "name": .string(pages[series].title)]
                if let url = address.absolute(pages[series].outputPath) { course["url"] = .string(url) }
                object["isPartOf"] = .object(course)
            }
            if let outline = page.outline, !outline.objectives.isEmpty {
                object["teaches"] = .array(outline.objectives.map { .string($0.text) })
            }
            let prerequisitePositions = position.flatMap { graph.prerequisites[$0] } ?? []
            DependencyRecorder.note(prerequisitePositions)
            let prerequisites = prerequisitePositions.map { pages[$0].title }
            if !prerequisites.isEmpty { object["competencyRequired"] = .array(prerequisites.map(JSONValue.string)) }
        case .series:
            let parts = graph.series[page.id] ?? []
            DependencyRecorder.note(parts)
            object["hasPart"] = .array(parts.map { part in
                var entry: [String: JSONValue] = ["@type": "LearningResource", "name": .string(pages[part].title)]
                if let url = address.absolute(pages[part].outputPath) { entry["url"] = .string(url) }
                return .object(entry)
            })
            let origin = matter.fields("based_on")
            if let url = origin.texts["url"]?.value {
                // An adapted lesson credits its source, as CC BY requires.
                var work: [String: JSONValue] = ["@type": "CreativeWork", "url": .string(url)]
                if let title = origin.texts["title"]?.value { work["name"] = .string(title) }
                if let commit = origin.texts["commit"]?.value { work["version"] = .string(commit) }
                let authors = (origin.lists["authors"] ?? []).map(\.value)
                if !authors.isEmpty { work["author"] = .array(authors.map { ["@type": "Person", "name": .string($0)] }) }
                if let license = Self.license(url: origin.texts["license_url"]?.value, name: origin.texts["license"]?.value) {
                    work["license"] = license
                    object["license"] = license
                }
                object["isBasedOn"] = .object(work)
            }
        case .step:
            object["learningResourceType"] = "starter-kit step"
            if let step = matter.integer("step") { object["position"] = .number(step) }
        case .resource:
            var sameAs: [JSONValue] = []
            if let url = matter.text("url") {
                if Self.type(of: page) == "SoftwareSourceCode" && url.contains("github.com") { object["codeRepository"] = .string(url) } else { sameAs.append(.string(url)) }
            }
            let identifiers = ResourceIdentifier.all(of: matter)
            if !identifiers.isEmpty {
                object["identifier"] = .array(identifiers.map { ["@type": "PropertyValue", "propertyID": .string($0.scheme.label), "value": .string($0.value), "url": .string($0.url)] })
                // A resource's `url` is often its DOI's or arXiv's address: each address is listed once.
                for identifier in identifiers where !sameAs.contains(.string(identifier.url)) { sameAs.append(.string(identifier.url)) }
            }
            if sameAs.count == 1 { object["sameAs"] = sameAs[0] } else if !sameAs.isEmpty { object["sameAs"] = .array(sameAs) }
            // Properties of a creative work (an event has none of them), the repository of code only.
            let type = Self.type(of: page)
            if type == "SoftwareSourceCode", let repository = matter.text("repository") { object["codeRepository"] = .string(repository) }
            if type != "Event" {
                // schema.org's `license` is an address or a creative work; an SPDX expression is neither
                // address nor always one licence, so it is the work's name.
                if let license = matter.text("license") { object["license"] = ["@type": "CreativeWork", "name": .string(license)] }
                // A maintainer may be a person or a group: the name alone claims neither.
                if let maintainer = matter.text("maintainer") { object["maintainer"] = ["name": .string(maintainer)] }
            }
        default:
            break
        }
        if page.kind != .home {
            let site: JSONValue = ["@type": "WebSite", "name": .string(settings.title)]
            // A series' part belongs to its course and to the site.
            if let course = object["isPartOf"] { object["isPartOf"] = [course, site] } else { object["isPartOf"] = site }
        }
        return .object(object)
    }
}
