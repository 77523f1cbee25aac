import Foundation
import GRDB
import Media
import Playlists

extension Catalog {
    /// A clip the catalogue will not let `reel publish` use, and why (consent withdrawn, expired or missing).
    public struct PublishRefusal: Sendable, Equatable {
        /// The clip's short ID.
        public var clip: String
        /// The clip's file.
        public var path: String
        /// A sentence for the summary, e.g. `consent withdrawn`.
        public var reason: String
    }

    /// Publish jobs for the clips matching `query` (the same free text `reel clips` takes), one per clip, with
    /// captions from the catalogue or else from sidecars; clips whose speaker lacks valid consent at `date` are
    /// refused, not published.
    ///
    /// Outputs are `OUT/<file base name>.<preset extension>`. Throws the catalogue's errors.
    public func publishJobs(
        clipQuery query: String?, outputFolder: String, preset: Preset, at date: Date = Date()
    ) throws -> (jobs: [PublishBatch.Job], refused: [PublishRefusal]) {
        let clips = try clips(matching: ClipQuery(text: query?.isEmpty == false ? query : nil, date: date))
        var jobs: [PublishBatch.Job] = []
        var refused: [PublishRefusal] = []
        for summary in clips {
            guard summary.consent.state.isUsable else {
                refused.append(PublishRefusal(clip: summary.id, path: summary.clip.path, reason: "consent \(summary.consent.state.rawValue)"))
                continue
            }
            jobs.append(try publishJob(for: summary.clip, outputFolder: outputFolder, preset: preset))
        }
        return (jobs, refused)
    }

    /// Publish jobs for the clips of a playlist (each clip once, whole), through `exportablePlaylistItems`, so a
    /// clip whose speaker withdrew consent is refused. Throws the catalogue's and playlists' errors.
    public func publishJobs(
        playlist name: String, outputFolder: String, preset: Preset, at date: Date = Date()
    ) throws -> (jobs: [PublishBatch.Job], refused: [PublishRefusal]) {
        let selection = try exportablePlaylistItems(named: name, at: date)
        var seen: Set<String> = []
        var jobs: [PublishBatch.Job] = []
        for entry in selection.usable where seen.insert(entry.clip.path).inserted {
            jobs.append(try publishJob(for: entry.clip, outputFolder: outputFolder, preset: preset))
        }
        let refused = selection.leftOut.map { PublishRefusal(clip: $0.entry.id, path: $0.entry.clip.path, reason: $0.reason) }
        return (jobs, refused)
    }

    /// Publish jobs for media files named on the command line, checked against the catalogue: a file the catalogue
    /// knows — by its path, else by its content checksum (a renamed or copied file) — is refused when its speaker
    /// lacks valid consent at `date`, and otherwise gets the catalogue's captions (else a sidecar's). A file the
    /// catalogue does not know is published with its sidecar captions, as before.
    ///
    /// Outputs are named after the files as given. Reading a file to checksum it is skipped when it cannot be read
    /// (publish then reports the file's own error). Throws the catalogue's errors.
    public func publishJobs(
        files: [String], outputFolder: String, preset: Preset, at date: Date = Date()
    ) throws -> (jobs: [PublishBatch.Job], refused: [PublishRefusal]) {
        var jobs: [PublishBatch.Job] = []
        var refused: [PublishRefusal] = []
        for file in files {
            let absolute = Catalog.absolutePath(file)
            var known = try writer.read { db in try Clip.filter(Clip.Columns.path == absolute).fetchOne(db) }
            if known == nil, let (sum, _) = try? ContentHasher.checksum(ofFile: absolute) {
                known = try writer.read { db in try Clip.filter(Clip.Columns.checksum == sum).fetchOne(db) }
            }
            let output = Catalog.publishOutput(for: file, folder: outputFolder, preset: preset)
            guard let clip = known else {
                jobs.append(PublishBatch.Job(source: file, output: output, captions: Catalog.sidecarCaptions(for: file)))
                continue
            }
            let summary = try clipDetail(clip.shortID, at: date).summary
            guard summary.consent.state.isUsable else {
                let reason = Catalog.consentReason(summary.consent, speaker: summary.speaker)
                let who = summary.speaker.map { " (\($0.name))" } ?? ""
                refused.append(PublishRefusal(
                    clip: clip.shortID, path: file,
                    reason: "\(reason): the catalogue holds it as \(clip.shortID)\(who); --ignore-catalog publishes it anyway"))
                continue
            }
            var captions: [Caption] = try clip.id.map { try self.captions(forClip: $0) } ?? []
            if captions.isEmpty { captions = Catalog.sidecarCaptions(for: file) ?? [] }
            jobs.append(PublishBatch.Job(source: file, output: output, captions: captions.isEmpty ? nil : captions, clip: clip.shortID))
        }
        return (jobs, refused)
    }

