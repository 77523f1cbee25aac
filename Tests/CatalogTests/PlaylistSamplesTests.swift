import Catalog
import Foundation
import GRDB
import Media
import Playlists
import Testing

/// Sample candidates and catalogues for the playlist tests: many speakers across clinical and non-clinical roles,
/// every theme, consent of every kind. Deterministic (a small LCG), so failures reproduce.
enum PlaylistSamples {
    struct RoleSample {
        var id: String
        var label: String
        var side: Audience
    }

    static let roles: [RoleSample] = [
        .init(id: "nurse", label: "Nurse", side: .clinical),
        .init(id: "porter", label: "Porter", side: .nonClinical),
        .init(id: "doctor", label: "Doctor", side: .clinical),
        .init(id: "housekeeper", label: "Housekeeper", side: .nonClinical),
        .init(id: "health-care-assistant", label: "Health care assistant", side: .clinical),
        .init(id: "ward-clerk", label: "Ward clerk / receptionist", side: .nonClinical),
        .init(id: "chaplain", label: "Chaplain", side: .nonClinical),
        .init(id: "consultant", label: "Consultant", side: .clinical),
    ]

    static let themes = Taxonomy.standard.themes.map(\.id)

    /// A tiny deterministic generator for test data.
    struct LCG {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    static let ok = ConsentStatus(state: .ok, reference: "CF-1")

    /// `count` segments, three per clip (back to back), spread over `speakers` speakers whose roles cycle through
    /// `roles`; each carries one or two themes; lengths between `minSeconds` and `maxSeconds`.
    static func candidates(count: Int, speakers: Int = 12, seed: UInt64 = 7, minSeconds: Int = 20, maxSeconds: Int = 90,
                           roleFilter: ((RoleSample) -> Bool)? = nil, themes: [String] = themes) -> [PlaylistCandidate] {
        var rng = LCG(state: seed)
        let usable = roles.filter { roleFilter?($0) ?? true }
        var out: [PlaylistCandidate] = []
        var clipEnd: [Int64: Int64] = [:]
        for i in 0..<count {
            let clip = Int64(i / 3)
            let speaker = Int64(clip) % Int64(speakers)
            let role = usable[Int(speaker) % usable.count]
            let start = clipEnd[clip] ?? 0
            let length = Int64(minSeconds + rng.next(maxSeconds - minSeconds + 1)) * 1000
            clipEnd[clip] = start + length
            var tags = [themes[rng.next(themes.count)]]
            if rng.next(2) == 0 { tags.append(themes[rng.next(themes.count)]) }
            out.append(PlaylistCandidate(
                id: String(format: "s-%06x-%d", clip, i % 3 + 1), clipID: clip, clipShortID: String(format: "c-%06x", clip),
                segmentID: Int64(i), title: "Story \(i)", startMs: start, endMs: start + length, speakerID: speaker,
                speakerName: "Speaker \(speaker)", roleID: role.id, roleLabel: role.label, side: role.side,
                themes: Array(Set(tags)).sorted(), consent: ok))
        }
        return out
    }

    /// One candidate with every fact given.
    static func candidate(_ id: String, clip: Int64, speaker: Int64, role: RoleSample, themes: [String], seconds: Int, start: Int = 0,
                          consent: ConsentStatus = ok) -> PlaylistCandidate {
        PlaylistCandidate(id: id, clipID: clip, clipShortID: "c-\(clip)", segmentID: nil, title: "Story \(id)", startMs: Int64(start) * 1000,
                          endMs: Int64(start + seconds) * 1000, speakerID: speaker, speakerName: "Speaker \(speaker)", roleID: role.id,
                          roleLabel: role.label, side: role.side, themes: themes, consent: consent)
    }

    static func role(_ id: String) -> RoleSample { roles.first { $0.id == id }! }

    static func audience(_ id: String) -> AudienceProfile { AudienceProfileSet.standard.profile(id: id)! }

    // MARK: - A catalogue in memory

    /// Facts for a synthetic clip: one 25 fps video stream and one audio stream, `seconds` long.
    static func mediaInfo(path: String, seconds: Double, frameRate: Rational = Rational(25, 1)) -> MediaInfo {
        let duration = MediaTime(microseconds: Int64((seconds * 1_000_000).rounded()))
        let video = VideoInfo(width: 640, height: 360, sampleAspectRatio: Rational(1, 1), displayAspectRatio: Rational(16, 9),
                              pixelFormat: "yuv420p", bitDepth: 8, averageFrameRate: frameRate, realFrameRate: frameRate,
                              variableFrameRate: false, fieldOrder: .progressive, colorPrimaries: nil, colorTransfer: nil,
                              colorSpace: nil, colorRange: nil, hdr: false, rotation: 0, displayWidth: 640, displayHeight: 360)
        let streams = [
            StreamInfo(index: 0, type: .video, codec: "h264", codecLongName: nil, profile: nil, bitRate: nil, language: nil, title: nil,
                       disposition: .default, timeBase: Rational(1, 12800), duration: duration, frameCount: nil, video: video,
                       audio: nil, tags: [:]),
            StreamInfo(index: 1, type: .audio, codec: "aac", codecLongName: nil, profile: nil, bitRate: nil, language: nil, title: nil,
                       disposition: .default, timeBase: Rational(1, 48000), duration: duration, frameCount: nil, video: nil,
                       audio: AudioInfo(sampleRate: 48000, channels: 2, channelLayout: "stereo", sampleFormat: "fltp"), tags: [:]),
        ]
        return MediaInfo(path: path, container: "mov,mp4,m4a,3gp,3g2,mj2", containerLongName: "QuickTime / MOV", duration: duration,
                         startTime: .zero, size: 1000, bitRate: nil, creationTime: nil, make: nil, model: nil, encoder: nil,
                         location: nil, timecode: nil, tags: [:], chapters: [], streams: streams)
    }

