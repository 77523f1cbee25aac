import Foundation
import Testing
@testable import Media

/// The bounded, threaded stage publishing encodes video through.
struct FramePipeTests {
    /// What a worker saw, readable from the test thread.
    final class Log: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [Int64?] = []
        private var threads: Set<UInt> = []
        func add(_ frame: Frame?) {
            lock.withLock {
                items.append(frame.map { $0.pointer.pointee.pts })
                threads.insert(UInt(pthread_self()))
            }
        }
        var seen: [Int64?] { lock.withLock { items } }
        var threadIDs: Set<UInt> { lock.withLock { threads } }
    }

    static func frame(_ pts: Int64) -> Frame {
        let f = Frame()
        f.pointer.pointee.pts = pts
        return f
    }

    @Test func framesArriveInOrderOnTheWorkerThenTheEnd() throws {
        let log = Log()
        let pipe = FramePipe(name: "test.pipe", capacity: 4) { (frame: Frame?) throws(MediaError) in log.add(frame) }
        for i in 0..<50 { try pipe.push(Self.frame(Int64(i))) }
        try pipe.finish()
        #expect(log.seen == (0..<50).map { Int64?($0) } + [nil])
        // One worker thread, not the producer's.
        #expect(log.threadIDs.count == 1)
        #expect(!log.threadIDs.contains(UInt(pthread_self())))
    }

    @Test func aFullQueueHoldsTheProducerBack() async throws {
        let log = Log()
        let gate = DispatchSemaphore(value: 0)
        let pipe = FramePipe(name: "test.bounded", capacity: 3) { (frame: Frame?) throws(MediaError) in
            if frame != nil { gate.wait() }
            log.add(frame)
        }
        let pushed = Log()
        nonisolated(unsafe) let shared = pipe  // only the producer thread pushes until it is done
        let producer = Thread {
            for i in 0..<10 {
                try? shared.push(Self.frame(Int64(i)))
                pushed.add(Self.frame(Int64(i)))
            }
        }
        producer.start()
        try await Task.sleep(for: .milliseconds(300))
        // One frame held by the blocked worker, three queued, the producer waiting on the fifth.
        #expect(pushed.seen.count == 4)
        for _ in 0..<10 { gate.signal() }
        while pushed.seen.count < 10 { try await Task.sleep(for: .milliseconds(10)) }
        try pipe.finish()
        #expect(log.seen.count == 11)
    }

    @Test func anEncoderErrorReachesTheProducer() throws {
        let failure = MediaError.cancelled(path: "/tmp/out.mp4")
        let pipe = FramePipe(name: "test.error", capacity: 2) { (frame: Frame?) throws(MediaError) in
            if frame?.pointer.pointee.pts == 3 { throw failure }
        }
        var thrown: MediaError? = nil
        do {
            for i in 0..<100 { try pipe.push(Self.frame(Int64(i))) }
            try pipe.finish()
        } catch {
            thrown = error
        }
        #expect(thrown?.description == failure.description)
        #expect(throws: MediaError.self) { try pipe.finish() }
    }

    @Test func droppingThePipeStopsTheWorker() throws {
        let log = Log()
        do {
            let pipe = FramePipe(name: "test.drop", capacity: 8) { (frame: Frame?) throws(MediaError) in
                Thread.sleep(forTimeInterval: 0.01)
                log.add(frame)
            }
            for i in 0..<8 { try pipe.push(Self.frame(Int64(i))) }
        }
        // The pipe's deinit waited for the worker: nothing more arrives, and the end was never sent.
        let count = log.seen.count
        Thread.sleep(forTimeInterval: 0.1)
        #expect(log.seen.count == count)
        #expect(count < 8)
        #expect(!log.seen.contains { $0 == nil })
    }
}
