import Foundation
import GRDB
import Media

extension Catalog {
    /// Imports the media files found at `paths` (files or folders, walked recursively, camera cards included).
    ///
    /// Each file is read once to compute its XXH64 checksum, then probed, its audio measured, its head and tail looked
    /// at for black and silence (`MediaFile.blackAndSilence()`), its sidecar captions
    /// read and a poster and filmstrip made in the cache folder: `options.concurrency` files at a time. The
    /// catalogue is then written one clip at a time, each clip in one transaction (clip, flags, captions, shot-log
    /// rows, search index), so an import stopped at any moment leaves a consistent catalogue and running it again
    /// finishes the job. Content already catalogued is a duplicate (nothing added) or, when its recorded path is
    /// gone, a move (the path is updated). Non-media files are skipped with a reason; one file's failure never
    /// stops the others. `progress` is called after each file.
    ///
    /// Throws only `CancellationError` when the task is cancelled (clips written so far stay), or what the
    /// internal fault-injection hook throws.
    public func importMedia(
        _ paths: [String], options: ImportOptions = ImportOptions(),
        progress: @escaping @Sendable (ImportProgress) -> Void = { _ in }
    ) async throws -> ImportReport {
        let started = Date()
        var report = ImportReport()
        let scan = MediaScanner.scan(paths)
        report.notes += scan.notes
        report.results += scan.skipped + scan.failed
        if let log = options.shotLog { report.shotLogIssues += log.issues }
        let plan = try await writer.read { [taxonomy] db in
            try ShotLogPlan(shotLog: options.shotLog, files: scan.files, taxonomy: taxonomy, db: db)
        }
        report.shotLogIssues += plan.issues
        // Progress counts the media files (what takes time); files skipped by name are only in the report.
        let total = scan.files.count
        var completed = 0
        progress(ImportProgress(completed: completed, total: total, elapsed: Date().timeIntervalSince(started), result: nil))

        var written = 0
        let shotLogPath = options.shotLog?.path ?? ""
        try await withThrowingTaskGroup(of: FileAnalysis.self) { group in
            var pending = scan.files.makeIterator()
            for _ in 0..<options.concurrency {
                guard let file = pending.next() else { break }
                group.addTask { await self.analyse(file, options: options) }
            }
            while let analysis = try await group.next() {
                try Task.checkCancellation()
                let outcome = try await write(analysis, plan: plan, options: options, written: written, shotLogPath: shotLogPath)
                if outcome.result.kind == .imported { written += 1 }
                report.results.append(outcome.result)
                report.shotLogIssues += outcome.issues
                report.shotLogRowsApplied += outcome.rowsApplied
                report.notes += outcome.notes
                completed += 1
                progress(ImportProgress(completed: completed, total: total, elapsed: Date().timeIntervalSince(started), result: outcome.result))
                if let file = pending.next() {
                    group.addTask { await self.analyse(file, options: options) }
                }
            }
        }
        // Rows about files already in the catalogue but not in this import.
        for (clipID, rows) in plan.byClipID.sorted(by: { $0.key < $1.key }) {
            let (applied, issues) = try await writer.write { db in
                var issues: [ShotLogIssue] = []
                let applied = try ShotLogPlan.apply(rows, to: clipID, shotLogPath: shotLogPath, recordedBy: options.recordedBy, now: Date(),
                                                    db: db, issues: &issues)
                return (applied, issues)
            }
            report.shotLogRowsApplied += applied
            report.shotLogIssues += issues
        }
        report.shotLogIssues.sort { ($0.path, $0.line) < ($1.path, $1.line) }
        report.elapsed = Date().timeIntervalSince(started)
        return report
    }

    // MARK: - Analysis (in parallel)

    /// What the parallel stage learned about one file.
    enum FileAnalysis: Sendable {
        /// Skipped or failed before anything was written.
        case done(ImportResult)
        /// The content is already catalogued; `edges` when it had never been checked for black and silence and now was.
        case known(file: MediaScanner.Found, checksum: String, existing: Clip, copyPath: String?, captions: [LoadedCaptions], notes: [String],
                   edges: BlackAndSilence? = nil)
        /// New content, fully analysed.
        case new(NewClipFacts)
    }

