import Catalog
import Foundation
import Playlists
import Testing

/// `audiences.yaml`: the shipped file, and the messages a team sees when they break theirs.
struct PlaylistAudienceTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func shippedFileMatchesTheBuiltInAudiences() throws {
        let path = Self.root.appendingPathComponent("Catalog/audiences.yaml").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text == AudienceProfileSet.standardYAML + "\n", "Catalog/audiences.yaml and AudienceProfileSet+Standard.swift differ")
        let set = try AudienceProfileSet(contentsOf: path, taxonomy: .standard)
        #expect(set.profiles.map(\.id) == ["non-clinical", "clinical", "mixed"])
        #expect(set.sourcePath == path)
    }

    @Test func standardAudiencesSayWhatTheIssueAsks() throws {
        let set = AudienceProfileSet.standard
        let nonClinical = try set.resolve("Non-clinical staff")
        #expect(nonClinical.id == "non-clinical")
        #expect(nonClinical.openingThemeID == "every-role-matters")
        #expect(nonClinical.minimumShare == [.nonClinical: 0.5])
        #expect(nonClinical.preferredRoleIDs.prefix(3) == ["porter", "housekeeper", "ward-clerk"])
        #expect(nonClinical.targetMs == 12 * 60_000)
        let clinical = try set.resolve("clinical")
        #expect(clinical.themeIDs.starts(with: ["what-matters-most", "communication", "care-after-death"]))
        #expect(clinical.preferredRoleIDs.prefix(3) == ["nurse", "health-care-assistant", "doctor"])
        #expect(clinical.weight(of: "communication") == 3 && clinical.weight(of: "inclusivity") == 0)
        #expect(try set.resolve("MIXED").label == "Mixed (induction)")
    }

    @Test func unknownAudienceSuggestsTheClosest() {
        #expect(throws: PlaylistError.unknownAudience("clinicl", known: ["non-clinical", "clinical", "mixed"], suggestions: ["clinical"])) {
            try AudienceProfileSet.standard.resolve("clinicl")
        }
        let error = PlaylistError.unknownAudience("clinicl", known: ["non-clinical", "clinical", "mixed"], suggestions: ["clinical"])
        #expect(error.description == "unknown audience 'clinicl' (did you mean 'clinical'?); audiences.yaml has non-clinical, clinical, mixed")
    }

    @Test func errorsNameTheFileAndLine() {
        let yaml = """
            audiences:
              - id: porters
                label: Porters
                target: 12 minutes
                opening: every-role-maters
                themes:
                  every-role-matters: 3
                  comunication: 1
                  care-after-death: -2
                preferred-roles: [porter, portr]
                minimum-share:
                  non-clinical: 150%
                colour: blue
              - id: porters
                label: Again
                target: 5m
                themes: [inclusivity]
            """
        do {
            _ = try AudienceProfileSet(yaml: yaml, path: "audiences.yaml", taxonomy: .standard)
            Issue.record("expected errors")
        } catch {
            let lines = error.description.split(separator: "\n").map(String.init)
            #expect(lines.contains { $0.hasPrefix("audiences.yaml:4: audience 'porters': 'target' invalid time '12 minutes'") })
            #expect(lines.contains("audiences.yaml:5: audience 'porters': unknown opening theme 'every-role-maters' (did you mean 'every-role-matters'?)"))
            #expect(lines.contains { $0.hasPrefix("audiences.yaml:8: audience 'porters': unknown theme 'comunication' (did you mean 'communication'") })
            #expect(lines.contains("audiences.yaml:9: audience 'porters': the weight of 'care-after-death' must be a number above 0, not '-2'"))
            #expect(lines.contains { $0.hasPrefix("audiences.yaml:10: audience 'porters': unknown role 'portr' (did you mean 'porter'") })
            #expect(lines.contains("audiences.yaml:12: audience 'porters': minimum share '150%' must be between 0 and 1 (or 0% and 100%)"))
            #expect(lines.contains { $0.hasPrefix("audiences.yaml:13: unknown key 'colour' in a audience") || $0.hasPrefix("audiences.yaml:13: unknown key 'colour'") })
            #expect(lines.contains("audiences.yaml:14: duplicate audience id 'porters' (first on line 2)"))
        }
    }

    @Test func syntaxErrorsAndMissingKeysAreReported() {
        #expect(throws: TaxonomyError.self) { try AudienceProfileSet(yaml: "audiences: [", taxonomy: .standard) }
        do {
            _ = try AudienceProfileSet(yaml: "audiences:\n  - id: x\n    label: X\n", taxonomy: .standard)
            Issue.record("expected errors")
        } catch {
            #expect(error.description.contains("audiences.yaml:2: audience 'x' has no 'target' (a running time such as 12m)"))
            #expect(error.description.contains("audiences.yaml:2: audience 'x' has no 'themes' (theme: weight, one a line)"))
        }
        do {
            _ = try AudienceProfileSet(contentsOf: "/nowhere/audiences.yaml", taxonomy: .standard)
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "/nowhere/audiences.yaml: no such file")
        }
    }

    @Test func aListOfThemesWeighsEachOne() throws {
        let set = try AudienceProfileSet(yaml: """
            audiences:
              - id: chaplaincy
                label: Chaplaincy volunteers
                target: 8m
                themes: [inclusivity, Supporting families and children]
            """, taxonomy: .standard)
        let p = try set.resolve("chaplaincy")
        #expect(p.themes == [.init(themeID: "inclusivity", weight: 1), .init(themeID: "supporting-families", weight: 1)])
        #expect(p.maxClipMs == nil && p.openingThemeID == nil && p.minimumShare.isEmpty)
    }
}
