/// What a front-matter field holds.
enum FieldType: Sendable {
    /// A single line or paragraph of plain text.
    case text
    /// A whole number in a range.
    case integer(ClosedRange<Int>)
    /// `true` or `false`.
    case boolean
    /// A calendar date, `YYYY-MM-DD`.
    case date
    /// An `http://` or `https://` address.
    case url
    /// A time span such as `45 min` or `1 h 30 min`.
    case duration
    /// A number of minutes, zero included (`30`, as the Carpentries write lesson times), or a time span.
    case minutes
    /// One of a fixed list of words.
    case choice([String])
    /// One or more of a fixed list of words (`transport: [stdio, http]`, or `transport: stdio`).
    case choiceList([String])
    /// A licence as an SPDX expression (`MIT`, `Apache-2.0`, `GPL-2.0-or-later OR MIT`); see `SPDXExpression`.
    case license
    /// The tools of an agent: a list of `{name, description}`.
    case tools
    /// A list of plain texts.
    case textList
    /// A list of tags (ids).
    case tagList
    /// A list of ids of pages of one kind.
    case references(ContentKind)
    /// A single id (a series).
    case identifier
    /// A persistent identifier of a resource (DOI, arXiv, INSPIRE, …).
    case persistent(IdentifierScheme)
    /// A list of `{name, affiliation}`.
    case people
    /// The site menu: a list of `{title, link}`.
    case navigation
    /// A BCP 47 language tag.
    case language
    /// A review interval such as `12 months`, `2 years` or `6 weeks`.
    case interval
    /// The site's math settings: `{macros: {name: TeX}}`.
    case math
    /// The site's video settings: `{embed: [youtube, vimeo, cern]}`.
    case video
    /// The site's search settings: `{synonyms: [[GNN, graph neural network], …]}`.
    case search
    /// A mapping other tools read (jupytext's and Jupyter's settings in a notebook written as
    /// Markdown): accepted as written, not used.
    case notebookSettings
    /// A mapping of the named texts and lists of texts (`repository:` and `notebooks:` in `site.yml`).
    case settings(texts: [String], lists: [String], example: String)
    /// Where an adapted series came from: `{title, url, commit, license, license_url, authors}`.
    case origin
    /// Breaks in a series' schedule: a list of `{after, minutes, title}`.
    case breaks
    /// How the site itself is cited (`citation:` in `site.yml`), in the Citation File Format's fields.
    case citation
    /// A resource's category path (`Classification/Jet images`); see `CategoryPath`.
    case category
    /// The resources section's categories in the order shown: a list of category paths.
    case categoryList

    /// How the type reads in messages ("a list of tutorial ids").
    var phrase: String {
        switch self {
        case .text: return "text"
        case .integer(let range): return "a whole number from \(range.lowerBound) to \(range.upperBound)"
        case .boolean: return "true or false"
        case .date: return "a date written YYYY-MM-DD"
        case .url: return "an http:// or https:// address"
        case .duration: return "a duration such as '45 min', '2 h' or '1 h 30 min'"
        case .minutes: return "a number of minutes such as 30, or a duration such as '1 h 30 min'"
        case .choice(let values): return "one of \(values.joined(separator: ", "))"
        case .choiceList(let values): return "one or a list of \(values.joined(separator: ", "))"
        case .license: return "an SPDX licence identifier such as MIT, Apache-2.0 or BSD-3-Clause, or an expression of them such as 'MIT OR Apache-2.0'"
        case .tools: return "a list of {name, description}, such as '- {name: search, description: Finds pages by words}'"
        case .textList: return "a list of texts"
        case .tagList: return "a list of tags"
        case .references(let kind): return "a list of \(kind.rawValue) ids"
        case .identifier: return "an id (lower-case letters, digits and hyphens)"
        case .persistent(let scheme): return scheme.phrase
        case .people: return "a list of {name, affiliation}"
        case .navigation: return "a list of {title, link}"
        case .language: return "a language tag such as en"
        case .interval: return "an interval such as '12 months', '2 years' or '6 weeks'"
        case .math: return "a mapping with 'macros', a mapping of macro names to TeX"
        case .video: return "a mapping with 'embed', a list of video hosts (youtube, vimeo, cern)"
        case .search: return "a mapping with 'synonyms', a list of groups of words that mean the same"
        case .notebookSettings: return "a mapping, as jupytext and Jupyter write it"
        case .origin: return "a mapping with 'url' and optionally 'title', 'commit', 'license', 'license_url' and 'authors'"
        case .breaks: return "a list of {after, minutes, title}, such as '- {after: 2, minutes: 15}'"
        case .citation: return "a mapping with 'authors' and optionally " + SiteCitation.fieldNames.filter { $0 != "authors" }.map { "'\($0)'" }.joined(separator: ", ")
        case .category: return CategoryPath.phrase
        case .categoryList: return "a list of category paths such as 'Classification/Jet images'"
        case .settings(let texts, let lists, _):
            let names = (texts + lists).map { "'\($0)'" }
            return "a mapping with " + (names.count > 1 ? names.dropLast().joined(separator: ", ") + " and " + names.last! : names.joined())
        }
    }
}

