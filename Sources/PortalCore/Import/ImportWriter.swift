import Foundation

/// What the command line adds to a lesson when it is written.
public struct ImportWriteOptions: Sendable {
    /// The series id (`--series`).
    public var series: String
    /// The format the lesson was read as, recorded in the manifest.
    public var format: ImportFormat
    /// Breakout ids for every part (`--area`); empty leaves a placeholder.
    public var areas: [String] = []
    /// `beginner`, `intermediate` or `advanced` (`--level`); nil leaves a placeholder.
    public var level: String?
    /// Today, `YYYY-MM-DD`: the placeholder date of a part whose source gives none.
    public var today: String
    /// Replace files the editor changed since the last import (`--overwrite`).
    public var overwrite = false

    public init(series: String, format: ImportFormat, today: String) {
        self.series = series
        self.format = format
        self.today = today
    }
}

/// A file the import writes, relative to the content folder.
public struct PlannedFile: Sendable, Equatable {
    public var path: String
    public var bytes: [UInt8]
    /// The file it was copied from, relative to the source; nil for a page the import wrote.
    public var copiedFrom: String?
    /// What the file was before: new, the same, replaced (unchanged by the editor) or merged (the
    /// editor's fields kept).
    public var state: State

    public enum State: String, Sendable {
        case new, unchanged, updated, merged
    }
}

/// Everything an import would do, worked out before anything is written.
public struct ImportPlan: Sendable {
    public var series: String
    public var format: ImportFormat
    public var title: String
    public var files: [PlannedFile] = []
    /// What the source could not give or the import could not convert, for the report.
    public var notes: [ImportNote] = []
    /// Files the editor changed since the last import (or wrote by hand) that the import would
    /// replace: the import refuses unless `--overwrite`.
    public var conflicts: [String] = []
    /// Files of the last import that this one no longer writes (an episode left the lesson).
    public var leftOver: [String] = []
    public var counts = ImportCounts()
    public var episodes = 0
    public var breaks = 0
    /// Whether the series and its parts are drafts, because a field still holds a placeholder.
    public var isDraft = false
}

/// Turns an `ImportedLesson` into the files of a tutorial series, and writes them.
///
/// The series file goes to `tutorials/SERIES/_series.md` with the lesson's figures; each episode
/// becomes the bundle `tutorials/SERIES-SLUG/index.md` (or `index.ipynb`) with its files. Fields the
/// source does not give come from the command line, the source's git history, or a placeholder
/// marked `CHANGE ME`; while any placeholder is left, the series and every part are drafts, so
/// nothing half-imported is published and the part numbers never have gaps in a published build.
///
/// Importing again updates what the import wrote. A manifest beside the series
/// (`tutorials/SERIES/.import.json`, which the build skips as it skips every dot file) holds the
/// hash of each file and of each page's text as written; a page whose front-matter the editor
/// changed keeps the editor's values for every field the source does not set, and a file whose
/// text the editor changed is a conflict: the import writes nothing and names it.
public enum ImportWriter {
    static let manifestName = ".import.json"
    static let placeholder = "CHANGE ME"

