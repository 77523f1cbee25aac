import Foundation

/// Where an import has got to, reported after each file and at the start.
public struct ImportProgress: Sendable {
    /// Media files finished so far.
    public var completed: Int
    /// Media files to do in all (known once the folders are walked; files skipped by their name are not counted).
    public var total: Int
    /// Seconds since the import started.
    public var elapsed: TimeInterval
    /// The file just finished; nil for the first report, made once the folders are walked.
    public var result: ImportResult?

    /// Makes a value from its parts.
    public init(completed: Int, total: Int, elapsed: TimeInterval, result: ImportResult?) {
        self.completed = completed
        self.total = total
        self.elapsed = elapsed
        self.result = result
    }

    /// Seconds still to go at the rate so far; nil before the first file.
    public var estimatedRemaining: TimeInterval? {
        guard completed > 0, total >= completed else { return nil }
        return elapsed / Double(completed) * Double(total - completed)
    }
}