/// One field a schema accepts.
struct FieldSpec: Sendable {
    let name: String
    let type: FieldType
    let required: Bool
    /// Fields any of which may stand in for this required one (a tutorial's `duration` is the sum
    /// of its `teaching` and `exercises` times when those are given).
    var unlessAny: [String] = []
}

/// The fields one kind of front-matter (or `site.yml`) accepts.
struct FrontMatterSchema: Sendable {
    /// What the schema describes, for messages ("tutorial").
    let subject: String
    /// The accepted fields, in documentation order.
    let fields: [FieldSpec]

    /// The field named `name`, if the schema has it.
    func field(named name: String) -> FieldSpec? {
        fields.first { $0.name == name }
    }

    static let levels = ["beginner", "intermediate", "advanced"]
    static let resourceTypes = ["paper", "dataset", "benchmark", "software", "training", "agent", "event"]
    /// What a resource of type `agent` is (`kind:`).
    static let agentKinds = ["agent", "skill", "mcp-server", "benchmark-harness"]
    static let transports = ["stdio", "http"]
    /// The fields only a resource of type `agent` may have: what an agent, skill or server is, how
    /// it talks to a client and what it was checked against. (`install`, `license`, `repository` and
    /// `maintainer` are for any resource: software and datasets have them too.)
    static let agentFields = ["kind", "transport", "tools", "validated_with"]

    private static func common(summaryRequired: Bool, dateRequired: Bool = false) -> [FieldSpec] {
        [
            FieldSpec(name: "title", type: .text, required: true),
            FieldSpec(name: "summary", type: .text, required: summaryRequired),
            FieldSpec(name: "tags", type: .tagList, required: false),
            FieldSpec(name: "date", type: .date, required: dateRequired),
            FieldSpec(name: "updated", type: .date, required: false),
            FieldSpec(name: "draft", type: .boolean, required: false),
            // A page that is a notebook written as Markdown keeps jupytext's settings for Jupyter.
            FieldSpec(name: "jupytext", type: .notebookSettings, required: false),
            FieldSpec(name: "kernelspec", type: .notebookSettings, required: false),
        ]
    }

    /// The schema for pages of `kind`, made once: every file is decoded against one.
    static func forKind(_ kind: ContentKind) -> FrontMatterSchema {
        byKind[kind] ?? making(kind)
    }

    private static let byKind = Dictionary(uniqueKeysWithValues: ContentKind.allCases.map { ($0, making($0)) })

