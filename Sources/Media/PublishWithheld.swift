/// A publish stopped because its clip may no longer be published: the check a `PublishBatch` runs before each job
/// and before each file goes into place (the catalogue's consent check) said no.
///
/// `description` is the one line a user sees: `SOURCE: refused: consent withdrawn 2026-12-04; nothing published`.
public struct PublishWithheld: Error, Sendable, Equatable, CustomStringConvertible {
    /// The source media file.
    public var source: String
    /// Why, e.g. `consent withdrawn 2026-12-04`.
    public var reason: String

    public init(source: String, reason: String) {
        self.source = source
        self.reason = reason
    }

    public var description: String { "\(source): refused: \(reason); nothing published" }
}