    /// The plan for writing `lesson` into `contentDirectory`; reads the content folder (breakouts,
    /// existing files, the manifest) but writes nothing.
    public static func plan(_ lesson: ImportedLesson, source: ImportSource, options: ImportWriteOptions, contentDirectory: URL) throws -> ImportPlan {
        guard PageID.isValid(options.series) else {
            // An id with no letter or digit has nothing to suggest from: the example is then a made-up one.
            let suggestion = PageID.suggest(from: options.series)
            throw ImportFailure("'\(options.series)' is not a valid series id: use lower-case letters, digits and single hyphens, such as '\(suggestion.isEmpty ? "jet-tagging" : suggestion)'")
        }
        if let level = options.level, !["beginner", "intermediate", "advanced"].contains(level) {
            throw ImportFailure("'--level \(level)' is not a level: use beginner, intermediate or advanced")
        }
        let content = contentDirectory.standardizedFileURL.resolvingSymlinksInPath()
        let sourcePath = source.root.path
        if sourcePath == content.path || sourcePath.hasPrefix(content.path + "/") {
            throw ImportFailure("the source '\(sourcePath)' is inside the content folder; copy the lesson somewhere else (a clone next to the project) and import from there")
        }
        if content.path.hasPrefix(sourcePath + "/") {
            throw ImportFailure("the content folder is inside the source '\(sourcePath)'; import the lesson's own folder")
        }
        let breakouts = knownBreakouts(content)
        for area in options.areas where !breakouts.contains(area) {
            let suggestion = Suggestion.didYouMean(area, in: breakouts.sorted()).map { " (\($0))" } ?? ""
            throw ImportFailure("'--area \(area)' names no breakout\(suggestion); the breakouts are: \(breakouts.sorted().joined(separator: ", "))")
        }
        guard !lesson.episodes.isEmpty else {
            // The report is not printed when nothing can be imported, so the reason, when a reader noted one, goes in the error.
            let reason = lesson.notes.first.map { ": \($0.file)\($0.line > 0 ? ":\($0.line):\($0.column)" : ""): \($0.message)" } ?? ""
            throw ImportFailure("the lesson has no episodes to import" + reason)
        }

        var plan = ImportPlan(series: options.series, format: options.format, title: lesson.title)
        plan.counts = lesson.counts
        plan.episodes = lesson.episodes.count
        let git = GitDates.firstAdded(root: source.root)
        let manifest = Manifest.read(content.appendingPathComponent("tutorials/\(options.series)/\(manifestName)"))

        // Every page's front-matter as blocks: what the source sets, then placeholders.
        var lesson = lesson
        lesson.linkNotebookParts(options: ImportOptions(series: options.series))
        // A schedule's breaks come between parts; one before the first or after the last would be a build error.
        for entry in lesson.breaks where entry.afterPart < 1 || entry.afterPart >= lesson.episodes.count {
            lesson.notes.append(ImportNote(file: "content/tutorials/\(options.series)/_series.md", line: 0, column: 0, construct: "break",
                                           message: "the break '\(entry.title)' (\(entry.minutes) min) comes \(entry.afterPart < 1 ? "before the first part" : "after the last part"), so it is not in the schedule",
                                           fix: "add it to 'breaks:' with 'after:' set to the part it should follow, if the series is taught with it"))
        }
        lesson.breaks.removeAll { $0.afterPart < 1 || $0.afterPart >= lesson.episodes.count }
        plan.breaks = lesson.breaks.count
        plan.notes = lesson.notes
        var pages: [PagePlan] = []
        let seriesFolder = "tutorials/\(options.series)"
        pages.append(seriesPage(lesson, options: options, folder: seriesFolder))
        for (index, episode) in lesson.episodes.enumerated() {
            pages.append(partPage(episode, part: index + 1, lesson: lesson, options: options, breakouts: breakouts.sorted(), gitDate: git.dates[episode.sourcePath]))
        }
        if lesson.origin.commit == nil, let head = git.head { pages[0].setOrigin(commit: head, remote: git.remote, lesson: lesson) }

        // Merge with what the editor changed since the last import.
        for index in pages.indices {
            pages[index].merge(existing: content.appendingPathComponent(pages[index].path), manifest: manifest, overwrite: options.overwrite, conflicts: &plan.conflicts)
        }
        let isDraft = pages.contains { $0.holdsPlaceholder }
        plan.isDraft = isDraft
        for index in pages.indices { pages[index].setDraft(isDraft) }

        for page in pages {
            let bytes = page.bytes()
            plan.files.append(PlannedFile(path: page.path, bytes: bytes, copiedFrom: nil, state: state(of: page.path, bytes: bytes, in: content, merged: page.merged)))
            plan.notes += page.placeholderNotes()
        }
        // The files each page links to.
        var copies: [(String, String)] = lesson.introductionFiles.map { ("\(seriesFolder)/\($0.destination)", $0.sourcePath) }
        for (index, episode) in lesson.episodes.enumerated() {
            copies += episode.files.map { ("\(pages[index + 1].folder)/\($0.destination)", $0.sourcePath) }
        }
        var written = Set(plan.files.map(\.path))
        for (destination, sourceFile) in copies {
            guard let path = ImportSource.normalize(destination), path.hasPrefix("tutorials/"), written.insert(path).inserted else { continue }
            guard let bytes = source.data(sourceFile) else {
                plan.notes.append(ImportNote(file: sourceFile, line: 0, column: 0, construct: "unreadable-file", message: "'\(sourceFile)' could not be read (or is over \(ImportSource.maximumFileSize / 1024 / 1024) MB)",
                                             fix: "copy it into '\(path)' by hand if the page needs it"))
                continue
            }
            let existingState = state(of: path, bytes: bytes, in: content, merged: false)
            if existingState == .updated, let current = try? Data(contentsOf: content.appendingPathComponent(path)), manifest.files[path]?.sha256 != Manifest.hash(Array(current)), !options.overwrite {
                plan.conflicts.append(path)
            }
            plan.files.append(PlannedFile(path: path, bytes: bytes, copiedFrom: sourceFile, state: existingState))
        }
        // Files another page already owns, or that a hand-written page uses.
        for page in pages where page.path != "\(seriesFolder)/_series.md" && manifest.files[page.path] == nil && !options.overwrite {
            let folder = content.appendingPathComponent(page.folder)
            let single = content.appendingPathComponent("tutorials/\(page.id).md")
            if FileManager.default.fileExists(atPath: single.path) || FileManager.default.fileExists(atPath: single.deletingPathExtension().appendingPathExtension("ipynb").path)
                || (FileManager.default.fileExists(atPath: folder.path) && !plan.conflicts.contains(page.path)) {
                plan.conflicts.append(FileManager.default.fileExists(atPath: folder.path) ? page.folder + "/" : "tutorials/\(page.id).md")
            }
        }
        plan.leftOver = manifest.files.keys.filter { !written.contains($0) }.sorted()
        plan.conflicts = Array(Set(plan.conflicts)).sorted()
        return plan
    }

