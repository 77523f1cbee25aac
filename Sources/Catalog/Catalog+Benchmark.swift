import Foundation
import GRDB
import Media
import Playlists

extension Catalog {
    /// Fills the catalogue with synthetic clips, speakers, captions and segments, for benchmarks and demos only.
    ///
    /// Makes `segments / segmentsPerClip` clips (rounded up) with made-up probe facts, titles, three caption
    /// cues each and `segmentsPerClip` segments each, tagged with themes from the taxonomy, spoken by 50 speakers
    /// of every role (a few with withdrawn or expired consent). The words mix the themes' vocabulary with 3 072
    /// invented ones, as real speech is mostly rare words. Deterministic for a given `seed`. One transaction.
    /// Returns how many clips and segments were added.
    @discardableResult
    public func seedSynthetic(segments: Int, segmentsPerClip: Int = 10, seed: UInt64 = 1) throws -> (clips: Int, segments: Int) {
        var rng = SplitMix64(seed: seed)
        let words = ["care", "family", "dignity", "listening", "bereavement", "memory", "keepsake", "hand", "cast", "ward", "night",
                     "conversation", "honest", "gentle", "comfort", "wishes", "faith", "culture", "language", "children", "support",
                     "porter", "housekeeper", "reception", "mortuary", "volunteer", "tea", "music", "photograph", "garden", "window",
                     "quiet", "hours", "team", "debrief", "role", "respect", "dying", "death", "grief", "kindness", "small", "things",
                     "matters", "most", "plan", "preferences", "home", "hospice", "chaplain", "prayer", "names", "stories", "legacy"]
        // Real speech has a large vocabulary: most words are rare. Mix the theme words (one word in eight) with
        // 3 000 made-up ones, so that a search for "family" finds some clips, not nearly all of them.
        let syllables = ["ka", "lo", "mi", "ren", "sa", "tor", "vel", "du", "pha", "gri", "ne", "os", "tu", "bel", "ish", "ra"]
        var invented: [String] = []
        for a in syllables { for b in syllables { for c in syllables.prefix(12) { invented.append(a + b + c) } } }
        func word() -> String {
            rng.next() % 8 == 0 ? words[Int(rng.next() % UInt64(words.count))] : invented[Int(rng.next() % UInt64(invented.count))]
        }
        func sentence(_ n: Int) -> String { (0..<n).map { _ in word() }.joined(separator: " ") }
        let perClip = max(1, segmentsPerClip)
        let clipCount = (segments + perClip - 1) / perClip
        let now = Date()
        let roles = taxonomy.roles.map(\.id)
        let themes = taxonomy.themes.map(\.id)
        return try writer.write { db in
            let base = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM clip") ?? 0
            var speakerIDs: [Int64] = []
            for i in 0..<50 {
                let name = "Synthetic Speaker \(base + i)"
                if let existing = try Speaker.filter(Speaker.Columns.name == name).fetchOne(db) {
                    speakerIDs.append(existing.id!)
                    continue
                }
                var speaker = Speaker(name: name, roleID: roles.isEmpty ? "unknown" : roles[i % roles.count], createdAt: now)
                try speaker.insert(db)
                speakerIDs.append(speaker.id!)
                var grant = ConsentEvent(speakerID: speaker.id!, kind: .granted, reference: "SYN-\(base + i)",
                                         expiresOn: i % 17 == 3 ? CalendarDay(year: 2024, month: 1, day: 31) : CalendarDay(year: 2030, month: 12, day: 31),
                                         recordedBy: "seed", recordedAt: now, source: "seed")
                try grant.insert(db)
                if i % 13 == 5 {
                    var withdraw = ConsentEvent(speakerID: speaker.id!, kind: .withdrawn, reason: "synthetic", recordedBy: "seed", recordedAt: now, source: "seed")
                    try withdraw.insert(db)
                }
            }
            var made = 0
            for c in 0..<clipCount {
                let n = base + c
                let checksum = String(format: "5eed%012llx", UInt64(n) &* 0x9E37_79B9 &+ seed & 0xFFFF_FFFF_FFFF)
                let durationMs = Int64(20_000 + Int(rng.next() % 280_000))
                let info = Catalog.syntheticInfo(path: "/synthetic/clip-\(n).mp4", durationMs: durationMs)
                var clip = Clip(shortID: try Catalog.newShortID(checksum: checksum, db), checksum: checksum, sizeBytes: 1_000_000 + Int64(n),
                                path: "/synthetic/clip-\(n).mp4", title: sentence(4).capitalized, notes: sentence(8),
                                speakerID: speakerIDs[Int(rng.next() % UInt64(speakerIDs.count))], mediaInfo: info, importedAt: now)
                try clip.insert(db)
                if !themes.isEmpty {
                    try ClipTheme(clipID: clip.id!, themeID: themes[Int(rng.next() % UInt64(themes.count))], addedAt: now).insert(db, onConflict: .ignore)
                }
                for k in 0..<3 {
                    var cue = CaptionCue(clipID: clip.id!, source: "clip-\(n).srt", position: k + 1, startMs: Int64(k) * 4000,
                                         endMs: Int64(k) * 4000 + 3500, text: sentence(10))
                    try cue.insert(db)
                }
                let hex = String(clip.shortID.dropFirst(2))
                for s in 0..<perClip where made < segments {
                    let start = Int64(s) * durationMs / Int64(perClip)
                    let end = start + durationMs / Int64(perClip)
                    var segment = Segment(shortID: "s-\(hex)-\(s + 1)", clipID: clip.id!, number: s + 1, startMs: start, endMs: end,
                                          title: sentence(5), createdAt: now)
                    try segment.insert(db)
                    if !themes.isEmpty {
                        try SegmentTheme(segmentID: segment.id!, themeID: themes[Int(rng.next() % UInt64(themes.count))], addedAt: now).insert(db, onConflict: .ignore)
                    }
                    made += 1
                }
                try Catalog.reindex(clipID: clip.id!, db)
            }
            return (clipCount, made)
        }
    }

