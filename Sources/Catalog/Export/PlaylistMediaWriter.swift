import Foundation
import Media
import Playlists

/// Writes the frame-accurate trimmed files a playlist's M3U8 and HTML exports play, into a folder beside them
/// (`NAME.media/01-s-3fa2c1-2.mp4`, …), reusing files an earlier export already made.
///
/// Each piece is cut with `MediaFile.trim(from:to:mode:.accurate,…)` (H.264 + AAC in MP4), so it starts on the
/// exact frame of the item's range; text subtitles (SubRip, ASS…) become an MP4 `mov_text` track. An accurate trim
/// keeps the source's pixel format and colour, so a piece a browser cannot play — HDR (PQ/HLG), more than 8 bits,
/// 4:2:2 or 4:4:4, interlaced (see `browserProblem(_:)`) — is made instead through a web preset when one is given
/// (`renderPlaylist` of that one piece: SDR BT.709, 8-bit 4:2:0, progressive, fitted to the preset's box). A manifest
/// (`.reel-media.json`) records which clip and range each file holds,
/// so a later export reuses it even after the items moved. Files in the folder that no current item uses — items
/// removed, or left out because consent was withdrawn — are deleted, so the folder never holds a clip that may
/// no longer be shown.
public enum PlaylistMediaWriter {
    /// One trimmed file.
    public struct Piece: Sendable, Equatable {
        /// The timeline entry's number (from 1).
        public var number: Int
        /// The file's name inside the media folder.
        public var fileName: String
        /// The file's absolute path.
        public var path: String
        /// The trimmed file's length as the trim reported it (or as recorded when it was made).
        public var duration: MediaTime
        /// Whether an earlier export's file was reused.
        public var reused: Bool
        /// Why the piece went through the web preset instead of a plain trim (`HDR (smpte2084), 10-bit yuv420p10le`);
        /// nil for a plain trim.
        public var convertedBecause: String? = nil
    }

    /// The manifest's record of one file.
    struct Record: Codable, Equatable {
        var file: String
        var checksum: String
        var startMs: Int64
        var endMs: Int64
        /// The trimmed length, in microseconds.
        var durationUs: Int64
        /// Why the file was made through the web preset; absent for a plain trim (and in older manifests).
        var web: String? = nil

        var key: String { "\(checksum):\(startMs):\(endMs)" }
    }

    /// Why a browser cannot play a frame-accurate trim of a clip with these facts (the trim keeps the picture's pixel
    /// format, colour and field order): `HDR (smpte2084), 10-bit yuv420p10le`; nil when it can. Browsers play H.264 in
    /// 8-bit 4:2:0, progressive, SDR.
    public static func browserProblem(_ info: MediaInfo) -> String? {
        guard let video = info.videoStream?.video else { return nil }
        var problems: [String] = []
        if video.hdr { problems.append("HDR (\(video.colorTransfer ?? "?"))") }
        let format = video.pixelFormat
        if video.bitDepth > 8 {
            problems.append("\(video.bitDepth)-bit \(format)")
        } else if !["yuv420p", "yuvj420p", "nv12"].contains(format) {
            problems.append("\(format) (not 4:2:0)")
        }
        if video.fieldOrder.isInterlaced { problems.append("interlaced") }
        return problems.isEmpty ? nil : problems.joined(separator: ", ")
    }

    static let manifestName = ".reel-media.json"

    /// The file name of an entry's piece: `01-s-3fa2c1-2.mp4`.
    public static func fileName(for e: PlaylistTimeline.Entry) -> String {
        String(format: "%02d-", e.number) + e.entry.id + ".mp4"
    }

    /// Whether `name` is a file this writer makes (and may therefore delete).
    static func isPieceName(_ name: String) -> Bool {
        guard name.hasSuffix(".mp4") || name.hasSuffix(".mkv") || name.hasSuffix(".vtt") else { return false }
        let digits = name.prefix { $0.isNumber }
        guard digits.count >= 2 else { return false }
        let rest = name.dropFirst(digits.count)
        return rest.hasPrefix("-c-") || rest.hasPrefix("-s-")
    }

