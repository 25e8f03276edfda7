// swift-tools-version:6.2
// Benchmark of ContactCSV against two listed CSV packages. Not part of the main build:
// run it with scripts/bench-csv. Sources/ContactCSV is a symlink to the library's sources.
import PackageDescription

let package = Package(
    name: "csv-bench",
    dependencies: [
        .package(url: "https://github.com/yaslab/CSV.swift.git", from: "2.5.2"),
        .package(url: "https://github.com/swiftcsv/SwiftCSV.git", from: "0.10.0"),
    ],
    targets: [
        .target(name: "ContactCSV", path: "Sources/ContactCSV"),
        .executableTarget(
            name: "csv-bench",
            dependencies: [
                "ContactCSV",
                .product(name: "CSV", package: "CSV.swift"),
                .product(name: "SwiftCSV", package: "SwiftCSV"),
            ]
        ),
    ]
)
