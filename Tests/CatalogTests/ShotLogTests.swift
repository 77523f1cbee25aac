import Foundation
import Playlists
import Testing
@testable import Catalog

/// Reading shot logs (CSV, YAML) and importing with one that has bad rows.
struct ShotLogTests {
    @Test func csvWithQuotedCommasLineBreaksAndLineNumbers() throws {
        let csv = #"""
            File,Speaker,Role,Themes,Title,Consent Ref,Notes
            a.mp4,Ann Lee,nurse,"what-matters-most, communication","Hello, world",CF-1,"two
            lines"
            # a comment row
            b.mp4,Bob,porter,every-role-matters,"He said ""hi""",,
            """#
        let log = try ShotLog(csv: csv, path: "log.csv")
        #expect(log.issues.isEmpty)
        #expect(log.entries.count == 2)
        #expect(log.entries[0].line == 2)
        #expect(log.entries[0].themes == ["what-matters-most", "communication"])
        #expect(log.entries[0].title == "Hello, world")
        #expect(log.entries[0].notes == "two\nlines")
        #expect(log.entries[1].line == 5)
        #expect(log.entries[1].title == "He said \"hi\"")
        #expect(log.entries[1].consentReference == nil)
    }

    @Test func semicolonSeparatedAndUnknownColumns() throws {
        let log = try ShotLog(csv: "file;speaker;camera\nx.mov;Cy;A\n", path: "s.csv")
        #expect(log.entries.first?.speaker == "Cy")
        #expect(log.issues.map(\.description) == ["s.csv:1: unknown column 'camera' ignored (known: \(ShotLog.knownColumns))"])
    }

    @Test func anUnterminatedQuoteIsAProblemOnItsLineAndTheRowsAfterItAreStillRead() throws {
        let csv = """
            file,speaker,title
            a.mp4,Ann,First
            b.mp4,Bob,"Never closed
            c.mp4,Cy,"Two
            lines"
            d.mp4,Di,Last
            """
        let log = try ShotLog(csv: csv, path: "shotlog.csv")
        #expect(log.entries.map(\.file) == ["a.mp4", "c.mp4", "d.mp4"])
        #expect(log.entries.map(\.line) == [2, 4, 6])
        #expect(log.entries[1].title == "Two\nlines")
        #expect(log.issues.map(\.description) == ["shotlog.csv:3: \(ShotLog.unbalancedQuote)"])
        // Two unterminated rows, the last at the very end of the file.
        let two = try ShotLog(csv: "file,title\n\"a.mp4,x\nb.mp4,ok\nc.mp4,\"y", path: "s.csv")
        #expect(two.entries.map(\.file) == ["b.mp4"])
        #expect(two.issues.map(\.line) == [2, 4])
        #expect(throws: CatalogError.shotLogUnreadable(path: "s.csv", reason: "line 1: the header's quotes (\") do not balance")) {
            try ShotLog(csv: "\"file,title\na.mp4,x\n", path: "s.csv")
        }
    }

    @Test func noFileColumnIsUnreadable() {
        #expect(throws: CatalogError.shotLogUnreadable(path: "s.csv", reason: "line 1: no 'file' column in the header (columns: \(ShotLog.knownColumns))")) {
            try ShotLog(csv: "speaker,role\nA,nurse\n", path: "s.csv")
        }
    }

    @Test func yamlShotLogKeepsLines() throws {
        let yaml = """
            clips:
              - file: nurse-1080p.mp4
                speaker: Grace Adebayo
                role: nurse
                themes: [what-matters-most, communication]
              - speaker: Nobody
              - file: hca-long-gop.mp4
                from: "0:10"
                to: "0:20"
                title: Hand cast
            """
        let log = try ShotLog(yaml: yaml, path: "log.yaml")
        #expect(log.entries.map(\.line) == [2, 7])
        #expect(log.entries[0].themes == ["what-matters-most", "communication"])
        #expect(log.entries[1].isSegment)
        #expect(log.issues.map(\.description) == ["log.yaml:6: no file named"])
    }

    @Test func sampleShotLogCoversEveryUsableClip() throws {
        let log = try ShotLog(contentsOf: TestSupport.root.appendingPathComponent("Catalog/shotlog.csv").path)
        #expect(log.issues.isEmpty)
        let files = Set(log.entries.map(\.file))
        #expect(files == Set(TestSupport.sampleClips))
        for entry in log.entries {
            if let role = entry.role { _ = try Taxonomy.standard.resolveRole(role) }
            _ = try Taxonomy.standard.resolveThemes(entry.themes)
        }
    }

    @Test(.enabled(if: TestSupport.ffmpegAvailable)) func badRowsAreReportedWithLineNumbersWhileGoodRowsImport() async throws {
        let dir = try TestSupport.temporaryFolder("shotlog")
        defer { TestSupport.cleanUp(dir) }
        try TestSupport.copySamples(["nurse-1080p.mp4", "porter-prores.mov", "hca-long-gop.mp4"], to: dir)
        let csv = """
            file,speaker,role,themes,title,consent_ref,consent_expires,notes,from,to
            nurse-1080p.mp4,Grace Adebayo,nurse,what-matters-most,Asking what matters,CF-1,2027-01-31,,,
            missing-file.mp4,Nobody,porter,,Ghost,,,,,
            porter-prores.mov,Tom Hughes,portre,every-role-matters,Dignity,CF-2,,,,
            hca-long-gop.mp4,Bethan Morgan,HCA,memory-making,Hand casting,CF-3,,,,
            hca-long-gop.mp4,Bethan Morgan,,memory-making,Hand cast,,,,1:75,1:80
            hca-long-gop.mp4,Bethan Morgan,,memory-making,Keepsake,,,,0:10,0:20
            hca-long-gop.mp4,Bethan Morgan,,,Past the end,,,,0:20,0:40
            porter-prores.mov,,,every-role-matters,,,31/02/2027,,,
            porter-prores.mov,Tom Hughes,,memroy-making,,,,,,
            """
        let logPath = (dir as NSString).appendingPathComponent("shotlog.csv")
        try csv.write(toFile: logPath, atomically: true, encoding: .utf8)
        let catalog = try Catalog(inMemoryWith: .standard)
        let log = try ShotLog(contentsOf: logPath)
        let report = try await catalog.importMedia([dir], options: ImportOptions(shotLog: log, makePictures: false, recordedBy: "tester"))
        #expect(report.imported.count == 3)
        #expect(report.shotLogIssues.map { "\($0.line): \($0.message)" } == [
            "3: unknown file 'missing-file.mp4': not found in this import or in the catalogue",
            "4: unknown role 'portre' (did you mean 'porter'?); `reel taxonomy` lists the roles",
            "6: invalid time '1:75': seconds must be below 60",
            "8: the range 00:00:20.000–00:00:40.000 ends after the clip does (duration 00:00:25.000)",
            "9: invalid consent expiry date '31/02/2027': use YYYY-MM-DD",
            "10: unknown theme 'memroy-making' (did you mean 'memory-making'?); `reel taxonomy` lists the themes",
        ])
        #expect(report.shotLogIssues.allSatisfy { $0.path == logPath })
        #expect(report.shotLogRowsApplied == 3)
        let clips = try catalog.clips()
        let nurse = try #require(clips.first { $0.clip.fileName == "nurse-1080p.mp4" })
        #expect(nurse.speaker?.name == "Grace Adebayo")
        #expect(nurse.role?.id == "nurse")
        #expect(nurse.themes == ["what-matters-most"])
        #expect(nurse.consent.state == .ok)
        #expect(nurse.consent.reference == "CF-1")
        #expect(nurse.consent.expiresOn?.description == "2027-01-31")
        let hca = try #require(clips.first { $0.clip.fileName == "hca-long-gop.mp4" })
        #expect(hca.role?.id == "health-care-assistant")
        #expect(hca.segments.map(\.segment.title) == ["Keepsake"])
        #expect(hca.segments.first?.segment.startMs == 10_000)
        let porter = try #require(clips.first { $0.clip.fileName == "porter-prores.mov" })
        #expect(porter.speaker == nil)
        #expect(porter.consent.state == .missing)
        // The consent taken from the shot log records where it came from.
        let history = try catalog.consentHistory(speaker: "grace adebayo")
        #expect(history.map(\.source) == ["shotlog.csv:2"])
        #expect(history.first?.recordedBy == "tester")

        // Importing again with the same shot log adds nothing: no second speaker, grant or segment.
        let again = try await catalog.importMedia([dir], options: ImportOptions(shotLog: log, makePictures: false, recordedBy: "tester"))
        #expect(again.duplicates.count == 3)
        #expect(try catalog.speakers().count == 2)
        #expect(try catalog.consentHistory().count == 2)
        #expect(try catalog.clips().first { $0.clip.fileName == "hca-long-gop.mp4" }?.segments.count == 1)
        #expect(try TestSupport.consistencyProblems(catalog).isEmpty)
    }
}
