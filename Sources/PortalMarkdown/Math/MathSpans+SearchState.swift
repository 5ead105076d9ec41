import Foundation

extension MathSpans {
    /// What the scan's searches learn about a text as they go, so that none reads the same bytes again
    /// and again: where each paragraph ends, and which lengths of backtick run no later run closes.
    struct SearchState {
        let bytes: UnsafeBufferPointer<UInt8>
        let count: Int
        /// The line breaks that a blank line follows, then `count`, in order; found on the first search
        /// that finds nothing, since on most pages every opener closes and none is needed.
        private var paragraphEnds: [Int]?
        /// For a length of backtick run whose closing run was searched for in vain: where that search
        /// started and where it stopped (a blank line or the end). Runs are maximal, so an opener of that
        /// length between the two finds no closer either.
        private var unclosedRuns: [Int: (from: Int, stopped: Int)] = [:]

        init(_ bytes: UnsafeBufferPointer<UInt8>, count: Int) {
            self.bytes = bytes
            self.count = count
        }

        private func findParagraphEnds() -> [Int] {
            var ends: [Int] = []
            var index = 0
            while index < count, let base = bytes.baseAddress, let found = memchr(base + index, 0x0A, count - index) {
                let lineBreak = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                if MathSpans.isBlankLine(bytes, from: lineBreak + 1, count: count) { ends.append(lineBreak) }
                index = lineBreak + 1
            }
            ends.append(count)
            return ends
        }

        /// The end of the paragraph holding `index`: the first line break at or after it that a blank line follows, or `count`.
        mutating func paragraphEnd(after index: Int) -> Int {
            if paragraphEnds == nil { paragraphEnds = findParagraphEnds() }
            let paragraphEnds = paragraphEnds ?? [count]
            var low = 0, high = paragraphEnds.count - 1
            while low < high {
                let middle = (low + high) / 2
                if paragraphEnds[middle] < index { low = middle + 1 } else { high = middle }
            }
            return paragraphEnds[low]
        }

        /// Where the code span whose opening run (of `length` backticks) ends at `from` closes, just after
        /// its closing run; nil when no run of that length follows before a blank line.
        mutating func codeSpanEnd(from: Int, length: Int) -> Int? {
            if let known = unclosedRuns[length], known.from <= from, from <= known.stopped { return nil }
            var index = from
            while index < count {
                let byte = bytes[index]
                if byte == 0x0A, MathSpans.isBlankLine(bytes, from: index + 1, count: count) { break }
                if byte == UInt8(ascii: "`") {
                    var run = 0
                    while index + run < count, bytes[index + run] == byte { run += 1 }
                    if run == length { return index + run }
                    index += run
                    continue
                }
                index += 1
            }
            unclosedRuns[length] = (from, index)
            return nil
        }
    }
}
