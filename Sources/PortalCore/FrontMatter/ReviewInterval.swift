import Foundation

/// How often a page should be reviewed (`review_every: 12 months`).
struct ReviewInterval: Sendable, Equatable {
    let count: Int
    let unit: Calendar.Component

    /// Parses `N day(s)|week(s)|month(s)|year(s)`; nil for anything else.
    init?(_ text: String) {
        let words = text.lowercased().split(separator: " ")
        guard words.count == 2, let count = Int(words[0]), (1...1000).contains(count) else { return nil }
        switch words[1] {
        case "day", "days": unit = .day
        case "week", "weeks": unit = .weekOfYear
        case "month", "months": unit = .month
        case "year", "years": unit = .year
        default: return nil
        }
        self.count = count
    }

    /// The `YYYY-MM-DD` date one interval after `date`, or nil if `date` is not a date.
    func due(after date: String) -> String? {
        guard let day = CalendarDate(date) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        guard let start = calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day)),
              let due = calendar.date(byAdding: unit, value: count, to: start)
        else { return nil }
        let parts = calendar.dateComponents([.year, .month, .day], from: due)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }
}
