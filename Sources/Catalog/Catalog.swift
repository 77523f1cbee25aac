import Foundation
import GRDB
import Playlists

/// The clip catalogue: an SQLite database (through GRDB) of clips, speakers, consent, segments, tags and captions,
/// with a cache folder beside it for posters and filmstrips.
///
/// A file catalogue opens in WAL mode (a `DatabasePool`), so another `reel` can read while an import writes.
/// Every change is one transaction: a crash at any moment leaves a consistent catalogue. Opening migrates
/// the schema and copies the taxonomy into the `role` and `theme` tables when it changed.
public struct Catalog: Sendable {
    /// The database connection(s).
    public let writer: any DatabaseWriter
    /// The database file; nil for an in-memory catalogue.
    public let path: String?
    /// Where posters and filmstrips go (`<folder of the database>/cache`); nil when the catalogue keeps none.
    public let cacheFolder: String?
    /// The roles and themes the catalogue validates against.
    public let taxonomy: Taxonomy

    /// Opens the catalogue at `path`, creating the file and its folder on first use when `create` is true.
    ///
    /// Throws `CatalogError.noCatalogue` when there is none at `path` and `create` is false (nothing is made), and
    /// `CatalogError.cannotOpen` naming the path (folder not writable, not an SQLite file…).
    public init(path: String, taxonomy: Taxonomy = .standard, create: Bool = true) throws {
        let absolute = Catalog.absolutePath(path)
        let folder = (absolute as NSString).deletingLastPathComponent
        if !create && !FileManager.default.fileExists(atPath: absolute) { throw CatalogError.noCatalogue(path: path) }
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw CatalogError.cannotOpen(path: path, reason: "cannot create the folder \(folder): \(error.localizedDescription)")
        }
        var config = Catalog.configuration()
        config.prepareDatabase { db in
            // WAL survives crashes without corruption; NORMAL sync keeps it consistent (a crash may lose only
            // the last commits, never leave half of one).
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // Listings read the same pages over and over (the web catalogue on every request): map the file rather
            // than copy each page in with pread, and keep more of it in each connection's cache (16 MB).
            try db.execute(sql: "PRAGMA mmap_size = 268435456")
            try db.execute(sql: "PRAGMA cache_size = -16384")
        }
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: absolute, configuration: config)
        } catch let error as DatabaseError {
            throw CatalogError.cannotOpen(path: path, reason: error.message ?? error.description)
        }
        try self.init(writer: pool, path: absolute, cacheFolder: (folder as NSString).appendingPathComponent("cache"), taxonomy: taxonomy)
    }

    /// An empty catalogue in memory, for tests and trials; posters go to `cacheFolder` when one is given.
    public init(inMemoryWith taxonomy: Taxonomy = .standard, cacheFolder: String? = nil) throws {
        let queue = try DatabaseQueue(configuration: Catalog.configuration())
        try self.init(writer: queue, path: nil, cacheFolder: cacheFolder, taxonomy: taxonomy)
    }

    init(writer: any DatabaseWriter, path: String?, cacheFolder: String?, taxonomy: Taxonomy) throws {
        self.writer = writer
        self.path = path
        self.cacheFolder = cacheFolder
        self.taxonomy = taxonomy
        do {
            try Catalog.migrator.migrate(writer)
        } catch let error as DatabaseError {
            throw CatalogError.cannotOpen(path: path ?? ":memory:", reason: error.message ?? error.description)
        }
        try syncTaxonomy()
    }

    private static func configuration() -> Configuration {
        var config = Configuration()
        config.foreignKeysEnabled = true
        // Wait for another process's write (an import) rather than failing at once.
        config.busyMode = .timeout(30)
        config.label = "Reel catalogue"
        return config
    }

    /// The person running Reel, for the consent history: `$USER`, else `$LOGNAME`, else the account name
    /// (`getpwuid`), else `unknown`.
    public static var currentUser: String {
        let env = ProcessInfo.processInfo.environment
        for key in ["USER", "LOGNAME"] {
            if let name = env[key], !name.isEmpty { return name }
        }
        if let pw = getpwuid(getuid()), let name = pw.pointee.pw_name { return String(cString: name) }
        return "unknown"
    }

    /// `path` made absolute against the current folder, with `.`/`..` resolved.
    static func absolutePath(_ path: String) -> String {
        let expanded = (path as NSString).expandingTildeInPath
        let url = expanded.hasPrefix("/") ? URL(fileURLWithPath: expanded)
            : URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(expanded)
        return url.standardizedFileURL.path
    }

    /// The cache folder for one clip's pictures: `cache/<checksum>/`.
    public func cacheFolder(forChecksum checksum: String) -> String? {
        cacheFolder.map { ($0 as NSString).appendingPathComponent(checksum) }
    }

    /// The poster picture of a clip, when the import wrote one.
    public func posterPath(for clip: Clip) -> String? {
        guard clip.hasPoster else { return nil }
        return cacheFolder(forChecksum: clip.checksum).map { ($0 as NSString).appendingPathComponent("poster.jpg") }
    }

    /// The filmstrip (six frames in a row) of a clip, when the import wrote one.
    public func filmstripPath(for clip: Clip) -> String? {
        guard clip.hasFilmstrip else { return nil }
        return cacheFolder(forChecksum: clip.checksum).map { ($0 as NSString).appendingPathComponent("filmstrip.jpg") }
    }
}
