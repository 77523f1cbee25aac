import Foundation

/// Long work started from a page (an export or a render): its progress, and the files it made for download.
struct WebJob: Sendable {
    enum State: String, Sendable { case running, done, failed }

    var id: String
    var title: String
    /// The playlist it belongs to.
    var playlist: String
    var state: State = .running
    /// 0…1.
    var progress: Double = 0
    /// What went wrong, or what was left out.
    var messages: [String] = []
    /// The folder its files are in.
    var folder: String
    /// The file to open first (the export or the MP4), relative to `folder`.
    var mainFile: String?
    /// The playlist items (ids) that were usable when the job started; its files are served only while they all are.
    var checkedIDs: Set<String> = []
    /// Where the job page links back to (e.g. the clip a caption draft is for), with its label; nil for none.
    var back: (href: String, label: String)? = nil
    var startedAt = Date()
    var finishedAt: Date?
}

/// The jobs of a running server, newest first.
actor JobStore {
    private var jobs: [String: WebJob] = [:]
    private var order: [String] = []

    func add(_ job: WebJob) {
        jobs[job.id] = job
        order.insert(job.id, at: 0)
    }

    func job(_ id: String) -> WebJob? { jobs[id] }

    func jobs(forPlaylist name: String) -> [WebJob] { order.compactMap { jobs[$0] }.filter { $0.playlist == name } }

    func update(_ id: String, _ change: @Sendable (inout WebJob) -> Void) {
        guard var job = jobs[id] else { return }
        change(&job)
        jobs[id] = job
    }

    /// Runs `work` in the background, recording its progress and outcome on the job.
    nonisolated func start(_ job: WebJob, work: @escaping @Sendable (_ progress: @escaping @Sendable (Double) -> Void) async throws -> (mainFile: String?, messages: [String])) async {
        await add(job)
        let id = job.id
        Task.detached {
            let progress: @Sendable (Double) -> Void = { fraction in
                Task { await self.update(id) { $0.progress = max($0.progress, min(1, fraction)) } }
            }
            do {
                let (main, messages) = try await work(progress)
                await self.update(id) {
                    $0.state = .done
                    $0.progress = 1
                    $0.mainFile = main
                    $0.messages += messages
                    $0.finishedAt = Date()
                }
            } catch {
                await self.update(id) {
                    $0.state = .failed
                    $0.messages.append(String(describing: error))
                    $0.finishedAt = Date()
                }
            }
        }
    }
}
