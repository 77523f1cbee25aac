import Foundation
import GRDB
import Media

/// One media file in the catalogue, identified by its content checksum.
///
/// The probe facts are kept whole (`mediaInfo`, stored as JSON) with the key ones copied into columns for
/// queries. Times are integer milliseconds. Moving or renaming the file and importing it again updates `path`.
public struct Clip: Sendable, Codable, Equatable, FetchableRecord, MutablePersistableRecord {
    // Fetching and saving read and write columns directly (see `init(row:)` and `encode(to:)` below), much faster
    // than going through Codable; Codable stays for JSON.
    /// The row id; nil until inserted.
    public var id: Int64?
    /// The short id listings print and commands accept: `c-` and the first hex digits of the checksum
    /// (6, or more when two clips share a prefix). Never changes once given.
    public var shortID: String
    /// The content checksum: XXH64 of every byte of the file, 16 lowercase hex digits (see `ContentHasher`).
    public var checksum: String
    /// The file size in bytes.
    public var sizeBytes: Int64
    /// Where the file is now (absolute).
    public var path: String
    /// Where the file was imported from, when `--copy-to` copied it to `path`.
    public var sourcePath: String?
    /// The file's name, for display and for matching shot-log rows.
    public var fileName: String
    /// The title shown to people.
    public var title: String?
    /// Free-text notes.
    public var notes: String?
    /// The speaker's row id; nil when none is recorded.
    public var speakerID: Int64?
    /// The duration in milliseconds, when the container knows it.
    public var durationMs: Int64?
    /// FFmpeg's short container name.
    public var container: String
    /// The video codec's FFmpeg name, e.g. `h264`.
    public var videoCodec: String?
    /// The picture size as shown (after rotation).
    public var width: Int?
    /// The picture height as shown, after rotation.
    public var height: Int?
    /// The frame rate as a fraction, e.g. `30000/1001`.
    public var frameRate: String?
    /// The first audio stream's codec name, e.g. `aac`.
    public var audioCodec: String?
    /// How many audio streams the file has.
    public var audioStreamCount: Int
    /// How many subtitle streams the file has.
    public var subtitleStreamCount: Int
    /// When the recording was made, from the file's metadata.
    public var recordedAt: Date?
    /// Everything the probe found (JSON in the database, decoded when first read).
    ///
    /// Throws `StoredClipDataError` when the stored text does not decode (a catalogue written by another version
    /// of Reel, or edited by hand); the clip's own columns are still usable.
    public var mediaInfo: MediaInfo {
        get throws(StoredClipDataError) {
            do { return try mediaInfoStorage.value() } catch {
                throw StoredClipDataError(clip: shortID, path: path, what: "media facts", reason: error.reason)
            }
        }
    }
    /// The measured level of each audio channel (JSON in the database, decoded when first read); nil when they
    /// could not be measured. Throws `StoredClipDataError` as `mediaInfo` does.
    public var audioLevels: [AudioStreamLevels]? {
        get throws(StoredClipDataError) {
            do { return try audioLevelsStorage?.value() } catch {
                throw StoredClipDataError(clip: shortID, path: path, what: "audio levels", reason: error.reason)
            }
        }
    }
    private var mediaInfoStorage: LazyJSON<MediaInfo>
    private var audioLevelsStorage: LazyJSON<[AudioStreamLevels]>?
    /// Whether `poster.jpg` and `filmstrip.jpg` were written to the clip's cache folder.
    public var hasPoster: Bool
    /// Whether `filmstrip.jpg` was written to the cache folder.
    public var hasFilmstrip: Bool
    /// When the clip was first imported.
    public var importedAt: Date
    /// When the clip record last changed.
    public var updatedAt: Date