    /// Why a clip may not be published at `date` (`consent withdrawn 2026-12-04 (Tom Hughes)`), or nil when it may.
    static func publishBlock(clip: Clip?, at date: Date, _ db: Database) throws -> String? {
        guard let clip else { return "no longer in the catalogue" }
        let speaker = try clip.speakerID.flatMap { try Speaker.fetchOne(db, key: $0) }
        let history = try speaker.map { try ConsentEvent.filter(ConsentEvent.Columns.speakerID == $0.id!).fetchAll(db) } ?? []
        let status = ConsentStatus(history: history, at: date)
        if status.state.isUsable { return nil }
        return Catalog.consentReason(status, speaker: speaker) + (speaker.map { " (\($0.name))" } ?? "")
    }

    /// The check a `PublishBatch` of catalogue clips runs before each job starts and before each file goes into
    /// place: it reads the clip's speaker's consent again, now, and throws `PublishWithheld` when it is no longer
    /// valid (withdrawn or expired while the batch ran). Jobs without a clip (plain files) pass.
    public func publishClearance() -> @Sendable (PublishBatch.Job) throws -> Void {
        let writer = self.writer
        return { job in
            guard let shortID = job.clip else { return }
            let reason = try writer.read { db in
                try Catalog.publishBlock(clip: try Clip.filter(Clip.Columns.shortID == shortID).fetchOne(db), at: Date(), db)
            }
            if let reason { throw PublishWithheld(source: job.source, reason: reason) }
        }
    }

    /// What Reel published earlier into a folder and took out again because the clip may no longer be published.
    public struct PublishRemoval: Sendable, Equatable {
        /// The clip's short ID.
        public var clip: String
        /// The files (or, for HLS, the folder) deleted, as paths in the folder.
        public var removed: [String]
        /// Why, e.g. `consent withdrawn 2026-12-04 (Tom Hughes)`.
        public var reason: String
    }

