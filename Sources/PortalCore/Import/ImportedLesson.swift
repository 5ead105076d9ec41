import Foundation

/// A lesson read from another tool's source folder, before it is written as a tutorial series.
///
/// Each format's reader (`CarpentriesStylesReader`, `WorkbenchReader`, `JupyterBookReader`,
/// `MkDocsReader`) makes one of these from the source; `ImportWriter` turns it into the series file
/// and one page bundle per episode, and `ImportReport` prints what needs a human. Readers never
/// write: everything they find is in this value, including what they could not convert.
public struct ImportedLesson: Sendable {
    /// The lesson's title (the series' title).
    public var title: String
    /// One or two plain sentences about the lesson, when the source has them.
    public var summary: String?
    /// The lesson's authors, as the source names them (`AUTHORS`, `CITATION.cff`, the config).
    public var authors: [String] = []
    /// The series page's text: the lesson's introduction and setup, as portal Markdown.
    public var introduction: String = ""
    /// Files the introduction links to (figures), copied into the series folder.
    public var introductionFiles: [ImportedFile] = []
    /// The episodes (chapters), in the lesson's order; each becomes one part.
    public var episodes: [ImportedEpisode] = []
    /// Breaks in the schedule, after a part (the Carpentries' break episodes).
    public var breaks: [ScheduleBreak] = []
    /// Where the lesson came from and under which licence.
    public var origin: ImportOrigin = ImportOrigin()
    /// Everything the reader could not convert or had to guess, for the report.
    public var notes: [ImportNote] = []
    /// What the reader converted, counted, for the report's summary line.
    public var counts = ImportCounts()

    public init(title: String) {
        self.title = title
    }
}

/// One episode or chapter: the front-matter fields the source gives and the converted body.
public struct ImportedEpisode: Sendable {
    /// The episode's name in the source, made a valid id (`01-introduction.md` → `introduction`);
    /// the part's id is the series id, a hyphen and this.
    public var slug: String
    /// The episode's file, relative to the source folder (`_episodes/01-introduction.md`).
    public var sourcePath: String
    /// The episode's title (from its front-matter, the table of contents or its first `# H1`).
    public var title: String
    /// Portal's tutorial fields the source gives, by name (`summary`, `teaching`, `exercises`,
    /// `questions`, `objectives`, `keypoints`, `authors`, `date`, `tags`…), never `title`,
    /// `series` or `part`, which the writer sets.
    public var fields: [String: ImportValue] = [:]
    /// The page itself.
    public var content: EpisodeContent
    /// Files the page links to (figures, data, code), copied into its bundle.
    public var files: [ImportedFile] = []

    public init(slug: String, sourcePath: String, title: String, content: EpisodeContent) {
        self.slug = slug
        self.sourcePath = sourcePath
        self.title = title
        self.content = content
    }
}

/// What an episode's page is made of.
public enum EpisodeContent: Sendable {
    /// Portal Markdown, without front-matter (the writer adds it).
    case markdown(String)
    /// A Jupyter notebook's bytes, as the source has them; the writer adds the front-matter to the
    /// notebook's metadata (`portal`) and keeps every cell and output.
    case notebook([UInt8])
}

/// A file copied from the source into the content folder.
public struct ImportedFile: Sendable, Hashable {
    /// The file in the source, relative to the source folder (`fig/rnn.png`).
    public var sourcePath: String
    /// Where it goes, relative to the page's bundle or the series folder (`fig/rnn.png`); the
    /// page's links were rewritten to this path.
    public var destination: String

    public init(sourcePath: String, destination: String) {
        self.sourcePath = sourcePath
        self.destination = destination
    }
}

/// A front-matter value as the writer writes it in YAML.
public enum ImportValue: Sendable, Equatable {
    case text(String)
    case list([String])
    case integer(Int)
    case date(String)
    case bool(Bool)
    /// A mapping written as is under its key (jupytext's `jupytext:` and Jupyter's `kernelspec:`
    /// settings of a MyST notebook), as block-style YAML whose lines the writer indents.
    case yaml(String)
}

/// A break in a series' schedule: after part `afterPart` (1-based), `minutes` long.
public struct ScheduleBreak: Sendable, Equatable {
    public var afterPart: Int
    public var minutes: Int
    public var title: String

    public init(afterPart: Int, minutes: Int, title: String = "Break") {
        self.afterPart = afterPart
        self.minutes = minutes
        self.title = title
    }
}

/// The source's repository, commit and licence, credited on the series page and in JSON-LD.
public struct ImportOrigin: Sendable, Equatable {
    /// The source's web address (the repository, or the published lesson), when known.
    public var url: String?
    /// The commit imported, when the source is a git work tree.
    public var commit: String?
    /// The licence's name or SPDX id (`CC-BY-4.0`), from `LICENSE.md` or `CITATION.cff`.
    public var license: String?
    /// The licence's address (`https://creativecommons.org/licenses/by/4.0/`), when known.
    public var licenseURL: String?

    public init(url: String? = nil, commit: String? = nil, license: String? = nil, licenseURL: String? = nil) {
        self.url = url
        self.commit = commit
        self.license = license
        self.licenseURL = licenseURL
    }
}

/// Something in the source the import could not convert, or converted with a guess.
public struct ImportNote: Sendable, Equatable {
    /// The file, relative to the source folder.
    public var file: String
    /// 1-based line and column in that file (0 when the note is about the whole file).
    public var line: Int
    public var column: Int
    /// What kind of thing it is, the report's group (`liquid-tag`, `unknown-block`, `missing-image`).
    public var construct: String
    /// What was found, in plain words.
    public var message: String
    /// What the editor should do.
    public var fix: String

    public init(file: String, line: Int, column: Int, construct: String, message: String, fix: String) {
        self.file = file
        self.line = line
        self.column = column
        self.construct = construct
        self.message = message
        self.fix = fix
    }
}

/// What a reader converted, for the report's summary line.
public struct ImportCounts: Sendable, Equatable {
    public var figures = 0
    public var blocks = 0
    public var mathSpans = 0
    public var notebooks = 0
    public var liquidTags = 0

    public init() {}
}

extension ImportedEpisode {
    /// An episode's slug from its source file's path: the file name without its extension and
    /// without the number lessons put first to order them (`_episodes/01-introduction.md` →
    /// `introduction`), made a valid id; the folder's name for an `index` file.
    public static func slug(for path: String) -> String {
        var parts = path.split(separator: "/").map(String.init)
        var name = parts.popLast() ?? path
        if let dot = name.lastIndex(of: "."), dot != name.startIndex { name = String(name[..<dot]) }
        if name.lowercased() == "index" || name.lowercased() == "readme", let folder = parts.last { name = folder }
        let withoutNumber = name.drop(while: { $0.isNumber }).drop(while: { $0 == "-" || $0 == "_" || $0 == "." || $0 == " " })
        let slug = PageID.suggest(from: withoutNumber.isEmpty ? name : String(withoutNumber))
        return slug.isEmpty ? "episode" : slug
    }
}

extension ImportOptions {
    /// The id of the part made from the episode with `slug`: the series id, a hyphen and the slug,
    /// so that parts of different imported lessons never share an id.
    public func partID(slug: String) -> String {
        "\(series)-\(slug)"
    }

    /// Where a part is published, as a link from another part's page.
    public func partLink(slug: String) -> String {
        "../\(partID(slug: slug))/"
    }
}