    /// Writes the plan's files and the manifest; nothing when the plan has conflicts. Every path is
    /// checked to stay inside the content folder, through folders that are not symbolic links.
    public static func write(_ plan: ImportPlan, contentDirectory: URL, source: ImportSource) throws {
        guard plan.conflicts.isEmpty else {
            throw ImportFailure("the editor changed \(plan.conflicts.count) file\(plan.conflicts.count == 1 ? "" : "s") since the last import, or they were not written by it: \(plan.conflicts.joined(separator: ", ")); nothing was written (import with --overwrite to replace them)")
        }
        let content = contentDirectory.standardizedFileURL.resolvingSymlinksInPath()
        let manager = FileManager.default
        // The source's folder name only: its full path is the editor's own machine, not for the repository.
        var manifest = Manifest(format: plan.format.rawValue, source: source.root.lastPathComponent, files: [:])
        for file in plan.files {
            guard let path = ImportSource.normalize(file.path), path == file.path, path.hasPrefix("tutorials/") else {
                throw ImportFailure("refusing to write '\(file.path)': it is not a path inside content/tutorials/")
            }
            let target = content.appendingPathComponent(path)
            try checkNoLinks(path, under: content)
            try manager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            if file.state != .unchanged { try Data(file.bytes).write(to: target, options: .atomic) }
            manifest.files[path] = Manifest.Entry(sha256: Manifest.hash(file.bytes), body: file.copiedFrom == nil ? Manifest.bodyHash(file.bytes) : nil)
        }
        let manifestPath = "tutorials/\(plan.series)/\(manifestName)"
        try checkNoLinks(manifestPath, under: content)
        try manifest.data().write(to: content.appendingPathComponent(manifestPath), options: .atomic)
    }

