// swift-tools-version:6.2
import PackageDescription

let package = Package(
    name: "vrc",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "NFTables", targets: ["NFTables"]),
        .library(name: "RouterModel", targets: ["RouterModel"]),
        .library(name: "RouterCompiler", targets: ["RouterCompiler"]),
        .library(name: "IptablesImport", targets: ["IptablesImport"]),
        .library(name: "CloudStackImport", targets: ["CloudStackImport"]),
        .library(name: "VRCBench", targets: ["VRCBench"]),
        .executable(name: "vrc", targets: ["vrc"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2")
    ],
    targets: [
        .systemLibrary(
            name: "CNetfilter",
            pkgConfig: "libnftnl",
            providers: [.apt(["libnftnl-dev", "libmnl-dev"])]
        ),
        .target(name: "NFTables", dependencies: ["CNetfilter"]),
        .target(name: "RouterModel"),
        .target(name: "RouterCompiler", dependencies: ["NFTables", "RouterModel"]),
        .target(name: "IptablesImport", dependencies: ["NFTables"]),
        .target(name: "CloudStackImport", dependencies: ["RouterModel"]),
        .target(name: "VRCBench", dependencies: ["NFTables", "RouterModel", "RouterCompiler", "IptablesImport"]),
        .executableTarget(
            name: "vrc",
            dependencies: [
                "NFTables",
                "RouterModel",
                "RouterCompiler",
                "IptablesImport",
                "CloudStackImport",
                "VRCBench",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "NFTablesTests", dependencies: ["NFTables"]),
        .testTarget(name: "RouterModelTests", dependencies: ["RouterModel"]),
        .testTarget(name: "RouterCompilerTests", dependencies: ["RouterCompiler", "RouterModel", "NFTables"]),
        .testTarget(
            name: "RouterBehaviourTests", dependencies: ["RouterCompiler", "RouterModel", "NFTables", "CloudStackImport"]),
        .testTarget(name: "CloudStackImportTests", dependencies: ["CloudStackImport", "RouterModel"]),
        .testTarget(name: "IptablesImportTests", dependencies: ["IptablesImport", "NFTables", "vrc"]),
        .testTarget(name: "VRCBenchTests", dependencies: ["VRCBench", "RouterModel", "RouterCompiler", "NFTables"]),
        .testTarget(name: "VRCCommandTests", dependencies: ["vrc", "NFTables", "VRCBench"]),
    ]
)
