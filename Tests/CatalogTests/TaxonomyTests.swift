import Foundation
import Playlists
import Testing
@testable import Catalog

/// The taxonomy file: the shipped one, and the errors a team editing it sees.
struct TaxonomyTests {
    @Test func shippedFileParsesAndMatchesTheBuiltInStandard() throws {
        let path = TestSupport.root.appendingPathComponent("Catalog/taxonomy.yaml").path
        let file = try Taxonomy(contentsOf: path)
        #expect(file.roles == Taxonomy.standard.roles)
        #expect(file.themes == Taxonomy.standard.themes)
        #expect(file.sourcePath == path)
    }

    @Test func standardHasTheNHSAndHospiceRolesAndTheEightThemes() {
        let t = Taxonomy.standard
        let ids = Set(t.roles.map(\.id))
        for id in ["consultant", "doctor", "nurse", "specialist-palliative-care-nurse", "health-care-assistant", "physiotherapist",
                   "occupational-therapist", "social-worker", "chaplain", "family-support-worker", "porter", "housekeeper",
                   "ward-clerk", "catering", "security", "mortuary-bereavement-officer", "volunteer"] {
            #expect(ids.contains(id), "missing role \(id)")
        }
        #expect(t.themes.count == 8)
        #expect(t.role(id: "porter")?.audience == .nonClinical)
        #expect(t.role(id: "health-care-assistant")?.audience == .clinical)
        #expect(t.role(id: "chaplain")?.audience == .nonClinical)
        #expect(t.themes.allSatisfy { !$0.keywords.isEmpty && !$0.description.isEmpty })
    }

    @Test func aliasesAndLabelsResolveToIDs() throws {
        let t = Taxonomy.standard
        #expect(try t.resolveRole("HCA").id == "health-care-assistant")
        #expect(try t.resolveRole("Healthcare Assistant").id == "health-care-assistant")
        #expect(try t.resolveRole("receptionist").id == "ward-clerk")
        #expect(try t.resolveRole("Family support worker").id == "family-support-worker")
        #expect(try t.resolveTheme("Memory making and legacy").id == "memory-making")
    }

    @Test func unknownRoleIsRefusedWithTheClosestIDs() {
        let t = Taxonomy.standard
        #expect(throws: TaxonomyLookupError.unknownRole("nurce", suggestions: ["nurse"])) { try t.resolveRole("nurce") }
        do {
            _ = try t.resolveRole("chaplin")
            Issue.record("chaplin resolved")
        } catch {
            #expect(error.description == "unknown role 'chaplin' (did you mean 'chaplain'?); `reel taxonomy` lists the roles")
        }
        do {
            _ = try t.resolveRole("palliative nurse")
            Issue.record("resolved")
        } catch {
            guard case .unknownRole(_, let suggestions) = error else { Issue.record("\(error)"); return }
            #expect(suggestions.first == "specialist-palliative-care-nurse")
        }
        do {
            _ = try t.resolveTheme("memory")
            Issue.record("resolved")
        } catch {
            guard case .unknownTheme(_, let suggestions) = error else { Issue.record("\(error)"); return }
            #expect(suggestions.first == "memory-making")
        }
        #expect(throws: TaxonomyLookupError.unknownTheme("zzzz", suggestions: [])) { try t.resolveTheme("zzzz") }
    }

    static let valid = """
        roles:
          - id: nurse
            label: Nurse
            audience: clinical
        themes:
          - id: communication
            label: Communication
        """

    func problems(_ yaml: String) -> String {
        do {
            _ = try Taxonomy(yaml: yaml, path: "taxonomy.yaml")
            return "no error"
        } catch {
            return error.description
        }
    }

    @Test func minimalFileIsValid() throws {
        let t = try Taxonomy(yaml: Self.valid)
        #expect(t.roles.map(\.id) == ["nurse"])
        #expect(t.themes.first?.keywords == [])
    }

    @Test func duplicateIDNamesBothLines() {
        let yaml = Self.valid.replacingOccurrences(of: "themes:", with: """
              - id: nurse
                label: Another nurse
                audience: clinical
            themes:
            """)
        #expect(problems(yaml) == "taxonomy.yaml:5: duplicate role id 'nurse' (first on line 2)")
    }

    @Test func unknownAudienceIsRefusedWithItsLine() {
        let yaml = Self.valid.replacingOccurrences(of: "audience: clinical", with: "audience: clinicl")
        #expect(problems(yaml) == "taxonomy.yaml:4: unknown audience 'clinicl' for role 'nurse': use clinical or non-clinical (did you mean 'clinical'?)")
    }

    @Test func missingLabelIsRefusedWithTheEntryLine() {
        let yaml = Self.valid.replacingOccurrences(of: "    label: Nurse\n", with: "")
        #expect(problems(yaml) == "taxonomy.yaml:2: role has no 'label'")
    }

    @Test func yamlSyntaxErrorNamesTheLine() {
        let yaml = Self.valid + "\n  - id: [unclosed\n"
        let text = problems(yaml)
        #expect(text.hasPrefix("taxonomy.yaml:"))
        #expect(text.contains("YAML syntax error"))
        let line = Int(text.split(separator: ":")[1])
        #expect(line == 9 || line == 10, "\(text)")
    }

    @Test func everyProblemIsListedInLineOrder() {
        let yaml = """
            roles:
              - id: Nurse Lead
                label: Nurse lead
                audience: clinical
              - id: porter
                label: Porter
                audiance: non-clinical
            themes:
              - id: grief
                label: Grief
              - id: grief
                label: Grief again
            """
        #expect(problems(yaml) == """
            taxonomy.yaml:2: role id 'Nurse Lead' must be lowercase letters, digits and single hyphens (e.g. 'nurse-lead')
            taxonomy.yaml:5: role has no 'audience'
            taxonomy.yaml:7: unknown key 'audiance' in a role (did you mean 'audience'?); allowed: id, label, audience, aliases
            taxonomy.yaml:11: duplicate theme id 'grief' (first on line 9)
            """)
    }

    @Test func anAliasNamingTwoRolesIsRefused() {
        let yaml = """
            roles:
              - id: nurse
                label: Nurse
                audience: clinical
                aliases: [RN]
              - id: registered-nurse
                label: Registered nurse
                audience: clinical
                aliases: [rn]
            themes:
              - id: a
                label: A
            """
        #expect(problems(yaml) == "taxonomy.yaml:9: 'rn' names both role 'nurse' (line 2) and role 'registered-nurse'")
    }

    @Test func emptyAndMissingFiles() {
        #expect(problems("") == "taxonomy.yaml: the file is empty: expected 'roles:' and 'themes:'")
        #expect(problems("roles: []\n").contains("taxonomy.yaml: missing 'themes:' list"))
        #expect(throws: TaxonomyError.self) { try Taxonomy(contentsOf: "/nonexistent/taxonomy.yaml") }
        do {
            _ = try Taxonomy(contentsOf: "/nonexistent/taxonomy.yaml")
        } catch {
            #expect(error.description == "/nonexistent/taxonomy.yaml: no such file")
        }
    }

    @Test func catalogueKeepsACopyOfTheTaxonomyForQueries() throws {
        let catalog = try Catalog(inMemoryWith: try Taxonomy(yaml: Self.valid))
        let roles = try catalog.writer.read { db in try Role.fetchAll(db) }
        #expect(roles.map(\.id) == ["nurse"])
    }
}
