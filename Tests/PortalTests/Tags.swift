import Foundation
import Testing

extension Tag {
    /// Tests that take a second or more on their own: servers under abuse, builds stopped at random
    /// points, property tests and whole-site comparisons.
    @Tag static var slow: Self
}

extension Trait where Self == ConditionTrait {
    /// Leaves a slow test out when `PORTAL_SKIP_SLOW=1` is set: `swift test` filters by name, not by
    /// tag, so the tag alone would not let the command line leave them out.
    static var skippedWhenAsked: Self {
        .disabled(if: ProcessInfo.processInfo.environment["PORTAL_SKIP_SLOW"] == "1", "PORTAL_SKIP_SLOW=1 leaves the slow tests out")
    }
}

/// How much of a long property or stress test runs. `swift test` runs all of it. With
/// `PORTAL_SHORT_TESTS=N`, each test that asks runs a 1/N share of its rounds and of its inputs'
/// sizes. `.ci/run` sets it under the sanitizers: they make each round several times slower, and
/// what they look for (a data race, a bad memory access) lies on the paths the first rounds already
/// take. The plain run keeps the full sample for what needs it: rarer edit sequences, and time that
/// grows faster than the input.
enum TestScale {
    /// 1, or N from `PORTAL_SHORT_TESTS`.
    static let divisor = max(1, ProcessInfo.processInfo.environment["PORTAL_SHORT_TESTS"].flatMap { Int($0) } ?? 1)

    /// `full` rounds or bytes, or the share of them the short run asks for (at least one, when `full` is).
    static func of(_ full: Int) -> Int {
        max(min(1, full), full / divisor)
    }
}
