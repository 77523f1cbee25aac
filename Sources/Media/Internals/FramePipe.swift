import Foundation

/// A stage of the publishing pipeline on its own thread: frames pushed here are handed, in order, to `consume` on
/// a worker thread, through a bounded queue, so the thread that reads, decodes and filters goes on with the next
/// frames while the encoder works on earlier ones.
///
/// `push` blocks while `capacity` frames wait (memory stays bounded: a few decoded pictures). An error thrown by
/// `consume` stops the stage; the next `push` or `finish` rethrows it on the caller's thread. `finish` sends the end
/// (nil) through, waits until the worker has consumed it, and rethrows. Dropping the pipe without `finish` (a failed
/// or cancelled run) stops the worker and waits for it, so nothing touches the output after its owner is gone.
final class FramePipe {
    private final class State: @unchecked Sendable {
        let condition = NSCondition()
        var queue: [Frame?] = []
        var failure: MediaError?
        var closed = false
        var workerDone = false
    }

    private let state = State()
    private let capacity: Int
    private var finished = false

    /// Starts the worker thread, named `name` for debuggers.
    init(name: String, capacity: Int = 8, consume: @escaping (Frame?) throws(MediaError) -> Void) {
        self.capacity = max(1, capacity)
        let state = self.state
        let body = UnsafeSendable(consume)
        let thread = Thread {
            while true {
                state.condition.lock()
                while state.queue.isEmpty && !state.closed { state.condition.wait() }
                if state.queue.isEmpty {
                    state.workerDone = true
                    state.condition.broadcast()
                    state.condition.unlock()
                    return
                }
                let item = state.queue.removeFirst()
                state.condition.broadcast()
                state.condition.unlock()
                var failure: MediaError? = nil
                do throws(MediaError) { try body.value(item) } catch { failure = error }
                if failure != nil || item == nil {
                    state.condition.lock()
                    state.failure = failure
                    state.queue.removeAll()
                    state.workerDone = true
                    state.condition.broadcast()
                    state.condition.unlock()
                    return
                }
            }
        }
        thread.name = name
        thread.start()
    }

    deinit {
        state.condition.lock()
        state.closed = true
        state.queue.removeAll()
        state.condition.broadcast()
        while !state.workerDone { state.condition.wait() }
        state.condition.unlock()
    }

    /// Queues `frame` (which the pipe now owns) for the worker, waiting while the queue is full.
    func push(_ frame: Frame) throws(MediaError) {
        state.condition.lock()
        defer { state.condition.unlock() }
        while state.queue.count >= capacity && state.failure == nil && !state.workerDone { state.condition.wait() }
        if let failure = state.failure { throw failure }
        state.queue.append(frame)
        state.condition.broadcast()
    }

    /// Sends the end through, waits for the worker to consume everything, and rethrows its error if it had one.
    func finish() throws(MediaError) {
        state.condition.lock()
        defer { state.condition.unlock() }
        if !finished && state.failure == nil && !state.workerDone {
            finished = true
            state.queue.append(nil)
            state.condition.broadcast()
        }
        while !state.workerDone { state.condition.wait() }
        if let failure = state.failure { throw failure }
    }
}

/// Carries the consumer into the worker's closure; only the worker calls it.
private struct UnsafeSendable: @unchecked Sendable {
    let value: (Frame?) throws(MediaError) -> Void
    init(_ value: @escaping (Frame?) throws(MediaError) -> Void) { self.value = value }
}
