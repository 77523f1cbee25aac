import Foundation
import GRDB

/// The catalogue's schema migrations, run so that two processes opening a new catalogue at once cannot both
/// create it.
///
/// GRDB's `DatabaseMigrator` reads which migrations have run before it takes the write lock, so two first opens
/// both decide to run `v1` and the second fails (`table "catalogMeta" already exists`). Here the check and every
/// migration run inside one exclusive transaction: a second opener waits for the lock (the busy timeout), then finds
/// the migrations done. Applied migrations are recorded in GRDB's `grdb_migrations` table, as before, so catalogues
/// made by earlier builds open unchanged.
struct CatalogMigrations {
    typealias Body = @Sendable (Database) throws -> Void

    private(set) var migrations: [(identifier: String, body: Body)] = []

    /// Adds a migration; shipped migrations are never edited, changes get a new one.
    mutating func registerMigration(_ identifier: String, migrate: @escaping Body) {
        precondition(!migrations.contains { $0.identifier == identifier }, "duplicate migration \(identifier)")
        migrations.append((identifier, migrate))
    }

    /// The identifiers of the migrations already applied (none for a new, empty database).
    static func applied(_ db: Database) throws -> Set<String> {
        guard try db.tableExists("grdb_migrations") else { return [] }
        return Set(try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations"))
    }

    /// Whether every migration has run.
    func isComplete(_ db: Database) throws -> Bool {
        let done = try CatalogMigrations.applied(db)
        return migrations.allSatisfy { done.contains($0.identifier) }
    }

    /// Runs the migrations not yet applied, all in one exclusive transaction, with foreign keys checked at the end.
    /// A catalogue that is already up to date is only read.
    func migrate(_ writer: any DatabaseWriter) throws {
        if try writer.read({ try isComplete($0) }) { return }
        try writer.barrierWriteWithoutTransaction { db in
            // Foreign keys can only be switched outside a transaction; they are checked before the commit instead.
            try db.execute(sql: "PRAGMA foreign_keys = OFF")
            defer { try? db.execute(sql: "PRAGMA foreign_keys = ON") }
            try db.inTransaction(.exclusive) {
                try db.execute(sql: "CREATE TABLE IF NOT EXISTS grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)")
                let done = try CatalogMigrations.applied(db)
                for migration in migrations where !done.contains(migration.identifier) {
                    try migration.body(db)
                    try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES (?)", arguments: [migration.identifier])
                }
                try db.checkForeignKeys()
                return .commit
            }
        }
    }
}
