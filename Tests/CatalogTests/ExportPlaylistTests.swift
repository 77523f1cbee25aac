import Catalog
import Foundation
import Media
import Playlists
import Testing

/// Exports of a playlist built from the sample footage in Media/ with the sample shot log, checked by independent
/// readers: ffprobe for the trimmed files, the opentimelineio Python package for `.otio`, the frame-index barcode
/// (Tests/Fixtures/read_barcode.py) for the first frame of each trimmed file, and strict parsers for the text formats.
@Suite(.serialized)
struct ExportPlaylistTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let toolsAvailable = FileManager.default.isExecutableFile(atPath: "/usr/bin/ffprobe")

    struct Fixture {
        var catalog: Catalog
        var folder: String
        var built: PlaylistBuildResult
    }

    /// The sample footage imported with the sample shot log, and a clinical playlist of about 40 s built from it.
    static func fixture(_ label: String) async throws -> Fixture {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("reel-export-\(label)-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let catalog = try Catalog(inMemoryWith: .standard)
        let media = root.appendingPathComponent("Media").path
        let clips = try FileManager.default.contentsOfDirectory(atPath: media)
            .filter { ["mp4", "mov", "mkv", "webm", "ts"].contains(($0 as NSString).pathExtension) }.sorted()
            .map { (media as NSString).appendingPathComponent($0) }
        let log = try ShotLog(contentsOf: root.appendingPathComponent("Catalog/shotlog.csv").path)
        let report = try await catalog.importMedia(clips, options: ImportOptions(shotLog: log, concurrency: 2, makePictures: false, recordedBy: "test"))
        #expect(report.shotLogIssues.isEmpty, "\(report.shotLogIssues)")
        let audience = AudienceProfileSet.standard.profile(id: "clinical")!
        let built = try catalog.buildPlaylist(named: "Clinical demo", request: PlaylistRequest(audience: audience, targetMs: 40_000))
        return Fixture(catalog: catalog, folder: folder, built: built)
    }

    /// Runs a program and collects its output; Python is found on PATH (`/usr/bin/env python3`), where Scripts/setup
    /// installed opentimelineio.
    static func run(_ tool: String, _ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }

    /// ffprobe's video stream duration and frame rate of a file.
    static func probeVideo(_ path: String) throws -> (duration: Double, rate: Double) {
        let r = try run("/usr/bin/ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=duration,avg_frame_rate,r_frame_rate",
                                             "-of", "default=nw=1", path])
        var values: [String: String] = [:]
        for line in r.out.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2 { values[parts[0]] = parts[1] }
        }
        func rate(_ text: String?) -> Double {
            let p = (text ?? "0/1").split(separator: "/").compactMap { Double($0) }
            return p.count == 2 && p[1] != 0 ? p[0] / p[1] : 0
        }
        let avg = rate(values["avg_frame_rate"])
        var duration = Double(values["duration"] ?? "") ?? 0
        if duration == 0 {  // Matroska keeps durations in the container
            let f = try run("/usr/bin/ffprobe", ["-v", "error", "-show_entries", "format=duration", "-of", "default=nw=1:nk=1", path])
            duration = Double(f.out.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        }
        return (duration, avg > 0 ? avg : rate(values["r_frame_rate"]))
    }

    @Test(.enabled(if: toolsAvailable))
    func m3u8PlaysTheRightRangesOfFrameAccurateFiles() async throws {
        let f = try await Self.fixture("m3u8")
        defer { try? FileManager.default.removeItem(atPath: f.folder) }
        let exporter = PlaylistExporter(catalog: f.catalog)
        let report = try await exporter.export("clinical demo", format: .m3u8, to: f.folder + "/")
        #expect(report.output == f.folder + "/clinical-demo.m3u8")
        #expect(report.mediaFolder == f.folder + "/clinical-demo.media")
        #expect(report.trimmed == f.built.plan.items.count && report.reused == 0)
        let lines = try String(contentsOfFile: report.output, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines.first == "#EXTM3U")
        #expect(lines[1] == "#PLAYLIST:Clinical demo")
        let infos = lines.filter { $0.hasPrefix("#EXTINF:") }
        let files = lines.filter { !$0.hasPrefix("#") }
        #expect(infos.count == f.built.plan.items.count && files.count == infos.count)
        for (n, item) in f.built.plan.items.enumerated() {
            let c = item.candidate
            // "#EXTINF:<seconds>,Name — Role: title"
            let info = infos[n].dropFirst("#EXTINF:".count)
            let comma = try #require(info.firstIndex(of: ","))
            let seconds = try #require(Double(info[..<comma]))
            let role = try #require(Taxonomy.standard.role(id: c.roleID!)).label
            #expect(String(info[info.index(after: comma)...]) == "\(c.speakerName!) — \(role): \(c.title)")
            // A relative path to a trimmed file that ffprobe reads, as long as the range within a frame.
            #expect(files[n].hasPrefix("clinical-demo.media/\(String(format: "%02d", n + 1))-\(c.id)."))
            let path = (f.folder as NSString).appendingPathComponent(files[n])
            let probe = try Self.probeVideo(path)
            let frame = 1 / probe.rate
            let wanted = Double(c.durationMs) / 1000
            #expect(abs(probe.duration - wanted) <= frame + 0.001, "\(files[n]): \(probe.duration) s, wanted \(wanted) s")
            #expect(abs(seconds - wanted) <= frame + 0.001)
        }
        // The first frame of each trimmed file is the frame at the range's start (the sample clips carry their
        // frame index as a barcode).
        for (n, item) in f.built.plan.items.enumerated() {
            let c = item.candidate
            guard let clip = try? f.catalog.resolveClip(c.clipShortID), let rate = clip.frameRate, rate == "25" else { continue }
            let path = (f.folder as NSString).appendingPathComponent(files[n])
            let r = try Self.run("/usr/bin/env", ["python3", Self.root.appendingPathComponent("Tests/Fixtures/read_barcode.py").path, path, "--frames", "0"])
            let index = r.out.split(separator: " ").last.flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            #expect(index == Int(c.startMs * 25 / 1000), "\(files[n]) starts at frame \(index ?? -1)")
        }
        // A second export reuses every file.
        let again = try await exporter.export("Clinical demo", format: .m3u8, to: f.folder + "/")
        #expect(again.trimmed == 0 && again.reused == f.built.plan.items.count)
    }

    @Test(.enabled(if: toolsAvailable))
    func otioLoadsInOpenTimelineIO() async throws {
        let f = try await Self.fixture("otio")
        defer { try? FileManager.default.removeItem(atPath: f.folder) }
        let report = try await PlaylistExporter(catalog: f.catalog).export("Clinical demo", format: .otio, to: f.folder + "/demo.otio")
        let script = """
            import json, sys
            import opentimelineio as otio
            t = otio.adapters.read_from_file(sys.argv[1])
            out = {"name": t.name, "tracks": len(t.tracks), "kind": t.tracks[0].kind, "clips": []}
            for c in t.tracks[0].find_clips():
                r = c.source_range
                out["clips"].append({"name": c.name, "start": r.start_time.value, "duration": r.duration.value, "rate": r.start_time.rate,
                                     "url": c.media_reference.target_url, "markers": [m.name for m in c.markers],
                                     "speaker": c.metadata["reel"].get("speaker")})
            out["duration"] = t.duration().to_seconds()
            print(json.dumps(out))
            """
        let r = try Self.run("/usr/bin/env", ["python3", "-c", script, report.output])
        #expect(r.status == 0, "\(r.err)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        #expect(json["name"] as? String == "Clinical demo")
        #expect(json["tracks"] as? Int == 1 && json["kind"] as? String == "Video")
        let clips = try #require(json["clips"] as? [[String: Any]])
        #expect(clips.count == f.built.plan.items.count)
        for (item, clip) in zip(f.built.plan.items, clips) {
            let c = item.candidate
            let detail = try f.catalog.resolveClip(c.clipShortID)
            let rate = try #require(PlaylistTimeline.nominalRate(detail.frameRate))
            let origin = try detail.mediaInfo.timecode.flatMap { PlaylistTimeline.frames(timecode: $0, rate: rate) } ?? 0
            #expect(clip["rate"] as? Double == rate.doubleValue)
            #expect(clip["start"] as? Double == Double(origin + PlaylistTimeline.frames(ms: c.startMs, rate: rate)))
            let frames = try #require(clip["duration"] as? Double)
            #expect(abs(frames / rate.doubleValue - Double(c.durationMs) / 1000) <= 1 / rate.doubleValue)
            #expect(clip["url"] as? String == URL(fileURLWithPath: detail.path).absoluteString)
            #expect(FileManager.default.fileExists(atPath: detail.path))
            #expect(clip["speaker"] as? String == c.speakerName)
            let markers = try #require(clip["markers"] as? [String])
            #expect(markers.sorted() == c.themes.map { Taxonomy.standard.theme(id: $0)!.label }.sorted())
        }
    }

    @Test func edlIsStrictCMX3600() async throws {
        let f = try await Self.fixture("edl")
        defer { try? FileManager.default.removeItem(atPath: f.folder) }
        let report = try await PlaylistExporter(catalog: f.catalog).export("Clinical demo", format: .edl, to: f.folder)
        #expect(report.output.hasSuffix("/clinical-demo.edl"))
        let text = try String(contentsOfFile: report.output, encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        #expect(lines[0] == "TITLE: Clinical demo")
        #expect(lines[1] == "FCM: NON-DROP FRAME")
        let event = try Regex(#"^(\d{3})  (\S{1,8}) +AA/V  C        (\d\d:\d\d:\d\d:\d\d) (\d\d:\d\d:\d\d:\d\d) (\d\d:\d\d:\d\d:\d\d) (\d\d:\d\d:\d\d:\d\d)$"#)
        func count(_ tc: Substring, fps: Int) -> Int {
            let p = tc.split(separator: ":").map { Int($0)! }
            return ((p[0] * 60 + p[1]) * 60 + p[2]) * fps + p[3]
        }
        var recordOut = 3600 * 25
        var events = 0
        for (i, line) in lines.enumerated() where line.first?.isNumber == true {
            let m = try #require(line.wholeMatch(of: event), "not a CMX3600 event: \(line)")
            events += 1
            let output = m.output
            #expect(Int(String(output[1].substring!)) == events)
            #expect(output[2].substring!.count <= 8)
            let srcIn = count(output[3].substring!, fps: 25), srcOut = count(output[4].substring!, fps: 25)
            let recIn = count(output[5].substring!, fps: 25), recOut = count(output[6].substring!, fps: 25)
            #expect(recIn == recordOut, "record in of event \(events) follows the previous out")
            #expect(srcOut - srcIn == recOut - recIn && recOut > recIn)
            let item = f.built.plan.items[events - 1].candidate
            let recorded: Double = Double(recOut - recIn) / 25
            let wanted: Double = Double(item.durationMs) / 1000
            #expect(abs(recorded - wanted) <= 0.0205, "event \(events): \(recorded) s for \(wanted) s")
            recordOut = recOut
            #expect(lines[i + 1].hasPrefix("* FROM CLIP NAME: "))
            let clip = try f.catalog.resolveClip(item.clipShortID)
            #expect(lines[i + 1] == "* FROM CLIP NAME: \(clip.fileName)")
            #expect(output[2].substring! == PlaylistEDLExporter.reelName(clip))
            // Source times count from the clip's own timecode (porter-prores.mov starts at 10:00:00:00).
            let origin = try clip.mediaInfo.timecode.flatMap { PlaylistTimeline.frames(timecode: $0, rate: Rational(25, 1)) } ?? 0
            #expect(Int64(srcIn) == origin + PlaylistTimeline.frames(ms: item.startMs, rate: Rational(25, 1)))
        }
        #expect(events == f.built.plan.items.count)
    }

    @Test func webVTTChaptersCoverTheTimeline() async throws {
        let f = try await Self.fixture("vtt")
        defer { try? FileManager.default.removeItem(atPath: f.folder) }
        let report = try await PlaylistExporter(catalog: f.catalog).export("Clinical demo", format: .vttChapters, to: f.folder + "/")
        #expect(report.output.hasSuffix("/clinical-demo.chapters.vtt"))
        let text = try String(contentsOfFile: report.output, encoding: .utf8)
        #expect(text.hasPrefix("WEBVTT\n\n"))
        let cue = try Regex(#"^(\d\d):(\d\d):(\d\d)\.(\d{3}) --> (\d\d):(\d\d):(\d\d)\.(\d{3})$"#)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var end = 0
        var titles: [String] = []
        for (i, line) in lines.enumerated() {
            guard let m = line.wholeMatch(of: cue) else { continue }
            let v = (1...8).map { Int(String(m.output[$0].substring!))! }
            let from = ((v[0] * 60 + v[1]) * 60 + v[2]) * 1000 + v[3], to = ((v[4] * 60 + v[5]) * 60 + v[6]) * 1000 + v[7]
            #expect(from == end && to > from)
            end = to
            titles.append(lines[i + 1])
            #expect(lines[i + 2].isEmpty || i + 2 == lines.count - 1)
        }
        #expect(titles.count == f.built.plan.items.count)
        #expect(Double(end) == Double(report.durationMs))
        let first = f.built.plan.items[0].candidate
        #expect(titles[0] == "1. \(first.speakerName!) — \(first.roleLabel!): \(first.title) (Opening: What matters most)")
    }

    @Test func anEmptyPlaylistSaysSoRatherThanBlamingConsent() async throws {
        let catalog = try Catalog(inMemoryWith: .standard)
        let audience = try AudienceProfileSet.standard.resolve("clinical")
        _ = try catalog.buildPlaylist(named: "Nothing yet", request: PlaylistRequest(audience: audience))
        let folder = NSTemporaryDirectory() + "reel-empty-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let error = await #expect(throws: PlaylistError.emptyPlaylist("Nothing yet")) {
            try await PlaylistExporter(catalog: catalog).export("Nothing yet", format: .json, to: folder + "/p.json")
        }
        #expect(error?.description.hasPrefix("playlist 'Nothing yet' has no clips") == true)
        #expect(!FileManager.default.fileExists(atPath: folder + "/p.json"))
    }

    @Test func jsonHasEveryClipsFacts() async throws {
        let f = try await Self.fixture("json")
        defer { try? FileManager.default.removeItem(atPath: f.folder) }
        let report = try await PlaylistExporter(catalog: f.catalog).export("Clinical demo", format: .json, to: f.folder + "/p.json")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report.output))) as? [String: Any])
        let playlist = try #require(root["playlist"] as? [String: Any])
        #expect(playlist["name"] as? String == "Clinical demo" && playlist["audience"] as? String == "clinical")
        #expect(playlist["audienceLabel"] as? String == "Clinical staff")
        let items = try #require(root["items"] as? [[String: Any]])
        #expect(items.count == f.built.plan.items.count)
        for (item, json) in zip(f.built.plan.items, items) {
            let c = item.candidate
            #expect(json["id"] as? String == c.id)
            #expect(json["speaker"] as? String == c.speakerName)
            #expect((json["role"] as? [String: Any])?["id"] as? String == c.roleID)
            #expect((json["consent"] as? [String: Any])?["reference"] as? String == c.consent.reference)
            #expect((json["consent"] as? [String: Any])?["state"] as? String == "ok")
            #expect(((json["themes"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String } == c.themes)
            #expect(json["startMs"] as? Int == Int(c.startMs) && json["endMs"] as? Int == Int(c.endMs))
            let clip = try #require(json["clip"] as? [String: Any])
            #expect(clip["id"] as? String == c.clipShortID)
            #expect(FileManager.default.fileExists(atPath: clip["path"] as? String ?? ""))
        }
    }

    @Test(.enabled(if: toolsAvailable))
    func htmlPageIsSelfContainedAndPlaysTheTrimmedFiles() async throws {
        let f = try await Self.fixture("html")
        defer { try? FileManager.default.removeItem(atPath: f.folder) }
        let report = try await PlaylistExporter(catalog: f.catalog).export("Clinical demo", format: .html, to: f.folder + "/")
        let html = try String(contentsOfFile: report.output, encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<video id=\"player\""))
        // No network: no http(s) URL, no external script or stylesheet.
        #expect(!html.contains("http://") && !html.contains("https://"))
        #expect(!html.contains("<script src") && !html.contains("<link"))
        // Every trimmed file the page plays is beside it.
        let srcs = html.matches(of: try Regex(#""src":"([^"]+)""#)).map { String($0.output[1].substring!) }
        #expect(srcs.count == f.built.plan.items.count)
        for src in srcs { #expect(FileManager.default.fileExists(atPath: (f.folder as NSString).appendingPathComponent(src)), "\(src)") }
        // The chapter list names speaker, role and theme.
        let first = f.built.plan.items[0].candidate
        #expect(html.contains("<strong>\(first.speakerName!)</strong> · \(first.roleLabel!)"))
        #expect(html.contains("Opening: What matters most"))
        // Captions from the nurse's sidecar SRT, clipped to the segment and inlined.
        #expect(html.contains("\"captions\":\"data:text/vtt;charset=utf-8;base64,"))
        #expect(html.contains("<track id=\"chapters\" kind=\"chapters\""))
        // The player shows a poster (a JPEG of the first piece, inlined) before it plays.
        let poster = try #require(html.firstMatch(of: try Regex(#"<video id="player"[^>]* poster="data:image/jpeg;base64,([A-Za-z0-9+/=]+)""#)))
        let jpeg = try #require(Data(base64Encoded: String(poster.output[1].substring!)))
        #expect(jpeg.prefix(2) == Data([0xFF, 0xD8]) && jpeg.count > 1000)
        // The page's title is the playlist's.
        #expect(html.contains("<title>Clinical demo</title>") && html.contains("<h1>Clinical demo</h1>"))
        try f.catalog.setPlaylistTitle(named: "Clinical demo", to: "  Ward 7 & friends:\n what matters most ")
        let titled = try await PlaylistExporter(catalog: f.catalog).export("Clinical demo", format: .html, to: f.folder + "/")
        let page = try String(contentsOfFile: titled.output, encoding: .utf8)
        #expect(page.contains("<title>Ward 7 &amp; friends: what matters most</title>"))
        #expect(page.contains("<h1>Ward 7 &amp; friends: what matters most</h1>"))
    }

    /// A playlist's title: made from a file-like name, set at build or later, kept by a rebuild, cleared when blank.
    @Test func playlistTitles() throws {
        let catalog = try Catalog(inMemoryWith: .standard)
        try catalog.addSpeaker(name: "Jo Kemp", role: "porter", consentReference: "CF-1", recordedBy: "t")
        _ = try PlaylistSamples.addClip(catalog, number: 1, speaker: "Jo Kemp", seconds: 20)
        let audience = AudienceProfileSet.standard.profile(id: "non-clinical")!
        let built = try catalog.buildPlaylist(named: "porters-induction", request: PlaylistRequest(audience: audience, targetMs: 20_000))
        #expect(built.playlist.title == nil)
        #expect(built.playlist.displayTitle == "Porters induction")
        try catalog.setPlaylistTitle(named: "PORTERS-INDUCTION", to: "Porters' induction")
        #expect(try catalog.playlist(named: "porters-induction").displayTitle == "Porters' induction")
        let rebuilt = try catalog.buildPlaylist(named: "porters-induction", request: PlaylistRequest(audience: audience, targetMs: 20_000), replace: true)
        #expect(rebuilt.playlist.title == "Porters' induction")
        let renamed = try catalog.buildPlaylist(named: "porters-induction", request: PlaylistRequest(audience: audience, targetMs: 20_000),
                                                replace: true, title: "Every role matters")
        #expect(try catalog.playlist(named: "porters-induction").title == "Every role matters" && renamed.playlist.title == "Every role matters")
        try catalog.setPlaylistTitle(named: "porters-induction", to: "   ")
        #expect(try catalog.playlist(named: "porters-induction").displayTitle == "Porters induction")
        #expect(throws: PlaylistError.self) { try catalog.setPlaylistTitle(named: "nope", to: "x") }
    }

    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// ffprobe's facts of a file's first video stream, by name (`codec_name`, `pix_fmt`, `color_transfer`…).
    static func videoFacts(_ path: String) throws -> [String: String] {
        let r = try run("/usr/bin/ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries",
                                             "stream=codec_name,profile,pix_fmt,width,height,color_transfer,field_order", "-of", "default=nw=1", path])
        var values: [String: String] = [:]
        for line in r.out.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2 { values[parts[0]] = parts[1] }
        }
        return values
    }

    /// The HDR (HEVC Main 10, PQ) and ProRes (4:2:2 10-bit) samples would be trimmed to H.264 High 10 / High 4:2:2
    /// that browsers refuse; the HTML export makes them through web-720p instead, and plays them in Chromium.
    @Test(.enabled(if: toolsAvailable))
    func htmlMakesPiecesABrowserCannotPlayThroughTheWebPreset() async throws {
        let f = try await Self.fixture("html-web")
        defer { try? FileManager.default.removeItem(atPath: f.folder) }
        let clips = try f.catalog.clips()
        func id(_ file: String) throws -> String { try #require(clips.first { $0.clip.fileName == file }).id }
        let audience = AudienceProfileSet.standard.profile(id: "clinical")!
        let include = [try id("chaplain-hdr.mkv"), try id("porter-prores.mov"), try id("nurse-1080p.mp4")]
        _ = try f.catalog.buildPlaylist(named: "Web check", request: PlaylistRequest(audience: audience, targetMs: 20_000, include: include))
        let report = try await PlaylistExporter(catalog: f.catalog).export("Web check", format: .html, to: f.folder + "/")
        let media = try #require(report.mediaFolder)
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: media + "/.reel-media.json"))) as? [[String: Any]] ?? []
        let byChecksum = Dictionary(uniqueKeysWithValues: clips.map { ($0.clip.checksum, $0.clip.fileName) })
        var seen: Set<String> = []
        for record in manifest {
            let file = try #require(record["file"] as? String)
            let source = byChecksum[record["checksum"] as? String ?? ""] ?? "?"
            let facts = try Self.videoFacts(media + "/" + file)
            #expect(facts["codec_name"] == "h264", "\(source): \(facts)")
            if source == "chaplain-hdr.mkv" || source == "porter-prores.mov" {
                seen.insert(source)
                // SDR, 8-bit 4:2:0, progressive, the preset's box.
                #expect(facts["pix_fmt"] == "yuv420p", "\(source): \(facts)")
                #expect(facts["color_transfer"] != "smpte2084" && facts["color_transfer"] != "arib-std-b67", "\(source): \(facts)")
                #expect(facts["width"] == "1280" && facts["height"] == "720", "\(source): \(facts)")
                #expect(report.converted.contains { $0.hasPrefix(file + " (") }, "\(report.converted)")
            } else if source == "nurse-1080p.mp4" {
                seen.insert(source)
                // Playable as trimmed: a plain frame-accurate trim at its own size.
                #expect(facts["width"] == "1920" && facts["height"] == "1080", "\(source): \(facts)")
                #expect(!report.converted.contains { $0.hasPrefix(file) })
            }
        }
        #expect(seen == ["chaplain-hdr.mkv", "porter-prores.mov", "nurse-1080p.mp4"])
        #expect(report.webPreset == "web-720p")
        #expect(report.converted.contains { $0.contains("(HDR (smpte2084), 10-bit yuv420p10le)") }, "\(report.converted)")
        #expect(report.converted.contains { $0.contains("(10-bit yuv422p10le)") }, "\(report.converted)")

        // Exported again, and as M3U8 into the same folder: the web versions are reused, nothing is made again.
        let again = try await PlaylistExporter(catalog: f.catalog).export("Web check", format: .html, to: f.folder + "/")
        #expect(again.trimmed == 0 && again.converted == report.converted)
        let m3u8 = try await PlaylistExporter(catalog: f.catalog).export("Web check", format: .m3u8, to: f.folder + "/")
        #expect(m3u8.trimmed == 0 && m3u8.converted.isEmpty)

        // And the page plays them in a real browser. (Debian's Chromium decodes even High 10 in software, so this
        // cannot tell the two apart: the ffprobe facts above are what browsers without it need.)
        if let chromium = Self.chromium {
            let order = try f.catalog.playlistContents(named: "Web check").entries.map(\.clip.fileName)
            for (n, file) in order.enumerated() where file == "chaplain-hdr.mkv" || file == "porter-prores.mov" {
                let r = try Self.run(chromium, ["--headless=new", "--no-sandbox", "--disable-gpu", "--autoplay-policy=no-user-gesture-required",
                                                "--virtual-time-budget=8000", "--dump-dom",
                                                URL(fileURLWithPath: report.output).absoluteString + "#play-\(n + 1)"])
                let body = r.out.firstMatch(of: try Regex(#"<body[^>]*>"#)).map { String(r.out[$0.range]) } ?? ""
                #expect(body.contains("data-played=\"\(n + 1)\"") && !body.contains("data-errors"), "\(file): \(body)")
            }
        }
    }

    /// Each clip of the page plays in headless Chromium (Scripts/setup installs it, so this never skips).
    @Test(.enabled(if: toolsAvailable))
    func htmlPagePlaysEveryClipInChromium() async throws {
        let chromium = try #require(Self.chromium, "no Chromium: run Scripts/setup")
        let f = try await Self.fixture("chromium")
        defer { try? FileManager.default.removeItem(atPath: f.folder) }
        let report = try await PlaylistExporter(catalog: f.catalog).export("Clinical demo", format: .html, to: f.folder + "/")
        for n in 1...f.built.plan.items.count {
            let r = try Self.run(chromium, ["--headless=new", "--no-sandbox", "--disable-gpu", "--autoplay-policy=no-user-gesture-required",
                                                  "--virtual-time-budget=8000", "--dump-dom",
                                                  URL(fileURLWithPath: report.output).absoluteString + "#play-\(n)"])
            let body = r.out.firstMatch(of: try Regex(#"<body[^>]*>"#)).map { String(r.out[$0.range]) } ?? ""
            #expect(body.contains("data-played=\"\(n)\""), "clip \(n) did not play: \(body)")
            #expect(!body.contains("data-errors"), "clip \(n): \(body)")
        }
    }

    @Test(.enabled(if: toolsAvailable))
    func consentWithdrawnAfterTheBuildKeepsTheClipOutOfEveryExport() async throws {
        let f = try await Self.fixture("consent")
        defer { try? FileManager.default.removeItem(atPath: f.folder) }
        let exporter = PlaylistExporter(catalog: f.catalog)
        let first = try await exporter.export("Clinical demo", format: .html, to: f.folder + "/")
        let media = try #require(first.mediaFolder)
        // Withdraw the consent of someone in the playlist.
        let gone = try #require(f.built.plan.items.dropFirst().first?.candidate)
        let speaker = try #require(gone.speakerName)
        let withdrawnAt = Date()
        try f.catalog.withdrawConsent(speaker: speaker, reason: "changed their mind", recordedBy: "test", at: withdrawnAt)
        let clip = try f.catalog.resolveClip(gone.clipShortID)
        let piece = try FileManager.default.contentsOfDirectory(atPath: media).first { $0.contains(gone.id) }
        #expect(piece != nil, "the first export trimmed it")

        for format in PlaylistExportFormat.allCases {
            let report = try await exporter.export("Clinical demo", format: format, to: f.folder + "/", at: withdrawnAt.addingTimeInterval(1))
            #expect(report.itemCount == f.built.plan.items.count - 1)
            let left = try #require(report.leftOut.first)
            #expect(report.leftOut.count == 1)
            #expect(left.description == "left out: \(gone.id) (\(gone.voice)): consent withdrawn \(CalendarDay(withdrawnAt))")
            let text = try String(contentsOfFile: report.output, encoding: .utf8)
            #expect(!text.contains(speaker), "\(format) names the withdrawn speaker")
            #expect(!text.contains(gone.id) && !text.contains(clip.fileName) && !text.contains(clip.checksum), "\(format) refers to the withdrawn clip")
            // Nothing in the media folder holds it any more.
            let files = try FileManager.default.contentsOfDirectory(atPath: media)
            #expect(!files.contains { $0.contains(gone.id) }, "\(format): \(files)")
            if format.writesMedia { #expect(report.trimmed == 0, "the other pieces are reused") }
        }
        // When everyone has withdrawn there is nothing to export.
        for item in f.built.plan.items { try? f.catalog.withdrawConsent(speaker: item.candidate.speakerName!, recordedBy: "test", at: withdrawnAt) }
        await #expect(throws: PlaylistError.nothingToExport("Clinical demo")) {
            _ = try await exporter.export("Clinical demo", format: .json, to: f.folder + "/", at: withdrawnAt.addingTimeInterval(2))
        }
    }
}
