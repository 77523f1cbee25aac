import ArgumentParser
import Catalog
import Foundation
import Playlists

extension Reel {
    struct TaxonomyCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "taxonomy",
            abstract: "Show the roles and themes clips are catalogued by, and check the taxonomy file.",
            discussion: """
                The taxonomy lives in taxonomy.yaml (see --taxonomy for where Reel looks), which the education team \
                edits. An invalid file is reported with one line per problem: taxonomy.yaml:LINE: problem.

                Examples:
                  reel taxonomy
                  reel taxonomy --check --taxonomy Catalog/taxonomy.yaml
                  reel taxonomy --init          (write the standard taxonomy beside the catalogue)
                """
        )

        @OptionGroup var catalog: CatalogOptions

        @Flag(help: "Only check the file: print nothing but problems; exit status 1 when there are any.")
        var check = false

        @Flag(help: "Print the taxonomy as JSON.")
        var json = false

        @Flag(name: .customLong("init"), help: "Write the standard taxonomy to the taxonomy path if no file is there yet.")
        var initialise = false

        func run() async throws {
            try await reportingErrors {
                if initialise {
                    let path = catalog.taxonomyPathToCreate
                    guard !FileManager.default.fileExists(atPath: path) else {
                        printError("\(path): already exists; edit it, or remove it first")
                        throw ExitCode(1)
                    }
                    try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                    try Taxonomy.standardYAML.write(toFile: path, atomically: true, encoding: .utf8)
                    print("wrote the standard taxonomy to \(path)")
                    return
                }
                let taxonomy = try catalog.loadTaxonomy()
                if check {
                    print("\(taxonomy.sourcePath ?? "built-in standard taxonomy"): ok, \(taxonomy.roles.count) roles, \(taxonomy.themes.count) themes")
                    return
                }
                if json {
                    struct Output: Encodable {
                        var source: String?
                        var roles: [Role]
                        var themes: [Theme]
                    }
                    try printJSON(Output(source: taxonomy.sourcePath, roles: taxonomy.roles, themes: taxonomy.themes))
                    return
                }
                print("Taxonomy: \(taxonomy.sourcePath ?? "built-in standard taxonomy (no taxonomy.yaml found; `reel taxonomy --init` writes one)")")
                for audience in Audience.allCases {
                    let roles = taxonomy.roles.filter { $0.audience == audience }
                    guard !roles.isEmpty else { continue }
                    print("\nRoles, \(audience.rawValue):")
                    print(renderTable(["  ID", "LABEL", "ALIASES"], roles.map { ["  " + $0.id, $0.label, $0.aliases.joined(separator: ", ")] }))
                }
                print("\nThemes:")
                for theme in taxonomy.themes {
                    print("  \(theme.id)  \(theme.label)")
                    if !theme.description.isEmpty { print("      \(theme.description)") }
                    if !theme.keywords.isEmpty { print("      keywords: \(theme.keywords.joined(separator: ", "))") }
                }
            }
        }
    }
}
