/// The cell breaks of a notebook written as MyST Markdown (jupytext): a line `+++`, alone or with
/// the next cell's metadata (`+++ {"tags": ["hide"]}`), outside fenced code. They separate cells
/// for Jupyter and are not part of the text.
enum CellBreaks {
    /// `text` with each cell break made of spaces, so that every later reading keeps its offsets and
    /// reads a blank line; nil when there is none.
    static func blanked(_ text: String) -> String? {
        var bytes = Array(text.utf8)
        var found = false
        var fence: (character: UInt8, length: Int)?
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != 0x0A { end += 1 }
            var indent = start
            while indent < end, indent < start + 3, bytes[indent] == 0x20 { indent += 1 }
            if indent < end, bytes[indent] == UInt8(ascii: "`") || bytes[indent] == UInt8(ascii: "~") {
                var run = indent
                while run < end, bytes[run] == bytes[indent] { run += 1 }
                if run - indent >= 3 {
                    if let open = fence {
                        if open.character == bytes[indent], run - indent >= open.length { fence = nil }
                    } else {
                        fence = (bytes[indent], run - indent)
                    }
                }
            } else if fence == nil, indent == start, end - start >= 3, bytes[start] == UInt8(ascii: "+"), bytes[start + 1] == UInt8(ascii: "+"),
                      bytes[start + 2] == UInt8(ascii: "+"), end - start == 3 || bytes[start + 3] == 0x20 || bytes[start + 3] == 0x0D {
                for index in start..<end where bytes[index] != 0x0D { bytes[index] = 0x20 }
                found = true
            }
            start = end + 1
        }
        return found ? String(decoding: bytes, as: UTF8.self) : nil
    }
}
