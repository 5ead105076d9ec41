// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "portal",
    products: [
        .executable(name: "portal", targets: ["portal"]),
        .library(name: "PortalCore", targets: ["PortalCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // `portal mcp`: only its MCP library is built (with swift-system and swift-log); the
        // package's swift-nio is for its conformance server and is fetched, never compiled.
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk", from: "0.12.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        .target(
            name: "PortalMarkdown",
            dependencies: ["CCmarkGFM", "PortalMath"],
            // The executable defines a function of cmark-gfm for the whole process (see SpecialCharacters.swift),
            // which the library only calls if the executable exports it.
            linkerSettings: [.unsafeFlags(["-Xlinker", "--export-dynamic-symbol=cmark_manage_extensions_special_characters"])]
        ),
        // LaTeX math to MathML Core, pure Swift with no dependencies (Sources/PortalMath).
        .target(name: "PortalMath"),
        // SHA-256's compression function with the x86-64 SHA extensions, for the build manifest's keys.
        .target(name: "CSHA256"),
        .target(
            name: "PortalCore",
            dependencies: [
                "PortalMarkdown", "PortalMath", "CSHA256",
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .target(
            name: "PortalPreview",
            dependencies: ["PortalCore"]
        ),
        .executableTarget(
            name: "portal",
            dependencies: [
                "PortalCore", "PortalPreview",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "MCP", package: "swift-sdk"),
            ],
            // In release builds jemalloc replaces glibc's malloc for the whole process: a build allocates
            // strings and dictionaries on all cores, and jemalloc's per-thread arenas make that cheaper
            // (docs/architecture.md, "Performance techniques"). Not in debug builds, which the
            // sanitizers use: under AddressSanitizer, jemalloc's thread-exit hook aborts the process.
            linkerSettings: [.linkedLibrary("jemalloc", .when(platforms: [.linux], configuration: .release))]
        ),
        .target(
            name: "PortalTestSupport",
            dependencies: ["PortalCore"],
            path: "Tests/PortalTestSupport"
        ),
        .testTarget(
            name: "PortalTests",
            dependencies: [
                "PortalCore", "PortalMarkdown", "PortalPreview", "PortalTestSupport",
                // To compose YAML the way the build does, in the front-matter limits' property test.
                .product(name: "Yams", package: "Yams"),
                // The reference Mustache implementation the compiled renderer is compared with.
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            // Inputs read by path (the fuzzers' findings), not bundled.
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "PortalMathTests",
            dependencies: ["PortalMath"],
            // The golden corpus is read by path (and rewritten by path on request), not bundled.
            exclude: ["Fixtures"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
