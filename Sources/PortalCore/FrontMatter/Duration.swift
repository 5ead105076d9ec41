/// Reads and writes durations such as `45 min`, `2 h` or `1 h 30 min`.
enum Duration {
    /// The number of minutes in `text`, or nil if it is not a duration.
    static func minutes(in text: String) -> Int? {
        let words = text.lowercased().split(whereSeparator: { $0 == " " })
        var total = 0
        var index = 0
        var sawUnit = false
        while index < words.count {
            var word = Substring(words[index])
            let digits = word.prefix(while: \.isASCIIDigit)
            guard !digits.isEmpty, digits.count <= 5, let number = Int(digits) else { return nil }
            word = word.dropFirst(digits.count)
            if word.isEmpty {
                index += 1
                guard index < words.count else { return nil }
                word = words[index]
            }
            switch word {
            case "h", "hr", "hrs", "hour", "hours": total += number * 60
            case "m", "min", "mins", "minute", "minutes": total += number
            default: return nil
            }
            sawUnit = true
            index += 1
        }
        return sawUnit && total > 0 ? total : nil
    }

    /// `1 h 30 min`, `45 min`, `2 h`.
    static func display(minutes: Int) -> String {
        let hours = minutes / 60
        let rest = minutes % 60
        switch (hours, rest) {
        case (0, _): return "\(rest) min"
        case (_, 0): return "\(hours) h"
        default: return "\(hours) h \(rest) min"
        }
    }
}
