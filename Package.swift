// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Reel",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "reel", targets: ["ReelCLI"]),
        .library(name: "Media", targets: ["Media"]),
        .library(name: "Playlists", targets: ["Playlists"]),
        .library(name: "Catalog", targets: ["Catalog"]),
        .library(name: "ReelWeb", targets: ["ReelWeb"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CFFmpeg",
            pkgConfig: "libavformat",
            providers: [.apt(["libavformat-dev", "libavcodec-dev", "libavutil-dev", "libswscale-dev", "libswresample-dev", "libavfilter-dev"])]
        ),
        .target(
            name: "Media",
            dependencies: ["CFFmpeg"]
        ),
        .target(
            name: "Playlists",
            dependencies: [
                "Media",
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .target(
            name: "Catalog",
            dependencies: [
                "Media",
                "Playlists",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .target(
            name: "ReelWeb",
            dependencies: [
                "Media",
                "Playlists",
                "Catalog",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "ReelCLI",
            dependencies: [
                "Media",
                "Playlists",
                "Catalog",
                "ReelWeb",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "MediaTests", dependencies: ["Media"]),
        .testTarget(name: "PlaylistsTests", dependencies: ["Playlists"]),
        .testTarget(name: "CatalogTests", dependencies: ["Catalog", "Playlists", "Media"]),
        .testTarget(name: "ReelCLITests", dependencies: ["ReelCLI"]),
        .testTarget(
            name: "ReelWebTests",
            dependencies: [
                "ReelWeb", "Catalog", "Playlists", "Media",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