    /// Makes a value from its parts.
    public init(
        id: Int64? = nil, shortID: String, checksum: String, sizeBytes: Int64, path: String, sourcePath: String? = nil,
        title: String? = nil, notes: String? = nil, speakerID: Int64? = nil, mediaInfo: MediaInfo,
        audioLevels: [AudioStreamLevels]? = nil, hasPoster: Bool = false, hasFilmstrip: Bool = false,
        importedAt: Date = Date()
    ) {
        self.id = id
        self.shortID = shortID
        self.checksum = checksum
        self.sizeBytes = sizeBytes
        self.path = path
        self.sourcePath = sourcePath
        self.fileName = (path as NSString).lastPathComponent
        self.title = title
        self.notes = notes
        self.speakerID = speakerID
        let video = mediaInfo.videoStream
        let audio = mediaInfo.audioStreams
        self.durationMs = mediaInfo.duration?.milliseconds
        self.container = mediaInfo.container
        self.videoCodec = video?.codec
        self.width = video?.video?.displayWidth
        self.height = video?.video?.displayHeight
        self.frameRate = video?.video.map { $0.frameRate.isValid ? $0.frameRate.description : nil } ?? nil
        self.audioCodec = audio.first?.codec
        self.audioStreamCount = audio.count
        self.subtitleStreamCount = mediaInfo.subtitleStreams.count
        self.recordedAt = mediaInfo.creationTime
        self.mediaInfoStorage = LazyJSON(value: mediaInfo)
        self.audioLevelsStorage = audioLevels.map { LazyJSON(value: $0) }
        self.hasPoster = hasPoster
        self.hasFilmstrip = hasFilmstrip
        self.importedAt = importedAt
        self.updatedAt = importedAt
    }

    enum CodingKeys: String, CodingKey {
        case id, shortID, checksum, sizeBytes, path, sourcePath, fileName, title, notes, speakerID, durationMs, container, videoCodec,
             width, height, frameRate, audioCodec, audioStreamCount, subtitleStreamCount, recordedAt, mediaInfo, audioLevels, hasPoster,
             hasFilmstrip, importedAt, updatedAt
    }

    /// Reads a clip from a database row; the JSON columns are decoded only when read.
    public init(row: Row) throws {
        id = row[CodingKeys.id.rawValue]
        shortID = row[CodingKeys.shortID.rawValue]
        checksum = row[CodingKeys.checksum.rawValue]
        sizeBytes = row[CodingKeys.sizeBytes.rawValue]
        path = row[CodingKeys.path.rawValue]
        sourcePath = row[CodingKeys.sourcePath.rawValue]
        fileName = row[CodingKeys.fileName.rawValue]
        title = row[CodingKeys.title.rawValue]
        notes = row[CodingKeys.notes.rawValue]
        speakerID = row[CodingKeys.speakerID.rawValue]
        durationMs = row[CodingKeys.durationMs.rawValue]
        container = row[CodingKeys.container.rawValue]
        videoCodec = row[CodingKeys.videoCodec.rawValue]
        width = row[CodingKeys.width.rawValue]
        height = row[CodingKeys.height.rawValue]
        frameRate = row[CodingKeys.frameRate.rawValue]
        audioCodec = row[CodingKeys.audioCodec.rawValue]
        audioStreamCount = row[CodingKeys.audioStreamCount.rawValue]
        subtitleStreamCount = row[CodingKeys.subtitleStreamCount.rawValue]
        recordedAt = row[CodingKeys.recordedAt.rawValue]
        let info: String = row[CodingKeys.mediaInfo.rawValue]
        mediaInfoStorage = LazyJSON(json: Data(info.utf8))
        let levels: String? = row[CodingKeys.audioLevels.rawValue]
        audioLevelsStorage = levels.map { LazyJSON(json: Data($0.utf8)) }
        hasPoster = row[CodingKeys.hasPoster.rawValue]
        hasFilmstrip = row[CodingKeys.hasFilmstrip.rawValue]
        importedAt = row[CodingKeys.importedAt.rawValue]
        updatedAt = row[CodingKeys.updatedAt.rawValue]
    }