    /// Trims (or reuses) one file per timeline entry into `folder`, then deletes files no entry uses.
    ///
    /// With `webPreset` (an MP4 video preset), an entry whose clip a browser cannot play as trimmed
    /// (`browserProblem(_:)`) is made through it instead, and a file made that way is reused by later exports with
    /// or without a preset; a plain trim is not reused where a web one is needed. `progress` gets (pieces done,
    /// total) after each piece. Throws `PlaylistError.cannotWrite` when the folder cannot be made, and `MediaError`
    /// when a trim fails (the clip file is missing, unreadable…); files written before the failure stay and are
    /// reused next time.
    public static func write(_ timeline: PlaylistTimeline, folder: String, webPreset: Preset? = nil,
                             progress: (@Sendable (Int, Int) -> Void)? = nil) async throws -> [Piece] {
        let fm = FileManager.default
        do {
            try fm.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw PlaylistError.cannotWrite(path: folder, reason: "cannot create the folder: \(error.localizedDescription)")
        }
        var records = loadManifest(folder)
        // Keep only records whose files are still there, and are MP4: older exports cut clips with subtitles to
        // Matroska, which is made again as MP4 (the old file is purged below).
        records = records.filter {
            $0.file.hasSuffix(".mp4") && fm.fileExists(atPath: (folder as NSString).appendingPathComponent($0.file))
        }
        let usePreset = webPreset.flatMap { $0.kind == .mp4 && $0.video != nil ? $0 : nil }
        var wanted: [(entry: PlaylistTimeline.Entry, key: String, name: String, web: String?)] = []
        for e in timeline.entries {
            // Facts that no longer decode: treat the clip as one a browser may not play.
            let problem = usePreset == nil ? nil : (try? e.entry.clip.mediaInfo).map(browserProblem) ?? "its stored media facts cannot be read"
            wanted.append((e, "\(e.entry.clip.checksum):\(e.entry.item.startMs):\(e.entry.item.endMs)", fileName(for: e), problem))
        }
        let needsWeb = Set(wanted.filter { $0.web != nil }.map(\.key))
        let wantedKeys = Set(wanted.map(\.key))
        // Park reusable files under temporary names, so renames cannot collide with each other. A plain trim is no
        // use where a browser needs the web version; a web version serves everywhere.
        var parked: [String: (temp: String, record: Record)] = [:]
        let usable = records.filter { wantedKeys.contains($0.key) && ($0.web != nil || !needsWeb.contains($0.key)) }
            .sorted { ($0.web != nil ? 0 : 1) < ($1.web != nil ? 0 : 1) }
        for record in usable where parked[record.key] == nil {
            let temp = ".parked-\(parked.count)-\(record.file)"
            try move(folder, record.file, to: temp)
            parked[record.key] = (temp, record)
        }
        try purge(folder, keeping: [])
        var pieces: [Piece] = []
        var newRecords: [Record] = []
        for (n, w) in wanted.enumerated() {
            let path = (folder as NSString).appendingPathComponent(w.name)
            if let (temp, record) = parked.removeValue(forKey: w.key) {
                let name = w.name
                try move(folder, temp, to: name)
                let duration = MediaTime(microseconds: record.durationUs)
                pieces.append(Piece(number: w.entry.number, fileName: name, path: (folder as NSString).appendingPathComponent(name),
                                    duration: duration, reused: true, convertedBecause: record.web))
                newRecords.append(Record(file: name, checksum: record.checksum, startMs: record.startMs, endMs: record.endMs,
                                         durationUs: record.durationUs, web: record.web))
            } else if let earlier = newRecords.first(where: { $0.key == w.key }) {
                // The same range twice in one playlist: copy the first file.
                let name = w.name
                try? fm.removeItem(atPath: path)
                do {
                    try fm.copyItem(atPath: (folder as NSString).appendingPathComponent(earlier.file), toPath: path)
                } catch {
                    throw PlaylistError.cannotWrite(path: path, reason: error.localizedDescription)
                }
                let duration = MediaTime(microseconds: earlier.durationUs)
                pieces.append(Piece(number: w.entry.number, fileName: name, path: path, duration: duration, reused: true,
                                    convertedBecause: earlier.web))
                newRecords.append(Record(file: name, checksum: earlier.checksum, startMs: earlier.startMs, endMs: earlier.endMs,
                                         durationUs: earlier.durationUs, web: earlier.web))
            } else {
                let item = w.entry.entry.item
                let source = MediaFile(w.entry.entry.clip.path)
                let from = MediaTime(milliseconds: item.startMs), to = MediaTime(milliseconds: item.endMs)
                let name = w.name
                let duration: MediaTime
                if w.web != nil, let preset = usePreset {
                    // The publish pipeline for one piece: upright, progressive, SDR, 8-bit 4:2:0, the preset's size,
                    // at the source's frame rate (whole frames per second).
                    let info = try? w.entry.entry.clip.mediaInfo
                    let rate = info?.videoStream?.video?.frameRate.doubleValue ?? 25
                    let piece = RenderPiece(path: source.path, from: from, to: to, title: w.entry.entry.displayTitle)
                    let report = try await renderPlaylist([piece], preset: preset, to: path, overwrite: true,
                                                          frameRate: rate.isFinite && rate >= 1 && rate <= 120 ? Int(rate.rounded()) : 25)
                    duration = MediaTime(microseconds: Int64((report.durationSeconds * 1_000_000).rounded()))
                } else {
                    duration = try await source.trim(from: from, to: to, mode: .accurate, output: path, overwrite: true).duration
                }
                let us = duration.rescaled(to: Rational(1, 1_000_000)).value
                pieces.append(Piece(number: w.entry.number, fileName: name, path: (folder as NSString).appendingPathComponent(name),
                                    duration: duration, reused: false, convertedBecause: w.web))
                newRecords.append(Record(file: name, checksum: w.entry.entry.clip.checksum, startMs: item.startMs, endMs: item.endMs,
                                         durationUs: us, web: w.web))
            }
            try saveManifest(folder, newRecords)
            progress?(n + 1, wanted.count)
        }
        // Parked files nobody took (cannot normally happen) go too.
        for (_, p) in parked { try? fm.removeItem(atPath: (folder as NSString).appendingPathComponent(p.temp)) }
        try saveManifest(folder, newRecords)
        return pieces
    }

