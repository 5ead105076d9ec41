/// Every relation between pages, in both directions, computed once for the whole site.
struct SiteGraph: Sendable {
    /// Pages whose body or front-matter links to the key page.
    var backlinks: [Int: [Int]] = [:]
    /// The backlinks a reader is shown: grouped by relation, each page once, indexes left out.
    var linkedFrom: [Int: LinkedFrom] = [:]
    /// The breakout pages a page names in `areas`.
    var areas: [Int: [Int]] = [:]
    /// Tutorials, steps and resources naming the key breakout.
    var tutorialsByArea: [Int: [Int]] = [:]
    var stepsByArea: [Int: [Int]] = [:]
    var resourcesByArea: [Int: [Int]] = [:]
    /// A tutorial's prerequisites, and the tutorials that list it as one.
    var prerequisites: [Int: [Int]] = [:]
    var requiredBy: [Int: [Int]] = [:]
    /// A step's tutorials and resources.
    var stepTutorials: [Int: [Int]] = [:]
    var stepResources: [Int: [Int]] = [:]
    /// Pages citing a resource (body links and starter-kit steps).
    var citedBy: [Int: [Int]] = [:]
    /// The benchmarks an agent resource names in `validated_with`, as written.
    var validatedWith: [Int: [Int]] = [:]
    /// The download of each skill written as a page bundle with files of its own.
    var skillArchives: [Int: SkillArchive] = [:]
    /// Tutorials of each series, ordered by part.
    var series: [String: [Int]] = [:]
    /// The page of each series (its `_series.md`), by series id.
    var seriesPages: [String: Int] = [:]
    /// Starter-kit steps in path order.
    var steps: [Int] = []
    /// Pages carrying each tag.
    var tags: [String: [Int]] = [:]
    /// The listings that grow with the site (section indexes, tag pages), by their own page's position.
    var listings: [Int: ListingLayout] = [:]
    /// Each page's record of what its front-matter names, by position; the pages the stage adds
    /// (tag pages, the listings' later pages) have none (`relations(of:)`).
    var relations: [PageRelations] = []
    /// The listing each generated listing page (a page after the first, a data script) belongs to:
    /// its own page's position, by the generated page's.
    var listingOwners: [Int: Int] = [:]

    /// The record of page `position`: empty for a page the stage added.
    func relations(of position: Int) -> PageRelations {
        relations.indices.contains(position) ? relations[position] : .none
    }
}
