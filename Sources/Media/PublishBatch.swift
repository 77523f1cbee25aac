import Foundation

/// Publishes many files with one preset, several at a time, skipping outputs that are already current.
///
/// One failure never stops the others: every job ends as `.published`, `.skipped` or `.failed`. A job is skipped
/// when the JSON report beside its output names the same source checksum and an equal preset and the output is
/// still there (`PublishReport.isCurrent`). Outputs are atomic, so a cancelled or killed run leaves nothing under
/// a final name and the next run redoes exactly the unfinished jobs.
public struct PublishBatch: Sendable {
    /// One source and where its output goes.
    public struct Job: Sendable, Equatable {
        /// The source media file.
        public var source: String
        /// The main output path (`OUT/NAME.mp4`); sidecars go beside it.
        public var output: String
        /// Captions for the clip (from sidecars or the catalogue); nil or empty when it has none.
        public var captions: [Caption]?
        /// The captions' language (ISO 639-2), when known.
        public var captionLanguage: String?
        /// Why the job has no captions although the clip has some not yet usable (draft captions awaiting
        /// approval), for the `--require-captions` refusal; nil otherwise.
        public var missingCaptionsNote: String? = nil
        /// The catalogue clip the source is (its short ID), for the batch's `clearance` check; nil for a plain file.
        public var clip: String?

        public init(source: String, output: String, captions: [Caption]? = nil, captionLanguage: String? = nil, clip: String? = nil) {
            self.source = source
            self.output = output
            self.captions = captions
            self.captionLanguage = captionLanguage
            self.clip = clip
        }
    }

    /// How one job ended.
    public enum Outcome: Sendable {
        /// Written now.
        case published(PublishReport)
        /// Already current; nothing was written.
        case skipped(PublishReport)
        /// Not written; `message` is the one-line `PATH: reason`.
        case failed(source: String, message: String)
        /// Stopped by the batch's `clearance` check (before it started, or before a file went into place): nothing
        /// of it is under a final name.
        case refused(PublishWithheld)

        /// The report, for published and skipped jobs.
        public var report: PublishReport? {
            switch self {
            case .published(let r), .skipped(let r): return r
            case .failed, .refused: return nil
            }
        }
    }

    /// A progress update: job `index` is `fraction` (0…1) done; `overall` is the batch's share done (0…1).
    public struct Event: Sendable {
        public enum Kind: Sendable { case started, progressed, finished(Outcome) }
        public var index: Int
        public var source: String
        public var kind: Kind
        public var fraction: Double
        public var overall: Double
    }

    public var preset: Preset
    /// Jobs run at once (at least 1).
    public var parallelJobs: Int
    /// Whether a job without captions fails instead of being published with a warning.
    public var requireCaptions: Bool
    /// Computes a source's checksum (the catalogue's `ContentHasher` in the CLI).
    public var checksum: @Sendable (String) throws -> String
    /// Asked before each job starts and before each of its files is renamed into place whether the job may still
    /// be published; throws `PublishWithheld` when not (the catalogue checks consent). Nil: always.
    public var clearance: (@Sendable (Job) throws -> Void)?
    /// Whether files at the output names that Reel did not write may be replaced (`--overwrite`).
    public var overwrite: Bool

    /// `parallelJobs` nil picks `defaultParallelJobs`.
    public init(
        preset: Preset, parallelJobs: Int? = nil, requireCaptions: Bool = false, overwrite: Bool = false,
        clearance: (@Sendable (Job) throws -> Void)? = nil, checksum: @escaping @Sendable (String) throws -> String
    ) {
        self.preset = preset
        self.parallelJobs = max(1, parallelJobs ?? PublishBatch.defaultParallelJobs)
        self.requireCaptions = requireCaptions
        self.overwrite = overwrite
        self.clearance = clearance
        self.checksum = checksum
    }

    /// max(1, cores / 2): libx264 threads well, so two jobs per two cores would only fight.
    public static var defaultParallelJobs: Int { max(1, ProcessInfo.processInfo.activeProcessorCount / 2) }

    /// libx264 threads per job: libx264's own choice (1.5 per core, which keeps its lookahead busy) shared out
    /// between the jobs running at once; 0, libx264's automatic setting, for a single job.
    public var threadsPerJob: Int {
        if parallelJobs == 1 { return 0 }
        let cores = Double(ProcessInfo.processInfo.activeProcessorCount)
        return max(1, Int((cores * 1.5 / Double(parallelJobs)).rounded(.up)))
    }

