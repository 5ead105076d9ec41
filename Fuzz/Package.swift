// swift-tools-version: 6.0
// libFuzzer targets for portal; see "Fuzzing" in ../README.md. Built only with the fuzzer flags:
//   swift build --package-path Fuzz --scratch-path .build-fuzz -c release \
//     -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
import Foundation
import PackageDescription

// A path dependency is named after its folder, which is the checkout's name (portal, main, …).
let portalPackage = URL(fileURLWithPath: Context.packageDirectory).deletingLastPathComponent().lastPathComponent

let package = Package(
    name: "PortalFuzz",
    dependencies: [.package(path: "..")],
    targets: ["FuzzFrontMatter", "FuzzMarkdown", "FuzzRawHTML", "FuzzLinks", "FuzzContentTree", "FuzzMath", "FuzzBibTeX"].map { name in
        .executableTarget(name: name, dependencies: [.product(name: "PortalCore", package: portalPackage)])
    },
    swiftLanguageModes: [.v6]
)
