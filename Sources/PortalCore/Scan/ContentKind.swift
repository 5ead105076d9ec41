/// The kinds of page the portal models.
enum ContentKind: String, Sendable, Hashable, CaseIterable {
    /// The home page (`content/pages/index.md`).
    case home
    /// A plain page from `content/pages/`.
    case page
    /// A breakout (working area) page.
    case breakout
    /// A tutorial.
    case tutorial
    /// A series of tutorials (`content/tutorials/SERIES/_series.md`): its title, introduction and setup.
    case series
    /// A starter-kit step.
    case step
    /// A curated resource.
    case resource
    /// A section's index page.
    case section
    /// The index of all tags.
    case tags
    /// One tag's page.
    case tag

    /// Every kind, made once: `allCases` makes its array each time it is read.
    static let all = allCases

    /// The kind's place in `all`: what a pass over every page files it under in an array, instead
    /// of hashing it for a dictionary.
    var place: Int { Self.all.firstIndex(of: self)! }

    /// The content folder holding pages of this kind, for the kinds editors write.
    var folder: String? {
        switch self {
        case .home, .page: return "pages"
        case .breakout: return "breakouts"
        case .tutorial, .series: return "tutorials"
        case .step: return "starter-kit"
        case .resource: return "resources"
        case .section, .tags, .tag: return nil
        }
    }

    /// The kind of page an editor's file in `folder` is.
    static func forFolder(_ folder: String) -> ContentKind? {
        switch folder {
        case "pages": return .page
        case "breakouts": return .breakout
        case "tutorials": return .tutorial
        case "starter-kit": return .step
        case "resources": return .resource
        default: return nil
        }
    }

    /// The folders that hold editors' pages, in menu order.
    static let sectionFolders = ["breakouts", "tutorials", "starter-kit", "resources"]

    /// A reader-facing name for one page of this kind.
    var label: String {
        switch self {
        case .home: return "Home"
        case .page: return "Page"
        case .breakout: return "Breakout"
        case .tutorial: return "Tutorial"
        case .series: return "Tutorial series"
        case .step: return "Starter-kit step"
        case .resource: return "Resource"
        case .section: return "Section"
        case .tags: return "Tags"
        case .tag: return "Tag"
        }
    }

    /// The name of the template that renders a page of this kind.
    var templateName: String {
        switch self {
        case .home: return "home"
        case .page: return "page"
        case .breakout: return "breakout"
        case .tutorial: return "tutorial"
        case .series: return "series"
        case .step: return "step"
        case .resource: return "resource"
        case .section: return "section"
        case .tags: return "tags"
        case .tag: return "tag"
        }
    }
}
