import Foundation

/// How `Catalog.importMedia(_:options:progress:)` works.
public struct ImportOptions: Sendable {
    /// A shot log whose rows describe the files (speaker, role, themes, title, consent, segments).
    public var shotLog: ShotLog?
    /// Copy each new file into this folder (verified by checksum) and catalogue the copy.
    public var copyTo: String?
    /// How many files are hashed and probed at once (writes are always one at a time).
    public var concurrency: Int
    /// Make a poster and a filmstrip for each new clip in the cache folder.
    public var makePictures: Bool
    /// Who is importing, recorded with consent taken from the shot log.
    public var recordedBy: String
    /// Called inside each clip's transaction with the number of clips written before it; an error thrown here
    /// aborts the whole import and rolls that clip back. For tests that simulate a crash mid-import.
    var faultInjection: (@Sendable (Int) throws -> Void)?

    /// Makes a value from its parts.
    public init(shotLog: ShotLog? = nil, copyTo: String? = nil, concurrency: Int = 3, makePictures: Bool = true,
                recordedBy: String = Catalog.currentUser) {
        self.shotLog = shotLog
        self.copyTo = copyTo
        self.concurrency = max(1, concurrency)
        self.makePictures = makePictures
        self.recordedBy = recordedBy
    }
}
