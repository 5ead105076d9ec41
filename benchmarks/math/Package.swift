// swift-tools-version: 6.0
// The TeX converter alone, for profiling: see run.sh and docs/development.md ("Benchmark").
import PackageDescription

let package = Package(
    name: "mathbench",
    targets: [
        // A symbolic link to the portal package's Sources/PortalMath: the converter as it ships.
        .target(name: "PortalMath"),
        .executableTarget(name: "mathbench", dependencies: ["PortalMath"]),
    ],
    swiftLanguageModes: [.v6]
)
