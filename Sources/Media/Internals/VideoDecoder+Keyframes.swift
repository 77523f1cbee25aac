internal import CFFmpeg

extension VideoDecoder {
    /// The keyframe timestamps the container's index lists (MP4/MOV sample tables, Matroska cues), sorted;
    /// empty when the container has no index (MPEG-TS). For MP4 these are decode times.
    func indexedKeyframes() -> [Int64] {
        let st = input.stream(streamIndex)
        let count = Int(avformat_index_get_entries_count(st))
        var out: [Int64] = []
        for i in 0..<count {
            guard let entry = avformat_index_get_entry(st, Int32(i)) else { continue }
            if entry.pointee.flags & reel_avindex_keyframe() != 0 { out.append(entry.pointee.timestamp) }
        }
        return out.sorted()
    }

    /// The keyframe picture found by seeking to the indexed keyframe at `timestamp` (`avformat_seek_file`) and
    /// decoding its first clean picture: one decode instead of a decode forward through the group of pictures.
    ///
    /// Throws `MediaError.cancelled` or `.ffmpeg` when reading or decoding fails.
    func keyframePicture(at timestamp: Int64) throws(MediaError) -> DecodedPicture? {
        // Index timestamps may be decode times (MP4) while the demuxer seeks by presentation time, so ask for the
        // keyframe at or after the entry: that is the entry itself.
        let r = avformat_seek_file(input.pointer, Int32(streamIndex), timestamp, timestamp, Int64.max, 0)
        if r < 0 { throw .ffmpeg(path: path, operation: "seeking", error: FFmpegError(rawValue: r)) }
        codec.flush()
        let scratch = Frame()
        defer { packet.unref() }
        var sent = 0
        var endOfInput = false
        var readError: FFmpegError? = nil
        while true {
            if !endOfInput, try !readVideoPacket(readError: &readError) { endOfInput = true }
            do {
                try codec.send(endOfInput ? nil : packet)
            } catch {
                if error != .invalidData { throw .ffmpeg(path: path, operation: "decoding video", error: error) }
            }
            sent += 1
            while true {
                let result: ReceiveResult
                do { result = try codec.receive(into: scratch) } catch { break }
                switch result {
                case .needsInput:
                    if endOfInput { return nil }
                case .endOfStream:
                    return nil
                case .frame:
                    if reel_frame_is_key(scratch.pointer) != 0, let pts = scratch.bestTimestamp {
                        let keep = Frame()
                        keep.takePicture(from: scratch)
                        return DecodedPicture(frame: keep, time: time(ofTimestamp: pts), duration: nil)
                    }
                    scratch.unref()
                    continue
                }
                break
            }
            // A keyframe never needs more than a handful of packets after it before it is output.
            if sent > 64 { return nil }
        }
    }
}
