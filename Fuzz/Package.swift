// swift-tools-version:6.2
// The fuzz targets of vrc: one libFuzzer executable per input vrc parses. Build and run them with
// `scripts/fuzz.sh` (see README.md); a plain `swift build` without `-sanitize=fuzzer` cannot link them,
// since libFuzzer provides `main`.
import PackageDescription

let package = Package(
    name: "vrc-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "vrc", path: "..")
    ],
    targets: [
        .target(name: "FuzzDriver"),
        .target(name: "FuzzSupport"),
        .executableTarget(
            name: "FuzzRouterDocument",
            dependencies: [
                "FuzzDriver",
                "FuzzSupport",
                .product(name: "RouterModel", package: "vrc"),
                .product(name: "RouterCompiler", package: "vrc"),
                .product(name: "NFTables", package: "vrc"),
            ]
        ),
        .executableTarget(
            name: "FuzzIptablesSave",
            dependencies: [
                "FuzzDriver",
                "FuzzSupport",
                .product(name: "IptablesImport", package: "vrc"),
                .product(name: "NFTables", package: "vrc"),
            ]
        ),
        .executableTarget(
            name: "FuzzIpsetSave",
            dependencies: [
                "FuzzDriver",
                "FuzzSupport",
                .product(name: "IptablesImport", package: "vrc"),
                .product(name: "NFTables", package: "vrc"),
            ]
        ),
        .executableTarget(
            name: "FuzzCloudStack",
            dependencies: [
                "FuzzDriver",
                "FuzzSupport",
                .product(name: "CloudStackImport", package: "vrc"),
                .product(name: "RouterModel", package: "vrc"),
                .product(name: "RouterCompiler", package: "vrc"),
                .product(name: "NFTables", package: "vrc"),
            ]
        ),
        .executableTarget(
            name: "FuzzNetlinkReply",
            dependencies: [
                "FuzzDriver",
                "FuzzSupport",
                .product(name: "NFTables", package: "vrc"),
            ]
        ),
    ]
)
