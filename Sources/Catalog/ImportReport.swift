import Foundation

/// The outcome of an import: every file's result, shot-log problems and warnings.
public struct ImportReport: Sendable {
    /// One result per file found, in the order they finished.
    public var results: [ImportResult] = []
    /// Shot-log rows that could not be used, with their lines (the other rows were applied).
    public var shotLogIssues: [ShotLogIssue] = []
    /// How many shot-log rows were applied.
    public var shotLogRowsApplied = 0
    /// Things worth knowing that did not stop a file: unreadable caption cues, pictures that could not be made,
    /// camera cards recognised.
    public var notes: [String] = []
    /// Wall-clock time of the whole import, in seconds.
    public var elapsed: TimeInterval = 0

    /// Makes a value from its parts.
    public init() {}

    public func results(_ kind: ImportResult.Kind) -> [ImportResult] { results.filter { $0.kind == kind } }
    public var imported: [ImportResult] { results(.imported) }
    public var duplicates: [ImportResult] { results(.duplicate) }
    public var moved: [ImportResult] { results(.moved) }
    public var skipped: [ImportResult] { results(.skipped) }
    public var failed: [ImportResult] { results(.failed) }

    /// `12 imported, 3 duplicates, 1 moved, 4 skipped, 1 failed` (with the shot-log count when there was one).
    public var summaryLine: String {
        var text = "\(imported.count) imported, \(duplicates.count) duplicate\(duplicates.count == 1 ? "" : "s"), \(moved.count) moved, \(skipped.count) skipped, \(failed.count) failed"
        if shotLogRowsApplied > 0 || !shotLogIssues.isEmpty {
            text += "; shot log: \(shotLogRowsApplied) row\(shotLogRowsApplied == 1 ? "" : "s") applied, \(shotLogIssues.count) problem\(shotLogIssues.count == 1 ? "" : "s")"
        }
        return text + String(format: " in %.1f s", elapsed)
    }
}
