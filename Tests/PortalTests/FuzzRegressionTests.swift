import Foundation
@_spi(Fuzzing) import PortalCore
import Testing

/// Where the inputs the fuzzers found are kept, one folder per target (see "Fuzzing and sanitizers" in docs/development.md).
private let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/fuzz")
/// The fuzzers' seed inputs, which must hold every property too.
private let seeds = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fuzz/Seeds")

/// Every input the fuzz targets in `Fuzz/` crashed on, hung on or broke a property with, replayed
/// through the same entry points (`FuzzTargets`), and the seeds they start from.
@Suite("Inputs found by fuzzing")
struct FuzzRegressionTests {
    /// The files of `folder/target`, as `target/name`.
    static func inputs(_ target: String, in folder: URL = fixtures) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent(target).path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { "\(target)/\($0)" }
    }

    static let targets = ["FrontMatter", "Markdown", "RawHTML", "Links", "ContentTree", "Math"]
    static let found = targets.flatMap { inputs($0) }
    static let seedInputs = targets.flatMap { inputs($0, in: seeds) }

    private func replay(_ input: String, from folder: URL) throws -> [String] {
        let bytes = Array(try Data(contentsOf: folder.appendingPathComponent(input)))
        switch input.prefix(while: { $0 != "/" }) {
        case "FrontMatter": return FuzzTargets.frontMatter(bytes)
        case "Markdown": return FuzzTargets.markdown(bytes)
        case "RawHTML": return FuzzTargets.rawHTML(bytes)
        case "ContentTree": return FuzzTargets.contentTree(bytes)
        case "Math": return FuzzTargets.math(bytes)
        default: return FuzzTargets.links(bytes)
        }
    }

    @Test("Every target has kept inputs")
    func inputsArePresent() {
        for target in Self.targets {
            #expect(!Self.inputs(target).isEmpty || ["FrontMatter", "ContentTree", "Math", "RawHTML"].contains(target), "no kept inputs for \(target)")
            #expect(!Self.inputs(target, in: seeds).isEmpty, "no seeds for \(target)")
        }
    }

    @Test("A kept input breaks no property", arguments: found)
    func keptInput(_ input: String) throws {
        let violations = try replay(input, from: fixtures)
        #expect(violations.isEmpty, "\(violations.joined(separator: "\n"))")
    }

    @Test("A seed input breaks no property", arguments: seedInputs)
    func seed(_ input: String) throws {
        let violations = try replay(input, from: seeds)
        #expect(violations.isEmpty, "\(violations.joined(separator: "\n"))")
    }
}

/// The BibTeX reader's target (`Fuzz/Sources/FuzzBibTeX`): its seeds and any inputs kept in
/// `Fixtures/fuzz/BibTeX/`, replayed through `FuzzTargets.bibTeX`.
@Suite("Inputs found by fuzzing the BibTeX reader")
struct BibTeXFuzzRegressionTests {
    static let found = FuzzRegressionTests.inputs("BibTeX")
    static let seedInputs = FuzzRegressionTests.inputs("BibTeX", in: seeds)

    private func replay(_ input: String, from folder: URL) throws -> [String] {
        FuzzTargets.bibTeX(Array(try Data(contentsOf: folder.appendingPathComponent(input))))
    }

    @Test("The target has seeds")
    func seedsArePresent() {
        #expect(!Self.seedInputs.isEmpty)
    }

    @Test("A kept input or seed breaks no property", arguments: found.map { (input: $0, isSeed: false) } + seedInputs.map { (input: $0, isSeed: true) })
    func replayed(input: String, isSeed: Bool) throws {
        let violations = try replay(input, from: isSeed ? seeds : fixtures)
        #expect(violations.isEmpty, "\(violations.joined(separator: "\n"))")
    }
}