    /// A sidecar caption file read from disk.
    struct LoadedCaptions: Sendable {
        var source: String
        var file: CaptionFile
    }

    /// Everything needed to write a new clip.
    struct NewClipFacts: Sendable {
        var file: MediaScanner.Found
        var checksum: String
        var size: Int64
        /// Where the clip is catalogued: the file, or its verified copy.
        var path: String
        var sourcePath: String?
        var info: MediaInfo
        var levels: [AudioStreamLevels]?
        /// Black and silence at the head and tail; nil when they could not be looked for.
        var edges: BlackAndSilence?
        var captions: [LoadedCaptions]
        var hasPoster: Bool
        var hasFilmstrip: Bool
        var notes: [String]
    }

    func analyse(_ file: MediaScanner.Found, options: ImportOptions) async -> FileAnalysis {
        do {
            let path = file.path
            let (checksum, size) = try await Blocking.run { try ContentHasher.checksum(ofFile: path) }
            let captions = loadCaptions(file)
            if let existing = try await writer.read({ db in try Clip.filter(Clip.Columns.checksum == checksum).fetchOne(db) }) {
                var copyPath: String?
                if let copyTo = options.copyTo, !FileManager.default.fileExists(atPath: existing.path) {
                    copyPath = try await copy(file, checksum: checksum, to: copyTo)
                }
                // A clip an older Reel imported was never looked at for black and silence: look now.
                var edges: BlackAndSilence? = nil
                var notes = captions.notes
                if let id = existing.id, try await writer.read({ db in try !Catalog.edgesChecked(clipID: id, db) }) {
                    do { edges = try await MediaFile(path).blackAndSilence() } catch {
                        notes.append("\(path): black and silence not looked for: \((error as? MediaError)?.reason ?? "\(error)")")
                    }
                }
                return .known(file: file, checksum: checksum, existing: existing, copyPath: copyPath, captions: captions.loaded, notes: notes,
                              edges: edges)
            }
            let info: MediaInfo
            do {
                info = try await MediaFile(path).probe()
            } catch let error as MediaError {
                switch error {
                case .notMediaFile, .emptyFile:
                    return .done(ImportResult(kind: .skipped, path: path, detail: error.reason))
                default:
                    return .done(ImportResult(kind: .failed, path: path, detail: error.reason))
                }
            }
            var notes = captions.notes
            var clipPath = path
            var sourcePath: String?
            if let copyTo = options.copyTo {
                clipPath = try await copy(file, checksum: checksum, to: copyTo)
                sourcePath = path
            }
            var levels: [AudioStreamLevels]?
            if !info.audioStreams.isEmpty {
                do {
                    levels = try await MediaFile(clipPath).audioLevels()
                } catch {
                    notes.append("\(path): audio levels not measured: \((error as? MediaError)?.reason ?? "\(error)")")
                }
            }
            var edges: BlackAndSilence?
            do {
                edges = try await MediaFile(clipPath).blackAndSilence()
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                notes.append("\(path): black and silence not looked for: \((error as? MediaError)?.reason ?? "\(error)")")
            }
            var hasPoster = false
            var hasFilmstrip = false
            if options.makePictures, let video = info.videoStream?.video, let folder = cacheFolder(forChecksum: checksum) {
                (hasPoster, hasFilmstrip) = await makePictures(for: clipPath, displayWidth: video.displayWidth, in: folder, notes: &notes)
            }
            return .new(NewClipFacts(file: file, checksum: checksum, size: size, path: clipPath, sourcePath: sourcePath, info: info,
                                     levels: levels, edges: edges, captions: captions.loaded, hasPoster: hasPoster, hasFilmstrip: hasFilmstrip, notes: notes))
        } catch let failure as ImportFailure {
            return .done(ImportResult(kind: .failed, path: file.path, detail: failure.path == file.path ? failure.reason : failure.description))
        } catch is CancellationError {
            return .done(ImportResult(kind: .failed, path: file.path, detail: "cancelled"))
        } catch {
            return .done(ImportResult(kind: .failed, path: file.path, detail: "\(error)"))
        }
    }

