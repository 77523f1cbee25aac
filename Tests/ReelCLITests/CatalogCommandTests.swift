import Foundation
import Testing

import Catalog
import GRDB

/// Runs the built `reel` binary on the catalogue commands, end to end, as a user would: import with a shot log,
/// list, show, withdraw consent, the errors users see, and an import killed with SIGKILL and run again.
struct CatalogCommandTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `reel` binary built beside the test bundle.
    static let binary: String? = {
        let dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [dir, dir.deletingLastPathComponent()] {
            let path = candidate.appendingPathComponent("reel").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }()

    static var ready: Bool { binary != nil }
    static var hasFFmpeg: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/ffmpeg") }

    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `reel` with arguments in `directory`, with `REEL_CATALOG` set to `catalog`.
    @discardableResult
    static func reel(_ arguments: [String], catalog: String, in directory: String? = nil) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary!)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["REEL_CATALOG"] = catalog
        env["USER"] = "tester"
        env.removeValue(forKey: "REEL_TAXONOMY")
        process.environment = env
        process.currentDirectoryURL = URL(fileURLWithPath: directory ?? root.path)
        // Output goes to files, so a full pipe can never block the program.
        let outPath = FileManager.default.temporaryDirectory.appendingPathComponent("reel-out-\(UUID().uuidString)").path
        let errPath = outPath + ".err"
        FileManager.default.createFile(atPath: outPath, contents: nil)
        FileManager.default.createFile(atPath: errPath, contents: nil)
        defer {
            try? FileManager.default.removeItem(atPath: outPath)
            try? FileManager.default.removeItem(atPath: errPath)
        }
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        process.standardOutput = out
        process.standardError = err
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        return Output(status: process.terminationStatus,
                      stdout: String(decoding: FileManager.default.contents(atPath: outPath) ?? Data(), as: UTF8.self),
                      stderr: String(decoding: FileManager.default.contents(atPath: errPath) ?? Data(), as: UTF8.self))
    }

    static func temporaryFolder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("reel-cli-cat-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test(.enabled(if: ready)) func importListShowAndWithdrawOnTheSampleFootage() throws {
        let dir = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let catalog = dir + "/cat/catalog.sqlite"
        let imported = try Self.reel(["import", "Media", "--shotlog", "Catalog/shotlog.csv", "--no-pictures"], catalog: catalog)
        // broken/truncated.mp4 fails, so the exit status is 1; everything else is there.
        #expect(imported.status == 1)
        #expect(imported.stdout.contains("11 imported, 0 duplicates, 0 moved, 5 skipped, 1 failed; shot log: 14 rows applied, 0 problems"))
        #expect(imported.stderr.contains("\(Self.root.path)/Media/broken/truncated.mp4: truncated or unfinished recording: no index (moov) found"))
        #expect(imported.stdout.contains("[silent-channel, no-captions]"))
        #expect(imported.stdout.contains("family-support-black-start.mp4  [black-head, silent-head, no-captions]"))
        #expect(FileManager.default.fileExists(atPath: catalog))

        let json = try Self.reel(["clips", "--json"], catalog: catalog)
        #expect(json.status == 0)
        let clips = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(clips.count == 11)
        for clip in clips {
            for key in ["id", "path", "duration", "speaker", "role", "audience", "themes", "consent", "flags", "segments"] {
                #expect(clip.keys.contains(key), "\(key) missing in \(clip["fileName"] ?? "?")")
            }
        }

        let withdraw = try Self.reel(["consent", "withdraw", "tom hughes", "--reason", "asked by email"], catalog: catalog)
        #expect(withdraw.status == 0)
        #expect(withdraw.stdout.contains("Tom Hughes: consent withdrawn"))
        #expect(withdraw.stdout.contains("by tester"))
        let listed = try Self.reel(["clips", "--consent", "withdrawn"], catalog: catalog)
        #expect(listed.stdout.contains("porter-prores.mov"))
        #expect(listed.stdout.contains("WITHDRAWN"))
        let show = try Self.reel(["show", "porter-prores.mov"], catalog: catalog)
        #expect(show.stdout.contains("NOT USABLE"))
        #expect(show.stdout.split(separator: "\n").contains { $0.hasPrefix("Timecode") && $0.hasSuffix("10:00:00:00") })
        let usable = try Self.reel(["clips", "--usable", "--role", "porter"], catalog: catalog)
        #expect(usable.stdout.contains("portrait-phone.mp4"))
        #expect(!usable.stdout.contains("porter-prores.mov"))
        let search = try Self.reel(["clips", "--text", "hand cast", "--json"], catalog: catalog)
        let found = try #require(try JSONSerialization.jsonObject(with: Data(search.stdout.utf8)) as? [[String: Any]])
        #expect(found.map { $0["fileName"] as? String } == ["hca-long-gop.mp4"])

        // Again: nothing new.
        let again = try Self.reel(["import", "Media", "--no-pictures"], catalog: catalog)
        #expect(again.stdout.contains("0 imported, 11 duplicates, 0 moved"))
    }

    @Test(.enabled(if: ready)) func errorsAreOneLineAUserCanActOn() throws {
        let dir = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let catalog = dir + "/catalog.sqlite"
        // A new catalogue is made only by import or on request (--create), never by a mistyped path.
        let role = try Self.reel(["speaker", "add", "Jo Kemp", "--role", "nurce", "--create"], catalog: catalog)
        #expect(role.status == 1)
        #expect(role.stderr == "unknown role 'nurce' (did you mean 'nurse'?); `reel taxonomy` lists the roles\n")
        let ok = try Self.reel(["speaker", "add", "Jo Kemp", "--role", "HCA", "--consent-ref", "CF-9", "--consent-expires", "2030-01-31"], catalog: catalog)
        #expect(ok.stdout == "added Jo Kemp (Health care assistant); consent: ok (CF-9, until 2030-01-31)\n")
        let date = try Self.reel(["consent", "grant", "Jo Kemp", "--ref", "CF-10", "--expires", "31/13/2030"], catalog: catalog)
        #expect(date.stderr == "invalid date '31/13/2030': use YYYY-MM-DD, e.g. 2027-03-31\n")
        let who = try Self.reel(["consent", "withdraw", "Jo Kempe"], catalog: catalog)
        #expect(who.stderr == "unknown speaker 'Jo Kempe' (did you mean 'Jo Kemp'?); `reel speaker list` lists them\n")
        let clip = try Self.reel(["show", "c-123456"], catalog: catalog)
        #expect(clip.stderr == "c-123456: no such clip in the catalogue (`reel clips` lists them)\n")
        let theme = try Self.reel(["clips", "--theme", "memories"], catalog: catalog)
        #expect(theme.stderr == "unknown theme 'memories' (did you mean 'memory-making'?); `reel taxonomy` lists the themes\n")

        let bad = dir + "/taxonomy.yaml"
        try """
            roles:
              - id: nurse
                label: Nurse
                audience: clinical
              - id: nurse
                audience: clinicl
            themes: []
            """.write(toFile: bad, atomically: true, encoding: .utf8)
        // taxonomy.yaml beside the catalogue is found without --taxonomy.
        let taxonomy = try Self.reel(["taxonomy"], catalog: catalog)
        #expect(taxonomy.status == 1)
        #expect(taxonomy.stderr == """
            \(bad):5: role has no 'label'
            \(bad):5: duplicate role id 'nurse' (first on line 2)
            \(bad):6: unknown audience 'clinicl' for role 'nurse': use clinical or non-clinical (did you mean 'clinical'?)
            \(bad):7: 'themes' is empty: list at least one theme

            """)
    }

    /// An import killed with SIGKILL part-way leaves a catalogue that passes SQLite's checks and Reel's own,
    /// readable by another `reel` meanwhile (WAL); running the import again finishes the job.
    @Test(.enabled(if: ready && hasFFmpeg)) func importKilledPartWayAndRunAgain() throws {
        let dir = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let clips = dir + "/clips"
        try FileManager.default.createDirectory(atPath: clips, withIntermediateDirectories: true)
        let ffmpeg = Process()
        ffmpeg.executableURL = URL(fileURLWithPath: "/usr/bin/ffmpeg")
        ffmpeg.arguments = ["-hide_banner", "-loglevel", "error", "-nostdin", "-f", "lavfi", "-i", "testsrc2=s=640x360:r=25:d=80",
                            "-f", "lavfi", "-i", "sine=f=330:sample_rate=48000:d=80", "-c:v", "libx264", "-preset", "ultrafast", "-g", "25",
                            "-c:a", "aac", "-force_key_frames", "expr:gte(t,n_forced*1)", "-f", "segment", "-segment_time", "1",
                            "-reset_timestamps", "1", clips + "/take-%03d.mp4"]
        try ffmpeg.run()
        ffmpeg.waitUntilExit()
        let total = try FileManager.default.contentsOfDirectory(atPath: clips).count
        #expect(total >= 79)
        let catalog = dir + "/cat/catalog.sqlite"
        // Create the catalogue first, so this test can watch it fill.
        let watcher = try Catalog(path: catalog)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary!)
        process.arguments = ["import", clips, "--jobs", "1"]
        var env = ProcessInfo.processInfo.environment
        env["REEL_CATALOG"] = catalog
        process.environment = env
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Wait for a few clips to be written, read the catalogue from another process meanwhile, then kill.
        let deadline = Date() + 60
        while Date() < deadline, process.isRunning {
            let written = try watcher.writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM clip") ?? 0 }
            if written >= 4 { break }
            usleep(5_000)
        }
        let reader = try Self.reel(["clips", "--json"], catalog: catalog)
        #expect(reader.status == 0, "a second reel could not read during the import: \(reader.stderr)")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)

        let partial = try Catalog(path: catalog)
        let kept = try partial.clips().count
        #expect(kept >= 4 && kept < total, "kept \(kept) of \(total)")
        try partial.writer.write { db in
            #expect(try String.fetchAll(db, sql: "PRAGMA integrity_check") == ["ok"])
            let indexed = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM clipSearch")
            #expect(indexed == kept)
            let orphanFlags = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM clipFlag WHERE clipID NOT IN (SELECT id FROM clip)")
            #expect(orphanFlags == 0)
        }

        let rerun = try Self.reel(["import", clips], catalog: catalog)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(rerun.stdout.contains("\(total - kept) imported, \(kept) duplicates, 0 moved, 0 skipped, 0 failed"))
        let done = try Catalog(path: catalog)
        #expect(try done.clips().count == total)
        // Posters for every clip, including any whose import was cut short after its pictures were written.
        #expect(try done.clips().allSatisfy { done.posterPath(for: $0.clip).map(FileManager.default.fileExists) == true })
    }
}
