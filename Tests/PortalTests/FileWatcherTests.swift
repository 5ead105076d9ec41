@testable import PortalPreview
import Testing

@Suite("File watcher batches")
struct FileWatcherTests {
    @Test("A lone file written and closed is handed over after the short wait; anything more waits until the folders are quiet")
    func waits() {
        func wait(reads: Int = 1, files: Int = 1, onlyWrites: Bool = true, lone: Int32 = 5) -> Int32 {
            FileWatcher.wait(reads: reads, files: files, onlyWrites: onlyWrites, quietPeriod: 25, loneWritePeriod: lone)
        }
        // An editor saving in place: one close-write event, read at once.
        #expect(wait() == 5)
        // More events came within the short wait, or in the same read: a batch, which waits to be quiet.
        #expect(wait(reads: 2) == 25)
        #expect(wait(files: 2) == 25)
        // A temporary file renamed over the page, a backup moved aside, a file created or deleted.
        #expect(wait(onlyWrites: false) == 25)
        // The short wait is never the longer one.
        #expect(wait(lone: 40) == 25)
    }
}
