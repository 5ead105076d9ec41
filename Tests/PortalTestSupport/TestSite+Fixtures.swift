extension TestSite {
    /// Settings with a menu of two sections, without a base URL.
    public static let settingsWithoutBaseURL = """
        title: Test portal
        description: A site for tests.
        nav:
          - title: Breakouts
            link: breakouts/
          - title: Tutorials
            link: tutorials/
        """

    /// The settings every test site gets unless it asks otherwise: a menu and a base URL.
    public static let defaultSettings = settingsWithoutBaseURL + "\nbase_url: https://portal.example.org/\n"

    /// The shared part of every minimal page template.
    private static let pageHead = "<h1>{{page.title}}</h1>{{#page.draft}}<span class=\"draft\">draft</span>{{/page.draft}}{{{page.content}}}"
    private static let refs = "{{#.}}<a href=\"{{url}}\">{{title}}</a>{{/.}}"

    private static func list(_ key: String, _ cssClass: String) -> String {
        "{{#\(key)}}<a class=\"\(cssClass)\" href=\"{{url}}\">{{title}}</a>{{/\(key)}}"
    }

    /// A theme with every template, writing only what tests look for.
    public static let minimalTheme: [String: String] = [
        "base.mustache": """
            <!doctype html><html lang="{{site.language}}"><head><title>{{page.title}} · {{site.title}}</title>\
            <link rel="stylesheet" href="{{root}}assets/style.css"></head><body>\
            <nav>{{#site.nav}}<a href="{{url}}"{{#current}} aria-current="page"{{/current}}>{{title}}</a>{{/site.nav}}</nav>\
            <main>{{{body}}}</main>\
            {{#page.backlinks}}<a class="backlink" href="{{url}}">{{title}}</a>{{/page.backlinks}}\
            {{#page.tags}}<a class="tag" href="{{url}}">{{name}}</a>{{/page.tags}}</body></html>

            """,
        "home.mustache": pageHead,
        "page.mustache": pageHead,
        "breakout.mustache": pageHead + list("breakout.tutorials", "tutorial") + list("breakout.steps", "step") + list("breakout.resources", "resource"),
        "tutorial.mustache": pageHead + list("tutorial.areas", "area") + list("tutorial.prerequisites", "prerequisite")
            + list("tutorial.required_by", "required-by")
            + "{{#tutorial.series}}{{#previous}}<a class=\"previous\" href=\"{{url}}\">{{title}}</a>{{/previous}}{{#next}}<a class=\"next\" href=\"{{url}}\">{{title}}</a>{{/next}}{{/tutorial.series}}",
        "series.mustache": pageHead + list("series.parts", "part"),
        "step.mustache": pageHead + "<p class=\"position\">{{step.number}}/{{step.total}}</p>" + list("step.tutorials", "tutorial")
            + "{{#step.next}}<a class=\"next\" href=\"{{url}}\">{{title}}</a>{{/step.next}}",
        "resource.mustache": pageHead + "<a class=\"external\" href=\"{{resource.url}}\">{{resource.type_label}}</a>" + list("resource.cited_by", "cited-by"),
        "breakouts.mustache": pageHead + list("section.items", "item"),
        "tutorials.mustache": pageHead + list("section.items", "item"),
        "starter-kit.mustache": pageHead + list("section.items", "item"),
        "resources.mustache": pageHead + "{{#section.groups}}<h2 id=\"{{id}}\">{{label}}</h2>{{#items}}{{> item}}{{/items}}{{/section.groups}}",
        "resource-categories.mustache": pageHead + "{{#section.category_groups}}<h2 id=\"{{anchor}}\">{{name}}</h2>{{#items}}{{> item}}{{/items}}{{/section.category_groups}}",
        "search.mustache": "<h1>{{page.title}}</h1><div data-search-page><ol data-search-results></ol></div>",
        "tags.mustache": pageHead + "{{#tags}}<a class=\"tag\" href=\"{{url}}\">{{name}} ({{count}})</a>{{/tags}}",
        "tag.mustache": pageHead + list("tag.items", "item"),
        "partials/item.mustache": "<a class=\"item\" href=\"{{url}}\">{{title}}</a>",
        "assets/style.css": "body { font-family: sans-serif; }\n",
    ]

    /// A valid breakout page.
    public static func breakout(_ id: String, number: Int = 1, title: String? = nil) -> (String, String) {
        ("content/breakouts/\(id).md", """
            ---
            title: \(title ?? "Breakout \(id)")
            summary: The \(id) breakout.
            number: \(number)
            theme: A theme.
            needs: [One need]
            actions: [One action]
            ---

            About \(id).

            """)
    }

    /// A valid tutorial; `extra` adds front-matter lines.
    public static func tutorial(_ id: String, areas: [String] = ["agentic-ai"], extra: String = "", body: String = "Body.\n") -> (String, String) {
        ("content/tutorials/\(id).md", """
            ---
            title: Tutorial \(id)
            summary: Learn \(id).
            level: beginner
            duration: 30 min
            areas: [\(areas.joined(separator: ", "))]
            authors: [Test Author]
            date: 2026-06-01
            \(extra.isEmpty ? "" : extra + "\n")---

            \(body)
            """)
    }

    /// A valid starter-kit step.
    public static func step(_ id: String, number: Int, extra: String = "") -> (String, String) {
        ("content/starter-kit/\(id).md", """
            ---
            title: Step \(id)
            summary: Do \(id).
            step: \(number)
            \(extra.isEmpty ? "" : extra + "\n")---

            Step body.

            """)
    }

    /// A valid resource.
    public static func resource(_ id: String, type: String = "software", areas: [String] = ["agentic-ai"], extra: String = "") -> (String, String) {
        ("content/resources/\(id).md", """
            ---
            title: Resource \(id)
            summary: The \(id) resource.
            type: \(type)
            url: https://example.org/\(id)
            areas: [\(areas.joined(separator: ", "))]
            \(extra.isEmpty ? "" : extra + "\n")---

            About \(id).

            """)
    }
}

extension Dictionary where Key == String, Value == String {
    /// A file map from `(path, contents)` pairs.
    public init(files: (String, String)...) {
        self.init(files, uniquingKeysWith: { _, new in new })
    }
}
