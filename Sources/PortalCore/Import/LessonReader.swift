import Foundation

/// What the command line gives every reader.
public struct ImportOptions: Sendable {
    /// The series id the lesson becomes (`--series`).
    public var series: String

    public init(series: String) {
        self.series = series
    }
}

/// Reads one format's source folder into an `ImportedLesson`.
///
/// A reader converts each episode's body to portal Markdown (blocks to `:::` blocks, Liquid and
/// template syntax resolved, links and image paths rewritten to the bundle), maps the episode's
/// front-matter to portal's tutorial fields, and lists the files each page needs. What it cannot
/// convert stays in the text as written and is an `ImportNote` at its file, line and column: the
/// import never drops text silently.
public protocol LessonReader {
    static func read(_ source: ImportSource, options: ImportOptions) throws -> ImportedLesson
}

/// Why a source cannot be imported at all (no episodes, no configuration it needs).
public struct ImportFailure: Error, CustomStringConvertible, Equatable {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
