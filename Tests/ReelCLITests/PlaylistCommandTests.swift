import Foundation
import Testing

/// Runs the built `reel` binary on the `reel playlist` commands, end to end, as an education team would: a fresh
/// catalogue of the sample footage, builds for clinical and non-clinical staff with explanations, the same seed giving
/// the same playlist, editing by hand, every export format, consent withdrawn after a build, and the errors users see.
struct PlaylistCommandTests {
    static let root = EndToEndTests.root.path
    static let audiences = root + "/Catalog/audiences.yaml"
    static let taxonomy = root + "/Catalog/taxonomy.yaml"

    /// The readable sample clips (Media/broken/ is left out, so the import succeeds).
    static let goodClips = [
        "nurse-1080p.mp4", "portrait-phone.mp4", "chaplain-hdr.mkv", "porter-prores.mov", "housekeeper-interlaced.ts",
        "receptionist.webm", "doctor-vfr.mp4", "lav-one-channel.mp4", "social-worker-multilang.mkv", "hca-long-gop.mp4",
        "family-support-black-start.mp4",
    ]

    static let wellbeingMissing =
        "no consented clip covers 'Staff wellbeing' for this audience: no clip or segment in the catalogue is tagged with it"

    /// A fresh catalogue in its own temporary folder; every command runs from the repository root.
    struct Fixture {
        let dir: String
        var catalog: String { dir + "/catalog.sqlite" }
        /// Clip ids by file name, from the import's output.
        var clipIDs: [String: String] = [:]

        /// Runs `reel ARGS --catalog … --taxonomy …` (and `--audiences …` where the command takes it).
        func reel(_ arguments: [String], audiences: Bool = false) throws -> EndToEndTests.Outcome {
            var args = arguments + ["--catalog", catalog, "--taxonomy", PlaylistCommandTests.taxonomy]
            if audiences { args += ["--audiences", PlaylistCommandTests.audiences] }
            return try EndToEndTests.reel(args, cwd: PlaylistCommandTests.root)
        }

        /// `reel playlist build NAME --audience AUDIENCE …` with the sample audiences.
        func build(_ name: String, _ audience: String, _ extra: [String] = []) throws -> EndToEndTests.Outcome {
            try reel(["playlist", "build", name, "--audience", audience] + extra, audiences: true)
        }

        /// The item ids of `reel playlist show NAME`, in playing order.
        func ids(_ name: String) throws -> [String] {
            let shown = try reel(["playlist", "show", name])
            #expect(shown.status == 0, "\(shown.stderr)")
            return PlaylistCommandTests.tableIDs(shown.stdout)
        }

        func remove() { try? FileManager.default.removeItem(atPath: dir) }
    }

