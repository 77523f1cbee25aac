import Dispatch

/// Runs blocking work (file reads, copies) on a Dispatch queue, off Swift's small cooperative pool,
/// so that hashing a large file never stalls other tasks.
enum Blocking {
    static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            DispatchQueue.global(qos: .userInitiated).async {
                continuation.resume(with: Result { try work() })
            }
        }
    }
}
