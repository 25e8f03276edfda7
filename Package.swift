// swift-tools-version:6.2
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "contact-import",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "contact-import", targets: ["contact-import"])
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/vapor/multipart-kit.git", from: "4.7.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
    ],
    targets: [
        // CSV reading and writing: bytes in, rows out; rows in, safe CSV out. Depends on nothing.
        .target(name: "ContactCSV", swiftSettings: swiftSettings),
        // Contacts, contact fields and the value rules of SPEC §1. Pure, no I/O.
        .target(name: "ContactModel", swiftSettings: swiftSettings),
        // Phone numbers in E.164 (SPEC §10): a normaliser over libphonenumber's numbering-plan facts. Pure, no I/O.
        .target(name: "PhoneNumbers", swiftSettings: swiftSettings),
        // The import rules of SPEC §5: rows + identifier lookups in, outcomes out. Pure, no I/O.
        .target(name: "ImportRules", dependencies: ["ContactModel", "PhoneNumbers"], swiftSettings: swiftSettings),
        // Sending email over SMTP (plain or STARTTLS): the import's completion mail.
        .target(
            name: "Mailer",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Storage: the store protocol and its SQLite (GRDB) and PostgreSQL (PostgresNIO) implementations.
        .target(
            name: "ContactStore",
            dependencies: [
                "ContactModel", "ImportRules",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                // Its ConnectionPoolError: the pool giving up on connecting is told apart as "database unavailable".
                .product(name: "_ConnectionPoolModule", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: swiftSettings
        ),
        // The HTTP application: routes, auth, errors at the edge, services.
        .target(
            name: "ContactImportApp",
            dependencies: [
                "ContactCSV", "ContactModel", "ImportRules", "ContactStore", "Mailer", "PhoneNumbers",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            // The web UI's static files (HTML, CSS, JavaScript), served at `/`.
            resources: [.copy("WebUI/Public")],
            swiftSettings: swiftSettings
        ),
        // The thin command line: reads configuration, calls the library.
        .executableTarget(
            name: "contact-import",
            dependencies: [
                "ContactImportApp", "ContactModel", "ContactStore", "ImportRules", "Mailer", "PhoneNumbers",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: swiftSettings
        ),
        // The import benchmark (`scripts/bench`): seeds a workspace, then times one whole import. Not shipped.
        .executableTarget(
            name: "contact-import-bench",
            dependencies: [
                "ContactImportApp", "ContactCSV", "ContactModel", "ContactStore", "ImportRules", "PhoneNumbers",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/import",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ContactCSVTests", dependencies: ["ContactCSV"], resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings),
        .testTarget(name: "ContactModelTests", dependencies: ["ContactModel"], swiftSettings: swiftSettings),
        .testTarget(name: "PhoneNumbersTests", dependencies: ["PhoneNumbers"], swiftSettings: swiftSettings),
        .testTarget(
            name: "ImportRulesTests", dependencies: ["ImportRules", "ContactModel", "PhoneNumbers"],
            swiftSettings: swiftSettings),
        // A small SMTP server for tests, shared by the Mailer's and the application's tests.
        .target(
            name: "SMTPTestSupport",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            path: "Tests/Support/SMTPTestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "MailerTests", dependencies: ["Mailer", "SMTPTestSupport"], swiftSettings: swiftSettings),
        // The storage engines the tests run against (SQLite, and PostgreSQL when a test server is given).
        .target(
            name: "StoreTestSupport",
            dependencies: [
                "ContactStore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/Support/StoreTestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ContactStoreTests",
            dependencies: [
                "ContactStore", "ContactModel", "ImportRules", "StoreTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ContactImportAppTests",
            dependencies: [
                "ContactImportApp", "ContactStore", "ContactModel", "ContactCSV", "ImportRules", "Mailer",
                "PhoneNumbers", "SMTPTestSupport", "StoreTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
