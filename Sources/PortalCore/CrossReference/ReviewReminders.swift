import Foundation

/// Warns about tutorials and resources past their `review_every` interval since they last changed.
struct ReviewReminders {
    /// Today as `YYYY-MM-DD`.
    let today: String

    /// Today's date in UTC.
    static func currentDate() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: Date())
    }

    /// The warning that `page` is due for review, if it is.
    func reminder(for page: Page) -> Diagnostic? {
        guard let text = page.frontMatter.text("review_every"), let interval = ReviewInterval(text), let source = page.source else { return nil }
        guard let changed = page.lastModified, let due = interval.due(after: changed), due < today else { return nil }
        let (line, column) = page.frontMatter.position(of: "review_every")
        return source.diagnostic(.warning, "freshness.review-due",
                                 "this page last changed on \(changed) and is due for review every \(text) (since \(due))",
                                 line: line, column: column, fix: "check it is still right, then commit a change or set 'updated:'")
    }
}
