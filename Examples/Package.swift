// swift-tools-version:6.2
import PackageDescription

// An orchestration tool's use of vrc, as a package of its own that depends on vrc by path.
let package = Package(
    name: "vrc-examples",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "vrc", path: "..")
    ],
    targets: [
        .executableTarget(
            name: "OrchestratorExample",
            dependencies: [
                .product(name: "RouterModel", package: "vrc"),
                .product(name: "RouterCompiler", package: "vrc"),
                .product(name: "NFTables", package: "vrc"),
            ]
        )
    ]
)
