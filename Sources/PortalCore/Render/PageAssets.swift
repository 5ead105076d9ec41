#if canImport(Glibc)
import Glibc
#endif

/// The theme's optional scripts and stylesheet a page uses, read from its rendered markup, so
/// that `base.mustache` loads each only where it has something to act on (`page.assets`).
///
/// Each is decided by markup the asset acts on, written with a `<` or a `"` that escaped text
/// cannot hold (text shows them as `&lt;` and `&quot;`): a page that only talks about code or
/// filters does not load them. What a page shows is known once its kind's template has rendered,
/// so templates rewritten by a theme (a listing given filters, steps listed somewhere new) are
/// followed without a change to the engine.
struct PageAssets: Sendable, Hashable {
    /// `filters.js`: a listing with facets (`data-filters="…"`).
    var filters = false
    /// `progress.js`: starter-kit steps to mark (`data-step-id="…"`, on step pages and wherever steps are listed).
    var progress = false
    /// `highlight.css`: highlighted code, numbered or marked lines, or a block naming its language.
    var highlight = false
    /// `copy.js`: a code block (`<pre><code`, focusable or not; notebook outputs are `<pre class=…>` without `<code>`).
    var copy = false
    /// `tabs.js`: a tab set (`<div class="tab-set"`), whose labels it makes a tab list.
    var tabs = false

    private static let filterMarks = ["data-filters=\""]
    private static let progressMarks = ["data-step-id=\""]
    private static let highlightMarks = ["<span class=\"hl-", "<span class=\"line", "<code class=\"language-"]
    private static let copyMarks = ["<pre><code", "<pre tabindex=\"0\"><code"]
    private static let tabsMarks = ["<div class=\"tab-set\""]

    /// The assets the page whose markup (its kind's template, rendered) is `html` uses. Each mark is
    /// found by glibc's `strstr`, which compares many bytes at a time: a loop stopping at each mark's
    /// first byte stops every few bytes, HTML being mostly `<` and letters. (`strstr` stops at a NUL,
    /// which cmark-gfm never writes; after one from elsewhere, a mark missed costs the page its Copy
    /// buttons or its code's colours, never text.)
    init(html: String) {
        self = html.withCString { text in
            func holds(_ marks: [String]) -> Bool { marks.contains { strstr(text, $0) != nil } }
            return PageAssets(filters: holds(Self.filterMarks), progress: holds(Self.progressMarks),
                              highlight: holds(Self.highlightMarks), copy: holds(Self.copyMarks), tabs: holds(Self.tabsMarks))
        }
    }

    init(filters: Bool = false, progress: Bool = false, highlight: Bool = false, copy: Bool = false, tabs: Bool = false) {
        self.filters = filters
        self.progress = progress
        self.highlight = highlight
        self.copy = copy
        self.tabs = tabs
    }

    /// `page.assets` as templates get it.
    var templateValue: TemplateValue {
        .record(["filters": .flag(filters), "progress": .flag(progress), "highlight": .flag(highlight), "copy": .flag(copy), "tabs": .flag(tabs)])
    }
}

extension TemplateRecord {
    /// Adds `page.assets` for the page whose kind's template rendered `html`.
    mutating func setAssets(from html: String) {
        // Taken out first, so the page's record is changed in place rather than copied.
        guard case .record(var page)? = removeValue(forKey: "page") else { return }
        page["assets"] = PageAssets(html: html).templateValue
        self["page"] = .record(page)
    }
}
