/// The lines of a list that names pages (a listing twin's items, `llms.txt`'s entries), by the
/// position of the page each names, kept by the preview: the lines it knows still hold (their
/// pages' titles, summaries, addresses and places unchanged) are joined again as they were, and
/// only the others are made again.
typealias KeptLines = [Int: String]

extension KeptLines {
    /// The kept line of page `position`, or the one `make` makes; recorded in `made` unless that is
    /// nil (the one-off build, which keeps nothing).
    static func line(for position: Int, kept: KeptLines, made: inout KeptLines?, make: () -> String) -> String {
        let line = kept.isEmpty ? make() : kept[position] ?? make()
        made?[position] = line
        return line
    }
}
