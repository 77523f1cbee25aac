import Dispatch
import Foundation

/// A media file on disk: a cheap handle whose methods open it, do one job and close it again.
///
/// Every method throws `MediaError`, whose description names the file and the reason.
public struct MediaFile: Sendable, Hashable {
    /// The file's path as given.
    public let path: String

    public init(_ path: String) {
        self.path = path
    }
}

/// Runs blocking FFmpeg work off Swift's cooperative thread pool, so long decodes never starve other tasks.
///
/// Cancelling the calling task sets the returned `CancellationFlag`; the work checks it between packets.
func runBlocking<T: Sendable>(_ work: @escaping @Sendable (CancellationFlag) throws -> T) async throws -> T {
    let flag = CancellationFlag()
    return try await withTaskCancellationHandler {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            DispatchQueue.global(qos: .userInitiated).async {
                continuation.resume(with: Result { try work(flag) })
            }
        }
    } onCancel: {
        flag.cancel()
    }
}

/// A thread-safe flag that long-running work polls to stop early.
final class CancellationFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var cancelled = false

    func cancel() { lock.withLock { cancelled = true } }
    var isCancelled: Bool { lock.withLock { cancelled } }
}