    /// Reads the sidecar captions; unreadable ones become notes.
    private func loadCaptions(_ file: MediaScanner.Found) -> (loaded: [LoadedCaptions], notes: [String]) {
        var loaded: [LoadedCaptions] = []
        var notes: [String] = []
        for path in file.captionPaths {
            do {
                let parsed = try CaptionFile(contentsOf: path)
                for problem in parsed.problems { notes.append("\(path): \(problem)") }
                loaded.append(LoadedCaptions(source: (path as NSString).lastPathComponent, file: parsed))
            } catch {
                notes.append("\(error)")
            }
        }
        return (loaded, notes)
    }

    /// The poster (640 px wide) and the filmstrip (6 frames in a row, 240 px each), written atomically; never
    /// wider than the picture itself (80 px at least, the smallest tile the contact sheet makes).
    private func makePictures(for path: String, displayWidth: Int, in folder: String, notes: inout [String]) async -> (Bool, Bool) {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            notes.append("\(folder): cannot create the cache folder: \(error.localizedDescription)")
            return (false, false)
        }
        let media = MediaFile(path)
        var poster = false
        var filmstrip = false
        do {
            let picture = try await media.posterFrame(width: min(640, max(80, displayWidth)), format: .jpeg)
            try picture.write(to: (folder as NSString).appendingPathComponent("poster.jpg"), overwrite: true)
            poster = true
        } catch {
            notes.append("\(path): no poster: \((error as? MediaError)?.reason ?? "\(error)")")
        }
        do {
            let sheet = try await media.contactSheet(columns: 6, rows: 1, tileWidth: min(240, max(80, displayWidth)), format: .jpeg)
            try sheet.write(to: (folder as NSString).appendingPathComponent("filmstrip.jpg"), overwrite: true)
            filmstrip = true
        } catch {
            notes.append("\(path): no filmstrip: \((error as? MediaError)?.reason ?? "\(error)")")
        }
        return (poster, filmstrip)
    }

    /// Copies a file under `copyTo` (keeping its folder below the import root), verified by checksum.
    /// An identical file already there is reused; a different one gets a ` (2)`-style suffix.
    private func copy(_ file: MediaScanner.Found, checksum: String, to copyTo: String) async throws -> String {
        let base = Catalog.absolutePath(copyTo)
        let rootName = (file.root as NSString).lastPathComponent
        let relative = file.path.hasPrefix(file.root + "/") ? (rootName as NSString).appendingPathComponent(file.relativePath)
            : (file.path as NSString).lastPathComponent
        var destination = (base as NSString).appendingPathComponent(relative)
        let stem = (destination as NSString).deletingPathExtension
        let ext = (destination as NSString).pathExtension
        var n = 2
        while FileManager.default.fileExists(atPath: destination) {
            let existing = destination
            if let (sum, _) = try? await Blocking.run({ try ContentHasher.checksum(ofFile: existing) }), sum == checksum {
                return destination
            }
            destination = "\(stem) (\(n))" + (ext.isEmpty ? "" : ".\(ext)")
            n += 1
        }
        let target = destination
        try await Blocking.run { try ContentHasher.verifiedCopy(from: file.path, to: target, expected: checksum) }
        return destination
    }

    // MARK: - Writing (one clip at a time)

    struct WriteOutcome {
        var result: ImportResult
        var issues: [ShotLogIssue] = []
        var rowsApplied = 0
        var notes: [String] = []
    }

    private func write(_ analysis: FileAnalysis, plan: ShotLogPlan, options: ImportOptions, written: Int,
                       shotLogPath: String) async throws -> WriteOutcome {
        switch analysis {
        case .done(let result):
            return WriteOutcome(result: result)
        case .known(let file, let checksum, _, let copyPath, let captions, let notes, let edges):
            do {
                var outcome = try await writer.write { db in
                    try self.writeKnown(file: file, checksum: checksum, copyPath: copyPath, captions: captions,
                                        rows: plan.byPath[file.path] ?? [], shotLogPath: shotLogPath, options: options, edges: edges, db: db)
                }
                outcome.notes += notes
                return outcome
            } catch {
                return WriteOutcome(result: ImportResult(kind: .failed, path: file.path, detail: "cannot update the catalogue: \(error)"))
            }
        case .new(let facts):
            do {
                var outcome = try await writer.write { db in
                    try self.writeNew(facts, rows: plan.byPath[facts.file.path] ?? [], shotLogPath: shotLogPath, options: options,
                                      written: written, db: db)
                }
                outcome.notes += facts.notes
                return outcome
            } catch let abort as AbortImport {
                throw abort.error
            } catch {
                return WriteOutcome(result: ImportResult(kind: .failed, path: facts.file.path, detail: "cannot write to the catalogue: \(error)"))
            }
        }
    }

    /// The error thrown by the fault-injection hook, carried out of the transaction to stop the import.
    struct AbortImport: Error {
        var error: any Error
    }

    private func writeNew(_ facts: NewClipFacts, rows: [ShotLogPlan.Row], shotLogPath: String, options: ImportOptions, written: Int,
                          db: Database) throws -> WriteOutcome {
        // Two copies of the same content in one import: the second is a duplicate.
        if try Clip.filter(Clip.Columns.checksum == facts.checksum).fetchCount(db) > 0 {
            return try writeKnown(file: facts.file, checksum: facts.checksum, copyPath: nil, captions: facts.captions, rows: rows,
                                  shotLogPath: shotLogPath, options: options, edges: nil, db: db)
        }
        let now = Date()
        var clip = Clip(shortID: try Catalog.newShortID(checksum: facts.checksum, db), checksum: facts.checksum, sizeBytes: facts.size,
                        path: facts.path, sourcePath: facts.sourcePath, mediaInfo: facts.info, audioLevels: facts.levels,
                        hasPoster: facts.hasPoster, hasFilmstrip: facts.hasFilmstrip, importedAt: now)
        try clip.insert(db)
        let flags = FlagDetector().flags(info: facts.info, levels: facts.levels, captionFiles: facts.captions.count, edges: facts.edges)
        for (flag, detail) in flags {
            try ClipFlag(clipID: clip.id!, flag: flag, detail: detail).insert(db)
        }
        if facts.edges != nil { try Catalog.markEdgesChecked(clipID: clip.id!, db) }
        if let hook = options.faultInjection {
            do { try hook(written) } catch { throw AbortImport(error: error) }
        }
        try insertCaptions(facts.captions, clipID: clip.id!, db: db)
        var issues: [ShotLogIssue] = []
        var applied = 0
        if !rows.isEmpty {
            applied = try ShotLogPlan.apply(rows, to: clip.id!, shotLogPath: shotLogPath, recordedBy: options.recordedBy, now: now, db: db,
                                            issues: &issues)
        } else {
            try Catalog.reindex(clipID: clip.id!, db)
        }
        let detail = facts.sourcePath != nil ? "copied to \(facts.path)" : ""
        return WriteOutcome(result: ImportResult(kind: .imported, path: facts.file.path, shortID: clip.shortID, detail: detail,
                                                 flags: flags.map(\.0)),
                            issues: issues, rowsApplied: applied)
    }

    private func writeKnown(file: MediaScanner.Found, checksum: String, copyPath: String?, captions: [LoadedCaptions],
                            rows: [ShotLogPlan.Row], shotLogPath: String, options: ImportOptions, edges: BlackAndSilence?,
                            db: Database) throws -> WriteOutcome {
        guard var clip = try Clip.filter(Clip.Columns.checksum == checksum).fetchOne(db) else {
            return WriteOutcome(result: ImportResult(kind: .failed, path: file.path, detail: "the catalogue changed during the import; run it again"))
        }
        let newPath = copyPath ?? file.path
        var result: ImportResult
        if clip.path == newPath || clip.path == file.path {
            result = ImportResult(kind: .duplicate, path: file.path, shortID: clip.shortID, detail: "already in the catalogue")
        } else if FileManager.default.fileExists(atPath: clip.path) {
            result = ImportResult(kind: .duplicate, path: file.path, shortID: clip.shortID, detail: "same content as \(clip.path)")
        } else {
            result = ImportResult(kind: .moved, path: file.path, shortID: clip.shortID, detail: "was \(clip.path)")
            clip.path = newPath
            clip.fileName = (newPath as NSString).lastPathComponent
            if copyPath != nil { clip.sourcePath = file.path }
            clip.updatedAt = Date()
            try clip.update(db)
        }
        // Captions added beside the file since the last import.
        let stored = Set(try String.fetchAll(db, sql: "SELECT DISTINCT source FROM captionCue WHERE clipID = ?", arguments: [clip.id!]))
        let fresh = captions.filter { !stored.contains($0.source) }
        if !fresh.isEmpty {
            try insertCaptions(fresh, clipID: clip.id!, db: db)
            try db.execute(sql: "DELETE FROM clipFlag WHERE clipID = ? AND flag = ?", arguments: [clip.id!, QualityFlag.missingCaptions.rawValue])
            result.detail += result.detail.isEmpty ? "" : "; "
            result.detail += "captions added from \(fresh.map(\.source).joined(separator: ", "))"
        }
        // Black and silence, looked at now for a clip an older Reel imported.
        if let edges, try !Catalog.edgesChecked(clipID: clip.id!, db) {
            let found = FlagDetector().edgeFlags(edges)
            let edgeFlags: [QualityFlag] = [.blackHead, .blackTail, .silentHead, .silentTail]
            try ClipFlag.filter(ClipFlag.Columns.clipID == clip.id! && edgeFlags.map(\.rawValue).contains(ClipFlag.Columns.flag)).deleteAll(db)
            for (flag, detail) in found { try ClipFlag(clipID: clip.id!, flag: flag, detail: detail).insert(db) }
            try Catalog.markEdgesChecked(clipID: clip.id!, db)
            result.detail += result.detail.isEmpty ? "" : "; "
            result.detail += found.isEmpty ? "checked for black and silence: none" : "flagged " + found.map(\.0.rawValue).joined(separator: ", ")
            result.flags = found.map(\.0)
        }
        var issues: [ShotLogIssue] = []
        var applied = 0
        if !rows.isEmpty {
            applied = try ShotLogPlan.apply(rows, to: clip.id!, shotLogPath: shotLogPath, recordedBy: options.recordedBy, now: Date(), db: db,
                                            issues: &issues)
        } else if result.kind == .moved || !fresh.isEmpty {
            try Catalog.reindex(clipID: clip.id!, db)
        }
        return WriteOutcome(result: result, issues: issues, rowsApplied: applied)
    }

    /// Whether the clip was looked at for black and silence (`clipEdgeCheck`).
    static func edgesChecked(clipID: Int64, _ db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM clipEdgeCheck WHERE clipID = ?)", arguments: [clipID]) ?? false
    }

    static func markEdgesChecked(clipID: Int64, _ db: Database) throws {
        try db.execute(sql: "INSERT OR REPLACE INTO clipEdgeCheck (clipID, checkedAt) VALUES (?, ?)", arguments: [clipID, Date()])
    }

    private func insertCaptions(_ captions: [LoadedCaptions], clipID: Int64, db: Database) throws {
        for caption in captions {
            for (i, cue) in caption.file.cues.enumerated() {
                var row = CaptionCue(clipID: clipID, source: caption.source, position: i + 1, startMs: cue.startMs, endMs: cue.endMs, text: cue.text)
                try row.insert(db)
            }
        }
    }
}
