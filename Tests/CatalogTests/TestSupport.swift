import Foundation
import GRDB
@testable import Catalog

/// Paths and helpers shared by the catalogue tests.
enum TestSupport {
    /// The package root, found from this source file.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var mediaFolder: String { root.appendingPathComponent("Media").path }

    static func media(_ name: String) -> String { root.appendingPathComponent("Media").appendingPathComponent(name).path }

    /// The clips in Media/ that a catalogue should import (not the broken ones, not sidecars).
    static var sampleClips: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: mediaFolder)) ?? []
        return names.filter { ["mp4", "mov", "mkv", "webm", "ts"].contains(($0 as NSString).pathExtension) }.sorted()
    }

    static let ffmpegAvailable = FileManager.default.isExecutableFile(atPath: "/usr/bin/ffmpeg")

    /// A fresh empty folder under the temporary directory; removed by the caller with `cleanUp`.
    static func temporaryFolder(_ label: String = "cat") throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("reel-\(label)-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func cleanUp(_ path: String) { try? FileManager.default.removeItem(atPath: path) }

    /// Copies sample clips (and their sidecars) into `folder`.
    static func copySamples(_ names: [String], to folder: String) throws {
        for name in names {
            try FileManager.default.copyItem(atPath: media(name), toPath: (folder as NSString).appendingPathComponent(name))
            let stem = (name as NSString).deletingPathExtension
            for ext in ["srt", "vtt"] where FileManager.default.fileExists(atPath: media("\(stem).\(ext)")) {
                try FileManager.default.copyItem(atPath: media("\(stem).\(ext)"), toPath: (folder as NSString).appendingPathComponent("\(stem).\(ext)"))
            }
        }
    }

    /// Runs ffmpeg quietly; throws when it fails.
    static func ffmpeg(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/ffmpeg")
        process.arguments = ["-hide_banner", "-nostdin", "-loglevel", "error", "-y"] + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        if process.terminationStatus != 0 { throw CatalogError.missingValue("ffmpeg \(arguments.joined(separator: " ")) failed") }
    }

    /// Checks the invariants a catalogue must keep whatever happened: SQLite's own integrity check, foreign keys,
    /// one search row per clip, a flag row for every clip that should have one. Returns the problems found.
    static func consistencyProblems(_ catalog: Catalog) throws -> [String] {
        try catalog.writer.write { db in
            var problems: [String] = []
            let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check")
            if integrity != ["ok"] { problems.append("integrity_check: \(integrity)") }
            let fk = try Row.fetchAll(db, sql: "PRAGMA foreign_key_check")
            if !fk.isEmpty { problems.append("foreign_key_check: \(fk.count) rows") }
            let clips = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM clip")!
            let indexed = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM clipSearch")!
            if clips != indexed { problems.append("\(clips) clips but \(indexed) search rows") }
            let orphans = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM clipSearch WHERE rowid NOT IN (SELECT id FROM clip)")!
            if orphans > 0 { problems.append("\(orphans) search rows without a clip") }
            try db.execute(sql: "INSERT INTO clipSearch(clipSearch) VALUES('integrity-check')")
            return problems
        }
    }
}

extension TestSupport {
    /// An in-memory catalogue holding the sample footage described by the sample shot log (no pictures).
    static func sampleCatalogue() async throws -> Catalog {
        let catalog = try Catalog(inMemoryWith: .standard)
        let log = try ShotLog(contentsOf: root.appendingPathComponent("Catalog/shotlog.csv").path)
        let report = try await catalog.importMedia([mediaFolder], options: ImportOptions(shotLog: log, makePictures: false, recordedBy: "tester"))
        precondition(report.shotLogIssues.isEmpty, "\(report.shotLogIssues)")
        return catalog
    }

    /// A moment just after the sample import (consent events are recorded at import time): the doctor's consent
    /// expired at the end of 2025, the others' run to 2029-06-30.
    static var shortlyAfterImport: Date { Date() + 60 }
}
