/// What a page's Markdown twin is made of, kept by the preview so that a page rendered again for
/// what only its HTML shows (a card, a template, the list of pages) does not have its twin made again.
struct TwinSource: Equatable, Sendable {
    /// The page's ref inputs: its front-matter (through its file), kind and address, and its areas'.
    let refInput: Int
    let title: String
    let summary: String?
    /// The twin body the Markdown stage wrote; the same storage while the body is unchanged.
    let body: String
    let base: String?
    /// The pages it lists, in the listing's order before sorting (which their titles, kinds and ids decide).
    let members: [Member]
    /// The headings it lists them under, each with how many it holds: the category page's categories.
    let groups: [Group]

    /// What a listing shows of a page it lists: its ref inputs, and its title and summary, which a
    /// generated page's ref inputs do not hold.
    struct Member: Equatable, Sendable {
        let refInput: Int
        let title: String
        let summary: String?
    }

    /// A heading of a listing's twin: the category's path, and how many of the members follow it.
    struct Group: Equatable, Sendable {
        let path: String
        let count: Int
    }

    /// The source of page `position`'s twin, from the pages' `refInputs` (by position) and its twin `body`.
    init(of position: Int, twins: MarkdownTwins, refInputs: [Int], body: String) {
        let page = twins.pages[position]
        refInput = refInputs[position]
        title = page.title
        summary = page.summary
        self.body = body
        base = twins.address.base
        members = twins.members(of: position).map { Member(refInput: refInputs[$0], title: twins.pages[$0].title, summary: twins.pages[$0].summary) }
        // The members past the last category's are those without one.
        groups = twins.categoryTree(of: position)?.nodes.map { Group(path: $0.path, count: $0.items.count) } ?? []
    }
}
