import Foundation

/// Whether each line of a page, read in order, is fenced code: a fence's line or a line inside one.
struct CarpentriesFence {
    private var open: (character: Character, count: Int)?

    /// Whether `line`, the next line of the page, is code.
    mutating func isCode(_ line: Substring) -> Bool {
        guard let marker = ImportLinks.fenceMarker(line) else { return open != nil }
        if let fence = open {
            if marker.character == fence.character, marker.count >= fence.count, marker.rest.allSatisfy(\.isWhitespace) { open = nil }
        } else {
            open = (marker.character, marker.count)
        }
        return true
    }
}
