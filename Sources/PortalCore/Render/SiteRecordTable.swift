import Foundation

/// The `site` records made so far, shared by the copies of one builder and safe to use from the
/// render threads. The record is the same on every page of one section at one folder depth, but
/// for the menu item that is the page itself, so a build makes one per section, depth and menu
/// item instead of one per page.
///
/// Each record kept is marked (a `TemplateValue.fragmentKey` member naming it, never a template's)
/// so that a page's key hashes it once per template (`CardDigests`) instead of once per page. The
/// marks are unique in the process, so no two records share a digest, whichever builders made them.
final class SiteRecordTable: @unchecked Sendable {
    struct Name: Hashable {
        let depth: Int
        /// The first folder of the page's address (empty at the top).
        let section: String
        let isHome: Bool
        /// The menu item whose page this is, or -1.
        let menuItem: Int
    }

    // Under NSLocks, which the thread sanitizer understands (it reports `Mutex` as a race).
    private static let marksLock = NSLock()
    nonisolated(unsafe) private static var lastMark = 0
    private let lock = NSLock()
    private var records: [Name: TemplateValue] = [:]

    /// The record of `name`, if it was made.
    func record(_ name: Name) -> TemplateValue? {
        lock.withLock { records[name] }
    }

    /// Marks and keeps `record`, made for `name`; the record kept (another thread's, if it was first).
    func keep(_ record: TemplateRecord, for name: Name) -> TemplateValue {
        var record = record
        let mark = Self.marksLock.withLock {
            Self.lastMark += 1
            return Self.lastMark
        }
        record[TemplateValue.fragmentKey] = .record(["site": .number(mark)])
        return lock.withLock {
            if let known = records[name] { return known }
            records[name] = .record(record)
            return .record(record)
        }
    }
}
