/// The pages the build makes itself: section indexes without an `_index.md`, the tag index and tag pages.
enum SectionPages {
    /// A section index for each section folder that has no `_index.md` among `pages`.
    static func missing(from pages: [Page]) -> [Page] {
        let present = Set(pages.filter { $0.kind == .section }.map(\.id))
        return ContentKind.sectionFolders.filter { !present.contains($0) }.map { folder in
            generated(kind: .section, id: folder, title: Labels.section(folder))
        }
    }

    /// The tag index and one page per tag.
    static func tagPages(for tags: [String: [Int]]) -> [Page] {
        [generated(kind: .tags, id: "tags", title: "Tags")] + tags.keys.sorted().map { tag in
            generated(kind: .tag, id: tag, title: "Tag: \(tag)")
        }
    }

    private static func generated(kind: ContentKind, id: String, title: String) -> Page {
        var frontMatter = FrontMatter()
        frontMatter.values["title"] = Located(value: .text(title), line: 0, column: 0)
        return Page(kind: kind, id: id, sourcePath: nil, source: nil,
                    outputDirectory: Page.outputDirectory(kind: kind, id: id), frontMatter: frontMatter)
    }
}