    /// Writes the clip's columns; the JSON columns are written as stored or encoded once.
    public func encode(to container: inout PersistenceContainer) throws {
        container[CodingKeys.id.rawValue] = id
        container[CodingKeys.shortID.rawValue] = shortID
        container[CodingKeys.checksum.rawValue] = checksum
        container[CodingKeys.sizeBytes.rawValue] = sizeBytes
        container[CodingKeys.path.rawValue] = path
        container[CodingKeys.sourcePath.rawValue] = sourcePath
        container[CodingKeys.fileName.rawValue] = fileName
        container[CodingKeys.title.rawValue] = title
        container[CodingKeys.notes.rawValue] = notes
        container[CodingKeys.speakerID.rawValue] = speakerID
        container[CodingKeys.durationMs.rawValue] = durationMs
        container[CodingKeys.container.rawValue] = self.container
        container[CodingKeys.videoCodec.rawValue] = videoCodec
        container[CodingKeys.width.rawValue] = width
        container[CodingKeys.height.rawValue] = height
        container[CodingKeys.frameRate.rawValue] = frameRate
        container[CodingKeys.audioCodec.rawValue] = audioCodec
        container[CodingKeys.audioStreamCount.rawValue] = audioStreamCount
        container[CodingKeys.subtitleStreamCount.rawValue] = subtitleStreamCount
        container[CodingKeys.recordedAt.rawValue] = recordedAt
        container[CodingKeys.mediaInfo.rawValue] = mediaInfoStorage.text
        container[CodingKeys.audioLevels.rawValue] = audioLevelsStorage?.text
        container[CodingKeys.hasPoster.rawValue] = hasPoster
        container[CodingKeys.hasFilmstrip.rawValue] = hasFilmstrip
        container[CodingKeys.importedAt.rawValue] = importedAt
        container[CodingKeys.updatedAt.rawValue] = updatedAt
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decodeIfPresent(Int64.self, forKey: .id)
        shortID = try c.decode(String.self, forKey: .shortID)
        checksum = try c.decode(String.self, forKey: .checksum)
        sizeBytes = try c.decode(Int64.self, forKey: .sizeBytes)
        path = try c.decode(String.self, forKey: .path)
        sourcePath = try c.decodeIfPresent(String.self, forKey: .sourcePath)
        fileName = try c.decode(String.self, forKey: .fileName)
        title = try c.decodeIfPresent(String.self, forKey: .title)
        notes = try c.decodeIfPresent(String.self, forKey: .notes)
        speakerID = try c.decodeIfPresent(Int64.self, forKey: .speakerID)
        durationMs = try c.decodeIfPresent(Int64.self, forKey: .durationMs)
        container = try c.decode(String.self, forKey: .container)
        videoCodec = try c.decodeIfPresent(String.self, forKey: .videoCodec)
        width = try c.decodeIfPresent(Int.self, forKey: .width)
        height = try c.decodeIfPresent(Int.self, forKey: .height)
        frameRate = try c.decodeIfPresent(String.self, forKey: .frameRate)
        audioCodec = try c.decodeIfPresent(String.self, forKey: .audioCodec)
        audioStreamCount = try c.decode(Int.self, forKey: .audioStreamCount)
        subtitleStreamCount = try c.decode(Int.self, forKey: .subtitleStreamCount)
        recordedAt = try c.decodeIfPresent(Date.self, forKey: .recordedAt)
        mediaInfoStorage = LazyJSON(value: try c.decode(MediaInfo.self, forKey: .mediaInfo))
        audioLevelsStorage = try c.decodeIfPresent([AudioStreamLevels].self, forKey: .audioLevels).map { LazyJSON(value: $0) }
        hasPoster = try c.decode(Bool.self, forKey: .hasPoster)
        hasFilmstrip = try c.decode(Bool.self, forKey: .hasFilmstrip)
        importedAt = try c.decode(Date.self, forKey: .importedAt)
        updatedAt = try c.decode(Date.self, forKey: .updatedAt)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(id, forKey: .id)
        try c.encode(shortID, forKey: .shortID)
        try c.encode(checksum, forKey: .checksum)
        try c.encode(sizeBytes, forKey: .sizeBytes)
        try c.encode(path, forKey: .path)
        try c.encodeIfPresent(sourcePath, forKey: .sourcePath)
        try c.encode(fileName, forKey: .fileName)
        try c.encodeIfPresent(title, forKey: .title)
        try c.encodeIfPresent(notes, forKey: .notes)
        try c.encodeIfPresent(speakerID, forKey: .speakerID)
        try c.encodeIfPresent(durationMs, forKey: .durationMs)
        try c.encode(container, forKey: .container)
        try c.encodeIfPresent(videoCodec, forKey: .videoCodec)
        try c.encodeIfPresent(width, forKey: .width)
        try c.encodeIfPresent(height, forKey: .height)
        try c.encodeIfPresent(frameRate, forKey: .frameRate)
        try c.encodeIfPresent(audioCodec, forKey: .audioCodec)
        try c.encode(audioStreamCount, forKey: .audioStreamCount)
        try c.encode(subtitleStreamCount, forKey: .subtitleStreamCount)
        try c.encodeIfPresent(recordedAt, forKey: .recordedAt)
        try c.encode(mediaInfo, forKey: .mediaInfo)
        try c.encodeIfPresent(audioLevels, forKey: .audioLevels)
        try c.encode(hasPoster, forKey: .hasPoster)
        try c.encode(hasFilmstrip, forKey: .hasFilmstrip)
        try c.encode(importedAt, forKey: .importedAt)
        try c.encode(updatedAt, forKey: .updatedAt)
    }

