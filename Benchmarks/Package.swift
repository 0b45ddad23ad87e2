// swift-tools-version:6.2
import PackageDescription

// Benchmarks live in a package of their own so that `make test` and CI never build them.
let package = Package(
    name: "vrc-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "vrc", path: "..")
    ],
    targets: [
        .target(name: "BenchSupport"),
        .executableTarget(
            name: "TransactionBench",
            dependencies: [.product(name: "NFTables", package: "vrc")],
            swiftSettings: [.unsafeFlags(["-Ounchecked"])]
        ),
        .executableTarget(
            name: "RouterBench",
            dependencies: [
                "BenchSupport",
                .product(name: "NFTables", package: "vrc"),
                .product(name: "RouterModel", package: "vrc"),
                .product(name: "RouterCompiler", package: "vrc"),
            ],
            swiftSettings: [.unsafeFlags(["-Ounchecked"])]
        ),
        .executableTarget(
            name: "ImportBench",
            dependencies: [
                "BenchSupport",
                .product(name: "NFTables", package: "vrc"),
                .product(name: "IptablesImport", package: "vrc"),
            ],
            swiftSettings: [.unsafeFlags(["-Ounchecked"])]
        ),
    ]
)
