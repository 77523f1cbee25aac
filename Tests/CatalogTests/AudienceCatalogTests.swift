import Catalog
import Foundation
import Playlists
import Testing

/// Issue 9 item 2: audiences added, edited and removed through the catalogue, checked like audiences.yaml, and a
/// team's file merged with the built-in audiences instead of replacing them.
struct AudienceCatalogTests {
    let nurses = AudienceDraft(id: "nurses", label: "Nurses", target: "8m", opening: "what-matters-most",
                               themes: ["memory-making:3", "communication"], preferredRoles: ["nurse"], minimumShare: ["clinical:60%"])

    @Test func aDraftIsCheckedLikeTheYAMLAndReadsBackTheSame() throws {
        let profile = try nurses.profile(taxonomy: .standard)
        #expect(profile.targetMs == 480_000 && profile.openingThemeID == "what-matters-most")
        #expect(profile.themes == [.init(themeID: "memory-making", weight: 3), .init(themeID: "communication", weight: 1)])
        #expect(profile.preferredRoleIDs == ["nurse"] && profile.minimumShare == [.clinical: 0.6])
        #expect(try AudienceDraft(profile).profile(taxonomy: .standard) == profile)
        var bad = nurses
        bad.themes = ["comunication:2", "memory-making:0"]
        bad.target = "eight minutes"
        bad.preferredRoles = ["nurze"]
        let error = try #require(throws: TaxonomyError.self) { try bad.profile(taxonomy: .standard) }
        let lines = error.description.split(separator: "\n").map(String.init)
        #expect(lines.contains("audience 'nurses': unknown theme 'comunication' (did you mean 'communication'?)"))
        #expect(lines.contains("audience 'nurses': the weight of 'memory-making' must be a number above 0, not '0'"))
        #expect(lines.contains { $0.hasPrefix("audience 'nurses': 'target' invalid time 'eight minutes'") })
        #expect(lines.contains { $0.hasPrefix("audience 'nurses': unknown role 'nurze'") })
        var badID = nurses
        badID.id = "Ward 7"
        #expect(throws: TaxonomyError.self) { try badID.profile(taxonomy: .standard) }
    }

    @Test func addedAudiencesJoinTheBuiltInOnesAndPersist() throws {
        let folder = try TestSupport.temporaryFolder("aud")
        defer { TestSupport.cleanUp(folder) }
        let path = folder + "/catalog.sqlite"
        try Catalog(path: path).addAudience(nurses)
        let reopened = try Catalog(path: path)
        let ids = try reopened.audienceProfiles().profiles.map(\.id)
        #expect(ids == ["non-clinical", "clinical", "mixed", "nurses"])
        #expect(try reopened.audienceSource(id: "nurses") == "the catalogue")
        #expect(throws: AudienceError.exists("nurses")) { try reopened.addAudience(nurses) }
        #expect(throws: AudienceError.exists("clinical")) {
            var copy = nurses
            copy.id = "clinical"
            try reopened.addAudience(copy)
        }
    }

    @Test func editingABuiltInAudienceStoresACopyAndRemovingItRestoresTheBuiltIn() throws {
        let catalog = try Catalog(inMemoryWith: .standard)
        var clinical = AudienceDraft(try catalog.audienceProfiles().resolve("clinical"))
        clinical.target = "5m"
        try catalog.editAudience(clinical)
        #expect(try catalog.audienceProfiles().resolve("clinical").targetMs == 300_000)
        #expect(try catalog.audienceProfiles().profiles.map(\.id) == ["non-clinical", "clinical", "mixed"])
        let back = try catalog.removeAudience("Clinical staff")
        #expect(try #require(back).targetMs == 720_000)
        #expect(throws: AudienceError.notRemovable("clinical", source: "the built-in set")) { try catalog.removeAudience("clinical") }
        #expect(AudienceError.notRemovable("clinical", source: "the built-in set").description
            == "audience 'clinical' comes from the built-in set, not the catalogue, so it cannot be removed; edit it instead (the edit is stored in the catalogue)")
        #expect(throws: PlaylistError.self) { try catalog.editAudience(AudienceDraft(id: "ghost", label: "G", target: "1m", themes: ["communication"])) }
        try catalog.addAudience(nurses)
        #expect(try catalog.removeAudience("nurses") == nil)
        #expect(try catalog.audienceProfiles().profile(id: "nurses") == nil)
    }

    @Test func aTeamFileAddsToTheBuiltInAudiencesInsteadOfReplacingThem() throws {
        let folder = try TestSupport.temporaryFolder("aud")
        defer { TestSupport.cleanUp(folder) }
        let file = folder + "/audiences.yaml"
        try """
            audiences:
              - id: social-workers
                label: Social workers
                target: 10m
                themes: {memory-making: 2, supporting-families: 1}
              - id: mixed
                label: Mixed (short induction)
                target: 5m
                themes: [every-role-matters]
            """.write(toFile: file, atomically: true, encoding: .utf8)
        let set = try Catalog(inMemoryWith: .standard).audienceProfiles(file: file)
        #expect(set.profiles.map(\.id) == ["non-clinical", "clinical", "mixed", "social-workers"])
        #expect(try set.resolve("non-clinical").label == "Non-clinical staff")
        #expect(try set.resolve("mixed").targetMs == 300_000)
    }

    @Test func preferRoleOverridesTheAudiencesRolesInTheBuild() throws {
        let catalog = try PlaylistSamples.catalogue()
        let now = PlaylistSamples.grantedAt.addingTimeInterval(30 * 86_400)
        let request = PlaylistRequest(audience: PlaylistSamples.audience("clinical"), targetMs: 3 * 60_000, preferredRoleIDs: ["Housekeeper"])
        let result = try catalog.buildPlaylist(named: "x", request: request, at: now)
        #expect(result.plan.items.contains { $0.candidate.roleID == "housekeeper" && $0.reason.contains("a voice this audience favours (housekeeper)") })
        #expect(!result.plan.items.contains { $0.reason.contains("a voice this audience favours (nurse)") })
        #expect(throws: CatalogError.self) {
            try catalog.buildPlaylist(named: "y", request: PlaylistRequest(audience: PlaylistSamples.audience("clinical"), preferredRoleIDs: ["nurze"]), at: now)
        }
    }
}
