// swift-tools-version:6.2
import PackageDescription

// Benchmarks live in a package of their own so that `make test` and CI never build them.
//
// Two kinds live here: executables that time the whole path into a fresh namespace's kernel (`Sources/`,
// run by the `run-*.sh` scripts), and package-benchmark suites of the pure parts (`Benchmarks/`, run with
// `swift package benchmark`).
let package = Package(
    name: "vrc-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "vrc", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", exact: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "TransactionBench",
            dependencies: [.product(name: "NFTables", package: "vrc")],
            swiftSettings: [.unsafeFlags(["-Ounchecked"])]
        ),
        .executableTarget(
            name: "RouterBench",
            dependencies: [
                .product(name: "VRCBench", package: "vrc"),
                .product(name: "NFTables", package: "vrc"),
                .product(name: "RouterModel", package: "vrc"),
                .product(name: "RouterCompiler", package: "vrc"),
            ],
            swiftSettings: [.unsafeFlags(["-Ounchecked"])]
        ),
        .executableTarget(
            name: "ImportBench",
            dependencies: [
                "ImportDumps",
                .product(name: "VRCBench", package: "vrc"),
                .product(name: "NFTables", package: "vrc"),
                .product(name: "IptablesImport", package: "vrc"),
            ],
            swiftSettings: [.unsafeFlags(["-Ounchecked"])]
        ),
        // The generated iptables-save dumps, shared by ImportBench and the ImportSuite benchmarks.
        .target(
            name: "ImportDumps",
            dependencies: [.product(name: "VRCBench", package: "vrc")]
        ),

        // What the package-benchmark suites share: their sizes and configuration, and inputs made once per size.
        .target(
            name: "SuiteSupport",
            dependencies: [.product(name: "Benchmark", package: "benchmark")]
        ),

        // package-benchmark suites: `swift package benchmark`, `swift package benchmark baseline compare`.
        .executableTarget(
            name: "RouterSuite",
            dependencies: [
                "SuiteSupport",
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "VRCBench", package: "vrc"),
                .product(name: "NFTables", package: "vrc"),
                .product(name: "RouterModel", package: "vrc"),
                .product(name: "RouterCompiler", package: "vrc"),
            ],
            path: "Benchmarks/RouterSuite",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "ImportSuite",
            dependencies: [
                "ImportDumps",
                "SuiteSupport",
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "IptablesImport", package: "vrc"),
            ],
            path: "Benchmarks/ImportSuite",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
