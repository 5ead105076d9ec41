import Foundation
import PortalMath
import Testing

/// The time per formula over the golden corpus, printed when `PORTAL_MATH_BENCHMARK=1` (run it in a
/// release build: `PORTAL_MATH_BENCHMARK=1 swift test -c release --filter PerformanceTests`).
@Suite struct PerformanceTests {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["PORTAL_MATH_BENCHMARK"] == "1"))
    func timePerFormula() throws {
        let corpus = try GoldenCorpusTests.corpus()
        let rounds = 200
        var bytes = 0
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            for _ in 0..<rounds {
                var converter = MathConverter()
                for (display, tex) in corpus { bytes &+= converter.convert(tex, display: display).mathML.utf8.count }
            }
        }
        let formulas = Double(rounds * corpus.count)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let sourceBytes = corpus.reduce(0) { $0 + $1.tex.utf8.count }
        print("PortalMath: \(Int(formulas)) formulas (mean \(sourceBytes / corpus.count) bytes of TeX) in \(seconds) s: \(seconds / formulas * 1e6) µs per formula (\(bytes) bytes written)")
    }
}