    public static func == (a: Clip, b: Clip) -> Bool {
        a.id == b.id && a.shortID == b.shortID && a.checksum == b.checksum && a.sizeBytes == b.sizeBytes && a.path == b.path
            && a.sourcePath == b.sourcePath && a.fileName == b.fileName && a.title == b.title && a.notes == b.notes
            && a.speakerID == b.speakerID && a.durationMs == b.durationMs && a.container == b.container && a.videoCodec == b.videoCodec
            && a.width == b.width && a.height == b.height && a.frameRate == b.frameRate && a.audioCodec == b.audioCodec
            && a.audioStreamCount == b.audioStreamCount && a.subtitleStreamCount == b.subtitleStreamCount && a.recordedAt == b.recordedAt
            && a.hasPoster == b.hasPoster && a.hasFilmstrip == b.hasFilmstrip && a.importedAt == b.importedAt
            && a.updatedAt == b.updatedAt && a.mediaInfoStorage.text == b.mediaInfoStorage.text
            && a.audioLevelsStorage?.text == b.audioLevelsStorage?.text
    }

    /// The duration, when known.
    public var duration: MediaTime? { durationMs.map { MediaTime(milliseconds: $0) } }

    public static let databaseTableName = "clip"

    /// The table's columns.
    public enum Columns {
        public static let id = Column(CodingKeys.id)
        public static let shortID = Column(CodingKeys.shortID)
        public static let checksum = Column(CodingKeys.checksum)
        public static let path = Column(CodingKeys.path)
        public static let fileName = Column(CodingKeys.fileName)
        public static let title = Column(CodingKeys.title)
        public static let speakerID = Column(CodingKeys.speakerID)
        public static let durationMs = Column(CodingKeys.durationMs)
        public static let importedAt = Column(CodingKeys.importedAt)
    }

    /// The association to Speaker records, for GRDB requests.
    public static let speaker = belongsTo(Speaker.self)
    /// The association to Segment records, for GRDB requests.
    public static let segments = hasMany(Segment.self).order(Segment.Columns.startMs, Segment.Columns.endMs, Segment.Columns.number)
    /// The association to ClipTheme records, for GRDB requests.
    public static let themes = hasMany(ClipTheme.self).forKey("themes")
    /// The association to ClipFlag records, for GRDB requests.
    public static let flags = hasMany(ClipFlag.self).forKey("flags")
    /// The association to CaptionCue records, for GRDB requests.
    public static let captionCues = hasMany(CaptionCue.self).order(CaptionCue.Columns.source, CaptionCue.Columns.startMs)

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

/// A clip's stored JSON (media facts or audio levels) that does not decode: the catalogue was written by another
/// version of Reel or edited by hand. `description` names the clip, the file and the reason, with the remedy.
public struct StoredClipDataError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The clip's short ID, e.g. `c-1a2b3c`.
    public var clip: String
    /// The clip's file.
    public var path: String
    /// Which stored value: "media facts" or "audio levels".
    public var what: String
    /// The decoder's reason.
    public var reason: String

    public var description: String {
        "clip \(clip) (\(path)): its stored \(what) cannot be read: \(reason) (was the catalogue written by another version of Reel, or edited by hand?)"
    }
}