    /// Adds a clip with no file behind it (for catalogue tests that never trim) and returns its short id.
    @discardableResult
    static func addClip(_ catalog: Catalog, number: Int, speaker: String?, seconds: Double, title: String? = nil) throws -> Clip {
        let checksum = String(format: "%016llx", UInt64(number) &* 0x9E37_79B9_7F4A_7C15)
        let speakerID = try speaker.map { try catalog.resolveSpeaker($0).id! }
        return try catalog.writer.write { db in
            var clip = Clip(shortID: "c-" + checksum.prefix(8), checksum: checksum, sizeBytes: 1000, path: "/nowhere/clip-\(number).mp4",
                            title: title ?? "Clip \(number)", speakerID: speakerID, mediaInfo: mediaInfo(path: "/nowhere/clip-\(number).mp4", seconds: seconds))
            try clip.insert(db)
            return clip
        }
    }

    static let grantedAt = Date(timeIntervalSince1970: 1_700_000_000)  // 2023-11-14

    /// A small catalogue: eight speakers (four non-clinical), one clip each with two or three themed segments;
    /// Sam Patel (porter) has withdrawn consent, Jo Kemp (doctor) never gave it.
    static func catalogue() throws -> Catalog {
        let catalog = try Catalog(inMemoryWith: .standard)
        let people: [(String, String, Bool)] = [
            ("Ana Lopez", "nurse", true), ("Ben Okafor", "porter", true), ("Cara Singh", "housekeeper", true),
            ("Dev Shah", "health-care-assistant", true), ("Eve Moss", "ward-clerk", true), ("Finn Roe", "doctor", true),
            ("Sam Patel", "porter", true), ("Jo Kemp", "doctor", false),
        ]
        for (name, role, consent) in people {
            try catalog.addSpeaker(name: name, role: role, consentReference: consent ? "CF-\(name.prefix(3).uppercased())" : nil,
                                   recordedBy: "test", at: grantedAt)
        }
        try catalog.withdrawConsent(speaker: "Sam Patel", reason: "asked to be removed", recordedBy: "test", at: grantedAt.addingTimeInterval(86_400))
        let segments: [(String, [(Double, Double, [String])])] = [
            ("Ana Lopez", [(0, 40, ["what-matters-most"]), (40, 90, ["communication"]), (90, 130, ["memory-making"])]),
            ("Ben Okafor", [(0, 45, ["every-role-matters"]), (45, 100, ["supporting-families"])]),
            ("Cara Singh", [(0, 50, ["every-role-matters", "inclusivity"]), (50, 95, ["staff-wellbeing"])]),
            ("Dev Shah", [(0, 35, ["care-after-death"]), (35, 80, ["what-matters-most"])]),
            ("Eve Moss", [(0, 40, ["communication"]), (40, 85, ["supporting-families"]), (85, 120, ["staff-wellbeing"])]),
            ("Finn Roe", [(0, 60, ["communication"]), (60, 100, ["staff-wellbeing"])]),
            ("Sam Patel", [(0, 50, ["care-after-death", "every-role-matters"]), (50, 100, ["supporting-families"])]),
            ("Jo Kemp", [(0, 55, ["care-after-death"]), (55, 100, ["memory-making"])]),
        ]
        for (n, (speaker, ranges)) in segments.enumerated() {
            let clip = try addClip(catalog, number: n + 1, speaker: speaker, seconds: ranges.last!.1 + 5)
            for (k, r) in ranges.enumerated() {
                try catalog.addSegment(clipID: clip.id!, start: MediaTime(seconds: r.0), end: MediaTime(seconds: r.1),
                                       title: "\(speaker) story \(k + 1)", themes: r.2)
            }
        }
        return catalog
    }
}

struct PlaylistSamplesTests {
    @Test func samplesAreDeterministicAndVaried() {
        let a = PlaylistSamples.candidates(count: 60)
        let b = PlaylistSamples.candidates(count: 60)
        #expect(a == b)
        #expect(Set(a.compactMap(\.roleID)).count >= 6)
        #expect(Set(a.flatMap(\.themes)).count == PlaylistSamples.themes.count)
    }

    @Test func sampleCatalogueOffersEverySegment() throws {
        let catalog = try PlaylistSamples.catalogue()
        let candidates = try catalog.playlistCandidates(at: PlaylistSamples.grantedAt.addingTimeInterval(7 * 86_400))
        #expect(candidates.count == 18)
        let sam = candidates.filter { $0.speakerName == "Sam Patel" }
        #expect(sam.count == 2 && sam.allSatisfy { $0.consent.state == .withdrawn })
        #expect(candidates.filter { $0.speakerName == "Jo Kemp" }.allSatisfy { $0.consent.state == .missing })
        #expect(candidates.filter { $0.speakerName == "Cara Singh" }.allSatisfy { $0.side == .nonClinical && $0.consent.state == .ok })
    }
}
