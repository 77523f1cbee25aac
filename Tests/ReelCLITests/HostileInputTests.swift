import Foundation
import Testing

import GRDB

/// Issue 11: the `reel` binary run on hostile or careless input ends with one clear message and a non-zero exit,
/// never a crash (a signal) or a hang.
struct HostileInputTests {
    struct Outcome {
        var status: Int32
        var signalled: Bool
        var stdout: String
        var stderr: String
        var timedOut: Bool
    }

    /// Runs `reel` with `REEL_CATALOG` set to `catalog`; kills it (SIGKILL) after `timeout` seconds. When
    /// `interruptAfter` is given, sends SIGINT that long after the start (a user's Ctrl-C).
    @discardableResult
    static func reel(_ arguments: [String], catalog: String? = nil, in directory: String? = nil, timeout: Double = 120,
                     interruptAfter: Double? = nil) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: EndToEndTests.binary)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        if let catalog { env["REEL_CATALOG"] = catalog } else { env.removeValue(forKey: "REEL_CATALOG") }
        env["USER"] = "tester"
        env.removeValue(forKey: "REEL_TAXONOMY")
        process.environment = env
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let outPath = FileManager.default.temporaryDirectory.appendingPathComponent("reel-hostile-\(UUID().uuidString)").path
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
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let started = Date()
        var interrupted = false
        var timedOut = false
        while process.isRunning {
            let elapsed = Date().timeIntervalSince(started)
            if let after = interruptAfter, !interrupted, elapsed >= after {
                kill(process.processIdentifier, SIGINT)
                interrupted = true
            }
            if elapsed > timeout {
                timedOut = true
                kill(process.processIdentifier, SIGKILL)
                break
            }
            usleep(20_000)
        }
        process.waitUntilExit()
        try out.close()
        try err.close()
        return Outcome(
            status: process.terminationStatus, signalled: process.terminationReason == .uncaughtSignal,
            stdout: String(decoding: FileManager.default.contents(atPath: outPath) ?? Data(), as: UTF8.self),
            stderr: String(decoding: FileManager.default.contents(atPath: errPath) ?? Data(), as: UTF8.self),
            timedOut: timedOut)
    }

    static func folder() throws -> String { try EndToEndTests.tempDir() }

    // MARK: 11.1 huge times

    @Test(arguments: [
        ["thumbnail", "Media/nurse-1080p.mp4", "--at", "9223372036854775807", "-o", "OUT/t.jpg"],
        ["trim", "Media/nurse-1080p.mp4", "--from", "9223372036854775807s", "--to", "9223372036854775808s", "-o", "OUT/t.mp4"],
        ["trim", "Media/nurse-1080p.mp4", "--from", "99999999999999999999", "--to", "1", "-o", "OUT/t.mp4"],
        ["playlist", "build", "p", "--audience", "non-clinical", "--target", "9223372036854775s"],
        ["playlist", "build", "p", "--audience", "non-clinical", "--target", "99999999999999h"],
    ])
    func hugeTimesAreAClearErrorNotACrash(arguments: [String]) throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let args = arguments.map { $0.replacingOccurrences(of: "OUT", with: dir).replacingOccurrences(of: "Media/", with: EndToEndTests.root.path + "/Media/") }
        let result = try Self.reel(args, catalog: dir + "/catalog.sqlite")
        #expect(!result.signalled)
        #expect(result.status != 0)
        #expect(result.stderr.contains("too large (the most is 1000000 hours)"), "\(result.stderr)")
    }

    // MARK: 11.2 hostile caption sidecars

    @Test func aHostileCaptionSidecarIsOneProblemAndTheFolderStillImports() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let src = dir + "/src"
        try FileManager.default.createDirectory(atPath: src, withIntermediateDirectories: true)
        for name in ["nurse-1080p.mp4", "portrait-phone.mp4", "lav-one-channel.mp4"] {
            try FileManager.default.copyItem(atPath: EndToEndTests.media(name), toPath: "\(src)/\(name)")
        }
        try "1\n99999999999999999:00:00,000 --> 99999999999999999:00:01,000\nboom\n\n2\n00:00:01,000 --> 00:00:02,000\nok\n"
            .write(toFile: src + "/nurse-1080p.srt", atomically: true, encoding: .utf8)
        try "WEBVTT\n\n99999999999999999:00.000 --> 99999999999999999:01.000\nboom\n"
            .write(toFile: src + "/portrait-phone.vtt", atomically: true, encoding: .utf8)
        let result = try Self.reel(["import", src, "--no-pictures"], catalog: dir + "/catalog.sqlite")
        #expect(!result.signalled)
        #expect(result.stdout.contains("3 imported"), "\(result.stdout)\(result.stderr)")
        let all = result.stdout + result.stderr
        #expect(all.contains("\(src)/nurse-1080p.srt: line 2: cannot read the times in '99999999999999999:00:00,000 --> "))
        #expect(all.contains("\(src)/portrait-phone.vtt: line 3: cannot read the times in"))
        // (Imported without a shot log, the clip has no speaker and so no consent: --ignore-catalog publishes it.)
        let published = try Self.reel(["publish", src + "/nurse-1080p.mp4", "--preset", "audio", "--out", dir + "/out", "--ignore-catalog"],
                                      catalog: dir + "/catalog.sqlite")
        #expect(!published.signalled)
        #expect(published.status == 0, "\(published.stdout)\(published.stderr)")
    }

    // MARK: 11.3 FIFOs and other non-regular files

    @Test func aFIFONamedLikeAClipIsSkippedNotHashedForever() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let src = dir + "/src"
        try FileManager.default.createDirectory(atPath: src, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: EndToEndTests.media("lav-one-channel.mp4"), toPath: src + "/lav.mp4")
        #expect(mkfifo(src + "/x.mp4", 0o644) == 0)
        #expect(mkfifo(src + "/lav.srt", 0o644) == 0)
        let folder = try Self.reel(["import", src, "--no-pictures", "--verbose"], catalog: dir + "/catalog.sqlite", timeout: 60)
        #expect(!folder.timedOut, "import of a folder with a FIFO hung")
        #expect(folder.stdout.contains("skipped  \(src)/x.mp4: not a regular file (a FIFO (named pipe))"), "\(folder.stdout)")
        #expect(folder.stdout.contains("1 imported"), "\(folder.stdout)")
        let single = try Self.reel(["import", src + "/x.mp4"], catalog: dir + "/catalog.sqlite", timeout: 60)
        #expect(!single.timedOut, "import of a FIFO hung")
        #expect(single.stdout.contains("skipped  \(src)/x.mp4: not a regular file (a FIFO (named pipe))"), "\(single.stdout)")
    }

    @Test func ctrlCStopsAnImport() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let result = try Self.reel(["import", EndToEndTests.root.path + "/Media"], catalog: dir + "/catalog.sqlite",
                                   timeout: 60, interruptAfter: 0.5)
        #expect(!result.timedOut)
        #expect(result.signalled || result.status != 0)
    }

    // MARK: 11.7 a shot log row with an unterminated quote

    @Test func aShotLogRowWithAnUnterminatedQuoteIsAProblemAndANonZeroExit() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let csv = """
            file,speaker,role,title
            nurse-1080p.mp4,Grace Adebayo,nurse,"Asking what matters
            lav-one-channel.mp4,Ann Lee,nurse,Quiet room
            portrait-phone.mp4,Sam Patel,porter,On the ward
            """
        try csv.write(toFile: dir + "/shotlog.csv", atomically: true, encoding: .utf8)
        let result = try Self.reel(["import", EndToEndTests.media("nurse-1080p.mp4"), EndToEndTests.media("lav-one-channel.mp4"),
                                    EndToEndTests.media("portrait-phone.mp4"), "--no-pictures", "--shotlog", "shotlog.csv"],
                                   catalog: dir + "/catalog.sqlite", in: dir)
        #expect(!result.signalled)
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("shotlog.csv:2: a quote (\") in this row is never closed, or text follows a closing quote, so the row is not read"), "\(result.stderr)")
        #expect(result.stdout.contains("shot log: 2 rows applied, 1 problem"), "\(result.stdout)")
    }

    // MARK: 11.10 a mistyped --catalog

    @Test func aMistypedCatalogIsNotCreatedByACommandThatOnlyReads() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let typo = dir + "/Catalgo/catalog.sqlite"
        let message = "\(typo): no such catalogue (check --catalog or $REEL_CATALOG; `reel import` creates one, --create an empty one)\n"
        for command in [["clips"], ["clips", "--json"], ["show", "c-123456"], ["speaker", "list"], ["playlist", "list"],
                        ["playlist", "show", "p"], ["playlist", "audiences"], ["consent", "withdraw", "Sam Patel"],
                        ["speaker", "add", "Sam Patel", "--role", "porter"], ["suggest-themes", "c-123456"],
                        ["publish", "--clips", "x", "--preset", "audio", "--out", dir + "/pub"]] {
            let result = try Self.reel(command + ["--catalog", typo])
            #expect(!result.signalled)
            #expect(result.status == 1, "\(command)")
            #expect(result.stderr == message, "\(command): \(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: dir + "/Catalgo"), "\(command) created the catalogue folder")
        }
        // REEL_CATALOG is checked the same way.
        let env = try Self.reel(["clips"], catalog: typo)
        #expect(env.status == 1 && env.stderr == message)
        // --create makes it on request; import makes it anyway.
        let created = try Self.reel(["clips", "--catalog", typo, "--create"])
        #expect(created.status == 0, "\(created.stderr)")
        #expect(FileManager.default.fileExists(atPath: typo))
        let other = dir + "/new/catalog.sqlite"
        let imported = try Self.reel(["import", EndToEndTests.media("lav-one-channel.mp4"), "--no-pictures", "--catalog", other])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(FileManager.default.fileExists(atPath: other))
    }

    // MARK: 11.8 processes racing to create a catalogue

    /// Six `reel` processes create the same new catalogue at once (`--create`), in several trials: all succeed.
    @Test func processesCreatingTheSameNewCatalogueAtOnceAllSucceed() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for trial in 0..<4 {
            let catalog = "\(dir)/t\(trial)/catalog.sqlite"
            let processes = try (0..<6).map { _ -> (Process, Pipe) in
                let p = Process()
                p.executableURL = URL(fileURLWithPath: EndToEndTests.binary)
                p.arguments = ["speaker", "list", "--catalog", catalog, "--create"]
                let err = Pipe()
                p.standardOutput = FileHandle.nullDevice
                p.standardError = err
                return (p, err)
            }
            for (p, _) in processes { try p.run() }
            for (p, err) in processes {
                let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                p.waitUntilExit()
                #expect(p.terminationStatus == 0, "trial \(trial): \(message)")
            }
        }
    }

    // MARK: 11.4 consent withdrawn while publish runs

    /// `publish --clips` of two clips, one at a time; while the first (two minutes of audio) is being published, the
    /// second clip's speaker withdraws. The second is refused when its turn comes, and nothing of it is written.
    @Test func consentWithdrawnWhilePublishRunsStopsThatSpeakersClip() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let src = dir + "/src", out = dir + "/out", catalog = dir + "/catalog.sqlite"
        try FileManager.default.createDirectory(atPath: src, withIntermediateDirectories: true)
        let long = Process()
        long.executableURL = URL(fileURLWithPath: "/usr/bin/ffmpeg")
        long.arguments = ["-v", "error", "-f", "lavfi", "-i", "testsrc2=size=160x90:rate=25:duration=120", "-f", "lavfi",
                          "-i", "sine=frequency=440:sample_rate=48000:duration=120", "-c:v", "libx264", "-preset", "ultrafast",
                          "-c:a", "aac", "-shortest", src + "/a-long.mp4"]
        try long.run()
        long.waitUntilExit()
        try FileManager.default.copyItem(atPath: EndToEndTests.media("lav-one-channel.mp4"), toPath: src + "/b-withdrawn.mp4")
        try "file,speaker,role,consent_ref\na-long.mp4,Bethan Morgan,HCA,CF-1\nb-withdrawn.mp4,Priya Nair,physiotherapist,CF-2\n"
            .write(toFile: dir + "/log.csv", atomically: true, encoding: .utf8)
        let imported = try Self.reel(["import", src, "--shotlog", dir + "/log.csv", "--no-pictures"], catalog: catalog)
        try #require(imported.status == 0, "\(imported.stdout)\(imported.stderr)")

        let publish = Process()
        publish.executableURL = URL(fileURLWithPath: EndToEndTests.binary)
        publish.arguments = ["publish", "--clips", "", "--preset", "audio", "--out", out, "--jobs", "1", "--progress", "--catalog", catalog]
        let errPath = dir + "/publish.err", outPath = dir + "/publish.out"
        FileManager.default.createFile(atPath: errPath, contents: nil)
        FileManager.default.createFile(atPath: outPath, contents: nil)
        publish.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        publish.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        try publish.run()
        let deadline = Date().addingTimeInterval(60)
        while publish.isRunning, Date() < deadline,
              !String(decoding: FileManager.default.contents(atPath: errPath) ?? Data(), as: UTF8.self).contains("started a-long.mp4") {
            usleep(10_000)
        }
        let withdrawn = try Self.reel(["consent", "withdraw", "Priya Nair", "--reason", "asked"], catalog: catalog)
        #expect(withdrawn.status == 0)
        let stillRunning = publish.isRunning
        publish.waitUntilExit()
        let stderr = String(decoding: FileManager.default.contents(atPath: errPath) ?? Data(), as: UTF8.self)
        let stdout = String(decoding: FileManager.default.contents(atPath: outPath) ?? Data(), as: UTF8.self)
        try #require(stillRunning, "the first clip was done before the withdrawal; the test proves nothing")
        let day = ISO8601DateFormatter.string(from: Date(), timeZone: .current, formatOptions: [.withFullDate])
        #expect(publish.terminationStatus == 1)
        #expect(stderr.contains("\(src)/b-withdrawn.mp4: refused: consent withdrawn \(day) (Priya Nair); nothing published\n"), "\(stderr)")
        #expect(stdout.contains("1 of 2 done, 0 failed, ") && stdout.contains(" warnings, 1 refused\n"), "\(stdout)")
        #expect(FileManager.default.fileExists(atPath: out + "/a-long.m4a"))
        let left = (try? FileManager.default.contentsOfDirectory(atPath: out)) ?? []
        #expect(!left.contains { $0.contains("b-withdrawn") }, "\(left)")
    }

    // MARK: 11.5 and 11.6 publishing again after a withdrawal; files Reel did not write

    @Test func republishingAfterAWithdrawalRemovesWhatReelPublishedAndAUsersFileIsNotReplaced() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let src = dir + "/src", out = dir + "/out", catalog = dir + "/catalog.sqlite"
        try FileManager.default.createDirectory(atPath: src, withIntermediateDirectories: true)
        for name in ["lav-one-channel.mp4", "portrait-phone.mp4"] {
            try FileManager.default.copyItem(atPath: EndToEndTests.media(name), toPath: "\(src)/\(name)")
        }
        try "file,speaker,role,consent_ref\nlav-one-channel.mp4,Priya Nair,physiotherapist,CF-1\nportrait-phone.mp4,Daniel Price,porter,CF-2\n"
            .write(toFile: dir + "/log.csv", atomically: true, encoding: .utf8)
        let imported = try Self.reel(["import", src, "--shotlog", dir + "/log.csv", "--no-pictures"], catalog: catalog)
        try #require(imported.status == 0, "\(imported.stdout)\(imported.stderr)")
        let first = try Self.reel(["publish", "--clips", "", "--preset", "audio", "--out", out], catalog: catalog)
        try #require(first.status == 0, "\(first.stdout)\(first.stderr)")
        let names = ["portrait-phone.m4a", "portrait-phone.json", "lav-one-channel.m4a", "lav-one-channel.json"]
        for name in names { #expect(FileManager.default.fileExists(atPath: "\(out)/\(name)"), "\(name)") }

        let withdrawn = try Self.reel(["consent", "withdraw", "Daniel Price", "--reason", "asked"], catalog: catalog)
        try #require(withdrawn.status == 0)
        let again = try Self.reel(["publish", "--clips", "", "--preset", "audio", "--out", out], catalog: catalog)
        #expect(again.status == 1)
        let day = ISO8601DateFormatter.string(from: Date(), timeZone: .current, formatOptions: [.withFullDate])
        #expect(again.stdout.contains("  removed   \(out)/portrait-phone.m4a, \(out)/portrait-phone.json: consent withdrawn \(day) (Daniel Price)\n"),
                "\(again.stdout)")
        #expect(again.stdout.contains("skipped   \(src)/lav-one-channel.mp4"), "\(again.stdout)")
        #expect(again.stderr.contains("\(src)/portrait-phone.mp4: refused: consent withdrawn\n"), "\(again.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out + "/portrait-phone.m4a"))
        #expect(!FileManager.default.fileExists(atPath: out + "/portrait-phone.json"))
        #expect(FileManager.default.fileExists(atPath: out + "/lav-one-channel.m4a"))

        // A user's own p.json where a publish would write its report: refused, named, untouched; --overwrite replaces it.
        let mine = dir + "/mine"
        try FileManager.default.createDirectory(atPath: mine, withIntermediateDirectories: true)
        try "{\"mine\": true}".write(toFile: mine + "/lav-one-channel.json", atomically: true, encoding: .utf8)
        let refused = try Self.reel(["publish", src + "/lav-one-channel.mp4", "--preset", "audio", "--out", mine], catalog: catalog)
        #expect(refused.status == 1)
        #expect(refused.stderr == "\(mine)/lav-one-channel.json: already exists and Reel did not write it, so it is not replaced (move it, or use --overwrite)\n",
                "\(refused.stderr)")
        #expect(try String(contentsOfFile: mine + "/lav-one-channel.json", encoding: .utf8) == "{\"mine\": true}")
        #expect(!FileManager.default.fileExists(atPath: mine + "/lav-one-channel.m4a"))
        let forced = try Self.reel(["publish", src + "/lav-one-channel.mp4", "--preset", "audio", "--out", mine, "--overwrite"], catalog: catalog)
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(FileManager.default.fileExists(atPath: mine + "/lav-one-channel.m4a"))
    }

    // MARK: 11.11 clearer errors

    @Test func aLineBreakInASpeakerNameIsOneLineOfError() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let result = try Self.reel(["speaker", "add", "Sam\nPatel", "--role", "porter", "--create"], catalog: dir + "/catalog.sqlite")
        #expect(result.status == 1)
        #expect(result.stderr == "the speaker's name must be one line of text: it contains a line break or another control character\n")
        let listed = try Self.reel(["speaker", "list"], catalog: dir + "/catalog.sqlite")
        #expect(!listed.stdout.contains("Sam"))
    }

    @Test(arguments: [
        ["probe", "LINK"], ["import", "LINK", "--no-pictures"], ["trim", "LINK", "--from", "1", "--to", "2", "-o", "DIR/x.mp4"],
        ["publish", "LINK", "--preset", "audio", "--out", "DIR/out"], ["thumbnail", "LINK", "--at", "1", "-o", "DIR/x.jpg"],
    ])
    func aSymlinkLoopOnTheCommandLineIsCalledALoop(arguments: [String]) throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createSymbolicLink(atPath: dir + "/loop.mp4", withDestinationPath: dir + "/loop.mp4")
        try FileManager.default.createSymbolicLink(atPath: dir + "/dangling.mp4", withDestinationPath: dir + "/gone.mp4")
        for (link, reason) in [("loop.mp4", "a symbolic link loop (the link leads back to itself)"),
                               ("dangling.mp4", "a broken symbolic link (what it points to does not exist)")] {
            let args = arguments.map { $0.replacingOccurrences(of: "LINK", with: "\(dir)/\(link)").replacingOccurrences(of: "DIR", with: dir) }
            let result = try Self.reel(args, catalog: dir + "/catalog.sqlite")
            #expect(!result.signalled)
            #expect(result.status == 1, "\(args)")
            #expect(result.stderr.contains("\(dir)/\(link): \(reason)\n"), "\(args): \(result.stderr)")
        }
    }

    // MARK: 10.1 a catalogue row whose MediaInfo no longer decodes

    @Test func aClipWithUnreadableMediaInfoIsAnErrorForThatClipOnly() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let catalog = dir + "/catalog.sqlite"
        let imported = try Self.reel(["import", EndToEndTests.media("nurse-1080p.mp4"), EndToEndTests.media("portrait-phone.mp4"),
                                      "--no-pictures"], catalog: catalog)
        #expect(imported.status == 0)
        let queue = try DatabaseQueue(path: catalog)
        let id = try queue.write { db -> String in
            try db.execute(sql: #"UPDATE clip SET mediaInfo = '{"path": 5}' WHERE fileName = 'nurse-1080p.mp4'"#)
            return try String.fetchOne(db, sql: "SELECT shortID FROM clip WHERE fileName = 'nurse-1080p.mp4'")!
        }
        try queue.close()
        let listed = try Self.reel(["clips"], catalog: catalog)
        #expect(!listed.signalled && listed.status == 0)
        #expect(listed.stdout.contains("nurse-1080p.mp4") && listed.stdout.contains("portrait-phone.mp4"))
        for args in [["show", id], ["show", id, "--json"]] {
            let shown = try Self.reel(args, catalog: catalog)
            #expect(!shown.signalled)
            #expect(shown.status == 1)
            #expect(shown.stderr.contains(
                "clip \(id) (\(EndToEndTests.media("nurse-1080p.mp4"))): its stored media facts cannot be read: Expected to decode String but found number instead at 'path'"),
                "\(shown.stderr)")
        }
    }
}