    /// Deletes the pieces in `folder` that hold none of `keep` (clip checksum and range), without trimming
    /// anything: used by every export so that an older export's media never keeps a clip that was left out.
    ///
    /// Returns the names of the files deleted. Does nothing when the folder does not exist.
    @discardableResult
    public static func prune(folder: String, keeping timeline: PlaylistTimeline) throws -> [String] {
        guard FileManager.default.fileExists(atPath: folder) else { return [] }
        let keys = Set(timeline.entries.map { "\($0.entry.clip.checksum):\($0.entry.item.startMs):\($0.entry.item.endMs)" })
        let records = loadManifest(folder)
        let keep = Set(records.filter { keys.contains($0.key) }.map(\.file))
        let removed = try purge(folder, keeping: keep)
        try saveManifest(folder, records.filter { keep.contains($0.file) })
        return removed
    }

    /// Deletes every piece-named file in `folder` except `keeping`; returns what was deleted.
    @discardableResult
    static func purge(_ folder: String, keeping: Set<String>) throws -> [String] {
        let fm = FileManager.default
        var removed: [String] = []
        for name in (try? fm.contentsOfDirectory(atPath: folder)) ?? [] where isPieceName(name) && !keeping.contains(name) {
            let path = (folder as NSString).appendingPathComponent(name)
            do {
                try fm.removeItem(atPath: path)
            } catch {
                throw PlaylistError.cannotWrite(path: path, reason: "cannot delete an old file: \(error.localizedDescription)")
            }
            removed.append(name)
        }
        return removed.sorted()
    }

    static func move(_ folder: String, _ from: String, to: String) throws {
        let source = (folder as NSString).appendingPathComponent(from)
        let target = (folder as NSString).appendingPathComponent(to)
        if source == target { return }
        try? FileManager.default.removeItem(atPath: target)
        do {
            try FileManager.default.moveItem(atPath: source, toPath: target)
        } catch {
            throw PlaylistError.cannotWrite(path: target, reason: error.localizedDescription)
        }
    }

    static func loadManifest(_ folder: String) -> [Record] {
        let path = (folder as NSString).appendingPathComponent(manifestName)
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        return (try? JSONDecoder().decode([Record].self, from: data)) ?? []
    }

    static func saveManifest(_ folder: String, _ records: [Record]) throws {
        let path = (folder as NSString).appendingPathComponent(manifestName)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        do {
            try encoder.encode(records).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw PlaylistError.cannotWrite(path: path, reason: error.localizedDescription)
        }
    }
}
