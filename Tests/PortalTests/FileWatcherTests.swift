@testable import PortalPreview
import Testing

@Suite("File watcher batches")
struct FileWatcherTests {
    @Test("A lone file written and closed, or deleted, is handed over after the short wait; anything more waits until the folders are quiet")
    func waits() {
        func wait(reads: Int = 1, files: Int = 1, events: FileWatcher.Events = .written, lone: Int32 = 5) -> Int32 {
            FileWatcher.wait(reads: reads, files: files, events: events, quietPeriod: 25, loneWritePeriod: lone)
        }
        // An editor saving in place: one close-write event, read at once.
        #expect(wait() == 5)
        // A new page saved (created, written and closed, its creation often read first), or a page deleted, read at once.
        #expect(wait(events: [.created, .written]) == 5)
        #expect(wait(reads: 2, events: [.created, .written]) == 5)
        #expect(wait(events: .deleted) == 5)
        #expect(wait(reads: 2, events: .deleted) == 25)
        // More events came within the short wait, or in the same read: a batch, which waits to be quiet.
        #expect(wait(reads: 2) == 25)
        #expect(wait(files: 2) == 25)
        #expect(wait(files: 2, events: .deleted) == 25)
        // A file created and not closed yet is still being written.
        #expect(wait(events: .created) == 25)
        // A file deleted and written again, a temporary file renamed over the page, a backup moved aside.
        #expect(wait(events: [.deleted, .written]) == 25)
        #expect(wait(events: [.deleted, .created, .written]) == 25)
        #expect(wait(events: .other) == 25)
        #expect(wait(events: [.other, .written]) == 25)
        // The short wait is never the longer one.
        #expect(wait(lone: 40) == 25)
    }
}
