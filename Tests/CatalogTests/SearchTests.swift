import Foundation
import Media
import Testing
@testable import Catalog

/// `Catalog.clips(matching:)`: filters, full-text search, and the JSON shape.
struct SearchTests {
    @Test func filtersByRoleAudienceThemeSpeakerDurationAndFlag() async throws {
        let catalog = try await TestSupport.sampleCatalogue()
        func names(_ q: ClipQuery) throws -> [String] { try catalog.clips(matching: q).map(\.clip.fileName) }
        #expect(try names(ClipQuery(roles: ["porter"])) == ["porter-prores.mov", "portrait-phone.mp4"])
        #expect(try names(ClipQuery(roles: ["hca"])) == ["hca-long-gop.mp4"])
        #expect(try names(ClipQuery(audience: .clinical)) == ["doctor-vfr.mp4", "hca-long-gop.mp4", "lav-one-channel.mp4", "nurse-1080p.mp4"])
        #expect(try names(ClipQuery(roles: ["nurse"], audience: .nonClinical)) == [])
        // A theme on a segment counts for its clip.
        #expect(try names(ClipQuery(themes: ["memory-making"])) == ["hca-long-gop.mp4"])
        #expect(try names(ClipQuery(themes: ["what-matters-most"])) == ["hca-long-gop.mp4", "lav-one-channel.mp4", "nurse-1080p.mp4"])
        #expect(try names(ClipQuery(themes: ["what-matters-most", "communication"])) == ["nurse-1080p.mp4"])
        #expect(try names(ClipQuery(speakers: ["Priya Nair"])) == ["lav-one-channel.mp4"])
        #expect(try names(ClipQuery(minDuration: MediaTime(milliseconds: 7000))) == ["hca-long-gop.mp4", "nurse-1080p.mp4"])
        #expect(try names(ClipQuery(maxDuration: MediaTime(milliseconds: 5000))) == ["porter-prores.mov"])
        #expect(try names(ClipQuery(flags: [.silentChannel])) == ["lav-one-channel.mp4"])
        #expect(try names(ClipQuery(flags: [.interlaced])) == ["housekeeper-interlaced.ts"])
        #expect(throws: CatalogError.unknownTheme("comunication", suggestions: ["communication"])) {
            try catalog.clips(matching: ClipQuery(themes: ["comunication"]))
        }
        #expect(throws: CatalogError.self) { try catalog.clips(matching: ClipQuery(speakers: ["Nobody Atall"])) }
    }

    @Test func fullTextSearchCoversTitlesNotesCaptionsSegmentsAndSpeakers() async throws {
        let catalog = try await TestSupport.sampleCatalogue()
        func names(_ text: String) throws -> [String] { try catalog.clips(matching: ClipQuery(text: text)).map(\.clip.fileName).sorted() }
        #expect(try names("dignity") == ["porter-prores.mov"])              // title and captions
        #expect(try names("wishes") == ["nurse-1080p.mp4"])                 // captions only
        #expect(try names("keepsake") == ["hca-long-gop.mp4"])              // a segment title
        #expect(try names("tone-map") == ["chaplain-hdr.mkv"])              // notes
        #expect(try names("Rhys") == ["social-worker-multilang.mkv"])       // speaker
        #expect(try names("famil") == ["family-support-black-start.mp4", "hca-long-gop.mp4", "housekeeper-interlaced.ts",
                                       "receptionist.webm", "social-worker-multilang.mkv"])  // prefix
        #expect(try names("whole family") == ["social-worker-multilang.mkv"])
        #expect(try names("\"whole family\" OR dignity") == ["porter-prores.mov", "social-worker-multilang.mkv"])
        #expect(try names("zebra") == [])
        let blank = try names("   ")
        #expect(blank == (try names("")))
        // Combined with other filters.
        #expect(try catalog.clips(matching: ClipQuery(audience: .clinical, text: "family")).map(\.clip.fileName) == ["hca-long-gop.mp4"])
    }

    @Test func jsonHasTheFieldsPlaylistsNeed() async throws {
        let catalog = try await TestSupport.sampleCatalogue()
        let hca = try #require(try catalog.clips(matching: ClipQuery(roles: ["health-care-assistant"], date: TestSupport.shortlyAfterImport)).first)
        let data = try JSONEncoder().encode(hca)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        for key in ["id", "path", "duration", "speaker", "role", "audience", "themes", "consent", "flags", "segments", "usable"] {
            #expect(object[key] != nil, "missing \(key)")
        }
        #expect(object["id"] as? String == hca.id)
        #expect(object["duration"] as? Double == 25)
        #expect(object["speaker"] as? String == "Bethan Morgan")
        #expect(object["role"] as? String == "health-care-assistant")
        #expect(object["audience"] as? String == "clinical")
        #expect(object["themes"] as? [String] == ["memory-making", "supporting-families"])
        #expect((object["consent"] as? [String: Any])?["state"] as? String == "ok")
        let segments = try #require(object["segments"] as? [[String: Any]])
        #expect(segments.map { $0["title"] as? String } == ["Making a hand cast as a keepsake", "Small things can mean so much"])
        #expect(segments.first?["fromMs"] as? Int == 10_000)
        #expect((segments.first?["id"] as? String)?.hasPrefix("s-") == true)
        #expect(hca.allThemes == ["memory-making", "supporting-families", "what-matters-most"])
    }

    @Test func clipsAreAddressedByShortIDChecksumPrefixPathOrName() async throws {
        let catalog = try await TestSupport.sampleCatalogue()
        let nurse = try catalog.resolveClip("nurse-1080p.mp4")
        #expect(try catalog.resolveClip(nurse.shortID).id == nurse.id)
        #expect(try catalog.resolveClip(nurse.shortID.uppercased()).id == nurse.id)
        #expect(try catalog.resolveClip(String(nurse.checksum.prefix(10))).id == nurse.id)
        #expect(try catalog.resolveClip(nurse.checksum).id == nurse.id)
        #expect(try catalog.resolveClip(TestSupport.media("nurse-1080p.mp4")).id == nurse.id)
        #expect(throws: CatalogError.unknownClip("c-000000")) { try catalog.resolveClip("c-000000") }
        do {
            _ = try catalog.resolveClip("c-zz")
        } catch {
            #expect("\(error)" == "c-zz: no such clip in the catalogue (`reel clips` lists them)")
        }
    }
}