    /// Deletes from `folder` everything Reel published there for a catalogue clip whose speaker's consent is no
    /// longer valid at `date`, as `playlist export` does for its media folder.
    ///
    /// Only Reel's own outputs are touched: those a publish report names (`NAME.json` beside an MP4/M4A: the media,
    /// `.vtt`, `.jpg` and the report; `NAME/report.json` inside an HLS folder: the folder), matched to the clip by
    /// the source checksum the report records. Outputs of files not in the catalogue are left alone. Throws
    /// `MediaError.outputNotWritable` when a file cannot be deleted.
    public func removePublicationsNoLongerAllowed(in folder: String, at date: Date = Date()) throws -> [PublishRemoval] {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: folder) else { return [] }
        var found: [(report: PublishReport, files: [String])] = []
        for name in names.sorted() where !name.hasPrefix(".") {
            let path = (folder as NSString).appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                if let r = PublishReport.load(from: (path as NSString).appendingPathComponent("report.json")), r.renditions != nil {
                    found.append((r, [path]))
                }
            } else if name.hasSuffix(".json"), let r = PublishReport.load(from: path) {
                let output = (folder as NSString).appendingPathComponent((r.output as NSString).lastPathComponent)
                let named = [output, r.captionsFile, r.posterFile].compactMap { $0 }
                    .map { (folder as NSString).appendingPathComponent(($0 as NSString).lastPathComponent) }
                found.append((r, named.filter { fm.fileExists(atPath: $0) } + [path]))
            }
        }
        guard !found.isEmpty else { return [] }
        let blocked: [(PublishReport, [String], String, String)] = try writer.read { db in
            try found.compactMap { f in
                guard let clip = try Clip.filter(Clip.Columns.checksum == f.report.sourceChecksum).fetchOne(db),
                    let reason = try Catalog.publishBlock(clip: clip, at: date, db)
                else { return nil }
                return (f.report, f.files, clip.shortID, reason)
            }
        }
        var removals: [PublishRemoval] = []
        for (_, files, clip, reason) in blocked {
            for file in files {
                do { try fm.removeItem(atPath: file) } catch {
                    throw MediaError.outputNotWritable(
                        path: file, reason: "cannot delete what Reel published for a clip no longer allowed: \(error.localizedDescription)")
                }
            }
            removals.append(PublishRemoval(clip: clip, removed: files, reason: reason))
        }
        return removals
    }

    /// The job for one catalogued clip: imported sidecar captions first, else a sidecar beside the file, else
    /// approved draft captions. A clip whose only captions are an unapproved draft gets none, and a note saying so
    /// for `--require-captions`.
    public func publishJob(for clip: Clip, outputFolder: String, preset: Preset) throws -> PublishBatch.Job {
        var captions: [Caption] = try clip.id.map { try self.importedCaptions(forClip: $0) } ?? []
        if captions.isEmpty { captions = Catalog.sidecarCaptions(for: clip.path) ?? [] }
        var note: String? = nil
        if captions.isEmpty, let id = clip.id {
            captions = try writer.read { db in try Catalog.approvedDraftCaptions(clipID: id, db) }
            if captions.isEmpty, try writer.read({ db in try CaptionDraft.fetchOne(db, key: id) }) != nil {
                note = "its draft captions are not approved yet: check them (`reel captions show \(clip.shortID)`), then `reel captions approve \(clip.shortID)`"
            }
        }
        var job = PublishBatch.Job(
            source: clip.path, output: Catalog.publishOutput(for: clip.path, folder: outputFolder, preset: preset),
            captions: captions.isEmpty ? nil : captions, clip: clip.shortID)
        job.missingCaptionsNote = note
        return job
    }

    /// The captions the catalogue would publish for a clip, in time order: its imported sidecar cues, else its
    /// approved draft captions (an unapproved draft is never returned).
    public func captions(forClip id: Int64) throws -> [Caption] {
        let imported = try importedCaptions(forClip: id)
        if !imported.isEmpty { return imported }
        return try writer.read { db in try Catalog.approvedDraftCaptions(clipID: id, db) }
    }

    /// The cues imported from the clip's sidecar files.
    func importedCaptions(forClip id: Int64) throws -> [Caption] {
        try writer.read { db in
            try CaptionCue.filter(CaptionCue.Columns.clipID == id).order(CaptionCue.Columns.startMs).fetchAll(db)
        }.map { Caption(start: $0.start, end: $0.end, text: $0.text) }
    }

    /// The SRT or WebVTT file with the clip's base name beside it that holds cues, or nil.
    static func sidecarFile(for mediaPath: String) -> String? {
        let base = (mediaPath as NSString).deletingPathExtension
        for ext in ["srt", "vtt", "SRT", "VTT"] where FileManager.default.fileExists(atPath: "\(base).\(ext)") {
            guard let file = try? CaptionFile(contentsOf: "\(base).\(ext)"), !file.cues.isEmpty else { continue }
            return "\(base).\(ext)"
        }
        return nil
    }

    /// Captions from an SRT or WebVTT file with the clip's base name beside it (`nurse.srt` for `nurse.mp4`),
    /// or nil when there is none or it holds no cues.
    public static func sidecarCaptions(for mediaPath: String) -> [Caption]? {
        let base = (mediaPath as NSString).deletingPathExtension
        for ext in ["srt", "vtt", "SRT", "VTT"] where FileManager.default.fileExists(atPath: "\(base).\(ext)") {
            guard let file = try? CaptionFile(contentsOf: "\(base).\(ext)"), !file.cues.isEmpty else { continue }
            return file.cues.map { Caption(start: MediaTime(milliseconds: $0.startMs), end: MediaTime(milliseconds: $0.endMs), text: $0.text) }
        }
        return nil
    }

    /// `folder/<base name of path>.<preset extension>` (for HLS, `folder/<base>/master.m3u8`).
    public static func publishOutput(for path: String, folder: String, preset: Preset) -> String {
        let base = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        if preset.kind == .hls { return ((folder as NSString).appendingPathComponent(base) as NSString).appendingPathComponent("master.m3u8") }
        return (folder as NSString).appendingPathComponent("\(base).\(preset.fileExtension)")
    }
}