    /// Refuses a path with a symbolic link in any folder on the way, or as the file itself: a link
    /// in the content folder could send the write anywhere.
    private static func checkNoLinks(_ path: String, under content: URL) throws {
        var current = content.path
        for part in path.split(separator: "/") {
            current += "/" + part
            var status = stat()
            if lstat(current, &status) == 0, status.st_mode & S_IFMT == S_IFLNK {
                throw ImportFailure("refusing to write through the symbolic link '\(current)'")
            }
        }
    }

    private static func state(of path: String, bytes: [UInt8], in content: URL, merged: Bool) -> PlannedFile.State {
        guard let current = try? Data(contentsOf: content.appendingPathComponent(path)) else { return .new }
        if Array(current) == bytes { return .unchanged }
        return merged ? .merged : .updated
    }

    /// The breakout ids of the content folder (`breakouts/ID.md`, `breakouts/ID/index.md`).
    static func knownBreakouts(_ content: URL) -> Set<String> {
        let folder = content.appendingPathComponent("breakouts")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        var ids = Set<String>()
        for name in names where !name.hasPrefix(".") && !name.hasPrefix("_") {
            if name.hasSuffix(".md") { ids.insert(String(name.dropLast(3))) } else if FileManager.default.fileExists(atPath: folder.appendingPathComponent(name + "/index.md").path) { ids.insert(name) }
        }
        return ids
    }

    // MARK: Pages

    private static func seriesPage(_ lesson: ImportedLesson, options: ImportWriteOptions, folder: String) -> PagePlan {
        var page = PagePlan(id: options.series, path: "\(folder)/_series.md", folder: folder, sourcePath: nil)
        page.set("title", .text(lesson.title))
        var introduction = lesson.introduction
        if let summary = lesson.summary {
            page.set("summary", .text(summary))
        } else if let lead = ImportText.openingParagraph(of: introduction) {
            // The page shows its summary above the text: an opening paragraph it takes is not repeated.
            page.set("summary", .text(lead.summary))
            introduction = lead.rest
        } else if let summary = ImportText.summary(of: introduction) {
            page.set("summary", .text(summary))
        } else {
            page.placeholder("summary", .text("\(placeholder): one or two plain sentences about the lesson, for listings and search"), why: "the lesson has no description")
        }
        if let level = options.level { page.set("level", .text(level)) }
        if !lesson.authors.isEmpty { page.set("authors", .list(lesson.authors)) }
        if !lesson.breaks.isEmpty {
            page.raw("breaks", "breaks:\n" + lesson.breaks.map { "  - {after: \($0.afterPart), minutes: \($0.minutes), title: \(ImportYAML.scalar($0.title))}" }.joined(separator: "\n"))
        }
        page.origin = lesson.origin
        page.lessonTitle = lesson.title
        page.lessonAuthors = lesson.authors
        page.writeOrigin()
        page.body = .markdown(introduction)
        return page
    }

