// swift-tools-version:6.2
// The fuzz targets of vrc: one libFuzzer executable per input vrc parses. Build and run them with
// `scripts/fuzz.sh` (see README.md); a plain `swift build` without `-sanitize=fuzzer` cannot link them,
// since libFuzzer provides `main`.
import PackageDescription

/// One fuzz target: the driver and the shared checks, and the vrc libraries its input goes through.
func fuzzTarget(_ name: String, libraries: [String]) -> Target {
    .executableTarget(
        name: name,
        dependencies: ["FuzzDriver", "FuzzSupport"] + libraries.map { .product(name: $0, package: "vrc") }
    )
}

let package = Package(
    name: "vrc-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "vrc", path: "..")
    ],
    targets: [
        .target(name: "FuzzDriver"),
        .target(name: "FuzzSupport"),
        fuzzTarget("FuzzRouterDocument", libraries: ["RouterModel", "RouterCompiler", "NFTables"]),
        fuzzTarget("FuzzIptablesSave", libraries: ["IptablesImport", "NFTables"]),
        fuzzTarget("FuzzIpsetSave", libraries: ["IptablesImport", "NFTables"]),
        fuzzTarget("FuzzCloudStack", libraries: ["CloudStackImport", "RouterModel", "RouterCompiler", "NFTables"]),
        fuzzTarget("FuzzNetlinkReply", libraries: ["NFTables"]),
    ]
)