    /// Runs every job and returns their outcomes in job order. `events` is called from background threads.
    /// Cancelling the task cancels the jobs in flight (their temporary files are removed) and starts no more.
    public func run(_ jobs: [Job], events: (@Sendable (Event) -> Void)? = nil) async -> [Outcome] {
        let tracker = ProgressTracker(count: jobs.count)
        var outcomes = [Outcome?](repeating: nil, count: jobs.count)
        await withTaskGroup(of: (Int, Outcome).self) { group in
            var next = 0
            func launch() {
                let index = next
                let job = jobs[index]
                next += 1
                group.addTask {
                    events?(Event(index: index, source: job.source, kind: .started, fraction: 0, overall: tracker.overall))
                    let outcome = await self.runOne(job) { fraction in
                        tracker.set(index, fraction)
                        events?(Event(index: index, source: job.source, kind: .progressed, fraction: fraction, overall: tracker.overall))
                    }
                    tracker.set(index, 1)
                    events?(Event(index: index, source: job.source, kind: .finished(outcome), fraction: 1, overall: tracker.overall))
                    return (index, outcome)
                }
            }
            while next < min(parallelJobs, jobs.count) { launch() }
            for await (index, outcome) in group {
                outcomes[index] = outcome
                if next < jobs.count {
                    if Task.isCancelled {
                        while next < jobs.count {
                            outcomes[next] = .failed(source: jobs[next].source, message: "\(jobs[next].source): cancelled; not started")
                            next += 1
                        }
                    } else {
                        launch()
                    }
                }
            }
        }
        return outcomes.enumerated().map { $0.element ?? .failed(source: jobs[$0.offset].source, message: "\(jobs[$0.offset].source): not run") }
    }

    /// Publishes one job, or skips it when its report is current.
    public func runOne(_ job: Job, progress: (@Sendable (Double) -> Void)? = nil) async -> Outcome {
        let check = clearance.map { check in { @Sendable in try check(job) } }
        do { try check?() } catch let withheld as PublishWithheld {
            return .refused(withheld)
        } catch {
            return .failed(source: job.source, message: "\(job.source): \(error)")
        }
        // With an earlier report, the checksum decides whether the output is current: compute it first. Without
        // one, it is only needed for the new report and is computed while the file is encoded.
        let hashing: @Sendable () throws -> String
        if let report = PublishReport.load(from: MediaFile.publishReportPath(for: job.output)) {
            let sum: String
            do { sum = try checksum(job.source) } catch {
                return .failed(source: job.source, message: (error as? MediaError)?.description ?? "\(error)")
            }
            if report.isCurrent(checksum: sum, preset: preset) { return .skipped(report) }
            hashing = { sum }
        } else {
            let checksum = self.checksum
            let source = job.source
            hashing = { try checksum(source) }
        }
        if requireCaptions && (job.captions ?? []).isEmpty {
            return .failed(
                source: job.source,
                message: job.missingCaptionsNote.map { "\(job.source): no approved captions (required): \($0)" }
                    ?? "\(job.source): no captions (required): put NAME.srt or NAME.vtt beside the clip, or add captions in the catalogue")
        }
        do {
            let report = try await MediaFile(job.source).publish(
                preset: preset, to: job.output, hashing: hashing, captions: job.captions, captionLanguage: job.captionLanguage,
                threads: threadsPerJob, overwrite: overwrite, clearance: check, progress: progress)
            return .published(report)
        } catch let withheld as PublishWithheld {
            return .refused(withheld)
        } catch let error as MediaError {
            return .failed(source: job.source, message: error.description)
        } catch is CancellationError {
            return .failed(source: job.source, message: "\(job.output): cancelled; no output written")
        } catch {
            return .failed(source: job.source, message: "\(job.source): \(error)")
        }
    }
}

/// Per-job fractions behind a lock, for the batch's overall percentage.
private final class ProgressTracker: @unchecked Sendable {
    private let lock = NSLock()
    private var fractions: [Double]

    init(count: Int) { fractions = Array(repeating: 0, count: count) }

    func set(_ index: Int, _ value: Double) { lock.withLock { fractions[index] = max(fractions[index], min(1, value)) } }

    var overall: Double { lock.withLock { fractions.isEmpty ? 1 : fractions.reduce(0, +) / Double(fractions.count) } }
}