    private static func partPage(_ episode: ImportedEpisode, part: Int, lesson: ImportedLesson, options: ImportWriteOptions, breakouts: [String], gitDate: String?) -> PagePlan {
        let id = ImportOptions(series: options.series).partID(slug: episode.slug)
        var page = PagePlan(id: id, path: "", folder: "tutorials/\(id)", sourcePath: episode.sourcePath)
        if case .notebook = episode.content { page.path = "tutorials/\(id)/index.ipynb" } else { page.path = "tutorials/\(id)/index.md" }
        page.set("title", .text(episode.title))
        var fields = episode.fields
        for reserved in ["title", "series", "part", "draft"] { fields[reserved] = nil }
        var content = episode.content
        if let summary = fields.removeValue(forKey: "summary") {
            page.set("summary", summary)
        } else if case .list(let objectives)? = fields["objectives"], let first = objectives.first, !ImportText.holdsMath(first), let summary = ImportText.plain(first) {
            page.set("summary", .text(summary))
        } else if case .markdown(let body) = episode.content, let lead = ImportText.openingParagraph(of: body) {
            page.set("summary", .text(lead.summary))
            content = .markdown(lead.rest)
        } else if case .markdown(let body) = episode.content, let summary = ImportText.summary(of: body) {
            page.set("summary", .text(summary))
        } else if case .notebook(let bytes) = episode.content, let text = ImportedNotebook.markdownCells(bytes).lazy.compactMap(ImportText.summary(of:)).first {
            page.set("summary", .text(text))
        } else {
            page.placeholder("summary", .text("\(placeholder): one or two plain sentences for listings and search"), why: "the episode has no objectives or first paragraph to take a summary from")
        }
        if let level = fields.removeValue(forKey: "level") ?? options.level.map(ImportValue.text) {
            page.set("level", level)
        } else {
            page.placeholder("level", .text("beginner"), why: "the source gives no level; pass --level or choose beginner, intermediate or advanced")
        }
        if !options.areas.isEmpty {
            page.set("areas", .list(options.areas))
            fields["areas"] = nil
        } else if let areas = fields.removeValue(forKey: "areas") {
            page.set("areas", areas)
        } else {
            page.placeholder("areas", .list([breakouts.first ?? "agentic-ai"]), why: "the source names no breakout; pass --area with the breakouts the lesson serves")
        }
        if let authors = fields.removeValue(forKey: "authors") {
            page.set("authors", authors)
        } else if !lesson.authors.isEmpty {
            page.set("authors", .list(lesson.authors))
        } else {
            page.placeholder("authors", .list([placeholder]), why: "the source names no authors (no AUTHORS or CITATION.cff)")
        }
        if let date = fields.removeValue(forKey: "date") {
            page.set("date", date)
        } else if let gitDate {
            page.set("date", .date(gitDate))
        } else {
            page.placeholder("date", .date(options.today), why: "the source is not a git work tree, so the date the episode was first written is unknown")
        }
        if fields["duration"] == nil, fields["teaching"] == nil, fields["exercises"] == nil {
            page.placeholder("duration", .text("30 min"), why: "the source gives no time for the episode (teaching, exercises)")
        }
        page.set("series", .text(options.series))
        page.set("part", .integer(part))
        for key in ["duration", "teaching", "exercises", "questions", "objectives", "keypoints", "prerequisites", "tags", "updated", "review_every"] {
            if let value = fields.removeValue(forKey: key) { page.set(key, value) }
        }
        for (key, value) in fields.sorted(by: { $0.key < $1.key }) { page.set(key, value) }
        page.body = content
        return page
    }
}

extension ImportedLesson {
    /// Links to notebook parts made `index.ipynb`: readers link every part as `index.md`
    /// (`ImportOptions.partLink`), and only here is every episode's kind known.
    mutating func linkNotebookParts(options: ImportOptions) {
        let notebooks = episodes.compactMap { episode -> String? in
            if case .notebook = episode.content { return options.partLink(slug: episode.slug) }
            return nil
        }
        guard !notebooks.isEmpty else { return }
        func fix(_ text: String) -> String {
            var text = text
            for link in notebooks where text.contains(link) {
                text = text.replacingOccurrences(of: "(\(link)", with: "(\(link.dropLast(2))ipynb")
                    .replacingOccurrences(of: "(<\(link)", with: "(<\(link.dropLast(2))ipynb")
                    .replacingOccurrences(of: "]: \(link)", with: "]: \(link.dropLast(2))ipynb")
                    .replacingOccurrences(of: "=\"\(link)", with: "=\"\(link.dropLast(2))ipynb")
            }
            return text
        }
        introduction = fix(introduction)
        for index in episodes.indices {
            if case .markdown(let body) = episodes[index].content { episodes[index].content = .markdown(fix(body)) }
        }
    }
}