    /// A temporary catalogue, empty or with the good sample clips imported with the sample shot log.
    static func fixture(imported: Bool = true) throws -> Fixture {
        var fixture = Fixture(dir: try EndToEndTests.tempDir())
        guard imported else { return fixture }
        let result = try fixture.reel(
            ["import"] + goodClips.map { "Media/\($0)" } + ["--shotlog", "Catalog/shotlog.csv", "--no-pictures"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        try #require(result.stdout.contains("11 imported, 0 duplicates, 0 moved, 0 skipped, 0 failed; shot log: 14 rows applied, 0 problems"))
        // "imported   c-9023ac  /…/Media/doctor-vfr.mp4  [vfr, no-captions]"
        for line in result.stdout.split(separator: "\n") where line.hasPrefix("imported ") {
            let words = line.split(separator: " ", omittingEmptySubsequences: true)
            guard words.count >= 3 else { continue }
            fixture.clipIDs[(String(words[2]) as NSString).lastPathComponent] = String(words[1])
        }
        try #require(fixture.clipIDs.count == 11)
        return fixture
    }

    /// The ID column of a `reel playlist show` or `build` table: rows start with a position number.
    static func tableIDs(_ table: String) -> [String] {
        table.split(separator: "\n").compactMap { line -> String? in
            let words = line.split(separator: " ", omittingEmptySubsequences: true)
            guard words.count >= 2, Int(words[0]) != nil else { return nil }
            return String(words[1])
        }
    }

    /// The ids of the "Chosen:" lines of an explanation (`   1. s-374a2a-1  0:03.9  [opening] …`).
    static func chosenIDs(_ explanation: String) -> [String] {
        explanation.split(separator: "\n").compactMap { line -> String? in
            let words = line.split(separator: " ", omittingEmptySubsequences: true)
            guard words.count >= 3, words[0].hasSuffix("."), Int(words[0].dropLast()) != nil else { return nil }
            return String(words[1])
        }
    }

    /// Runs another program (python3, ffprobe) and returns its status and stdout.
    static func run(_ program: String, _ arguments: [String]) throws -> (status: Int32, stdout: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [program] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    static let hasOpenTimelineIO = (try? run("python3", ["-c", "import opentimelineio"]).status) == 0
    static let hasFFprobe = (try? run("ffprobe", ["-version"]).status) == 0

    // MARK: - build --explain

    @Test func clinicalBuildExplainsItsChoicesAndTheMissingTheme() throws {
        let f = try Self.fixture()
        defer { f.remove() }
        let built = try f.build("ward-7", "clinical", ["--target", "45s", "--explain"])
        #expect(built.status == 0, "\(built.stderr)")
        // With --explain everything, what is missing included, is in the explanation on stdout.
        #expect(built.stderr.isEmpty, "\(built.stderr)")
        let text = built.stdout
        #expect(text.hasPrefix("Playlist for Clinical staff (clinical): "))
        #expect(text.contains("(target 0:45, accepted 0:40.5–0:49.5), seed 1\nChosen:\n"))
        let chosen = Self.chosenIDs(text)
        #expect(chosen.count >= 4)
        // The explanation names exactly the clips stored, in the same order.
        #expect(try f.ids("ward-7") == chosen)
        // It opens on the audience's opening theme, and says why.
        let lines = text.split(separator: "\n").map(String.init)
        let first = try #require(lines.first { $0.hasPrefix("   1. ") })
        #expect(first.contains("[opening]"))
        #expect(first.contains("opens the playlist: tagged 'What matters most', the audience's opening theme"))
        // Nothing in the shot log is tagged staff-wellbeing: a note about the closing, and a missing line.
        #expect(lines.contains("Missing: " + Self.wellbeingMissing))
        #expect(lines.contains("Note: no consented clip is tagged 'Staff wellbeing', the audience's closing theme: the playlist ends with its last section"))
        #expect(lines.contains("  Staff wellbeing (weight 1): 0 clips, 0:00"))
        #expect(!text.contains("Every constraint is met."))
        // Expired and missing consent are left out, and said to be.
        let doctor = try #require(f.clipIDs["doctor-vfr.mp4"])
        let family = try #require(f.clipIDs["family-support-black-start.mp4"])
        #expect(lines.contains("  1 consent expired 2025-12-31 (Dr James Whitfield, doctor): \(doctor)"))
        #expect(lines.contains("  1 no consent recorded (Linda Okoro, family support worker): \(family)"))
        #expect(!chosen.contains(doctor) && !chosen.contains(family))
        // The clinical voices this audience favours are heard.
        let nurseSegment = try #require(f.clipIDs["nurse-1080p.mp4"]).replacingOccurrences(of: "c-", with: "s-") + "-1"
        #expect(chosen.contains(nurseSegment))
        #expect(lines.contains { $0.hasPrefix("Voices: clinical ") })
        // The stored explanation is the one printed.
        let shown = try f.reel(["playlist", "show", "ward-7", "--explain"])
        #expect(shown.status == 0)
        #expect(shown.stdout.hasSuffix("\n\n" + text))
    }

    @Test func nonClinicalBuildHearsNonClinicalStaffAndSaysWhatIsMissing() throws {
        let f = try Self.fixture()
        defer { f.remove() }
        let built = try f.build("porters-induction", "non-clinical", ["--target", "35s", "--explain"])
        #expect(built.status == 0, "\(built.stderr)")
        let text = built.stdout
        #expect(text.hasPrefix("Playlist for Non-clinical staff (non-clinical): "))
        let lines = text.split(separator: "\n").map(String.init)
        let chosen = Self.chosenIDs(text)
        #expect(chosen.count >= 4)
        #expect(try f.ids("porters-induction") == chosen)
        let first = try #require(lines.first { $0.hasPrefix("   1. ") })
        #expect(first.contains("[opening]"))
        #expect(first.contains("opens the playlist: tagged 'Every staff member has a role', the audience's opening theme"))
        #expect(lines.contains("Missing: " + Self.wellbeingMissing))
        // At least half the time from non-clinical staff (the catalogue has plenty).
        let voices = try #require(lines.first { $0.hasPrefix("Voices: ") })
        let share = try #require(voices.firstMatch(of: /non-clinical (\d+)%/).map { Int($0.1)! })
        #expect(share >= 50, "\(voices)")
        // The porters are in; the nurse's and the doctor's clips are not.
        #expect(chosen.contains(try #require(f.clipIDs["porter-prores.mov"])))
        #expect(chosen.contains(try #require(f.clipIDs["portrait-phone.mp4"])))
        #expect(!chosen.contains(try #require(f.clipIDs["doctor-vfr.mp4"])))
        #expect(!chosen.contains { $0.hasPrefix(f.clipIDs["nurse-1080p.mp4"]!.replacingOccurrences(of: "c-", with: "s-")) })
        // No speaker twice in a row.
        let voicesInOrder = lines.filter { $0.hasPrefix("   ") && $0.contains("] ") }.compactMap { $0.firstMatch(of: #/\] .*? \(([^()]+, [^()]+)\): /#).map { String($0.1) } }
        #expect(voicesInOrder.count == chosen.count)
        #expect(zip(voicesInOrder, voicesInOrder.dropFirst()).allSatisfy { $0 != $1 })
    }

    // MARK: - determinism

    @Test func theSameSeedGivesTheSamePlaylist() throws {
        let f = try Self.fixture()
        defer { f.remove() }
        let first = try f.build("a", "clinical", ["--target", "45s", "--seed", "3"])
        #expect(first.status == 0, "\(first.stderr)")
        // Without --explain the table goes to stdout and what is missing to stderr.
        #expect(first.stdout.hasPrefix("Built 'a' for Clinical staff: "))
        #expect(first.stderr.contains("missing: " + Self.wellbeingMissing + "\n"))
        let shownA = try f.reel(["playlist", "show", "a", "--explain"])
        #expect(shownA.status == 0)
        #expect(shownA.stdout.hasPrefix("a: clinical, "))
        #expect(shownA.stdout.contains(", seed 3)"))

        // The name is taken without --replace.
        let again = try f.build("a", "clinical", ["--target", "45s", "--seed", "3"])
        #expect(again.status == 1)
        #expect(again.stderr == "a playlist named 'a' already exists; choose another name, or add --replace to build it again\n")

        let replaced = try f.build("a", "clinical", ["--target", "45s", "--seed", "3", "--replace"])
        #expect(replaced.status == 0, "\(replaced.stderr)")
        let shownAgain = try f.reel(["playlist", "show", "a", "--explain"])
        #expect(shownAgain.stdout == shownA.stdout)

        let other = try f.build("b", "clinical", ["--target", "45s", "--seed", "3"])
        #expect(other.status == 0, "\(other.stderr)")
        let shownB = try f.reel(["playlist", "show", "b", "--explain"])
        // Everything but the first line (which names the playlist) is the same.
        let body = { (s: String) in s.split(separator: "\n", omittingEmptySubsequences: false).dropFirst().joined(separator: "\n") }
        #expect(!body(shownA.stdout).isEmpty)
        #expect(body(shownB.stdout) == body(shownA.stdout))
        #expect(try f.ids("b") == (try f.ids("a")))
    }

    // MARK: - list / show / add / remove / move / delete

    @Test func editingByHandRoundTrips() throws {
        let f = try Self.fixture()
        defer { f.remove() }
        let empty = try f.reel(["playlist", "list"])
        #expect(empty.status == 0)
        #expect(empty.stdout == "No playlists yet: `reel playlist build NAME --audience AUDIENCE` makes one.\n")
        let emptyJSON = try f.reel(["playlist", "list", "--json"]).stdout
        #expect((try JSONSerialization.jsonObject(with: Data(emptyJSON.utf8)) as? [Any])?.isEmpty == true, "\(emptyJSON)")

        #expect(try f.build("ward-7", "clinical", ["--target", "45s"]).status == 0)
        let original = try f.ids("ward-7")
        let count = original.count
        try #require(count >= 4)
        let listed = try f.reel(["playlist", "list"])
        #expect(listed.stdout.hasPrefix("NAME    AUDIENCE  CLIPS  USABLE  LENGTH  EDITED  UPDATED\n"))
        let listedJSON = try f.reel(["playlist", "list", "--json"])
        #expect(listedJSON.status == 0, "\(listedJSON.stderr)")
        let objects = try #require(try JSONSerialization.jsonObject(with: Data(listedJSON.stdout.utf8)) as? [[String: Any]])
        #expect(objects.count == 1)
        #expect(objects.first?["name"] as? String == "ward-7")
        #expect(objects.first?["audience"] as? String == "clinical")
        #expect(objects.first?["clips"] as? Int == count && objects.first?["usable"] as? Int == count)
        #expect(objects.first?["edited"] as? Bool == false)
        #expect((objects.first?["durationMs"] as? Int ?? 0) > 0 && objects.first?["targetMs"] as? Int == 45000)
        let row = try #require(listed.stdout.split(separator: "\n").last.map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) })
        #expect(Array(row.prefix(4)) == ["ward-7", "clinical", String(count), String(count)])
        #expect(row[5] == "no")

        // Add a porter's clip by file name at position 2.
        let porter = try #require(f.clipIDs["porter-prores.mov"])
        let added = try f.reel(["playlist", "add", "ward-7", "porter-prores.mov", "--at", "2"])
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdout == "added \(porter) (Tom Hughes, porter) at 2: Moving every patient with dignity, 0:05\n")
        let afterAdd = try f.ids("ward-7")
        #expect(afterAdd == [original[0], porter] + original.dropFirst())
        let shown = try f.reel(["playlist", "show", "ward-7"])
        #expect(shown.stdout.split(separator: "\n").first?.hasSuffix(", edited by hand since the build") == true)
        #expect(shown.stdout.contains("  added  "))
        let listedAfter = try f.reel(["playlist", "list"])
        let rowAfter = try #require(listedAfter.stdout.split(separator: "\n").last.map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) })
        #expect(rowAfter[2] == String(count + 1))
        #expect(rowAfter[5] == "yes")

        // Move it to the front by id, then the last item to position 2 by position.
        let moved = try f.reel(["playlist", "move", "ward-7", porter, "1"])
        #expect(moved.status == 0, "\(moved.stderr)")
        #expect(moved.stdout == "moved \(porter) to position 1\n")
        #expect(try f.ids("ward-7") == [porter] + original)
        let movedLast = try f.reel(["playlist", "move", "ward-7", String(count + 1), "2"])
        #expect(movedLast.status == 0, "\(movedLast.stderr)")
        #expect(try f.ids("ward-7") == [porter, original[count - 1]] + original.dropLast())

        // Remove by position and by id: back to the built order less the moved item, then put it back.
        let removed = try f.reel(["playlist", "remove", "ward-7", "1"])
        #expect(removed.status == 0, "\(removed.stderr)")
        #expect(removed.stdout == "removed \(porter) (Tom Hughes, porter) from position 1\n")
        let removedByID = try f.reel(["playlist", "remove", "ward-7", original[count - 1]])
        #expect(removedByID.status == 0, "\(removedByID.stderr)")
        #expect(removedByID.stdout.hasPrefix("removed \(original[count - 1]) ("))
        #expect(removedByID.stdout.hasSuffix(") from position 1\n"))
        #expect(try f.ids("ward-7") == Array(original.dropLast()))
        #expect(try f.reel(["playlist", "add", "ward-7", original[count - 1]]).status == 0)
        #expect(try f.ids("ward-7") == original)

        // What a user can get wrong while editing.
        let doctor = try #require(f.clipIDs["doctor-vfr.mp4"])
        let refused = try f.reel(["playlist", "add", "ward-7", doctor])
        #expect(refused.status == 1)
        #expect(refused.stderr == "\(doctor) cannot be used: consent expired 2025-12-31\n")
        let outOfRange = try f.reel(["playlist", "move", "ward-7", "1", "99"])
        #expect(outOfRange.status == 1)
        #expect(outOfRange.stderr == "position 99 is out of range: use 1 to \(count)\n")
        let notThere = try f.reel(["playlist", "remove", "ward-7", porter])
        #expect(notThere.status == 1)
        #expect(notThere.stderr == "\(porter) is not in playlist 'ward-7' (`reel playlist show ward-7` lists its items)\n")
        #expect(try f.ids("ward-7") == original)

        // Delete: the playlist goes, the clips stay.
        let deleted = try f.reel(["playlist", "delete", "ward-7"])
        #expect(deleted.status == 0, "\(deleted.stderr)")
        #expect(deleted.stdout == "deleted playlist 'ward-7'\n")
        #expect(try f.reel(["playlist", "list"]).stdout == empty.stdout)
        let gone = try f.reel(["playlist", "show", "ward-7"])
        #expect(gone.status == 1)
        #expect(gone.stderr == "no playlist named 'ward-7'; `reel playlist list` lists them\n")
        let clips = try f.reel(["clips"])
        #expect(clips.status == 0)
        #expect(clips.stdout.contains(porter))
    }

    // MARK: - export

    @Test func exportsEveryFormat() throws {
        let f = try Self.fixture()
        defer { f.remove() }
        // The ProRes master (10-bit 4:2:2) is in it: the page gets a web-720p copy of it, and says so.
        #expect(try f.build("porters-induction", "non-clinical", ["--target", "35s", "--include", "porter-prores.mov"]).status == 0)
        let ids = try f.ids("porters-induction")
        try #require(ids.count >= 4)
        let porter = try #require(f.clipIDs["porter-prores.mov"])
        let porterItem = try #require(ids.firstIndex(of: porter))
        let out = f.dir + "/out"
        let exported = try f.reel(
            ["playlist", "export", "porters-induction", "-o", out + "/"]
                + ["m3u8", "json", "otio", "html", "vtt-chapters", "edl"].flatMap { ["--format", $0] }, audiences: true)
        #expect(exported.status == 0, "\(exported.stderr)")
        #expect(exported.stderr.isEmpty, "\(exported.stderr)")
        for file in ["m3u8", "json", "otio", "html", "chapters.vtt", "edl"] {
            #expect(exported.stdout.contains("wrote \(out)/porters-induction.\(file) (\(ids.count) clips, "), "\(file): \(exported.stdout)")
        }
        #expect(exported.stdout.contains("  media: \(out)/porters-induction.media/ (\(ids.count) trimmed, 0 reused)"))
        #expect(exported.stdout.contains("  media: \(out)/porters-induction.media/ (0 trimmed, \(ids.count) reused)"))
        #expect(exported.stdout.contains(
            "  made through web-720p so browsers can play them: " + String(format: "%02d-", porterItem + 1) + porter + ".mp4 (10-bit yuv422p10le)"),
            "\(exported.stdout)")

        // JSON: the items, in order.
        let jsonData = try #require(FileManager.default.contents(atPath: out + "/porters-induction.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: jsonData) as? [String: Any])
        #expect(json["format"] as? String == "reel-playlist")
        let items = try #require(json["items"] as? [[String: Any]])
        #expect(items.compactMap { $0["id"] as? String } == ids)
        #expect(items.compactMap { $0["position"] as? Int } == Array(1...ids.count))
        #expect(items.allSatisfy { ($0["durationMs"] as? Int ?? 0) > 0 && $0["speaker"] is String && $0["title"] is String })
        let playlist = try #require(json["playlist"] as? [String: Any])
        #expect(playlist["name"] as? String == "porters-induction")
        #expect(playlist["audience"] as? String == "non-clinical")
        #expect(playlist["itemCount"] as? Int == ids.count)
        #expect(playlist["leftOutCount"] as? Int == 0)

        // M3U8: one #EXTINF per item, each followed by a file that exists and lasts that long.
        let m3u8 = try String(contentsOfFile: out + "/porters-induction.m3u8", encoding: .utf8)
        #expect(m3u8.hasPrefix("#EXTM3U\n"))
        let m3u8Lines = m3u8.split(separator: "\n").map(String.init)
        let extinf = m3u8Lines.indices.filter { m3u8Lines[$0].hasPrefix("#EXTINF:") }
        #expect(extinf.count == ids.count)
        for (n, i) in extinf.enumerated() {
            let seconds = try #require(Double(m3u8Lines[i].dropFirst("#EXTINF:".count).prefix { $0 != "," }))
            let media = try #require(m3u8Lines.indices.contains(i + 1) ? m3u8Lines[i + 1] : nil)
            #expect(!media.hasPrefix("#") && !media.hasPrefix("/"), "a relative path: \(media)")
            #expect(media.contains(ids[n]))
            let path = out + "/" + media
            #expect(FileManager.default.fileExists(atPath: path), "\(path)")
            if Self.hasFFprobe {
                let probed = try Self.run("ffprobe", ["-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", path])
                let actual = try #require(Double(probed.stdout.trimmingCharacters(in: .whitespacesAndNewlines)), "\(path)")
                #expect(abs(actual - seconds) < 0.1, "\(media): #EXTINF \(seconds) s, ffprobe \(actual) s")
            }
        }

        // OpenTimelineIO: loads, with one clip per item.
        let otio = out + "/porters-induction.otio"
        #expect(FileManager.default.fileExists(atPath: otio))
        if Self.hasOpenTimelineIO {
            let loaded = try Self.run("python3", ["-c", "import sys, opentimelineio as o; t = o.adapters.read_from_file(sys.argv[1]); print(len(list(t.find_clips())))", otio])
            #expect(loaded.status == 0)
            #expect(loaded.stdout == "\(ids.count)\n")
        }

        // The page: plays offline, so no network address anywhere; every file it plays exists.
        let html = try String(contentsOfFile: out + "/porters-induction.html", encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        // No title was set: the page's is made from the name.
        #expect(html.contains("<title>Porters induction</title>"))
        #expect(html.contains(" poster=\"data:image/jpeg;base64,"))
        let titled = try f.reel(["playlist", "title", "porters-induction", "Porters' induction: every role matters"])
        #expect(titled.status == 0 && titled.stdout == "'porters-induction' is titled Porters' induction: every role matters\n", "\(titled.stderr)")
        #expect(try f.reel(["playlist", "title", "porters-induction"]).stdout == "Porters' induction: every role matters\n")
        #expect(try f.reel(["playlist", "export", "porters-induction", "--format", "html", "-o", out + "/"], audiences: true).status == 0)
        let retitled = try String(contentsOfFile: out + "/porters-induction.html", encoding: .utf8)
        #expect(retitled.contains("<title>Porters&#39; induction: every role matters</title>"))
        #expect(html.firstMatch(of: /https?:\/\//) == nil, "the page refers to the network")
        let sources = html.matches(of: /"src":"([^"]+)"/).map { String($0.1) }
        #expect(sources.count == ids.count)
        for source in sources { #expect(FileManager.default.fileExists(atPath: out + "/" + source), "\(source)") }

        // WebVTT chapters: one cue per item.
        let vtt = try String(contentsOfFile: out + "/porters-induction.chapters.vtt", encoding: .utf8)
        #expect(vtt.hasPrefix("WEBVTT\n"))
        #expect(vtt.components(separatedBy: " --> ").count - 1 == ids.count)

        // CMX3600 EDL: title, frame-code mode, one event per item.
        let edl = try String(contentsOfFile: out + "/porters-induction.edl", encoding: .utf8)
        let edlLines = edl.split(separator: "\n").map(String.init)
        #expect(edlLines.first == "TITLE: porters-induction")
        #expect(edlLines.contains("FCM: NON-DROP FRAME"))
        let events = edlLines.filter { $0.wholeMatch(of: #/\d{3}  \S{1,8} +AA/V  C +(\d\d:\d\d:\d\d:\d\d ?){4}/#) != nil }
        #expect(events.count == ids.count, "\(edl)")
    }

    @Test func consentWithdrawnAfterTheBuildIsLeftOutOfTheExport() throws {
        let f = try Self.fixture()
        defer { f.remove() }
        #expect(try f.build("porters-induction", "non-clinical", ["--target", "35s"]).status == 0)
        let ids = try f.ids("porters-induction")
        try #require(ids.count >= 3)
        let out = f.dir + "/out"
        let before = try f.reel(["playlist", "export", "porters-induction", "--format", "json", "-o", out + "/before.json"], audiences: true)
        #expect(before.status == 0, "\(before.stderr)")
        #expect(before.stderr.isEmpty)
        let beforeJSON = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/before.json"))) as? [String: Any])
        let beforeItems = try #require(beforeJSON["items"] as? [[String: Any]])
        // The second speaker of the playlist withdraws.
        let speaker = try #require(beforeItems[1]["speaker"] as? String)
        let id = ids[1]
        #expect(beforeItems[1]["id"] as? String == id)
        #expect(!ids.enumerated().contains { $0.offset != 1 && beforeItems[$0.offset]["speaker"] as? String == speaker })

        let withdrawn = try f.reel(["consent", "withdraw", speaker, "--reason", "changed their mind", "--by", "tester"])
        #expect(withdrawn.status == 0, "\(withdrawn.stderr)")
        #expect(withdrawn.stdout.contains("now unusable: \(id) "))

        // show and list mark it.
        let shown = try f.reel(["playlist", "show", "porters-induction"])
        let row = try #require(shown.stdout.split(separator: "\n").first { $0.hasPrefix("2 ") })
        #expect(row.contains(id))
        #expect(row.hasSuffix(": changed their mind — left out at export"))
        let otherRows = shown.stdout.split(separator: "\n").filter { line in Int(line.prefix { $0 != " " }) != nil && !line.hasPrefix("2 ") }
        #expect(otherRows.count == ids.count - 1 && otherRows.allSatisfy { $0.hasSuffix("  ok") })
        let listed = try f.reel(["playlist", "list"])
        let listRow = try #require(listed.stdout.split(separator: "\n").last).split(separator: " ", omittingEmptySubsequences: true)
        #expect(listRow[2] == "\(ids.count)" && listRow[3] == "\(ids.count - 1)")

        // The export says so, once, on stderr, and the files no longer have the clip or the speaker.
        let after = try f.reel(["playlist", "export", "porters-induction", "--format", "json", "--format", "m3u8", "-o", out + "/"], audiences: true)
        #expect(after.status == 0, "\(after.stderr)")
        let leftOut = after.stderr.split(separator: "\n").map(String.init)
        #expect(leftOut.count == 1, "\(after.stderr)")
        let match = try #require(leftOut.first?.wholeMatch(of: /left out: (\S+) \((.+)\): consent withdrawn \d{4}-\d\d-\d\d/))
        #expect(match.1 == id)
        #expect(match.2.hasPrefix(speaker + ", "))
        #expect(after.stdout.contains("wrote \(out)/porters-induction.json (\(ids.count - 1) clips, "))
        #expect(after.stdout.contains("wrote \(out)/porters-induction.m3u8 (\(ids.count - 1) clips, "))

        let jsonText = try String(contentsOfFile: out + "/porters-induction.json", encoding: .utf8)
        #expect(!jsonText.contains(id) && !jsonText.contains(speaker))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(jsonText.utf8)) as? [String: Any])
        let items = try #require(json["items"] as? [[String: Any]])
        #expect(items.compactMap { $0["id"] as? String } == ids.filter { $0 != id })
        #expect((json["playlist"] as? [String: Any])?["leftOutCount"] as? Int == 1)
        let m3u8 = try String(contentsOfFile: out + "/porters-induction.m3u8", encoding: .utf8)
        #expect(!m3u8.contains(id) && !m3u8.contains(speaker))
        #expect(m3u8.components(separatedBy: "#EXTINF:").count - 1 == ids.count - 1)
        let media = try FileManager.default.contentsOfDirectory(atPath: out + "/porters-induction.media")
        #expect(!media.contains { $0.contains(id) }, "\(media)")
    }

    // MARK: - user errors

    @Test func unknownAudienceAndPlaylistAreOneLineWithSuggestions() throws {
        let f = try Self.fixture(imported: false)
        defer { f.remove() }
        // An empty catalogue: only import or --create makes one.
        let created = try f.reel(["playlist", "list", "--create"])
        try #require(created.status == 0, "\(created.stderr)")
        let typo = try f.build("ward-7", "clinicl")
        #expect(typo.status == 1)
        #expect(typo.stdout.isEmpty)
        #expect(typo.stderr == "unknown audience 'clinicl' (did you mean 'clinical'?); audiences.yaml has non-clinical, clinical, mixed\n")
        let unknown = try f.build("ward-7", "porters")
        #expect(unknown.status == 1)
        #expect(unknown.stderr == "unknown audience 'porters'; audiences.yaml has non-clinical, clinical, mixed\n")
        // Nothing was stored.
        #expect(try f.reel(["playlist", "list"]).stdout.hasPrefix("No playlists yet"))

        // An audience may be named by its label too.
        let byLabel = try f.build("ward-7", "Clinical staff", ["--target", "1m"])
        #expect(byLabel.status == 0, "\(byLabel.stderr)")
        #expect(byLabel.stdout.hasPrefix("Built 'ward-7' for Clinical staff: 0 clips"))

        for command in [["playlist", "show", "ward7"], ["playlist", "delete", "ward7"], ["playlist", "remove", "ward7", "1"],
                        ["playlist", "add", "ward7", "c-000000"], ["playlist", "move", "ward7", "1", "2"]] {
            let result = try f.reel(command)
            #expect(result.status == 1, "\(command)")
            #expect(result.stdout.isEmpty, "\(command)")
            #expect(result.stderr == "no playlist named 'ward7' (did you mean 'ward-7'?); `reel playlist list` lists them\n", "\(command)")
        }
        let export = try f.reel(["playlist", "export", "nothing-like-it", "--format", "json", "-o", f.dir + "/"], audiences: true)
        #expect(export.status == 1)
        #expect(export.stderr == "no playlist named 'nothing-like-it'; `reel playlist list` lists them\n")
        #expect(!FileManager.default.fileExists(atPath: f.dir + "/nothing-like-it.json"))
    }
}