    private static func syntheticInfo(path: String, durationMs: Int64) -> MediaInfo {
        let video = StreamInfo(
            index: 0, type: .video, codec: "h264", codecLongName: nil, profile: "High", bitRate: nil, language: nil, title: nil,
            disposition: [.default], timeBase: Rational(1, 12800), duration: MediaTime(milliseconds: durationMs), frameCount: nil,
            video: VideoInfo(width: 1920, height: 1080, sampleAspectRatio: Rational(1, 1), displayAspectRatio: Rational(16, 9),
                             pixelFormat: "yuv420p", bitDepth: 8, averageFrameRate: Rational(25, 1), realFrameRate: Rational(25, 1),
                             variableFrameRate: false, fieldOrder: .progressive, colorPrimaries: nil, colorTransfer: nil, colorSpace: nil,
                             colorRange: nil, hdr: false, rotation: 0, displayWidth: 1920, displayHeight: 1080),
            audio: nil, tags: [:])
        let audio = StreamInfo(
            index: 1, type: .audio, codec: "aac", codecLongName: nil, profile: "LC", bitRate: nil, language: nil, title: nil,
            disposition: [.default], timeBase: Rational(1, 48000), duration: MediaTime(milliseconds: durationMs), frameCount: nil,
            video: nil, audio: AudioInfo(sampleRate: 48000, channels: 2, channelLayout: "stereo", sampleFormat: "fltp"), tags: [:])
        return MediaInfo(path: path, container: "mov,mp4,m4a,3gp,3g2,mj2", containerLongName: "QuickTime / MOV",
                         duration: MediaTime(milliseconds: durationMs), startTime: .zero, size: 1_000_000, bitRate: nil,
                         creationTime: nil, make: nil, model: nil, encoder: nil, location: nil, timecode: nil, tags: [:], chapters: [],
                         streams: [video, audio])
    }
}

/// A small, fast, deterministic random number generator (SplitMix64) for synthetic data.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
