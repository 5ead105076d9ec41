extension Int {
    /// The number with its thousands grouped, `10,000`, the same in every locale: for messages.
    var grouped: String {
        let digits = Array(String(self))
        return String(digits.enumerated().flatMap { index, digit in (index > 0 && digit != "-" && digits[index - 1] != "-" && (digits.count - index) % 3 == 0) ? [",", digit] : [digit] })
    }
}
