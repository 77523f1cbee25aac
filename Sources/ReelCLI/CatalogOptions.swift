import ArgumentParser
import Catalog
import Foundation
import Playlists

/// The options every catalogue command shares: where the catalogue and the taxonomy are.
struct CatalogOptions: ParsableArguments {
    @Option(
        name: .customLong("catalog"),
        help: ArgumentHelp(
            "The catalogue database.",
            discussion: "Default: $REEL_CATALOG, else Catalog/catalog.sqlite under the current folder. Only `reel import` creates it (or --create).",
            valueName: "path"),
        completion: .file(extensions: ["sqlite"]))
    var catalogPath: String?

    @Option(
        name: .customLong("taxonomy"),
        help: ArgumentHelp(
            "The taxonomy file (roles and themes).",
            discussion: "Default: $REEL_TAXONOMY, else taxonomy.yaml beside the catalogue, else Catalog/taxonomy.yaml; the built-in standard taxonomy when none exists.",
            valueName: "path"),
        completion: .file(extensions: ["yaml", "yml"]))
    var taxonomyPath: String?

    @Flag(name: .customLong("create"), help: "Create the catalogue when it does not exist yet (`reel import` always may).")
    var create = false

    /// The catalogue path in force: `--catalog`, `$REEL_CATALOG`, or `Catalog/catalog.sqlite`.
    var resolvedCatalogPath: String { TeamFile.catalogPath(explicit: catalogPath) }

    /// The taxonomy file in force, or nil when none exists (the built-in standard taxonomy is used).
    var resolvedTaxonomyPath: String? { TeamFile.taxonomy.path(explicit: taxonomyPath, catalogPath: resolvedCatalogPath) }

    /// Where `reel taxonomy --init` writes: the explicit path, else beside the catalogue.
    var taxonomyPathToCreate: String { TeamFile.taxonomy.pathToCreate(explicit: taxonomyPath, catalogPath: resolvedCatalogPath) }

    /// Reads the taxonomy in force. Throws `TaxonomyError` (every problem with its line) when the file is invalid.
    func loadTaxonomy() throws -> Taxonomy {
        guard let path = resolvedTaxonomyPath else { return .standard }
        return try Taxonomy(contentsOf: path)
    }

    /// Opens the catalogue with the taxonomy in force. A missing catalogue is `CatalogError.noCatalogue` (nothing is
    /// created) unless `creating` (import) or `--create` says to make it.
    func open(creating: Bool = false) throws -> Catalog {
        try Catalog(path: resolvedCatalogPath, taxonomy: loadTaxonomy(), create: creating || create)
    }
}

/// Who is making a change, for the consent history: `--by`, else the OS user.
struct RecorderOption: ParsableArguments {
    @Option(name: .customLong("by"), help: ArgumentHelp("Who is recording the change (default: $USER, else the account name).", valueName: "name"))
    var by: String?

    var name: String {
        if let by, !by.trimmingCharacters(in: .whitespaces).isEmpty { return by }
        return Catalog.currentUser
    }
}

/// Runs a command body, turning the errors users can cause into one line each on stderr and exit status 1.
func reportingErrors(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as ExitCode {
        throw error
    } catch let error as CleanExit {
        throw error
    } catch let error as ValidationError {
        throw error
    } catch {
        printError(describe(error))
        throw ExitCode(1)
    }
}

/// The line (or lines, for a taxonomy with several problems) a user sees for an error.
func describe(_ error: any Error) -> String {
    String(describing: error)
}

/// Encodes a value as pretty JSON with sorted keys and ISO 8601 dates, and prints it.
func printJSON<T: Encodable>(_ value: T) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.dateEncodingStrategy = .iso8601
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}

/// Left-aligned text columns separated by two spaces; the last column is not padded.
func renderTable(_ header: [String], _ rows: [[String]]) -> String {
    let all = [header] + rows
    let count = header.count
    var widths = [Int](repeating: 0, count: count)
    for row in all { for (i, cell) in row.enumerated() where i < count { widths[i] = max(widths[i], cell.count) } }
    return all.map { row in
        row.enumerated().map { i, cell in i == count - 1 ? cell : cell.padding(toLength: widths[i], withPad: " ", startingAt: 0) }
            .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
    }.joined(separator: "\n")
}

/// Splits `a,b;c` lists given on the command line (and repeated options) into items.
func splitItems(_ values: [String]) -> [String] {
    values.flatMap { Taxonomy.splitList($0) }
}
