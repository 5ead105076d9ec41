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
