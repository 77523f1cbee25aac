import Foundation

/// The files a team keeps beside its catalogue: the taxonomy, the audiences and the publishing presets. All three
/// are found by one rule (`path(explicit:catalogPath:)`), and each has a built-in fallback when none is found.
public enum TeamFile: String, Sendable, CaseIterable {
    case taxonomy
    case audiences
    case presets

    /// `taxonomy.yaml`, `audiences.yaml`, `presets.yaml`.
    public var fileName: String { "\(rawValue).yaml" }
    /// `REEL_TAXONOMY`, `REEL_AUDIENCES`, `REEL_PRESETS`.
    public var environmentVariable: String { "REEL_\(rawValue.uppercased())" }
    /// The command-line option that names the file: `--taxonomy`, `--audiences`, `--presets`.
    public var option: String { "--\(rawValue)" }

    /// The file in force, or nil when there is none and the built-in one applies: `explicit` (the option), else
    /// `$REEL_…`, else the file beside the catalogue database, else `Catalog/<file>` under `currentFolder`.
    ///
    /// An explicit or environment path is returned even when it does not exist, so the error names it.
    public func path(explicit: String?, catalogPath: String, environment: [String: String] = ProcessInfo.processInfo.environment,
                     currentFolder: String = FileManager.default.currentDirectoryPath) -> String? {
        if let explicit, !explicit.isEmpty { return explicit }
        if let env = environment[environmentVariable], !env.isEmpty { return env }
        let beside = ((catalogPath as NSString).deletingLastPathComponent as NSString).appendingPathComponent(fileName)
        if FileManager.default.fileExists(atPath: TeamFile.absolute(beside, in: currentFolder)) { return beside }
        let repository = "Catalog/\(fileName)"
        if FileManager.default.fileExists(atPath: TeamFile.absolute(repository, in: currentFolder)) { return repository }
        return nil
    }

    /// Where a new file goes (`reel taxonomy --init`): `explicit`, else `$REEL_…`, else beside the catalogue.
    public func pathToCreate(explicit: String?, catalogPath: String,
                             environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        if let env = environment[environmentVariable], !env.isEmpty { return env }
        return ((catalogPath as NSString).deletingLastPathComponent as NSString).appendingPathComponent(fileName)
    }

    /// The catalogue database in force: `explicit` (`--catalog`), else `$REEL_CATALOG`, else `Catalog/catalog.sqlite`.
    public static func catalogPath(explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        if let env = environment["REEL_CATALOG"], !env.isEmpty { return env }
        return "Catalog/catalog.sqlite"
    }

    static func absolute(_ path: String, in folder: String) -> String {
        path.hasPrefix("/") ? path : (folder as NSString).appendingPathComponent(path)
    }
}