    private static func making(_ kind: ContentKind) -> FrontMatterSchema {
        switch kind {
        case .home, .page:
            return FrontMatterSchema(subject: "page", fields: common(summaryRequired: false))
        case .section, .tags, .tag:
            return FrontMatterSchema(subject: "section index", fields: [
                FieldSpec(name: "title", type: .text, required: true),
                FieldSpec(name: "summary", type: .text, required: false),
                // Read on the resources section's index only (`CategoryTree` reports it elsewhere).
                FieldSpec(name: "categories", type: .categoryList, required: false),
            ])
        case .breakout:
            return FrontMatterSchema(subject: "breakout", fields: common(summaryRequired: true) + [
                FieldSpec(name: "number", type: .integer(1...99), required: true),
                FieldSpec(name: "short_title", type: .text, required: false),
                FieldSpec(name: "theme", type: .text, required: true),
                FieldSpec(name: "needs", type: .textList, required: true),
                FieldSpec(name: "actions", type: .textList, required: true),
                FieldSpec(name: "conveners", type: .people, required: false),
            ])
        case .tutorial:
            return FrontMatterSchema(subject: "tutorial", fields: common(summaryRequired: true, dateRequired: true) + [
                FieldSpec(name: "level", type: .choice(levels), required: true),
                FieldSpec(name: "duration", type: .duration, required: true, unlessAny: ["teaching", "exercises"]),
                FieldSpec(name: "areas", type: .references(.breakout), required: true),
                FieldSpec(name: "authors", type: .textList, required: true),
                // A lesson's outline, as the Carpentries write it at the top of an episode.
                FieldSpec(name: "questions", type: .textList, required: false),
                FieldSpec(name: "objectives", type: .textList, required: false),
                FieldSpec(name: "keypoints", type: .textList, required: false),
                FieldSpec(name: "teaching", type: .minutes, required: false),
                FieldSpec(name: "exercises", type: .minutes, required: false),
                FieldSpec(name: "prerequisites", type: .references(.tutorial), required: false),
                FieldSpec(name: "series", type: .identifier, required: false),
                FieldSpec(name: "part", type: .integer(1...999), required: false),
                FieldSpec(name: "review_every", type: .interval, required: false),
            ])
        case .series:
            return FrontMatterSchema(subject: "tutorial series", fields: common(summaryRequired: true) + [
                FieldSpec(name: "level", type: .choice(levels), required: false),
                FieldSpec(name: "authors", type: .textList, required: false),
                FieldSpec(name: "breaks", type: .breaks, required: false),
                FieldSpec(name: "based_on", type: .origin, required: false),
            ])
        case .step:
            return FrontMatterSchema(subject: "starter-kit step", fields: common(summaryRequired: true) + [
                FieldSpec(name: "step", type: .integer(1...999), required: true),
                FieldSpec(name: "tutorials", type: .references(.tutorial), required: false),
                FieldSpec(name: "resources", type: .references(.resource), required: false),
                FieldSpec(name: "areas", type: .references(.breakout), required: false),
            ])
        case .resource:
            return FrontMatterSchema(subject: "resource", fields: common(summaryRequired: true) + [
                FieldSpec(name: "type", type: .choice(resourceTypes), required: true),
                FieldSpec(name: "url", type: .url, required: true),
                FieldSpec(name: "areas", type: .references(.breakout), required: true),
                FieldSpec(name: "authors", type: .textList, required: false),
                // When only the year of publication is known; a date gives its own.
                FieldSpec(name: "year", type: .integer(1000...9999), required: false),
            ] + IdentifierScheme.allCases.map { FieldSpec(name: $0.field, type: .persistent($0), required: false) } + [
                FieldSpec(name: "review_every", type: .interval, required: false),
                FieldSpec(name: "category", type: .category, required: false),
                // How to get and use it, and who looks after it.
                FieldSpec(name: "install", type: .text, required: false),
                FieldSpec(name: "license", type: .license, required: false),
                FieldSpec(name: "repository", type: .url, required: false),
                FieldSpec(name: "maintainer", type: .text, required: false),
                // Agents, skills and MCP servers only (`agentFields`).
                FieldSpec(name: "kind", type: .choice(agentKinds), required: false),
                FieldSpec(name: "transport", type: .choiceList(transports), required: false),
                FieldSpec(name: "tools", type: .tools, required: false),
                FieldSpec(name: "validated_with", type: .references(.resource), required: false),
            ])
        }
    }

    /// The schema of `content/site.yml`.
    static let site = FrontMatterSchema(subject: "site settings", fields: [
        FieldSpec(name: "title", type: .text, required: true),
        FieldSpec(name: "description", type: .text, required: true),
        FieldSpec(name: "base_url", type: .url, required: false),
        FieldSpec(name: "language", type: .language, required: false),
        FieldSpec(name: "raw_html", type: .boolean, required: false),
        FieldSpec(name: "nav", type: .navigation, required: true),
        FieldSpec(name: "footer", type: .text, required: false),
        FieldSpec(name: "math", type: .math, required: false),
        FieldSpec(name: "video", type: .video, required: false),
        FieldSpec(name: "search", type: .search, required: false),
        FieldSpec(name: "repository", type: .settings(texts: ["url", "branch", "content"], lists: [], example: "{url: https://github.com/OWNER/NAME}"), required: false),
        FieldSpec(name: "notebooks", type: .settings(texts: ["jupyterhub"], lists: ["launch"], example: "{launch: [binder, colab]}"), required: false),
        FieldSpec(name: "contact", type: .text, required: false),
        FieldSpec(name: "channels", type: .navigation, required: false),
        FieldSpec(name: "listings", type: .settings(texts: ["page_size"], lists: [], example: "{page_size: 50}"), required: false),
        FieldSpec(name: "citation", type: .citation, required: false),
    ])
}
